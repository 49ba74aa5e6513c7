# with-statements: __enter__/__exit__ order, exceptions in the body suppressed or not by __exit__
# (whose truthiness may itself raise), exceptions raised by __enter__/__exit__, return, break and
# continue through a with block, several context managers in one statement, non-context-managers.

import io


# inputs: cm
def with_basic(cm):
    with cm as v:
        r = ("body", v)
    return r


# inputs: cm, any
def with_raise_in_body(cm, x):
    with cm:
        raise ValueError(x)
    return "after with (suppressed)"


# inputs: cm, cm
def with_two_managers(a, b):
    with a as x, b as y:
        return x, y


# inputs: cm, smallint
def with_in_loop(cm, n):
    out = []
    for i in range(n):
        with cm:
            if i == 2:
                break
            if i % 2:
                continue
            out.append(i)
    return out


# inputs: cm, num
def with_division(cm, x):
    with cm:
        return 1 / x


# inputs: str
def with_stringio(s):
    with io.StringIO(s) as f:
        first = f.read(2)
        rest = f.read()
    return first, rest, f.closed


# inputs: cm, cm, any
def nested_with_exception(a, b, x):
    try:
        with a:
            with b:
                raise KeyError(x)
    except KeyError as e:
        return "outer caught", e.args
    return "nothing escaped"
