// Bytecode to HIR: abstract interpretation of 3.11's value stack, one bytecode block at a time.
//
// Every reachable bytecode block gets an HIR block whose parameters are all the localsplus slots
// followed by the value stack at entry, so each block translates on its own from its parameters;
// ssa-cleanup.ts then removes the parameters that turn out trivial. Each operation that can raise
// gets the FrameState of its bytecode instruction (the frame before it runs) and, inside a `try`,
// an unwind edge to the landing block of its handler, which receives the locals and the stack
// below the handler's depth, fetches the exception (`catch`, after `catch_lasti` when the table
// asks for it) and continues in the handler's block exactly as the interpreter's exception_unwind.

import type { CodeObject } from "../bytecode/code-object.js";
import { totalArgCount } from "../bytecode/code-object.js";
import type { ExceptionTable, ExceptionTableEntry } from "../bytecode/exception-table.js";
import type { Instruction } from "../bytecode/instructions.js";
import { PY_NONE, type PyValue } from "../bytecode/py-value.js";
import type { BlockCall, BlockId, FrameState, Inst, ValueId } from "../hir/function.js";
import { Func } from "../hir/function.js";
import type { ConstImm } from "../hir/imm.js";
import { COMPARE_OPS } from "../bytecode/opcodes.js";
import { BINOPS, CONVERSIONS, opDef } from "../hir/ops.js";
import { Type } from "../hir/types.js";
import type { BytecodeBlock, BytecodeCfg } from "./bytecode-cfg.js";
import { Unsupported } from "./unsupported.js";

/** Opcodes that only generators and coroutines contain. */
const GENERATOR_OPCODES = new Set([
  "RETURN_GENERATOR", "YIELD_VALUE", "SEND", "GET_AWAITABLE", "GET_AITER", "GET_ANEXT",
  "END_ASYNC_FOR", "BEFORE_ASYNC_WITH", "ASYNC_GEN_WRAP", "GET_YIELD_FROM_ITER",
]);

export class Translator {
  private readonly f: Func;
  private readonly nslots: number;
  private readonly hirBlock = new Map<number, BlockId>();
  private readonly landings = new Map<number, BlockId>();
  private nullValue!: ValueId;

  // The abstract state while translating one block.
  private cur!: BlockId;
  private locals: ValueId[] = [];
  private stack: ValueId[] = [];
  private ins!: Instruction;
  private before!: FrameState;
  private kwnames: readonly string[] = [];

  constructor(
    private readonly code: CodeObject,
    private readonly cfg: BytecodeCfg,
    private readonly table: ExceptionTable,
  ) {
    this.f = new Func({
      qualname: code.qualname,
      name: code.name,
      filename: code.filename,
      firstLineNo: code.firstLineNo,
      flags: code.flags,
      argCount: code.argCount,
      posOnlyArgCount: code.posOnlyArgCount,
      kwOnlyArgCount: code.kwOnlyArgCount,
      localsPlusNames: [...code.localsPlusNames],
      localsPlusKinds: [...code.localsPlusKinds],
      consts: [...code.consts],
      names: [...code.names],
    });
    this.nslots = code.nLocalsPlus;
  }

  translate(): Func {
    const f = this.f;
    const entry = f.newBlock();
    f.entry = entry;
    const args: ValueId[] = [];
    for (let i = 0; i < totalArgCount(this.code); i++) args.push(f.addParam(entry, Type.object));
    this.nullValue = f.append(entry, "null", []).results[0]!;

    for (const b of this.cfg.blocks) {
      if (b.depth === null) continue;
      const hb = f.newBlock();
      for (let i = 0; i < this.nslots + b.depth; i++) f.addParam(hb, Type.optObject);
      this.hirBlock.set(b.index, hb);
    }
    const initial = [...args];
    while (initial.length < this.nslots) initial.push(this.nullValue);
    f.append(entry, "jump", [], [], { targets: [{ block: this.hirBlock.get(0)!, args: initial }] });

    for (const b of this.cfg.blocks) if (b.depth !== null) this.translateBlock(b);
    return f;
  }

  // ---- state -------------------------------------------------------------------------------

