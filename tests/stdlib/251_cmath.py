# cmath: every function over special and ordinary complex values (bit-exact, via
# float.hex), the C99 special-value tables, errors and conversions.
import cmath


def fmt(r):
    if isinstance(r, complex):
        return (r.real.hex(), r.imag.hex())
    if isinstance(r, float):
        return r.hex()
    if isinstance(r, tuple):
        return tuple(fmt(x) for x in r)
    return repr(r)


def show(name, *args, **kwargs):
    try:
        r = fmt(getattr(cmath, name)(*args, **kwargs))
    except Exception as e:
        r = type(e).__name__ + ": " + str(e)
    print(name, args, r)


values = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 1e-310, 1e300, -1e300, float("inf"), float("-inf"), float("nan"), 710.0,
          -710.0, 0.71, 1.0000001]
for name in ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp", "log", "log10", "sin", "sinh",
             "sqrt", "tan", "tanh", "phase", "polar", "isfinite", "isinf", "isnan"]:
    for a in values:
        for b in values[::3]:
            show(name, complex(a, b))
for a in values:
    for b in values[::3]:
        show("rect", a, b)
show("log", 0, 2); show("log", 2, 1); show("log", 8, 2); show("log", 1j, 1 + 1j); show("sqrt", "x"); show("sqrt", 4)
show("isclose", 1 + 1j, 1 + 1.0000000001j); show("isclose", 1, 1, rel_tol=-1); show("isclose", complex("inf"), 1)
class C:
    def __complex__(self):
        return 5
    def __repr__(self):
        return "C()"
class D:
    def __complex__(self):
        return 3 + 4j
    def __repr__(self):
        return "D()"
class F:
    def __float__(self):
        return 9.0
    def __repr__(self):
        return "F()"
show("sqrt", C()); show("sqrt", D()); show("sqrt", F()); show("exp", True)
print(cmath.pi, cmath.e, cmath.tau, cmath.inf, cmath.infj, cmath.nan, cmath.nanj)
