# passes: const-fold
# CPython's compiler folds literal arithmetic, but not arithmetic on locals: in the IR the locals
# are SSA values, so `x * 3` multiplies two constants, and the folds chain (the new constants have
# no co_consts index). The jump-free function shows each fold in place; dce is not run, so the
# operands stay.
def f():
    x = 2
    y = x * 3
    z = y + 4 - x
    return z

def bitwise():
    a = 12
    b = 10
    return a & b, a | b, a ^ b, a << 3, a >> 2, ~a, -a, a ** 3

def inplace():
    a = 7
    a += 5
    a *= 2
    a -= 30
    a //= 4
    return a
