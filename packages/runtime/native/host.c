/*
 * Calls from the hook (and the pyjc module) into the TypeScript compiler.
 *
 * JS is only ever called synchronously, on the JS thread, while that thread is
 * inside one of our N-API entry points (runMain, exec, eval) that is running
 * Python. Other Python threads never call JS: they keep counting and run
 * compiled code if it exists. Any JS exception is caught here and turned into
 * a reason string; nothing a compiler does can take the process down.
 */
#define _GNU_SOURCE 1 /* pthread_getattr_np; before any system header */
#include "host.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Native stack the compiler may use below the current frame when it runs.
 * V8 throws RangeError once its own limit is reached, which we treat as
 * "try again later", so this only has to make that rare. */
#define HEADROOM_BYTES ((uintptr_t)256 * 1024)

/* V8's default --stack-size on 64-bit targets. */
#define DEFAULT_JS_STACK_BYTES ((size_t)984 * 1024)

static struct {
    napi_env env;
    napi_ref host;
    pthread_t js_thread;
    uintptr_t js_stack_limit; /* estimated address of V8's stack limit */
    bool attached;
    bool shut_down;
    bool in_callback;
} H;

bool pyjc_host_in_callback(void)
{
    return H.in_callback;
}

/* Records the env and the thread of the first JS context that loads the addon;
 * it is the only one that may run Python or be called back (see addon.c). */
bool pyjc_host_attach(napi_env env)
{
    if (H.attached) {
        return pthread_equal(pthread_self(), H.js_thread);
    }
    H.env = env;
    H.js_thread = pthread_self();
    H.attached = true;
    pyjc_host_set_js_stack_size(DEFAULT_JS_STACK_BYTES);
    return true;
}

bool pyjc_host_is_home_thread(void)
{
    return H.attached && pthread_equal(pthread_self(), H.js_thread);
}

/*
 * V8 checks JS stack use against an absolute address computed when the isolate
 * was created: (stack pointer then) - --stack-size. Deep Python recursion runs
 * through the hook on the same native stack, so JS called from deep inside it
 * could start beyond that limit. The isolate was created a little below the top
 * of this thread's stack, so "stack top - stack size" is a slightly
 * conservative estimate of the limit.
 */
void pyjc_host_set_js_stack_size(size_t js_stack_bytes)
{
    pthread_attr_t attr;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_getattr_np(H.js_thread, &attr) == 0) {
        pthread_attr_getstack(&attr, &addr, &size);
        pthread_attr_destroy(&attr);
    }
    uintptr_t top = (uintptr_t)addr + size;
    H.js_stack_limit = top > js_stack_bytes ? top - js_stack_bytes : 0;
}

napi_status pyjc_host_set(napi_env env, napi_value host)
{
    if (H.host != NULL) {
        napi_delete_reference(env, H.host);
        H.host = NULL;
    }
    napi_valuetype t;
    napi_status s = napi_typeof(env, host, &t);
    if (s != napi_ok || t == napi_null || t == napi_undefined) {
        return s;
    }
    return napi_create_reference(env, host, 1, &H.host);
}

void pyjc_host_shutdown(void)
{
    H.shut_down = true;
    H.host = NULL; /* the env is going away; the reference goes with it */
}

static bool has_stack_headroom(void)
{
    uintptr_t sp = (uintptr_t)__builtin_frame_address(0);
    return sp > H.js_stack_limit + HEADROOM_BYTES;
}

bool pyjc_host_callable(const char **why_not)
{
    const char *why = NULL;
    if (!H.attached || H.shut_down) why = "the JS host is gone (process teardown)";
    else if (!pthread_equal(pthread_self(), H.js_thread)) why = "not on the JS thread";
    else if (H.host == NULL) why = "no compiler host registered (Runtime.setHost)";
    else if (H.in_callback) why = "a host callback is already running";
    else if (!has_stack_headroom()) why = "too close to V8's stack limit";
    if (why_not != NULL) *why_not = why;
    return why == NULL;
}

/* ---- calling JS --------------------------------------------------------- */

