/*
 * Structural pattern matching (PEP 634): MATCH_KEYS and MATCH_CLASS, i.e.
 * 3.11 Python/ceval.c's match_keys, match_class and match_class_attr. Both
 * return a tuple on a match, None on no match, NULL with an exception set.
 */
#include "semantics.h"

/* seen.add(key), failing if it was there: -1 (exception set or not), 0. */
static int add_unseen(PyObject *seen, PyObject *key)
{
    return PySet_Contains(seen, key) || PySet_Add(seen, key) ? -1 : 0;
}

/* match_keys: values for keys via subject.get(key, <dummy>), so missing keys
 * are detected without __missing__ or key creation in dict subclasses. */
PyObject *pyjc_match_keys(PyObject *subject, PyObject *keys)
{
    Py_ssize_t nkeys = PyTuple_GET_SIZE(keys);
    if (nkeys == 0) {
        return PyTuple_New(0);
    }
    _Py_IDENTIFIER(get);
    PyObject *get_name = _PyUnicode_FromId(&PyId_get); /* borrowed */
    PyObject *get = NULL, *seen = NULL, *dummy = NULL, *values = NULL;
    int meth_found = get_name != NULL ? _PyObject_GetMethod(subject, get_name, &get) : 0;
    if (get == NULL || (seen = PySet_New(NULL)) == NULL ||
        (dummy = PyObject_CallNoArgs((PyObject *)&PyBaseObject_Type)) == NULL ||
        (values = PyTuple_New(nkeys)) == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < nkeys; i++) {
        PyObject *key = PyTuple_GET_ITEM(keys, i);
        if (add_unseen(seen, key) < 0) {
            if (!PyErr_Occurred()) {
                PyErr_Format(PyExc_ValueError, "mapping pattern checks duplicate key (%R)", key);
            }
            goto fail;
        }
        PyObject *args[3] = {subject, key, dummy};
        PyObject *value = meth_found ? PyObject_Vectorcall(get, args, 3, NULL)
                                     : PyObject_Vectorcall(get, args + 1, 2, NULL);
        if (value == NULL) {
            goto fail;
        }
        if (value == dummy) {
            Py_DECREF(value);
            Py_SETREF(values, Py_NewRef(Py_None));
            break;
        }
        PyTuple_SET_ITEM(values, i, value);
    }
    Py_DECREF(get);
    Py_DECREF(seen);
    Py_DECREF(dummy);
    return values;
fail:
    Py_XDECREF(get);
    Py_XDECREF(seen);
    Py_XDECREF(dummy);
    Py_XDECREF(values);
    return NULL;
}

/* match_class_attr: NULL without an exception for a missing attribute. */
static PyObject *class_attr(PyObject *subject, PyObject *type, PyObject *name, PyObject *seen)
{
    if (add_unseen(seen, name) < 0) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_TypeError, "%s() got multiple sub-patterns for attribute %R",
                         ((PyTypeObject *)type)->tp_name, name);
        }
        return NULL;
    }
    PyObject *attr = PyObject_GetAttr(subject, name);
    if (attr == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
    }
    return attr;
}

/* The positional sub-patterns: __match_args__[:nargs], or the subject itself
 * for the builtins that match "self" (bool, int, str, ...). 0, or -1 with or
 * without an exception (no match). */
static int positional_attrs(PyObject *subject, PyObject *type, Py_ssize_t nargs, PyObject *seen,
                            PyObject *attrs)
{
    PyTypeObject *tp = (PyTypeObject *)type;
    bool match_self = false;
    PyObject *match_args = PyObject_GetAttrString(type, "__match_args__");
    if (match_args != NULL) {
        if (!PyTuple_CheckExact(match_args)) {
            PyErr_Format(PyExc_TypeError, "%s.__match_args__ must be a tuple (got %s)",
                         tp->tp_name, Py_TYPE(match_args)->tp_name);
            Py_DECREF(match_args);
            return -1;
        }
    }
    else if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        /* Only without __match_args__: a subclass that defines it loses it. */
        match_args = PyTuple_New(0);
        match_self = PyType_HasFeature(tp, _Py_TPFLAGS_MATCH_SELF);
        if (match_args == NULL) {
            return -1;
        }
    }
    else {
        return -1;
    }
    int rc = 0;
    Py_ssize_t allowed = match_self ? 1 : PyTuple_GET_SIZE(match_args);
    if (allowed < nargs) {
        PyErr_Format(PyExc_TypeError, "%s() accepts %zd positional sub-pattern%s (%zd given)",
                     tp->tp_name, allowed, allowed == 1 ? "" : "s", nargs);
        rc = -1;
    }
    else if (match_self) {
        rc = PyList_Append(attrs, subject);
    }
    for (Py_ssize_t i = 0; rc == 0 && !match_self && i < nargs; i++) {
        PyObject *name = PyTuple_GET_ITEM(match_args, i);
        if (!PyUnicode_CheckExact(name)) {
            PyErr_Format(PyExc_TypeError, "__match_args__ elements must be strings (got %s)",
                         Py_TYPE(name)->tp_name);
            rc = -1;
            break;
        }
        PyObject *attr = class_attr(subject, type, name, seen);
        rc = attr != NULL ? PyList_Append(attrs, attr) : -1;
        Py_XDECREF(attr);
    }
    Py_DECREF(match_args);
    return rc;
}

/* match_class: isinstance, then positional then keyword sub-patterns. */
PyObject *pyjc_match_class(PyObject *subject, PyObject *type, int nargs, PyObject *kwnames)
{
    if (!PyType_Check(type)) {
        PyErr_SetString(PyExc_TypeError, "called match pattern must be a type");
        return NULL;
    }
    int is_instance = PyObject_IsInstance(subject, type);
    if (is_instance <= 0) {
        return is_instance < 0 ? NULL : Py_NewRef(Py_None);
    }
    PyObject *seen = PySet_New(NULL);
    PyObject *attrs = seen != NULL ? PyList_New(0) : NULL;
    int rc = attrs != NULL ? 0 : -1;
    if (rc == 0 && nargs > 0) {
        rc = positional_attrs(subject, type, nargs, seen, attrs);
    }
    for (Py_ssize_t i = 0; rc == 0 && i < PyTuple_GET_SIZE(kwnames); i++) {
        PyObject *attr = class_attr(subject, type, PyTuple_GET_ITEM(kwnames, i), seen);
        rc = attr != NULL ? PyList_Append(attrs, attr) : -1;
        Py_XDECREF(attr);
    }
    PyObject *result = rc == 0 ? PyList_AsTuple(attrs)
                     : PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    Py_XDECREF(seen);
    Py_XDECREF(attrs);
    return result;
}
