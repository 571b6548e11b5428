# __reduce__ / __setstate__ and pickling of built-in exceptions.
import copy
import pickle

samples = [
    ValueError(), ValueError("a", 2), KeyError("k"), StopIteration(3), SystemExit(2),
    ImportError("msg", name="n", path="p"), ModuleNotFoundError("x"), NameError("n", name="n"),
    AttributeError("a"), OSError(2, "No such file", "f.txt"), OSError(2, "x", "a", None, "b"),
    FileExistsError(17, "exists"), BlockingIOError(11, "blocked", 3),
    SyntaxError("bad", ("f.py", 1, 2, "text", 1, 3)), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "bad"),
    UnicodeEncodeError("ascii", "\xe9", 0, 1, "bad"), UnicodeTranslateError("x", 0, 1, "bad"),
    ExceptionGroup("eg", [ValueError(1), TypeError(2)]),
]
for e in samples:
    e.extra = "attr"
    r = e.__reduce__()
    print(r[0].__name__, r[1], sorted(r[2]) if len(r) > 2 and r[2] is not None else None)
    for proto in (0, 2, pickle.HIGHEST_PROTOCOL):
        back = pickle.loads(pickle.dumps(e, proto))
        print("  ", proto, type(back).__name__, repr(back), back.extra, str(back) == str(e))
    c = copy.copy(e)
    print("  ", type(c).__name__, repr(str(c)), c.extra)

e = Exception()
print(e.__setstate__({"a": 1}), e.a)
print(e.__setstate__(None))
try:
    e.__setstate__(5)
except TypeError as err:
    print(err)

class Custom(Exception):
    def __init__(self, a, b):
        super().__init__(a)
        self.b = b
c = Custom(1, 2)
print(c.__reduce__())
