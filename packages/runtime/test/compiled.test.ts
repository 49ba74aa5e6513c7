/**
 * Running "compiled" code: hand-assembled x86-64 stubs returned by a test host, entered by the
 * hook with the 3.11 frame protocol. Each stub is the smallest program that exercises one part
 * of that protocol (results, errors and tracebacks, frame visibility, deoptimization, the eval
 * breaker) and of W^X code memory.
 */
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { CompileRequest, CompileResponse } from "../src/index.js";
import { recordingHost } from "./helpers/host.js";
import { py, run, startRuntime } from "./helpers/runtime.js";
import { Asm, R } from "./helpers/x64.js";

const rt = startRuntime();
const L = rt.layout;
const S = rt.symbols;
run(rt, "import pyjc, sys, dis, threading, _thread, traceback");

/** Byte offset of the first instruction named `opname` in f (for prev_instr). */
const offsetOf = (f: string, opname: string, nth = 0): number =>
  Number(rt.eval(`[i.offset for i in dis.get_instructions(${f}) if i.opname == '${opname}'][${nth}]`));

const localsplus = (i: number): number => L._PyInterpreterFrame_localsplus + 8 * i;

/** Compile `qualname` with the stub built by `build`; refuse everything else. `build` runs
 * inside the compile callback, where Python must not be re-entered: compute offsets first. */
function compileWith(qualname: string, build: (req: CompileRequest) => Uint8Array) {
  const host = recordingHost((req): CompileResponse =>
    req.qualname === qualname
      ? { ok: true, code: build(req), entryOffset: 0, info: '{"passes": ["hand-written"]}' }
      : { ok: false, reason: "not under test" },
  );
  rt.setHost(host);
  return host;
}

afterEach(() => rt.setHost(null));

/** entry(frame, tstate): return PyNumber_Add(localsplus[0], localsplus[1]) */
const addStub = (): Uint8Array =>
  new Asm()
    .push(R.rbx) // keeps rsp 16-byte aligned at the call
    .load(R.rsi, R.rdi, localsplus(1))
    .load(R.rdi, R.rdi, localsplus(0))
    .movImm64(R.rax, S.PyNumber_Add)
    .call(R.rax)
    .pop(R.rbx)
    .ret()
    .bytes();

