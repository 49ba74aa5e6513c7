/*
 * `_pyjc_testing`: internal, test-only. Python-callable wrappers around the
 * interpreter-semantics helpers (semantics.h), so tests can run each helper
 * on real objects and compare it with the interpreter doing the same thing.
 * Always registered (like `pyjc`), but not an API: names and shapes change
 * with the tests.
 *
 * Helpers that take a frame get the *calling* Python frame (a module, class
 * body or function running the call), so they see that frame's f_locals,
 * f_globals and f_builtins exactly as compiled code of that frame would.
 * Names of locals/cells are passed as str and resolved to localsplus indices
 * here. Out-parameters come back as tuples (None for NULL).
 */
#include "semantics.h"

#include <frameobject.h>

static _PyInterpreterFrame *caller(void)
{
    PyFrameObject *f = PyEval_GetFrame();
    if (f == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_pyjc_testing: no calling Python frame");
        return NULL;
    }
    return f->f_frame;
}

/* The localsplus index of `name` in the calling frame, or -1 with an error. */
static int local_index(_PyInterpreterFrame *frame, PyObject *name)
{
    PyObject *names = frame->f_code->co_localsplusnames;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        if (PyUnicode_Compare(PyTuple_GET_ITEM(names, i), name) == 0) {
            return (int)i;
        }
    }
    PyErr_Format(PyExc_LookupError, "_pyjc_testing: %R is not a local, cell or free variable", name);
    return -1;
}

static PyObject *none_if_null(PyObject *o)
{
    return o != NULL ? o : Py_NewRef(Py_None);
}

/* A 0/-1 helper result as None/NULL. */
static PyObject *status(int rc)
{
    return rc == 0 ? Py_NewRef(Py_None) : NULL;
}

/* Out-parameters (new references) as a tuple, stealing them. */
static PyObject *steal_tuple(PyObject **items, int n)
{
    PyObject *t = PyTuple_New(n);
    for (int i = 0; i < n; i++) {
        if (t != NULL) PyTuple_SET_ITEM(t, i, none_if_null(items[i]));
        else Py_XDECREF(items[i]);
    }
    return t;
}

#define ARGS(...) if (!PyArg_ParseTuple(args, __VA_ARGS__)) return NULL
#define FRAME(f) _PyInterpreterFrame *f = caller(); if (f == NULL) return NULL

/* ---- names and imports ---------------------------------------------------- */

static PyObject *t_unbound(PyObject *args, void (*helper)(_PyInterpreterFrame *, int))
{
    PyObject *name;
    ARGS("U", &name);
    FRAME(f);
    int i = local_index(f, name);
    if (i >= 0) helper(f, i);
    return NULL;
}
static PyObject *t_unbound_local(PyObject *m, PyObject *args) { return t_unbound(args, pyjc_unbound_local); }
static PyObject *t_unbound_deref(PyObject *m, PyObject *args) { return t_unbound(args, pyjc_unbound_deref); }

static PyObject *t_load_classderef(PyObject *m, PyObject *args)
{
    PyObject *name;
    ARGS("U", &name);
    FRAME(f);
    int i = local_index(f, name);
    return i < 0 ? NULL : pyjc_load_classderef(f, i);
}

static PyObject *t_name_op(PyObject *args, int op)
{
    PyObject *name, *value = NULL;
    ARGS("U|O", &name, &value);
    FRAME(f);
    switch (op) {
    case 0: return pyjc_load_name(f, name);
    case 1: return status(pyjc_store_name(f, name, value != NULL ? value : Py_None));
    case 2: return status(pyjc_delete_name(f, name));
    case 3: return pyjc_load_global(f, name);
    case 4: return status(pyjc_store_global(f, name, value != NULL ? value : Py_None));
    default: return status(pyjc_delete_global(f, name));
    }
}
static PyObject *t_load_name(PyObject *m, PyObject *a) { return t_name_op(a, 0); }
static PyObject *t_store_name(PyObject *m, PyObject *a) { return t_name_op(a, 1); }
static PyObject *t_delete_name(PyObject *m, PyObject *a) { return t_name_op(a, 2); }
static PyObject *t_load_global(PyObject *m, PyObject *a) { return t_name_op(a, 3); }
static PyObject *t_store_global(PyObject *m, PyObject *a) { return t_name_op(a, 4); }
static PyObject *t_delete_global(PyObject *m, PyObject *a) { return t_name_op(a, 5); }

