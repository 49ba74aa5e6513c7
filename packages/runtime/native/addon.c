/*
 * The N-API surface of the addon: thin argument conversion around embed.c,
 * hook.c, host.c and exports.c. src/index.ts wraps it in a typed Runtime.
 */
#include "host.h"
#include "embed.h"
#include "exports.h"

#include <stdlib.h>
#include <string.h>

static napi_value throw_error(napi_env env, const char *msg)
{
    napi_throw_error(env, NULL, msg);
    return NULL;
}

#define NAPI(call)                                                   \
    do {                                                             \
        if ((call) != napi_ok) return throw_error(env, "pyjc: N-API call failed: " #call); \
    } while (0)

static napi_value undefined(napi_env env)
{
    napi_value v;
    napi_get_undefined(env, &v);
    return v;
}

static char *js_string(napi_env env, napi_value v)
{
    size_t len = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return NULL;
    char *buf = malloc(len + 1);
    if (buf != NULL) napi_get_value_string_utf8(env, v, buf, len + 1, &len);
    return buf;
}

static void free_strings(char **items, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) free(items[i]);
    free(items);
}

/* string[] -> NULL-terminated char *[] (argv style); NULL on bad input. */
static char **js_string_array(napi_env env, napi_value arr, uint32_t *count)
{
    bool is_array = false;
    uint32_t n = 0;
    if (napi_is_array(env, arr, &is_array) != napi_ok || !is_array ||
        napi_get_array_length(env, arr, &n) != napi_ok) {
        return NULL;
    }
    char **items = calloc(n + 1, sizeof *items);
    if (items == NULL) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        napi_value v;
        if (napi_get_element(env, arr, i, &v) != napi_ok ||
            (items[i] = js_string(env, v)) == NULL) {
            free_strings(items, n);
            return NULL;
        }
    }
    *count = n;
    return items;
}

static bool get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv)
{
    size_t argc = want;
    if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
    for (size_t i = argc; i < want; i++) napi_get_undefined(env, &argv[i]);
    return true;
}

/* Python state belongs to one thread (the one that initialized it) and must
 * not be re-entered from a compiler callback. Throws and returns false if the
 * call may not proceed. */
static bool may_run_python(napi_env env, bool need_initialized)
{
    const char *why = NULL;
    if (!pyjc_host_is_home_thread()) {
        why = "pyjc: the runtime belongs to the JS thread that loaded it first";
    }
    else if (pyjc_host_in_callback()) {
        why = "pyjc: Python cannot be re-entered from inside a host callback";
    }
    else if (need_initialized && !pyjc_is_initialized()) {
        why = "pyjc: the interpreter is not initialized (call initialize() first)";
    }
    if (why != NULL) throw_error(env, why);
    return why == NULL;
}

/* initialize(argv: string[], programName: string) */
static napi_value js_initialize(napi_env env, napi_callback_info info)
{
    napi_value argv[2];
    if (!get_args(env, info, 2, argv)) return throw_error(env, "pyjc: bad arguments");
    if (!may_run_python(env, false)) return NULL;
    uint32_t n = 0;
    char **args = js_string_array(env, argv[0], &n);
    char *program = js_string(env, argv[1]);
    if (args == NULL || program == NULL) {
        if (args != NULL) free_strings(args, n);
        free(program);
        return throw_error(env, "pyjc: initialize(argv: string[], programName: string)");
    }
    char err[512] = "";
    int rc = pyjc_initialize((int)n, args, program, err, sizeof err);
    free_strings(args, n);
    free(program);
    if (rc < 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "pyjc: %s", err);
        return throw_error(env, msg);
    }
    return undefined(env);
}

/* runMain(commandLine: string[], programName: string): number */
static napi_value js_run_main(napi_env env, napi_callback_info info)
{
    napi_value argv[2];
    if (!get_args(env, info, 2, argv)) return throw_error(env, "pyjc: bad arguments");
    if (!may_run_python(env, false)) return NULL;
    uint32_t n = 0;
    char **args = js_string_array(env, argv[0], &n);
    char *program = js_string(env, argv[1]);
    if (args == NULL || program == NULL) {
        if (args != NULL) free_strings(args, n);
        free(program);
        return throw_error(env, "pyjc: runMain(commandLine: string[], programName: string)");
    }
    char err[512] = "";
    int status = 0;
    int rc = pyjc_run_main((int)n, args, program, &status, err, sizeof err);
    free_strings(args, n);
    free(program);
    if (rc < 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "pyjc: %s", err);
        return throw_error(env, msg);
    }
    napi_value result;
    NAPI(napi_create_int32(env, status, &result));
    return result;
}

