// The contract between lowering and the runtime shim: every helper generated code calls that is
// not a plain C API function, with its C signature and the interpreter behaviour it reproduces
// (3.11's Python/ceval.c, opcode by opcode). The shim's symbol table must export each name; a test
// checks that it does. Conventions: `PyObject *` results are new references, NULL with an
// exception set on error; `int` results are 0 on success, -1 with an exception set on error;
// operands are borrowed unless a helper says it steals.

export interface HelperSpec {
  readonly signature: string;
  readonly semantics: string;
}

export const SHIM_HELPERS = {
  pyjc_add_traceback: {
    signature: "int (_PyInterpreterFrame *frame)",
    semantics: "The traceback entry the interpreter's `error:` label adds for this frame (line from prev_instr).",
  },
  pyjc_handle_eval_breaker: {
    signature: "int (PyThreadState *tstate)",
    semantics: "eval_frame_handle_pending: signals, pending calls, GIL drop requests, async exceptions.",
  },
  pyjc_unbound_local: {
    signature: "void (_PyInterpreterFrame *frame, int index)",
    semantics: "Sets UnboundLocalError for localsplus[index], exactly as LOAD_FAST/DELETE_FAST's unbound_local_error (format_exc_check_arg with UNBOUNDLOCAL_ERROR_MSG).",
  },
  pyjc_unbound_deref: {
    signature: "void (_PyInterpreterFrame *frame, int index)",
    semantics: "format_exc_unbound: UnboundLocalError for a cell variable, NameError (free variable message) for a free variable.",
  },
  pyjc_load_classderef: {
    signature: "PyObject *(_PyInterpreterFrame *frame, int index)",
    semantics: "LOAD_CLASSDEREF: frame->f_locals[name] if present (dict fast path or mapping), else the cell's contents, else format_exc_unbound.",
  },
  pyjc_load_name: {
    signature: "PyObject *(_PyInterpreterFrame *frame, PyObject *name)",
    semantics: "LOAD_NAME: f_locals (SystemError 'no locals when loading %R' if NULL), then f_globals, then f_builtins; NameError with the name attribute set for suggestions.",
  },
  pyjc_store_name: {
    signature: "int (_PyInterpreterFrame *frame, PyObject *name, PyObject *value)",
    semantics: "STORE_NAME, including the SystemError when f_locals is NULL.",
  },
  pyjc_delete_name: {
    signature: "int (_PyInterpreterFrame *frame, PyObject *name)",
    semantics: "DELETE_NAME: NameError (format_exc_check_arg) when missing.",
  },
  pyjc_load_global: {
    signature: "PyObject *(_PyInterpreterFrame *frame, PyObject *name)",
    semantics: "LOAD_GLOBAL: exact-dict fast path (_PyDict_LoadGlobal equivalent with exported API) or mapping lookups for non-dict builtins; NameError as format_exc_check_arg does.",
  },
  pyjc_delete_global: {
    signature: "int (_PyInterpreterFrame *frame, PyObject *name)",
    semantics: "DELETE_GLOBAL: NameError when missing.",
  },
  pyjc_store_global: {
    signature: "int (_PyInterpreterFrame *frame, PyObject *name, PyObject *value)",
    semantics: "STORE_GLOBAL: PyDict_SetItem(f_globals, name, value).",
  },
  pyjc_load_build_class: {
    signature: "PyObject *(_PyInterpreterFrame *frame)",
    semantics: "LOAD_BUILD_CLASS: builtins.__build_class__ (dict or mapping builtins), NameError '__build_class__ not found'.",
  },
  pyjc_setup_annotations: {
    signature: "int (_PyInterpreterFrame *frame)",
    semantics: "SETUP_ANNOTATIONS.",
  },
  pyjc_import_name: {
    signature: "PyObject *(_PyInterpreterFrame *frame, PyObject *name, PyObject *fromlist, PyObject *level)",
    semantics: "IMPORT_NAME (import_name: the __import__ fast path when builtins.__import__ is not overridden).",
  },
  pyjc_import_from: {
    signature: "PyObject *(PyObject *module, PyObject *name)",
    semantics: "IMPORT_FROM (import_from: attribute, then sys.modules fallback, then the exact ImportError messages incl. circular import).",
  },
  pyjc_import_star: {
    signature: "int (_PyInterpreterFrame *frame, PyObject *module)",
    semantics: "IMPORT_STAR (import_all_from into f_locals, with PyFrame_FastToLocals/LocalsToFast as the interpreter does).",
  },
  pyjc_load_method: {
    signature: "int (PyObject *obj, PyObject *name, PyObject **out)",
    semantics: "LOAD_METHOD: out[0] = unbound method and out[1] = obj (new refs), or out[0] = NULL and out[1] = the attribute (new ref); uses _PyObject_GetMethod's logic from exported API.",
  },
  pyjc_call_ex: {
    signature: "PyObject *(PyObject *func, PyObject *callargs, PyObject *kwargs_or_null)",
    semantics: "CALL_FUNCTION_EX: kwargs copied into a dict when not an exact dict (format_kwargs_error), callargs to a tuple (check_args_iterable message), then PyObject_Call.",
  },
  pyjc_make_function: {
    signature: "PyObject *(_PyInterpreterFrame *frame, PyObject *code, int flags, PyObject **extras)",
    semantics: "MAKE_FUNCTION with f_globals; extras[0..3] = defaults, kwdefaults, annotations, closure (NULL when the flag bit is clear).",
  },
  pyjc_build_tuple: { signature: "PyObject *(PyObject **items, Py_ssize_t n)", semantics: "BUILD_TUPLE (items borrowed)." },
  pyjc_build_list: { signature: "PyObject *(PyObject **items, Py_ssize_t n)", semantics: "BUILD_LIST (items borrowed)." },
  pyjc_build_set: { signature: "PyObject *(PyObject **items, Py_ssize_t n)", semantics: "BUILD_SET: adds in order, as the interpreter does." },
  pyjc_build_map: { signature: "PyObject *(PyObject **items, Py_ssize_t npairs)", semantics: "BUILD_MAP: items = k0, v0, k1, v1, ..." },
  pyjc_build_const_key_map: {
    signature: "PyObject *(PyObject **values, Py_ssize_t n, PyObject *keys)",
    semantics: "BUILD_CONST_KEY_MAP, including the SystemError for a bad keys tuple.",
  },
  pyjc_build_string: { signature: "PyObject *(PyObject **items, Py_ssize_t n)", semantics: "BUILD_STRING (_PyUnicode_JoinArray with an empty separator)." },
  pyjc_list_extend: { signature: "int (PyObject *list, PyObject *iterable)", semantics: "LIST_EXTEND, with the 'Value after * must be an iterable, not ...' message." },
  pyjc_set_update: { signature: "int (PyObject *set, PyObject *iterable)", semantics: "SET_UPDATE." },
  pyjc_dict_update: { signature: "int (PyObject *dict, PyObject *update)", semantics: "DICT_UPDATE, with the \"'...' object is not a mapping\" message." },
  pyjc_dict_merge: {
    signature: "int (PyObject *func, PyObject *dict, PyObject *update)",
    semantics: "DICT_MERGE (_PyDict_MergeEx(dict, update, 2) and format_kwargs_error(func, update)).",
  },
  pyjc_format_value: {
    signature: "PyObject *(PyObject *value, int conversion, PyObject *spec_or_null)",
    semantics: "FORMAT_VALUE: conversion 0 none, 1 str, 2 repr, 3 ascii; exact-str fast path when there is no spec.",
  },
  pyjc_print_expr: { signature: "int (PyObject *value)", semantics: "PRINT_EXPR: sys.displayhook, RuntimeError 'lost sys.displayhook'." },
  pyjc_for_iter: {
    signature: "PyObject *(PyObject *iter)",
    semantics: "FOR_ITER: tp_iternext; on exhaustion returns NULL with no exception (StopIteration cleared); on error returns NULL with the exception set.",
  },
  pyjc_get_len: { signature: "PyObject *(PyObject *value)", semantics: "GET_LEN: PyObject_Length as an int." },
  pyjc_unpack_sequence: {
    signature: "int (PyObject *seq, int n, PyObject **out)",
    semantics: "UNPACK_SEQUENCE into out[0..n) (out[0] is the first item, new refs): tuple/list fast paths, then unpack_iterable's messages.",
  },
  pyjc_unpack_ex: {
    signature: "int (PyObject *seq, int before, int after, PyObject **out)",
    semantics: "UNPACK_EX into out[0..before+1+after) (first item first; out[before] is the list of the rest).",
  },
  pyjc_match_keys: { signature: "PyObject *(PyObject *subject, PyObject *keys)", semantics: "MATCH_KEYS (match_keys): a tuple of values or None." },
  pyjc_match_class: {
    signature: "PyObject *(PyObject *subject, PyObject *type, int nargs, PyObject *kwnames)",
    semantics: "MATCH_CLASS (match_class): a tuple of attributes or None; TypeErrors as the interpreter raises them.",
  },
  pyjc_catch: {
    signature: "PyObject *(PyThreadState *tstate)",
    semantics: "exception_unwind's landing: fetch, normalize, set the traceback on the value (or None), return the value (new ref). Never fails.",
  },
  pyjc_lasti: { signature: "PyObject *(_PyInterpreterFrame *frame)", semantics: "The int pushed under the exception when the handler wants lasti: prev_instr - first_instr in code units." },
  pyjc_push_exc_info: {
    signature: "PyObject *(PyThreadState *tstate, PyObject *value)",
    semantics: "PUSH_EXC_INFO: returns the previous exc_info->exc_value (or None), new ref; exc_info->exc_value = value (increfs value).",
  },
  pyjc_pop_except: {
    signature: "void (PyThreadState *tstate, PyObject *value)",
    semantics: "POP_EXCEPT: exc_info->exc_value = value (steals it), releasing the old one.",
  },
  pyjc_check_exc_match: {
    signature: "PyObject *(PyObject *exc, PyObject *type)",
    semantics: "CHECK_EXC_MATCH: check_except_type_valid then PyErr_GivenExceptionMatches; a bool.",
  },
  pyjc_check_eg_match: {
    signature: "int (PyObject *exc, PyObject *type, PyObject **out)",
    semantics: "CHECK_EG_MATCH: out[0] = rest (or exc when no match), out[1] = match (or None); sets exc_info like the interpreter on a match.",
  },
  pyjc_prep_reraise_star: { signature: "PyObject *(PyObject *orig, PyObject *excs)", semantics: "PREP_RERAISE_STAR." },
  pyjc_before_with: {
    signature: "int (PyObject *mgr, PyObject **out)",
    semantics: "BEFORE_WITH: out[0] = bound __exit__, out[1] = __enter__() result; the 3.11 'does not support the context manager protocol' messages.",
  },
  pyjc_with_except_start: {
    signature: "PyObject *(PyObject *exit, PyObject *exc)",
    semantics: "WITH_EXCEPT_START: exit(type(exc), exc, exc.__traceback__).",
  },
  pyjc_raise: {
    signature: "int (PyObject *exc_or_null, PyObject *cause_or_null)",
    semantics: "RAISE_VARARGS via do_raise; always leaves an exception set; returns 1 for a bare re-raise (no new traceback entry: exception_unwind) and 0 otherwise (the error label adds one).",
  },
  pyjc_reraise: {
    signature: "void (_PyInterpreterFrame *frame, PyObject *exc, PyObject *lasti_or_null)",
    semantics: "RERAISE: with lasti, frame->prev_instr = first_instr + lasti; restore exc with its traceback (no new traceback entry).",
  },
  pyjc_unbox_int: {
    signature: "int (PyObject *exact_int, int64_t *out)",
    semantics: "Writes the value of an exact int to *out and returns 0, or returns 1 when it does not fit in int64 (no exception).",
  },
  pyjc_i64_floordiv: { signature: "int64_t (int64_t a, int64_t b)", semantics: "Python's a // b (floor); b != 0 and not INT64_MIN // -1." },
  pyjc_i64_mod: { signature: "int64_t (int64_t a, int64_t b)", semantics: "Python's a % b (sign of b); b != 0." },
  pyjc_f64_floordiv: { signature: "double (double a, double b)", semantics: "float.__floordiv__ for b != 0 (float_floor_div's divmod rules, nan/inf included)." },
  pyjc_f64_mod: { signature: "double (double a, double b)", semantics: "float.__mod__ for b != 0 (float_rem: fmod with the sign of b, -0.0 rules)." },
  pyjc_f64_pow: {
    signature: "int (double a, double b, double *out)",
    semantics: "float.__pow__ when it returns a float without raising: 0 and *out; 1 when Python would raise or return a complex (the caller deoptimizes). No exception is set.",
  },
} satisfies Record<string, HelperSpec>;

export type ShimHelper = keyof typeof SHIM_HELPERS;