static PyObject *t_load_build_class(PyObject *m, PyObject *unused)
{
    FRAME(f);
    return pyjc_load_build_class(f);
}

static PyObject *t_setup_annotations(PyObject *m, PyObject *unused)
{
    FRAME(f);
    return status(pyjc_setup_annotations(f));
}

static PyObject *t_import_name(PyObject *m, PyObject *args)
{
    PyObject *name, *fromlist, *level;
    ARGS("UOO", &name, &fromlist, &level);
    FRAME(f);
    return pyjc_import_name(f, name, fromlist, level);
}

static PyObject *t_import_from(PyObject *m, PyObject *args)
{
    PyObject *module, *name;
    ARGS("OU", &module, &name);
    return pyjc_import_from(module, name);
}

static PyObject *t_import_star(PyObject *m, PyObject *module)
{
    FRAME(f);
    return status(pyjc_import_star(f, module));
}

/* ---- building and calling --------------------------------------------------- */

static PyObject *t_items(PyObject *args, PyObject *(*build)(PyObject **, Py_ssize_t), int per_item)
{
    return build(&PyTuple_GET_ITEM(args, 0), PyTuple_GET_SIZE(args) / per_item);
}
static PyObject *t_build_tuple(PyObject *m, PyObject *a) { return t_items(a, pyjc_build_tuple, 1); }
static PyObject *t_build_list(PyObject *m, PyObject *a) { return t_items(a, pyjc_build_list, 1); }
static PyObject *t_build_set(PyObject *m, PyObject *a) { return t_items(a, pyjc_build_set, 1); }
static PyObject *t_build_map(PyObject *m, PyObject *a) { return t_items(a, pyjc_build_map, 2); }
static PyObject *t_build_string(PyObject *m, PyObject *a) { return t_items(a, pyjc_build_string, 1); }

/* build_const_key_map(keys, *values) */
static PyObject *t_build_const_key_map(PyObject *m, PyObject *args)
{
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) return PyErr_Format(PyExc_TypeError, "build_const_key_map(keys, *values)");
    return pyjc_build_const_key_map(&PyTuple_GET_ITEM(args, 1), n - 1, PyTuple_GET_ITEM(args, 0));
}

static PyObject *t_update(PyObject *args, int (*helper)(PyObject *, PyObject *))
{
    PyObject *target, *source;
    ARGS("OO", &target, &source);
    return status(helper(target, source));
}
static PyObject *t_list_extend(PyObject *m, PyObject *a) { return t_update(a, pyjc_list_extend); }
static PyObject *t_set_update(PyObject *m, PyObject *a) { return t_update(a, pyjc_set_update); }
static PyObject *t_dict_update(PyObject *m, PyObject *a) { return t_update(a, pyjc_dict_update); }

static PyObject *t_dict_merge(PyObject *m, PyObject *args)
{
    PyObject *func, *dict, *update;
    ARGS("OOO", &func, &dict, &update);
    return status(pyjc_dict_merge(func, dict, update));
}

static PyObject *t_format_value(PyObject *m, PyObject *args)
{
    PyObject *value, *spec = NULL;
    int conversion;
    ARGS("Oi|O", &value, &conversion, &spec);
    return pyjc_format_value(value, conversion, spec);
}

/* load_method(obj, name) -> (method or None, self or attribute) */
static PyObject *t_load_method(PyObject *m, PyObject *args)
{
    PyObject *obj, *name, *out[2];
    ARGS("OU", &obj, &name);
    return pyjc_load_method(obj, name, out) < 0 ? NULL : steal_tuple(out, 2);
}

static PyObject *t_call_ex(PyObject *m, PyObject *args)
{
    PyObject *func, *callargs, *kwargs = NULL;
    ARGS("OO|O", &func, &callargs, &kwargs);
    return pyjc_call_ex(func, callargs, kwargs);
}

/* make_function(code, flags, defaults, kwdefaults, annotations, closure) */
static PyObject *t_make_function(PyObject *m, PyObject *args)
{
    PyObject *code, *extras[4];
    int flags;
    ARGS("OiOOOO", &code, &flags, &extras[0], &extras[1], &extras[2], &extras[3]);
    FRAME(f);
    return pyjc_make_function(f, code, flags, extras);
}

static PyObject *t_print_expr(PyObject *m, PyObject *value)
{
    return status(pyjc_print_expr(value));
}

