/**
 * Name helpers (sem_names.c) against the interpreter: each case runs the helper from a frame of
 * the right kind (function, class body, exec'd module code) and the bytecode it stands for in
 * the same kind of frame, and compares results, exception types, messages and `name`.
 */
import { describe, expect, it } from "vitest";
import { recordingHost } from "./helpers/host.js";
import { expectSame, semanticsRuntime } from "./helpers/semantics.js";
import { py, run } from "./helpers/runtime.js";
import { Asm, R } from "./helpers/x64.js";

const rt = semanticsRuntime();

describe("unbound locals and cells", () => {
  run(rt, py`
    def real_local():
        x = 1
        del x
        return x
    def helper_local():
        x = 1
        del x
        return T.unbound_local('x')

    def real_cell():
        def inner():
            return y
        return y
        y = 1
    def helper_cell():
        def inner():
            return y
        return T.unbound_deref('y')
        y = 1

    def real_free():
        def inner():
            return z
        return inner
        z = 1
    def helper_free():
        def inner():
            if False:
                z
            return T.unbound_deref('z')
        return inner
        z = 1
  `);

  it("LOAD_FAST: UnboundLocalError without a name attribute", () => {
    expectSame(rt, "helper_local()", "real_local()",
      "UnboundLocalError: cannot access local variable 'x' where it is not associated with a value [name=None]");
  });

  it("LOAD_DEREF: UnboundLocalError for a cell, NameError with name for a free variable", () => {
    expectSame(rt, "helper_cell()", "real_cell()",
      "UnboundLocalError: cannot access local variable 'y' where it is not associated with a value [name=None]");
    expectSame(rt, "helper_free()()", "real_free()()",
      "NameError: cannot access free variable 'z' where it is not associated with a value in enclosing scope [name='z']");
  });
});

describe("LOAD_CLASSDEREF", () => {
  run(rt, py`
    class NS(dict):
        pass
    class Boom(dict):
        def __getitem__(self, k):
            if k == 'x':
                raise ValueError('boom')
            return super().__getitem__(k)
    def classderef(helper, ns_factory, bind=True):
        class Meta(type):
            @classmethod
            def __prepare__(m, name, bases):
                return ns_factory()
        if bind:
            x = 'cell'
        if helper:
            class C(metaclass=Meta):
                r = T.load_classderef('x')
                if False:
                    x
        else:
            class C(metaclass=Meta):
                r = x
        return C.r
        x = 'never'
  `);

  it("prefers the class namespace, then the cell", () => {
    expectSame(rt, "classderef(True, dict)", "classderef(False, dict)", "ok 'cell'");
    expectSame(rt, "classderef(True, lambda: {'x': 'ns'})", "classderef(False, lambda: {'x': 'ns'})", "ok 'ns'");
    expectSame(rt, "classderef(True, lambda: NS(x='sub'))", "classderef(False, lambda: NS(x='sub'))", "ok 'sub'");
    expectSame(rt, "classderef(True, NS)", "classderef(False, NS)", "ok 'cell'");
  });

  it("propagates namespace errors and reports an unbound cell", () => {
    expectSame(rt, "classderef(True, Boom)", "classderef(False, Boom)", "ValueError: boom");
    expectSame(rt, "classderef(True, dict, bind=False)", "classderef(False, dict, bind=False)",
      /^NameError: cannot access free variable 'x' .* \[name='x'\]$/);
  });
});

