#!/usr/bin/env node
// The gain of each optimization pass, measured in one process with tinybench: a micro-program's
// `kernel` run interpreted, compiled by the -O1 pipeline without the pass and with it, and
// compiled by the pass alone (-O0 with only the clean-up passes simplify-cfg and dce, with and
// without it). The figures in docs/optimizations/ come from this script.
//
//   node bench/passes/gain.mjs                          every program in bench/passes/programs/
//   node bench/passes/gain.mjs --pass OPT-5             the programs of one pass (name or OPT-<id>)
//   node bench/passes/gain.mjs --plugin examples/plugins/strength-reduce.mjs \
//        --program my-kernel.py                         a plugin pass on a program of your own
//   options: --time MS (per variant, default 2000) --rounds N (default 10) -O N (default 1)
//            --json FILE (all figures and samples' statistics)
//            --write-docs: also replace each measured pass's `<!-- BEGIN MEASURED gain -->` ...
//            `<!-- END MEASURED -->` section in its docs page with these figures
//
// A program is a Python file (bench/passes/programs/*.py) naming its pass on a `# pass: NAME` line
// and defining `kernel` and `ARGS`; one sample times `kernel(*ARGS)` called CALLS times in a loop
// (CALLS is chosen so that an interpreted sample takes about 2 ms). Every variant gets its own copy
// of the program (its own code objects), compiled by its own Jit behind one dispatching compile
// host; the harness's own code is never compiled. Threshold 10: the interpreter has specialized the
// bytecode before the kernel is compiled, so the passes see a profile, as under `pyjc --threshold 10`.
//
// Statistics: medians of the per-call time with a 95% distribution-free confidence interval (order
// statistics of the binomial), from samples gathered over --rounds rounds that each run every
// variant in turn (slow drifts of a shared machine hit all variants alike). The speedups are
// ratios of medians. Results of all variants must be equal, or the script stops.

import { execSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Bench } from "tinybench";
import * as core from "@pyjc/core";
import { createX64Backend } from "@pyjc/backend-x64";
import { Jit } from "@pyjc/jit";
import { createRegistry } from "@pyjc/passes";
import { loadRuntime } from "@pyjc/runtime";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const PROGRAMS = join(HERE, "programs");
const HARNESS_FILENAME = "<gain-harness>";
const THRESHOLD = 10;
const WARM_CALLS = 3 * THRESHOLD;
const TARGET_SAMPLE_MS = 2;

const { values: opts } = parseArgs({
  options: {
    pass: { type: "string", multiple: true },
    plugin: { type: "string", multiple: true },
    program: { type: "string", multiple: true },
    time: { type: "string", default: "2000" },
    rounds: { type: "string", default: "10" },
    O: { type: "string", short: "O", default: "1" },
    json: { type: "string" },
    "write-docs": { type: "boolean" },
  },
});
const level = Number(opts.O);
const rounds = Math.max(1, Number(opts.rounds));
const timePerVariant = Number(opts.time);

const registry = createRegistry();
for (const path of opts.plugin ?? []) {
  for (const pass of await core.loadPlugin(resolve(path), core)) registry.register(pass, `plugin ${path}`);
}

/** The programs to measure: { file, pass }. */
function programs() {
  const files = opts.program?.map((p) => resolve(p)) ?? readdirSync(PROGRAMS).filter((f) => f.endsWith(".py")).sort().map((f) => join(PROGRAMS, f));
  const wanted = opts.pass?.map((k) => registry.resolve(k).name);
  return files
    .map((file) => {
      const m = /^# pass: (\S+)$/m.exec(readFileSync(file, "utf-8"));
      if (!m) throw new Error(`${file}: no '# pass: NAME' line`);
      return { file, pass: registry.resolve(m[1]) };
    })
    .filter((p) => wanted === undefined || wanted.includes(p.pass.name))
    .sort((a, b) => a.pass.id - b.pass.id || a.file.localeCompare(b.file));
}

/** The passes that tidy up after the others: the pass "alone" runs with them. */
const CLEANUP = ["simplify-cfg", "dce"];

/** The ways a program runs; `selection` null is the interpreter. */
function variants(pass) {
  const cleanup = CLEANUP.filter((p) => p !== pass.name);
  const tidy = cleanup.length === 0 ? "no passes" : cleanup.join(", ");
  return [
    { key: "interpreted", label: "interpreted", selection: null },
    { key: "without", label: `-O${level} without ${pass.label}`, selection: { level, disable: [pass.name] } },
    { key: "with", label: `-O${level}`, selection: { level, enable: [pass.name] } },
    { key: "cleanup", label: `-O0 + ${tidy}`, selection: { level: 0, enable: cleanup } },
    { key: "alone", label: `-O0 + ${tidy} + ${pass.label}`, selection: { level: 0, enable: [...cleanup, pass.name] } },
  ];
}

