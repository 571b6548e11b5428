# weakref proxies forward every in-place operator and divmod; a ref whose referent died
# has no __callback__ any more (also inside the callback); ref.__init__ checks arguments.
import weakref


class P:
    def __truediv__(s, o): return "td"
    def __floordiv__(s, o): return "fd"
    def __matmul__(s, o): return "mm"
    def __rmatmul__(s, o): return "rmm"
    def __divmod__(s, o): return "dm"
    def __imatmul__(s, o): return "imm"
    def __itruediv__(s, o): return "itd"
    def __ifloordiv__(s, o): return "ifd"
    def __imod__(s, o): return "imod"
    def __ipow__(s, o): return "ipow"
    def __ilshift__(s, o): return "ilsh"
    def __irshift__(s, o): return "irsh"
    def __iand__(s, o): return "iand"
    def __ior__(s, o): return "ior"
    def __ixor__(s, o): return "ixor"


p = P()
x = weakref.proxy(p)
print(x / 1, x // 1, x @ 1, 1 @ x, divmod(x, 1))
results = []
for op in ["@=", "/=", "//=", "%=", "**=", "<<=", ">>=", "&=", "|=", "^="]:
    x = weakref.proxy(p)
    exec(f"x {op} 1")
    results.append(x)
print(results)
q = weakref.proxy(P())
try:
    q //= 2
except ReferenceError as e:
    print("ReferenceError:", e)


class O:
    pass


def callback(r):
    print("in callback, __callback__ is", r.__callback__)


o = O()
r = weakref.ref(o, callback)
print(r.__callback__ is callback)
del o
print("after death:", r.__callback__)
o = O()
r = weakref.ref(o)
for args, kwargs in [((0, 0, 0, 0, 0), {}), ((), {}), ((o,), {"x": 1}), ((o, None), {})]:
    try:
        print(r.__init__(*args, **kwargs))
    except TypeError as e:
        print("TypeError:", e)
