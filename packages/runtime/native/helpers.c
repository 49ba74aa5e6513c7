/*
 * Helpers that generated code calls (their addresses are in the symbol table).
 *
 * They exist where doing the job inline would need an interpreter function
 * that libpython3.11 does not export (_PyFrame_MakeAndSetFrameObject,
 * _Py_HandlePending), so each one rebuilds the behaviour from exported API.
 */
#include "semantics.h"

/*
 * The frame object of a frame, as _PyFrame_GetFrameObject gives it to the
 * interpreter. Creating one is not exported, but PyEval_GetFrame() does it
 * for tstate->cframe->current_frame, which is this frame while its compiled
 * code runs. Incomplete frames (prev_instr before _co_firsttraceable, i.e.
 * before the RESUME) get none: they are invisible to tracebacks and
 * sys._getframe().
 */
PyFrameObject *pyjc_frame_object(_PyInterpreterFrame *frame)
{
    if (frame->frame_obj != NULL) {
        return frame->frame_obj;
    }
    PyThreadState *tstate = PyThreadState_Get();
    if (tstate->cframe->current_frame != frame || _PyFrame_IsIncomplete(frame)) {
        return NULL;
    }
    /* PyEval_GetFrame clears the error indicator if it cannot allocate;
     * keep any exception that is being propagated. */
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyFrameObject *f = PyEval_GetFrame();
    PyErr_Restore(type, value, tb);
    return f != NULL && f->f_frame == frame ? f : NULL;
}

/*
 * The interpreter's error path adds a traceback entry for the current frame
 * with PyTraceBack_Here(_PyFrame_GetFrameObject(frame)). The line number
 * comes from frame->prev_instr, so compiled code must store the faulting
 * instruction there first. Incomplete frames get no entry, as in ceval.c.
 */
int pyjc_add_traceback(_PyInterpreterFrame *frame)
{
    PyFrameObject *f = pyjc_frame_object(frame);
    return f != NULL ? PyTraceBack_Here(f) : 0;
}

/* _Py_ThreadCanHandleSignals/_Py_ThreadCanHandlePendingCalls in 3.11: only
 * the main thread of the main interpreter does either. */
static bool is_main_thread_of_main_interp(PyInterpreterState *interp)
{
    return PyThread_get_thread_ident() == _PyRuntime.main_thread &&
           interp == _PyRuntime.interpreters.main;
}

/* COMPUTE_EVAL_BREAKER from 3.11 Python/ceval.c; needed after consuming an
 * async exception, because nothing exported recomputes the flag and a stale
 * eval_breaker would send every poll (compiled and interpreted) to the slow
 * path forever. */
static void recompute_eval_breaker(PyInterpreterState *interp)
{
    struct _ceval_state *ceval2 = &interp->ceval;
    bool main = is_main_thread_of_main_interp(interp);
    int value = _Py_atomic_load_relaxed(&ceval2->gil_drop_request) |
                (_Py_atomic_load_relaxed(&_PyRuntime.ceval.signals_pending) && main) |
                (_Py_atomic_load_relaxed(&ceval2->pending.calls_to_do) && main) |
                ceval2->pending.async_exc;
    _Py_atomic_store_relaxed(&ceval2->eval_breaker, value);
}

/*
 * What the interpreter does when compiled loops see a non-zero eval_breaker
 * (eval_frame_handle_pending in 3.11 Python/ceval.c), from exported API:
 * signal handlers and pending calls (Py_MakePendingCalls does both, and only
 * on the main thread), the GIL hand-off another thread asked for, and an
 * asynchronous exception (PyThreadState_SetAsyncExc).
 * Returns 0, or -1 with an exception set (e.g. KeyboardInterrupt).
 */
int pyjc_handle_eval_breaker(PyThreadState *tstate)
{
    PyInterpreterState *interp = tstate->interp;
    if (Py_MakePendingCalls() != 0) {
        return -1;
    }
    if (_Py_atomic_load_relaxed(&interp->ceval.gil_drop_request)) {
        /* Releasing and re-taking the GIL lets the waiting thread run; the
         * GIL code resets gil_drop_request and eval_breaker itself. */
        PyThreadState *saved = PyEval_SaveThread();
        PyEval_RestoreThread(saved);
    }
    if (tstate->async_exc != NULL) {
        PyObject *exc = tstate->async_exc;
        tstate->async_exc = NULL;
        interp->ceval.pending.async_exc = 0;
        recompute_eval_breaker(interp);
        PyErr_SetNone(exc);
        Py_DECREF(exc);
        return -1;
    }
    return 0;
}
