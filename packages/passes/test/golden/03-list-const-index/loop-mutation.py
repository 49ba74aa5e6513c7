# passes: list-const-index, dce
# The list is resized between accesses in the loop (append, pop, slice assignment, del): nothing
# about its length or item array is assumed across instructions, each `list_item` reloads both.
# `lst` is a loop block parameter whose every incoming value is the list display: proven.
def f(n):
    lst = [0]
    total = 0
    i = 0
    while i < n:
        lst.append(i)
        total += lst[-1] + lst[0]
        if len(lst) > 3:
            del lst[1:]
            lst[:] = []
        lst.pop() if lst else lst.append(7)
        lst[0] = total
        i += 1
    return total, lst[0]
