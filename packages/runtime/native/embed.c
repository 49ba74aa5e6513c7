/*
 * Embedding CPython 3.11 in the Node process.
 *
 * Two ways in:
 *  - pyjc_run_main: behaves like `python3.11 FILE|-m MOD|-c CMD args...`
 *    (Py_RunMain: __main__, sys.argv, SystemExit, tracebacks, finalization);
 *  - pyjc_initialize + pyjc_exec/pyjc_eval: an interpreter without a main
 *    program, for tests and tools. Finalized when the process exits.
 * One interpreter per process: CPython cannot be re-initialized reliably once
 * extension modules are loaded, so a second initialization is an error.
 */
#include "pyjc.h"
#include "embed.h"
#include "semantics.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
    bool initialized;     /* Py_Initialize* ran in this process (ever) */
    bool finalized;
    pthread_t python_thread;
    PyThreadState *parked;  /* in-process mode: GIL released between calls */
    struct sigaction saved_sigint;
    int sigint_depth;     /* nesting of run sections (Python is running) */
} E;

/*
 * Node loads addons with RTLD_LOCAL, so libpython's symbols are invisible to
 * the extension modules Python dlopens later (_json, _decimal, _ctypes...),
 * which then fail with undefined Py* symbols. Re-opening the already
 * loaded library with RTLD_GLOBAL|RTLD_NOLOAD promotes it to global scope.
 */
static int promote_libpython(char *err, size_t errlen)
{
    Dl_info info;
    if (dladdr((void *)&Py_InitializeEx, &info) == 0 || info.dli_fname == NULL) {
        snprintf(err, errlen, "dladdr(Py_InitializeEx) failed");
        return -1;
    }
    void *handle = dlopen(info.dli_fname, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD);
    if (handle == NULL) {
        snprintf(err, errlen, "re-opening libpython RTLD_GLOBAL failed: %s", dlerror());
        return -1;
    }
    /* The handle stays open for the life of the process on purpose. */
    return 0;
}

/* ---- Ctrl-C ---------------------------------------------------------------
 * Python's own handlers are off (install_signal_handlers=0) because the
 * process belongs to Node. While Python runs, SIGINT asks Python to raise
 * KeyboardInterrupt, exactly as its own handler would; between runs Node's
 * disposition is back in place. */

static void on_sigint(int signum)
{
    int saved_errno = errno;
    if (!pthread_equal(pthread_self(), E.python_thread)) {
        /* Delivered to a Node/libuv thread: forward it, so that a blocking
         * call on the Python main thread is interrupted (EINTR) too. */
        pthread_kill(E.python_thread, signum);
    }
    else {
        PyErr_SetInterruptEx(SIGINT);
    }
    errno = saved_errno;
}

static void enter_python(void)
{
    if (E.sigint_depth++ > 0) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls must see EINTR */
    sigaction(SIGINT, &sa, &E.saved_sigint);
}

static void leave_python(void)
{
    if (--E.sigint_depth > 0) return;
    sigaction(SIGINT, &E.saved_sigint, NULL);
}

/* PyErr_SetInterruptEx only raises if Python's handler for SIGINT is
 * signal.default_int_handler, which with install_signal_handlers=0 is never
 * installed; set it the way `signal.signal` would, then put the C-level
 * disposition back (signal.signal also installs Python's C handler). */
static int install_python_sigint_handler(void)
{
    struct sigaction before;
    sigaction(SIGINT, NULL, &before);
    PyObject *signal_mod = PyImport_ImportModule("signal");
    if (signal_mod == NULL) return -1;
    PyObject *handler = PyObject_GetAttrString(signal_mod, "default_int_handler");
    PyObject *r = handler != NULL
        ? PyObject_CallMethod(signal_mod, "signal", "iO", SIGINT, handler) : NULL;
    int rc = r != NULL ? 0 : -1;
    Py_XDECREF(handler);
    Py_XDECREF(r);
    Py_DECREF(signal_mod);
    sigaction(SIGINT, &before, NULL);
    return rc;
}

