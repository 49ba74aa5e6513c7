/*
 * UNPACK_SEQUENCE and UNPACK_EX: 3.11 Python/ceval.c's unpack_iterable (and
 * the exact-tuple/list fast paths of UNPACK_SEQUENCE's specializations).
 * out[0] receives the first item; every out slot is a new reference, and on
 * error all of them are NULL.
 */
#include "semantics.h"

static void clear_out(PyObject **out, int n)
{
    for (int i = 0; i < n; i++) {
        Py_CLEAR(out[i]);
    }
}

/* unpack_iterable: `before` items, then (after >= 0) a list of the rest with
 * `after` items moved from its end into the slots following it, or
 * (after == -1) a check that nothing is left. */
static int unpack_iterable(PyObject *v, int before, int after, PyObject **out)
{
    int total = before + (after < 0 ? 0 : 1 + after);
    for (int i = 0; i < total; i++) {
        out[i] = NULL;
    }
    PyObject *it = PyObject_GetIter(v);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(v)->tp_iter == NULL &&
            !PySequence_Check(v)) {
            PyErr_Format(PyExc_TypeError, "cannot unpack non-iterable %.200s object",
                         Py_TYPE(v)->tp_name);
        }
        return -1;
    }
    for (int i = 0; i < before; i++) {
        out[i] = PyIter_Next(it);
        if (out[i] != NULL) {
            continue;
        }
        if (!PyErr_Occurred()) {
            if (after < 0) {
                PyErr_Format(PyExc_ValueError,
                             "not enough values to unpack (expected %d, got %d)", before, i);
            }
            else {
                PyErr_Format(PyExc_ValueError,
                             "not enough values to unpack (expected at least %d, got %d)",
                             before + after, i);
            }
        }
        goto error;
    }
    if (after < 0) {
        PyObject *extra = PyIter_Next(it);
        if (extra == NULL) {
            if (PyErr_Occurred()) {
                goto error;
            }
            Py_DECREF(it);
            return 0;
        }
        Py_DECREF(extra);
        PyErr_Format(PyExc_ValueError, "too many values to unpack (expected %d)", before);
        goto error;
    }
    PyObject *rest = PySequence_List(it);
    if (rest == NULL) {
        goto error;
    }
    out[before] = rest;
    Py_ssize_t len = PyList_GET_SIZE(rest);
    if (len < after) {
        PyErr_Format(PyExc_ValueError,
                     "not enough values to unpack (expected at least %d, got %zd)",
                     before + after, before + len);
        goto error;
    }
    /* The last `after` items change owner: from the list to out. */
    for (int j = 0; j < after; j++) {
        out[before + 1 + j] = PyList_GET_ITEM(rest, len - after + j);
    }
    Py_SET_SIZE(rest, len - after);
    Py_DECREF(it);
    return 0;

error:
    clear_out(out, total);
    Py_DECREF(it);
    return -1;
}

/* UNPACK_SEQUENCE */
int pyjc_unpack_sequence(PyObject *seq, int n, PyObject **out)
{
    PyObject **items;
    if (PyTuple_CheckExact(seq) && PyTuple_GET_SIZE(seq) == n) {
        items = ((PyTupleObject *)seq)->ob_item;
    }
    else if (PyList_CheckExact(seq) && PyList_GET_SIZE(seq) == n) {
        items = ((PyListObject *)seq)->ob_item;
    }
    else {
        return unpack_iterable(seq, n, -1, out);
    }
    for (int i = 0; i < n; i++) {
        out[i] = Py_NewRef(items[i]);
    }
    return 0;
}

/* UNPACK_EX: out[before] is the list of the starred target. */
int pyjc_unpack_ex(PyObject *seq, int before, int after, PyObject **out)
{
    return unpack_iterable(seq, before, after, out);
}