describe("LOAD_NAME, STORE_NAME, DELETE_NAME", () => {
  run(rt, py`
    class Mapping:
        def __init__(self, **kw): self.d = dict(kw)
        def __getitem__(self, k): return self.d[k]
        def __setitem__(self, k, v): self.d[k] = v
        def __delitem__(self, k): del self.d[k]
    class Weird(Mapping):
        def __getitem__(self, k):
            if k == 'x':
                raise LookupError('weird x')
            raise KeyError(k)
        def __delitem__(self, k): raise TypeError('no deleting')
    class B(dict):
        pass
    def in_exec(src, locs, globs=None):
        globs = {} if globs is None else globs
        globs.setdefault('T', T)
        exec(src, globs, locs)
        return locs['r'] if isinstance(locs, dict) else locs.d.get('r')
  `);

  const both = (expr: string, expected?: string | RegExp) =>
    expectSame(rt, expr.replace("SRC", `"r = T.load_name('x')"`), expr.replace("SRC", `"r = x"`), expected);

  it("looks in locals, globals, builtins, in that order", () => {
    both("in_exec(SRC, {'x': 1}, {'x': 2})", "ok 1");
    both("in_exec(SRC, {}, {'x': 2})", "ok 2");
    both("in_exec(SRC.replace('x', 'len'), {}, {})", "ok <built-in function len>");
    both("in_exec(SRC, Mapping(x=3), {'x': 2})", "ok 3");
    both("in_exec(SRC, Mapping(), {'x': 2})", "ok 2");
    both("in_exec(SRC, {}, {'__builtins__': B(x=4)})", "ok 4");
  });

  it("raises NameError with name, and propagates other errors", () => {
    both("in_exec(SRC, {}, {})", "NameError: name 'x' is not defined [name='x']");
    both("in_exec(SRC, {}, {'__builtins__': B()})", "NameError: name 'x' is not defined [name='x']");
    both("in_exec(SRC, Weird(), {})", "LookupError: weird x");
  });

  it("needs f_locals", () => {
    run(rt, "def no_locals():\n    return T.load_name('x')");
    expect(rt.eval("outcome(no_locals)")).toBe("SystemError: no locals when loading 'x'");
    run(rt, "def no_locals_store():\n    return T.store_name('x', 1)");
    expect(rt.eval("outcome(no_locals_store)")).toBe("SystemError: no locals found when storing 'x'");
    run(rt, "def no_locals_del():\n    return T.delete_name('x')");
    expect(rt.eval("outcome(no_locals_del)")).toBe("SystemError: no locals when deleting 'x'");
  });

  it("stores and deletes like the interpreter", () => {
    const store = (ns: string) =>
      expectSame(rt, `in_exec("T.store_name('r', 5)", ${ns})`, `in_exec("r = 5", ${ns})`, "ok 5");
    store("{}");
    store("Mapping()");
    expectSame(rt, `in_exec("T.delete_name('q'); r = 'q' in dir()", {'q': 1})`,
      `in_exec("del q; r = 'q' in dir()", {'q': 1})`, "ok False");
    expectSame(rt, `in_exec("T.delete_name('q')", {})`, `in_exec("del q", {})`,
      "NameError: name 'q' is not defined [name='q']");
    // 3.11 turns any failure to delete into the NameError.
    expectSame(rt, `in_exec("T.delete_name('q')", Weird())`, `in_exec("del q", Weird())`,
      "NameError: name 'q' is not defined [name='q']");
  });
});

describe("globals", () => {
  run(rt, py`
    class Missing(dict):
        def __missing__(self, k):
            return 'missing:' + k
    def make(src, globs):
        globs.setdefault('T', T)
        exec(src, globs)
        return globs['f']
  `);

  it("LOAD_GLOBAL: globals, then builtins, dict or mapping", () => {
    const both = (globs: string, name: string, expected: string) =>
      expectSame(rt, `make("def f(): return T.load_global('${name}')", ${globs})()`,
        `make("def f(): return ${name}", ${globs})()`, expected);
    both("{'g': 1}", "g", "ok 1");
    both("{}", "len", "ok <built-in function len>");
    both("{}", "nope", "NameError: name 'nope' is not defined [name='nope']");
    both("Missing()", "nope", "ok 'missing:nope'");
    both("{'__builtins__': Missing()}", "nope", "ok 'missing:nope'");
    both("{'__builtins__': {}}", "len", "NameError: name 'len' is not defined [name='len']");
  });

  it("NameError offers the interpreter's suggestions (3.11's excepthook)", () => {
    run(rt, py`
      counter_total = 0
      def real_suggest():
          counter = 1
          return countr
      def helper_suggest():
          counter = 1
          return T.load_global('countr')
      def real_builtin():
          return lenn
      def helper_builtin():
          return T.load_global('lenn')
      def real_global():
          return counter_totl
      def helper_global():
          return T.load_global('counter_totl')
      def helper_name():
          return T.load_name('x')
    `);
    const same = (h: string, r: string, expected: string) => {
      expect(rt.eval(`hook_text(${h})`)).toBe(expected);
      expect(rt.eval(`hook_text(${r})`)).toBe(expected);
    };
    same("helper_suggest", "real_suggest", "NameError: name 'countr' is not defined. Did you mean: 'counter'?");
    same("helper_builtin", "real_builtin", "NameError: name 'lenn' is not defined. Did you mean: 'len'?");
    same("helper_global", "real_global", "NameError: name 'counter_totl' is not defined. Did you mean: 'counter_total'?");
    expect(rt.eval(`hook_text(lambda: in_exec("r = T.load_name('lenn')", {}, {}))`)).toBe(
      rt.eval(`hook_text(lambda: in_exec("r = lenn", {}, {}))`),
    );
  });

  it("STORE_GLOBAL and DELETE_GLOBAL", () => {
    run(rt, py`
      def real_store():
          global sg
          sg = 'real'
      def real_del():
          global sg
          del sg
    `);
    expectSame(rt, "(T.store_global('sg', 'real'), sg)[1]", "(real_store(), sg)[1]", "ok 'real'");
    expectSame(rt, "(T.delete_global('sg'), 'sg' in globals())[1]", "(real_store(), real_del(), 'sg' in globals())[2]",
      "ok False");
    expectSame(rt, "T.delete_global('sg')", "real_del()", "NameError: name 'sg' is not defined [name='sg']");
  });
});