static char *dup_js_string(napi_env env, napi_value v)
{
    size_t len = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
    char *buf = malloc(len + 1);
    if (buf == NULL) return NULL;
    napi_get_value_string_utf8(env, v, buf, len + 1, &len);
    return buf;
}

static char *coerce_js_string(napi_env env, napi_value v)
{
    napi_value s;
    if (napi_coerce_to_string(env, v, &s) != napi_ok) {
        /* toString() itself threw; that exception is not worth reporting */
        bool pending = false;
        napi_value ignored;
        napi_is_exception_pending(env, &pending);
        if (pending) napi_get_and_clear_last_exception(env, &ignored);
        return strdup("?");
    }
    char *r = dup_js_string(env, s);
    return r != NULL ? r : strdup("?");
}

/* Takes the pending JS exception; returns its message (malloc'd). */
static char *take_js_exception(napi_env env, bool *stack_overflow)
{
    napi_value exc, msg;
    bool is_error = false;
    *stack_overflow = false;
    if (napi_get_and_clear_last_exception(env, &exc) != napi_ok) return strdup("unknown JS error");
    napi_is_error(env, exc, &is_error);
    char *text;
    if (is_error && napi_get_named_property(env, exc, "message", &msg) == napi_ok) {
        text = coerce_js_string(env, msg);
    }
    else {
        text = coerce_js_string(env, exc);
    }
    *stack_overflow = text != NULL && strstr(text, "Maximum call stack size exceeded") != NULL;
    return text;
}

static char *prefixed(const char *prefix, const char *msg)
{
    size_t n = strlen(prefix) + strlen(msg) + 1;
    char *s = malloc(n);
    if (s != NULL) snprintf(s, n, "%s%s", prefix, msg);
    return s;
}

/* Calls host[method](args...). On a JS exception returns NULL and stores the
 * message in *error (malloc'd). */
static napi_value call_host(const char *method, size_t argc, napi_value *argv,
                            char **error, bool *stack_overflow)
{
    napi_env env = H.env;
    napi_value host, fn, result = NULL;
    *error = NULL;
    *stack_overflow = false;
    if (napi_get_reference_value(env, H.host, &host) != napi_ok || host == NULL ||
        napi_get_named_property(env, host, method, &fn) != napi_ok) {
        *error = prefixed("host has no method ", method);
        return NULL;
    }
    H.in_callback = true;
    napi_status s = napi_call_function(env, host, fn, argc, argv, &result);
    H.in_callback = false;
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
        *error = take_js_exception(env, stack_overflow);
        return NULL;
    }
    if (s != napi_ok) {
        *error = prefixed("calling host.", method);
        return NULL;
    }
    return result;
}

static void refuse(pyjc_host_result *out, const char *prefix, const char *msg)
{
    out->outcome = PYJC_HOST_REFUSED;
    out->reason = prefixed(prefix, msg);
}

