# passes: list-const-index, dce
# arg-types: list, -, -
# specialized: 44 BINARY_SUBSCR_LIST_INT, 62 STORE_SUBSCR_LIST_INT
# Containers the profile says are lists: the argument `lst` was a list at the call that made the
# function hot (arg-types), and the interpreter specialized `other[0]` (offset 44) and
# `other[1] = ...` (offset 62). A `guard_type <list>` before the access deoptimizes for anything
# else (a tuple, a list subclass); the accesses it dominates need no guard of their own.
# `other[-1]` (offset 72) is not specialized by 3.11 (negative index): the guard of offset 44
# dominates it.
def f(lst, other, unused):
    lst[0] = lst[1]
    n = lst[-1]
    m = other[0]
    other[1] = m
    return n, other[-1], unused[0]
