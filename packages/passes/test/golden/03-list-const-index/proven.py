# passes: list-const-index, dce
# Containers the types prove to be exact lists (list displays, `+` of two lists):
# loads and stores with a constant index become `list_item` / `list_store`, which keep the frame
# state (and unwind edge) of the subscript they replace: out of range, they raise its IndexError.
def display(a, b):
    lst = [a, b, 3]
    lst[0] = lst[-1]
    lst[-2] = 7
    return lst[0] + lst[1] + lst[2]

def concatenated(a):
    both = [a] + [a, a]
    return both[2]

def in_try(a):
    lst = [a]
    try:
        return lst[1]
    except IndexError:
        return None
