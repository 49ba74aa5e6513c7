# passes: simplify-cfg
# Loops keep their shape: the header is entered by the loop's entry and its back edge (the
# block with check_eval_breaker), so it is not merged; the blocks inside are.
def f(n):
    i = 0
    total = 0
    while i < n:
        if i % 3:
            total += i
        i += 1
    return total

def nested(rows):
    out = []
    for row in rows:
        for cell in row:
            if cell is None:
                break
            out.append(cell)
        else:
            out.append(None)
    return out
