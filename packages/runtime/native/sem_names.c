/*
 * Name lookups and stores: LOAD/STORE/DELETE_NAME, LOAD/STORE/DELETE_GLOBAL,
 * LOAD_CLASSDEREF, LOAD_BUILD_CLASS, SETUP_ANNOTATIONS and the unbound-variable
 * errors of LOAD_FAST/LOAD_DEREF (3.11 Python/ceval.c). Namespaces come from
 * the frame (f_locals, f_globals, f_builtins): one code object can run under
 * many globals.
 */
#include "semantics.h"

#define NAME_ERROR_MSG "name '%.200s' is not defined"
#define UNBOUNDLOCAL_ERROR_MSG \
    "cannot access local variable '%s' where it is not associated with a value"
#define UNBOUNDFREE_ERROR_MSG \
    "cannot access free variable '%s' where it is not associated with a value in enclosing scope"

/* format_exc_check_arg. Only an exact NameError (not UnboundLocalError) gets
 * `name`, which the traceback printer uses for "Did you mean" suggestions. */
void pyjc_format_exc_check_arg(PyObject *exc_type, const char *fmt, PyObject *name)
{
    const char *utf8 = name != NULL ? PyUnicode_AsUTF8(name) : NULL;
    if (utf8 == NULL) {
        return;
    }
    PyErr_Format(exc_type, fmt, utf8);
    if (exc_type != PyExc_NameError) {
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (PyErr_GivenExceptionMatches(value, PyExc_NameError) &&
        ((PyNameErrorObject *)value)->name == NULL) {
        /* A failure here is dropped: the NameError is what gets raised. */
        (void)PyObject_SetAttrString(value, "name", name);
    }
    PyErr_Restore(type, value, tb);
}

static PyObject *localsplus_name(_PyInterpreterFrame *frame, int index)
{
    return PyTuple_GetItem(frame->f_code->co_localsplusnames, index);
}

/* LOAD_FAST / DELETE_FAST's unbound_local_error label. */
void pyjc_unbound_local(_PyInterpreterFrame *frame, int index)
{
    pyjc_format_exc_check_arg(PyExc_UnboundLocalError, UNBOUNDLOCAL_ERROR_MSG,
                              localsplus_name(frame, index));
}

/* format_exc_unbound: cells of this code are locals, free variables are not.
 * An exception already set is kept. */
void pyjc_unbound_deref(_PyInterpreterFrame *frame, int index)
{
    if (PyErr_Occurred()) {
        return;
    }
    PyCodeObject *co = frame->f_code;
    PyObject *name = PyTuple_GET_ITEM(co->co_localsplusnames, index);
    if (index < co->co_nplaincellvars + co->co_nlocals) {
        pyjc_format_exc_check_arg(PyExc_UnboundLocalError, UNBOUNDLOCAL_ERROR_MSG, name);
    }
    else {
        pyjc_format_exc_check_arg(PyExc_NameError, UNBOUNDFREE_ERROR_MSG, name);
    }
}

/* ns[name] for LOAD_NAME/LOAD_CLASSDEREF: the dict fast path, or the mapping
 * protocol with KeyError meaning "absent". Returns a new reference; NULL
 * without an exception when absent. */
static PyObject *lookup_ns(PyObject *ns, PyObject *name)
{
    if (PyDict_CheckExact(ns)) {
        return Py_XNewRef(PyDict_GetItemWithError(ns, name));
    }
    PyObject *v = PyObject_GetItem(ns, name);
    if (v == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_Clear();
    }
    return v;
}

/* LOAD_CLASSDEREF: the class namespace first, then the cell. */
PyObject *pyjc_load_classderef(_PyInterpreterFrame *frame, int index)
{
    PyObject *name = PyTuple_GET_ITEM(frame->f_code->co_localsplusnames, index);
    PyObject *v = lookup_ns(frame->f_locals, name);
    if (v != NULL || PyErr_Occurred()) {
        return v;
    }
    v = PyCell_GET(frame->localsplus[index]);
    if (v == NULL) {
        pyjc_unbound_deref(frame, index);
        return NULL;
    }
    return Py_NewRef(v);
}

/* The builtins step of LOAD_NAME and LOAD_GLOBAL's slow path. */
static PyObject *load_builtin(PyObject *builtins, PyObject *name)
{
    PyObject *v;
    if (PyDict_CheckExact(builtins)) {
        v = PyDict_GetItemWithError(builtins, name);
        if (v == NULL && !PyErr_Occurred()) {
            pyjc_format_exc_check_arg(PyExc_NameError, NAME_ERROR_MSG, name);
        }
        return Py_XNewRef(v);
    }
    v = PyObject_GetItem(builtins, name);
    if (v == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
        pyjc_format_exc_check_arg(PyExc_NameError, NAME_ERROR_MSG, name);
    }
    return v;
}

/* LOAD_NAME: locals, globals (always a dict lookup), builtins. */
PyObject *pyjc_load_name(_PyInterpreterFrame *frame, PyObject *name)
{
    if (frame->f_locals == NULL) {
        PyErr_Format(PyExc_SystemError, "no locals when loading %R", name);
        return NULL;
    }
    PyObject *v = lookup_ns(frame->f_locals, name);
    if (v != NULL || PyErr_Occurred()) {
        return v;
    }
    v = PyDict_GetItemWithError(frame->f_globals, name);
    if (v != NULL || PyErr_Occurred()) {
        return Py_XNewRef(v);
    }
    return load_builtin(frame->f_builtins, name);
}

/* STORE_NAME */
int pyjc_store_name(_PyInterpreterFrame *frame, PyObject *name, PyObject *value)
{
    PyObject *ns = frame->f_locals;
    if (ns == NULL) {
        PyErr_Format(PyExc_SystemError, "no locals found when storing %R", name);
        return -1;
    }
    return PyDict_CheckExact(ns) ? PyDict_SetItem(ns, name, value)
                                 : PyObject_SetItem(ns, name, value);
}

/* DELETE_NAME: any failure to delete becomes the NameError (as in 3.11). */
int pyjc_delete_name(_PyInterpreterFrame *frame, PyObject *name)
{
    PyObject *ns = frame->f_locals;
    if (ns == NULL) {
        PyErr_Format(PyExc_SystemError, "no locals when deleting %R", name);
        return -1;
    }
    if (PyObject_DelItem(ns, name) != 0) {
        pyjc_format_exc_check_arg(PyExc_NameError, NAME_ERROR_MSG, name);
        return -1;
    }
    return 0;
}

/* LOAD_GLOBAL: with dict globals and builtins, what _PyDict_LoadGlobal does
 * (one lookup in each; str names cache their hash); otherwise the mapping
 * protocol in both. */
PyObject *pyjc_load_global(_PyInterpreterFrame *frame, PyObject *name)
{
    PyObject *globals = frame->f_globals, *builtins = frame->f_builtins;
    if (PyDict_CheckExact(globals) && PyDict_CheckExact(builtins)) {
        PyObject *v = PyDict_GetItemWithError(globals, name);
        if (v != NULL || PyErr_Occurred()) {
            return Py_XNewRef(v);
        }
        return load_builtin(builtins, name);
    }
    PyObject *v = PyObject_GetItem(globals, name);
    if (v != NULL || !PyErr_ExceptionMatches(PyExc_KeyError)) {
        return v;
    }
    PyErr_Clear();
    return load_builtin(builtins, name);
}

/* DELETE_GLOBAL */
int pyjc_delete_global(_PyInterpreterFrame *frame, PyObject *name)
{
    if (PyDict_DelItem(frame->f_globals, name) == 0) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_KeyError)) {
        pyjc_format_exc_check_arg(PyExc_NameError, NAME_ERROR_MSG, name);
    }
    return -1;
}

