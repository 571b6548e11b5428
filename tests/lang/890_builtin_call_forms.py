# The specialised CALL forms for len(), isinstance(), type(x), list.append and the one-argument
# str.startswith/endswith: each site runs often enough to specialise, then meets what its
# guard must turn away (a rebound name, subclasses, overridden dunders, errors).
import builtins


def run(label, f, n=40):
    results = []
    for i in range(n):
        try:
            results.append(f(i))
        except Exception as error:
            results.append(f"{type(error).__name__}: {error}")
    print(label, results[0], results[-1], len(set(map(repr, results))))


class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class BadLen:
    def __len__(self):
        return -1


class HugeLen:
    def __len__(self):
        return 2**62


# len: containers, a Python __len__, errors from it and from objects without one.
values = [[1, 2, 3], "abcd", (1,), {1: 2}, {1, 2}, b"xy", range(7), Sized(5)]
run("len", lambda i: len(values[i % len(values)]))
run("len-late", lambda i: len(values[0]) if i < 30 else len(BadLen()))
run("len-nolen", lambda i: len("ab") if i < 30 else len(5))
run("len-huge", lambda i: len(HugeLen()))
print(len(HugeLen()) == 2**62)


def len_rebound(i):
    return len([1, 2])


for i in range(30):
    len_rebound(i)
saved = builtins.len
builtins.len = lambda x: "rebound"
print("len-rebound", len_rebound(0))
builtins.len = saved
print("len-restored", len_rebound(0))

# isinstance: exact types, subclasses, tuples, unions, __instancecheck__, errors.


class Base:
    pass


class Derived(Base):
    pass


class Meta(type):
    def __instancecheck__(cls, instance):
        return instance == "magic"


class Magic(metaclass=Meta):
    pass


class Liar:
    @property
    def __class__(self):
        return Base


objs = [1, "s", Base(), Derived(), [], Liar(), "magic", True]
for cls in (int, Base, (str, list), int | str, Magic, object, bool):
    run(f"isinstance-{getattr(cls, '__name__', cls)}", lambda i: isinstance(objs[i % len(objs)], cls))
run("isinstance-error", lambda i: isinstance(1, int) if i < 30 else isinstance(1, 5))

# type(x): plain, subclasses, a shadowed `type`, and the 3-argument form at the same site.
run("type", lambda i: type(objs[i % len(objs)]).__name__)


def type_site(args):
    return type(*args)


print(type_site((1,)), type_site(("X", (), {})).__name__)


def shadowed(i, type=type):
    return type(i)


run("type-shadowed", lambda i: shadowed(i, type if i < 30 else str))

# list.append: growth, a list subclass overriding append, another class's append, errors.


class LoggingList(list):
    def append(self, item):
        super().append(("logged", item))


def append_all(target, n):
    for i in range(n):
        target.append(i)
    return target


print(append_all([], 100)[-3:], len(append_all([], 1000)))
print(append_all(LoggingList(), 3))
print(append_all([], 40)[-1], append_all(LoggingList(), 2))


class NotAList:
    def __init__(self):
        self.items = []

    def append(self, item):
        self.items.append(item * 2)


print(append_all(NotAList(), 5).items)
lists = [[], LoggingList(), []]
for i in range(60):
    lists[i % 3].append(i)
print([len(x) for x in lists], lists[1][:2])
try:
    for i in range(40):
        [].append(*(() if i == 39 else (i,)))
except TypeError as error:
    print("append-error", error)
holder = []
for i in range(40):
    holder.append(holder)
print(len(holder), holder[0] is holder)
holder.clear()

# startswith / endswith with one argument, and the other forms at the same sites.
words = ["test_one", "setUp", "testing", "", "tes", "t\u00e9st", "t\u20acst", "x" * 40 + "test"]


def starts(w, p):
    return w.startswith(p)


def ends(w, p):
    return w.endswith(p)


for p in ("test", "", "t", ("set", "tes"), "x" * 30, "\u20ac", "st"):
    print("startswith", repr(p)[:12], [starts(w, p) for w in words])
    print("endswith", repr(p)[:12], [ends(w, p) for w in words])
print("abcabc".startswith("bc", 1), "abcabc".endswith("ab", 0, 2), "abc".startswith("", 5))
for bad in (1, ["a"], ("a", 2)):
    for name in ("startswith", "endswith"):
        try:
            getattr("abc", name)(bad)
        except TypeError as error:
            print(name, error)


class S(str):
    def startswith(self, prefix):
        return "overridden"


print([w.startswith("t") for w in (S("test"), "test")], S("abc").endswith("c"))

# str ordering (sorting compares eight bytes at a time).
names = ["__init__", "__init_subclass__", "__in", "", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgg",
         "abcdefghabcdefgh", "abcdefghabcdefgi", "\xff", "\xfe\xff", "\u20ac", "z" * 17, "z" * 16 + "y"]
print(sorted(names))
print(sorted(names, reverse=True) == sorted(names)[::-1])
print(["abcdefgh" < "abcdefghi", "abcdefghz" > "abcdefgh\xff", "abc\x00" > "abc", "\u20ac" > "\xff"])

# dir() of classes: exact-type metaclass (fields read directly), a metaclass subclass with
# its own __bases__ property (attribute path), multiple inheritance, non-str keys.


class M1:
    def m1(self): pass


class M2(M1):
    def m2(self): pass


class M3(M1):
    x = 1


class Diamond(M2, M3):
    pass


print([n for n in dir(Diamond) if not n.startswith("__")])
print(len(dir(Diamond)) == len(set(dir(Diamond))), dir(object) == sorted(object.__dict__))


class FakeBases(type):
    @property
    def __bases__(cls):
        return (M3,)


class Odd(metaclass=FakeBases):
    y = 2


print([n for n in dir(Odd) if not n.startswith("__")])


class WithIntKey:
    locals()[5] = "five"
    z = 3


try:
    print(dir(WithIntKey))
except TypeError as error:
    print("dir TypeError", error)
Diamond.__bases__ = (M3,)
print([n for n in dir(Diamond) if not n.startswith("__")])

# dict.update between str-keyed dicts: values replaced, new keys appended, and a replaced
# value's finalizer that grows the source mid-update.
target = {"a": 1, "b": 2}
target.update({"b": 20, "c": 30, "d": 40})
print(target)
source = {"x": 1, "y": 2, "z": 3}


class GrowSource:
    def __del__(self):
        source["w" + str(len(source))] = 0


target = {"x": GrowSource(), "q": 0}
try:
    target.update(source)
except RuntimeError as error:
    print("update", error)
print(sorted(target), sorted(source))
big = {f"k{i}": i for i in range(50)}
small = {"k3": "three", "new": None}
merged = dict(small)
merged.update(big)
print(len(merged), merged["k3"], list(merged)[:3])

# A failing isinstance() skips the __class__ lookup only when it cannot matter.


class Pretender:
    def __getattribute__(self, name):
        if name == "__class__":
            return Derived
        return object.__getattribute__(self, name)


class ClassInDict:
    pass


shadow = ClassInDict()
shadow.__dict__["__class__"] = Base
for i in range(40):
    checks = [isinstance(Liar(), Base), isinstance(Liar(), Derived), isinstance(Pretender(), Base),
              isinstance(Pretender(), Derived), isinstance(shadow, Base), isinstance([], Base),
              isinstance(True, int), isinstance(Derived(), Base)]
print(checks)
