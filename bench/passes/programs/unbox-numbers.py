# pass: unbox-numbers
# Float arithmetic in a range loop: native doubles, no float objects inside the loop.
def kernel(n, x):
    s = 0.0
    for i in range(n):
        s = s * x + 1.0
    return s


ARGS = (1000, 0.999)
