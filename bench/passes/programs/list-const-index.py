# pass: list-const-index
# Constant-index loads from small lists (points as [x, y]).
def kernel(points):
    s = 0.0
    for p in points:
        s += p[0] * p[1]
    return s


ARGS = ([[i * 0.5, i * 0.25] for i in range(1000)],)
