/*
 * Interpreter-semantics helpers: what one 3.11 opcode (or one static helper
 * of Python/ceval.c) does, rebuilt from libpython's exported API so generated
 * code can call it. The contract, one entry per helper, is SHIM_HELPERS in
 * packages/core/src/lower/helpers.ts; each definition names the ceval.c
 * behaviour it reproduces.
 *
 * Conventions: PyObject * results are new references (NULL with an exception
 * set on error); int results are 0, or -1 with an exception set; operands are
 * borrowed unless stated otherwise; out-parameters receive new references and
 * are left NULL on error.
 */
#ifndef PYJC_SEMANTICS_H
#define PYJC_SEMANTICS_H

#include "pyjc.h"

/* sem_names.c: locals, globals, builtins, cells, class bodies */
void pyjc_unbound_local(_PyInterpreterFrame *frame, int index);
void pyjc_unbound_deref(_PyInterpreterFrame *frame, int index);
PyObject *pyjc_load_classderef(_PyInterpreterFrame *frame, int index);
PyObject *pyjc_load_name(_PyInterpreterFrame *frame, PyObject *name);
int pyjc_store_name(_PyInterpreterFrame *frame, PyObject *name, PyObject *value);
int pyjc_delete_name(_PyInterpreterFrame *frame, PyObject *name);
PyObject *pyjc_load_global(_PyInterpreterFrame *frame, PyObject *name);
int pyjc_delete_global(_PyInterpreterFrame *frame, PyObject *name);
int pyjc_store_global(_PyInterpreterFrame *frame, PyObject *name, PyObject *value);
PyObject *pyjc_load_build_class(_PyInterpreterFrame *frame);
int pyjc_setup_annotations(_PyInterpreterFrame *frame);

/* sem_import.c */
PyObject *pyjc_import_name(_PyInterpreterFrame *frame, PyObject *name, PyObject *fromlist,
                           PyObject *level);
PyObject *pyjc_import_from(PyObject *module, PyObject *name);
int pyjc_import_star(_PyInterpreterFrame *frame, PyObject *module);

/* sem_build.c: building containers and strings, calls, functions */
PyObject *pyjc_build_tuple(PyObject **items, Py_ssize_t n);
PyObject *pyjc_build_list(PyObject **items, Py_ssize_t n);
PyObject *pyjc_build_set(PyObject **items, Py_ssize_t n);
PyObject *pyjc_build_map(PyObject **items, Py_ssize_t npairs);
PyObject *pyjc_build_const_key_map(PyObject **values, Py_ssize_t n, PyObject *keys);
PyObject *pyjc_build_string(PyObject **items, Py_ssize_t n);
int pyjc_list_extend(PyObject *list, PyObject *iterable);
int pyjc_set_update(PyObject *set, PyObject *iterable);
int pyjc_dict_update(PyObject *dict, PyObject *update);
int pyjc_dict_merge(PyObject *func, PyObject *dict, PyObject *update);
PyObject *pyjc_format_value(PyObject *value, int conversion, PyObject *spec_or_null);
int pyjc_load_method(PyObject *obj, PyObject *name, PyObject **out);
PyObject *pyjc_call_ex(PyObject *func, PyObject *callargs, PyObject *kwargs_or_null);
PyObject *pyjc_make_function(_PyInterpreterFrame *frame, PyObject *code, int flags,
                             PyObject **extras);
int pyjc_print_expr(PyObject *value);
PyObject *pyjc_for_iter(PyObject *iter);
PyObject *pyjc_get_len(PyObject *value);

/* sem_unpack.c */
int pyjc_unpack_sequence(PyObject *seq, int n, PyObject **out);
int pyjc_unpack_ex(PyObject *seq, int before, int after, PyObject **out);

/* sem_match.c: PEP 634 */
PyObject *pyjc_match_keys(PyObject *subject, PyObject *keys);
PyObject *pyjc_match_class(PyObject *subject, PyObject *type, int nargs, PyObject *kwnames);

/* sem_except.c: raising, handlers, with */
PyObject *pyjc_catch(PyThreadState *tstate);
PyObject *pyjc_lasti(_PyInterpreterFrame *frame);
PyObject *pyjc_push_exc_info(PyThreadState *tstate, PyObject *value);
void pyjc_pop_except(PyThreadState *tstate, PyObject *value);
PyObject *pyjc_check_exc_match(PyObject *exc, PyObject *type);
int pyjc_before_with(PyObject *mgr, PyObject **out);
PyObject *pyjc_with_except_start(PyObject *exit, PyObject *exc);
int pyjc_raise(PyObject *exc_or_null, PyObject *cause_or_null);
void pyjc_reraise(_PyInterpreterFrame *frame, PyObject *exc, PyObject *lasti_or_null);

/* sem_exgroup.c: except* */
int pyjc_check_eg_match(PyObject *exc, PyObject *type, PyObject **out);
PyObject *pyjc_prep_reraise_star(PyObject *orig, PyObject *excs);

/* Shared by the files above. */

/* format_exc_check_arg: raise exc_type with fmt % name; an exact NameError
 * also gets its `name` attribute (3.11's "Did you mean" suggestions). */
void pyjc_format_exc_check_arg(PyObject *exc_type, const char *fmt, PyObject *name);
/* check_except_type_valid: TypeError unless an exception class or a tuple
 * of them. 0 or -1. */
int pyjc_check_except_type_valid(PyObject *right);
/* format_kwargs_error: rewrite the error of merging `**kwargs` for func. */
void pyjc_format_kwargs_error(PyObject *func, PyObject *kwargs);
/* The frame object of frame (borrowed), created if it is the running frame;
 * NULL if it has none and cannot get one. Never raises. */
PyFrameObject *pyjc_frame_object(_PyInterpreterFrame *frame);

/* sem_native.c: unboxed arithmetic */
int pyjc_unbox_int(PyObject *exact_int, int64_t *out);
int64_t pyjc_i64_floordiv(int64_t a, int64_t b);
int64_t pyjc_i64_mod(int64_t a, int64_t b);
double pyjc_f64_floordiv(double a, double b);
double pyjc_f64_mod(double a, double b);
int pyjc_f64_pow(double v, double w, double *out);
size_t pyjc_rangeiter_offset(int field);
bool pyjc_check_rangeiter_layout(void);
/* Set at initialization (with the GIL); read by the layout table. */
extern bool pyjc_rangeiter_layout_ok;

#endif
