# Arithmetic: every BINARY_OP operator and its in-place form, int/float/bignum/mixed expressions,
# values next to the int64 boundary, overflow into bignums inside loops.
# Each function under test is preceded by `# inputs: kind, ...` (see harness.ts).


# inputs: num, num
def add(a, b):
    return a + b


# inputs: num, num
def sub(a, b):
    return a - b


# inputs: num, num
def mul(a, b):
    return a * b


# inputs: num, num
def truediv(a, b):
    return a / b


# inputs: num, num
def floordiv(a, b):
    return a // b


# inputs: num, num
def mod(a, b):
    return a % b


# inputs: num, exp
def power(a, b):
    return a ** b


# inputs: num, shift
def lshift(a, b):
    return a << b


# inputs: num, shift
def rshift(a, b):
    return a >> b


# inputs: num, num
def bitand(a, b):
    return a & b


# inputs: num, num
def bitor(a, b):
    return a | b


# inputs: num, num
def bitxor(a, b):
    return a ^ b


# inputs: any, any
def matmul(a, b):
    return a @ b


# inputs: num, num
def iadd(a, b):
    x = a
    x += b
    return x, a


# inputs: num, num
def isub(a, b):
    x = a
    x -= b
    return x


# inputs: num, num
def imul(a, b):
    x = a
    x *= b
    return x


# inputs: num, num
def itruediv(a, b):
    x = a
    x /= b
    return x


# inputs: num, num
def ifloordiv(a, b):
    x = a
    x //= b
    return x


# inputs: num, num
def imod(a, b):
    x = a
    x %= b
    return x


# inputs: num, exp
def ipow(a, b):
    x = a
    x **= b
    return x


# inputs: num, shift
def ilshift(a, b):
    x = a
    x <<= b
    return x


# inputs: num, shift
def irshift(a, b):
    x = a
    x >>= b
    return x


# inputs: num, num
def ibitops(a, b):
    x = a
    x &= b
    y = a
    y |= b
    z = a
    z ^= b
    return x, y, z


# inputs: any, any
def imatmul(a, b):
    x = a
    x @= b
    return x


# inputs: seq, iter
def iadd_sequence(xs, ys):
    # += on a list extends it in place (a side effect on the argument); on a tuple/str rebinds.
    zs = xs
    zs += ys
    return zs is xs, zs


# inputs: int
def near_int64(a):
    return a + 1, a - 1, a * 2, -a, a // 2, a % 7, a * a, a << 1, a >> 1, ~a, abs(a)


# inputs: int, int
def int_mix(a, b):
    return (a + b) * 3 - (a - b), (a * b) % 1000003, a ^ b | (a & b)


# inputs: float
def float_poly(x):
    return 3.0 * x * x - 2.5 * x + 1.0, x / 3.0, x % 2.0, x // 0.5, -x * 0.0


# inputs: int, float
def int_float_mix(a, b):
    return a + b, a * b, a - b, b - a, a / b


# inputs: float, float
def float_division_rules(a, b):
    out = []
    for op in range(3):
        try:
            if op == 0:
                out.append(a / b)
            elif op == 1:
                out.append(a // b)
            else:
                out.append(a % b)
        except ZeroDivisionError as e:
            out.append(str(e))
    return out


# inputs: smallint
def overflow_in_loop(n):
    acc = 2 ** 62
    for i in range(n):
        acc += i * (2 ** 60)
        acc = acc * 3 - acc // 2
    return acc, acc > 2 ** 63


# inputs: smallint
def big_constant_in_loop(n):
    # A loop-carried int that starts beyond int64, compared with another such constant.
    acc = 2 ** 64
    for i in range(n):
        acc = acc - i
    return acc, acc > 2 ** 63 + 1, acc * 0.5 < 2 ** 63 + 1


# inputs: smallint
def float_accumulate(n):
    total = 0.0
    x = 0.1
    for i in range(n * 5):
        total += x * i
        x = x * 1.5 - 0.01
    return total, x


# inputs: int, int, int
def compound_expr(a, b, c):
    return (a + b) * c - a // (b or 1) + c % (a or 7) - (a ** 2 if abs(a) < 2 ** 40 else 0)


# inputs: num
def unary_and_binary(a):
    return -a + a * 2, (a + 1) ** 2 if not isinstance(a, complex) else a


# inputs: smallint
def power_then_arith(k):
    # `2 ** int(k)` is an int, or a float when k < 0: what is computed from it is either, and
    # compiled code may assume neither (a float result where the interpreter has an int).
    n = 2 ** int(k)
    big = n * 2 ** 1000
    product = big * (big - 1) // 2
    return n - 1, type(product).__name__, product == n * 2 ** 999 * (big - 1), n + 0.5