static void take_response(napi_env env, napi_value res, pyjc_host_result *out)
{
    napi_value v;
    bool ok = false;
    napi_valuetype type_of_res = napi_undefined;
    if (napi_typeof(env, res, &type_of_res) != napi_ok || type_of_res != napi_object ||
        napi_get_named_property(env, res, "ok", &v) != napi_ok ||
        napi_get_value_bool(env, v, &ok) != napi_ok) {
        refuse(out, "compiler error: ", "response has no boolean 'ok'");
        return;
    }
    if (!ok) {
        char *reason = NULL;
        if (napi_get_named_property(env, res, "reason", &v) == napi_ok) {
            reason = coerce_js_string(env, v);
        }
        out->outcome = PYJC_HOST_REFUSED;
        out->reason = reason != NULL ? reason : strdup("refused");
        return;
    }
    bool is_typed = false;
    napi_typedarray_type type;
    size_t length = 0, byte_offset = 0;
    void *data = NULL;
    napi_value ab;
    if (napi_get_named_property(env, res, "code", &v) != napi_ok ||
        napi_is_typedarray(env, v, &is_typed) != napi_ok || !is_typed ||
        napi_get_typedarray_info(env, v, &type, &length, &data, &ab, &byte_offset) != napi_ok ||
        type != napi_uint8_array) {
        refuse(out, "compiler error: ", "response 'code' is not a Uint8Array");
        return;
    }
    int64_t entry_offset = -1;
    if (napi_get_named_property(env, res, "entryOffset", &v) != napi_ok ||
        napi_get_value_int64(env, v, &entry_offset) != napi_ok ||
        entry_offset < 0 || (size_t)entry_offset >= length) {
        refuse(out, "compiler error: ", "response 'entryOffset' is not inside 'code'");
        return;
    }
    char *info = NULL;
    napi_valuetype t = napi_undefined;
    if (napi_get_named_property(env, res, "info", &v) == napi_ok &&
        napi_typeof(env, v, &t) == napi_ok && t == napi_string) {
        info = dup_js_string(env, v);
    }
    char err[160];
    if (pyjc_code_install(data, length, &out->region, err, sizeof err) != 0) {
        free(info);
        refuse(out, "code install failed: ", err);
        return;
    }
    out->outcome = PYJC_HOST_COMPILED;
    out->entry = (pyjc_entry_fn)((char *)out->region.base + entry_offset);
    out->info_json = info != NULL ? info : strdup("{}");
}

void pyjc_host_compile(const pyjc_request_source *src, pyjc_host_result *out)
{
    const char *why_not = NULL;
    out->outcome = PYJC_HOST_RETRY;
    if (!pyjc_host_callable(&why_not)) {
        if (H.host != NULL && !has_stack_headroom()) pyjc_hook.compile_deferred++;
        return;
    }
    napi_env env = H.env;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;

    char err[160];
    napi_value req = pyjc_make_request(env, src, err, sizeof err);
    if (req == NULL) {
        refuse(out, "compile request failed: ", err);
    }
    else {
        pyjc_hook.compile_requests++;
        char *error = NULL;
        bool overflow = false;
        napi_value res = call_host("compile", 1, &req, &error, &overflow);
        if (res != NULL) {
            take_response(env, res, out);
            /* Reading the response runs JS too (getters, toString). */
            bool pending = false;
            napi_is_exception_pending(env, &pending);
            if (pending) {
                bool ignored;
                char *msg = take_js_exception(env, &ignored);
                pyjc_code_release(&out->region);
                free(out->info_json);
                out->info_json = NULL;
                free(out->reason);
                refuse(out, "compiler error: ", msg != NULL ? msg : "?");
                free(msg);
            }
        }
        else if (overflow) {
            pyjc_hook.compile_deferred++; /* out of JS stack here; retry later */
        }
        else {
            refuse(out, "compiler error: ", error != NULL ? error : "?");
        }
        free(error);
    }
    napi_close_handle_scope(env, scope);
}

PyObject *pyjc_host_query(const char *kind, const pyjc_request_source *src)
{
    const char *why_not = NULL;
    if (!pyjc_host_callable(&why_not)) {
        PyErr_Format(PyExc_RuntimeError, "pyjc.%s: %s", kind, why_not);
        return NULL;
    }
    napi_env env = H.env;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) {
        PyErr_SetString(PyExc_RuntimeError, "pyjc: napi_open_handle_scope failed");
        return NULL;
    }
    PyObject *result = NULL;
    char err[160];
    napi_value argv[2];
    napi_create_string_utf8(env, kind, NAPI_AUTO_LENGTH, &argv[0]);
    argv[1] = pyjc_make_request(env, src, err, sizeof err);
    if (argv[1] == NULL) {
        PyErr_Format(PyExc_RuntimeError, "pyjc.%s: %s", kind, err);
    }
    else {
        char *error = NULL;
        bool overflow = false;
        napi_value res = call_host("query", 2, argv, &error, &overflow);
        if (res == NULL) {
            PyErr_Format(PyExc_RuntimeError, "pyjc.%s: %s", kind, error != NULL ? error : "?");
        }
        else {
            napi_valuetype t = napi_undefined;
            char *text = napi_typeof(env, res, &t) == napi_ok && t == napi_string
                ? dup_js_string(env, res) : NULL;
            if (text != NULL) {
                result = PyUnicode_FromString(text);
            }
            else {
                PyErr_Format(PyExc_RuntimeError, "pyjc.%s: host.query did not return a string", kind);
            }
            free(text);
        }
        free(error);
    }
    napi_close_handle_scope(env, scope);
    return result;
}

