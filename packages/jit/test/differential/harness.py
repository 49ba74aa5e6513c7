"""The Python side of the differential harness (harness.ts drives it through the runtime).

For one corpus function `f`:
- compiled: `f` itself, after `pyjc.compile(f)` (and `pyjc.compile(code)` for every code object
  nested in it: comprehensions, lambdas, inner functions, class bodies), run with the JIT on;
- interpreted: a copy of `f` whose code object, and every code object nested in it, is fresh
  (`code.replace()`), so it has never been compiled; it runs with the JIT off (`pyjc.disable()`:
  the hook sends every frame to the interpreter), so what it calls (the compiled `f` when it
  recurses, other corpus functions) runs interpreted too;
- further compiled variants (`levels[1:]`): fresh copies compiled at other optimization levels.

The threshold is set so high that nothing compiles on its own: only what `prepare` compiles runs
compiled. Each case evaluates its argument sources anew for every variant, resets the module's
globals to the state they had when the function was prepared, captures stdout/stderr, and
records a canonical outcome: result (type, repr, exact float bits), exception (type, message,
args, selected attributes, `__cause__`/`__context__`/`__suppress_context__`, exception group
members, notes, and the traceback's frames below the harness as file:qualname:line:lasti), output,
the odd objects' dunder-call log, the reprs of the arguments and of the module's data globals
after the call, and the references the call left behind (to its result, and how much each
argument's reference count grew). `run_batch` returns those outcomes as ASCII JSON; harness.ts compares them.
"""

import base64
import copy
import gc
import importlib.util
import inspect
import io
import json
import math
import os
import re
import struct
import sys
import types
import warnings

import pyjc

HARNESS_FILE = __file__
GEN_FLAGS = 0x20 | 0x80 | 0x200 | 0x100  # CO_GENERATOR | CO_COROUTINE | CO_ASYNC_GENERATOR | CO_ITERABLE_COROUTINE
ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")

_zoo = None
_args_ns = {}
_mode = "compiled"
_levels = [1]
_prepared = {}


def setup(zoo_path, mode, levels):
    """Loads the odd-value classes, sets the mode ("compiled", "interpreted") and the levels."""
    global _zoo, _mode, _levels
    _zoo = _load_module("_pyjc_diff_zoo", zoo_path)
    _args_ns.clear()
    _args_ns.update({name: getattr(_zoo, name) for name in dir(_zoo) if not name.startswith("_")})
    _mode = mode
    _levels = list(levels)
    pyjc.config(threshold=2 ** 62)
    warnings.simplefilter("always")  # a warning shows on every run, not just the first
    return "ok"


