# passes: const-fold, simplify-cfg, dce
# Operations that raise are never folded, so the program still raises: division and modulo by
# zero (ZeroDivisionError), negative shift counts (ValueError), 0 ** -1 (ZeroDivisionError).
# Inside a try block the raising instruction keeps its unwind edge and the handler stays.
def f():
    a = 1
    zero = 0
    return a // zero

def g():
    a = 1
    zero = 0
    return a % zero

def h():
    a = 1
    zero = 0
    return a / zero

def shift():
    a = 1
    minus = -1
    return a << minus

def power():
    zero = 0
    minus = -1
    return zero ** minus

def guarded():
    a = 1
    zero = 0
    try:
        return a // zero
    except ZeroDivisionError:
        return None
