# f(*args, **kwargs) of Python functions and bound methods binds straight from the tuple
# and the dict: defaults, keyword-only parameters, **kwargs copies, and CPython's errors.


def show(call):
    try:
        print(call())
    except TypeError as e:
        print("TypeError:", e)


def f(a, b=2, *, scale=1):
    return (a, b, scale)


def collect(*args, **kwargs):
    return args, kwargs


def mixed(a, /, b, *args, c, d=4, **rest):
    return a, b, args, c, d, rest


def posonly(a, /):
    return a


def posonly_kw(a, /, **k):
    return a, k


# Plain forwarding, defaults and keyword-only defaults.
kw = {"scale": 3}
show(lambda: f(*(1,), **kw))
show(lambda: f(*(1, 5), **{}))
show(lambda: f(*(), **{"a": 7, "b": 8}))
show(lambda: f(*[9], **{"b": 1, "scale": 2}))
show(lambda: f(*(x for x in (4,)), **kw))
print(kw)

# The callee's **kwargs is a new dict: changing it leaves the caller's alone.
def mutate(**k):
    k["added"] = 1
    return k

source = {"x": 1}
result = mutate(**source)
print(result, source, result is source)
result = collect(*(1, 2), **source)
print(result, result[1] is source)

# Mixed parameter kinds.
show(lambda: mixed(*(1, 2, 3), **{"c": 5}))
show(lambda: mixed(*(1,), **{"b": 2, "c": 3, "d": 0, "e": 9}))
show(lambda: mixed(*(1,), **{"a": 0, "b": 2, "c": 3}))
show(lambda: posonly_kw(*(1,), **{"a": 2}))

# Errors, with CPython's messages.
show(lambda: f(*(1,), **{"a": 2}))
show(lambda: f(*(1,), **{"nope": 2}))
show(lambda: f(*(1, 2, 3), **{"scale": 1}))
show(lambda: f(*(), **{"scale": 1}))
show(lambda: f(*(1,), **{1: 2}))
show(lambda: collect(**{1: 2}))
show(lambda: posonly(*(1,), **{"a": 2}))
show(lambda: mixed(*(1, 2), **{"d": 1}))
show(lambda: f(*(1,), **{"scale": 1}, **{"scale": 2}))
show(lambda: f(*5))
show(lambda: f(*(1,), **[1]))


# A mapping that is not a dict goes through keys() and [].
class Mapping:
    def keys(self):
        return ["scale", "b"]

    def __getitem__(self, key):
        return key.upper()

show(lambda: f(*(1,), **Mapping()))


class SubDict(dict):
    def keys(self):
        return ["b"]

show(lambda: f(1, **SubDict(b=5, scale=7)))


# Bound methods, classmethods, and a wrapper forwarding to them.
class Box:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs

    def get(self, key, default=None, *, strict=False):
        return (key, default, strict)

    @classmethod
    def make(cls, *args, **kwargs):
        return cls.__name__, args, kwargs

box = Box(*(1, 2), **{"k": 3})
print(box.args, box.kwargs)
show(lambda: box.get(*("a",), **{"strict": True}))
show(lambda: box.get(*(), **{"key": "b", "default": 0}))
show(lambda: box.get(*("a",), **{"key": "b"}))
show(lambda: box.get(*("a", 1, 2), **{}))
show(lambda: Box.make(*(1,), **{"z": 2}))
show(lambda: Box.get(*(box, "q"), **{"default": 5}))


def wrap(func):
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper

wrapped = wrap(wrap(f))
for i in range(3):
    print(wrapped(i, scale=i + 1), wrapped(i, b=i), wrapped(a=i))
show(lambda: wrapped(1, 2, 3))
show(lambda: wrapped(1, bad=1))
show(lambda: wrap(box.get)("k", strict=1))
show(lambda: wrap(len)(*([1, 2],), **{}))
show(lambda: wrap(dict)(*(), **{"a": 1}))


# A generator turned into the positional tuple runs before the call and may change the
# keyword dict; the call sees the dict as it was when the call was made.
def changing(d):
    d["b"] = 100
    yield 1

d = {"scale": 2}
show(lambda: f(*changing(d), **d))
print(d)


# Positional-only names given as keywords: CPython reports them (in parameter order) at
# the first keyword that names no parameter; a non-str key fails before any binding.
def p2(a, b, /, c=0):
    return a, b, c

show(lambda: p2(1, 2, b=1, a=2))
show(lambda: p2(1, 2, **{"b": 1, "a": 2}))
show(lambda: p2(1, 2, c=1, zz=2))
show(lambda: p2(1, 2, zz=2, b=1))
show(lambda: p2(1, 2, b=1, c=3, c2=1))
show(lambda: p2(1, c=3, **{"b": 1, "c": 1}))
show(lambda: p2(1, 2, **{"zz": 1, 3: 1}))
show(lambda: p2(1, 2, **{"c": 1, 3: 1}))
show(lambda: p2(1, 2, b=1))
show(lambda: p2(1, **{"a": 1}))
show(lambda: p2(1, 2, c=1, c2=2))
show(lambda: posonly_kw(1, a=2, b=3))


# str subclasses as keys, with a __hash__ and __eq__ of their own.
class Key(str):
    def __hash__(self):
        return str.__hash__(self)

    def __eq__(self, other):
        return str.__eq__(self, other)


def kwf(a=0, **k):
    return a, sorted(k.items())


show(lambda: kwf(*(), **{Key("a"): 1, "b": 2}))
show(lambda: kwf(*(), **{Key("z"): 1, Key("a"): 2}))
show(lambda: collect(*(), **{Key("q"): 1}))
show(lambda: f(*(1,), **{Key("scale"): 5}))