/* STORE_GLOBAL */
int pyjc_store_global(_PyInterpreterFrame *frame, PyObject *name, PyObject *value)
{
    return PyDict_SetItem(frame->f_globals, name, value);
}

/* LOAD_BUILD_CLASS */
PyObject *pyjc_load_build_class(_PyInterpreterFrame *frame)
{
    _Py_IDENTIFIER(__build_class__);
    PyObject *key = _PyUnicode_FromId(&PyId___build_class__); /* borrowed */
    if (key == NULL) {
        return NULL;
    }
    PyObject *builtins = frame->f_builtins;
    PyObject *bc;
    if (PyDict_CheckExact(builtins)) {
        bc = PyDict_GetItemWithError(builtins, key);
        if (bc == NULL && !PyErr_Occurred()) {
            PyErr_SetString(PyExc_NameError, "__build_class__ not found");
        }
        return Py_XNewRef(bc);
    }
    bc = PyObject_GetItem(builtins, key);
    if (bc == NULL && PyErr_ExceptionMatches(PyExc_KeyError)) {
        PyErr_SetString(PyExc_NameError, "__build_class__ not found");
    }
    return bc;
}

/* SETUP_ANNOTATIONS: create __annotations__ in the namespace if missing. */
int pyjc_setup_annotations(_PyInterpreterFrame *frame)
{
    _Py_IDENTIFIER(__annotations__);
    PyObject *ns = frame->f_locals;
    if (ns == NULL) {
        PyErr_SetString(PyExc_SystemError, "no locals found when setting up annotations");
        return -1;
    }
    PyObject *key = _PyUnicode_FromId(&PyId___annotations__); /* borrowed */
    if (key == NULL) {
        return -1;
    }
    PyObject *ann = lookup_ns(ns, key);
    if (ann != NULL) {
        Py_DECREF(ann);
        return 0;
    }
    if (PyErr_Occurred() || (ann = PyDict_New()) == NULL) {
        return -1;
    }
    int rc = PyDict_CheckExact(ns) ? PyDict_SetItem(ns, key, ann) : PyObject_SetItem(ns, key, ann);
    Py_DECREF(ann);
    return rc;
}
