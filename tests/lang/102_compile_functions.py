# Function definitions: defaults, keyword-only and positional-only parameters, *args and
# **kwargs, annotations, calls with unpacking, decorators, lambdas, recursion.
def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, kwargs)
print(f(1, c=3))
print(f(1, 2, 3, 4, c=5, e=6))
print(f(*[1, 2], *(3,), c=0, **{"x": 1}, **{"y": 2}))

def posonly(a, b, /, c, *, d):
    return a, b, c, d
print(posonly(1, 2, 3, d=4), posonly(1, 2, c=3, d=4))
try:
    posonly(a=1, b=2, c=3, d=4)
except TypeError as e:
    print(e)

def annotated(x: int, *ys: str, z: "float" = 1.5, **kw: dict) -> list:
    return [x, ys, z, kw]
print(annotated.__annotations__)
print(annotated(1, "a", z=2.0, q=1))

defaults_log = []
def make_default(v):
    defaults_log.append(v)
    return v
def g(a=make_default(1), *, b=make_default(2)):
    return a, b
print(defaults_log, g(), g.__defaults__, g.__kwdefaults__)

def decorator(tag):
    def wrap(fn):
        def inner(*args, **kwargs):
            return (tag, fn(*args, **kwargs))
        return inner
    return wrap

@decorator("outer")
@decorator("inner")
def decorated(x):
    return x * 2
print(decorated(21))

square = lambda x, y=1: x * x + y
print(square(3), (lambda *a, **k: (a, k))(1, z=2))
print((lambda: (yield))().__class__.__name__)

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(20))

def kwargs_only(**kw):
    return sorted(kw.items())
print(kwargs_only(a=1, **{"b": 2}, c=3))
args = (1, 2)
kwargs = {"c": 3, "d": 4}
print(f(*args, **kwargs))
print(f(0, *range(3), c=1, **dict(z=26)))

def no_return():
    pass
print(no_return())

def docstring():
    "the doc"
    return 1
print(docstring.__doc__, docstring.__code__.co_consts[0])
def no_doc():
    x = "not a docstring"
    return x
print(no_doc.__doc__, no_doc.__code__.co_consts[0])

def many(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, aa, bb, cc, dd, ee, ff):
    return a + ff
print(many(*range(32)))
print(max(1, 2, 3, key=lambda v: -v))

for bad in ["f()", "f(1, 2)", "f(1, c=1, c=2)", "posonly(1, 2, 3, 4)"]:
    try:
        eval(bad)
    except (TypeError, SyntaxError) as e:
        print(type(e).__name__, e)
