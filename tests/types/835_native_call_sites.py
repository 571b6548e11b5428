# Call sites of built-in methods and functions, quickened after a few runs: the same site
# then meets other callables (Python methods, subclass instances, bound built-ins, classes),
# keyword arguments, wrong argument counts and types (CPython's messages).
class MyStr(str):
    def upper(self):
        return "MyStr.upper"
class Plain(str):
    pass
class Obj:
    def upper(self):
        return "Obj.upper"
    def split(self, sep=None, maxsplit=-1):
        return ["Obj.split", sep, maxsplit]

values = ["abc"] * 12 + [MyStr("x"), Plain("plain"), Obj(), "d\xe9f", b"bytes", ["list"]]
for v in values:
    try:
        print(repr(v.upper()))
    except AttributeError as e:
        print("AttributeError:", e)
for v in values:
    try:
        print(v.split(maxsplit=1) if isinstance(v, Obj) else v.split())
    except (TypeError, AttributeError) as e:
        print(type(e).__name__, e)

def calls(s):
    out = []
    for args in [(), (":",), (":", 1), (":", 1, 2), (1,), (None, "x")]:
        try:
            out.append(s.split(*args))
        except TypeError as e:
            out.append("TypeError: %s" % e)
    return out
for i in range(3):
    print(calls("a:b c:d"))

# The same site reaching different kinds of callable.
funcs = [len] * 10 + [lambda x: "lambda", str.upper, "abc".upper, print, type, Plain, abs, max]
for f in funcs:
    try:
        print(repr(f("xyz")))
    except TypeError as e:
        print("TypeError:", e)

def counts(items):
    return [len(x) for x in items]
for i in range(12):
    r = counts(["a", "bc", [1, 2, 3], (), {}])
print(r)
try:
    len()
except TypeError as e:
    print("TypeError:", e)
try:
    len(1, 2)
except TypeError as e:
    print("TypeError:", e)
try:
    len(x="a")
except TypeError as e:
    print("TypeError:", e)

# Module-level rebinding of a built-in that a quickened site calls.
results = []
for i in range(15):
    if i == 10:
        len = lambda x: -1
    results.append(len("abcd"))
del len
print(results, len("ab"))

# Methods of other built-in types at one site, and errors raised inside a method.
s = "a,b"
for i in range(12):
    r = s.startswith(("x", "a")), s.endswith("b", 0, 2), s.count(","), s.find("b"), s.replace(",", ";", 1)
print(r)
for bad in [1, None, ("a", 1)]:
    try:
        s.startswith(bad)
    except TypeError as e:
        print("TypeError:", e)
for i in range(3):
    try:
        s.index("z")
    except ValueError as e:
        print("ValueError:", e)
items = []
for i in range(12):
    items.append(i)
    items.append(str(i))
print(len(items), items[-3:], "-".join(items[1::2][:5]))
print(str.join("-", ["a", "b"]), str.upper("q"))
try:
    str.upper(1)
except TypeError as e:
    print("TypeError:", e)
try:
    "x".upper(1)
except TypeError as e:
    print("TypeError:", e)
try:
    "x".join(["a", 1])
except TypeError as e:
    print("TypeError:", e)
