/**
 * Names of the entries in the addon's `layout` and `symbols` tables (native/exports.c).
 *
 * The C tables are the source of truth; these lists exist so that TypeScript code gets a
 * compile error for a misspelt name. test/exports.test.ts fails if the two ever disagree.
 * Add a name here whenever you add a line to native/exports.c.
 */

/** Offsets, sizes and constants: `<Struct>_<field>` (offsetof), `sizeof_<Struct>`, or a C constant. */
export const LAYOUT_KEYS = [
  "PyObject_ob_refcnt", "PyObject_ob_type", "sizeof_PyObject", "PyVarObject_ob_size",
  "sizeof_PyVarObject", "sizeof_pointer", "PyTypeObject_tp_name", "PyTypeObject_tp_basicsize",
  "PyTypeObject_tp_itemsize", "PyTypeObject_tp_dealloc", "PyTypeObject_tp_vectorcall_offset",
  "PyTypeObject_tp_as_number", "PyTypeObject_tp_as_sequence", "PyTypeObject_tp_as_mapping",
  "PyTypeObject_tp_hash", "PyTypeObject_tp_call", "PyTypeObject_tp_getattro",
  "PyTypeObject_tp_setattro", "PyTypeObject_tp_flags", "PyTypeObject_tp_richcompare",
  "PyTypeObject_tp_iter", "PyTypeObject_tp_iternext", "PyTypeObject_tp_base",
  "PyTypeObject_tp_dict", "PyTypeObject_tp_descr_get", "PyTypeObject_tp_dictoffset",
  "PyTypeObject_tp_mro", "PyTypeObject_tp_version_tag", "PyTypeObject_tp_vectorcall",
  "sizeof_PyTypeObject", "Py_TPFLAGS_MANAGED_DICT", "Py_TPFLAGS_SEQUENCE", "Py_TPFLAGS_MAPPING",
  "Py_TPFLAGS_IMMUTABLETYPE", "Py_TPFLAGS_HEAPTYPE", "Py_TPFLAGS_BASETYPE",
  "Py_TPFLAGS_HAVE_VECTORCALL", "Py_TPFLAGS_READY", "Py_TPFLAGS_HAVE_GC",
  "Py_TPFLAGS_METHOD_DESCRIPTOR", "Py_TPFLAGS_VALID_VERSION_TAG", "Py_TPFLAGS_LONG_SUBCLASS",
  "Py_TPFLAGS_LIST_SUBCLASS", "Py_TPFLAGS_TUPLE_SUBCLASS", "Py_TPFLAGS_BYTES_SUBCLASS",
  "Py_TPFLAGS_UNICODE_SUBCLASS", "Py_TPFLAGS_DICT_SUBCLASS", "Py_TPFLAGS_BASE_EXC_SUBCLASS",
  "Py_TPFLAGS_TYPE_SUBCLASS", "PyLongObject_ob_digit", "sizeof_PyLongObject", "sizeof_digit",
  "PyLong_SHIFT", "small_int_min", "small_int_max", "small_int_stride", "PyFloatObject_ob_fval",
  "sizeof_PyFloatObject", "PyTupleObject_ob_item", "PyListObject_ob_item",
  "PyListObject_allocated", "PyDictObject_ma_used", "PyDictObject_ma_version_tag",
  "PyDictObject_ma_keys", "PyDictObject_ma_values", "PyDictKeysObject_dk_refcnt",
  "PyDictKeysObject_dk_log2_size", "PyDictKeysObject_dk_log2_index_bytes",
  "PyDictKeysObject_dk_kind", "PyDictKeysObject_dk_version", "PyDictKeysObject_dk_usable",
  "PyDictKeysObject_dk_nentries", "PyDictKeysObject_dk_indices", "DICT_KEYS_GENERAL",
  "DICT_KEYS_UNICODE", "DICT_KEYS_SPLIT", "PyDictKeyEntry_me_hash", "PyDictKeyEntry_me_key",
  "PyDictKeyEntry_me_value", "sizeof_PyDictKeyEntry", "PyDictUnicodeEntry_me_key",
  "PyDictUnicodeEntry_me_value", "sizeof_PyDictUnicodeEntry", "PyModuleObject_md_dict", "PySliceObject_start",
  "PySliceObject_stop", "PySliceObject_step", "PyASCIIObject_length", "PyASCIIObject_hash",
  "PyCellObject_ob_ref", "PyFunctionObject_func_globals", "PyFunctionObject_func_builtins",
  "PyFunctionObject_func_name", "PyFunctionObject_func_qualname", "PyFunctionObject_func_code",
  "PyFunctionObject_func_defaults", "PyFunctionObject_func_kwdefaults",
  "PyFunctionObject_func_closure", "PyFunctionObject_func_dict", "PyFunctionObject_func_module",
  "PyFunctionObject_vectorcall", "PyFunctionObject_func_version", "PyMethodObject_im_func",
  "PyMethodObject_im_self", "PyCodeObject_co_consts", "PyCodeObject_co_names",
  "PyCodeObject_co_exceptiontable", "PyCodeObject_co_flags", "PyCodeObject_co_argcount",
  "PyCodeObject_co_posonlyargcount", "PyCodeObject_co_kwonlyargcount", "PyCodeObject_co_stacksize",
  "PyCodeObject_co_firstlineno", "PyCodeObject_co_nlocalsplus", "PyCodeObject_co_nlocals",
  "PyCodeObject_co_nplaincellvars", "PyCodeObject_co_ncellvars", "PyCodeObject_co_nfreevars",
  "PyCodeObject_co_localsplusnames", "PyCodeObject_co_localspluskinds", "PyCodeObject_co_filename",
  "PyCodeObject_co_name", "PyCodeObject_co_qualname", "PyCodeObject__co_firsttraceable",
  "PyCodeObject_co_extra", "PyCodeObject_co_code_adaptive", "sizeof_code_unit", "CO_OPTIMIZED",
  "CO_NEWLOCALS", "CO_VARARGS", "CO_VARKEYWORDS", "CO_NESTED", "CO_GENERATOR", "CO_COROUTINE",
  "CO_ITERABLE_COROUTINE", "CO_ASYNC_GENERATOR", "CO_FAST_LOCAL", "CO_FAST_CELL", "CO_FAST_FREE",
  "_PyInterpreterFrame_f_func", "_PyInterpreterFrame_f_globals", "_PyInterpreterFrame_f_builtins",
  "_PyInterpreterFrame_f_locals", "_PyInterpreterFrame_f_code", "_PyInterpreterFrame_frame_obj",
  "_PyInterpreterFrame_previous", "_PyInterpreterFrame_prev_instr", "_PyInterpreterFrame_stacktop",
  "_PyInterpreterFrame_is_entry", "_PyInterpreterFrame_owner", "_PyInterpreterFrame_localsplus",
  "PyFrameObject_f_frame", "PyFrameObject_f_lineno", "_PyCFrame_use_tracing",
  "_PyCFrame_current_frame", "_PyCFrame_previous", "sizeof__PyCFrame", "PyThreadState_interp",
  "PyThreadState_recursion_remaining", "PyThreadState_recursion_limit", "PyThreadState_cframe",
  "PyThreadState_curexc_type", "PyThreadState_curexc_value", "PyThreadState_curexc_traceback",
  "PyThreadState_exc_info", "PyThreadState_async_exc", "PyThreadState_datastack_top",
  "PyThreadState_datastack_limit", "PyInterpreterState_ceval_eval_breaker",
  "PY_VECTORCALL_ARGUMENTS_OFFSET_bit", "Py_LT", "Py_LE", "Py_EQ", "Py_NE", "Py_GT", "Py_GE",
  "deopt_sentinel", "rangeiterobject_index", "rangeiterobject_start", "rangeiterobject_step",
  "rangeiterobject_len", "rangeiter_layout_ok",
] as const;

