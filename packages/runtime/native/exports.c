/*
 * The two tables TypeScript reads so that no address, offset or flag value is
 * ever hard-coded in the compiler: `layout` (numbers: offsetof, sizeof,
 * constants) and `symbols` (name -> address of a function or object).
 *
 * Every symbol is taken by address in C, so the static linker and the dynamic
 * loader resolve them: if a name is not exported by libpython3.11, the addon
 * fails to build or load instead of crashing later in generated code.
 *
 * To add something the backend needs: add one line here and its name to
 * src/names.ts (a test checks that both lists agree).
 */
#include "semantics.h"
#include "exports.h"

#include <frameobject.h>

/* ---- layout ------------------------------------------------------------- */

#define OFF(T, F) { #T "_" #F, (int64_t)offsetof(T, F) }
#define SIZE(T) { "sizeof_" #T, (int64_t)sizeof(T) }
#define CONST(C) { #C, (int64_t)(C) }

void pyjc_each_layout(pyjc_layout_visitor visit, void *ctx)
{
    const pyjc_layout_entry table[] = {
        /* objects */
        OFF(PyObject, ob_refcnt),
        OFF(PyObject, ob_type),
        SIZE(PyObject),
        OFF(PyVarObject, ob_size),
        SIZE(PyVarObject),
        { "sizeof_pointer", (int64_t)sizeof(void *) },

        /* type objects */
        OFF(PyTypeObject, tp_name),
        OFF(PyTypeObject, tp_basicsize),
        OFF(PyTypeObject, tp_itemsize),
        OFF(PyTypeObject, tp_dealloc),
        OFF(PyTypeObject, tp_vectorcall_offset),
        OFF(PyTypeObject, tp_as_number),
        OFF(PyTypeObject, tp_as_sequence),
        OFF(PyTypeObject, tp_as_mapping),
        OFF(PyTypeObject, tp_hash),
        OFF(PyTypeObject, tp_call),
        OFF(PyTypeObject, tp_getattro),
        OFF(PyTypeObject, tp_setattro),
        OFF(PyTypeObject, tp_flags),
        OFF(PyTypeObject, tp_richcompare),
        OFF(PyTypeObject, tp_iter),
        OFF(PyTypeObject, tp_iternext),
        OFF(PyTypeObject, tp_base),
        OFF(PyTypeObject, tp_dict),
        OFF(PyTypeObject, tp_descr_get),
        OFF(PyTypeObject, tp_dictoffset),
        OFF(PyTypeObject, tp_mro),
        OFF(PyTypeObject, tp_version_tag),
        OFF(PyTypeObject, tp_vectorcall),
        SIZE(PyTypeObject),
        CONST(Py_TPFLAGS_MANAGED_DICT),
        CONST(Py_TPFLAGS_SEQUENCE),
        CONST(Py_TPFLAGS_MAPPING),
        CONST(Py_TPFLAGS_IMMUTABLETYPE),
        CONST(Py_TPFLAGS_HEAPTYPE),
        CONST(Py_TPFLAGS_BASETYPE),
        CONST(Py_TPFLAGS_HAVE_VECTORCALL),
        CONST(Py_TPFLAGS_READY),
        CONST(Py_TPFLAGS_HAVE_GC),
        CONST(Py_TPFLAGS_METHOD_DESCRIPTOR),
        CONST(Py_TPFLAGS_VALID_VERSION_TAG),
        CONST(Py_TPFLAGS_LONG_SUBCLASS),
        CONST(Py_TPFLAGS_LIST_SUBCLASS),
        CONST(Py_TPFLAGS_TUPLE_SUBCLASS),
        CONST(Py_TPFLAGS_BYTES_SUBCLASS),
        CONST(Py_TPFLAGS_UNICODE_SUBCLASS),
        CONST(Py_TPFLAGS_DICT_SUBCLASS),
        CONST(Py_TPFLAGS_BASE_EXC_SUBCLASS),
        CONST(Py_TPFLAGS_TYPE_SUBCLASS),

        /* numbers */
        OFF(PyLongObject, ob_digit),
        SIZE(PyLongObject),
        { "sizeof_digit", (int64_t)sizeof(digit) },
        CONST(PyLong_SHIFT),
        /* Small ints are one static array of PyLongObject: the object for n
         * (small_int_min <= n <= small_int_max) is at
         * symbols.small_int_zero + n * small_int_stride. */
        { "small_int_min", -_PY_NSMALLNEGINTS },
        { "small_int_max", _PY_NSMALLPOSINTS - 1 },
        { "small_int_stride", (int64_t)sizeof(PyLongObject) },
        OFF(PyFloatObject, ob_fval),
        SIZE(PyFloatObject),

        /* containers */
        OFF(PyTupleObject, ob_item),
        OFF(PyListObject, ob_item),
        OFF(PyListObject, allocated),
        OFF(PyDictObject, ma_used),
        OFF(PyDictObject, ma_version_tag),
        OFF(PyDictObject, ma_keys),
        OFF(PyDictObject, ma_values),
        OFF(PyDictKeysObject, dk_refcnt),
        OFF(PyDictKeysObject, dk_log2_size),
        OFF(PyDictKeysObject, dk_log2_index_bytes),
        OFF(PyDictKeysObject, dk_kind),
        OFF(PyDictKeysObject, dk_version),
        OFF(PyDictKeysObject, dk_usable),
        OFF(PyDictKeysObject, dk_nentries),
        OFF(PyDictKeysObject, dk_indices),
        CONST(DICT_KEYS_GENERAL),
        CONST(DICT_KEYS_UNICODE),
        CONST(DICT_KEYS_SPLIT),
        OFF(PyDictKeyEntry, me_hash),
        OFF(PyDictKeyEntry, me_key),
        OFF(PyDictKeyEntry, me_value),
        SIZE(PyDictKeyEntry),
        OFF(PyDictUnicodeEntry, me_key),
        OFF(PyDictUnicodeEntry, me_value),
        SIZE(PyDictUnicodeEntry),
        OFF(PyModuleObject, md_dict),
        OFF(PySliceObject, start),
        OFF(PySliceObject, stop),
        OFF(PySliceObject, step),
        OFF(PyASCIIObject, length),
        OFF(PyASCIIObject, hash),

        /* functions, methods, cells */
        OFF(PyCellObject, ob_ref),
        OFF(PyFunctionObject, func_globals),
        OFF(PyFunctionObject, func_builtins),
        OFF(PyFunctionObject, func_name),
        OFF(PyFunctionObject, func_qualname),
        OFF(PyFunctionObject, func_code),
        OFF(PyFunctionObject, func_defaults),
        OFF(PyFunctionObject, func_kwdefaults),
        OFF(PyFunctionObject, func_closure),
        OFF(PyFunctionObject, func_dict),
        OFF(PyFunctionObject, func_module),
        OFF(PyFunctionObject, vectorcall),
        OFF(PyFunctionObject, func_version),
        OFF(PyMethodObject, im_func),
        OFF(PyMethodObject, im_self),

        /* code objects */
        OFF(PyCodeObject, co_consts),
        OFF(PyCodeObject, co_names),
        OFF(PyCodeObject, co_exceptiontable),
        OFF(PyCodeObject, co_flags),
        OFF(PyCodeObject, co_argcount),
        OFF(PyCodeObject, co_posonlyargcount),
        OFF(PyCodeObject, co_kwonlyargcount),
        OFF(PyCodeObject, co_stacksize),
        OFF(PyCodeObject, co_firstlineno),
        OFF(PyCodeObject, co_nlocalsplus),
        OFF(PyCodeObject, co_nlocals),
        OFF(PyCodeObject, co_nplaincellvars),
        OFF(PyCodeObject, co_ncellvars),
        OFF(PyCodeObject, co_nfreevars),
        OFF(PyCodeObject, co_localsplusnames),
        OFF(PyCodeObject, co_localspluskinds),
        OFF(PyCodeObject, co_filename),
        OFF(PyCodeObject, co_name),
        OFF(PyCodeObject, co_qualname),
        OFF(PyCodeObject, _co_firsttraceable),
        OFF(PyCodeObject, co_extra),
        OFF(PyCodeObject, co_code_adaptive),
        { "sizeof_code_unit", (int64_t)sizeof(_Py_CODEUNIT) },
        CONST(CO_OPTIMIZED),
        CONST(CO_NEWLOCALS),
        CONST(CO_VARARGS),
        CONST(CO_VARKEYWORDS),
        CONST(CO_NESTED),
        CONST(CO_GENERATOR),
        CONST(CO_COROUTINE),
        CONST(CO_ITERABLE_COROUTINE),
        CONST(CO_ASYNC_GENERATOR),
        CONST(CO_FAST_LOCAL),
        CONST(CO_FAST_CELL),
        CONST(CO_FAST_FREE),

        /* frames */
        OFF(_PyInterpreterFrame, f_func),
        OFF(_PyInterpreterFrame, f_globals),
        OFF(_PyInterpreterFrame, f_builtins),
        OFF(_PyInterpreterFrame, f_locals),
        OFF(_PyInterpreterFrame, f_code),
        OFF(_PyInterpreterFrame, frame_obj),
        OFF(_PyInterpreterFrame, previous),
        OFF(_PyInterpreterFrame, prev_instr),
        OFF(_PyInterpreterFrame, stacktop),
        OFF(_PyInterpreterFrame, is_entry),
        OFF(_PyInterpreterFrame, owner),
        OFF(_PyInterpreterFrame, localsplus),
        OFF(PyFrameObject, f_frame),
        OFF(PyFrameObject, f_lineno),
        OFF(_PyCFrame, use_tracing),
        OFF(_PyCFrame, current_frame),
        OFF(_PyCFrame, previous),
        SIZE(_PyCFrame),

        /* thread and interpreter state */
        OFF(PyThreadState, interp),
        OFF(PyThreadState, recursion_remaining),
        OFF(PyThreadState, recursion_limit),
        OFF(PyThreadState, cframe),
        OFF(PyThreadState, curexc_type),
        OFF(PyThreadState, curexc_value),
        OFF(PyThreadState, curexc_traceback),
        OFF(PyThreadState, exc_info),
        OFF(PyThreadState, async_exc),
        OFF(PyThreadState, datastack_top),
        OFF(PyThreadState, datastack_limit),
        { "PyInterpreterState_ceval_eval_breaker",
          (int64_t)offsetof(PyInterpreterState, ceval.eval_breaker) },

        /* calls and compares */
        { "PY_VECTORCALL_ARGUMENTS_OFFSET_bit", 63 },
        CONST(Py_LT),
        CONST(Py_LE),
        CONST(Py_EQ),
        CONST(Py_NE),
        CONST(Py_GT),
        CONST(Py_GE),

        /* the shim's own protocol */
        { "deopt_sentinel", (int64_t)(uintptr_t)PYJC_DEOPT },

        /* the interpreter's private range iterator (checked at startup, sem_native.c) */
        { "rangeiterobject_index", (int64_t)pyjc_rangeiter_offset(0) },
        { "rangeiterobject_start", (int64_t)pyjc_rangeiter_offset(1) },
        { "rangeiterobject_step", (int64_t)pyjc_rangeiter_offset(2) },
        { "rangeiterobject_len", (int64_t)pyjc_rangeiter_offset(3) },
        { "rangeiter_layout_ok", pyjc_rangeiter_layout_ok ? 1 : 0 },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        visit(table[i].name, table[i].value, ctx);
    }
}

