# passes: builtin-types, unbox-numbers, dce
# What the typed result is for: once `range` is guarded, range(n) is a range, iter() of it a
# range_iterator, and unbox-numbers (OPT-5) runs the loop on int64 (`range_next`). Without the
# guard the loop stays a generic FOR_ITER over whatever `range` returned (see the docs page).
def f(n):
    s = 0
    for i in range(n):
        s = s + i
    return s
