/*
 * Shared declarations of the pyjc runtime shim.
 *
 * The shim is deliberately small: it embeds CPython 3.11, installs a PEP 523
 * frame-evaluation hook, keeps per-code-object state in co_extra, maps machine
 * code W^X, and forwards compile requests to the TypeScript compiler. Anything
 * that decides *what* to compile or *how* belongs in TypeScript, not here.
 */
#ifndef PYJC_H
#define PYJC_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Running compiled code needs 3.11's internal frame and interpreter structs
 * (the same ones _PyEval_EvalFrameDefault uses). python3.11-dev ships them;
 * they refuse to compile without Py_BUILD_CORE, so it is defined only around
 * these includes and never leaks into the public API we use elsewhere.
 */
#define Py_BUILD_CORE 1
#undef _PyGC_FINALIZED /* public and core headers define it differently */
#include <internal/pycore_frame.h>
#include <internal/pycore_ceval.h>
#include <internal/pycore_code.h>
#include <internal/pycore_dict.h>
#include <internal/pycore_moduleobject.h>
#include <internal/pycore_interp.h>
#include <internal/pycore_runtime.h>
#undef Py_BUILD_CORE

/* ---- compiled code ----------------------------------------------------- */

/* Signature of every entry point the compiler returns. The result is a new
 * reference, NULL with an exception set, or PYJC_DEOPT. */
typedef PyObject *(*pyjc_entry_fn)(_PyInterpreterFrame *frame, PyThreadState *tstate);

/* Returned by compiled code after it wrote the complete interpreter state
 * (locals, value stack, stacktop, prev_instr) into the frame: the hook then
 * resumes the frame in _PyEval_EvalFrameDefault. */
#define PYJC_DEOPT ((PyObject *)1)

/* ---- codemem.c: W^X executable memory ---------------------------------- */

typedef struct {
    void *base;   /* page-aligned mapping, NULL when empty */
    size_t size;  /* mapped bytes (a multiple of the page size) */
} pyjc_code_region;

/* Copies bytes into a fresh RW mapping, then flips it to RX. Returns 0, or -1
 * with a message in err. */
int pyjc_code_install(const void *bytes, size_t len, pyjc_code_region *out,
                      char *err, size_t errlen);
void pyjc_code_release(pyjc_code_region *region);

/* ---- hook.c: per code object state and the PEP 523 hook ---------------- */

typedef enum {
    PYJC_COUNTING = 0,    /* interpreted, counting calls toward the threshold */
    PYJC_COMPILED = 1,    /* has an entry point */
    PYJC_INTERPRETED = 2, /* interpreted for good; reason says why */
} pyjc_state_kind;

typedef struct {
    pyjc_state_kind kind;
    uint64_t calls;         /* every evaluation seen by the hook while enabled */
    uint64_t compiled_runs; /* evaluations that entered compiled code */
    uint64_t deopts;        /* compiled runs that returned PYJC_DEOPT */
    char *reason;           /* PYJC_INTERPRETED only (malloc'd) */
    char *info_json;        /* compiler's info, PYJC_COMPILED only (malloc'd) */
    pyjc_entry_fn entry;
    pyjc_code_region code;
    PyObject *materialized; /* list: objects the code's compiles made (materialize.c) */
    uintptr_t owner;        /* the code object's address: the host's key for it */
} pyjc_code_state;

/* Everything a compile request (or a dis/graph query) is built from. A frame
 * gives all of it; pyjc.compile(f) only has the function (locals == NULL). */
typedef struct {
    PyCodeObject *code;
    PyFunctionObject *func;  /* may be NULL (code object given) */
    PyObject *globals;       /* may be NULL */
    PyObject *builtins;      /* may be NULL */
    PyObject *const *locals; /* frame->localsplus at entry, or NULL */
} pyjc_request_source;

typedef struct {
    bool enabled;
    uint64_t threshold;       /* calls that run interpreted before compiling */
    Py_ssize_t extra_index;   /* co_extra slot, -1 before initialization */
    bool compiling;           /* reentrancy guard around the JS compiler */
    /* counters for stats() / pyjc.status() */
    uint64_t n_counting, n_compiled, n_interpreted;
    uint64_t compile_requests, compile_failures, compile_deferred;
    uint64_t compiled_runs, deopts;
} pyjc_hook_globals;

