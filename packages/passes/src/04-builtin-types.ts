// OPT-4 builtin-types: calls of builtins (len, range, isinstance, abs, int, float, ...) through a
// guard that the loaded global still is the builtin, so the type analysis knows their result
// types; len() of an exact container, isinstance() that the operand types decide and the identity
// conversions (int(i), float(x), str(s) of exact ones) become inline code.
//
//   v5 = load_global 'len' @2 [...]                   v5 = load_global 'len' @2 [...]
//   v6 = call () v5, v0 @20 [... | v3 v5 v0]   ==>    v8 = builtin 'len'
//                                                     v9 = guard_is v5, v8 @20 [... | v3 v5 v0]
//                                                     v6 = call () v9, v0 @20 [...]      (: int)
//   and with v0 an exact list:                        v10 = seq_len v0
//                                                     v6 = box_int v10 @20 [...]
//
// The guard compares what LOAD_GLOBAL loaded with the object builtins.<name> was at compile time
// (the runtime keeps that object alive), so every way of changing what the name means fails it: a
// module global of that name (defined before or after compilation, `global len; len = ...`), a
// patched `builtins.len`, an exec() with other `__builtins__`. It sits right before the CALL and
// deoptimizes with the CALL's own frame state, whose stack holds the loaded object (not the name),
// so the interpreter redoes just the CALL with whatever object the program loaded. When the
// interpreter's profile says the LOAD_GLOBAL found the name in the module (LOAD_GLOBAL_MODULE) the
// guard would always fail, so nothing is done.
//
// Functions of modules (`math.sqrt(x)`, BUILTIN_RESULTS' dotted names) get the same guard: the
// callee, which LOAD_ATTR found on what LOAD_GLOBAL 'math' loaded, must be the object
// sys.modules['math'].sqrt was at compile time, so `import numpy as math`, `math.sqrt = f` or a
// global `math` bound to something else all fail it. When the interpreter specialized that
// LOAD_ATTR into LOAD_ATTR_MODULE, the attribute load itself becomes `module_attr`: the value read
// inline from the dict entry where the interpreter found it (an exact module, that entry's key is
// the name itself), deoptimizing otherwise; unlike LOAD_ATTR it cannot run Python code (a module
// `__getattr__`, a key's `__eq__`), so OPT-6 need not write locals back before it. The LOAD_GLOBAL
// of the module becomes `load_global_cached` when the interpreter specialized it into
// LOAD_GLOBAL_MODULE: the same inline read, LOAD_GLOBAL's own lookup (out of line, no
// deoptimization) when the entry no longer holds the name. Entries keep their index while a dict
// grows, so a script that defines more globals after its functions were compiled still hits. No
// helper call is left in a loop that computes with math's functions.
//
// Only calls without keyword arguments, and only builtins whose result type says something
// (BUILTIN_RESULTS of analysis/types.ts, abs/round of a number), are guarded. The class operand of
// isinstance(x, C) is guarded the same way when C is a global naming a builtin class; the call
// folds to True or False when x's proven type is a set of exact builtins that are all, or none,
// instances of C (`other` may be a subclass, so it never folds; an exact builtin cannot lie through
// `__class__`, and `type` is C's exact metaclass, so no `__instancecheck__` runs). Each guarded call
// is one debug-counter step, each inline form another.

import {
  BUILTIN_RESULTS,
  canDeoptBefore,
  canGuardBefore,
  definePass,
  moduleAttrCache,
  moduleGlobalCache,
  guardIs,
  removeUnreachableBlocks,
  replaceInst,
  Type,
  type BuiltinName,
  type ConstImm,
  type Func,
  type Inst,
  type PassContext,
  type ValueId,
} from "@pyjc/core";

/**
 * Builtin classes isinstance() can be decided for: the exact builtins that are instances. (Maps,
 * not object literals: a Python name such as `constructor` must not find Object.prototype's.)
 */
const INSTANCES: ReadonlyMap<string, readonly BuiltinName[]> = new Map(Object.entries({
  int: ["int", "bool"], bool: ["bool"], float: ["float"], complex: ["complex"], str: ["str"], bytes: ["bytes"],
  bytearray: ["bytearray"], tuple: ["tuple"], list: ["list"], dict: ["dict"], set: ["set"], frozenset: ["frozenset"],
  slice: ["slice"], range: ["range"], type: ["type"],
} satisfies Record<string, BuiltinName[]>));

