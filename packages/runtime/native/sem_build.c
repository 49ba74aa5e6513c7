/*
 * Building values and calling: BUILD_*, LIST_EXTEND, SET_UPDATE,
 * DICT_UPDATE, DICT_MERGE, FORMAT_VALUE, LOAD_METHOD, CALL_FUNCTION_EX,
 * MAKE_FUNCTION, PRINT_EXPR, FOR_ITER and GET_LEN (3.11 Python/ceval.c).
 * Items are borrowed: generated code keeps and releases its own references.
 */
#include "semantics.h"

/* BUILD_TUPLE */
PyObject *pyjc_build_tuple(PyObject **items, Py_ssize_t n)
{
    PyObject *t = PyTuple_New(n);
    for (Py_ssize_t i = 0; t != NULL && i < n; i++) {
        PyTuple_SET_ITEM(t, i, Py_NewRef(items[i]));
    }
    return t;
}

/* BUILD_LIST */
PyObject *pyjc_build_list(PyObject **items, Py_ssize_t n)
{
    PyObject *l = PyList_New(n);
    for (Py_ssize_t i = 0; l != NULL && i < n; i++) {
        PyList_SET_ITEM(l, i, Py_NewRef(items[i]));
    }
    return l;
}

/* BUILD_SET: adds left to right and stops at the first error. */
PyObject *pyjc_build_set(PyObject **items, Py_ssize_t n)
{
    PyObject *set = PySet_New(NULL);
    for (Py_ssize_t i = 0; set != NULL && i < n; i++) {
        if (PySet_Add(set, items[i]) < 0) {
            Py_CLEAR(set);
        }
    }
    return set;
}

/* _PyDict_FromItems (BUILD_MAP, BUILD_CONST_KEY_MAP): insert in order, so a
 * repeated key keeps the last value and a bad key fails at its position.
 * Not exported; the one difference is capacity: the interpreter presizes
 * all-str-key dicts, here those grow as they fill (sys.getsizeof may differ
 * for more than 5 items), other dicts are presized the same way. */
static PyObject *dict_from_items(PyObject **keys, Py_ssize_t key_step, PyObject **values,
                                 Py_ssize_t value_step, Py_ssize_t n)
{
    bool all_str = true;
    for (Py_ssize_t i = 0; i < n && all_str; i++) {
        all_str = PyUnicode_CheckExact(keys[i * key_step]);
    }
    PyObject *d = all_str ? PyDict_New() : _PyDict_NewPresized(n);
    for (Py_ssize_t i = 0; d != NULL && i < n; i++) {
        if (PyDict_SetItem(d, keys[i * key_step], values[i * value_step]) < 0) {
            Py_CLEAR(d);
        }
    }
    return d;
}

/* BUILD_MAP: items = k0, v0, k1, v1, ... */
PyObject *pyjc_build_map(PyObject **items, Py_ssize_t npairs)
{
    return dict_from_items(items, 2, items + 1, 2, npairs);
}

/* BUILD_CONST_KEY_MAP */
PyObject *pyjc_build_const_key_map(PyObject **values, Py_ssize_t n, PyObject *keys)
{
    if (!PyTuple_CheckExact(keys) || PyTuple_GET_SIZE(keys) != n) {
        PyErr_SetString(PyExc_SystemError, "bad BUILD_CONST_KEY_MAP keys argument");
        return NULL;
    }
    return dict_from_items(&PyTuple_GET_ITEM(keys, 0), 1, values, 1, n);
}

/* BUILD_STRING: join with the empty string. */
PyObject *pyjc_build_string(PyObject **items, Py_ssize_t n)
{
    PyObject *empty = PyUnicode_New(0, 0);
    PyObject *s = empty != NULL ? _PyUnicode_JoinArray(empty, items, n) : NULL;
    Py_XDECREF(empty);
    return s;
}

