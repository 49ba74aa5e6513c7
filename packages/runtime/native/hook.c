/*
 * The PEP 523 frame-evaluation hook and the per-code-object state behind it.
 *
 * Every Python frame the interpreter evaluates passes through pyjc_eval_frame.
 * It counts calls, asks the TypeScript compiler for code once a code object is
 * hot, and then enters that code instead of _PyEval_EvalFrameDefault, following
 * the same entry/exit protocol as 3.11's interpreter (Python/ceval.c).
 */
#include "pyjc.h"

#include <stdlib.h>
#include <string.h>

pyjc_hook_globals pyjc_hook = {
    .enabled = true,
    .threshold = 0,
    .extra_index = -1,
};

const char *pyjc_state_name(pyjc_state_kind kind)
{
    switch (kind) {
    case PYJC_COUNTING: return "counting";
    case PYJC_COMPILED: return "compiled";
    case PYJC_INTERPRETED: return "interpreted";
    }
    return "?";
}

static uint64_t *bucket(pyjc_state_kind kind)
{
    switch (kind) {
    case PYJC_COMPILED: return &pyjc_hook.n_compiled;
    case PYJC_INTERPRETED: return &pyjc_hook.n_interpreted;
    default: return &pyjc_hook.n_counting;
    }
}

static void set_kind(pyjc_code_state *st, pyjc_state_kind kind)
{
    (*bucket(st->kind))--;
    (*bucket(kind))++;
    st->kind = kind;
}

/* Runs when the code object dies (code_dealloc calls the co_extra free
 * functions), so machine code lives exactly as long as its code object; a
 * frame holds a strong reference to f_code, so no frame can still be running
 * it. */
static struct {
    uint64_t *items;
    size_t len, cap;
} freed_code;

static void note_freed_code(uintptr_t owner)
{
    if (freed_code.len == freed_code.cap) {
        size_t cap = freed_code.cap ? freed_code.cap * 2 : 64;
        uint64_t *items = realloc(freed_code.items, cap * sizeof *items);
        if (items == NULL) {
            return; /* the host keeps a stale entry; never wrong code, only memory */
        }
        freed_code.items = items;
        freed_code.cap = cap;
    }
    freed_code.items[freed_code.len++] = owner;
}

size_t pyjc_take_freed_code(uint64_t **out)
{
    size_t n = freed_code.len;
    *out = freed_code.items;
    freed_code.items = NULL;
    freed_code.len = freed_code.cap = 0;
    return n;
}

static void free_state(void *p)
{
    pyjc_code_state *st = p;
    if (st == NULL) {
        return;
    }
    if (st->kind == PYJC_COMPILED) {
        note_freed_code(st->owner);
    }
    (*bucket(st->kind))--;
    pyjc_code_release(&st->code);
    Py_XDECREF(st->materialized);
    free(st->reason);
    free(st->info_json);
    free(st);
}

bool pyjc_is_generator_code(PyCodeObject *co)
{
    return (co->co_flags & (CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR |
                            CO_ITERABLE_COROUTINE)) != 0;
}

void pyjc_state_set_interpreted(pyjc_code_state *st, const char *reason)
{
    free(st->reason);
    st->reason = strdup(reason != NULL ? reason : "");
    set_kind(st, PYJC_INTERPRETED);
}

pyjc_code_state *pyjc_state_get(PyCodeObject *co, bool create)
{
    if (pyjc_hook.extra_index < 0) {
        return NULL;
    }
    void *p = NULL;
    if (_PyCode_GetExtra((PyObject *)co, pyjc_hook.extra_index, &p) < 0) {
        PyErr_Clear();
        return NULL;
    }
    if (p != NULL || !create) {
        return p;
    }
    pyjc_code_state *st = calloc(1, sizeof *st);
    if (st == NULL) {
        return NULL;
    }
    st->kind = PYJC_COUNTING;
    st->owner = (uintptr_t)co;
    if (_PyCode_SetExtra((PyObject *)co, pyjc_hook.extra_index, st) < 0) {
        PyErr_Clear();
        free(st);
        return NULL;
    }
    pyjc_hook.n_counting++;
    /* Generator frames are suspended and resumed by genobject.c, which the
     * compiled-code protocol does not model yet; decide once, up front. */
    if (pyjc_is_generator_code(co)) {
        pyjc_state_set_interpreted(st, "generator");
        pyjc_host_notify_rejected(co, "generator");
    }
    return st;
}

bool pyjc_compile_now(pyjc_code_state *st, const pyjc_request_source *src)
{
    if (st->kind == PYJC_COMPILED) {
        /* Never replaced: another activation (recursion, another thread) may
         * be running the current code, and there is no retirement list yet. */
        return true;
    }
    if (pyjc_is_generator_code(src->code)) {
        return false;
    }
    if (pyjc_hook.compiling) {
        return false;
    }
    pyjc_hook.compiling = true;
    pyjc_host_result r;
    memset(&r, 0, sizeof r);
    pyjc_materialize_begin();
    pyjc_host_compile(src, &r);
    PyObject *made = pyjc_materialize_end();
    pyjc_hook.compiling = false;
    /* Constants the compiler materialized live as long as the code using
     * them; without code nothing refers to them. */
    if (r.outcome == PYJC_HOST_COMPILED) {
        pyjc_state_keep(st, made);
    }
    else {
        Py_XDECREF(made);
    }

    switch (r.outcome) {
    case PYJC_HOST_COMPILED:
        free(st->reason);
        st->reason = NULL;
        free(st->info_json);
        st->info_json = r.info_json;
        st->code = r.region;
        st->entry = r.entry;
        set_kind(st, PYJC_COMPILED);
        return true;
    case PYJC_HOST_REFUSED:
        pyjc_hook.compile_failures++;
        pyjc_state_set_interpreted(st, r.reason);
        free(r.reason);
        return false;
    case PYJC_HOST_RETRY:
        free(r.reason);
        return false;
    }
    return false;
}