  private push(v: ValueId): void {
    this.stack.push(v);
  }
  private pop(): ValueId {
    const v = this.stack.pop();
    if (v === undefined) throw new Unsupported(`stack underflow at offset ${this.ins.offset}`);
    return v;
  }
  private popN(n: number): ValueId[] {
    if (n > this.stack.length) throw new Unsupported(`stack underflow at offset ${this.ins.offset}`);
    return this.stack.splice(this.stack.length - n, n);
  }
  /** The i-th value from the top, 1-based like CPython's PEEK(i). */
  private peek(i: number): ValueId {
    const v = this.stack[this.stack.length - i];
    if (v === undefined) throw new Unsupported(`stack underflow at offset ${this.ins.offset}`);
    return v;
  }
  private snapshot(stack: ValueId[] = this.stack): FrameState {
    return { offset: this.ins.offset, locals: [...this.locals], stack: [...stack] };
  }

  // ---- emission ----------------------------------------------------------------------------

  /**
   * Appends an operation to the current block. Operations that can raise get the instruction's
   * frame state (or `fs`) and, inside a protected range, an unwind edge; the block then ends with a
   * jump to a fresh block so the exceptional edge leaves from a block's end.
   */
  private emit(op: string, args: ValueId[], imms: unknown[] = [], fs?: FrameState): Inst {
    const def = opDef(op);
    let frameState: FrameState | null = null;
    let unwind: BlockCall | null = null;
    if (def.flags.raises) {
      frameState = fs ?? this.before;
      const h = this.table.handlerAt(this.ins.offset);
      if (h) {
        if (h.depth > frameState.stack.length) {
          throw new Unsupported(`handler depth ${h.depth} above the stack at offset ${this.ins.offset}`);
        }
        unwind = { block: this.landing(h), args: [...frameState.locals, ...frameState.stack.slice(0, h.depth)] };
      }
    }
    const inst = this.f.append(this.cur, op, args, imms, { frameState, unwind });
    if (unwind && !def.flags.terminator) {
      const next = this.f.newBlock();
      this.f.append(this.cur, "jump", [], [], { targets: [{ block: next, args: [] }] });
      this.cur = next;
    }
    return inst;
  }

  private emit1(op: string, args: ValueId[], imms: unknown[] = []): ValueId {
    return this.emit(op, args, imms).results[0]!;
  }

  private constant(value: PyValue, index: number | null): ValueId {
    const imm: ConstImm = { value, index };
    return this.emit1("const", [], [imm]);
  }

  private none(): ValueId {
    const index = this.code.consts.findIndex((c) => c.kind === "none");
    return this.constant(PY_NONE, index >= 0 ? index : null);
  }

  /** The landing block for a handler: fetch the exception, push what the table says, enter. */
  private landing(h: ExceptionTableEntry): BlockId {
    const known = this.landings.get(h.target);
    if (known !== undefined) return known;
    const f = this.f;
    const lb = f.newBlock();
    this.landings.set(h.target, lb);
    const params: ValueId[] = [];
    for (let i = 0; i < this.nslots + h.depth; i++) params.push(f.addParam(lb, Type.optObject));
    const stack = params.slice(this.nslots);
    if (h.lasti) stack.push(f.append(lb, "catch_lasti", []).results[0]!);
    stack.push(f.append(lb, "catch", []).results[0]!);
    const target = this.cfg.blockAt(h.target);
    f.append(lb, "jump", [], [], { targets: [this.callBlock(target, params.slice(0, this.nslots), stack)] });
    return lb;
  }

  private callBlock(b: BytecodeBlock, locals: ValueId[], stack: ValueId[]): BlockCall {
    const hb = this.hirBlock.get(b.index);
    if (hb === undefined || b.depth !== stack.length) {
      throw new Unsupported(`stack depth mismatch entering offset ${b.start}`);
    }
    return { block: hb, args: [...locals, ...stack] };
  }

  /** The edge to the block at bytecode offset `start` with the current locals and `stack`. */
  private edge(start: number, stack: ValueId[] = this.stack): BlockCall {
    return this.callBlock(this.cfg.blockAt(start), this.locals, stack);
  }

  /**
   * A backward conditional edge: the interpreter checks its eval breaker after jumping back. The
   * check's FrameState is the frame at the jump's target (its offset, the stack after the jump's
   * pop), the state the interpreter resumes from; re-running the jump itself would evaluate its
   * condition twice.
   */
  private backEdge(start: number, stack: ValueId[] = this.stack): BlockCall {
    const saved = this.cur;
    this.cur = this.f.newBlock();
    const edgeBlock = this.cur;
    const target = this.cfg.blockAt(start).instructions[0]!;
    this.emit("check_eval_breaker", [], [], { offset: target.offset, locals: [...this.locals], stack: [...stack] });
    this.f.append(this.cur, "jump", [], [], { targets: [this.edge(start, stack)] });
    this.cur = saved;
    return { block: edgeBlock, args: [] };
  }