describe("class bodies", () => {
  run(rt, py`
    import builtins
    class BT(dict):
        pass
  `);

  it("LOAD_BUILD_CLASS", () => {
    expect(rt.eval("T.load_build_class() is builtins.__build_class__")).toBe("True");
    expectSame(rt, `exec("T.load_build_class()", {'T': T, '__builtins__': {}})`, `exec("class A: pass", {'__builtins__': {}})`,
      "NameError: __build_class__ not found [name=None]");
    expectSame(rt, `exec("T.load_build_class()", {'T': T, '__builtins__': BT()})`, `exec("class A: pass", {'__builtins__': BT()})`,
      "NameError: __build_class__ not found [name=None]");
    expectSame(rt, `exec("r = T.load_build_class()", {'T': T, '__builtins__': BT(__build_class__=7)})`,
      `exec("r = __build_class__", {'__builtins__': BT(__build_class__=7)})`, "ok None");
  });

  it("SETUP_ANNOTATIONS", () => {
    const both = (ns: string, expected: string) =>
      expectSame(rt, `(lambda ns: (exec("T.setup_annotations()", {'T': T}, ns), sorted(ns.d if hasattr(ns, 'd') else ns))[1])(${ns})`,
        `(lambda ns: (exec("x: int", {}, ns), sorted(ns.d if hasattr(ns, 'd') else ns))[1])(${ns})`, expected);
    both("{}", "ok ['__annotations__']");
    both("Mapping()", "ok ['__annotations__']");
    // An existing __annotations__ is kept, not replaced.
    run(rt, "keep = {'a': int}\nns = {'__annotations__': keep}\nexec('T.setup_annotations()', {'T': T}, ns)");
    expect(rt.eval("ns['__annotations__'] is keep")).toBe("True");
    run(rt, "def no_locals_ann():\n    return T.setup_annotations()");
    expect(rt.eval("outcome(no_locals_ann)")).toBe("SystemError: no locals found when setting up annotations");
  });
});

describe("called from compiled code", () => {
  it("LOAD_GLOBAL through the symbol table, with the frame's globals", () => {
    const S = rt.symbols;
    // entry(frame, tstate): return pyjc_load_global(frame, co_names[0])
    const host = recordingHost((req) =>
      req.qualname === "reads_global"
        ? {
          ok: true,
          entryOffset: 0,
          info: "{}",
          code: new Asm()
            .push(R.rbx) // keeps rsp 16-byte aligned at the call
            .movImm64(R.rsi, req.names[0]!)
            .movImm64(R.rax, S.pyjc_load_global)
            .call(R.rax)
            .pop(R.rbx)
            .ret()
            .bytes(),
        }
        : { ok: false, reason: "not under test" });
    rt.setHost(host);
    try {
      run(rt, py`
        def reads_global():
            return some_global
        some_global = 'from globals'
        first = reads_global()
        del some_global
        second = outcome(reads_global)
        ns = {'__builtins__': {'some_global': 'from other builtins'}}
        third = eval(reads_global.__code__, ns)
      `);
    } finally {
      rt.setHost(null);
    }
    expect(host.for("reads_global")).toHaveLength(1);
    expect(rt.eval("first, second, third")).toBe(
      "('from globals', \"NameError: name 'some_global' is not defined [name='some_global']\", 'from other builtins')",
    );
  });
});