static napi_value run_source(napi_env env, napi_callback_info info, bool is_eval)
{
    napi_value argv[1];
    if (!get_args(env, info, 1, argv)) return throw_error(env, "pyjc: bad arguments");
    if (!may_run_python(env, true)) return NULL;
    char *source = js_string(env, argv[0]);
    if (source == NULL) return throw_error(env, "pyjc: expected a string");
    bool failed = false;
    char *text = is_eval ? pyjc_eval(source, &failed) : pyjc_exec(source, &failed);
    free(source);
    napi_value result = NULL;
    if (is_eval && failed) {
        throw_error(env, text != NULL ? text : "pyjc: eval failed");
    }
    else if (text == NULL) {
        napi_get_null(env, &result);
    }
    else {
        napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result);
    }
    free(text);
    return result;
}

/* exec(source): null | traceback string */
static napi_value js_exec(napi_env env, napi_callback_info info)
{
    return run_source(env, info, false);
}

/* eval(expr): str(result); throws an Error whose message is the traceback */
static napi_value js_eval(napi_env env, napi_callback_info info)
{
    return run_source(env, info, true);
}

static napi_value js_set_host(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    if (!get_args(env, info, 1, argv)) return throw_error(env, "pyjc: bad arguments");
    if (!pyjc_host_is_home_thread()) {
        return throw_error(env, "pyjc: the runtime belongs to the JS thread that loaded it first");
    }
    if (pyjc_host_in_callback()) return throw_error(env, "pyjc: setHost inside a host callback");
    NAPI(pyjc_host_set(env, argv[0]));
    return undefined(env);
}

static napi_value js_set_threshold(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    int64_t n = -1;
    if (!get_args(env, info, 1, argv) || napi_get_value_int64(env, argv[0], &n) != napi_ok || n < 0) {
        return throw_error(env, "pyjc: setThreshold(n) needs an integer n >= 0");
    }
    pyjc_hook.threshold = (uint64_t)n;
    return undefined(env);
}

static napi_value js_take_freed_code(napi_env env, napi_callback_info info)
{
    (void)info;
    uint64_t *items = NULL;
    size_t n = pyjc_take_freed_code(&items);
    napi_value arr = NULL;
    bool ok = napi_create_array_with_length(env, n, &arr) == napi_ok;
    for (size_t i = 0; ok && i < n; i++) {
        napi_value v = NULL;
        ok = napi_create_bigint_uint64(env, items[i], &v) == napi_ok && napi_set_element(env, arr, (uint32_t)i, v) == napi_ok;
    }
    free(items);
    return ok ? arr : throw_error(env, "pyjc: takeFreedCode: out of memory");
}

static napi_value js_set_enabled(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    bool b = false;
    if (!get_args(env, info, 1, argv) || napi_get_value_bool(env, argv[0], &b) != napi_ok) {
        return throw_error(env, "pyjc: setEnabled(b) needs a boolean");
    }
    pyjc_hook.enabled = b;
    return undefined(env);
}

static napi_value js_set_js_stack_size(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    int64_t kb = 0;
    if (!get_args(env, info, 1, argv) || napi_get_value_int64(env, argv[0], &kb) != napi_ok || kb <= 0) {
        return throw_error(env, "pyjc: setJsStackSize(kb) needs a positive integer");
    }
    pyjc_host_set_js_stack_size((size_t)kb * 1024);
    return undefined(env);
}

static void set_number(napi_env env, napi_value obj, const char *key, double value)
{
    napi_value v;
    napi_create_double(env, value, &v);
    napi_set_named_property(env, obj, key, v);
}

static napi_value js_stats(napi_env env, napi_callback_info info)
{
    napi_value obj, b;
    NAPI(napi_create_object(env, &obj));
    napi_get_boolean(env, pyjc_hook.enabled, &b);
    napi_set_named_property(env, obj, "enabled", b);
    set_number(env, obj, "threshold", (double)pyjc_hook.threshold);
    set_number(env, obj, "compiled", (double)pyjc_hook.n_compiled);
    set_number(env, obj, "interpreted", (double)pyjc_hook.n_interpreted);
    set_number(env, obj, "counting", (double)pyjc_hook.n_counting);
    set_number(env, obj, "compileRequests", (double)pyjc_hook.compile_requests);
    set_number(env, obj, "compileFailures", (double)pyjc_hook.compile_failures);
    set_number(env, obj, "compileDeferred", (double)pyjc_hook.compile_deferred);
    set_number(env, obj, "compiledRuns", (double)pyjc_hook.compiled_runs);
    set_number(env, obj, "deopts", (double)pyjc_hook.deopts);
    return obj;
}

typedef struct {
    napi_env env;
    napi_value obj;
} visit_ctx;

static void visit_layout(const char *name, int64_t value, void *p)
{
    visit_ctx *c = p;
    set_number(c->env, c->obj, name, (double)value);
}

