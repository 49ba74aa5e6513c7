// Python snippets, one construct each, for the front-end tests. Each is its own module; functions
// are named `f` unless a test says otherwise.

export const SNIPPETS: Readonly<Record<string, string>> = {
  args: `
def f(a, b=2, /, c=3, *args, d, e=5, **kw):
    return (a, b, c, args, d, e, kw)
`,
  locals: `
def f(x):
    y = x + 1
    y += 2
    z = y * x
    return z
`,
  ifElse: `
def f(x):
    if x > 0:
        r = 1
    elif x < 0:
        r = -1
    else:
        r = 0
    return r
`,
  whileLoop: `
def f(n):
    i = 0
    while i < n:
        i += 1
        if i == 3:
            continue
        if i == 7:
            break
    else:
        i = -1
    return i
`,
  forLoop: `
def f(xs):
    t = 0
    for x in xs:
        if x:
            break
        t += x
    else:
        t = -1
    return t
`,
  tryExcept: `
def f(x):
    try:
        y = 1 / x
    except ZeroDivisionError as e:
        y = str(e)
    except (TypeError, ValueError):
        y = None
    else:
        y += 1
    finally:
        x = 0
    return y
`,
  nestedTry: `
def f(x):
    try:
        try:
            return 1 / x
        except ZeroDivisionError:
            raise ValueError(x)
        finally:
            x += 1
    except ValueError as e:
        return e
`,
  exceptStar: `
def f(g, log):
    try:
        g()
    except* ValueError as eg:
        log.append(eg)
    except* TypeError:
        pass
    return log
`,
  withStatement: `
def f(cm, log):
    with cm as v, cm:
        log.append(v)
    return log
`,
  oddReturns: `
def f(xs, cm):
    for x in xs:
        try:
            with cm:
                if x:
                    return x
        finally:
            if x is None:
                return -1
    while True:
        return 0
`,
  deleted: `
def f(x):
    y = x
    del y
    return y
`,
  maybeUnbound: `
def f(c):
    if c:
        y = 1
    return y
`,
  augmented: `
def f(a, b):
    a += b
    a -= b
    a *= b
    a //= b
    a **= 2
    a <<= 1
    a |= b
    return a
`,
  chained: `
def f(a, b, c):
    return a < b <= c != 5
`,
  boolops: `
def f(a, b, c):
    return (a and b) or (not c)
`,
  calls: `
def f(g, xs, kw):
    return g(1, *xs, k=2, **kw), g(1, k=2), g(*xs), g()
`,
  attributes: `
def f(o, v):
    x = o.m(1, k=2)
    o.attr = o.attr + x
    o[0] = o[1:2]
    del o[0]
    del o.attr
    return o[::2]
`,
  comprehensions: `
def f(xs):
    a = [x * 2 for x in xs if x]
    b = {x: x for x in xs}
    c = {x for x in xs}
    d = sum(x for x in xs)
    return a, b, c, d
`,
  lambdas: `
def f(y):
    g = lambda x, z=y: x + y + z
    return g(1)
`,
  closures: `
def f(x):
    def inner(d):
        nonlocal x
        x += d
        return x
    inner(1)
    return inner, x
`,
  classBody: `
class C:
    a = 1
    b = a + 1

    def m(self):
        return self.a
`,
  classDeref: `
def f(x):
    class C:
        y = x
        def m(self):
            return x
    return C
`,
  fstrings: `
def f(x, w, s):
    return f'{x!r:>{w}} {x:.2f} {s!a} {s!s:^{w}} {{}} {x}'
`,
  unpacking: `
def f(xs):
    a, *b, c = xs
    *d, e = xs
    g, h = xs
    return a, b, c, d, e, g, h
`,
  assertion: `
def f(x):
    assert x, 'message'
    assert x > 1
`,
  globals: `
G = 0

def f():
    global G
    G += 1
    t = G
    del G
    return t
`,
  matching: `
class Point:
    __match_args__ = ('x', 'y')

def f(p):
    match p:
        case [a, *rest]:
            return a, rest
        case {'k': v, **others}:
            return v, others
        case Point(x, y=0) if x > 0:
            return x
        case int(n) | float(n):
            return n
        case str() as s:
            return s
        case None:
            return None
        case _:
            return p
`,
  raising: `
def f(x):
    try:
        if x:
            raise ValueError(x) from None
        raise KeyError
    except KeyError as e:
        raise RuntimeError('wrapped') from e
    except ValueError:
        raise
`,
  imports: `
def f():
    import os.path
    from os import sep as s, curdir
    return os.path, s, curdir
`,
  module: `
from os.path import *
import sys as _sys
x: int = 1
print(x)
del x
`,
  displays: `
def f(a, b, xs, d):
    return (a, b), [a, *xs], {a, *xs}, {a: b, **d}, {'k': a, 'l': b}, a[1:2:3], f'{a}{b}'
`,
  generator: `
def f():
    yield 1
`,
  coroutine: `
async def f():
    return 1
`,
  asyncGenerator: `
async def f():
    yield 1
`,
  longFunction: `
def f(x):
${Array.from({ length: 300 }, (_, i) => `    x = x + ${i}`).join("\n")}
    return x
`,
};
