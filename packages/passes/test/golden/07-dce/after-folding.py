# passes: const-fold, simplify-cfg, dce
# The full default pipeline: folding leaves the constants it read and the cbools of folded
# branches unused, and dce sweeps them (those still stored to a local stay: store_local reads them).
def f(a):
    width = 8
    height = 4
    area = width * height
    if area > 16:
        return a + area
    return a
