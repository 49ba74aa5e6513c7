# Globals and builtins: reads, `global` writes, creating and deleting globals, a global that
# shadows a builtin (and `del` of it, which uncovers the builtin again), NameError.
# The harness resets these globals before every call, so each case starts from this state.

COUNTER = 0
ITEMS = []
TABLE = {"a": 1}
abs = lambda x: ("shadowed abs", x)  # noqa: E731 - a module global that shadows a builtin


# inputs: any
def read_globals(x):
    return COUNTER, ITEMS, TABLE.get("a"), x


# inputs: any
def write_globals(x):
    global COUNTER
    COUNTER += 1
    ITEMS.append(x)
    TABLE[str(COUNTER)] = x
    return COUNTER


# inputs: smallint
def shadow_then_unshadow(n):
    global len
    len = lambda x: -1  # noqa: E731
    r1 = len([0] * n)
    del len
    r2 = len([0] * n)
    return r1, r2


# inputs: smallint
def shadowed_at_module_level(n):
    # `abs` is the module's global here, not the builtin.
    return abs(-n)


# inputs:
def del_global_then_read():
    global TEMP
    TEMP = 5
    del TEMP
    return TEMP


# inputs: any
def builtin_calls(x):
    return type(x).__name__, isinstance(x, (int, float)), callable(x), len(repr(x)) > 0


# inputs: bool
def missing_global(flag):
    if flag:
        return undefined_name_xyz  # noqa: F821
    return "fine"


# inputs: any
def create_global(x):
    global CREATED
    CREATED = [x]
    CREATED.append(x)
    return CREATED


# inputs: smallint
def global_in_loop(n):
    global COUNTER
    for i in range(n):
        COUNTER += i
        if COUNTER > 20:
            break
    return COUNTER


# inputs: any
def delete_builtin_shadow_missing(x):
    # `del` of a global that does not exist: NameError, even though a builtin of that name exists.
    global print
    if x:
        del print
    return "no del"
