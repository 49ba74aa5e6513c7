/*
 * The `pyjc` module, importable inside the embedded interpreter (registered
 * with PyImport_AppendInittab before initialization), so Python programs and
 * tests can steer and inspect the JIT: enable/disable, config, compile, info,
 * status, dis, graph. Anything that needs the compiler (config level/pgc,
 * compile, dis, graph) is forwarded to the TypeScript host.
 */
#include "pyjc.h"

#include <stdlib.h>

typedef struct {
    PyObject *level; /* last values forwarded to the host, None until set */
    PyObject *pgc;
} module_state;

static module_state *state_of(PyObject *module)
{
    return (module_state *)PyModule_GetState(module);
}

/* f may be a function, a bound method (of a Python function) or a code
 * object; functions also give globals/builtins for the request. */
static int resolve(PyObject *f, pyjc_request_source *src)
{
    src->code = NULL;
    src->func = NULL;
    src->globals = NULL;
    src->builtins = NULL;
    src->locals = NULL;
    if (PyMethod_Check(f)) {
        f = PyMethod_GET_FUNCTION(f);
    }
    if (PyFunction_Check(f)) {
        PyFunctionObject *fn = (PyFunctionObject *)f;
        src->func = fn;
        src->code = (PyCodeObject *)fn->func_code;
        src->globals = fn->func_globals;
        src->builtins = fn->func_builtins;
        return 0;
    }
    if (PyCode_Check(f)) {
        src->code = (PyCodeObject *)f;
        return 0;
    }
    PyErr_Format(PyExc_TypeError,
                 "pyjc: expected a function, bound method or code object, not %.100s",
                 Py_TYPE(f)->tp_name);
    return -1;
}

static pyjc_code_state *state_for(const pyjc_request_source *src)
{
    pyjc_code_state *st = pyjc_state_get(src->code, true);
    if (st == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "pyjc: no per-code state (runtime not initialized?)");
    }
    return st;
}

static PyObject *pyjc_enable(PyObject *m, PyObject *unused)
{
    pyjc_hook.enabled = true;
    Py_RETURN_NONE;
}

static PyObject *pyjc_disable(PyObject *m, PyObject *unused)
{
    pyjc_hook.enabled = false;
    Py_RETURN_NONE;
}

static int put(PyObject *d, const char *key, PyObject *v)
{
    if (v == NULL) return -1;
    int rc = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return rc;
}

static PyObject *current_config(PyObject *m)
{
    module_state *ms = state_of(m);
    PyObject *d = PyDict_New();
    if (d == NULL) return NULL;
    if (put(d, "enabled", PyBool_FromLong(pyjc_hook.enabled)) < 0 ||
        put(d, "threshold", PyLong_FromUnsignedLongLong(pyjc_hook.threshold)) < 0 ||
        PyDict_SetItemString(d, "level", ms->level) < 0 ||
        PyDict_SetItemString(d, "pgc", ms->pgc) < 0) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

/* threshold lives here (the hook reads it on every call); level and pgc are
 * compiler options, so they go to the host as JSON and are only remembered
 * here to be reported back. */
static PyObject *pyjc_config(PyObject *m, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"threshold", "level", "pgc", NULL};
    PyObject *threshold = Py_None, *level = Py_None, *pgc = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|OOO:config", kwlist,
                                     &threshold, &level, &pgc)) {
        return NULL;
    }
    if (threshold != Py_None) {
        unsigned long long n = PyLong_AsUnsignedLongLong(threshold);
        if (n == (unsigned long long)-1 && PyErr_Occurred()) {
            return NULL;
        }
        pyjc_hook.threshold = n;
    }
    if (level != Py_None || pgc != Py_None) {
        PyObject *opts = PyDict_New();
        if (opts == NULL) return NULL;
        if ((level != Py_None && PyDict_SetItemString(opts, "level", level) < 0) ||
            (pgc != Py_None && PyDict_SetItemString(opts, "pgc", pgc) < 0)) {
            Py_DECREF(opts);
            return NULL;
        }
        PyObject *json = PyImport_ImportModule("json");
        PyObject *text = json != NULL ? PyObject_CallMethod(json, "dumps", "O", opts) : NULL;
        Py_XDECREF(json);
        Py_DECREF(opts);
        if (text == NULL) return NULL;
        const char *utf8 = PyUnicode_AsUTF8(text);
        int rc = utf8 != NULL ? pyjc_host_config(utf8) : -1;
        Py_DECREF(text);
        if (rc < 0) return NULL;
        module_state *ms = state_of(m);
        if (level != Py_None) Py_SETREF(ms->level, Py_NewRef(level));
        if (pgc != Py_None) Py_SETREF(ms->pgc, Py_NewRef(pgc));
    }
    return current_config(m);
}

