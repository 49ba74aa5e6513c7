# passes: simplify-cfg
# A block that holds only a jump is skipped by the edges into it (its parameters replaced by the
# edge's arguments), then removed once nothing enters it.
def f(a, b):
    if a:
        if b:
            x = 1
        else:
            pass
    else:
        x = 2
    try:
        return x
    finally:
        pass

def loop(items):
    total = 0
    for item in items:
        if item:
            continue
        total += 1
    return total
