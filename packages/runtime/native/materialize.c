/*
 * runtime.materialize(): objects for constants the compiler made itself
 * (folded results, names and kwnames tuples not in co_consts/co_names). The
 * compiler marshals a tuple of them (format 4); it is rebuilt here and the
 * addresses of its items go back to TypeScript.
 *
 * Lifetime: generated code embeds those addresses, so the objects must live
 * as long as the code that uses them. Objects made during a compile callback
 * are collected and attached to the code object's state (co_extra) when the
 * compile succeeds, so they die with the code object and its machine code;
 * when the compile is refused or deferred they are released as soon as the
 * callback returns (no code refers to them). Objects made during a query
 * callback (pyjc.dis/graph) stay with the code object too. Outside any
 * callback (tests, tools) they are kept for the life of the process.
 * Everything here runs with the GIL held.
 */
#include "pyjc.h"

#include <marshal.h>
#include <string.h>

static struct {
    bool collecting;    /* inside a compile or query callback */
    PyObject *made;     /* list of the tuples made while collecting, or NULL */
    PyObject *forever;  /* list of the tuples made outside callbacks */
} M;

void pyjc_materialize_begin(void)
{
    M.collecting = true;
    M.made = NULL;
}

PyObject *pyjc_materialize_end(void)
{
    PyObject *made = M.made;
    M.collecting = false;
    M.made = NULL;
    return made;
}

void pyjc_state_keep(pyjc_code_state *st, PyObject *made)
{
    if (made == NULL) {
        return;
    }
    if (st == NULL) {
        Py_DECREF(made);
        return;
    }
    if (st->materialized == NULL) {
        st->materialized = made;
        return;
    }
    /* Appending a list to a list cannot fail for lack of anything but
     * memory; then the objects are leaked rather than freed too early. */
    if (PyList_Append(st->materialized, made) < 0) {
        PyErr_Clear();
        return;
    }
    Py_DECREF(made);
}

/* Appends obj to the list in *slot, creating it. 0 or -1 with exception. */
static int keep(PyObject **slot, PyObject *obj)
{
    if (*slot == NULL && (*slot = PyList_New(0)) == NULL) {
        return -1;
    }
    return PyList_Append(*slot, obj);
}

/* The message of the pending exception, cleared, into err. */
static void take_message(const char *what, char *err, size_t errlen)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *s = value != NULL ? PyObject_Str(value) : NULL;
    const char *msg = s != NULL ? PyUnicode_AsUTF8(s) : NULL;
    snprintf(err, errlen, "%s: %s: %s", what,
             type != NULL ? ((PyTypeObject *)type)->tp_name : "error", msg != NULL ? msg : "?");
    PyErr_Clear();
    Py_XDECREF(s);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

PyObject *pyjc_materialize(const void *data, size_t len, char *err, size_t errlen)
{
    /* Never disturb an exception the interpreter may be carrying. */
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *t = PyMarshal_ReadObjectFromString(data, (Py_ssize_t)len);
    if (t == NULL) {
        take_message("materialize: unmarshalling failed", err, errlen);
    }
    else if (!PyTuple_Check(t)) {
        snprintf(err, errlen, "materialize: the marshalled value is a %.100s, not a tuple",
                 Py_TYPE(t)->tp_name);
        Py_CLEAR(t);
    }
    else if (keep(M.collecting ? &M.made : &M.forever, t) < 0) {
        take_message("materialize", err, errlen);
        Py_CLEAR(t);
    }
    else {
        Py_DECREF(t); /* the list owns it */
    }
    PyErr_Restore(type, value, tb);
    return t;
}

/* Whether `obj`, found as `name` in `module`, is the module's own: a C function it defines under
 * that name, or a static type of that name. The compiler treats what a guard compares with as the
 * real builtin (it inlines len(), computes math.sqrt natively), so a program that replaced it
 * before the function was compiled (`builtins.len = ...`, `math.sqrt = ...`) must not get its
 * replacement back. */
static bool genuine(PyObject *obj, PyObject *module, const char *name)
{
    if (PyCFunction_Check(obj)) {
        PyCFunctionObject *fn = (PyCFunctionObject *)obj;
        return fn->m_self == module && fn->m_ml != NULL && strcmp(fn->m_ml->ml_name, name) == 0;
    }
    if (PyType_Check(obj)) {
        PyTypeObject *type = (PyTypeObject *)obj;
        return !(type->tp_flags & Py_TPFLAGS_HEAPTYPE) && strcmp(type->tp_name, name) == 0;
    }
    return false;
}

/* The object builtins.<name> is right now (in the builtins module, which a frame's f_builtins is
 * unless exec() was given others), or for "module.attr" that attribute of the imported module,
 * kept alive like materialized objects; NULL when there is no such object or it is not the
 * module's own (genuine()). Guards compare a global against it: a guard only decides whether compiled code
 * may take a shortcut, so a stale answer costs a deoptimization, never a wrong result. */
PyObject *pyjc_builtin(const char *name)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *found = NULL;
    /* "module.attr": an attribute of a module the program has imported (found in sys.modules,
     * never imported here: that would run the module's code). Plain names are in builtins. */
    const char *dot = strchr(name, '.');
    PyObject *module = NULL;
    if (dot == NULL) {
        module = PyImport_AddModule("builtins");
    } else {
        PyObject *modname = PyUnicode_FromStringAndSize(name, dot - name);
        PyObject *modules = PyImport_GetModuleDict();
        if (modname != NULL && modules != NULL && PyDict_CheckExact(modules)) module = PyDict_GetItemWithError(modules, modname);
        Py_XDECREF(modname);
        if (module != NULL && !PyModule_CheckExact(module)) module = NULL;
        name = dot + 1;
    }
    PyObject *dict = module != NULL ? PyModule_GetDict(module) : NULL;
    PyObject *obj = dict != NULL ? PyDict_GetItemString(dict, name) : NULL;
    if (obj != NULL && !genuine(obj, module, name)) obj = NULL;
    if (obj != NULL) {
        PyObject *t = PyTuple_Pack(1, obj);
        if (t != NULL && keep(M.collecting ? &M.made : &M.forever, t) == 0) found = obj;
        Py_XDECREF(t);
    }
    PyErr_Clear();
    PyErr_Restore(type, value, tb);
    return found;
}
