# passes: fast-locals
# A function that names locals (or vars, dir, exec, eval, _getframe, f_locals, settrace...) is
# left exactly as the front end built it.
def f(a):
    x = 1
    x = 2
    return locals()
