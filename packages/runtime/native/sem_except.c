/*
 * Raising and handling exceptions and with-blocks: RAISE_VARARGS (do_raise),
 * RERAISE, exception_unwind's landing in a handler, PUSH_EXC_INFO,
 * POP_EXCEPT, CHECK_EXC_MATCH, BEFORE_WITH and WITH_EXCEPT_START, as in 3.11
 * Python/ceval.c. except* is in sem_exgroup.c.
 */
#include "semantics.h"

#define CANNOT_CATCH_MSG "catching classes that do not inherit from BaseException is not allowed"

/* exception_unwind: the value a handler receives, normalized, with
 * __traceback__ set to the traceback so far (None if there is none). */
PyObject *pyjc_catch(PyThreadState *tstate)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb); /* tstate is the current thread's */
    PyErr_NormalizeException(&type, &value, &tb);
    PyException_SetTraceback(value, tb != NULL ? tb : Py_None);
    Py_XDECREF(tb);
    Py_XDECREF(type);
    return value;
}

/* The int exception_unwind pushes for handlers that need lasti. */
PyObject *pyjc_lasti(_PyInterpreterFrame *frame)
{
    return PyLong_FromLong(_PyInterpreterFrame_LASTI(frame));
}

/* PUSH_EXC_INFO: the previous handled exception moves to the caller. */
PyObject *pyjc_push_exc_info(PyThreadState *tstate, PyObject *value)
{
    _PyErr_StackItem *exc_info = tstate->exc_info;
    PyObject *prev = exc_info->exc_value != NULL ? exc_info->exc_value : Py_NewRef(Py_None);
    exc_info->exc_value = Py_NewRef(value);
    return prev;
}

/* POP_EXCEPT: steals value. */
void pyjc_pop_except(PyThreadState *tstate, PyObject *value)
{
    _PyErr_StackItem *exc_info = tstate->exc_info;
    PyObject *old = exc_info->exc_value;
    exc_info->exc_value = value;
    Py_XDECREF(old);
}

/* check_except_type_valid: an exception class or a tuple of them. */
int pyjc_check_except_type_valid(PyObject *right)
{
    if (PyTuple_Check(right)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(right); i++) {
            if (!PyExceptionClass_Check(PyTuple_GET_ITEM(right, i))) {
                PyErr_SetString(PyExc_TypeError, CANNOT_CATCH_MSG);
                return -1;
            }
        }
    }
    else if (!PyExceptionClass_Check(right)) {
        PyErr_SetString(PyExc_TypeError, CANNOT_CATCH_MSG);
        return -1;
    }
    return 0;
}

/* CHECK_EXC_MATCH */
PyObject *pyjc_check_exc_match(PyObject *exc, PyObject *type)
{
    if (pyjc_check_except_type_valid(type) < 0) {
        return NULL;
    }
    return PyBool_FromLong(PyErr_GivenExceptionMatches(exc, type));
}

/* ---- raise ------------------------------------------------------------------ */

/* do_raise, with borrowed operands. 1: a bare `raise` re-raised the handled
 * exception (the interpreter then unwinds without a new traceback entry);
 * 0: the exception to propagate is set (the error path adds the entry). */