/* for_iter(it) -> (item,) or () when exhausted */
static PyObject *t_for_iter(PyObject *m, PyObject *iter)
{
    PyObject *item = pyjc_for_iter(iter);
    if (item == NULL) return PyErr_Occurred() ? NULL : PyTuple_New(0);
    return steal_tuple(&item, 1);
}

static PyObject *t_get_len(PyObject *m, PyObject *value)
{
    return pyjc_get_len(value);
}

/* ---- unpacking and matching -------------------------------------------------- */

static PyObject *t_unpack(PyObject *seq, int before, int after)
{
    int n = before + (after < 0 ? 0 : 1 + after);
    if (before < 0 || n > 256) return PyErr_Format(PyExc_ValueError, "_pyjc_testing: bad counts");
    PyObject *out[256];
    int rc = after < 0 ? pyjc_unpack_sequence(seq, before, out) : pyjc_unpack_ex(seq, before, after, out);
    return rc < 0 ? NULL : steal_tuple(out, n);
}

static PyObject *t_unpack_sequence(PyObject *m, PyObject *args)
{
    PyObject *seq;
    int n;
    ARGS("Oi", &seq, &n);
    return t_unpack(seq, n, -1);
}

static PyObject *t_unpack_ex(PyObject *m, PyObject *args)
{
    PyObject *seq;
    int before, after;
    ARGS("Oii", &seq, &before, &after);
    if (after < 0) return PyErr_Format(PyExc_ValueError, "_pyjc_testing: bad counts");
    return t_unpack(seq, before, after);
}

static PyObject *t_match_keys(PyObject *m, PyObject *args)
{
    PyObject *subject, *keys;
    ARGS("OO!", &subject, &PyTuple_Type, &keys);
    return pyjc_match_keys(subject, keys);
}

static PyObject *t_match_class(PyObject *m, PyObject *args)
{
    PyObject *subject, *type, *kwnames;
    int nargs;
    ARGS("OOiO!", &subject, &type, &nargs, &PyTuple_Type, &kwnames);
    return pyjc_match_class(subject, type, nargs, kwnames);
}

/* ---- exceptions and with ----------------------------------------------------- */

/* The pending exception, normalized, as a value (None if there is none). */
static PyObject *take_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (value != NULL && tb != NULL) PyException_SetTraceback(value, tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return none_if_null(value);
}

/* catch(type, value, tb=None): set exactly that raw exception, land. */
static PyObject *t_catch(PyObject *m, PyObject *args)
{
    PyObject *type, *value, *tb = Py_None;
    ARGS("OO|O", &type, &value, &tb);
    PyErr_Restore(Py_NewRef(type), Py_NewRef(value), Py_IsNone(tb) ? NULL : Py_NewRef(tb));
    return pyjc_catch(PyThreadState_Get());
}

static PyObject *t_lasti(PyObject *m, PyObject *unused)
{
    FRAME(f);
    return pyjc_lasti(f);
}

static PyObject *handled(PyThreadState *tstate)
{
    return Py_NewRef(tstate->exc_info->exc_value != NULL ? tstate->exc_info->exc_value : Py_None);
}

/* push_pop(value) -> (pushed previous, handled while pushed, handled after) */
static PyObject *t_push_pop(PyObject *m, PyObject *value)
{
    PyThreadState *tstate = PyThreadState_Get();
    PyObject *prev = pyjc_push_exc_info(tstate, value);
    PyObject *during = handled(tstate);
    pyjc_pop_except(tstate, Py_NewRef(prev));
    PyObject *after = handled(tstate);
    PyObject *r = PyTuple_Pack(3, prev, during, after);
    Py_DECREF(prev);
    Py_DECREF(during);
    Py_DECREF(after);
    return r;
}

static PyObject *t_check_exc_match(PyObject *m, PyObject *args)
{
    PyObject *exc, *type;
    ARGS("OO", &exc, &type);
    return pyjc_check_exc_match(exc, type);
}

/* check_eg_match(exc, type) -> (rest, match, handled after); the handled
 * exception is put back afterwards. */
static PyObject *t_check_eg_match(PyObject *m, PyObject *args)
{
    PyObject *exc, *type, *out[3];
    ARGS("OO", &exc, &type);
    PyThreadState *tstate = PyThreadState_Get();
    PyObject *saved = Py_XNewRef(tstate->exc_info->exc_value);
    int rc = pyjc_check_eg_match(exc, type, out);
    out[2] = handled(tstate);
    Py_XSETREF(tstate->exc_info->exc_value, saved);
    if (rc < 0) {
        Py_DECREF(out[2]);
        return NULL;
    }
    return steal_tuple(out, 3);
}

