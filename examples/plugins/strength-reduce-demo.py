# A program for the strength-reduce example plugin (docs/writing-a-pass.md walks through both).
#
#   pyjc ir examples/plugins/strength-reduce-demo.py --plugin examples/plugins/strength-reduce.mjs --function sum_of_squares
#   pyjc --threshold 10 --stats --plugin examples/plugins/strength-reduce.mjs examples/plugins/strength-reduce-demo.py


def sum_of_squares(n):
    # i starts as 0 and only ever has 1 added: an int the types prove, no guard needed.
    total = 0
    i = 0
    while i < n:
        total += i ** 2
        i += 1
    return total


def sum_of_squares_range(n):
    # Left alone: `for i in range(n)` yields ints, but the types only prove it once unbox-numbers
    # has guarded the range iterator, which runs after this pass.
    total = 0
    for i in range(n):
        total += i ** 2
    return total


def buckets(values):
    # len() of a list is an int the types prove; v is whatever the list holds: left alone.
    counts = [0, 0, 0, 0]
    for v in values:
        counts[v % 4] += 1
    return counts, len(values) % 8


def area(side):
    # side is an argument: the profile says int once the function is hot, so the rewrite is
    # speculated behind a guard, and a float argument later deoptimizes to the interpreter.
    return side ** 2


checksum = 0
for n in range(20):
    checksum += sum_of_squares(n * 50) + sum_of_squares_range(n * 50)
    checksum += buckets(list(range(-n, n)))[1]
    checksum += area(n)
print(checksum)
print(sum_of_squares(1000), buckets([7, -7, 12, 13]), area(-3))
print(area(2.5))  # a float: the guard fails, and the interpreter computes 6.25