describe("compiled code", () => {
  it("runs, returns new references and leaves the frame to be cleared normally", () => {
    compileWith("add2", addStub);
    run(rt, "def add2(a, b):\n    return a + b");
    expect(rt.eval("add2(2, 3), add2('a', 'b'), add2([1], [2]), add2(2**70, 1)")).toBe(
      "(5, 'ab', [1, 2], 1180591620717411303425)",
    );
    expect(rt.eval("pyjc.info(add2)['compiled'], pyjc.info(add2)['compiled_runs']")).toBe("(True, 4)");
    expect(rt.eval("pyjc.info(add2)['passes']")).toBe("['hand-written']");
    // No leaked or stolen references: the frame still owns (and releases) its arguments.
    run(rt, py`
      big = [1, 2, 3]
      before = sys.getrefcount(big)
      for _ in range(1000):
          r = add2(big, [])
      del r
      assert sys.getrefcount(big) == before, (before, sys.getrefcount(big))
    `);
  });

  it("propagates exceptions raised by the C API it calls", () => {
    compileWith("add3", addStub);
    run(rt, "def add3(a, b):\n    return a + b");
    expect(rt.exec("add3(1, 'x')")).toMatch(/TypeError: unsupported operand type\(s\) for \+: 'int' and 'str'\n$/);
  });

  it("raises with a traceback entry at the line prev_instr points to", () => {
    run(rt, py`
      def failing(a, b):
          x = 1
          return a + b
    `);
    const binaryOp = BigInt(offsetOf("failing", "BINARY_OP"));
    compileWith("failing", (req) => {
      return new Asm()
        .push(R.rbx)
        .mov(R.rbx, R.rdi)
        .movImm64(R.rax, req.firstInstr + binaryOp)
        .store(R.rbx, L._PyInterpreterFrame_prev_instr, R.rax)
        .movImm64(R.rdi, S.PyExc_ValueError)
        .leaRip(R.rsi, "msg")
        .movImm64(R.rax, S.PyErr_SetString)
        .call(R.rax)
        .mov(R.rdi, R.rbx)
        .movImm64(R.rax, S.pyjc_add_traceback)
        .call(R.rax)
        .xorEax()
        .pop(R.rbx)
        .ret()
        .cString("msg", "boom from compiled code")
        .bytes();
    });
    // Same text the interpreter would print for an exception at `a + b`.
    expect(rt.exec("failing(1, 2)")).toBe(
      "Traceback (most recent call last):\n" +
        '  File "<string>", line 1, in <module>\n' +
        '  File "<string>", line 3, in failing\n' +
        "ValueError: boom from compiled code\n",
    );
    run(rt, py`
      try:
          failing(1, 2)
      except ValueError as e:
          frames = [(f.name, f.lineno) for f in traceback.extract_tb(e.__traceback__)]
    `);
    expect(rt.eval("frames")).toBe("[('<module>', 2), ('failing', 3)]");
    expect(rt.eval("pyjc.info(failing)['compiled_runs']")).toBe("2");
  });

  it("is visible to callees (sys._getframe) once prev_instr is past RESUME", () => {
    const probeStub = (binaryOp: number | null) => (req: CompileRequest) => {
      const a = new Asm().push(R.rbx);
      if (binaryOp !== null) {
        a.movImm64(R.rax, req.firstInstr + BigInt(binaryOp))
          .store(R.rdi, L._PyInterpreterFrame_prev_instr, R.rax);
      }
      return a
        .load(R.rsi, R.rdi, localsplus(1))
        .load(R.rdi, R.rdi, localsplus(0))
        .movImm64(R.rax, S.PyNumber_Add)
        .call(R.rax)
        .pop(R.rbx)
        .ret()
        .bytes();
    };
    run(rt, py`
      class Probe:
          def __add__(self, other):
              f = sys._getframe(1)
              assert sys._getframe(0).f_back is f
              return (f.f_code.co_name, f.f_lineno, f.f_back and f.f_back.f_code.co_name)
      def visible(a, b):
          return a + b
      def hidden(a, b):
          return a + b
    `);
    compileWith("visible", probeStub(offsetOf("visible", "BINARY_OP")));
    expect(rt.eval("visible(Probe(), 0)")).toBe("('visible', 7, '<module>')");
    // With prev_instr still at entry the frame is "incomplete", and CPython skips it, exactly
    // as it does for interpreter frames before their RESUME.
    compileWith("hidden", probeStub(null));
    expect(rt.eval("hidden(Probe(), 0)")).toBe("('<module>', 1, None)");
    expect(rt.eval("pyjc.info(visible)['compiled_runs'], pyjc.info(hidden)['compiled_runs']")).toBe("(1, 1)");
  });

  it("leaves a frame object that outlives the call intact", () => {
    run(rt, py`
      class Keep:
          def __add__(self, other):
              return sys._getframe(1)
      def keeper(a, b):
          c = 5
          return a + b
    `);
    const binaryOp = offsetOf("keeper", "BINARY_OP");
    compileWith("keeper", (req) =>
      new Asm()
        .push(R.rbx)
        .movImm64(R.rax, req.firstInstr + BigInt(binaryOp))
        .store(R.rdi, L._PyInterpreterFrame_prev_instr, R.rax)
        .load(R.rsi, R.rdi, localsplus(1))
        .load(R.rdi, R.rdi, localsplus(0))
        .movImm64(R.rax, S.PyNumber_Add)
        .call(R.rax)
        .pop(R.rbx)
        .ret()
        .bytes(),
    );
    // The frame object escapes, so _PyFrame_Clear copies localsplus[0:stacktop] into it.
    run(rt, "f = keeper(Keep(), 'B')\nimport gc; gc.collect()");
    expect(rt.eval("pyjc.info(keeper)['compiled_runs']")).toBe("1");
    expect(rt.eval("f.f_code.co_name, f.f_lineno, f.f_locals['b']")).toBe("('keeper', 6, 'B')");
    // c was never stored by the compiled code: unbound, as the interpreter would show it.
    expect(rt.eval("type(f.f_locals['a']).__name__, 'c' in f.f_locals")).toBe("('Keep', False)");
  });

  it("counts one recursion level per compiled frame, without drift", () => {
    compileWith("rec", addStub);
    run(rt, py`
      class Again:
          def __add__(self, other):
              return rec(self, other)
      def rec(a, b):
          return a + b
      def depth(n=0):
          try:
              return depth(n + 1)
          except RecursionError:
              return n
      before = depth()
    `);
    expect(rt.exec("rec(Again(), 1)")).toMatch(/RecursionError: maximum recursion depth exceeded\n$/);
    run(rt, "for i in range(1000): rec(i, 1)");
    expect(rt.eval("depth() == before")).toBe("True");
  });

  it("is bypassed while tracing or profiling", () => {
    compileWith("traced", addStub);
    run(rt, py`
      def traced(a, b):
          return a + b
      assert traced(1, 2) == 3
      events = []
      def tracer(frame, event, arg):
          if frame.f_code.co_name == "traced":
              events.append(event)
          return tracer
      sys.settrace(tracer)
      assert traced(3, 4) == 7
      sys.settrace(None)
      sys.setprofile(lambda *a: None)
      assert traced(5, 6) == 11
      sys.setprofile(None)
      assert traced(7, 8) == 15
    `);
    expect(rt.eval("events")).toBe("['call', 'line', 'return']");
    expect(rt.eval("pyjc.info(traced)['calls'], pyjc.info(traced)['compiled_runs']")).toBe("(4, 2)");
  });

  it("deoptimizes at entry: the interpreter runs the whole function", () => {
    compileWith("loop", () => new Asm().movEax(L.deopt_sentinel).ret().bytes());
    run(rt, py`
      def loop(n):
          total = 0
          for i in range(n):
              total += i
          return total
    `);
    expect(rt.eval("loop(10), loop(100), loop(0)")).toBe("(45, 4950, 0)");
    expect(rt.eval("pyjc.info(loop)['deopts'], pyjc.info(loop)['compiled_runs']")).toBe("(3, 3)");
    expect(rt.exec("loop('x')")).toMatch(/File "<string>", line 3, in loop\n.*TypeError/s);
  });

  it("deoptimizes mid-function with locals and a value stack written into the frame", () => {
    // resume(a):  b = a * 2  /  return b + 1
    // The stub pretends it ran up to `LOAD_CONST 1` with b = 100 and the stack [b, 1], writes
    // that state (owned references, stacktop, prev_instr) and deopts: the interpreter resumes
    // at BINARY_OP and returns 101.
    run(rt, py`
      def resume(a):
          b = a * 2
          return b + 1
    `);
    const nlocals = Number(rt.eval("resume.__code__.co_nlocals"));
    expect(nlocals).toBe(2);
    const smallInt = (n: number) => S.small_int_zero + BigInt(n * L.small_int_stride);
    const loadConst1 = offsetOf("resume", "LOAD_CONST", 1);
    compileWith("resume", (req) => {
      const a = new Asm();
      const own = (slot: number, obj: bigint) =>
        a.movImm64(R.rax, obj).addMem8(R.rax, L.PyObject_ob_refcnt, 1).store(R.rdi, localsplus(slot), R.rax);
      own(1, smallInt(100)); // b
      own(nlocals + 0, smallInt(100)); // stack[0] = b
      own(nlocals + 1, smallInt(1)); // stack[1] = 1
      return a
        .storeImm32(R.rdi, L._PyInterpreterFrame_stacktop, nlocals + 2)
        .movImm64(R.rax, req.firstInstr + BigInt(loadConst1))
        .store(R.rdi, L._PyInterpreterFrame_prev_instr, R.rax)
        .movEax(L.deopt_sentinel)
        .ret()
        .bytes();
    });
    expect(rt.eval("resume(5)")).toBe("101");
    expect(rt.eval("pyjc.info(resume)['deopts'], pyjc.info(resume)['compiled']")).toBe("(1, True)");
  });

  it("polls eval_breaker: hands the GIL to other threads and raises KeyboardInterrupt", () => {
    // while (--n) { if (*eval_breaker && pyjc_handle_eval_breaker(tstate)) return NULL; }
    // return None
    compileWith("spin", () =>
      new Asm()
        .push(R.rbx)
        .push(R.r12)
        .push(R.r13)
        .mov(R.rbx, R.rsi)
        .movImm64(R.r12, 4_000_000_000n)
        .label("loop")
        .movImm64(R.rax, S.eval_breaker)
        .load32(R.rax, R.rax, 0)
        .testEax()
        .jz("next")
        .mov(R.rdi, R.rbx)
        .movImm64(R.rax, S.pyjc_handle_eval_breaker)
        .call(R.rax)
        .testEax()
        .jnz("fail")
        .label("next")
        .dec(R.r12)
        .jnz("loop")
        .movImm64(R.rax, S._Py_NoneStruct)
        .addMem8(R.rax, L.PyObject_ob_refcnt, 1)
        .jmp("out")
        .label("fail")
        .xorEax()
        .label("out")
        .pop(R.r13)
        .pop(R.r12)
        .pop(R.rbx)
        .ret()
        .bytes(),
    );
    run(rt, py`
      def spin():
          pass
      import time
      progress = []
      def other():
          time.sleep(0.2)  # main is spinning in compiled code by now
          for _ in range(5):
              progress.append(1)  # needs the GIL: the spinning main thread must hand it over
              time.sleep(0.01)
          _thread.interrupt_main()
      t = threading.Thread(target=other)
      t.start()
      try:
          spin()
          outcome = "returned"
      except KeyboardInterrupt:
          outcome = "KeyboardInterrupt"
      t.join()
    `);
    expect(rt.eval("outcome, len(progress)")).toBe("('KeyboardInterrupt', 5)");
    expect(rt.eval("pyjc.info(spin)['compiled_runs']")).toBe("1");
  });
});