static PyObject *t_prep_reraise_star(PyObject *m, PyObject *args)
{
    PyObject *orig, *excs;
    ARGS("OO!", &orig, &PyList_Type, &excs);
    return pyjc_prep_reraise_star(orig, excs);
}

/* before_with(mgr) -> (exit, enter result) */
static PyObject *t_before_with(PyObject *m, PyObject *mgr)
{
    PyObject *out[2];
    return pyjc_before_with(mgr, out) < 0 ? NULL : steal_tuple(out, 2);
}

static PyObject *t_with_except_start(PyObject *m, PyObject *args)
{
    PyObject *exit, *exc;
    ARGS("OO", &exit, &exc);
    return pyjc_with_except_start(exit, exc);
}

/* raise_([exc[, cause]]) -> (pyjc_raise's result, the exception it set) */
static PyObject *t_raise(PyObject *m, PyObject *args)
{
    PyObject *exc = NULL, *cause = NULL;
    ARGS("|OO", &exc, &cause);
    int rc = pyjc_raise(exc, cause);
    if (!PyErr_Occurred()) return PyErr_Format(PyExc_AssertionError, "pyjc_raise set no exception");
    PyObject *value = take_exception();
    PyObject *r = Py_BuildValue("(iO)", rc, value);
    Py_DECREF(value);
    return r;
}

/* reraise(exc[, lasti]) -> (lasti of the frame after it, the exception
 * set, its traceback); the calling frame's prev_instr is put back. */
static PyObject *t_reraise(PyObject *m, PyObject *args)
{
    PyObject *exc, *lasti = NULL;
    ARGS("O|O", &exc, &lasti);
    FRAME(f);
    _Py_CODEUNIT *saved = f->prev_instr;
    pyjc_reraise(f, exc, lasti);
    PyObject *set_lasti = PyLong_FromLong(_PyInterpreterFrame_LASTI(f));
    f->prev_instr = saved;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *r = Py_BuildValue("(NOO)", set_lasti, value ? value : Py_None, tb ? tb : Py_None);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return r;
}

#define FN(name, flags) {#name, (PyCFunction)(void (*)(void))t_##name, flags, NULL}

static PyMethodDef methods[] = {
    FN(unbound_local, METH_VARARGS), FN(unbound_deref, METH_VARARGS),
    FN(load_classderef, METH_VARARGS), FN(load_name, METH_VARARGS),
    FN(store_name, METH_VARARGS), FN(delete_name, METH_VARARGS),
    FN(load_global, METH_VARARGS), FN(store_global, METH_VARARGS),
    FN(delete_global, METH_VARARGS), FN(load_build_class, METH_NOARGS),
    FN(setup_annotations, METH_NOARGS), FN(import_name, METH_VARARGS),
    FN(import_from, METH_VARARGS), FN(import_star, METH_O),
    FN(build_tuple, METH_VARARGS), FN(build_list, METH_VARARGS), FN(build_set, METH_VARARGS),
    FN(build_map, METH_VARARGS), FN(build_const_key_map, METH_VARARGS),
    FN(build_string, METH_VARARGS), FN(list_extend, METH_VARARGS),
    FN(set_update, METH_VARARGS), FN(dict_update, METH_VARARGS), FN(dict_merge, METH_VARARGS),
    FN(format_value, METH_VARARGS), FN(load_method, METH_VARARGS), FN(call_ex, METH_VARARGS),
    FN(make_function, METH_VARARGS), FN(print_expr, METH_O), FN(for_iter, METH_O),
    FN(get_len, METH_O), FN(unpack_sequence, METH_VARARGS), FN(unpack_ex, METH_VARARGS),
    FN(match_keys, METH_VARARGS), FN(match_class, METH_VARARGS), FN(catch, METH_VARARGS),
    FN(lasti, METH_NOARGS), FN(push_pop, METH_O), FN(check_exc_match, METH_VARARGS),
    FN(check_eg_match, METH_VARARGS), FN(prep_reraise_star, METH_VARARGS),
    FN(before_with, METH_O), FN(with_except_start, METH_VARARGS), {"raise_", t_raise, METH_VARARGS, NULL},
    FN(reraise, METH_VARARGS),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef testing_moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_pyjc_testing",
    .m_doc = "Internal, for pyjc's own tests: the runtime's interpreter-semantics helpers.",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC pyjc_testing_module_init(void)
{
    return PyModule_Create(&testing_moduledef);
}
