/*
 * except*: CHECK_EG_MATCH (check_except_star_type_valid and
 * exception_group_match in 3.11 Python/ceval.c) and PREP_RERAISE_STAR
 * (_PyExc_PrepReraiseStar in Objects/exceptions.c, not exported).
 */
#include "semantics.h"

#define CANNOT_EXCEPT_STAR_EG \
    "catching ExceptionGroup with except* is not allowed. Use except instead."

static bool is_exception_group(PyObject *exc)
{
    return PyObject_TypeCheck(exc, (PyTypeObject *)PyExc_BaseExceptionGroup);
}

/* check_except_star_type_valid: what `except` accepts, minus group types. */
static int check_except_star_type_valid(PyObject *right)
{
    if (pyjc_check_except_type_valid(right) < 0) {
        return -1;
    }
    bool tuple = PyTuple_Check(right);
    Py_ssize_t n = tuple ? PyTuple_GET_SIZE(right) : 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *t = tuple ? PyTuple_GET_ITEM(right, i) : right;
        int is_eg = PyObject_IsSubclass(t, PyExc_BaseExceptionGroup);
        if (is_eg < 0) {
            return -1;
        }
        if (is_eg) {
            PyErr_SetString(PyExc_TypeError, CANNOT_EXCEPT_STAR_EG);
            return -1;
        }
    }
    return 0;
}

/* exception_group_match: (match, rest), each possibly None. A full match of
 * a naked exception is wrapped: BaseExceptionGroup("", (exc,)). */
static int exception_group_match(PyObject *exc, PyObject *type, PyObject **match, PyObject **rest)
{
    *match = *rest = NULL;
    if (Py_IsNone(exc)) {
        *match = Py_NewRef(Py_None);
        *rest = Py_NewRef(Py_None);
        return 0;
    }
    if (PyErr_GivenExceptionMatches(exc, type)) {
        if (is_exception_group(exc)) {
            *match = Py_NewRef(exc);
        }
        else if ((*match = PyObject_CallFunction(PyExc_BaseExceptionGroup, "s(O)", "", exc)) == NULL) {
            return -1;
        }
        *rest = Py_NewRef(Py_None);
        return 0;
    }
    if (is_exception_group(exc)) {
        PyObject *pair = PyObject_CallMethod(exc, "split", "(O)", type);
        if (pair == NULL) {
            return -1;
        }
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            /* The interpreter only asserts this; an override could break it. */
            PyErr_Format(PyExc_TypeError, "%.200s.split() must return a 2-tuple",
                         Py_TYPE(exc)->tp_name);
            Py_DECREF(pair);
            return -1;
        }
        *match = Py_NewRef(PyTuple_GET_ITEM(pair, 0));
        *rest = Py_NewRef(PyTuple_GET_ITEM(pair, 1));
        Py_DECREF(pair);
        return 0;
    }
    *match = Py_NewRef(Py_None);
    *rest = Py_NewRef(Py_None);
    return 0;
}

/* CHECK_EG_MATCH: out = {rest, match} on a (partial) match, which also
 * becomes the handled exception; {exc, None} otherwise. */
int pyjc_check_eg_match(PyObject *exc, PyObject *type, PyObject **out)
{
    PyObject *match, *rest;
    out[0] = out[1] = NULL;
    if (check_except_star_type_valid(type) < 0 || exception_group_match(exc, type, &match, &rest) < 0) {
        return -1;
    }
    if (Py_IsNone(match)) {
        Py_DECREF(rest);
        out[0] = Py_NewRef(exc);
        out[1] = match;
        return 0;
    }
    out[0] = rest;
    out[1] = match;
    PyErr_SetExcInfo(NULL, Py_NewRef(match), NULL);
    return 0;
}