/* Mirrors _PyEval_EvalFrameDefault's entry and exit for an entry frame (3.11
 * Python/ceval.c): a _PyCFrame on the C stack links the frame into
 * tstate->cframe->current_frame, so tracebacks, sys._getframe() and frame
 * objects created by callees see it; one recursion-depth unit per frame; and
 * use_tracing is copied back because sys.settrace() inside the call only
 * updates the innermost cframe. _PyEval_Vector clears and pops the frame
 * after we return, so the frame must still own what localsplus[0:stacktop]
 * holds. */
static PyObject *run_compiled(PyThreadState *tstate, _PyInterpreterFrame *frame,
                              pyjc_code_state *st)
{
    _PyCFrame cframe;
    _PyCFrame *prev_cframe = tstate->cframe;
    cframe.use_tracing = prev_cframe->use_tracing;
    cframe.previous = prev_cframe;
    cframe.current_frame = frame;
    frame->previous = prev_cframe->current_frame;
    frame->is_entry = true;
    tstate->cframe = &cframe;

    if (_Py_EnterRecursiveCallTstate(tstate, "")) {
        tstate->cframe = prev_cframe;
        return NULL;
    }
    st->compiled_runs++;
    pyjc_hook.compiled_runs++;
    PyObject *result = st->entry(frame, tstate);
    _Py_LeaveRecursiveCallTstate(tstate);
    tstate->cframe = prev_cframe;
    prev_cframe->use_tracing = cframe.use_tracing;

    if (result == PYJC_DEOPT) {
        /* The compiled code left a complete interpreter state in the frame;
         * resume it exactly as a generator is resumed. The interpreter links
         * the frame again with its own cframe. */
        st->deopts++;
        pyjc_hook.deopts++;
        /* Speculation that keeps failing costs a frame rebuild per call: past a quarter of the
         * runs (after a few of them), the function goes back to the interpreter for good. The
         * machine code stays mapped until the code object dies (an activation may be in it). */
        if (st->deopts >= 16 && st->deopts * 4 > st->compiled_runs) {
            char why[96];
            snprintf(why, sizeof why, "deoptimized too often (%llu of %llu runs)",
                     (unsigned long long)st->deopts, (unsigned long long)st->compiled_runs);
            pyjc_state_set_interpreted(st, why);
        }
        return _PyEval_EvalFrameDefault(tstate, frame, 0);
    }
    /* Cheap insurance against a broken backend: the interpreter's callers
     * rely on "NULL iff exception". */
    if (result == NULL && !PyErr_Occurred()) {
        PyErr_Format(PyExc_SystemError,
                     "pyjc: compiled code of %U returned NULL without setting an exception",
                     frame->f_code->co_qualname);
    }
    else if (result != NULL && PyErr_Occurred()) {
        Py_DECREF(result);
        result = NULL;
        _PyErr_FormatFromCause(PyExc_SystemError,
                               "pyjc: compiled code of %U returned a result with an exception set",
                               frame->f_code->co_qualname);
    }
    return result;
}

static PyObject *pyjc_eval_frame(PyThreadState *tstate, _PyInterpreterFrame *frame,
                                 int throwflag)
{
    /* throwflag means generator.throw(): an exception is already set and
     * only the interpreter knows how to unwind into the generator. */
    if (throwflag || !pyjc_hook.enabled) {
        return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
    }
    pyjc_code_state *st = pyjc_state_get(frame->f_code, true);
    if (st == NULL) {
        return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
    }
    st->calls++;
    if (st->kind == PYJC_COUNTING && st->calls > pyjc_hook.threshold) {
        pyjc_request_source src = {
            .code = frame->f_code,
            .func = frame->f_func,
            .globals = frame->f_globals,
            .builtins = frame->f_builtins,
            .locals = frame->localsplus,
        };
        pyjc_compile_now(st, &src);
    }
    if (st->kind == PYJC_COMPILED && !tstate->cframe->use_tracing) {
        return run_compiled(tstate, frame, st);
    }
    return _PyEval_EvalFrameDefault(tstate, frame, throwflag);
}

int pyjc_hook_install(void)
{
    if (pyjc_hook.extra_index < 0) {
        Py_ssize_t index = _PyEval_RequestCodeExtraIndex(free_state);
        if (index < 0) {
            PyErr_SetString(PyExc_RuntimeError, "pyjc: no free co_extra slot");
            return -1;
        }
        pyjc_hook.extra_index = index;
    }
    _PyInterpreterState_SetEvalFrameFunc(PyInterpreterState_Get(), pyjc_eval_frame);
    return 0;
}