/* ---- initialization ------------------------------------------------------ */

/* In-process mode finalizes here so buffered output is flushed and atexit
 * handlers run, as at the end of a python3.11 run. V8 is already gone at this
 * point, so nothing may call into JS any more. If exit() was called while
 * Python is running (process.exit() from a host callback), the interpreter is
 * mid-call and cannot be finalized; it is left alone. */
static void finalize_at_exit(void)
{
    if (!E.initialized || E.finalized || !Py_IsInitialized() || E.sigint_depth > 0 ||
        !pthread_equal(pthread_self(), E.python_thread)) {
        return;
    }
    E.finalized = true;
    pyjc_host_shutdown();
    pyjc_hook.enabled = false;
    if (E.parked != NULL) {
        PyEval_RestoreThread(E.parked);
        E.parked = NULL;
    }
    Py_FinalizeEx();
}

static int init_python(int argc, char **argv, const char *program_name, bool parse_argv,
                       char *err, size_t errlen)
{
    if (E.initialized) {
        snprintf(err, errlen, "the interpreter was already initialized in this process "
                 "(one interpreter per process)");
        return -1;
    }
    if (promote_libpython(err, errlen) < 0) return -1;
    if (PyImport_AppendInittab("pyjc", pyjc_module_init) < 0 ||
        PyImport_AppendInittab("_pyjc_testing", pyjc_testing_module_init) < 0) {
        snprintf(err, errlen, "PyImport_AppendInittab(pyjc, _pyjc_testing) failed");
        return -1;
    }

    /* Pre-initialization parses argv for the options that affect it (-E,
     * -I, -X utf8...) exactly as python3.11's main does. */
    PyPreConfig preconfig;
    PyPreConfig_InitPythonConfig(&preconfig);
    preconfig.parse_argv = parse_argv;
    PyStatus status = Py_PreInitializeFromBytesArgs(&preconfig, argc, argv);
    if (PyStatus_Exception(status)) goto fail;

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.isolated = 0;
    config.install_signal_handlers = 0;
    config.parse_argv = parse_argv;
    /* Without this, prefix and stdlib would be computed from whichever
     * python3 is first on PATH (a pyenv or venv Python) and loaded into this
     * libpython. */
    status = PyConfig_SetBytesString(&config, &config.program_name, program_name);
    if (PyStatus_Exception(status)) goto fail_config;
    status = PyConfig_SetBytesArgv(&config, argc, argv);
    if (PyStatus_Exception(status)) goto fail_config;
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status)) goto fail_config;
    PyConfig_Clear(&config);

    E.initialized = true;
    E.python_thread = pthread_self();
    atexit(finalize_at_exit);

    if (install_python_sigint_handler() < 0 || pyjc_hook_install() < 0) {
        PyErr_Print();
        snprintf(err, errlen, "installing the pyjc hook failed (see stderr)");
        return -1;
    }
    /* Compiled FOR_ITER over ranges reads the iterator's private struct; only if it is what we
     * think it is (the layout table reports the result). */
    pyjc_rangeiter_layout_ok = pyjc_check_rangeiter_layout();
    return 0;

fail_config:
    PyConfig_Clear(&config);
fail:
    snprintf(err, errlen, "Python initialization failed: %s%s%s",
             status.func != NULL ? status.func : "",
             status.func != NULL ? ": " : "",
             status.err_msg != NULL ? status.err_msg : "(exit requested)");
    return -1;
}

int pyjc_initialize(int argc, char **argv, const char *program_name, char *err, size_t errlen)
{
    /* sys.argv is exactly argv: nothing is parsed as interpreter options. */
    if (init_python(argc, argv, program_name, false, err, errlen) < 0) return -1;
    /* Python threads started by exec() keep running while JS does other
     * things, as they would in a Python program between statements. */
    E.parked = PyEval_SaveThread();
    return 0;
}

