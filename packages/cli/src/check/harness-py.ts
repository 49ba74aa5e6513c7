// The Python side of `pyjc check`, loaded once into the embedded interpreter as the module
// `_pyjc_check`. Its code objects carry the filename HARNESS_FILENAME, and the check's compile
// host refuses every code object with that filename: the harness always runs interpreted, so a
// wrong pass can never break the machinery that judges it.
//
// One call of `run(payload)` runs one generated program one way (one variant):
//   - a fresh module namespace named `__main__`, starting from the prelude namespace of this
//     variant (PRELUDE executed once per variant and shared: its classes keep no state);
//   - the program's functions are defined with the JIT on (compiled variants) or off;
//   - for each function, `threshold` warm-up calls (the inputs in rotation) let the adaptive
//     interpreter specialize and make the function hot, so the call after them is compiled with
//     a profile, as `pyjc --threshold N` would; then each input is called once and its outcome
//     recorded: result, exception, output, the arguments and the module's data globals after
//     the call, or a timeout.
// The JIT is switched on only around the calls into generated code (and the definitions), so
// nothing else the harness runs (stdlib code included) is counted or compiled.
//
// Timeouts: an interval timer ticks every TICK seconds while generated code runs; a tick during
// which the JIT compiled something does not count (compiling runs inside the call that made the
// function hot). After `timeout` seconds of counted ticks the handler raises _Timeout, and the
// outcome is a timeout even if the generated code caught it.

/** co_filename of the harness's code: never compiled. */
export const HARNESS_FILENAME = "<pyjc-check-harness>";
/** co_filename of the generated programs (what tracebacks and records show). */
export const PROGRAM_FILENAME = "pyjc_check_program.py";