/* ---- symbols ------------------------------------------------------------ */

#define FN(F) { #F, (const void *)(F) }
#define DATA(D) { #D, (const void *)&(D) }
/* PyExc_* are pointer variables; the entry is the exception type itself. */
#define EXC(E) { #E, (const void *)(E) }

void pyjc_each_symbol(pyjc_symbol_visitor visit, void *ctx)
{
    /* What PyLong_FromLong(0) returns, without touching its refcount (this
     * may run without the GIL). */
    const void *zero = &_PyRuntime.global_objects.singletons.small_ints[_PY_NSMALLNEGINTS];
    const pyjc_symbol_entry table[] = {
        /* arithmetic */
        FN(PyNumber_Add),
        FN(PyNumber_Subtract),
        FN(PyNumber_Multiply),
        FN(PyNumber_MatrixMultiply),
        FN(PyNumber_FloorDivide),
        FN(PyNumber_TrueDivide),
        FN(PyNumber_Remainder),
        FN(PyNumber_Divmod),
        FN(PyNumber_Power),
        FN(PyNumber_Lshift),
        FN(PyNumber_Rshift),
        FN(PyNumber_And),
        FN(PyNumber_Xor),
        FN(PyNumber_Or),
        FN(PyNumber_InPlaceAdd),
        FN(PyNumber_InPlaceSubtract),
        FN(PyNumber_InPlaceMultiply),
        FN(PyNumber_InPlaceMatrixMultiply),
        FN(PyNumber_InPlaceFloorDivide),
        FN(PyNumber_InPlaceTrueDivide),
        FN(PyNumber_InPlaceRemainder),
        FN(PyNumber_InPlacePower),
        FN(PyNumber_InPlaceLshift),
        FN(PyNumber_InPlaceRshift),
        FN(PyNumber_InPlaceAnd),
        FN(PyNumber_InPlaceXor),
        FN(PyNumber_InPlaceOr),
        FN(PyNumber_Negative),
        FN(PyNumber_Positive),
        FN(PyNumber_Invert),
        FN(PyNumber_Absolute),
        FN(PyNumber_Index),
        FN(PyNumber_Long),
        FN(PyNumber_Float),

        /* objects */
        FN(PyObject_RichCompare),
        FN(PyObject_RichCompareBool),
        FN(PyObject_IsTrue),
        FN(PyObject_Not),
        FN(PyObject_Hash),
        FN(PyObject_Repr),
        FN(PyObject_Str),
        FN(PyObject_Format),
        FN(PyObject_IsInstance),
        FN(PyObject_Size),
        FN(PyObject_GetAttr),
        FN(PyObject_SetAttr),
        FN(PyObject_GenericGetAttr),
        FN(PyObject_GetItem),
        FN(PyObject_SetItem),
        FN(PyObject_DelItem),
        FN(PyObject_GetIter),
        FN(PyIter_Next),
        FN(PySequence_Contains),
        FN(PySequence_List),
        FN(PySequence_Tuple),

        /* calls */
        FN(PyObject_Vectorcall),
        FN(PyObject_VectorcallMethod),
        FN(PyObject_Call),
        FN(PyObject_CallNoArgs),
        FN(PyObject_CallOneArg),

        /* constructors and conversions */
        FN(PyTuple_New),
        FN(PyList_New),
        FN(PyList_Append),
        FN(PyList_AsTuple),
        FN(PyDict_New),
        FN(PyDict_SetItem),
        FN(PyDict_GetItemWithError),
        FN(PyDict_DelItem),
        FN(PyDict_Contains),
        FN(PyDict_Update),
        FN(PySet_New),
        FN(PySet_Add),
        FN(PySlice_New),
        FN(PyCell_New),
        FN(PyCell_Get),
        FN(PyCell_Set),
        FN(PyLong_FromLong),
        FN(PyLong_FromLongLong),
        FN(PyLong_FromSsize_t),
        FN(PyLong_AsLongLong),
        FN(PyLong_AsLongLongAndOverflow),
        FN(PyLong_AsSsize_t),
        FN(PyFloat_FromDouble),
        FN(PyFloat_AsDouble),
        FN(PyBool_FromLong),
        FN(PyUnicode_Concat),
        FN(PyUnicode_FromStringAndSize),
        FN(PyImport_ImportModuleLevelObject),

        /* memory and refcounts */
        FN(_Py_Dealloc),

        /* errors, frames, tracebacks */
        FN(PyErr_Occurred),
        FN(PyErr_SetString),
        FN(PyErr_SetObject),
        FN(PyErr_SetNone),
        FN(PyErr_Format),
        FN(PyErr_NoMemory),
        FN(PyErr_Clear),
        FN(PyErr_Fetch),
        FN(PyErr_Restore),
        FN(PyErr_ExceptionMatches),
        FN(PyErr_GivenExceptionMatches),
        FN(PyErr_CheckSignals),
        FN(PyTraceBack_Here),
        FN(PyEval_GetFrame),
        FN(PyThreadState_Get),
        FN(Py_MakePendingCalls),
        FN(_Py_CheckRecursiveCall),
        FN(_PyEval_EvalFrameDefault),

        /* shim helpers: SHIM_HELPERS in packages/core/src/lower/helpers.ts */
        /* frames and the eval breaker (helpers.c) */
        FN(pyjc_add_traceback),
        FN(pyjc_handle_eval_breaker),
        /* names (sem_names.c) */
        FN(pyjc_unbound_local),
        FN(pyjc_unbound_deref),
        FN(pyjc_load_classderef),
        FN(pyjc_load_name),
        FN(pyjc_store_name),
        FN(pyjc_delete_name),
        FN(pyjc_load_global),
        FN(pyjc_delete_global),
        FN(pyjc_store_global),
        FN(pyjc_load_build_class),
        FN(pyjc_setup_annotations),
        /* imports (sem_import.c) */
        FN(pyjc_import_name),
        FN(pyjc_import_from),
        FN(pyjc_import_star),
        /* building and calling (sem_build.c) */
        FN(pyjc_load_method),
        FN(pyjc_call_ex),
        FN(pyjc_make_function),
        FN(pyjc_build_tuple),
        FN(pyjc_build_list),
        FN(pyjc_build_set),
        FN(pyjc_build_map),
        FN(pyjc_build_const_key_map),
        FN(pyjc_build_string),
        FN(pyjc_list_extend),
        FN(pyjc_set_update),
        FN(pyjc_dict_update),
        FN(pyjc_dict_merge),
        FN(pyjc_format_value),
        FN(pyjc_print_expr),
        FN(pyjc_for_iter),
        FN(pyjc_get_len),
        /* unpacking and matching (sem_unpack.c, sem_match.c) */
        FN(pyjc_unpack_sequence),
        FN(pyjc_unpack_ex),
        FN(pyjc_unbox_int),
        FN(pyjc_i64_floordiv),
        FN(pyjc_i64_mod),
        FN(pyjc_f64_floordiv),
        FN(pyjc_f64_mod),
        FN(pyjc_f64_pow),
        FN(pyjc_match_keys),
        FN(pyjc_match_class),
        /* exceptions, except* and with (sem_except.c, sem_exgroup.c) */
        FN(pyjc_catch),
        FN(pyjc_lasti),
        FN(pyjc_push_exc_info),
        FN(pyjc_pop_except),
        FN(pyjc_check_exc_match),
        FN(pyjc_check_eg_match),
        FN(pyjc_prep_reraise_star),
        FN(pyjc_before_with),
        FN(pyjc_with_except_start),
        FN(pyjc_raise),
        FN(pyjc_reraise),

        /* type objects */
        DATA(PyLong_Type),
        DATA(PyFloat_Type),
        DATA(PyComplex_Type),
        DATA(PyBool_Type),
        DATA(PyList_Type),
        DATA(PyTuple_Type),
        DATA(PyDict_Type),
        DATA(PySet_Type),
        DATA(PyFrozenSet_Type),
        DATA(PyUnicode_Type),
        DATA(PyBytes_Type),
        DATA(PySlice_Type),
        DATA(PyRange_Type),
        DATA(PyRangeIter_Type),
        DATA(PyLongRangeIter_Type),
        DATA(PyListIter_Type),
        DATA(PyTupleIter_Type),
        DATA(PyFunction_Type),
        DATA(PyMethod_Type),
        DATA(PyCFunction_Type),
        DATA(PyMethodDescr_Type),
        DATA(PyCell_Type),
        DATA(PyCode_Type),
        DATA(PyModule_Type),
        DATA(PyType_Type),
        DATA(PyBaseObject_Type),
        DATA(_PyNone_Type),
        DATA(_PyNotImplemented_Type),
        DATA(PyEllipsis_Type),

        /* singletons */
        DATA(_Py_NoneStruct),
        DATA(_Py_TrueStruct),
        DATA(_Py_FalseStruct),
        DATA(_Py_NotImplementedStruct),
        DATA(_Py_EllipsisObject),
        { "small_int_zero", zero },

        /* exception types */
        EXC(PyExc_ArithmeticError),
        EXC(PyExc_AssertionError),
        EXC(PyExc_AttributeError),
        EXC(PyExc_ImportError),
        EXC(PyExc_IndexError),
        EXC(PyExc_KeyError),
        EXC(PyExc_KeyboardInterrupt),
        EXC(PyExc_MemoryError),
        EXC(PyExc_NameError),
        EXC(PyExc_NotImplementedError),
        EXC(PyExc_OverflowError),
        EXC(PyExc_RecursionError),
        EXC(PyExc_RuntimeError),
        EXC(PyExc_StopIteration),
        EXC(PyExc_SystemError),
        EXC(PyExc_TypeError),
        EXC(PyExc_UnboundLocalError),
        EXC(PyExc_ValueError),
        EXC(PyExc_ZeroDivisionError),

        /* interpreter data: the main (and only) interpreter is statically
         * allocated in 3.11, so this address is valid even before init. */
        { "eval_breaker", (const void *)&_PyRuntime._main_interpreter.ceval.eval_breaker },
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        visit(table[i].name, table[i].addr, ctx);
    }
}