bool pyjc_is_initialized(void)
{
    return E.initialized && !E.finalized;
}

/* python3.11 assumes blocking standard streams; Node may have switched the
 * descriptors it touched to O_NONBLOCK, which would surface in Python as
 * BlockingIOError on a full pipe. */
static void make_stdio_blocking(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0 && (flags & O_NONBLOCK)) {
            fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        }
    }
}

int pyjc_run_main(int argc, char **argv, const char *program_name, int *exit_status,
                  char *err, size_t errlen)
{
    /* argv is a full python3.11 command line (argv[0], then FILE | -m MOD |
     * -c CMD, then the script's arguments), parsed by Python itself so that
     * sys.argv, sys.path[0] and sys.orig_argv come out as python3.11's. */
    if (init_python(argc, argv, program_name, true, err, errlen) < 0) return -1;
    make_stdio_blocking();
    enter_python();
    pyjc_host_register_exit();
    /* Py_RunMain finalizes. It may also end the process itself, as
     * python3.11 does: SystemExit calls exit(status), and an uncaught
     * KeyboardInterrupt re-raises SIGINT with the default disposition. */
    *exit_status = Py_RunMain();
    E.finalized = true;
    leave_python();
    return 0;
}

/* ---- in-process mode ----------------------------------------------------- */

/* Formats the pending exception like the interpreter's top level would;
 * returns a new str and clears the error. */
static PyObject *format_pending_exception(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL && value != NULL) PyException_SetTraceback(value, tb);
    PyObject *text = NULL;
    PyObject *traceback = PyImport_ImportModule("traceback");
    PyObject *lines = traceback != NULL && value != NULL
        ? PyObject_CallMethod(traceback, "format_exception", "O", value) : NULL;
    if (lines != NULL) {
        PyObject *empty = PyUnicode_FromString("");
        text = empty != NULL ? PyUnicode_Join(empty, lines) : NULL;
        Py_XDECREF(empty);
    }
    if (text == NULL) {
        PyErr_Clear();
        text = value != NULL ? PyObject_Str(value) : PyUnicode_FromString("unknown error");
        if (text == NULL) {
            PyErr_Clear();
            text = PyUnicode_FromString("unprintable exception");
        }
    }
    Py_XDECREF(lines);
    Py_XDECREF(traceback);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return text;
}

static char *utf8_dup(PyObject *s)
{
    const char *utf8 = s != NULL ? PyUnicode_AsUTF8(s) : NULL;
    if (utf8 == NULL) {
        PyErr_Clear();
        return strdup("?");
    }
    return strdup(utf8);
}

static PyObject *main_dict(void)
{
    PyObject *main = PyImport_AddModule("__main__"); /* borrowed */
    return main != NULL ? PyModule_GetDict(main) : NULL;
}

/* Runs source in __main__ with the GIL and the SIGINT handler held; returns
 * str(result) for eval, NULL for a successful exec, or the traceback. */
static char *run_string(const char *source, int start, bool *failed)
{
    PyEval_RestoreThread(E.parked);
    E.parked = NULL;
    enter_python();
    PyObject *globals = main_dict();
    PyObject *result = globals != NULL
        ? PyRun_StringFlags(source, start, globals, globals, NULL) : NULL;
    PyObject *text = NULL;
    if (result != NULL && start == Py_eval_input) {
        text = PyObject_Str(result);
    }
    *failed = result == NULL || (start == Py_eval_input && text == NULL);
    Py_XDECREF(result);
    if (*failed) {
        text = format_pending_exception();
    }
    char *s = text != NULL ? utf8_dup(text) : NULL;
    Py_XDECREF(text);
    leave_python();
    E.parked = PyEval_SaveThread();
    return s;
}

char *pyjc_exec(const char *source, bool *failed)
{
    return run_string(source, Py_file_input, failed);
}

char *pyjc_eval(const char *expr, bool *failed)
{
    return run_string(expr, Py_eval_input, failed);
}