static PyObject *pyjc_compile(PyObject *m, PyObject *f)
{
    pyjc_request_source src;
    if (resolve(f, &src) < 0) return NULL;
    pyjc_code_state *st = state_for(&src);
    if (st == NULL) return NULL;
    if (st->kind == PYJC_COMPILED) Py_RETURN_TRUE;
    if (pyjc_is_generator_code(src.code)) Py_RETURN_FALSE;
    const char *why_not = NULL;
    if (!pyjc_host_callable(&why_not)) {
        PyErr_Format(PyExc_RuntimeError, "pyjc.compile: %s", why_not);
        return NULL;
    }
    return PyBool_FromLong(pyjc_compile_now(st, &src));
}

static PyObject *pyjc_info(PyObject *m, PyObject *f)
{
    pyjc_request_source src;
    if (resolve(f, &src) < 0) return NULL;
    pyjc_code_state *st = state_for(&src);
    if (st == NULL) return NULL;
    PyObject *d = PyDict_New();
    if (d == NULL) return NULL;
    PyObject *reason = st->reason != NULL ? PyUnicode_FromString(st->reason) : Py_NewRef(Py_None);
    if (put(d, "compiled", PyBool_FromLong(st->kind == PYJC_COMPILED)) < 0 ||
        put(d, "state", PyUnicode_FromString(pyjc_state_name(st->kind))) < 0 ||
        put(d, "reason", reason) < 0 ||
        put(d, "calls", PyLong_FromUnsignedLongLong(st->calls)) < 0 ||
        put(d, "compiled_runs", PyLong_FromUnsignedLongLong(st->compiled_runs)) < 0 ||
        put(d, "deopts", PyLong_FromUnsignedLongLong(st->deopts)) < 0 ||
        put(d, "passes", PyList_New(0)) < 0) {
        Py_DECREF(d);
        return NULL;
    }
    /* Where the code lives, for debuggers, perf maps and the W^X test. */
    if (st->kind == PYJC_COMPILED &&
        (put(d, "entry", PyLong_FromVoidPtr((void *)st->entry)) < 0 ||
         put(d, "code_base", PyLong_FromVoidPtr(st->code.base)) < 0 ||
         put(d, "code_size", PyLong_FromSize_t(st->code.size)) < 0)) {
        Py_DECREF(d);
        return NULL;
    }
    if (st->info_json != NULL) {
        /* The compiler's own record (passes that fired, code size, ...) wins
         * over the defaults above. */
        PyObject *json = PyImport_ImportModule("json");
        PyObject *extra = json != NULL ? PyObject_CallMethod(json, "loads", "s", st->info_json) : NULL;
        Py_XDECREF(json);
        if (extra == NULL || (PyDict_Check(extra) && PyDict_Update(d, extra) < 0) ||
            (!PyDict_Check(extra) && PyDict_SetItemString(d, "compiler", extra) < 0)) {
            Py_XDECREF(extra);
            Py_DECREF(d);
            return NULL;
        }
        Py_DECREF(extra);
    }
    return d;
}