describe("code memory", () => {
  const permsAt = (addr: bigint): string | undefined => {
    for (const line of readFileSync("/proc/self/maps", "utf8").split("\n")) {
      const [range, perms] = line.split(" ");
      if (range === undefined || perms === undefined) continue;
      const [lo, hi] = range.split("-").map((h) => BigInt(`0x${h}`));
      if (lo !== undefined && hi !== undefined && addr >= lo && addr < hi) return perms;
    }
    return undefined;
  };

  it("is never writable and executable at once", () => {
    const addr = rt.installCodeForTest(Uint8Array.from([0xc3]));
    expect(permsAt(addr)).toBe("r-xp");

    compileWith("wx", addStub);
    run(rt, "def wx(a, b):\n    return a + b\nassert wx(1, 2) == 3");
    const entry = BigInt(rt.eval("pyjc.info(wx)['entry']"));
    const base = BigInt(rt.eval("pyjc.info(wx)['code_base']"));
    expect(entry).toBe(base);
    expect(permsAt(entry)).toBe("r-xp");
  });

  it("is unmapped when the code object dies", () => {
    compileWith("ephemeral", addStub);
    run(rt, "def ephemeral(a, b):\n    return a + b\nassert ephemeral(1, 2) == 3");
    const base = BigInt(rt.eval("pyjc.info(ephemeral)['code_base']"));
    const compiledBefore = rt.stats().compiled;
    expect(permsAt(base)).toBe("r-xp");
    run(rt, "del ephemeral\nimport gc; gc.collect()");
    expect(permsAt(base)).toBeUndefined();
    expect(rt.stats().compiled).toBe(compiledBefore - 1);
  });
});