export const HARNESS_PY = String.raw`
import base64
import builtins
import io
import json
import re
import signal
import sys
import types

import pyjc

PROGRAM_FILENAME = ${JSON.stringify(PROGRAM_FILENAME)}
HARNESS_FILENAME = ${JSON.stringify(HARNESS_FILENAME)}
ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")
TICK = 0.25
MAX_TEXT = 4000


class _Timeout(BaseException):
    pass


_timer = {"left": 0, "fired": False, "requests": 0}


def _tick(signum, frame):
    requests = pyjc.status()["compile_requests"]
    if requests != _timer["requests"]:
        _timer["requests"] = requests
        return
    _timer["left"] -= 1
    if _timer["left"] <= 0 and not _timer["fired"]:
        _timer["fired"] = True
        raise _Timeout()


signal.signal(signal.SIGALRM, _tick)


def _arm(timeout):
    _timer["left"] = max(1, int(timeout / TICK + 0.5))
    _timer["fired"] = False
    _timer["requests"] = pyjc.status()["compile_requests"]
    signal.setitimer(signal.ITIMER_REAL, TICK, TICK)


def _disarm():
    signal.setitimer(signal.ITIMER_REAL, 0, 0)
    _timer["left"] = 1 << 60  # a tick already on its way must not raise in the harness


def _mask(text):
    text = ADDRESS.sub("0x?", text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "...(%d more characters)" % (len(text) - MAX_TEXT)


def _tname(t):
    return t.__qualname__ if t.__module__ == "builtins" else "%s.%s" % (t.__module__, t.__qualname__)


def _safe(fn, x):
    try:
        return _mask(fn(x))
    except BaseException as e:
        return "<%s raised %s: %s>" % (fn.__name__, type(e).__name__, _mask(str(e)))


def canon(x, depth=0, seen=frozenset()):
    """Type and value, recursively for builtin containers (so 1 and True, 1 and 1.0, -0.0 and
    0.0 differ at any depth); addresses masked."""
    t = type(x)
    tn = _tname(t)
    if depth > 8:
        return tn + ":<deep>"
    if t in (list, tuple, set, frozenset, dict):
        if id(x) in seen:
            return tn + ":<cycle>"
        seen = seen | {id(x)}
        if t is dict:
            items = ["%s: %s" % (canon(k, depth + 1, seen), canon(v, depth + 1, seen)) for k, v in x.items()]
            return tn + ":{" + ", ".join(items) + "}"
        items = [canon(i, depth + 1, seen) for i in x]
        if t in (set, frozenset):
            items.sort()
        return tn + ":[" + ", ".join(items) + "]"
    return tn + ":" + _safe(repr, x)


def _show(x):
    return {"type": _tname(type(x)), "repr": _safe(repr, x), "canon": canon(x)}


def _exception(e):
    return {"type": _tname(type(e)), "message": _safe(str, e)}


def _data_globals(ns):
    out = {}
    for k in sorted(ns):
        v = ns[k]
        if k.startswith("_") or isinstance(v, (types.ModuleType, types.FunctionType, type, types.BuiltinFunctionType)):
            continue
        out[k] = canon(v)
    return out


def _pack_args(*args, **kwargs):
    return args, kwargs


def _run_generated(fn, args, kwargs, jit, timeout):
    """fn(*args, **kwargs) with the JIT on (if jit), the timer armed and output captured."""
    out = io.StringIO()
    saved = sys.stdout, sys.stderr
    result = error = None
    ok = False
    try:
        try:
            sys.stdout = sys.stderr = out
            _arm(timeout)
            if jit:
                pyjc.enable()
            try:
                result = fn(*args, **kwargs)
                ok = True
            except BaseException as e:
                error = e
            finally:
                if jit:
                    pyjc.disable()
                _disarm()
        except _Timeout:
            pass
    finally:
        pyjc.disable()
        _disarm()
        sys.stdout, sys.stderr = saved
    if _timer["fired"]:
        return None, None, False, out.getvalue(), True
    return result, error, ok, out.getvalue(), False


_preludes = {}


def _prelude(variant, source, jit, timeout):
    ns = _preludes.get(variant)
    if ns is None:
        ns = {"__name__": "__main__", "__builtins__": builtins}
        code = compile(source, PROGRAM_FILENAME, "exec", dont_inherit=True)
        _, error, _, _, timed_out = _run_generated(exec, (code, ns), {}, jit, timeout)
        if error is not None or timed_out:
            raise RuntimeError("the prelude failed in variant %s: %r" % (variant, error))
        _preludes[variant] = ns
    return ns


def run(payload):
    p = json.loads(base64.b64decode(payload).decode("utf-8"))
    jit, timeout, threshold = p["jit"], p["timeout"], p["threshold"]
    ns = dict(_prelude(p["variant"], p["prelude"], jit, timeout))
    report = {"module": None, "calls": [], "functions": {}}
    try:
        code = compile(p["source"], PROGRAM_FILENAME, "exec", dont_inherit=True)
    except SyntaxError as e:  # a reduction step can make one (a nonlocal without its binding)
        report["module"] = {"timeout": False, "exception": _exception(e)}
        return json.dumps(report)
    _, error, _, _, timed_out = _run_generated(exec, (code, ns), {}, jit, timeout)
    if error is not None or timed_out:
        report["module"] = {"timeout": timed_out, "exception": None if error is None else _exception(error)}
        return json.dumps(report)
    for fname, calls in p["calls"]:
        fn = ns[fname]
        packed = [compile("_pack_args(%s)" % c, HARNESS_FILENAME, "eval", dont_inherit=True) for c in calls]

        def fresh(i):
            return eval(packed[i], {"_pack_args": _pack_args, "__builtins__": builtins})

        for i in range(threshold):
            args, kwargs = fresh(i % len(calls))
            _run_generated(fn, args, kwargs, jit, timeout)
        for i, text in enumerate(calls):
            args, kwargs = fresh(i)
            result, error, ok, output, timed_out = _run_generated(fn, args, kwargs, jit, timeout)
            report["calls"].append({
                "function": fname,
                "args": text,
                "timeout": timed_out,
                "result": _show(result) if ok else None,
                "exception": _exception(error) if error is not None else None,
                "output": _mask(output),
                "argsAfter": None if timed_out else canon([list(args), kwargs]),
                "globals": None if timed_out else _data_globals(ns),
            })
            del result, error
        info = pyjc.info(fn)
        report["functions"][fname] = {k: info[k] for k in ("state", "compiled_runs", "deopts")}
    ns.clear()  # breaks the functions <-> globals cycles: the code objects and their machine code go
    return json.dumps(report)
`;