def _load_module(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def load(name, path):
    _load_module(name, path)
    return "ok"


# ---- variants ------------------------------------------------------------------------------------

def fresh_code(code):
    """A copy of `code` and of every code object nested in it (no compiled state attached)."""
    consts = tuple(fresh_code(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_consts=consts)


def copy_function(f):
    g = types.FunctionType(fresh_code(f.__code__), f.__globals__, f.__name__, f.__defaults__, f.__closure__)
    g.__kwdefaults__ = dict(f.__kwdefaults__) if f.__kwdefaults__ is not None else None
    g.__qualname__ = f.__qualname__
    return g


def nested_codes(code):
    yield code
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            yield from nested_codes(c)


def _compile_all(f, level):
    """Compiles f and its nested code objects at `level`; what each reported."""
    pyjc.config(level=level)
    report = []
    for i, co in enumerate(nested_codes(f.__code__)):
        ok = pyjc.compile(f if i == 0 else co)
        info = pyjc.info(co)
        report.append({
            "qualname": co.co_qualname, "line": co.co_firstlineno, "level": level, "returned": bool(ok),
            "compiled": bool(info["compiled"]), "reason": info["reason"],
            "generator": bool(co.co_flags & GEN_FLAGS),
        })
    return report


def _snapshot(g):
    """A deep copy of the module's globals that can be restored any number of times. Modules,
    functions, classes and anything deepcopy refuses are shared, not copied."""
    shared = {id(g.get("__builtins__")): g.get("__builtins__")}
    for v in g.values():
        if isinstance(v, (types.ModuleType, types.FunctionType, type, types.BuiltinFunctionType)):
            shared[id(v)] = v
    memo = dict(shared)
    state = {}
    for k, v in g.items():
        try:
            state[k] = copy.deepcopy(v, memo)
        except Exception:
            shared[id(v)] = v
            state[k] = v
    return state, shared


def _restore(g, snap):
    state, shared = snap
    fresh = copy.deepcopy(state, dict(shared))
    g.clear()
    g.update(fresh)


def prepare(key, modname, fname, nargs):
    """Builds and compiles the variants of `modname.fname`; a JSON report of what compiled."""
    mod = sys.modules[modname]
    f = getattr(mod, fname)
    inspect.signature(f).bind(*range(nargs))  # the `# inputs:` line matches the signature
    g = f.__globals__
    snap = _snapshot(g)
    interp = copy_function(f)
    variants = [("interpreted", interp, True)]
    report = []
    if _mode == "interpreted":
        variants.append(("original", f, True))
    else:
        for i, level in enumerate(_levels):
            target = f if i == 0 else copy_function(f)
            report += _compile_all(target, level)
            variants.append((f"compiled-O{level}", target, False))
        pyjc.config(level=_levels[0])
    _prepared[key] = (g, snap, variants)
    _restore(g, snap)
    return json.dumps(report)


def warm(key, payload):
    """Adds the "hot" variant: a fresh copy run interpreted on the given cases (each several
    times, so the adaptive interpreter quickens and specializes it), then compiled by the hook
    itself at the entry of its next call, as `--threshold N` does: the compiler sees warmed inline
    caches and the argument types of a real call, so it may speculate. Later cases (other types)
    must then take the guards' slow paths or deoptimize. Code objects nested in it that were not
    compiled on their own are compiled explicitly. Returns the compile report."""
    if _mode == "interpreted":
        return "[]"
    g, snap, variants = _prepared[key]
    hot = copy_function(variants[0][1])
    cases = json.loads(base64.b64decode(payload).decode("utf-8"))
    sink = io.StringIO()
    for arg_srcs in cases:
        for _ in range(8):
            _restore(g, snap)
            args = [eval(s, _args_ns) for s in arg_srcs]
            old_out, old_err = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = sink
            try:
                r = hot(*args)
                if isinstance(r, types.GeneratorType):
                    list(r)
            except BaseException:
                pass
            finally:
                sys.stdout, sys.stderr = old_out, old_err
    _restore(g, snap)
    calls = pyjc.info(hot)["calls"]
    args = [eval(s, _args_ns) for s in cases[-1]]
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = sink
    pyjc.config(threshold=calls)  # the next call of `hot` compiles it at entry
    try:
        r = hot(*args)
        if isinstance(r, types.GeneratorType):
            list(r)
    except BaseException:
        pass
    finally:
        pyjc.config(threshold=2 ** 62)
        sys.stdout, sys.stderr = old_out, old_err
    _restore(g, snap)
    report = []
    for i, co in enumerate(nested_codes(hot.__code__)):
        info = pyjc.info(co)
        hook = bool(info["compiled"])
        if not info["compiled"] and info["state"] == "counting":
            pyjc.compile(hot if i == 0 else co)
            info = pyjc.info(co)
        report.append({
            "qualname": co.co_qualname, "line": co.co_firstlineno, "level": _levels[0], "returned": hook,
            "compiled": bool(info["compiled"]), "reason": info["reason"], "generator": bool(co.co_flags & GEN_FLAGS),
            "variant": "hot",
        })
    variants.append(("compiled-hot", hot, False))
    return json.dumps(report)


# ---- outcomes ------------------------------------------------------------------------------------

def _mask(text):
    return ADDRESS.sub("0x?", text)


def _tname(t):
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _safe(fn, x):
    try:
        return _mask(fn(x))
    except BaseException as e:  # an odd repr that raises is part of the outcome
        return f"<{fn.__name__} raised {type(e).__name__}: {_mask(str(e))}>"


def _float_bits(x):
    """Exact bits, so -0.0 differs from 0.0 and every rounding difference shows. Except NaN: its
    sign and payload are not stable in CPython itself (in libpython3.11, `nan + -nan` has one sign
    through the generic float_add and the other once BINARY_OP has specialized to
    BINARY_OP_ADD_FLOAT after a few calls), so any NaN equals any NaN."""
    if math.isnan(x):
        return "nan"
    return struct.pack("<d", x).hex()


def canon(x, seen=None, depth=0):
    """A deterministic text for a value: type, repr, exact float bits, contents of containers
    (recursively, cycles cut) and instance dicts. Addresses are masked."""
    if seen is None:
        seen = set()
    if depth > 12:
        return "<deep>"
    t = type(x)
    tn = _tname(t)
    if x is None or t in (bool, int, str, bytes):
        return f"{tn}:{_safe(repr, x)}"
    if isinstance(x, float):
        return f"{tn}:{_safe(repr, x)}:{_float_bits(float(x))}"
    if isinstance(x, complex):
        return f"{tn}:{_safe(repr, x)}:{_float_bits(x.real)}:{_float_bits(x.imag)}"
    if isinstance(x, BaseException):
        return json.dumps(shape(x))
    if isinstance(x, (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type, types.ModuleType)):
        return f"{tn}:{getattr(x, '__qualname__', getattr(x, '__name__', '?'))}"
    if isinstance(x, (types.GeneratorType, types.CodeType, types.FrameType, types.TracebackType)):
        return f"{tn}:{getattr(x, '__qualname__', getattr(x, 'co_qualname', ''))}"
    if id(x) in seen:
        return f"{tn}:<cycle>"
    seen = seen | {id(x)}
    extra = ""
    if isinstance(x, (int, str, bytes)):  # subclasses
        base = int if isinstance(x, int) else str if isinstance(x, str) else bytes
        extra = f":{base.__repr__(x)}"
    if t in (list, tuple, dict):
        # Items only: the repr would repeat them, and a nested set's repr depends on hashes.
        if t is dict:
            return f"{tn}:{{" + ", ".join(f"{canon(k, seen, depth + 1)}: {canon(v, seen, depth + 1)}" for k, v in x.items()) + "}"
        return f"{tn}:[" + ", ".join(canon(i, seen, depth + 1) for i in x) + "]"
    if isinstance(x, (list, tuple)):
        body = "[" + ", ".join(canon(i, seen, depth + 1) for i in x) + "]"
        extra += body
    elif isinstance(x, (set, frozenset)):
        # Items sorted, and no repr: a set's order depends on hashes, and hash(nan) is its id.
        items = ", ".join(sorted(canon(i, seen, depth + 1) for i in x))
        return f"{tn}:{{{items}}}"
    elif isinstance(x, dict):
        extra += "{" + ", ".join(f"{canon(k, seen, depth + 1)}: {canon(v, seen, depth + 1)}" for k, v in x.items()) + "}"
    d = getattr(x, "__dict__", None)
    if isinstance(d, dict) and d:
        extra += " vars" + canon(dict(d), seen, depth + 1)
    return f"{tn}:{_safe(repr, x)}{extra}"


def _position(co, lasti):
    """Source span of the instruction at `lasti` (what a 3.11 traceback underlines). Not lasti
    itself: the interpreter's own lasti for one raise differs with quickening (a specialized
    PRECALL raises where the generic CALL would), but both have the call's span."""
    for i, pos in enumerate(co.co_positions()):
        if i == lasti // 2:
            return "%s:%s-%s:%s" % pos
    return "?"


def _frames(tb):
    out = []
    while tb is not None:
        co = tb.tb_frame.f_code
        if co.co_filename != HARNESS_FILE:
            out.append(f"{os.path.basename(co.co_filename)}:{co.co_qualname}:{tb.tb_lineno}:{_position(co, tb.tb_lasti)}")
        tb = tb.tb_next
    return out


_EXC_ATTRS = ("name", "obj", "path", "errno", "filename", "msg", "lineno", "offset", "value", "code")


def shape(e, depth=0, seen=None):
    if e is None:
        return None
    if seen is None:
        seen = set()
    if depth > 6 or id(e) in seen:
        return "<...>"
    seen = seen | {id(e)}
    d = {
        "type": _tname(type(e)),
        "str": _safe(str, e),
        "args": canon(e.args),
        "tb": _frames(e.__traceback__),
        "suppress_context": e.__suppress_context__,
        "cause": shape(e.__cause__, depth + 1, seen),
        "context": shape(e.__context__, depth + 1, seen),
    }
    for attr in _EXC_ATTRS:
        if attr in ("name", "obj") and not isinstance(e, (NameError, AttributeError, ImportError)):
            continue
        try:
            if hasattr(e, attr):
                d[attr] = canon(getattr(e, attr))
        except BaseException:
            pass
    if hasattr(e, "__notes__"):
        d["notes"] = canon(e.__notes__)
    if isinstance(e, BaseExceptionGroup):
        d["group"] = [shape(x, depth + 1, seen) for x in e.exceptions]
    return d


def _globals_state(g):
    """The module's data globals (canonical reprs) and the names of all its globals."""
    out = {"(names)": " ".join(sorted(g))}
    for k in sorted(g):
        v = g[k]
        if not (k.startswith("__") or isinstance(v, (types.ModuleType, types.FunctionType, type, types.BuiltinFunctionType))):
            out[k] = canon(v)
    return out


# Objects whose reference counts move with unrelated code: shared by the whole interpreter (None,
# small ints, the empty tuple, types, functions, modules), or kept by its caches (strings and bytes
# by the type attribute cache, interning and the re and struct caches, numbers as cache keys).
_SHARED_TYPES = (type(None), bool, int, float, complex, str, bytes, type, types.ModuleType,
                 types.FunctionType, types.BuiltinFunctionType)
_SHARED_REFS = 50


def _refcount(x):
    if isinstance(x, _SHARED_TYPES):
        return "shared"
    n = sys.getrefcount(x) - 1  # minus the argument's own reference
    return n if n < _SHARED_REFS else "shared"


def _refcounts(args, before):
    """What the call left holding each argument: its reference count now minus before the call
    (the result, which may hold them, is still alive). Compiled code that keeps a reference it
    should have released shows here. Garbage cycles (a frame kept by a traceback kept by a local)
    hold references until the collector runs, in both variants alike: collect before counting."""
    if [_refcount(a) for a in args] != before:
        gc.collect()
    return [n if n == "shared" or b == "shared" else n - b for n, b in zip((_refcount(a) for a in args), before)]


def _outcome(fn, arg_srcs, g, jit_off):
    args = [eval(s, _args_ns) for s in arg_srcs]
    before = [_refcount(a) for a in args]
    result_refs = None
    out, err = io.StringIO(), io.StringIO()
    old_out, old_err = sys.stdout, sys.stderr
    _zoo.LOG.clear()
    result = exc = None
    sys.stdout, sys.stderr = out, err
    if jit_off:
        pyjc.disable()
    try:
        try:
            r = fn(*args)
            result_refs = _refcount(r)
            if isinstance(r, types.GeneratorType):  # a generator function: compare what it yields
                r = ("<generator>", list(r))
            result = canon(r)
        except BaseException as e:
            exc = shape(e)
            del e
    finally:
        if jit_off:
            pyjc.enable()
        sys.stdout, sys.stderr = old_out, old_err
    outcome = {
        "result": result, "exception": exc, "stdout": out.getvalue(), "stderr": _mask(err.getvalue()),
        "log": list(_zoo.LOG), "args": [canon(a) for a in args], "globals": _globals_state(g),
    }
    outcome["refs"] = {"result": result_refs, "args": _refcounts(args, before)}
    return outcome


def run_batch(key, payload):
    """payload: base64 of a JSON list of cases, each a list of argument sources. Returns JSON:
    per case, the outcome of every variant (`{"variant": name, ...}`), interpreted first."""
    g, snap, variants = _prepared[key]
    cases = json.loads(base64.b64decode(payload).decode("utf-8"))
    results = []
    for arg_srcs in cases:
        per_case = []
        for name, fn, jit_off in variants:
            _restore(g, snap)
            o = _outcome(fn, arg_srcs, g, jit_off)
            o["variant"] = name
            per_case.append(o)
        _restore(g, snap)
        results.append(per_case)
    return json.dumps(results)


def compiled_runs(key):
    """How often each compiled variant's code ran, and how often it deoptimized (proof that
    compiled code executed, and how much of it ran to the end in machine code)."""
    _, _, variants = _prepared[key]
    out = {}
    for name, fn, jit_off in variants:
        if not jit_off:
            info = pyjc.info(fn)
            out[name] = {"runs": info["compiled_runs"], "deopts": info["deopts"]}
    return json.dumps(out)
