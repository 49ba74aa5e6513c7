# passes: const-fold, simplify-cfg, dce
# The truth of None, bool, int, float, complex, str, bytes, tuple and Ellipsis constants cannot
# fail or run Python code: the branches fold and the dead arms disappear.
def f():
    n = None
    zero = 0
    nan = 1e400 - 1e400
    empty = ''
    data = b'x'
    t = (1, 2)
    j = 0j
    e = ...
    out = []
    if n:
        out.append('None')
    if zero:
        out.append('0')
    if nan:
        out.append('nan')
    if empty:
        out.append("''")
    if data:
        out.append("b'x'")
    if t:
        out.append('(1, 2)')
    if j:
        out.append('0j')
    if e:
        out.append('...')
    return out

def chain(a):
    x = 4
    if x * 3 > 10 and a:
        return 1
    return 2
