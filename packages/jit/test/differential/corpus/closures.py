# Closures: cells and free variables, nonlocal, late binding in loops, default-argument capture,
# three levels of nesting, deleted and never-bound cells, class bodies reading enclosing cells.


# inputs: num, num
def adder(a, b):
    def add(x):
        return x + a
    return add(b)


# inputs: smallint
def nonlocal_counter(n):
    c = 0

    def inc():
        nonlocal c
        c += 1
        return c
    for _ in range(n):
        inc()
    return c


# inputs: smallint
def late_binding(n):
    fs = [lambda: i for i in range(n)]
    return [f() for f in fs]


# inputs: smallint
def default_capture(n):
    fs = [lambda i=i: i * 2 for i in range(n)]
    return [f() for f in fs]


# inputs: any
def three_levels(a):
    x = [a]

    def middle():
        y = len(x)

        def inner():
            nonlocal y
            y += 1
            x.append(y)
            return x
        return inner()
    return middle(), x


# inputs: any
def deleted_cell(x):
    def inner():
        return x
    del x
    return inner()


# inputs: bool
def never_bound_cell(flag):
    if flag:
        v = 1

    def g():
        return v
    return g()


# inputs: any
def cell_argument_rebound(a):
    def get():
        return a
    first = get()
    a = [a, "rebound"]
    return first, get()


# inputs: smallint
def recursive_inner(n):
    def fact(k):
        return 1 if k <= 1 else k * fact(k - 1)
    return fact(n)


# inputs: any
def class_reads_cell(v):
    class C:
        attr = v

        def m(self):
            return v
    return C.attr, C().m()


# inputs: smallint, any
def closure_list_of_counters(n, start):
    def make(k):
        total = start

        def step():
            nonlocal total
            total = (total, k)
            return total
        return step
    steps = [make(k) for k in range(n)]
    return [s() for s in steps][-1:] if steps else None
