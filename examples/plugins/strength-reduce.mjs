// strength-reduce: an example pyjc plugin pass, the one docs/writing-a-pass.md walks through.
//
// It replaces two int operations by cheaper ones that compute the same int:
//   - `x ** 2` => `x * x`: CPython's int power goes through long_pow (exponent checks, a
//     square-and-multiply loop); `x * x` is one long_mul;
//   - `x % 2**k` => `x & (2**k - 1)`: a division becomes a mask (Python's % takes the sign of
//     the divisor, so for a positive power of two this holds for negative x too).
// Both results are operations the later unbox-numbers pass can compute natively (`ibin mul`,
// `ibin and`), which it cannot do for `**`:
//
//   v7 = const 2 #1                              v7 = const 2 #1
//   v8 = binary_op power v3, v7 @6 [...]   =>    v8 = binary_op multiply v3, v3 @6 [...]
//
// When is that right? For an exact int (or bool), both sides are the same exact integer, and
// neither can raise (short of MemoryError). Not for anything else:
//   - a float: `1e200 ** 2` raises OverflowError, `1e200 * 1e200` is inf; `2.5 % 2` is 0.5,
//     `2.5 & 1` raises TypeError;
//   - a subclass of int, or any other object, may define __pow__, __mul__, __mod__ as it likes.
// So the pass needs to know x is an exact int. Two ways:
//   - proven: the type analysis says so (a constant, `len(...)` once builtin-types has guarded
//     the builtin, arithmetic on proven ints). Then the rewrite needs nothing else.
//   - speculated: x is one of the function's arguments, and the profile says that argument was
//     an exact int when the function got hot. Then the pass inserts `guard_type x <int>` right
//     before the `**` (deoptimizing with that instruction's FrameState, so the interpreter redoes
//     the `**` when x is not an int), and the uses the guard dominates read the guarded value.
//     Offline (`pyjc ir`) there is no profile, and only proven cases change.
//
//   pyjc passes --list --plugin examples/plugins/strength-reduce.mjs
//   pyjc ir examples/plugins/strength-reduce-demo.py --plugin examples/plugins/strength-reduce.mjs \
//       --function sum_of_squares --passes strength-reduce,unbox-numbers --print-after-all --verify-each
//   pyjc --threshold 10 --stats --plugin examples/plugins/strength-reduce.mjs examples/plugins/strength-reduce-demo.py
//   pyjc check --plugin examples/plugins/strength-reduce.mjs --pass strength-reduce
//
// Statistics: `proven` (rewrites on proven ints), `speculated` (rewrites behind a new guard).
// (packages/cli/test/fixtures/wrong-pass.mjs is the same idea done wrong: `x * 8` => `x << 3`
// without asking what x is. `pyjc check` finds it in seconds.)

export default (pyjc) => {
  const { definePass, Type, argSlotCount, canGuardBefore, guardType, useGuarded } = pyjc;
  const INTEGRAL = Type.union("int", "bool");
  const EXACT_INT = Type.exact("int");
  /** What each operator becomes; in-place forms stay in-place (an int has no in-place methods). */
  const CHEAPER = { power: "multiply", inplace_power: "inplace_multiply", remainder: "and", inplace_remainder: "inplace_and" };

  return definePass({
    // Out-of-tree plugins take ids from 1000 up, clear of the built-in OPT numbers.
    id: 1001,
    name: "strength-reduce",
    description: "Rewrites x ** 2 into x * x and x % 2**k into x & (2**k - 1) for an int x, proven by types or speculated behind a guard",
    level: 1,
    // Right after builtin-types, whose guards prove `len(...)` and friends are ints; before
    // unbox-numbers, which can then compute the product natively.
    after: "builtin-types",
    doc: "docs/writing-a-pass.md",
    requires: ["types", "profile"],
    run(func, ctx) {
      // Decide everything on the unchanged function (the type analysis describes it), then edit.
      const types = ctx.types();
      const rewrites = [];
      for (const inst of func.instructions()) {
        const op = inst.op === "binary_op" ? inst.imms[0] : null;
        const cheaper = CHEAPER[op];
        const k = cheaper === undefined ? null : intConstant(func, inst.args[1]);
        if (k === null) continue;
        const isPower = op.endsWith("power");
        if (isPower ? k !== 2n : k < 2n || (k & (k - 1n)) !== 0n) continue;
        const x = inst.args[0];
        const rewrite = { inst, op, cheaper, x, mask: isPower ? null : k - 1n };
        if (types.typeOf(x).isSubtypeOf(INTEGRAL)) rewrites.push({ ...rewrite, speculate: false });
        else if (profiledInt(func, ctx, x) && canGuardBefore(func, inst)) rewrites.push({ ...rewrite, speculate: true });
      }

      let changed = false;
      for (const { inst, op, cheaper, x, mask, speculate } of rewrites) {
        // The debug counter: `--debug-counter strength-reduce=N` lets only the first N happen.
        if (!ctx.shouldTransform()) continue;
        // The guard made for an earlier rewrite may already have replaced x here (useGuarded
        // switches every use it dominates): then this one needs no guard of its own.
        let operand = inst.args[0];
        if (speculate && !func.typeOf(operand).isExactly("int")) {
          operand = guardType(func, inst, x, EXACT_INT);
          useGuarded(func, x, operand);
        }
        // New constants have no co_consts index: the runtime makes the object when compiling.
        const second = mask === null ? operand : func.insertBefore(inst.id, "const", [], [{ value: { kind: "int", value: mask }, index: null }]).results[0];
        inst.imms[0] = cheaper;
        inst.args = [operand, second];
        ctx.stat(speculate ? "speculated" : "proven");
        ctx.log(`${func.code.qualname}: ${op} => ${cheaper}${speculate ? " behind a guard" : ""}`);
        changed = true;
      }
      return changed;
    },
  });

  /** The int a `const` defining `v` holds, or null (bools are not ints here). */
  function intConstant(func, v) {
    const def = func.defInst(v);
    const value = def?.op === "const" ? def.imms[0].value : null;
    return value?.kind === "int" ? value.value : null;
  }

  /** Whether `v` is an argument of the function that the profile saw as an exact int. */
  function profiledInt(func, ctx, v) {
    const def = func.value(v).def;
    if (def.kind !== "param" || def.block !== func.entry || def.index >= argSlotCount(func.code)) return false;
    return ctx.profile.argTypes[def.index] === "int";
  }
};