static PyObject *pyjc_status(PyObject *m, PyObject *unused)
{
    PyObject *d = PyDict_New();
    if (d == NULL) return NULL;
    if (put(d, "enabled", PyBool_FromLong(pyjc_hook.enabled)) < 0 ||
        put(d, "threshold", PyLong_FromUnsignedLongLong(pyjc_hook.threshold)) < 0 ||
        put(d, "compiled", PyLong_FromUnsignedLongLong(pyjc_hook.n_compiled)) < 0 ||
        put(d, "interpreted", PyLong_FromUnsignedLongLong(pyjc_hook.n_interpreted)) < 0 ||
        put(d, "counting", PyLong_FromUnsignedLongLong(pyjc_hook.n_counting)) < 0 ||
        put(d, "compile_requests", PyLong_FromUnsignedLongLong(pyjc_hook.compile_requests)) < 0 ||
        put(d, "compile_failures", PyLong_FromUnsignedLongLong(pyjc_hook.compile_failures)) < 0 ||
        put(d, "compile_deferred", PyLong_FromUnsignedLongLong(pyjc_hook.compile_deferred)) < 0 ||
        put(d, "compiled_runs", PyLong_FromUnsignedLongLong(pyjc_hook.compiled_runs)) < 0 ||
        put(d, "deopts", PyLong_FromUnsignedLongLong(pyjc_hook.deopts)) < 0) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *query(const char *kind, PyObject *f)
{
    pyjc_request_source src;
    if (resolve(f, &src) < 0) return NULL;
    /* A listing may compile and materialize constants; the host may keep
     * what it was given, so they stay with the code object. */
    pyjc_materialize_begin();
    PyObject *text = pyjc_host_query(kind, &src);
    pyjc_state_keep(pyjc_state_get(src.code, true), pyjc_materialize_end());
    return text;
}

static PyObject *pyjc_dis(PyObject *m, PyObject *f) { return query("dis", f); }
static PyObject *pyjc_graph(PyObject *m, PyObject *f) { return query("graph", f); }
static PyObject *pyjc_ir(PyObject *m, PyObject *f) { return query("ir", f); }

static PyMethodDef methods[] = {
    {"enable", pyjc_enable, METH_NOARGS, "Turn the JIT on (the default)."},
    {"disable", pyjc_disable, METH_NOARGS,
     "Turn the JIT off: everything runs interpreted and nothing is compiled."},
    {"config", (PyCFunction)(void (*)(void))pyjc_config, METH_VARARGS | METH_KEYWORDS,
     "config(threshold=None, level=None, pgc=None) -> dict\n"
     "Set the options given; return the current configuration."},
    {"compile", pyjc_compile, METH_O,
     "compile(f) -> bool: compile f's code now, regardless of the threshold."},
    {"info", pyjc_info, METH_O,
     "info(f) -> dict: compiled, state, reason, calls, passes, and the compiler's info."},
    {"status", pyjc_status, METH_NOARGS, "status() -> dict of global counters."},
    {"dis", pyjc_dis, METH_O, "dis(f) -> str: the compiler's listing for f."},
    {"graph", pyjc_graph, METH_O, "graph(f) -> str: the compiler's graph for f."},
    {"ir", pyjc_ir, METH_O, "ir(f) -> str: the optimized HIR f was compiled from, as text."},
    {NULL, NULL, 0, NULL},
};

static int module_exec(PyObject *m)
{
    module_state *ms = state_of(m);
    ms->level = Py_NewRef(Py_None);
    ms->pgc = Py_NewRef(Py_None);
    return 0;
}

static int module_traverse(PyObject *m, visitproc visit, void *arg)
{
    module_state *ms = state_of(m);
    Py_VISIT(ms->level);
    Py_VISIT(ms->pgc);
    return 0;
}

static int module_clear(PyObject *m)
{
    module_state *ms = state_of(m);
    Py_CLEAR(ms->level);
    Py_CLEAR(ms->pgc);
    return 0;
}

static void module_free(void *m)
{
    module_clear((PyObject *)m);
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, module_exec},
    {0, NULL},
};

static struct PyModuleDef pyjc_moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "pyjc",
    .m_doc = "Control and inspect the pyjc JIT compiler from Python.",
    .m_size = sizeof(module_state),
    .m_methods = methods,
    .m_slots = slots,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
    .m_free = module_free,
};

PyMODINIT_FUNC pyjc_module_init(void)
{
    return PyModuleDef_Init(&pyjc_moduledef);
}
