"""The Python side of compiled-diff.ts: one pass's functions run interpreted and compiled, with the
pass on and off, at every optimization level, in one embedded interpreter.

For a function `f` of a test module, `build` makes a fresh copy (its own code object, so it has
its own compiled state and its own adaptive bytecode), warms it up in the interpreter (so CPython
specializes its instructions: the profile a pass speculates on) and compiles it with whichever JIT
the TypeScript side selected for that variant: with `pyjc.compile(g)` (the profile then has the
specializations but no argument types), or, `via_call`, by letting the hook compile it at its next
call (the profile then also has the types of that call's arguments). `run_batch` calls every
variant on the same argument sources (evaluated anew for each call: mutable arguments start
equal) and records a canonical outcome: the result, the exception (type and message), the zoo's
dunder-call log and the arguments after the call (mutations).
"""

import base64
import importlib.util
import json
import os
import sys
import types

import pyjc

NEVER = 2 ** 40
_TRACE = os.environ.get("PYJC_DIFF_TRACE_CALLS")  # a file: which variant and case is running (hangs, crashes)

# Tests patch builtins (`builtins.list = ...`) to check that compiled code notices: the harness
# keeps its own references.
_list, _repr, _type, _eval = list, repr, type, eval
_dict, _str, _int, _bool, _float, _tuple = dict, str, int, bool, float, tuple
_quote = json.encoder.encode_basestring_ascii  # C; looks up no builtins


def _dumps(x):
    """json.dumps for what this module returns, safe while a test has patched builtins:
    json.encoder.encode itself runs `isinstance(chunks, (list, tuple))`."""
    t = _type(x)
    if x is None:
        return "null"
    if t is _bool:
        return "true" if x else "false"
    if t is _str:
        return _quote(x)
    if t is _int or t is _float:
        return _repr(x)
    if t is _list or t is _tuple:
        return "[" + ", ".join([_dumps(y) for y in x]) + "]"
    if t is _dict:
        return "{" + ", ".join([_quote(_str(k)) + ": " + _dumps(v) for k, v in x.items()]) + "}"
    raise TypeError(f"_dumps: {t.__name__}")
WARM_CALLS = 24

_zoo = None
_variants = {}  # fid -> {variant: function}
_modules = {}


def setup(zoo_path):
    global _zoo
    spec = importlib.util.spec_from_file_location("_compiled_diff_zoo", zoo_path)
    _zoo = importlib.util.module_from_spec(spec)
    sys.modules["_compiled_diff_zoo"] = _zoo
    spec.loader.exec_module(_zoo)
    pyjc.config(threshold=NEVER)
    return "ok"


def load(modname, source):
    """A module from source, with the zoo's classes in its namespace."""
    mod = types.ModuleType(modname)
    mod.__dict__.update({k: v for k, v in vars(_zoo).items() if not k.startswith("__")})
    sys.modules[modname] = mod
    exec(compile(source, f"<{modname}>", "exec"), mod.__dict__)
    _modules[modname] = mod
    return "ok"


def _copy(f):
    g = types.FunctionType(f.__code__.replace(), f.__globals__, f.__name__, f.__defaults__, f.__closure__)
    g.__qualname__ = f.__qualname__
    return g


def _args(mod, sources):
    return [_eval(s, mod.__dict__) for s in sources]


def _call(g, args):
    try:
        return g(*args)
    except Exception as e:  # the outcome compares it; warm-up ignores it
        return e


def _info(g):
    i = pyjc.info(g)
    return {"compiled": bool(i["compiled"]), "state": i["state"], "reason": i["reason"],
            "passes": _list(i.get("passes") or []), "runs": i["compiled_runs"], "deopts": i["deopts"]}


def build(fid, modname, fname, variant, warm_json, via_call, compile_it):
    """Makes variant `variant` of `modname.fname` (compiled when `compile_it`); its info as JSON."""
    mod = _modules[modname]
    g = _copy(getattr(mod, fname))
    warm = json.loads(warm_json)
    if compile_it:
        for i in range(WARM_CALLS):
            if warm:
                _call(g, _args(mod, warm[i % len(warm)]))
        if via_call:
            args = _args(mod, warm[0])
            pyjc.config(threshold=0)
            try:
                _call(g, args)
            finally:
                pyjc.config(threshold=NEVER)
        else:
            pyjc.compile(g)
    _variants.setdefault(fid, {})[variant] = g
    return _dumps(_info(g))


def infos(fid):
    return _dumps({v: _info(g) for v, g in _variants[fid].items()})


def _canon(x, depth=0):
    if depth > 6:
        return "<deep>"
    t = _type(x)
    name = t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"
    if isinstance(x, BaseException):
        return f"raise {name}: {x}"
    if t in (list, tuple):
        return f"{name}[{', '.join(_canon(y, depth + 1) for y in x)}]"
    if t is dict:
        return f"dict{{{', '.join(f'{_canon(k, depth + 1)}: {_canon(v, depth + 1)}' for k, v in x.items())}}}"
    try:
        return f"{name}:{_repr(x)}"
    except Exception as e:
        return f"{name}:<repr raised {_type(e).__name__}>"


def run_batch(fid, modname, cases_b64):
    """For each case (argument sources), the outcome of every variant, interpreted first."""
    mod = _modules[modname]
    cases = json.loads(base64.b64decode(cases_b64).decode("utf-8"))
    out = []
    for sources in cases:
        row = {}
        for variant, g in _variants[fid].items():
            if _TRACE:
                with open(_TRACE, "w") as t:
                    t.write(f"{fid} {variant} {sources}\n")
            args = _args(mod, sources)
            _zoo.LOG.clear()
            result = _call(g, args)
            row[variant] = {"result": _canon(result), "log": _list(_zoo.LOG), "args": [_canon(a) for a in args]}
        out.append(row)
    return _dumps(out)
