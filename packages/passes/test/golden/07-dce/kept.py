# passes: dce
# What stays: values a frame state records (the interpreter needs them to resume after a
# deoptimization or to unwind), arguments of the entry block even when unused, unused results
# of operations that can raise (load_global, binary_op) and the unused exception of `except:`.
def f(a, unused):
    x = 10
    y = a + x
    g
    try:
        a.run()
    except:
        pass
    return y