/**
 * Functions and objects generated code may reference. Data entries are the object's own address
 * (for `PyExc_*`, the exception type itself), `eval_breaker` is the address of the interpreter's
 * 32-bit eval-breaker flag, `small_int_zero` is the cached int 0 (see `layout.small_int_stride`).
 */
export const SYMBOL_NAMES = [
  "PyNumber_Add", "PyNumber_Subtract", "PyNumber_Multiply", "PyNumber_MatrixMultiply",
  "PyNumber_FloorDivide", "PyNumber_TrueDivide", "PyNumber_Remainder", "PyNumber_Divmod",
  "PyNumber_Power", "PyNumber_Lshift", "PyNumber_Rshift", "PyNumber_And", "PyNumber_Xor",
  "PyNumber_Or", "PyNumber_InPlaceAdd", "PyNumber_InPlaceSubtract", "PyNumber_InPlaceMultiply",
  "PyNumber_InPlaceMatrixMultiply", "PyNumber_InPlaceFloorDivide", "PyNumber_InPlaceTrueDivide",
  "PyNumber_InPlaceRemainder", "PyNumber_InPlacePower", "PyNumber_InPlaceLshift",
  "PyNumber_InPlaceRshift", "PyNumber_InPlaceAnd", "PyNumber_InPlaceXor", "PyNumber_InPlaceOr",
  "PyNumber_Negative", "PyNumber_Positive", "PyNumber_Invert", "PyNumber_Absolute",
  "PyNumber_Index", "PyNumber_Long", "PyNumber_Float", "PyObject_RichCompare",
  "PyObject_RichCompareBool", "PyObject_IsTrue", "PyObject_Not", "PyObject_Hash", "PyObject_Repr",
  "PyObject_Str", "PyObject_Format", "PyObject_IsInstance", "PyObject_Size", "PyObject_GetAttr",
  "PyObject_SetAttr", "PyObject_GenericGetAttr", "PyObject_GetItem", "PyObject_SetItem",
  "PyObject_DelItem", "PyObject_GetIter", "PyIter_Next", "PySequence_Contains", "PySequence_List",
  "PySequence_Tuple", "PyObject_Vectorcall", "PyObject_VectorcallMethod", "PyObject_Call",
  "PyObject_CallNoArgs", "PyObject_CallOneArg", "PyTuple_New", "PyList_New", "PyList_Append",
  "PyList_AsTuple", "PyDict_New", "PyDict_SetItem", "PyDict_GetItemWithError", "PyDict_DelItem",
  "PyDict_Contains", "PyDict_Update", "PySet_New", "PySet_Add", "PySlice_New", "PyCell_New",
  "PyCell_Get", "PyCell_Set", "PyLong_FromLong", "PyLong_FromLongLong", "PyLong_FromSsize_t",
  "PyLong_AsLongLong", "PyLong_AsLongLongAndOverflow", "PyLong_AsSsize_t", "PyFloat_FromDouble",
  "PyFloat_AsDouble", "PyBool_FromLong", "PyUnicode_Concat", "PyUnicode_FromStringAndSize",
  "PyImport_ImportModuleLevelObject", "_Py_Dealloc", "PyErr_Occurred", "PyErr_SetString",
  "PyErr_SetObject", "PyErr_SetNone", "PyErr_Format", "PyErr_NoMemory", "PyErr_Clear",
  "PyErr_Fetch", "PyErr_Restore", "PyErr_ExceptionMatches", "PyErr_GivenExceptionMatches",
  "PyErr_CheckSignals", "PyTraceBack_Here", "PyEval_GetFrame", "PyThreadState_Get",
  "Py_MakePendingCalls", "_Py_CheckRecursiveCall", "_PyEval_EvalFrameDefault",
  "pyjc_add_traceback", "pyjc_handle_eval_breaker", "pyjc_unbound_local", "pyjc_unbound_deref",
  "pyjc_load_classderef", "pyjc_load_name", "pyjc_store_name", "pyjc_delete_name",
  "pyjc_load_global", "pyjc_delete_global", "pyjc_store_global", "pyjc_load_build_class",
  "pyjc_setup_annotations", "pyjc_import_name", "pyjc_import_from", "pyjc_import_star",
  "pyjc_load_method", "pyjc_call_ex", "pyjc_make_function", "pyjc_build_tuple", "pyjc_build_list",
  "pyjc_build_set", "pyjc_build_map", "pyjc_build_const_key_map", "pyjc_build_string",
  "pyjc_list_extend", "pyjc_set_update", "pyjc_dict_update", "pyjc_dict_merge",
  "pyjc_format_value", "pyjc_print_expr", "pyjc_for_iter", "pyjc_get_len", "pyjc_unpack_sequence",
  "pyjc_unpack_ex", "pyjc_unbox_int", "pyjc_i64_floordiv", "pyjc_i64_mod", "pyjc_f64_floordiv",
  "pyjc_f64_mod", "pyjc_f64_pow", "pyjc_match_keys", "pyjc_match_class", "pyjc_catch", "pyjc_lasti",
  "pyjc_push_exc_info", "pyjc_pop_except", "pyjc_check_exc_match", "pyjc_check_eg_match",
  "pyjc_prep_reraise_star", "pyjc_before_with", "pyjc_with_except_start", "pyjc_raise",
  "pyjc_reraise", "PyLong_Type", "PyFloat_Type", "PyComplex_Type", "PyBool_Type", "PyList_Type",
  "PyTuple_Type", "PyDict_Type", "PySet_Type",
  "PyFrozenSet_Type", "PyUnicode_Type", "PyBytes_Type", "PySlice_Type", "PyRange_Type",
  "PyRangeIter_Type", "PyLongRangeIter_Type", "PyListIter_Type", "PyTupleIter_Type",
  "PyFunction_Type", "PyMethod_Type", "PyCFunction_Type", "PyMethodDescr_Type", "PyCell_Type",
  "PyCode_Type", "PyModule_Type", "PyType_Type", "PyBaseObject_Type", "_PyNone_Type",
  "_PyNotImplemented_Type", "PyEllipsis_Type", "_Py_NoneStruct", "_Py_TrueStruct",
  "_Py_FalseStruct", "_Py_NotImplementedStruct", "_Py_EllipsisObject", "small_int_zero",
  "PyExc_ArithmeticError", "PyExc_AssertionError", "PyExc_AttributeError", "PyExc_ImportError",
  "PyExc_IndexError", "PyExc_KeyError", "PyExc_KeyboardInterrupt", "PyExc_MemoryError",
  "PyExc_NameError", "PyExc_NotImplementedError", "PyExc_OverflowError", "PyExc_RecursionError",
  "PyExc_RuntimeError", "PyExc_StopIteration", "PyExc_SystemError", "PyExc_TypeError",
  "PyExc_UnboundLocalError", "PyExc_ValueError", "PyExc_ZeroDivisionError", "eval_breaker",
] as const;

export type LayoutKey = (typeof LAYOUT_KEYS)[number];
export type SymbolName = (typeof SYMBOL_NAMES)[number];

/** offsetof/sizeof/constant values, all plain numbers. */
export type Layout = Readonly<Record<LayoutKey, number>>;
/** Absolute addresses in this process. */
export type Symbols = Readonly<Record<SymbolName, bigint>>;
