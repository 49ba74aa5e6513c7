# Frame introspection of compiled frames: locals(), sys._getframe() (f_locals, f_lineno, f_back,
# f_code), frames kept alive by tracebacks, eval() reading locals, trace functions (compiled code
# only runs while nothing traces; a trace set mid-call must still see what the interpreter shows).

import sys
import traceback


def _caller_locals():
    f = sys._getframe(1)
    return sorted((k, repr(v)) for k, v in f.f_locals.items())


def _frame_names(depth):
    f = sys._getframe(1)
    out = []
    while f is not None and len(out) < depth:
        out.append((f.f_code.co_name, f.f_lineno))
        f = f.f_back
    return out


# inputs: any, any
def locals_snapshot(a, b):
    x = [a]
    y = (b, x)
    first = sorted(locals())
    del x
    z = len(y)
    return first, sorted(locals()), z


# inputs: any
def frame_locals_from_callee(a):
    total = 0
    for i in range(3):
        total += i
    seen = _caller_locals()
    a = "rebound"
    return seen, _caller_locals()


# inputs: smallint
def frame_lineno(n):
    lines = [sys._getframe().f_lineno]
    for i in range(n % 3):
        lines.append(sys._getframe().f_lineno)
    lines.append(sys._getframe().f_lineno)
    return lines


# inputs: any
def frame_chain(x):
    def inner():
        return _frame_names(2)
    return inner(), _frame_names(1)


# inputs: num
def traceback_frame_locals(x):
    y = x * 2
    try:
        z = 1 / x
        return z, y
    except ZeroDivisionError:
        tb = sys.exc_info()[2]
        frame = tb.tb_frame
        return sorted((k, repr(v)) for k, v in frame.f_locals.items() if k != "tb" and k != "frame")


# inputs: num, num
def eval_reads_locals(a, b):
    c = a
    return eval("c + b"), eval("[c, b]"), eval("locals()['a']")


# inputs: smallint
def extract_stack_positions(n):
    def inner(k):
        return [(s.name, s.lineno, s.end_lineno, s.colno, s.end_colno) for s in traceback.extract_stack(limit=3)]
    return inner(n), inner(n + 1)[0]


# inputs: smallint
def settrace_inside(n):
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name in ("_traced_helper", "settrace_inside"):
            events.append((frame.f_code.co_name, event, frame.f_lineno))
        return tracer
    sys.settrace(tracer)
    try:
        r = _traced_helper(n)
    finally:
        sys.settrace(None)
    return r, events


def _traced_helper(n):
    total = 0
    for i in range(n % 4):
        total += i
    return total


# inputs: smallint
def trace_current_frame(n):
    # Tracing switched on for the running frame itself: the interpreter reports its line events.
    events = []

    def tracer(frame, event, arg):
        events.append((event, frame.f_lineno - frame.f_code.co_firstlineno))
        return tracer
    sys.settrace(tracer)
    sys._getframe().f_trace = tracer
    total = 0
    for i in range(n % 3):
        total += i
    sys.settrace(None)
    return total, events


# inputs: any
def frame_clear_after_exception(x):
    try:
        raise ValueError(x)
    except ValueError as e:
        tb = e.__traceback__
    names = []
    while tb is not None:
        names.append(tb.tb_frame.f_code.co_name)
        tb = tb.tb_next
    return names


# inputs: smallint
def locals_in_comprehension(n):
    return [sorted(locals()) for i in range(n % 3)], sorted(locals())
