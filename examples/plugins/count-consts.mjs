// count-consts: an example pyjc plugin pass, written against the documented plugin API only.
//
// It counts the constant loads of each function (statistic "loads") and merges repeated loads of
// the same constant into one load at the top of the entry block, which dominates every use
// (statistic "merged": loads removed). A small global value numbering restricted to constants:
//
//   bb3():                                   bb0(v0):
//       v7 = const 0 #1                          v20 = const 0 #1
//       ...                          ==>         ...
//   bb5():                                   bb3():
//       v12 = const 0 #1                         ...  (v7 and v12 now read v20)
//
// Two loads are the same constant when they load the same co_consts entry (the same object, so
// even `is` cannot tell the difference) or a singleton (None, True, False, Ellipsis) a pass
// materialized, and their results have the same type. Other materialized constants are left
// alone: merging two equal ints a pass created would make them one object, which `is` could see.
//
//   pyjc passes --list --plugin examples/plugins/count-consts.mjs
//   pyjc ir examples/nbody.py --plugin examples/plugins/count-consts.mjs --verify-each
//   pyjc ir examples/nbody.py --plugin examples/plugins/count-consts.mjs --debug-counter count-consts=3
//
// A plugin module's default export is a factory called with the @pyjc/core API, so this file needs
// no import resolution and can live anywhere. The factory returns the definition; pyjc validates it
// with definePass when it loads the plugin.

const SINGLETONS = new Set(["none", "bool", "ellipsis"]);

export default (pyjc) => ({
  // Out-of-tree plugins take ids from 1000 up, clear of the built-in OPT numbers.
  id: 1000,
  name: "count-consts",
  description: "Counts constant loads and merges repeated loads of one constant into a single load at entry",
  level: 1,
  doc: "examples/plugins/count-consts.mjs",
  run(func, ctx) {
    const groups = new Map();
    for (const inst of func.instructions()) {
      if (inst.op !== "const") continue;
      ctx.stat("loads");
      const key = constantKey(pyjc, inst.imms[0], func.typeOf(inst.results[0]));
      if (key === null) continue;
      const group = groups.get(key);
      if (group) group.push(inst);
      else groups.set(key, [inst]);
    }

    const entry = func.block(func.entry);
    const replace = new Map();
    const dead = [];
    for (const loads of groups.values()) {
      if (loads.length < 2 || !ctx.shouldTransform()) continue;
      const first = loads[0];
      const merged = func.insertBefore(entry.insts[0], "const", [], [first.imms[0]], {
        types: [func.typeOf(first.results[0])],
      });
      for (const load of loads) {
        replace.set(load.results[0], merged.results[0]);
        dead.push(load.id);
      }
      ctx.stat("merged", loads.length - 1);
      ctx.log(`${pyjc.printImm(func, "const", first.imms[0])}: ${loads.length} loads merged`);
    }
    if (dead.length === 0) return false;
    func.substitute(replace);
    for (const id of dead) func.remove(id);
    return true;
  },
});

/** Which constant a load reads, or null when it must stay a load of its own. */
function constantKey(pyjc, imm, type) {
  const { value, index } = imm;
  if (index !== null) return `#${index} ${type}`;
  if (SINGLETONS.has(value.kind)) return `${pyjc.formatConstant(value)} ${type}`;
  return null;
}
