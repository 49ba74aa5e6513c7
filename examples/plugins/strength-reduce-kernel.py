# pass: strength-reduce
# A kernel for measuring the example plugin with bench/passes/gain.mjs (docs/writing-a-pass.md):
#   node bench/passes/gain.mjs --plugin examples/plugins/strength-reduce.mjs --program examples/plugins/strength-reduce-kernel.py
def kernel(n):
    total = 0
    i = 0
    while i < n:
        total += i ** 2 + i % 8
        i += 1
    return total


ARGS = (1000,)
