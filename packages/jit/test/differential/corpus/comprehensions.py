# Comprehensions (nested code objects in 3.11, compiled too) and generator expressions consumed
# by list/tuple/sum/any/all/join; conditions, nesting, closures over arguments, exceptions raised
# inside the comprehension's own frame, walrus targets that bind in the enclosing function.


def _gen(n):
    for i in range(n):
        yield i * i
    return "done"


# inputs: iter
def listcomp(xs):
    return [x for x in xs]


# inputs: intlist
def listcomp_condition(xs):
    return [x * 2 for x in xs if x % 3]


# inputs: iter
def setcomp(xs):
    return {x for x in xs}


# inputs: iter
def dictcomp(xs):
    return {x: i for i, x in enumerate(xs)}


# inputs: smallint
def nested_comprehension(n):
    return [[i * j for j in range(i)] for i in range(n)]


# inputs: intlist
def genexpr_sum(xs):
    return sum(x * x for x in xs), tuple(x for x in xs if x > 0)


# inputs: iter
def genexpr_any_all(xs):
    ys = list(xs)
    return any(y for y in ys), all(y for y in ys)


# inputs: iter
def genexpr_join(xs):
    return ",".join(str(x) for x in xs)


# inputs: iter, num
def comprehension_closure(xs, k):
    return [x + k for x in xs]


# inputs: iter
def genexpr_raises(xs):
    return list(1 // x for x in xs)


# inputs: intlist
def comprehension_walrus(xs):
    found = [y for x in xs if (y := x * 2) > 3]
    return found, y


# inputs: smallint
def generator_function(n):
    # A generator itself: stays interpreted (reason "generator"); the harness lists what it yields.
    for i in range(n):
        yield i
    yield from _gen(2)


# inputs: smallint
def generator_consumer(n):
    g = _gen(n)
    first = next(g, "empty")
    rest = list(g)
    try:
        next(g)
    except StopIteration as e:
        stop = e.value
    return first, rest, stop


# inputs: dict
def dict_items_comprehension(d):
    return {v: k for k, v in d.items()}, sorted(k for k in d if isinstance(k, int))