  private jumpEdge(stack: ValueId[] = this.stack): BlockCall {
    const target = this.ins.jumpTarget!;
    return this.ins.info.jump === "backward" ? this.backEdge(target, stack) : this.edge(target, stack);
  }

  private branch(cond: ValueId, ifTrue: BlockCall, ifFalse: BlockCall): void {
    this.f.append(this.cur, "branch", [cond], [], { targets: [ifTrue, ifFalse] });
  }

  private terminate(op: string, args: ValueId[], imms: unknown[] = [], targets: BlockCall[] = []): void {
    if (opDef(op).flags.raises) this.emit(op, args, imms);
    else this.f.append(this.cur, op, args, imms, { targets });
  }

  // ---- blocks ------------------------------------------------------------------------------

  private translateBlock(b: BytecodeBlock): void {
    this.cur = this.hirBlock.get(b.index)!;
    const params = this.f.block(this.cur).params;
    this.locals = params.slice(0, this.nslots);
    this.stack = params.slice(this.nslots);
    this.kwnames = [];
    for (const ins of b.instructions) {
      this.ins = ins;
      this.before = this.snapshot();
      if (this.instruction(ins)) return;
    }
    const next = this.cfg.blocks[b.index + 1];
    if (!next) throw new Unsupported("control falls off the end of the bytecode");
    this.f.append(this.cur, "jump", [], [], { targets: [this.callBlock(next, this.locals, this.stack)] });
  }