const HARNESS = `
import builtins as _builtins, json as _json, pyjc as _pyjc

_programs = {}

def load(key, path, filename):
    with open(path, encoding="utf-8") as f:
        source = f.read()
    ns = {"__name__": "__gain__", "__builtins__": _builtins}
    exec(compile(source, filename, "exec", dont_inherit=True), ns)
    _programs[key] = (ns["kernel"], ns["ARGS"])

def run(key, calls):
    kernel, args = _programs[key]
    for _ in range(calls):
        kernel(*args)

def result(key):
    kernel, args = _programs[key]
    return repr(kernel(*args))

def info(key):
    i = _pyjc.info(_programs[key][0])
    return _json.dumps({k: i.get(k) for k in ("state", "reason", "passes", "compiled_runs", "deopts", "codeSize")})
`;

const runtime = loadRuntime();
runtime.initialize({ argv: ["gain"] });
/** Compiled variants by the filename their program is compiled under. */
const jits = new Map();
const refuse = (reason) => ({ ok: false, reason });
runtime.setHost({
  compile: (req) => jits.get(req.filename)?.compile(req) ?? refuse(req.filename === HARNESS_FILENAME ? "the harness" : "interpreted variant"),
  query: (kind, req) => jits.get(req.filename)?.query(kind, req) ?? "",
  config: () => {},
  rejected: () => {},
});
runtime.setThreshold(THRESHOLD);
const harnessError = runtime.exec(
  `import types as _t, sys as _s\n_m = _t.ModuleType("_gain")\nexec(compile(${JSON.stringify(HARNESS)}, ${JSON.stringify(HARNESS_FILENAME)}, "exec"), _m.__dict__)\n_s.modules["_gain"] = _m\nimport _gain`,
);
if (harnessError !== null) throw new Error(harnessError);
const py = (expr) => runtime.eval(expr);

/**
 * The median of sorted samples and its distribution-free 95% confidence interval: the samples of
 * ranks n/2 -+ 1.96 sqrt(n)/2 (1-based, rounded outwards), from the binomial distribution of the
 * number of samples below the true median.
 */
function medianCI(sorted) {
  const n = sorted.length;
  const at = (q) => {
    const i = q * (n - 1);
    const lo = Math.floor(i);
    return sorted[lo] + (sorted[Math.min(lo + 1, n - 1)] - sorted[lo]) * (i - lo);
  };
  const half = 1.96 * Math.sqrt(n) / 2;
  const lo = Math.max(0, Math.floor(n / 2 - half) - 1);
  const hi = Math.min(n - 1, Math.ceil(1 + n / 2 + half) - 1);
  return { median: at(0.5), lo: sorted[lo], hi: sorted[hi], n };
}

function measure({ file, pass }) {
  const name = basename(file);
  const vs = variants(pass);
  for (const v of vs) {
    const filename = `<gain ${name} ${v.key}>`;
    if (v.selection !== null) {
      jits.set(filename, new Jit({ registry, selection: v.selection, backend: createX64Backend({}), runtime }));
    }
    py(`_gain.load(${JSON.stringify(v.key)}, ${JSON.stringify(file)}, ${JSON.stringify(filename)})`);
    py(`_gain.run(${JSON.stringify(v.key)}, ${WARM_CALLS})`);
    v.info = JSON.parse(py(`_gain.info(${JSON.stringify(v.key)})`));
    v.result = py(`_gain.result(${JSON.stringify(v.key)})`);
  }
  const expected = vs[0].result;
  for (const v of vs) {
    if (v.result !== expected) throw new Error(`${name}: ${v.label} returned ${v.result}, the interpreter ${expected}`);
    if (v.selection !== null && v.info.state !== "compiled") throw new Error(`${name}: ${v.label}: the kernel is ${v.info.state} (${v.info.reason})`);
  }
  const fired = vs.find((v) => v.key === "with").info.passes.includes(`${pass.label} ${pass.name}`);

  // Calls per sample: about TARGET_SAMPLE_MS interpreted.
  let perCall = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    py(`_gain.run("interpreted", 3)`);
    perCall = Math.min(perCall, (performance.now() - t0) / 3);
  }
  const calls = Math.max(1, Math.round(TARGET_SAMPLE_MS / perCall));

  const samples = new Map(vs.map((v) => [v.key, []]));
  for (let r = 0; r < rounds; r++) {
    const bench = new Bench({ time: timePerVariant / rounds, warmupTime: 20, iterations: 10, retainSamples: true });
    for (const v of vs) bench.add(v.key, () => py(`_gain.run(${JSON.stringify(v.key)}, ${calls})`));
    bench.runSync();
    for (const task of bench.tasks) samples.get(task.name).push(...task.result.latency.samples.map((ms) => (ms * 1000) / calls));
  }
  for (const v of vs) {
    v.stats = medianCI(samples.get(v.key).sort((a, b) => a - b));
    v.after = JSON.parse(py(`_gain.info(${JSON.stringify(v.key)})`));
    if (v.selection !== null && v.after.state !== "compiled") throw new Error(`${name}: ${v.label}: the runtime gave up on the kernel (${v.after.deopts} deopts)`);
  }
  const m = Object.fromEntries(vs.map((v) => [v.key, v.stats.median]));
  return {
    program: relative(file), pass: `${pass.label} ${pass.name}`, passDoc: pass.doc, calls, fired, variants: vs.map((v) => ({
      variant: v.label, selection: v.selection, medianUs: v.stats.median, ciUs: [v.stats.lo, v.stats.hi], samples: v.stats.n,
      passes: v.info.passes ?? [], codeSize: v.info.codeSize ?? 0, deopts: v.after.deopts ?? 0, compiledRuns: v.after.compiled_runs ?? 0,
    })),
    gain: { pipeline: m.without / m.with, alone: m.cleanup / m.alone, vsInterpreter: m.interpreted / m.with },
  };
}

