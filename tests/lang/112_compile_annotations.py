# Annotations: __annotations__ of modules, classes and functions, evaluation (or not) of
# annotations of complex targets and local variables, and the strings produced under
# `from __future__ import annotations` (PEP 563).
x: int = 1
y: "forward"
print(__annotations__)

class C:
    a: int
    b: list[int] = []
    __private: str
    (c): float = 1.0
    d.e if False else None
print(C.__annotations__)

def f(a: int, /, b: "str" = "", *args: tuple, c: bool, **kw: dict) -> None:
    local: int = 5
    other: undefined_name
    return local
print(f.__annotations__, f(1, c=True))

def evaluated():
    log = []
    class K:
        attr: log.append("class annotation") = 1
    return log
print(evaluated())

src = '''
from __future__ import annotations
import typing
def g(a: List[int], b: dict[str, "x"] = None, *c: Tuple[int, ...], d: lambda x: x + 1, **e: e.f) -> a.b.c[1:2, ::3]:
    pass
class D:
    attr: Optional[int] = None
    other: 1 + 2 * 3 ** -4
    neg: -(1 + 2)
    cmp: a < b <= c is not d not in e
    logic: not a and (b or c) and (d if e else f)
    call: f(x, *y, z=1, **w)
    comp: [i for i in range(3) if i] + {k: v for k, v in items} + {s async for s in t}
    gen: f(x for x in y)
    fstr: f"{a!r:>{w}} {{x}} {b=}"
    lit: (1, "s", b"b", 1.5, 1e309, 1j, None, True, ..., (1,), ())
    sub: tuple[*Ts]
    attr_int: 1 .real
    starred: list[int, *tuple[str, ...]]
    lam: lambda: 0
    lam2: lambda a, /, b=1, *c, d, e=2, **f: 0
    sets: {1, 2} | {*a}
    slices: x[a:b, c:] [::]
'''
ns = {}
exec(src, ns)
for k, v in ns["g"].__annotations__.items():
    print(k, repr(v))
for k, v in ns["D"].__annotations__.items():
    print(k, repr(v))
print(ns["annotations"].compiler_flag == 0x1000000)