  /** Translates one instruction; returns true when it ended the block. */
  private instruction(ins: Instruction): boolean {
    const arg = ins.arg;
    const name = (i: number) => this.code.names[i] ?? this.fail(`name index ${i} out of range`);
    switch (ins.name) {
      case "NOP": case "PRECALL": case "EXTENDED_ARG": case "CACHE":
        return false;
      case "RESUME":
        if (arg < 2) this.emit("check_eval_breaker", []);
        return false;
      case "POP_TOP": this.pop(); return false;
      case "PUSH_NULL": this.push(this.nullValue); return false;
      case "COPY": this.push(this.peek(arg)); return false;
      case "SWAP": {
        const top = this.stack.length - 1;
        const other = this.stack.length - arg;
        if (other < 0) this.fail("SWAP below the stack");
        [this.stack[top], this.stack[other]] = [this.stack[other]!, this.stack[top]!];
        return false;
      }

      // Locals and cells.
      case "LOAD_FAST": {
        let v = this.locals[arg]!;
        if (this.f.typeOf(v).mayBeNull) {
          v = this.emit1("check_bound", [v], [arg]);
          this.locals[arg] = v;
        }
        this.push(v);
        return false;
      }
      case "STORE_FAST": {
        const v = this.pop();
        this.locals[arg] = v;
        this.emit("store_local", [v], [arg]);
        return false;
      }
      case "DELETE_FAST": {
        if (this.f.typeOf(this.locals[arg]!).mayBeNull) this.emit("check_bound", [this.locals[arg]!], [arg]);
        this.locals[arg] = this.nullValue;
        this.emit("store_local", [this.nullValue], [arg]);
        return false;
      }
      case "MAKE_CELL": {
        const cell = this.emit1("make_cell", [this.locals[arg]!], [arg]);
        this.locals[arg] = cell;
        this.emit("store_local", [cell], [arg]);
        return false;
      }
      case "COPY_FREE_VARS": {
        const first = this.nslots - arg;
        for (let j = 0; j < arg; j++) {
          const cell = this.emit1("closure_cell", [], [j]);
          this.locals[first + j] = cell;
          this.emit("store_local", [cell], [first + j]);
        }
        return false;
      }
      case "LOAD_CLOSURE": this.push(this.locals[arg]!); return false;
      case "LOAD_DEREF": this.push(this.emit1("load_deref", [this.locals[arg]!], [arg])); return false;
      case "LOAD_CLASSDEREF": this.push(this.emit1("load_classderef", [this.locals[arg]!], [arg])); return false;
      case "STORE_DEREF": this.emit("store_deref", [this.locals[arg]!, this.pop()], [arg]); return false;
      case "DELETE_DEREF": this.emit("delete_deref", [this.locals[arg]!], [arg]); return false;

      // Constants and names.
      case "LOAD_CONST": {
        const value = this.code.consts[arg] ?? this.fail(`constant index ${arg} out of range`);
        this.push(this.constant(value, arg));
        return false;
      }
      case "LOAD_NAME": this.push(this.emit1("load_name", [], [name(arg)])); return false;
      case "STORE_NAME": this.emit("store_name", [this.pop()], [name(arg)]); return false;
      case "DELETE_NAME": this.emit("delete_name", [], [name(arg)]); return false;
      case "LOAD_GLOBAL":
        if (arg & 1) this.push(this.nullValue);
        this.push(this.emit1("load_global", [], [name(arg >> 1)]));
        return false;
      case "STORE_GLOBAL": this.emit("store_global", [this.pop()], [name(arg)]); return false;
      case "DELETE_GLOBAL": this.emit("delete_global", [], [name(arg)]); return false;
      case "LOAD_BUILD_CLASS": this.push(this.emit1("load_build_class", [])); return false;
      case "LOAD_ASSERTION_ERROR": this.push(this.emit1("load_assertion_error", [])); return false;
      case "SETUP_ANNOTATIONS": this.emit("setup_annotations", []); return false;
      case "IMPORT_NAME": {
        const fromlist = this.pop();
        const level = this.pop();
        this.push(this.emit1("import_name", [level, fromlist], [name(arg)]));
        return false;
      }
      case "IMPORT_FROM": this.push(this.emit1("import_from", [this.peek(1)], [name(arg)])); return false;
      case "IMPORT_STAR": this.emit("import_star", [this.pop()]); return false;

      // Attributes and items.
      case "LOAD_ATTR": this.push(this.emit1("load_attr", [this.pop()], [name(arg)])); return false;
      case "LOAD_METHOD": {
        const [method, self] = this.emit("load_method", [this.pop()], [name(arg)]).results;
        this.push(method!);
        this.push(self!);
        return false;
      }
      case "STORE_ATTR": {
        const obj = this.pop();
        this.emit("store_attr", [obj, this.pop()], [name(arg)]);
        return false;
      }
      case "DELETE_ATTR": this.emit("delete_attr", [this.pop()], [name(arg)]); return false;
      case "BINARY_SUBSCR": {
        const key = this.pop();
        this.push(this.emit1("binary_subscr", [this.pop(), key]));
        return false;
      }
      case "STORE_SUBSCR": {
        const key = this.pop();
        const container = this.pop();
        this.emit("store_subscr", [container, key, this.pop()]);
        return false;
      }
      case "DELETE_SUBSCR": {
        const key = this.pop();
        this.emit("delete_subscr", [this.pop(), key]);
        return false;
      }
      case "BUILD_SLICE": this.push(this.emit1("build_slice", this.popN(arg))); return false;

      // Operators.
      case "UNARY_POSITIVE": this.push(this.emit1("unary_op", [this.pop()], ["pos"])); return false;
      case "UNARY_NEGATIVE": this.push(this.emit1("unary_op", [this.pop()], ["neg"])); return false;
      case "UNARY_INVERT": this.push(this.emit1("unary_op", [this.pop()], ["invert"])); return false;
      case "UNARY_NOT": this.push(this.emit1("unary_not", [this.pop()])); return false;
      case "BINARY_OP": {
        const op = BINOPS[arg]?.[0] ?? this.fail(`BINARY_OP ${arg}`);
        const right = this.pop();
        this.push(this.emit1("binary_op", [this.pop(), right], [op]));
        return false;
      }
      case "COMPARE_OP": {
        const op = COMPARE_OPS[arg] ?? this.fail(`COMPARE_OP ${arg}`);
        const right = this.pop();
        this.push(this.emit1("compare_op", [this.pop(), right], [op]));
        return false;
      }
      case "IS_OP": case "CONTAINS_OP": {
        const right = this.pop();
        this.push(this.emit1(ins.name === "IS_OP" ? "is_op" : "contains_op", [this.pop(), right], [arg ? 1 : 0]));
        return false;
      }

      // Calls and functions.
      case "KW_NAMES": {
        const names = this.code.consts[arg];
        if (names?.kind !== "tuple" || !names.items.every((x) => x.kind === "str")) this.fail("KW_NAMES without a tuple of str");
        this.kwnames = names.items.map((x) => (x as { value: string }).value);
        return false;
      }
      case "CALL": {
        const args = this.popN(arg);
        const second = this.pop();
        const first = this.pop();
        const kw = this.kwnames;
        this.kwnames = [];
        if (this.f.typeOf(first).isNull) this.push(this.emit1("call", [second, ...args], [kw]));
        else this.push(this.emit1("call_method", [first, second, ...args], [kw]));
        return false;
      }
      case "CALL_FUNCTION_EX": {
        const kwargs = arg & 1 ? this.pop() : this.nullValue;
        const callargs = this.pop();
        const func = this.pop();
        this.pop(); // the NULL below the callable
        this.push(this.emit1("call_ex", [func, callargs, kwargs]));
        return false;
      }
      case "MAKE_FUNCTION": {
        const code = this.pop();
        const closure = arg & 8 ? [this.pop()] : [];
        const annotations = arg & 4 ? [this.pop()] : [];
        const kwdefaults = arg & 2 ? [this.pop()] : [];
        const defaults = arg & 1 ? [this.pop()] : [];
        this.push(this.emit1("make_function", [code, ...defaults, ...kwdefaults, ...annotations, ...closure], [arg & 15]));
        return false;
      }

      // Containers.
      case "BUILD_TUPLE": this.push(this.emit1("build_tuple", this.popN(arg))); return false;
      case "BUILD_LIST": this.push(this.emit1("build_list", this.popN(arg))); return false;
      case "BUILD_SET": this.push(this.emit1("build_set", this.popN(arg))); return false;
      case "BUILD_MAP": this.push(this.emit1("build_map", this.popN(2 * arg))); return false;
      case "BUILD_CONST_KEY_MAP": {
        const keys = this.pop();
        this.push(this.emit1("build_const_key_map", [...this.popN(arg), keys]));
        return false;
      }
      case "BUILD_STRING": this.push(this.emit1("build_string", this.popN(arg))); return false;
      case "LIST_TO_TUPLE": this.push(this.emit1("list_to_tuple", [this.pop()])); return false;
      case "LIST_APPEND": case "SET_ADD": case "LIST_EXTEND": case "SET_UPDATE": case "DICT_UPDATE": {
        const v = this.pop();
        this.emit(ins.name.toLowerCase(), [this.peek(arg), v]);
        return false;
      }
      case "MAP_ADD": {
        const value = this.pop();
        const key = this.pop();
        this.emit("map_add", [this.peek(arg), key, value]);
        return false;
      }
      case "DICT_MERGE": {
        const update = this.pop();
        this.emit("dict_merge", [this.peek(arg), update, this.peek(arg + 2)]);
        return false;
      }
      case "FORMAT_VALUE": {
        const spec = arg & 4 ? [this.pop()] : [];
        const value = this.pop();
        this.push(this.emit1("format_value", [value, ...spec], [CONVERSIONS[arg & 3]]));
        return false;
      }
      case "PRINT_EXPR": this.emit("print_expr", [this.pop()]); return false;

      // Iteration, unpacking, pattern matching.
      case "GET_ITER": this.push(this.emit1("get_iter", [this.pop()])); return false;
      case "GET_LEN": this.push(this.emit1("get_len", [this.peek(1)])); return false;
      case "UNPACK_SEQUENCE": {
        const items = this.emit("unpack_sequence", [this.pop()], [arg]).results;
        for (let i = items.length - 1; i >= 0; i--) this.push(items[i]!);
        return false;
      }
      case "UNPACK_EX": {
        const items = this.emit("unpack_ex", [this.pop()], [arg & 0xff, arg >> 8]).results;
        for (let i = items.length - 1; i >= 0; i--) this.push(items[i]!);
        return false;
      }
      case "MATCH_MAPPING": this.push(this.emit1("match_mapping", [this.peek(1)])); return false;
      case "MATCH_SEQUENCE": this.push(this.emit1("match_sequence", [this.peek(1)])); return false;
      case "MATCH_KEYS": this.push(this.emit1("match_keys", [this.peek(2), this.peek(1)])); return false;
      case "MATCH_CLASS": {
        const names = this.pop();
        const cls = this.pop();
        this.push(this.emit1("match_class", [this.pop(), cls, names], [arg]));
        return false;
      }

      // Exceptions and context managers.
      case "PUSH_EXC_INFO": {
        const exc = this.pop();
        this.push(this.emit1("push_exc_info", [exc]));
        this.push(exc);
        return false;
      }
      case "POP_EXCEPT": this.emit("pop_except", [this.pop()]); return false;
      case "CHECK_EXC_MATCH": {
        const type = this.pop();
        this.push(this.emit1("check_exc_match", [this.peek(1), type]));
        return false;
      }
      case "CHECK_EG_MATCH": {
        const type = this.pop();
        const [rest, match] = this.emit("check_eg_match", [this.pop(), type]).results;
        this.push(rest!);
        this.push(match!);
        return false;
      }
      case "PREP_RERAISE_STAR": {
        const list = this.pop();
        this.push(this.emit1("prep_reraise_star", [this.pop(), list]));
        return false;
      }
      case "BEFORE_WITH": {
        const [exit, entered] = this.emit("before_with", [this.pop()]).results;
        this.push(exit!);
        this.push(entered!);
        return false;
      }
      case "WITH_EXCEPT_START": this.push(this.emit1("with_except_start", [this.peek(4), this.peek(1)])); return false;

      // Control flow.
      case "RETURN_VALUE": this.terminate("return", [this.pop()]); return true;
      case "RAISE_VARARGS": {
        const operands = this.popN(arg);
        this.terminate("raise", operands, [arg]);
        return true;
      }
      case "RERAISE": {
        const exc = this.pop();
        this.terminate("reraise", arg ? [exc, this.peek(arg)] : [exc], [arg]);
        return true;
      }
      case "JUMP_FORWARD": case "JUMP_BACKWARD_NO_INTERRUPT":
        this.terminate("jump", [], [], [this.edge(ins.jumpTarget!)]);
        return true;
      case "JUMP_BACKWARD":
        this.emit("check_eval_breaker", []);
        this.terminate("jump", [], [], [this.edge(ins.jumpTarget!)]);
        return true;
      case "POP_JUMP_FORWARD_IF_FALSE": case "POP_JUMP_BACKWARD_IF_FALSE":
      case "POP_JUMP_FORWARD_IF_TRUE": case "POP_JUMP_BACKWARD_IF_TRUE": {
        const cond = this.emit1("truth", [this.pop()]);
        const taken = this.jumpEdge();
        const fallthrough = this.edge(ins.next);
        if (ins.name.endsWith("TRUE")) this.branch(cond, taken, fallthrough);
        else this.branch(cond, fallthrough, taken);
        return true;
      }
      case "POP_JUMP_FORWARD_IF_NONE": case "POP_JUMP_BACKWARD_IF_NONE":
      case "POP_JUMP_FORWARD_IF_NOT_NONE": case "POP_JUMP_BACKWARD_IF_NOT_NONE": {
        const value = this.pop();
        const isNone = this.emit1("test_is", [value, this.none()]);
        const taken = this.jumpEdge();
        const fallthrough = this.edge(ins.next);
        if (ins.name.endsWith("NOT_NONE")) this.branch(isNone, fallthrough, taken);
        else this.branch(isNone, taken, fallthrough);
        return true;
      }
      case "JUMP_IF_FALSE_OR_POP": case "JUMP_IF_TRUE_OR_POP": {
        const cond = this.emit1("truth", [this.peek(1)]);
        const taken = this.edge(ins.jumpTarget!);
        const fallthrough = this.edge(ins.next, this.stack.slice(0, -1));
        if (ins.name === "JUMP_IF_TRUE_OR_POP") this.branch(cond, taken, fallthrough);
        else this.branch(cond, fallthrough, taken);
        return true;
      }
      case "FOR_ITER": {
        const next = this.emit1("for_iter", [this.peek(1)]);
        const exhausted = this.emit1("is_null", [next]);
        const body = this.f.newBlock();
        this.branch(exhausted, this.edge(ins.jumpTarget!, this.stack.slice(0, -1)), { block: body, args: [] });
        this.cur = body;
        this.push(this.emit1("refine", [next], [Type.object]));
        this.f.append(this.cur, "jump", [], [], { targets: [this.edge(ins.next)] });
        return true;
      }
    }
    if (GENERATOR_OPCODES.has(ins.name)) throw new Unsupported(`asynchronous iteration (${ins.name})`);
    throw new Unsupported(`opcode ${ins.name}`);
  }

  private fail(message: string): never {
    throw new Unsupported(`${message} at offset ${this.ins.offset}`);
  }
}