int pyjc_host_config(const char *json)
{
    const char *why_not = NULL;
    if (!pyjc_host_callable(&why_not)) {
        PyErr_Format(PyExc_RuntimeError, "pyjc.config: %s", why_not);
        return -1;
    }
    napi_env env = H.env;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) {
        PyErr_SetString(PyExc_RuntimeError, "pyjc: napi_open_handle_scope failed");
        return -1;
    }
    int rc = 0;
    napi_value arg;
    napi_create_string_utf8(env, json, NAPI_AUTO_LENGTH, &arg);
    char *error = NULL;
    bool overflow = false;
    if (call_host("config", 1, &arg, &error, &overflow) == NULL) {
        PyErr_Format(PyExc_RuntimeError, "pyjc.config: %s", error != NULL ? error : "?");
        rc = -1;
    }
    free(error);
    napi_close_handle_scope(env, scope);
    return rc;
}

/* ---- optional notifications ---------------------------------------------- */

/* Calls host[method](...args) when the host has that method; errors are swallowed, since a report
 * must never change what the program does. */
static void notify_host(const char *method, size_t argc, napi_value *argv)
{
    napi_env env = H.env;
    napi_value host, fn;
    napi_valuetype t = napi_undefined;
    if (napi_get_reference_value(env, H.host, &host) != napi_ok || host == NULL ||
        napi_get_named_property(env, host, method, &fn) != napi_ok ||
        napi_typeof(env, fn, &t) != napi_ok || t != napi_function) {
        return;
    }
    char *error = NULL;
    bool overflow = false;
    call_host(method, argc, argv, &error, &overflow);
    free(error);
}

void pyjc_host_notify_rejected(PyCodeObject *co, const char *reason)
{
    if (!pyjc_host_callable(NULL)) return;
    napi_env env = H.env;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    napi_value info, v, why;
    napi_create_object(env, &info);
    const char *qualname = PyUnicode_AsUTF8(co->co_qualname);
    const char *filename = PyUnicode_AsUTF8(co->co_filename);
    if (qualname == NULL || filename == NULL) {
        PyErr_Clear();
    } else {
        napi_create_string_utf8(env, qualname, NAPI_AUTO_LENGTH, &v);
        napi_set_named_property(env, info, "qualname", v);
        napi_create_string_utf8(env, filename, NAPI_AUTO_LENGTH, &v);
        napi_set_named_property(env, info, "filename", v);
        napi_create_int32(env, co->co_firstlineno, &v);
        napi_set_named_property(env, info, "firstLineNo", v);
        napi_create_string_utf8(env, reason, NAPI_AUTO_LENGTH, &why);
        napi_value argv[2] = { info, why };
        notify_host("rejected", 2, argv);
    }
    napi_close_handle_scope(env, scope);
}

/* Py_AtExit: the end of Py_FinalizeEx, on every way out of Py_RunMain (normal end, SystemExit,
 * an uncaught exception, KeyboardInterrupt), after the program's own atexit handlers and output. */
static void at_python_exit(void)
{
    if (!H.attached || H.shut_down || H.host == NULL || H.in_callback ||
        !pthread_equal(pthread_self(), H.js_thread)) {
        return;
    }
    napi_env env = H.env;
    napi_handle_scope scope;
    if (napi_open_handle_scope(env, &scope) != napi_ok) return;
    notify_host("exit", 0, NULL);
    napi_close_handle_scope(env, scope);
}

void pyjc_host_register_exit(void)
{
    Py_AtExit(at_python_exit);
}