/* LIST_EXTEND: `[*x]`, with its own message for a non-iterable. */
int pyjc_list_extend(PyObject *list, PyObject *iterable)
{
    PyObject *none = _PyList_Extend((PyListObject *)list, iterable);
    if (none != NULL) {
        Py_DECREF(none);
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_TypeError) && Py_TYPE(iterable)->tp_iter == NULL &&
        !PySequence_Check(iterable)) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "Value after * must be an iterable, not %.200s",
                     Py_TYPE(iterable)->tp_name);
    }
    return -1;
}

/* SET_UPDATE */
int pyjc_set_update(PyObject *set, PyObject *iterable)
{
    return _PySet_Update(set, iterable) < 0 ? -1 : 0;
}

/* DICT_UPDATE: `{**x}`; PyDict_Update's AttributeError (no .keys) becomes
 * the TypeError the interpreter raises. */
int pyjc_dict_update(PyObject *dict, PyObject *update)
{
    if (PyDict_Update(dict, update) == 0) {
        return 0;
    }
    if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object is not a mapping", Py_TYPE(update)->tp_name);
    }
    return -1;
}

/* format_kwargs_error: a non-mapping after ** (AttributeError from .keys)
 * or a repeated keyword (the KeyError _PyDict_MergeEx raises with the key
 * as its unnormalized one-tuple value). */
