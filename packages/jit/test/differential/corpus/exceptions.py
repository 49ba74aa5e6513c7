# Exceptions: try/except/else/finally (nested, in loops), bare re-raise, raise from / from None,
# exceptions in finally and in handlers (context chains), return in finally, tuple handlers,
# the handler's name deleted after the block, raising non-exceptions, exception groups and except*.

import sys


class Custom(Exception):
    def __str__(self):
        return f"Custom<{self.args!r}>"


# inputs: num
def try_except_else_finally(x):
    steps = []
    try:
        r = 10 / x
    except ZeroDivisionError as e:
        steps.append("except")
        r = str(e)
    else:
        steps.append("else")
    finally:
        steps.append("finally")
        print("finally ran", len(steps))
    return r, steps


# inputs: any
def nested_try(x):
    try:
        try:
            return int(x)
        except ValueError:
            return float(x)
        finally:
            print("inner finally")
    except (TypeError, ValueError) as e:
        return type(e).__name__
    finally:
        print("outer finally")


# inputs: any
def bare_reraise(x):
    try:
        return int(x)
    except ValueError:
        print("re-raising")
        raise


# inputs: any
def raise_from(x):
    try:
        return x[0]
    except Exception as e:
        raise KeyError("wrapped") from e


# inputs: any
def raise_from_none(x):
    try:
        return x[0]
    except Exception:
        raise LookupError("no context") from None


# inputs: any
def exception_in_finally(x):
    try:
        return 1 / x
    finally:
        if x == 0:
            raise ValueError("from finally")


# inputs: any
def return_in_finally(x):
    try:
        raise ValueError(x)
    finally:
        return "swallowed"  # noqa: B012


# inputs: any
def handler_name_deleted(x):
    try:
        raise ValueError(x)
    except ValueError as e:
        pass
    return e  # noqa: F821 - UnboundLocalError: `e` is deleted at the end of the handler


# inputs: smallint
def raise_kinds(k):
    if k == 0:
        raise ValueError
    if k == 1:
        raise ValueError("instance")
    if k == 2:
        raise 5
    if k == 3:
        raise ValueError from 5
    if k == 4:
        raise StopIteration("stop")
    if k == 5:
        raise Custom(1, "two")
    if k == 6:
        raise  # no active exception: RuntimeError
    if k == 7:
        raise KeyboardInterrupt
    return k


# inputs: any
def context_chain(x):
    try:
        try:
            raise KeyError(x)
        except KeyError:
            raise TypeError("during handling")
    except TypeError as e:
        return type(e.__context__).__name__, e.__context__.args, e.__suppress_context__


# inputs: intlist
def try_in_loop(xs):
    out = []
    for x in xs:
        try:
            if x < 0:
                continue
            if x > 40:
                break
            out.append(100 // x)
        except ZeroDivisionError:
            out.append("zero")
        finally:
            out.append("f")
    return out


# inputs: any
def exc_info_in_handler(x):
    try:
        x.missing_attribute
    except AttributeError as e:
        t, v, tb = sys.exc_info()
        return t.__name__, v is e, e.name, tb.tb_lineno > 0
    return sys.exc_info()


# inputs: tiny
def except_star_basic(k):
    excs = [ValueError(1), TypeError(2), KeyError(3)]
    handled = []
    try:
        raise ExceptionGroup("eg", excs[:k])
    except* ValueError as eg:
        handled.append(("value", [repr(e) for e in eg.exceptions]))
    except* TypeError as eg:
        handled.append(("type", len(eg.exceptions)))
    return handled


# inputs: tiny
def except_star_reraise(k):
    try:
        try:
            raise ExceptionGroup("outer", [ValueError(k), ExceptionGroup("inner", [TypeError(k)])])
        except* ValueError:
            if k > 1:
                raise
        except* TypeError as eg:
            raise RuntimeError("from handler") from eg
    except BaseException as e:
        return type(e).__name__, str(e)


# inputs: any
def exception_group_of(x):
    eg = ExceptionGroup("msg", [ValueError(x), TypeError("t")])
    match, rest = eg.split(ValueError)
    return repr(match), repr(rest), str(eg)


# inputs: any
def custom_exception(x):
    try:
        raise Custom(x)
    except Custom as e:
        return str(e), e.args


# inputs: any
def exception_notes(x):
    try:
        e = ValueError(x)
        e.add_note(f"note {x!r}")
        raise e
    except ValueError as err:
        err.add_note("second")
        raise


# inputs: any
def handler_raises_new(x):
    try:
        {}[x]
    except KeyError:
        return [][0]