int pyjc_raise(PyObject *exc, PyObject *cause)
{
    if (exc == NULL) {
        PyObject *value = _PyErr_GetTopmostException(PyThreadState_Get())->exc_value;
        if (value == NULL || Py_IsNone(value)) {
            PyErr_SetString(PyExc_RuntimeError, "No active exception to reraise");
            return 0;
        }
        PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(value)), Py_NewRef(value),
                      PyException_GetTraceback(value));
        return 1;
    }
    PyObject *type, *value;
    if (PyExceptionClass_Check(exc)) {
        type = Py_NewRef(exc);
        value = PyObject_CallNoArgs(exc);
        if (value == NULL) {
            Py_DECREF(type);
            return 0;
        }
        if (!PyExceptionInstance_Check(value)) {
            PyErr_Format(PyExc_TypeError,
                         "calling %R should have returned an instance of BaseException, not %R",
                         type, Py_TYPE(value));
            Py_DECREF(value);
            Py_DECREF(type);
            return 0;
        }
    }
    else if (PyExceptionInstance_Check(exc)) {
        value = Py_NewRef(exc);
        type = Py_NewRef(PyExceptionInstance_Class(exc));
    }
    else {
        PyErr_SetString(PyExc_TypeError, "exceptions must derive from BaseException");
        return 0;
    }
    if (cause != NULL) {
        PyObject *fixed;
        if (PyExceptionClass_Check(cause)) {
            fixed = PyObject_CallNoArgs(cause);
        }
        else if (PyExceptionInstance_Check(cause)) {
            fixed = Py_NewRef(cause);
        }
        else if (Py_IsNone(cause)) {
            fixed = NULL;
        }
        else {
            PyErr_SetString(PyExc_TypeError, "exception causes must derive from BaseException");
            fixed = NULL;
        }
        if (fixed == NULL && !Py_IsNone(cause)) {
            Py_DECREF(value);
            Py_DECREF(type);
            return 0;
        }
        PyException_SetCause(value, fixed); /* steals fixed */
    }
    PyErr_SetObject(type, value);
    Py_DECREF(value);
    Py_DECREF(type);
    return 0;
}

/* RERAISE: restore exc with its own traceback; with lasti, first point the
 * frame back at the instruction that raised (line numbers). The compiler
 * always pushes an int lasti; for anything else this sets the interpreter's
 * SystemError instead (the interpreter would also add a traceback entry). */
void pyjc_reraise(_PyInterpreterFrame *frame, PyObject *exc, PyObject *lasti)
{
    if (lasti != NULL) {
        if (!PyLong_Check(lasti)) {
            PyErr_SetString(PyExc_SystemError, "lasti is not an int");
            return;
        }
        frame->prev_instr = _PyCode_CODE(frame->f_code) + PyLong_AsLong(lasti);
    }
    PyErr_Restore(Py_NewRef(PyExceptionInstance_Class(exc)), Py_NewRef(exc),
                  PyException_GetTraceback(exc));
}

/* ---- with ------------------------------------------------------------------- */

/* BEFORE_WITH: out = {bound __exit__, __enter__()}. */
int pyjc_before_with(PyObject *mgr, PyObject **out)
{
    _Py_IDENTIFIER(__enter__);
    _Py_IDENTIFIER(__exit__);
    out[0] = out[1] = NULL;
    PyObject *enter = _PyObject_LookupSpecialId(mgr, &PyId___enter__);
    if (enter == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_TypeError,
                         "'%.200s' object does not support the context manager protocol",
                         Py_TYPE(mgr)->tp_name);
        }
        return -1;
    }
    PyObject *exit = _PyObject_LookupSpecialId(mgr, &PyId___exit__);
    if (exit == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_TypeError,
                         "'%.200s' object does not support the context manager protocol "
                         "(missed __exit__ method)",
                         Py_TYPE(mgr)->tp_name);
        }
        Py_DECREF(enter);
        return -1;
    }
    PyObject *res = PyObject_CallNoArgs(enter);
    Py_DECREF(enter);
    if (res == NULL) {
        Py_DECREF(exit);
        return -1;
    }
    out[0] = exit;
    out[1] = res;
    return 0;
}

/* WITH_EXCEPT_START: exit(type(exc), exc, exc.__traceback__). A caught
 * exception always has __traceback__ set (pyjc_catch); None stands in if
 * not, where the interpreter would pass NULL. */
PyObject *pyjc_with_except_start(PyObject *exit, PyObject *exc)
{
    PyObject *tb = PyException_GetTraceback(exc);
    PyObject *args[4] = {NULL, PyExceptionInstance_Class(exc), exc, tb != NULL ? tb : Py_None};
    PyObject *res = PyObject_Vectorcall(exit, args + 1, 3 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_XDECREF(tb);
    return res;
}
