# Stepped slices, + and f-string joins of str: every width (latin-1, UCS-2, UCS-4),
# results narrowed to the smallest width that holds them (sys.getsizeof shows it), str
# subclasses, and + with operands whose __add__/__radd__ take over.
import sys

samples = ["", "a", "hello world", "caf\xe9 cr\xe8me", "\u20ac1 \u20ac2 abc",
           "x\U0001F600y\U0001F601z", "\xe9\u20ac\U0001F600", "ab\ud800cd"]
steps = [None, 1, 2, -1, -2, 3, -3, 10]
for s in samples:
    for step in steps:
        for start in (None, 0, 1, -2):
            r = s[start::step]
            print(repr(s), start, step, repr(r), r.isascii(), sys.getsizeof(r) - sys.getsizeof(r[:0]))
    print(repr(s[::-1]), repr(s[1:-1:2]), repr(s[-1:0:-1]))

# Narrowing: the wide characters are skipped by the step.
for s in ["a\u20acb\u20acc", "a\U0001F600b", "\xe9a\xe9b"]:
    r = s[::2]
    print(repr(r), r.isascii(), sys.getsizeof(r) == sys.getsizeof("a" * len(r)), r == "".join(s[i] for i in range(0, len(s), 2)))

class S(str):
    def __getitem__(self, key):
        return "S.getitem"
class T(str):
    pass
t = T("abcdef")
print(S("abc")[::-1], type(t[::-1]).__name__, t[::-1], type(t[::1]).__name__, type(t[:]).__name__)

# +: exact strs (the specialised path), then other operands at the same site.
class Add(str):
    def __add__(self, other):
        return "Add.__add__"
    def __radd__(self, other):
        return "Add.__radd__"
class Radd:
    def __radd__(self, other):
        return "Radd(%r)" % other
operands = [("ab", "cd"), ("", "x"), ("x", ""), ("caf\xe9", "\u20ac"), ("\U0001F600", "a"),
            ("a", "\U0001F600"), ("x", Add("y")), (Add("x"), "y"), (T("t"), "u"), ("s", T("t")),
            ("s", Radd()), ("s", 1), ("s", None), ("ab", "cd")]
for i in range(3):
    for a, b in operands:
        try:
            r = a + b
            print(repr(r), type(r).__name__, sys.getsizeof(r) - sys.getsizeof(r[:0]) if isinstance(r, str) else "")
        except TypeError as e:
            print("TypeError:", e)
x = "start"
for i in range(5):
    x += str(i)
    x += "\u20ac" if i == 3 else "-"
print(x, len(x))
s = "abc"
print(s + "" is s, "" + s is s)

# f-strings: pieces of different widths joined in one allocation.
for v in ["a", "\xe9", "\u20ac", "\U0001F600", ""]:
    r = f"<{v}|{v}{v!r}:{len(v):03d}>"
    print(r, sys.getsizeof(r) - sys.getsizeof(r[:0]), r.isascii())
