# Loops: for/while with break, continue and else; nested loops; ranges with steps (and a zero
# step); early returns; loops over one-shot, failing and mutating iterables; int and float
# accumulators that overflow into bignums.


# inputs: iter, any
def search_with_else(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            break
    else:
        return "not found"
    return i


# inputs: smallint
def while_continue(n):
    i = 0
    odd = []
    while i < n:
        i += 1
        if i % 2 == 0:
            continue
        odd.append(i)
    return odd


# inputs: smallint, smallint
def nested_break(n, m):
    pairs = []
    for i in range(n):
        for j in range(m):
            if j > i:
                break
            if (i + j) % 3 == 0:
                continue
            pairs.append((i, j))
        else:
            pairs.append("inner done")
    return pairs


# inputs: smallint, smallint, smallint
def range_step(a, b, c):
    total = 0
    for i in range(a, b, c):
        total += i
    return total


# inputs: iter
def early_return(xs):
    for x in xs:
        if isinstance(x, str):
            return ("str", x)
    return None


# inputs: iter, iter
def enumerate_zip(xs, ys):
    out = []
    for i, (x, y) in enumerate(zip(xs, ys)):
        out.append((i, x, y))
    return out


# inputs: smallint
def while_else(n):
    k = n
    while k > 0:
        k -= 3
        if k == 1:
            break
    else:
        return ("else", k)
    return ("break", k)


# inputs: intlist
def loop_with_try(xs):
    total = 0
    count = 0
    for x in xs:
        try:
            total += 1000 // x
        except ZeroDivisionError:
            continue
        finally:
            count += 1
    return total, count


# inputs: dict
def mutate_while_iterating(d):
    for k in d:
        d[str(k) + "!"] = 1
    return d


# inputs: iter
def loop_variable_after(xs):
    for x in xs:
        pass
    return x


# inputs: smallint
def int_loop_overflow(n):
    x = 1
    for i in range(n * 10):
        x = x * 3 + i
    return x


# inputs: smallint, float
def float_loop(n, f):
    acc = f
    for i in range(n):
        acc = acc * 0.5 + i / (n or 1)
    return acc


# inputs: smallint
def while_true_break(n):
    i = 0
    while True:
        i += 1
        if i >= n:
            break
    return i
