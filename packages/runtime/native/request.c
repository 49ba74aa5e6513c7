/*
 * The CompileRequest object handed to host.compile and host.query (see
 * CompileRequest in src/types.ts for what each field means to the compiler).
 * Everything is copied or given as an address; the objects behind the
 * addresses are kept alive by the frame or function for the whole callback.
 */
#include "host.h"

#include <marshal.h>
#include <string.h>

#define CHECK(call) do { if ((call) != napi_ok) goto napi_fail; } while (0)

static napi_value big(napi_env env, const void *p)
{
    napi_value v = NULL;
    napi_create_bigint_uint64(env, (uint64_t)(uintptr_t)p, &v);
    return v;
}

static napi_value bytes_copy(napi_env env, const void *data, size_t len)
{
    void *dst = NULL;
    napi_value ab, arr;
    if (napi_create_arraybuffer(env, len, &dst, &ab) != napi_ok) return NULL;
    if (len > 0) memcpy(dst, data, len);
    if (napi_create_typedarray(env, napi_uint8_array, len, ab, 0, &arr) != napi_ok) return NULL;
    return arr;
}

static napi_value str_from_py(napi_env env, PyObject *s)
{
    napi_value v = NULL;
    const char *utf8 = (s != NULL && PyUnicode_Check(s)) ? PyUnicode_AsUTF8(s) : NULL;
    if (utf8 == NULL) {
        PyErr_Clear();
        utf8 = "";
    }
    napi_create_string_utf8(env, utf8, NAPI_AUTO_LENGTH, &v);
    return v;
}

static napi_value tuple_addresses(napi_env env, PyObject *tuple)
{
    Py_ssize_t n = PyTuple_GET_SIZE(tuple);
    napi_value arr;
    if (napi_create_array_with_length(env, (size_t)n, &arr) != napi_ok) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (napi_set_element(env, arr, (uint32_t)i, big(env, PyTuple_GET_ITEM(tuple, i))) != napi_ok) {
            return NULL;
        }
    }
    return arr;
}

static bool set(napi_env env, napi_value obj, const char *key, napi_value v)
{
    return v != NULL && napi_set_named_property(env, obj, key, v) == napi_ok;
}

napi_value pyjc_make_request(napi_env env, const pyjc_request_source *src,
                               char *err, size_t errlen)
{
    PyCodeObject *co = src->code;
    napi_value req, v;
    CHECK(napi_create_object(env, &req));

    /* marshal.dumps(code) gives the compiler the unquickened bytecode and all
     * metadata in one documented format. */
    PyObject *m = PyMarshal_WriteObjectToString((PyObject *)co, Py_MARSHAL_VERSION);
    if (m == NULL) {
        PyErr_Clear();
        snprintf(err, errlen, "marshal.dumps(code) failed");
        return NULL;
    }
    v = bytes_copy(env, PyBytes_AS_STRING(m), (size_t)PyBytes_GET_SIZE(m));
    Py_DECREF(m);
    if (!set(env, req, "marshal", v)) goto napi_fail;

    if (!set(env, req, "code", big(env, co))) goto napi_fail;
    if (!set(env, req, "quickened", bytes_copy(env, co->co_code_adaptive, (size_t)_PyCode_NBYTES(co)))) goto napi_fail;
    if (!set(env, req, "firstInstr", big(env, co->co_code_adaptive))) goto napi_fail;
    if (!set(env, req, "consts", tuple_addresses(env, co->co_consts))) goto napi_fail;
    if (!set(env, req, "names", tuple_addresses(env, co->co_names))) goto napi_fail;
    if (!set(env, req, "globals", big(env, src->globals))) goto napi_fail;
    if (!set(env, req, "builtins", big(env, src->builtins))) goto napi_fail;
    if (!set(env, req, "func", big(env, src->func))) goto napi_fail;

    napi_value types, names;
    uint32_t n = (uint32_t)co->co_nlocalsplus;
    CHECK(napi_create_array_with_length(env, n, &types));
    CHECK(napi_create_array_with_length(env, n, &names));
    for (uint32_t i = 0; i < n; i++) {
        PyObject *o = src->locals != NULL ? src->locals[i] : NULL;
        PyTypeObject *t = o != NULL ? Py_TYPE(o) : NULL;
        napi_value name;
        CHECK(napi_create_string_utf8(env, t != NULL ? t->tp_name : "", NAPI_AUTO_LENGTH, &name));
        CHECK(napi_set_element(env, types, i, big(env, t)));
        CHECK(napi_set_element(env, names, i, name));
    }
    if (!set(env, req, "localTypes", types)) goto napi_fail;
    if (!set(env, req, "localTypeNames", names)) goto napi_fail;
    if (!set(env, req, "qualname", str_from_py(env, co->co_qualname))) goto napi_fail;
    if (!set(env, req, "filename", str_from_py(env, co->co_filename))) goto napi_fail;
    CHECK(napi_create_int32(env, co->co_firstlineno, &v));
    if (!set(env, req, "firstLineNo", v)) goto napi_fail;
    return req;

napi_fail:
    snprintf(err, errlen, "building the compile request failed (N-API)");
    return NULL;
}
