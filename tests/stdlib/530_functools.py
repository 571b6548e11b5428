# functools through its native core (_functools): partial (flattening, repr, pickling,
# __setstate__ validation, keyword merging), reduce, cmp_to_key, lru_cache (bounded,
# unbounded, uncached, typed, reentrancy, method binding) and the wrappers around them.
import copy
import functools
import pickle
import sys
import weakref
from functools import partial, reduce, cmp_to_key, lru_cache


def attempt(label, f):
    try:
        r = f()
    except BaseException as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r))


def show(*args, **kwargs):
    return args, kwargs


print(type(partial), partial.__module__, partial.__name__, type(reduce).__name__)

# --- partial ---
p = partial(show, 1, 2, a=3)
print(p(4, b=5), p.func is show, p.args, p.keywords)
print(p(a=9), p())
q = partial(p, 6, c=7)
print(q.func is show, q.args, q.keywords, q())
attempt("no args", lambda: partial())
attempt("not callable", lambda: partial(1))
attempt("set func", lambda: setattr(p, "func", print))
attempt("set args", lambda: setattr(p, "args", ()))
attempt("set keywords", lambda: setattr(p, "keywords", {}))
attempt("set __dict__", lambda: setattr(p, "__dict__", 3))
attempt("del __dict__", lambda: delattr(p, "__dict__"))
p.note = "hi"
print(p.__dict__, hasattr(partial, "__get__"))
# A partial with a __dict__ is not flattened.
r = partial(p, 8)
print(r.func is p, r.args)


class Q(partial):
    pass


s = Q(show, 1)
print(repr(s).startswith("Q(<function show"), type(Q(s, 2)).__name__, Q(s, 2).args)
print(repr(partial(show, "x", [1], k=None)).replace(hex(id(show)), "ADDR"))

# Recursive repr.
rec = partial(show)
rec.__setstate__((rec, (rec,), {"me": rec}, None))
print(repr(rec))
rec.__setstate__((show, (), {}, None))

# Keyword precedence: call keywords override stored ones in place.
print(partial(show, x=1, y=2)(y=3, z=4))
print(partial(print, sep="-")("a", "b", sep="+"))
kw = partial(show, k=1)
kw.keywords["late"] = 2
print(kw())

# Pickling.
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    pp = pickle.loads(pickle.dumps(partial(max, 3, key=abs), proto))
    print(proto, pp(-5, 4), pp.args, pp.keywords)
print(partial(show, 1).__reduce__()[1:] == ((show,), (show, (1,), {}, None)))
print(copy.copy(p).args, copy.deepcopy(partial(show, [1])).args)

# __setstate__ validation.
t = partial(show)
for bad in [(show, (), {}), [show, (), {}, None], (1, (), {}, None), (show, [], {}, None),
            (show, (), [], None), "xyz"]:
    attempt("setstate", lambda: t.__setstate__(bad))


class MyTuple(tuple):
    pass


class MyDict(dict):
    pass


t.__setstate__((show, MyTuple((1,)), MyDict(a=1), None))
print(type(t.args).__name__, type(t.keywords).__name__, t())
print(partial[int], weakref.ref(p)() is p)

# --- reduce ---
print(reduce(lambda a, b: a + b, [1, 2, 3, 4]), reduce(lambda a, b: a * b, range(1, 6), 10))
print(reduce(lambda a, b: a + b, [], "init"), reduce(lambda a, b: a + b, ["only"]))
attempt("empty", lambda: reduce(lambda a, b: a + b, []))
attempt("not iterable", lambda: reduce(lambda a, b: a + b, 5))
attempt("one arg", lambda: reduce(len))
attempt("four args", lambda: reduce(1, 2, 3, 4))
attempt("keyword", lambda: reduce(lambda a, b: a, [1], initial=0))
attempt("raises", lambda: reduce(lambda a, b: 1 / 0, [1, 2]))

# --- cmp_to_key ---
key = cmp_to_key(lambda a, b: (a > b) - (a < b))
print(sorted([3, 1, 2], key=key), sorted("bca", key=cmp_to_key(lambda a, b: ord(b) - ord(a))))
k = key(5)
print(type(k).__name__, k.obj, k < key(6), k == key(5), k >= key(7))
k.obj = 9
print(k.obj)
attempt("hash", lambda: hash(k))
attempt("compare other", lambda: k < 5)
attempt("K()", lambda: key())
attempt("K(1, 2)", lambda: key(1, 2))
attempt("cmp_to_key()", lambda: cmp_to_key())
print(key(obj=4).obj, cmp_to_key(mycmp=lambda a, b: 0)(1).obj)

# --- lru_cache ---
calls = []


@lru_cache(maxsize=2)
def square(x):
    calls.append(x)
    return x * x


print([square(i) for i in (1, 2, 1, 3, 2, 1)], calls)
print(square.cache_info())
square.cache_clear()
print(square.cache_info(), square.__wrapped__.__name__, square.__name__, square.__qualname__)
print(square.cache_parameters(), type(square).__name__)


@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), fib.cache_info())


@lru_cache(maxsize=0)
def nocache(x):
    return x


print(nocache(1), nocache(1), nocache.cache_info())


@lru_cache(typed=True)
def typed(x):
    return type(x).__name__


print(typed(1), typed(1.0), typed(True), typed.cache_info())


@lru_cache
def with_kwargs(*args, **kwargs):
    return len(args), sorted(kwargs)


print(with_kwargs(1, a=2), with_kwargs(1, a=2), with_kwargs(a=2, b=3), with_kwargs(b=3, a=2))
print(with_kwargs.cache_info())
print(with_kwargs(1), with_kwargs(1.0), with_kwargs.cache_info().hits)


# Reentrancy: the function fills its own cache while it runs.
@lru_cache(maxsize=3)
def reenter(n):
    if n > 0:
        reenter(n - 1)
        reenter(n - 1)
    return n


print(reenter(6), reenter.cache_info())


class Hashed:
    hashes = 0

    def __hash__(self):
        Hashed.hashes += 1
        return 7

    def __eq__(self, other):
        return self is other


h = Hashed()


@lru_cache(maxsize=1)
def once(a, b):
    return b


print(once(h, 1), once(h, 1), once(2, 2), once(h, 1), Hashed.hashes)
attempt("unhashable", lambda: once([], 1))
attempt("maxsize type", lambda: lru_cache(maxsize="x"))
attempt("not callable", lambda: functools._lru_cache_wrapper(1, 1, False, tuple))
attempt("subclass", lambda: type("X", (functools._lru_cache_wrapper,), {}))


class Host:
    @lru_cache
    def method(self, x):
        return (self.__class__.__name__, x)

    @staticmethod
    @lru_cache
    def static(x):
        return x * 2


host = Host()
print(host.method(1), host.method(1), Host.method.cache_info(), Host.static(4))
print(type(Host.__dict__["method"]).__name__, Host.method.__get__(None, Host) is Host.__dict__["method"])
print(pickle.loads(pickle.dumps(fib)) is fib, copy.copy(fib) is fib, copy.deepcopy(fib) is fib)
print(square.__reduce__())


# lru_cache of a recursive function raising midway keeps the cache consistent.
@lru_cache(maxsize=2)
def fails(n):
    if n == 3:
        raise ValueError(n)
    return n


for n in (1, 2, 3, 1, 4):
    attempt("fails %d" % n, lambda: fails(n))
print(fails.cache_info())

# functools helpers built on these.
print(functools.cache(lambda x: x + 1)(1), functools.wraps(show)(lambda: 0).__name__)
print(sys.getrefcount(partial) > 0)
