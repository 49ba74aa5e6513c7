# passes: const-fold, simplify-cfg, dce
# The pre-2.5 conditional idiom `cond and 'a' or 'b'` (still common in the stdlib, e.g. locale.py):
# `or` tests the truth of the constant 'a', which cannot fail, so that test folds and the edge
# to 'b' after a true `cond` disappears.
def key(table, monetary):
    return table[monetary and 'mon_grouping' or 'grouping']