/** Containers whose length `seq_len` reads (its operand types). */
const SIZED = Type.union("list", "tuple", "dict", "set", "frozenset", "str", "bytes");

/** Conversions that return their operand itself when it is an exact instance already. */
const IDENTITY: ReadonlyMap<string, BuiltinName> = new Map([["int", "int"], ["float", "float"], ["str", "str"]]);

export const builtinTypes = definePass({
  id: 4,
  name: "builtin-types",
  level: 1,
  description: "Guards calls of builtins (len, range, isinstance, ...) against shadowing so their results are typed; inlines len(), decided isinstance() and identity conversions",
  requires: ["types", "profile"],
  run(f, ctx) {
    const guarded = guardCalls(f, ctx);
    if (guarded.length === 0) return false;
    ctx.invalidate();
    let removedUnwind = false;
    for (const call of guarded) {
      const name = builtinName(f, call.args[0]!);
      if (name === null || call.block === null) continue;
      const done = inline(f, ctx, call, name);
      if (done === null) continue;
      ctx.stat(done.stat);
      removedUnwind = done.removedUnwind || removedUnwind;
      ctx.invalidate();
    }
    if (removedUnwind) removeUnreachableBlocks(f);
    return true;
  },
});

/** The builtin a guarded callee is (the name of its `builtin` operand), or null. */
function builtinName(f: Func, callee: ValueId): string | null {
  const guard = f.defInst(callee);
  if (guard?.op !== "guard_is") return null;
  const b = f.defInst(guard.args[1]!);
  return b?.op === "builtin" ? (b.imms[0] as string) : null;
}

/** Whether guarding a call of builtin `name` tells the type analysis something. */
function useful(name: string, args: readonly Type[]): boolean {
  if (name === "abs" || name === "round") return args.length === 1 && (args[0]!.isExactly("int") || args[0]!.isExactly("float"));
  const result = BUILTIN_RESULTS.get(name);
  return result !== undefined && !result.equals(Type.object);
}

/** The `load_global` of a builtin name that `v` is, when the profile does not rule it out. */
function builtinLoad(f: Func, ctx: PassContext, v: ValueId): { name: string; load: Inst } | null {
  const load = f.defInst(v);
  if (load?.op !== "load_global") return null;
  const name = load.imms[0] as string;
  const where = load.frameState ? ctx.profile.specializedAt(load.frameState.offset) : null;
  // The interpreter found the name in the module's globals: a guard would always fail.
  if (where === "LOAD_GLOBAL_MODULE") return null;
  return { name, load };
}

/**
 * The `load_attr` of a module function that `v` is (`math.sqrt`: LOAD_ATTR 'sqrt' of LOAD_GLOBAL
 * 'math', named by BUILTIN_RESULTS), or null.
 */
function moduleFunctionLoad(f: Func, v: ValueId): { name: string; load: Inst } | null {
  const load = f.defInst(v);
  if (load?.op !== "load_attr") return null;
  const owner = f.defInst(load.args[0]!);
  if (owner?.op !== "load_global") return null;
  const name = `${owner.imms[0] as string}.${load.imms[0] as string}`;
  return BUILTIN_RESULTS.has(name) ? { name, load } : null;
}

/**
 * The module function's LOAD_ATTR as `module_attr`, with the version and index the interpreter
 * cached, when it specialized the instruction and the load has no handler to unwind to.
 */
function specializeModuleAttr(f: Func, ctx: PassContext, load: Inst): boolean {
  const cache = load.frameState ? moduleAttrCache(ctx.profile, load.frameState.offset) : null;
  if (cache === null || load.unwind !== null || !canDeoptBefore(f, load) || !ctx.shouldTransform()) return false;
  load.op = "module_attr";
  load.imms = [load.imms[0], cache.index];
  const owner = f.defInst(load.args[0]!)!;
  const global = owner.frameState ? moduleGlobalCache(ctx.profile, owner.frameState.offset) : null;
  if (global !== null && ctx.shouldTransform()) {
    owner.op = "load_global_cached";
    owner.imms = [owner.imms[0], global.index];
  }
  return true;
}

