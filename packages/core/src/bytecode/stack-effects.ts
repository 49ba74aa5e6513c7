// Stack effects of the 3.11 base opcodes, as the interpreter (Python/ceval.c) really executes them.
//
// Convention (the one CPython 3.12 adopted for its bytecodes.c DSL): `pops` is the number of
// stack slots, counted from the top, that the instruction reads; `pushes` is how many it leaves in
// their place. Values an instruction reads but leaves in place are counted on both sides, so
// LIST_APPEND(i) pops i+1 (the list sits i slots below the item) and pushes i. A generic lowering
// can therefore hand exactly `pops` inputs to a helper and take back `pushes` outputs.
//
// Where the compiler's own accounting (dis.stack_effect) differs from what ceval does, this table
// follows ceval, because frame states written on deoptimization must match the real value stack:
// - PRECALL(n) leaves the callable, self/NULL and the n arguments where they are (it may rewrite a
//   bound method into function + self in place); CALL(n) then consumes all n+2. dis.stack_effect
//   books -n on PRECALL and -1 on CALL; the pair sums to the same -(n+1).
// - RETURN_GENERATOR: when the generator is first resumed, the value sent in (None) is pushed onto
//   its stack and the POP_TOP that follows removes it. dis.stack_effect says 0.

import type { BaseOpcodeName } from "./opcodes.js";

/** A count, either fixed or computed from the oparg (and, for pushes, from whether the jump is taken). */
export type PopCount = number | ((oparg: number) => number);
export type PushCount = number | ((oparg: number, jump: boolean) => number);

/** [pops, pushes] */
export type StackEffectRow = readonly [PopCount, PushCount];

const popcount4 = (oparg: number): number =>
  (oparg & 1) + ((oparg >> 1) & 1) + ((oparg >> 2) & 1) + ((oparg >> 3) & 1);
/** The oparg itself, e.g. BUILD_TUPLE(n) pops n; for LIST_APPEND-like ops, the slots left in place. */
const arg = (oparg: number): number => oparg;

