# f-strings and formatting: conversions !r !s !a, format specs (nested, invalid), str.format,
# %-formatting, format(), __format__/__str__ that raise or return non-strs.


# inputs: any
def fstring_conversions(a):
    return f"{a}", f"{a!r}", f"{a!s}", f"{a!a}"


# inputs: num, smallint
def fstring_spec(x, w):
    return f"{x:>{w}}", f"{x:.3}", f"[{x!r:^{w + 4}}]"


# inputs: float, smallint
def fstring_nested_spec(x, p):
    return f"{x:{p}.{p}f}", f"{x:e}", f"{x:%}"


# inputs: any, any
def format_method(a, b):
    return "{0}-{1!r}-{0}".format(a, b), "{x}/{y}".format(x=a, y=b)


# inputs: num
def percent_format(x):
    return "%d|%s|%r|%5.2f" % (x, x, x, x)


# inputs: odd
def fstring_odd(o):
    return f"<{o}>", f"{o:boom}"


# inputs: str, int
def fstring_multi(a, b):
    return f"{a}{b:x}{a * 2}{b:,}{len(a)=}"


# inputs: smallint, str
def string_building_loop(n, s):
    out = ""
    for i in range(n):
        out += f"{i}:{s}|"
    return out


# inputs: num, str
def format_builtin(x, spec):
    return format(x, spec)


# inputs: any
def fstring_debug(value):
    return f"{value=}", f"{value = !r}"
