// @pyjc/testing: fast-check generators of Python programs and values, shared by the test suites
// and by `pyjc check` (differential testing: run generated functions interpreted and compiled,
// compare results).
//
//   pythonFunction()      a valid, terminating, deterministic Python 3.11 function (+ signature)
//   pythonModule()        PRELUDE + several generated functions, as one module's source
//   pythonCallArgs(fn)    arguments for a call to a generated function; pythonCall(fn) the call
//   pythonValue()         an input value as Python literal source; pyValue() the same as data
//   pythonValueOf(type)   a value of one of the generator's parameter types
//   assertBatched(...)    fc.assert with one external batch step (one python3.11 process)
//
// Generated programs use every construct the front end handles: arguments of every kind, locals,
// if/elif/else, for/while with break/continue/else, nested try/except/else/finally, with, return
// in odd places, del, augmented and starred assignment, chained comparisons, boolean operators,
// calls with keyword and star arguments, methods, attributes, subscripts, comprehensions, lambdas,
// nested functions with nonlocal, class bodies, f-strings with format specs, assert, global, match,
// raise and raise-from. They terminate (loops are bounded by construction) and depend only on their
// arguments (no addresses, no str hashing, no set order, no state kept between calls). Shrinking
// works on the structure: counterexamples lose statements and subexpressions, and print as source.

export { assertBatched, type BatchedProperty } from "./batch.js";
export {
  PRELUDE,
  pythonCall,
  pythonCallArgs,
  pythonFunction,
  pythonModule,
  pythonValueOf,
  type GeneratedFunction,
  type GeneratedModule,
  type ParamKind,
  type ParamSpec,
  type PythonFunctionOptions,
  type PythonModuleOptions,
} from "./program/functions.js";
export { DICT_KEYS, VALUE_TYPES, type ValueType } from "./program/scope.js";
export {
  FLOAT_EDGES,
  INT_EDGES,
  bytesLiteral,
  floatLiteral,
  intLiteral,
  pyValue,
  pythonFloatValue,
  pythonIntValue,
  pythonLiteral,
  pythonStrValue,
  pythonValue,
  strLiteral,
  type PyValueOptions,
  type StrOptions,
} from "./values.js";