/** Guards the callee (and isinstance's class operand) of every call of a useful builtin. */
function guardCalls(f: Func, ctx: PassContext): Inst[] {
  const done: Inst[] = [];
  const types = ctx.types();
  for (const call of [...f.instructions()]) {
    if (call.op !== "call" || (call.imms[0] as readonly string[]).length !== 0) continue;
    const moduleFunction = moduleFunctionLoad(f, call.args[0]!);
    const callee = builtinLoad(f, ctx, call.args[0]!) ?? moduleFunction;
    if (callee === null) continue;
    const args = call.args.slice(1);
    if (!useful(callee.name, args.map((a) => types.typeOf(a)))) continue;
    if (!canGuardBefore(f, call) || !ctx.shouldTransform()) continue;
    call.args[0] = guardBuiltin(f, call, call.args[0]!, callee.name);
    ctx.stat("guards");
    if (moduleFunction !== null && specializeModuleAttr(f, ctx, moduleFunction.load)) ctx.stat("module-attrs");
    if (callee.name === "isinstance" && args.length === 2) {
      const cls = builtinLoad(f, ctx, args[1]!);
      if (cls !== null && INSTANCES.has(cls.name)) {
        // Before the callee's guard: both deoptimize with the CALL's frame state.
        const first = f.defInst(call.args[0]!)!;
        call.args[2] = guardBuiltin(f, first, args[1]!, cls.name);
        ctx.stat("guards");
      }
    }
    done.push(call);
  }
  return done;
}

/** `guard_is v, (builtin name)` right before `before` (the call, or a guard with its frame state). */
function guardBuiltin(f: Func, before: Inst, v: ValueId, name: string): ValueId {
  const b = f.insertBefore(before.id, "builtin", [], [name]).results[0]!;
  return guardIs(f, before, v, b);
}

interface Inlined {
  readonly stat: string;
  readonly removedUnwind: boolean;
}

function inline(f: Func, ctx: PassContext, call: Inst, name: string): Inlined | null {
  const types = ctx.types();
  const args = call.args.slice(1);
  if (args.length === 1 && name === "len") {
    const x = args[0]!;
    if (!types.typeOf(x).isSubtypeOf(SIZED) || !ctx.shouldTransform()) return null;
    const operand = f.typeOf(x).isSubtypeOf(SIZED) ? x : f.insertBefore(call.id, "refine", [x], [types.typeOf(x)]).results[0]!;
    const n = f.insertBefore(call.id, "seq_len", [operand]).results[0]!;
    // The call becomes the box of the length, keeping its frame state and unwind edge.
    call.op = "box_int";
    call.args = [n];
    call.imms = [];
    f.value(call.results[0]!).type = Type.exact("int");
    return { stat: "len", removedUnwind: false };
  }
  const identity = IDENTITY.get(name);
  if (args.length === 1 && identity !== undefined) {
    const x = args[0]!;
    if (!types.typeOf(x).isExactly(identity) || !ctx.shouldTransform()) return null;
    return { stat: "identity", removedUnwind: replaceInst(f, call, x) };
  }
  if (args.length === 2 && name === "isinstance") {
    const cls = builtinName(f, args[1]!);
    const instances = cls === null ? undefined : INSTANCES.get(cls);
    if (instances === undefined) return null;
    const answer = decide(types.typeOf(args[0]!), instances);
    if (answer === null || !ctx.shouldTransform()) return null;
    const imm: ConstImm = { value: { kind: "bool", value: answer }, index: null };
    const k = f.insertBefore(call.id, "const", [], [imm]).results[0]!;
    return { stat: "isinstance", removedUnwind: replaceInst(f, call, k) };
  }
  return null;
}

/** isinstance(x, C) for every x of type `t`, when the same for all; null otherwise. */
function decide(t: Type, instances: readonly BuiltinName[]): boolean | null {
  if (!t.isNonNullObject || t.includesOther) return null;
  const kinds = t.builtins();
  if (kinds.every((k) => instances.includes(k))) return true;
  if (kinds.every((k) => !instances.includes(k))) return false;
  return null;
}