export const STACK_EFFECTS: { readonly [K in BaseOpcodeName]: StackEffectRow } = {
  // Never executed: CACHE is inline data, EXTENDED_ARG folds into the next instruction.
  CACHE: [0, 0],
  EXTENDED_ARG: [0, 0],
  NOP: [0, 0],
  RESUME: [0, 0],
  POP_TOP: [1, 0],
  PUSH_NULL: [0, 1],
  SWAP: [arg, arg],
  COPY: [arg, (oparg) => oparg + 1],

  UNARY_POSITIVE: [1, 1],
  UNARY_NEGATIVE: [1, 1],
  UNARY_NOT: [1, 1],
  UNARY_INVERT: [1, 1],
  BINARY_OP: [2, 1],
  BINARY_SUBSCR: [2, 1],
  STORE_SUBSCR: [3, 0],
  DELETE_SUBSCR: [2, 0],
  COMPARE_OP: [2, 1],
  IS_OP: [2, 1],
  CONTAINS_OP: [2, 1],

  LOAD_CONST: [0, 1],
  LOAD_FAST: [0, 1],
  STORE_FAST: [1, 0],
  DELETE_FAST: [0, 0],
  LOAD_NAME: [0, 1],
  STORE_NAME: [1, 0],
  DELETE_NAME: [0, 0],
  // oparg & 1: push NULL before the global (call shape for PRECALL/CALL); name index is oparg >> 1.
  LOAD_GLOBAL: [0, (oparg) => 1 + (oparg & 1)],
  STORE_GLOBAL: [1, 0],
  DELETE_GLOBAL: [0, 0],
  LOAD_ATTR: [1, 1],
  STORE_ATTR: [2, 0],
  DELETE_ATTR: [1, 0],
  // obj -> (meth, self) or (NULL, attr)
  LOAD_METHOD: [1, 2],
  MAKE_CELL: [0, 0],
  COPY_FREE_VARS: [0, 0],
  LOAD_CLOSURE: [0, 1],
  LOAD_DEREF: [0, 1],
  LOAD_CLASSDEREF: [0, 1],
  STORE_DEREF: [1, 0],
  DELETE_DEREF: [0, 0],
  LOAD_BUILD_CLASS: [0, 1],
  LOAD_ASSERTION_ERROR: [0, 1],
  SETUP_ANNOTATIONS: [0, 0],
  IMPORT_NAME: [2, 1],
  // module -- module, attr
  IMPORT_FROM: [1, 2],
  IMPORT_STAR: [1, 0],
  PRINT_EXPR: [1, 0],

  BUILD_TUPLE: [arg, 1],
  BUILD_LIST: [arg, 1],
  BUILD_SET: [arg, 1],
  BUILD_STRING: [arg, 1],
  BUILD_MAP: [(oparg) => 2 * oparg, 1],
  BUILD_CONST_KEY_MAP: [(oparg) => oparg + 1, 1],
  BUILD_SLICE: [(oparg) => (oparg === 3 ? 3 : 2), 1],
  LIST_TO_TUPLE: [1, 1],
  // The container sits oparg slots below the popped item(s) and stays.
  LIST_APPEND: [(oparg) => oparg + 1, arg],
  SET_ADD: [(oparg) => oparg + 1, arg],
  MAP_ADD: [(oparg) => oparg + 2, arg],
  LIST_EXTEND: [(oparg) => oparg + 1, arg],
  SET_UPDATE: [(oparg) => oparg + 1, arg],
  DICT_UPDATE: [(oparg) => oparg + 1, arg],
  DICT_MERGE: [(oparg) => oparg + 1, arg],
  UNPACK_SEQUENCE: [1, arg],
  UNPACK_EX: [1, (oparg) => (oparg & 0xff) + (oparg >> 8) + 1],
  FORMAT_VALUE: [(oparg) => ((oparg & 4) !== 0 ? 2 : 1), 1],
  // code object plus one value per MAKE_FUNCTION flag bit (defaults, kwdefaults, annotations, closure)
  MAKE_FUNCTION: [(oparg) => 1 + popcount4(oparg), 1],

  KW_NAMES: [0, 0],
  // NULL|meth, callable|self, args...: PRECALL reads them all and leaves them (see header).
  PRECALL: [(oparg) => oparg + 2, (oparg) => oparg + 2],
  CALL: [(oparg) => oparg + 2, 1],
  // NULL, func, args tuple [, kwargs dict]
  CALL_FUNCTION_EX: [(oparg) => 3 + (oparg & 1), 1],
  RETURN_VALUE: [1, 0],
  RAISE_VARARGS: [arg, 0],
  // values[oparg], exc -- values[oparg]: with oparg set, the lasti int sits oparg slots down.
  RERAISE: [(oparg) => oparg + 1, arg],

  JUMP_FORWARD: [0, 0],
  JUMP_BACKWARD: [0, 0],
  JUMP_BACKWARD_NO_INTERRUPT: [0, 0],
  POP_JUMP_FORWARD_IF_FALSE: [1, 0],
  POP_JUMP_FORWARD_IF_TRUE: [1, 0],
  POP_JUMP_FORWARD_IF_NONE: [1, 0],
  POP_JUMP_FORWARD_IF_NOT_NONE: [1, 0],
  POP_JUMP_BACKWARD_IF_FALSE: [1, 0],
  POP_JUMP_BACKWARD_IF_TRUE: [1, 0],
  POP_JUMP_BACKWARD_IF_NONE: [1, 0],
  POP_JUMP_BACKWARD_IF_NOT_NONE: [1, 0],
  // The tested value stays on the stack only when the jump is taken.
  JUMP_IF_FALSE_OR_POP: [1, (_oparg, jump) => (jump ? 1 : 0)],
  JUMP_IF_TRUE_OR_POP: [1, (_oparg, jump) => (jump ? 1 : 0)],
  // iter -- iter, next; on exhaustion the iterator is popped and the jump taken.
  FOR_ITER: [1, (_oparg, jump) => (jump ? 0 : 2)],
  GET_ITER: [1, 1],
  GET_YIELD_FROM_ITER: [1, 1],

  RETURN_GENERATOR: [0, 1],
  YIELD_VALUE: [1, 1],
  // receiver, value -- receiver, yielded; on return (jump) -- result.
  SEND: [2, (_oparg, jump) => (jump ? 1 : 2)],
  ASYNC_GEN_WRAP: [1, 1],
  GET_AWAITABLE: [1, 1],
  GET_AITER: [1, 1],
  GET_ANEXT: [1, 2],
  END_ASYNC_FOR: [2, 0],
  BEFORE_WITH: [1, 2],
  BEFORE_ASYNC_WITH: [1, 2],
  // exit_func, lasti, prev_exc, exc -- the same four, result
  WITH_EXCEPT_START: [4, 5],

  // exc -- prev_exc, exc
  PUSH_EXC_INFO: [1, 2],
  POP_EXCEPT: [1, 0],
  // exc, type -- exc, bool
  CHECK_EXC_MATCH: [2, 2],
  // exc, type -- rest, match
  CHECK_EG_MATCH: [2, 2],
  PREP_RERAISE_STAR: [2, 1],

  // subject -- subject, bool
  GET_LEN: [1, 2],
  MATCH_MAPPING: [1, 2],
  MATCH_SEQUENCE: [1, 2],
  // subject, keys -- subject, keys, values_or_none
  MATCH_KEYS: [2, 3],
  // subject, type, names -- attrs_or_none
  MATCH_CLASS: [3, 1],
};
