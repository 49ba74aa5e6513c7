// Fast-locals' one speculation: an argument the profile saw as an exact builtin container, where
// that type would make an instruction that reads it run no Python code. Such an instruction
// observes the frame only because the argument's type is unknown (`bodies[j]` may call a
// `__getitem__`), and every observation point costs the pending stores (and the boxes they write)
// on each pass through it. One guard at the function's start, deoptimizing to its first
// instruction, makes the type a fact for every use.

import { argumentGuardPoint, Type, useGuarded, type BuiltinName, type Func, type PassContext, type TypeMap, type ValueId } from "@pyjc/core";
import { mayRunCode } from "./observers.js";

/** Containers whose methods a guard can rule out (exact builtins cannot be patched). */
const CONTAINERS: ReadonlySet<string> = new Set(["list", "tuple", "dict", "set", "frozenset", "str", "bytes"]);

/** Guards the arguments that would make observing instructions code-free; returns how many. */
export function guardArguments(f: Func, ctx: PassContext): number {
  const at = argumentGuardPoint(f, ctx.cfg());
  if (at === null) return 0;
  const types = ctx.types();
  let guards = 0;
  f.block(f.entry).params.forEach((p, slot) => {
    const name = ctx.profile.argTypes[slot];
    if (!name || !CONTAINERS.has(name)) return;
    const t = types.typeOf(p);
    const exact = Type.exact(name as BuiltinName);
    if (t.isExactly(name as BuiltinName) || !t.mayBe(name as BuiltinName) || !helps(f, types, p, exact) || !ctx.shouldTransform()) return;
    const fs = at.frameState!;
    const g = f.insertBefore(at.id, "guard_type", [p], [exact], { frameState: { offset: fs.offset, locals: [...fs.locals], stack: [...fs.stack] } });
    useGuarded(f, p, g.results[0]!, { cfg: ctx.cfg(), dom: ctx.dominators() });
    guards++;
  });
  return guards;
}

/** Whether some instruction reading `p` runs Python code only while `p`'s type is unknown. */
function helps(f: Func, types: TypeMap, p: ValueId, exact: Type): boolean {
  const knowing: TypeMap = { typeOf: (v) => (v === p ? exact : types.typeOf(v)) };
  for (const inst of f.instructions()) {
    if (inst.args.includes(p) && mayRunCode(f, inst, types) && !mayRunCode(f, inst, knowing)) return true;
  }
  return false;
}