const relative = (p) => (p.startsWith(`${ROOT}/`) ? p.slice(ROOT.length + 1) : p);
const us = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const x = (r) => `${r.toFixed(2)}x`;

function machine() {
  const git = (cmd) => {
    try {
      return execSync(`git ${cmd}`, { cwd: ROOT, encoding: "utf-8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return "?";
    }
  };
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? "?",
    cores: os.cpus().length,
    node: process.version,
    python: py("__import__('sys').version.split()[0]"),
    commit: `${git("rev-parse --short HEAD")}${git("status --porcelain") === "" ? "" : " plus uncommitted changes"}`,
    loadavg: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

function markdown(r) {
  const lines = [
    `${r.pass}, \`${r.program}\` (${r.calls} call${r.calls === 1 ? "" : "s"} of \`kernel\` per sample; µs per call):`,
    "",
    "| Variant | Median | 95% CI | Samples | Passes that changed `kernel` |",
    "|---|---:|---:|---:|---|",
    ...r.variants.map((v) => `| ${v.variant} | ${us(v.medianUs)} | ${us(v.ciUs[0])}–${us(v.ciUs[1])} | ${v.samples} | ${v.passes.map((p) => p.split(" ")[0]).join(", ") || "–"} |`),
    "",
    `Gain of the pass: ${x(r.gain.pipeline)} in the -O${level} pipeline (without → with), ${x(r.gain.alone)} alone (with only the clean-up passes); ` +
      `-O${level} is ${x(r.gain.vsInterpreter)} the interpreter's speed.` + (r.fired ? "" : ` **The pass did not change the kernel.**`),
  ];
  return lines.join("\n");
}

/** The command line that measures the given passes again. */
function command(passes) {
  const args = ["node bench/passes/gain.mjs", ...passes.map((p) => `--pass ${p}`)];
  for (const p of opts.plugin ?? []) args.push(`--plugin ${p}`);
  if (level !== 1) args.push(`-O${level}`);
  return args.join(" ");
}

/** Replaces the MEASURED gain section of each measured pass's page. */
function writeDocs(results, before, loadAfter) {
  const byPass = new Map();
  for (const r of results) byPass.set(r.passDoc, [...(byPass.get(r.passDoc) ?? []), r]);
  for (const [doc, rs] of byPass) {
    const path = join(ROOT, doc);
    let text;
    try {
      text = readFileSync(path, "utf-8");
    } catch {
      continue;
    }
    const body = [
      `Measured with \`${command([rs[0].pass.split(" ")[0]])}\` on ${before.date.slice(0, 10)} (commit ${before.commit}):`,
      `${before.cpu}, ${before.cores} cores, Node ${before.node}, Python ${before.python}. The machine is shared and was busy`,
      `(load average ${before.loadavg} at the start, ${loadAfter} at the end): medians and their 95% confidence`,
      "intervals are what that noise allowed, not a quiet-machine figure; compare within a table, not across pages.",
      "",
      ...rs.map((r) => `${markdown(r)}\n`),
    ].join("\n");
    const next = text.replace(/(<!-- BEGIN MEASURED gain -->\n)[\s\S]*?(<!-- END MEASURED -->)/, (_m, b, e) => `${b}${body}${e}`);
    if (next !== text) {
      writeFileSync(path, next);
      console.log(`updated ${doc}`);
    } else if (!text.includes("<!-- BEGIN MEASURED gain -->")) {
      console.log(`${doc} has no <!-- BEGIN MEASURED gain --> section: not updated`);
    }
  }
}

const targets = programs();
if (targets.length === 0) throw new Error("no programs to measure");
const before = machine();
console.log(`Machine: ${before.cpu} (${before.cores} cores, shared: other jobs run too), Node ${before.node}, Python ${before.python}, commit ${before.commit}`);
console.log(`Started ${before.date}, load average ${before.loadavg}; ${rounds} rounds, ${timePerVariant} ms per variant, threshold ${THRESHOLD}\n`);
const results = [];
for (const t of targets) {
  const r = measure(t);
  results.push(r);
  console.log(`${markdown(r)}\n`);
}
const loadAfter = os.loadavg().map((l) => l.toFixed(2)).join(" ");
console.log(`Finished ${new Date().toISOString()}, load average ${loadAfter}`);
if (opts["write-docs"]) writeDocs(results, before, loadAfter);
if (opts.json) writeFileSync(opts.json, `${JSON.stringify({ machine: { ...before, loadavgAfter: loadAfter }, level, rounds, timePerVariant, results }, null, 2)}\n`);
