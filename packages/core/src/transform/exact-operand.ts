// An operand of exact builtin type, proven or speculated: the one question the typed fast-path
// passes (OPT-2, OPT-3) ask before they replace a generic operation by an inline one whose
// operand types the verifier checks.
//
// Proven: the type analysis says so. The IR's declared type may be wider (a block parameter, a
// call whose builtin result OPT-4 proved), so the operand becomes a `refine` of it, which costs
// no code. Speculated: the profile suggests it (the interpreter's specialization at that bytecode
// offset, or the argument's type at the call that made the function hot), the type analysis does
// not rule it out, and a guard may deoptimize right before the instruction: a `guard_type` goes
// there and every use it dominates reads the guarded value (speculate.ts).

import type { Func, Inst, ValueId } from "../hir/function.js";
import { Type, type BuiltinName } from "../hir/types.js";
import type { PassContext } from "../passes/context.js";
import { canGuardBefore, guardType, useGuarded } from "./speculate.js";

/** The argument slot `v` is (a parameter of the entry block), or null. */
export function argumentSlot(f: Func, v: ValueId): number | null {
  const def = f.value(v).def;
  return def.kind === "param" && def.block === f.entry ? def.index : null;
}

export type Evidence = "proven" | "profile";

/**
 * How `v`, an operand of `at`, is known to be an exact `name`: "proven" by the types, "profile"
 * when the profile suggests it (`specialized` is the interpreter's specialization at `at`'s
 * offset that implies it, or the argument's profiled type is `name`) and a guard can go before
 * `at`; null otherwise. Changes nothing.
 */
export function exactEvidence(f: Func, ctx: PassContext, at: Inst, v: ValueId, name: BuiltinName, specialized: readonly string[]): Evidence | null {
  const t = ctx.types().typeOf(v);
  if (t.isExactly(name)) return "proven";
  if (!t.mayBe(name) || t.isNative) return null;
  const offset = at.frameState?.offset;
  const bySpecialization = offset !== undefined && specialized.includes(ctx.profile.specializedAt(offset) ?? "");
  const slot = argumentSlot(f, v);
  const byArgument = slot !== null && ctx.profile.argTypes[slot] === name;
  return (bySpecialization || byArgument) && canGuardBefore(f, at) ? "profile" : null;
}

/** Operations whose result is their operand, seen with a more precise type (lowering shares their register). */
const ALIASES: ReadonlySet<string> = new Set(["refine", "check_bound", "guard_type", "guard_is"]);

/**
 * `v`, the value it is an alias of, and so on, down to a value that is no alias or whose operand
 * may be NULL (a guard's operand may not).
 */
export function aliasChain(f: Func, v: ValueId): ValueId[] {
  const chain = [v];
  for (let def = f.defInst(v); def !== null && ALIASES.has(def.op); def = f.defInst(def.args[0]!)) {
    const operand = def.args[0]!;
    if (f.typeOf(operand).mayBeNull) break;
    chain.push(operand);
  }
  return chain;
}

/**
 * The value to give `at` in place of `v` so that its declared type is exact `name`, given the
 * evidence `exactEvidence` found: `v` itself, a `refine` of it, or a `guard_type` of it (whose
 * dominated uses, and those of every value `v` is an alias of, are switched to it too).
 *
 * The new refinement or guard reads the end of `v`'s alias chain, not `v`: the same object, with
 * the fewest aliases in between. (A loop variable, a `refine` of FOR_ITER's possibly-NULL result,
 * gets a guard of the refinement; the lowering resolves such chains in any block order.)
 */
export function exactOperand(f: Func, ctx: PassContext, at: Inst, v: ValueId, name: BuiltinName, evidence: Evidence): ValueId {
  const exact = Type.exact(name);
  const chain = aliasChain(f, v);
  const root = chain[chain.length - 1]!;
  if (evidence === "profile") {
    const guarded = guardType(f, at, root, exact);
    const analyses = { cfg: ctx.cfg(), dom: ctx.dominators() };
    for (const a of chain) useGuarded(f, a, guarded, analyses);
    return guarded;
  }
  if (f.typeOf(v).isExactly(name)) return v;
  return f.insertBefore(at.id, "refine", [root], [exact]).results[0]!;
}
