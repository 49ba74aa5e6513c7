# passes: builtin-types, dce
# `len(x)`: a guard that the global `len` still is the builtin, right before the CALL and with the
# CALL's frame state (the stack holds the loaded object, so a failing guard lets the interpreter
# redo just the CALL with whatever object the program loaded). The result is then an int for the
# type analysis. On a container the types prove exact (a list or tuple display here), the call
# becomes `seq_len` (a load of ob_size) and a box of it; on anything else (an argument) it stays a
# call, guarded and typed.
def sizes(a):
    lst = [a, a, a]
    t = (a, 1)
    return len(lst) + len(t), len(a)