/* collect_exception_group_leaf_ids: id() of every leaf of exc into ids. */
static int collect_leaf_ids(PyObject *exc, PyObject *ids)
{
    if (Py_IsNone(exc)) {
        return 0;
    }
    if (!is_exception_group(exc)) {
        PyObject *id = PyLong_FromVoidPtr(exc);
        int rc = id != NULL ? PySet_Add(ids, id) : -1;
        Py_XDECREF(id);
        return rc;
    }
    PyObject *excs = ((PyBaseExceptionGroupObject *)exc)->excs;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(excs); i++) {
        if (Py_EnterRecursiveCall(" in collect_exception_group_leaf_ids")) {
            return -1;
        }
        int rc = collect_leaf_ids(PyTuple_GET_ITEM(excs, i), ids);
        Py_LeaveRecursiveCall();
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

/* The matcher exceptions.c uses for projections (EXCEPTION_GROUP_MATCH_
 * INSTANCE_IDS: a leaf whose id() is in a set) is private, and subgroup()
 * takes only Python functions as predicates, so the same test is one,
 * defined once with the real builtins bound early. */
static PyObject *leaf_predicate(PyObject *ids)
{
    static PyObject *factory;
    if (factory == NULL) {
        PyObject *builtins = PyImport_ImportModule("builtins");
        PyObject *ns = builtins != NULL ? PyDict_New() : NULL;
        PyObject *r = NULL;
        if (ns != NULL && PyDict_SetItemString(ns, "__builtins__", builtins) == 0) {
            r = PyRun_String("def leaf_predicate(ids, group=BaseExceptionGroup, isinstance=isinstance, id=id):\n"
                             "    return lambda e: not isinstance(e, group) and id(e) in ids\n",
                             Py_file_input, ns, ns);
        }
        factory = r != NULL ? Py_XNewRef(PyDict_GetItemString(ns, "leaf_predicate")) : NULL;
        Py_XDECREF(r);
        Py_XDECREF(ns);
        Py_XDECREF(builtins);
        if (factory == NULL) {
            return NULL;
        }
    }
    return PyObject_CallOneArg(factory, ids);
}

/* exception_group_projection: the subgroup of eg holding exactly the leaves
 * of the groups in keep, built by BaseExceptionGroup.subgroup itself (not an
 * override, like the C code) so derive() and metadata copying are the same. */
static PyObject *projection(PyObject *eg, PyObject *keep)
{
    PyObject *ids = PySet_New(NULL);
    if (ids == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keep); i++) {
        if (collect_leaf_ids(PyList_GET_ITEM(keep, i), ids) < 0) {
            Py_DECREF(ids);
            return NULL;
        }
    }
    PyObject *pred = leaf_predicate(ids);
    PyObject *subgroup = pred != NULL ? PyObject_GetAttrString(PyExc_BaseExceptionGroup, "subgroup") : NULL;
    PyObject *result = subgroup != NULL ? PyObject_CallFunctionObjArgs(subgroup, eg, pred, NULL) : NULL;
    Py_XDECREF(subgroup);
    Py_XDECREF(pred);
    Py_DECREF(ids);
    return result;
}

/* is_same_exception_metadata: a re-raised exception shares these with orig. */
static bool same_metadata(PyObject *a, PyObject *b)
{
    PyBaseExceptionObject *x = (PyBaseExceptionObject *)a, *y = (PyBaseExceptionObject *)b;
    return x->notes == y->notes && x->traceback == y->traceback && x->cause == y->cause &&
           x->context == y->context;
}

/* _PyExc_PrepReraiseStar: what a try-except* raises at its end. excs are the
 * exceptions raised or re-raised by its clauses (None for none): re-raised
 * ones keep orig's nesting, newly raised ones become siblings in a new
 * group. */
PyObject *pyjc_prep_reraise_star(PyObject *orig, PyObject *excs)
{
    Py_ssize_t n = PyList_GET_SIZE(excs);
    if (n == 0) {
        return Py_NewRef(Py_None);
    }
    if (!is_exception_group(orig)) {
        /* A naked exception was wrapped: at most one clause ran. */
        return Py_NewRef(PyList_GET_ITEM(excs, 0));
    }
    PyObject *raised = PyList_New(0), *reraised = PyList_New(0), *result = NULL;
    if (raised == NULL || reraised == NULL) {
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *e = PyList_GET_ITEM(excs, i);
        if (!Py_IsNone(e) && PyList_Append(same_metadata(e, orig) ? reraised : raised, e) < 0) {
            goto done;
        }
    }
    PyObject *reraised_eg = projection(orig, reraised);
    if (reraised_eg == NULL || PyList_GET_SIZE(raised) == 0) {
        result = reraised_eg;
        goto done;
    }
    int rc = Py_IsNone(reraised_eg) ? 0 : PyList_Append(raised, reraised_eg);
    Py_DECREF(reraised_eg);
    if (rc == 0) {
        result = PyObject_CallFunction(PyExc_BaseExceptionGroup, "sO", "", raised);
    }
done:
    Py_XDECREF(raised);
    Py_XDECREF(reraised);
    return result;
}
