/**
 * Import helpers (sem_import.c) against the interpreter's IMPORT_NAME, IMPORT_FROM and
 * IMPORT_STAR, including the ImportError messages and attributes (circular imports too).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectSame, semanticsRuntime } from "./helpers/semantics.js";
import { py, run } from "./helpers/runtime.js";

const rt = semanticsRuntime();

/** A directory on sys.path holding the given files (path -> source). */
function sysPathDir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "pyjc-import-"));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  run(rt, `import sys\nsys.path.insert(0, ${JSON.stringify(root)})`);
  return root;
}

// `helper` in the modules below picks the runtime helper or the real statement, so both paths
// run the very same files and produce comparable messages.
const root = sysPathDir({
  "circ/__init__.py": "",
  "circ/a.py": "from circ import b\nX = 1\n",
  "circ/b.py": py`
    import builtins, sys
    if builtins.pyjc_use_helper:
        import _pyjc_testing as T
        T.import_from(sys.modules['circ.a'], 'X')
    else:
        from circ.a import X
  `,
  "rel/__init__.py": "",
  "rel/sub.py": "VALUE = 'sub'\n",
  "rel/user.py": py`
    import builtins
    if builtins.pyjc_use_helper:
        import _pyjc_testing as T
        sub = T.import_from(T.import_name('', ('sub',), 1), 'sub')
    else:
        from . import sub
  `,
  "starmod.py": "__all__ = ['a', 'b']\na, b, c, _d = 1, 2, 3, 4\n",
  "nostar.py": "a, b, _c = 1, 2, 3\n",
});

run(rt, py`
  import builtins, importlib, os, types
  def fresh(*names):
      for n in list(sys.modules):
          if n.split('.')[0] in names:
              del sys.modules[n]
  def with_mode(helper, fn):
      builtins.pyjc_use_helper = helper
      return fn()
`);

describe("IMPORT_NAME", () => {
  it("imports through __import__'s fast path", () => {
    expectSame(rt, "T.import_name('os.path', None, 0)", "__import__('os.path', globals(), None, None, 0)", /^ok <module 'os'/);
    expectSame(rt, "T.import_name('os.path', ('join',), 0)", "__import__('os.path', globals(), None, ('join',), 0)",
      /^ok <module 'posixpath'/);
    expectSame(rt, "T.import_name('no_such_module_xyz', None, 0)", "__import__('no_such_module_xyz', globals(), None, None, 0)",
      "ModuleNotFoundError: No module named 'no_such_module_xyz' [name='no_such_module_xyz' path=None]");
    expect(rt.eval("outcome(lambda: T.import_name('os', None, 'x'))")).toBe(
      "TypeError: 'str' object cannot be interpreted as an integer",
    );
  });

  it("resolves relative imports from the frame's globals", () => {
    expectSame(rt, "(fresh('rel'), with_mode(True, lambda: importlib.import_module('rel.user').sub.VALUE))[1]",
      "(fresh('rel'), with_mode(False, lambda: importlib.import_module('rel.user').sub.VALUE))[1]", "ok 'sub'");
  });

  it("calls a replaced __import__ with (name, globals, locals, fromlist, level)", () => {
    run(rt, py`
      calls = []
      def fake_import(*args):
          calls.append((args[0], args[1] is ns_globals, dict(args[2]), args[3], args[4]))
          m = types.ModuleType(args[0])
          m.a = 1
          return m
      def importing(src):
          global ns_globals
          calls.clear()
          ns_globals = {'T': T, '__builtins__': {'__import__': fake_import}}
          exec(src, ns_globals, {'local': 1})
          return calls
    `);
    expectSame(rt, `importing("T.import_name('m', ('a',), 2)")`, `importing("from ..m import a")`,
      "ok [('m', True, {'local': 1}, ('a',), 2)]");
    expectSame(rt, `exec("T.import_name('os', None, 0)", {'T': T, '__builtins__': {}})`,
      `exec("import os", {'__builtins__': {}})`, "ImportError: __import__ not found [name=None path=None]");
  });
});

describe("IMPORT_FROM", () => {
  it("reads the attribute, or fails with the interpreter's ImportError", () => {
    run(rt, "import os");
    expectSame(rt, "T.import_from(os, 'path')", "(lambda: exec('from os import path', d := {}) or d['path'])()",
      /^ok <module 'posixpath'/);
    expectSame(rt, "T.import_from(os, 'nope')", "exec('from os import nope')",
      `ImportError: cannot import name 'nope' from 'os' (${"/usr/lib/python3.11/os.py"}) [name='os' path='/usr/lib/python3.11/os.py']`);
    expectSame(rt, "T.import_from(sys, 'nope')", "exec('from sys import nope')",
      "ImportError: cannot import name 'nope' from 'sys' (unknown location) [name='sys' path=None]");
  });

  it("names '<unknown module name>' when __name__ is not a str", () => {
    run(rt, py`
      class Odd:
          __name__ = 5
      sys.modules['oddmod'] = Odd()
    `);
    expectSame(rt, "T.import_from(sys.modules['oddmod'], 'x')", "exec('from oddmod import x')",
      "ImportError: cannot import name 'x' from '<unknown module name>' (unknown location) [name=None path=None]");
  });

  it("falls back to sys.modules for a submodule still being imported", () => {
    run(rt, py`
      fake = types.ModuleType('fakepkg')
      fake_sub = types.ModuleType('fakepkg.sub')
      sys.modules['fakepkg.sub'] = fake_sub
    `);
    expect(rt.eval("T.import_from(fake, 'sub') is fake_sub")).toBe("True");
  });

  it("reports circular imports like 3.11", () => {
    expectSame(rt, "(fresh('circ'), with_mode(True, lambda: importlib.import_module('circ.a')))[1]",
      "(fresh('circ'), with_mode(False, lambda: importlib.import_module('circ.a')))[1]",
      `ImportError: cannot import name 'X' from partially initialized module 'circ.a' (most likely due to a circular import) (${join(root, "circ/a.py")}) [name='circ.a' path='${join(root, "circ/a.py")}']`);
  });
});

describe("IMPORT_STAR", () => {
  run(rt, py`
    def star(helper, modname):
        ns = {'T': T, '__builtins__': builtins}
        src = f"T.import_star(__import__('{modname}'))" if helper else f"from {modname} import *"
        exec(src, ns)
        return sorted(k for k in ns if k not in ('T', '__builtins__'))
    class NoAll:
        pass
    sys.modules['intkeys'] = types.ModuleType('intkeys')
    sys.modules['intkeys'].__dict__[1] = 'one'
    sys.modules['badall'] = types.ModuleType('badall')
    sys.modules['badall'].__all__ = ['ok', 5]
    sys.modules['badall'].ok = 1
    sys.modules['nodict'] = 5
  `);

  it("uses __all__, else the public names of __dict__", () => {
    expectSame(rt, "star(True, 'starmod')", "star(False, 'starmod')", "ok ['a', 'b']");
    expectSame(rt, "star(True, 'nostar')", "star(False, 'nostar')", "ok ['a', 'b']");
  });

  it("rejects non-str names and objects without __dict__/__all__", () => {
    expectSame(rt, "star(True, 'badall')", "star(False, 'badall')", "TypeError: Item in badall.__all__ must be str, not int");
    expectSame(rt, "star(True, 'intkeys')", "star(False, 'intkeys')", "TypeError: Key in intkeys.__dict__ must be str, not int");
    expectSame(rt, "star(True, 'nodict')", "star(False, 'nodict')",
      "ImportError: from-import-* object has no __dict__ and no __all__ [name=None path=None]");
  });
});
