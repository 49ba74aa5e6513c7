# passes: simplify-cfg
# A with statement: before_with, the body, the normal exit call and the exceptional exit through
# with_except_start; the landing blocks keep their catch at the start.
def f(lock, a):
    with lock:
        a.update()
    return a
