"""The Python side of frame-diff.ts: functions run interpreted and compiled (several JIT variants),
and what each run lets Python code see of the frame is compared, not just the result.

An outcome has the result or the exception (type, message and, for every traceback entry from
the function under test down, the code name, line and the scalar locals `tb_frame.f_locals`
shows), and the module's LOG list, into which test functions, finalizers and trace functions
append what they saw (frame objects in it are shown as their scalar locals, read after the call:
a frame kept alive past its function's return shows the final locals).
"""

import base64
import faulthandler
import json
import sys
import types

import pyjc

NEVER = 2 ** 40
WARM_CALLS = 24
SCALARS = (int, float, str, bool, type(None), bytes, complex)

_list, _repr, _type = list, repr, type
_variants = {}  # fid -> {variant: function}
_modules = {}


def setup():
    faulthandler.enable()  # a crash in compiled code prints the Python stack before the worker dies
    pyjc.config(threshold=NEVER)
    return "ok"


def load(modname, source):
    mod = types.ModuleType(modname)
    sys.modules[modname] = mod
    exec(compile(source, f"<{modname}>", "exec"), mod.__dict__)
    _modules[modname] = mod
    return "ok"


def scalars(d):
    return sorted((k, _repr(v)) for k, v in d.items() if _type(v) in SCALARS)


def _copy(f):
    g = types.FunctionType(f.__code__.replace(), f.__globals__, f.__name__, f.__defaults__, f.__closure__)
    g.__qualname__ = f.__qualname__
    return g


def _args(mod, sources):
    return [eval(s, mod.__dict__) for s in sources]


def _info(g):
    i = pyjc.info(g)
    return {"compiled": bool(i["compiled"]), "state": i["state"], "reason": i["reason"],
            "passes": _list(i.get("passes") or []), "runs": i["compiled_runs"], "deopts": i["deopts"]}


def build(fid, modname, fname, variant, warm_json, compile_it):
    """Variant `variant` of `modname.fname`, warmed up, then compiled at its next call."""
    mod = _modules[modname]
    g = _copy(getattr(mod, fname))
    warm = json.loads(warm_json)
    if compile_it:
        for i in range(WARM_CALLS):
            try:
                g(*_args(mod, warm[i % len(warm)]))
            except Exception:
                pass
        pyjc.config(threshold=0)
        try:
            g(*_args(mod, warm[0]))
        except Exception:
            pass
        finally:
            pyjc.config(threshold=NEVER)
    _variants.setdefault(fid, {})[variant] = g
    mod.LOG.clear()
    return json.dumps(_info(g))


def infos(fid):
    return json.dumps({v: _info(g) for v, g in _variants[fid].items()})


def _canon(x, depth=0):
    if depth > 5:
        return "<deep>"
    if _type(x) in (list, tuple):
        return [_canon(y, depth + 1) for y in x]
    if isinstance(x, types.FrameType):
        return ["frame", x.f_code.co_name, scalars(x.f_locals)]
    if _type(x) in SCALARS:
        return _repr(x)
    return f"<{_type(x).__name__}>"


def _outcome(mod, g, args):
    mod.LOG.clear()
    try:
        r = ["ok", _canon(g(*args))]
    except Exception as e:
        frames = []
        tb = e.__traceback__
        while tb is not None:
            if frames or tb.tb_frame.f_code is g.__code__:
                frames.append([tb.tb_frame.f_code.co_name, tb.tb_lineno, scalars(tb.tb_frame.f_locals)])
            tb = tb.tb_next
        r = ["raise", _type(e).__name__, str(e), frames]
        del e, tb
    finally:
        sys.settrace(None)  # a test that turned tracing on and then raised
    log = _canon(_list(mod.LOG))
    mod.LOG.clear()
    return {"r": r, "log": log}


def run_batch(fid, modname, cases_b64):
    mod = _modules[modname]
    cases = json.loads(base64.b64decode(cases_b64).decode("utf-8"))
    out = []
    for sources in cases:
        out.append({v: _outcome(mod, g, _args(mod, sources)) for v, g in _variants[fid].items()})
    return json.dumps(out, ensure_ascii=True)
