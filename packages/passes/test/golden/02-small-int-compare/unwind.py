# passes: small-int-compare, dce
# Inside `try`, the compare and the `truth` of its result had unwind edges; the small-int compare
# cannot raise, so they go, and the handler with them when nothing else in the range raises.
def f(a):
    x = 1 if a else 2
    try:
        if x == 1:
            return 1
    except TypeError:
        return 2
    return 3