static void visit_symbol(const char *name, const void *addr, void *p)
{
    visit_ctx *c = p;
    napi_value v;
    napi_create_bigint_uint64(c->env, (uint64_t)(uintptr_t)addr, &v);
    napi_set_named_property(c->env, c->obj, name, v);
}

static napi_value js_layout(napi_env env, napi_callback_info info)
{
    visit_ctx c = {env, NULL};
    NAPI(napi_create_object(env, &c.obj));
    pyjc_each_layout(visit_layout, &c);
    return c.obj;
}

static napi_value js_symbols(napi_env env, napi_callback_info info)
{
    visit_ctx c = {env, NULL};
    NAPI(napi_create_object(env, &c.obj));
    pyjc_each_symbol(visit_symbol, &c);
    return c.obj;
}

/* Maps bytes W^X and returns the address; the mapping lives until exit.
 * Lets tests inspect permissions and hand-written stubs without a compiler. */
static napi_value js_install_code_for_test(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    bool is_typed = false;
    napi_typedarray_type type;
    size_t length = 0, offset = 0;
    void *data = NULL;
    napi_value ab;
    if (!get_args(env, info, 1, argv) || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok ||
        !is_typed || napi_get_typedarray_info(env, argv[0], &type, &length, &data, &ab, &offset) != napi_ok ||
        type != napi_uint8_array) {
        return throw_error(env, "pyjc: installCodeForTest(bytes: Uint8Array)");
    }
    pyjc_code_region region;
    char err[160];
    if (pyjc_code_install(data, length, &region, err, sizeof err) != 0) {
        return throw_error(env, err);
    }
    napi_value v;
    NAPI(napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)region.base, &v));
    return v;
}

/* A Uint8Array argument's bytes; false (and a thrown error) otherwise. */
static bool get_bytes(napi_env env, napi_value v, void **data, size_t *length)
{
    bool is_typed = false;
    napi_typedarray_type type;
    size_t offset = 0;
    napi_value ab;
    return napi_is_typedarray(env, v, &is_typed) == napi_ok && is_typed &&
           napi_get_typedarray_info(env, v, &type, length, data, &ab, &offset) == napi_ok &&
           type == napi_uint8_array;
}

/* materialize(marshalledTuple: Uint8Array): bigint[] (see materialize.c).
 * Inside a host callback this thread already holds the GIL; outside one
 * (in-process mode) the GIL is parked and taken here. */
static napi_value js_materialize(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    void *data = NULL;
    size_t length = 0;
    if (!get_args(env, info, 1, argv) || !get_bytes(env, argv[0], &data, &length)) {
        return throw_error(env, "pyjc: materialize(marshalledTuple: Uint8Array)");
    }
    if (!pyjc_host_is_home_thread()) {
        return throw_error(env, "pyjc: the runtime belongs to the JS thread that loaded it first");
    }
    if (!pyjc_is_initialized()) {
        return throw_error(env, "pyjc: materialize needs a running interpreter");
    }
    bool in_callback = pyjc_host_in_callback();
    PyGILState_STATE gil = in_callback ? PyGILState_LOCKED : PyGILState_Ensure();
    char err[300] = "";
    PyObject *tuple = pyjc_materialize(data, length, err, sizeof err);
    napi_value arr = NULL;
    if (tuple != NULL && napi_create_array_with_length(env, (size_t)PyTuple_GET_SIZE(tuple), &arr) == napi_ok) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(tuple); i++) {
            napi_value v;
            napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)PyTuple_GET_ITEM(tuple, i), &v);
            napi_set_element(env, arr, (uint32_t)i, v);
        }
    }
    if (!in_callback) PyGILState_Release(gil);
    if (tuple == NULL) return throw_error(env, err);
    return arr;
}

/* builtinAddress(name: string): bigint | null, for guards on builtins (see pyjc_builtin). */
static napi_value js_builtin_address(napi_env env, napi_callback_info info)
{
    napi_value argv[1];
    char name[256];
    size_t len = 0;
    if (!get_args(env, info, 1, argv) ||
        napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) {
        return throw_error(env, "pyjc: builtinAddress(name: string)");
    }
    if (!pyjc_host_is_home_thread()) {
        return throw_error(env, "pyjc: the runtime belongs to the JS thread that loaded it first");
    }
    if (!pyjc_is_initialized()) {
        return throw_error(env, "pyjc: builtinAddress needs a running interpreter");
    }
    bool in_callback = pyjc_host_in_callback();
    PyGILState_STATE gil = in_callback ? PyGILState_LOCKED : PyGILState_Ensure();
    PyObject *obj = pyjc_builtin(name);
    if (!in_callback) PyGILState_Release(gil);
    napi_value out;
    if (obj == NULL) napi_get_null(env, &out);
    else napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)obj, &out);
    return out;
}

