# pass: unbox-numbers
# Int arithmetic in a range loop: overflow-checked int64.
def kernel(n):
    s = 0
    for i in range(n):
        s += i * i % 7
    return s


ARGS = (1000,)