void pyjc_format_kwargs_error(PyObject *func, PyObject *kwargs)
{
    if (PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        PyObject *funcstr = _PyObject_FunctionStr(func);
        if (funcstr != NULL) {
            PyErr_Format(PyExc_TypeError, "%U argument after ** must be a mapping, not %.200s",
                         funcstr, Py_TYPE(kwargs)->tp_name);
            Py_DECREF(funcstr);
        }
        return;
    }
    if (!PyErr_ExceptionMatches(PyExc_KeyError)) {
        return;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (value == NULL || !PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 1) {
        PyErr_Restore(type, value, tb);
        return;
    }
    PyObject *funcstr = _PyObject_FunctionStr(func);
    if (funcstr != NULL) {
        PyErr_Format(PyExc_TypeError, "%U got multiple values for keyword argument '%S'",
                     funcstr, PyTuple_GET_ITEM(value, 0));
        Py_DECREF(funcstr);
    }
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

/* DICT_MERGE: `f(**x)`; duplicate keys are errors (override mode 2). */
int pyjc_dict_merge(PyObject *func, PyObject *dict, PyObject *update)
{
    if (_PyDict_MergeEx(dict, update, 2) == 0) {
        return 0;
    }
    pyjc_format_kwargs_error(func, update);
    return -1;
}

/* FORMAT_VALUE: 0 none, 1 str, 2 repr, 3 ascii; an exact str without a spec
 * is its own result. */
PyObject *pyjc_format_value(PyObject *value, int conversion, PyObject *spec_or_null)
{
    PyObject *converted;
    switch (conversion) {
    case 0: converted = Py_NewRef(value); break;
    case 1: converted = PyObject_Str(value); break;
    case 2: converted = PyObject_Repr(value); break;
    case 3: converted = PyObject_ASCII(value); break;
    default:
        PyErr_Format(PyExc_SystemError, "unexpected conversion flag %d", conversion);
        return NULL;
    }
    if (converted == NULL || (PyUnicode_CheckExact(converted) && spec_or_null == NULL)) {
        return converted;
    }
    PyObject *result = PyObject_Format(converted, spec_or_null);
    Py_DECREF(converted);
    return result;
}

/* LOAD_METHOD: out = {unbound method, obj} or {NULL, attribute}. */
int pyjc_load_method(PyObject *obj, PyObject *name, PyObject **out)
{
    PyObject *meth = NULL;
    int found = _PyObject_GetMethod(obj, name, &meth);
    if (meth == NULL) {
        out[0] = out[1] = NULL;
        return -1;
    }
    out[0] = found ? meth : NULL;
    out[1] = found ? Py_NewRef(obj) : meth;
    return 0;
}

/* check_args_iterable: `f(*x)` with a non-iterable x. Clears any exception
 * first, as the interpreter does. */
static int check_args_iterable(PyObject *func, PyObject *args)
{
    if (Py_TYPE(args)->tp_iter != NULL || PySequence_Check(args)) {
        return 0;
    }
    PyErr_Clear();
    PyObject *funcstr = _PyObject_FunctionStr(func);
    if (funcstr != NULL) {
        PyErr_Format(PyExc_TypeError, "%U argument after * must be an iterable, not %.200s",
                     funcstr, Py_TYPE(args)->tp_name);
        Py_DECREF(funcstr);
    }
    return -1;
}

/* CALL_FUNCTION_EX (do_call_core without tracing is PyObject_Call). */
PyObject *pyjc_call_ex(PyObject *func, PyObject *callargs, PyObject *kwargs_or_null)
{
    PyObject *kwargs = Py_XNewRef(kwargs_or_null);
    if (kwargs != NULL && !PyDict_CheckExact(kwargs)) {
        PyObject *d = PyDict_New();
        if (d == NULL || _PyDict_MergeEx(d, kwargs, 2) < 0) {
            if (d != NULL) {
                pyjc_format_kwargs_error(func, kwargs);
            }
            Py_XDECREF(d);
            Py_DECREF(kwargs);
            return NULL;
        }
        Py_SETREF(kwargs, d);
    }
    PyObject *args;
    if (PyTuple_CheckExact(callargs)) {
        args = Py_NewRef(callargs);
    }
    else if (check_args_iterable(func, callargs) < 0 || (args = PySequence_Tuple(callargs)) == NULL) {
        Py_XDECREF(kwargs);
        return NULL;
    }
    PyObject *result = PyObject_Call(func, args, kwargs);
    Py_DECREF(args);
    Py_XDECREF(kwargs);
    return result;
}

/* MAKE_FUNCTION: flags 0x01 defaults, 0x02 kwdefaults, 0x04 annotations,
 * 0x08 closure, stored straight into the new function as the interpreter
 * does (no setter side effects). */
PyObject *pyjc_make_function(_PyInterpreterFrame *frame, PyObject *code, int flags,
                             PyObject **extras)
{
    PyFunctionObject *func = (PyFunctionObject *)PyFunction_New(code, frame->f_globals);
    if (func == NULL) {
        return NULL;
    }
    if (flags & 0x01) func->func_defaults = Py_NewRef(extras[0]);
    if (flags & 0x02) func->func_kwdefaults = Py_NewRef(extras[1]);
    if (flags & 0x04) func->func_annotations = Py_NewRef(extras[2]);
    if (flags & 0x08) func->func_closure = Py_NewRef(extras[3]);
    return (PyObject *)func;
}

/* PRINT_EXPR: sys.displayhook(value), for the interactive prompt. */
int pyjc_print_expr(PyObject *value)
{
    _Py_IDENTIFIER(displayhook);
    PyObject *key = _PyUnicode_FromId(&PyId_displayhook); /* borrowed */
    if (key == NULL) {
        return -1;
    }
    PyObject *hook = _PySys_GetAttr(PyThreadState_Get(), key); /* borrowed */
    if (hook == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "lost sys.displayhook");
        return -1;
    }
    PyObject *res = PyObject_CallOneArg(hook, value);
    Py_XDECREF(res);
    return res != NULL ? 0 : -1;
}

/* FOR_ITER: the next item; NULL without an exception when exhausted (a
 * StopIteration is consumed), NULL with one on error. */
PyObject *pyjc_for_iter(PyObject *iter)
{
    PyObject *next = Py_TYPE(iter)->tp_iternext(iter);
    if (next == NULL && PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyErr_Clear();
    }
    return next;
}

/* GET_LEN */
PyObject *pyjc_get_len(PyObject *value)
{
    Py_ssize_t n = PyObject_Length(value);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}