/* bigint or integral number -> int64 (bigints up to 2**64 - 1 wrap, so
 * addresses and negative numbers both work). */
static bool get_int64(napi_env env, napi_value v, int64_t *out)
{
    napi_valuetype t;
    if (napi_typeof(env, v, &t) != napi_ok) return false;
    if (t == napi_bigint) {
        bool lossless = false;
        if (napi_get_value_bigint_int64(env, v, out, &lossless) == napi_ok && lossless) return true;
        uint64_t u = 0;
        if (napi_get_value_bigint_uint64(env, v, &u, &lossless) != napi_ok || !lossless) return false;
        *out = (int64_t)u;
        return true;
    }
    double d = 0;
    if (t != napi_number || napi_get_value_double(env, v, &d) != napi_ok) return false;
    if (d != (double)(int64_t)d || d < -9007199254740991.0 || d > 9007199254740991.0) return false;
    *out = (int64_t)d;
    return true;
}

/* Up to 8 array elements as int64s (ints) or doubles (!ints); rest zero. */
static bool get_arg_array(napi_env env, napi_value arr, bool ints, int64_t *iv, double *dv)
{
    bool is_array = false;
    uint32_t n = 0;
    if (napi_is_array(env, arr, &is_array) != napi_ok || !is_array ||
        napi_get_array_length(env, arr, &n) != napi_ok || n > 8) {
        return false;
    }
    for (uint32_t i = 0; i < n; i++) {
        napi_value v;
        if (napi_get_element(env, arr, i, &v) != napi_ok) return false;
        if (ints ? !get_int64(env, v, &iv[i]) : napi_get_value_double(env, v, &dv[i]) != napi_ok) {
            return false;
        }
    }
    return true;
}

/* callNativeForTest(address: bigint, args: (bigint | number)[]): bigint.
 * Test-only; needs no interpreter (trampoline.c). */
static napi_value js_call_native(napi_env env, napi_callback_info info)
{
    napi_value argv[2];
    int64_t address = 0, args[8] = {0};
    if (!get_args(env, info, 2, argv) || !get_int64(env, argv[0], &address) || address == 0 ||
        !get_arg_array(env, argv[1], true, args, NULL)) {
        return throw_error(env, "pyjc: callNativeForTest(address: bigint, args: (bigint | number)[] of at most 8 integers)");
    }
    napi_value v;
    NAPI(napi_create_bigint_int64(env, pyjc_call_native_i64((uintptr_t)address, args), &v));
    return v;
}

/* callNativeF64ForTest(address: bigint, ints: (bigint | number)[], doubles: number[]): number */
static napi_value js_call_native_f64(napi_env env, napi_callback_info info)
{
    napi_value argv[3];
    int64_t address = 0, ints[8] = {0};
    double doubles[8] = {0};
    if (!get_args(env, info, 3, argv) || !get_int64(env, argv[0], &address) || address == 0 ||
        !get_arg_array(env, argv[1], true, ints, NULL) ||
        !get_arg_array(env, argv[2], false, NULL, doubles)) {
        return throw_error(env, "pyjc: callNativeF64ForTest(address: bigint, ints: (bigint | number)[], doubles: number[]), at most 8 of each");
    }
    napi_value v;
    NAPI(napi_create_double(env, pyjc_call_native_f64((uintptr_t)address, ints, doubles), &v));
    return v;
}

static napi_value js_is_initialized(napi_env env, napi_callback_info info)
{
    napi_value v;
    napi_get_boolean(env, pyjc_is_initialized(), &v);
    return v;
}

static void on_env_teardown(void *arg)
{
    pyjc_host_shutdown();
}

NAPI_MODULE_INIT()
{
    if (pyjc_host_attach(env)) {
        napi_add_env_cleanup_hook(env, on_env_teardown, NULL);
    }
    static const struct {
        const char *name;
        napi_callback cb;
    } fns[] = {
        {"initialize", js_initialize},
        {"runMain", js_run_main},
        {"exec", js_exec},
        {"eval", js_eval},
        {"setHost", js_set_host},
        {"setThreshold", js_set_threshold},
        {"setEnabled", js_set_enabled},
        {"takeFreedCode", js_take_freed_code},
        {"setJsStackSize", js_set_js_stack_size},
        {"stats", js_stats},
        {"layout", js_layout},
        {"symbols", js_symbols},
        {"installCodeForTest", js_install_code_for_test},
        {"isInitialized", js_is_initialized},
        {"materialize", js_materialize},
        {"builtinAddress", js_builtin_address},
        {"callNativeForTest", js_call_native},
        {"callNativeF64ForTest", js_call_native_f64},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        napi_value fn;
        if (napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].cb, NULL, &fn) != napi_ok ||
            napi_set_named_property(env, exports, fns[i].name, fn) != napi_ok) {
            return NULL;
        }
    }
    return exports;
}