extern pyjc_hook_globals pyjc_hook;

/* Addresses of compiled code objects that died since the host last asked, so
 * it can drop what it keeps about them (an address is reused by the next code
 * object allocated there). Drained by takeFreedCode(). */
size_t pyjc_take_freed_code(uint64_t **out);

int pyjc_hook_install(void); /* after Py_Initialize; 0 or -1 with exception */
pyjc_code_state *pyjc_state_get(PyCodeObject *co, bool create);
void pyjc_state_set_interpreted(pyjc_code_state *st, const char *reason);
bool pyjc_is_generator_code(PyCodeObject *co);
/* Compiles now (pyjc.compile or the hook). Returns true if st is compiled
 * afterwards. Never leaves a Python exception set. */
bool pyjc_compile_now(pyjc_code_state *st, const pyjc_request_source *src);
const char *pyjc_state_name(pyjc_state_kind kind);

/* ---- materialize.c: objects for constants the compiler created ---------- */

/* Rebuilds a marshalled tuple; returns it (borrowed: kept alive as described
 * in materialize.c), or NULL with a message in err. Needs the GIL; never
 * leaves a Python exception set. */
PyObject *pyjc_materialize(const void *data, size_t len, char *err, size_t errlen);
/* builtins.<name> (borrowed, kept alive like materialized objects), or NULL. Needs the GIL. */
PyObject *pyjc_builtin(const char *name);
/* Around a compile or query callback: collect what it materializes. */
void pyjc_materialize_begin(void);
PyObject *pyjc_materialize_end(void); /* the list made, new ref, or NULL */
/* Attaches a list from pyjc_materialize_end to st (steals made). */
void pyjc_state_keep(pyjc_code_state *st, PyObject *made);

/* ---- trampoline.c: calling machine code from tests ----------------------- */

int64_t pyjc_call_native_i64(uintptr_t address, const int64_t args[8]);
double pyjc_call_native_f64(uintptr_t address, const int64_t ints[8], const double doubles[8]);

/* ---- host.c: the JS side (compiler callbacks) --------------------------- */

typedef enum {
    PYJC_HOST_COMPILED,  /* region, entry and info_json are set */
    PYJC_HOST_REFUSED,   /* reason is set; stay interpreted for good */
    PYJC_HOST_RETRY,     /* not now (no host, busy, no stack headroom...) */
} pyjc_host_outcome;

typedef struct {
    pyjc_host_outcome outcome;
    pyjc_code_region region;
    pyjc_entry_fn entry;
    char *info_json; /* malloc'd */
    char *reason;    /* malloc'd */
} pyjc_host_result;

/* True when JS may be called right now: JS thread, host registered, not
 * shutting down, enough native stack below V8's limit. */
bool pyjc_host_callable(const char **why_not);
void pyjc_host_compile(const pyjc_request_source *src, pyjc_host_result *out);
/* Returns a new Python str, or NULL with an exception set. */
PyObject *pyjc_host_query(const char *kind, const pyjc_request_source *src);
int pyjc_host_config(const char *json); /* 0, or -1 with exception */
/* After this, nothing calls into JS again (process teardown). */
void pyjc_host_shutdown(void);
/* host.rejected({qualname, filename, firstLineNo}, reason), when the host has it: a code object
 * the hook keeps interpreted without asking the compiler (generators). */
void pyjc_host_notify_rejected(PyCodeObject *co, const char *reason);
/* host.exit() at the end of finalization, when the host has it (Py_AtExit; call before running). */
void pyjc_host_register_exit(void);

/* ---- exports.c: helpers generated code calls ---------------------------- */

int pyjc_add_traceback(_PyInterpreterFrame *frame);
int pyjc_handle_eval_breaker(PyThreadState *tstate);

/* ---- module.c: the importable `pyjc` module ----------------------------- */

PyMODINIT_FUNC pyjc_module_init(void);
/* testing.c: `_pyjc_testing`, internal wrappers around the helpers. */
PyMODINIT_FUNC pyjc_testing_module_init(void);

#endif /* PYJC_H */
