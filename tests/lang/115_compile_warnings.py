# SyntaxWarnings from the compiler, captured with the warnings module, and turned into
# SyntaxErrors under an "error" filter.
import warnings

sources = [
    "x = 1\nif x is 1: pass",
    "x is not ()",
    "x = 'abc' is 'abc'",
    "assert (x, 'message')",
    "(1, 2)(3)",
    "'str'(1)",
    "[1, 2](3)",
    "f'{x}'(1)",
    "{1, 2}[0]",
    "(1, 2)['a']",
    "[1][1.5]",
    "'abc'[1, 2]",
    "x is None or x is True or x is ...",
    "print('\\d')",
]
for src in sources:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        compile(src, "<warn>", "exec")
    for w in caught:
        print(w.category.__name__, str(w.message), w.lineno)
    if not caught:
        print("no warning:", repr(src))

with warnings.catch_warnings():
    warnings.simplefilter("error")
    for src in ["y = 1 is 1", "assert (1, 2)", "print('\\d')"]:
        try:
            compile(src, "<warn-error>", "exec")
        except SyntaxError as e:
            print("SyntaxError", e.msg, e.lineno, e.offset)
