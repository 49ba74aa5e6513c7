# passes: const-fold, dce
# Comparisons of two ints, two floats or two strs. Strs are compared by code point; a str holding
# a surrogate code unit is not folded, because the marshal reader cannot tell an astral character
# from the two surrogates it pairs into ('\U0001f600' == '\ud83d\ude00' is False in Python).
def ints():
    a = 10
    b = 1000000000000000000000
    return a < b, a <= b, a == b, a != b, a > b, a >= b

def strs():
    a = 'apple'
    b = 'apricot'
    e = ''
    return a < b, a == a, b >= a, e < a, a != b

def surrogates():
    emoji = '\U0001f600'
    pair = '\ud83d\ude00'
    high = '\uffff'
    return emoji == pair, high < emoji
