# args, str() and repr() for zero, one and several arguments; subclasses.
for args in [(), (1,), ("msg",), (1, 2), ("a", "b", "c"), ([1],), ((),), (None,)]:
    for cls in (Exception, ValueError, KeyError, BaseException, StopIteration):
        e = cls(*args)
        print(cls.__name__, e.args, repr(str(e)), repr(e))

e = ValueError("x")
e.args = [1, 2]
print(e.args, str(e), repr(e))
e.args = "ab"
print(e.args)
try:
    e.args = 5
except TypeError as err:
    print(err)
try:
    del e.args
except TypeError as err:
    print(err)

print(repr(KeyError("")), str(KeyError("")), str(KeyError("a b")), str(KeyError(("t",))))

class MyError(Exception):
    pass

class WithInit(Exception):
    def __init__(self, a, b=2):
        super().__init__(a)
        self.b = b

class NoSuper(Exception):
    def __init__(self, a, b):
        self.a = a

class WithStr(Exception):
    def __str__(self):
        return "custom str"

class WithRepr(ValueError):
    def __repr__(self):
        return "custom repr"

print(repr(MyError(1, 2)), str(MyError("m")))
w = WithInit(1, b=5)
print(w.args, w.b, repr(w))
n = NoSuper(1, 2)
print(n.args, n.a, repr(n))
print(str(WithStr("a")), repr(WithStr("a")), str(WithRepr("r")), repr(WithRepr("r")))

try:
    ValueError(x=1)
except TypeError as err:
    print(err)
try:
    MyError(x=1)
except TypeError as err:
    print(err)

# __dict__ and attributes
e = Exception()
print(e.__dict__)
e.foo = 1
print(e.__dict__, e.foo)
e.__dict__ = {"bar": 2}
print(e.bar)
for bad in (lambda: setattr(e, "__dict__", 1), lambda: delattr(e, "__dict__")):
    try:
        bad()
    except TypeError as err:
        print(err)

# str() of an exception whose only argument has a failing __str__
class Bad:
    def __str__(self):
        raise RuntimeError("no str")
    def __repr__(self):
        return "Bad()"
try:
    str(ValueError(Bad()))
except RuntimeError as err:
    print("str failed:", err)
print(repr(ValueError(Bad())))

print(BaseException.__doc__)
print(ValueError.__doc__, KeyError.__doc__)
print(ExceptionGroup.__doc__)
print(sorted(k for k in BaseException.__dict__))
print(type(BaseException.__dict__["args"]).__name__, type(BaseException.__dict__["__suppress_context__"]).__name__)
print(BaseException.with_traceback.__doc__)
print(BaseException.add_note.__doc__)
