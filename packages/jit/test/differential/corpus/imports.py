# Imports inside functions: `import m`, `import a.b as c`, `from m import x, y`, failing imports
# (ModuleNotFoundError, ImportError with name/path), repeated imports in a loop.


# inputs: num
def import_math(x):
    import math
    return math.floor(x), math.isnan(x) if isinstance(x, float) else None


# inputs: str
def from_import(s):
    from os.path import join, basename
    return basename(join("dir", s))


# inputs: any
def import_as(x):
    import collections.abc as cabc
    return isinstance(x, cabc.Sequence), isinstance(x, cabc.Hashable)


# inputs: bool
def import_missing(flag):
    if flag:
        import no_such_module_pyjc_xyz  # noqa: F401
    return "skipped"


# inputs: bool
def from_import_missing(flag):
    if flag:
        from math import no_such_name_xyz  # noqa: F401
    return "skipped"


# inputs: smallint
def import_in_loop(n):
    out = []
    for i in range(n):
        import json
        out.append(json.dumps([i, "é"]))
    return out


# inputs: any
def import_and_use(x):
    from functools import reduce
    import operator as op
    return reduce(op.add, [1, 2, 3], 0), op.itemgetter(0)(x)
