# operator through its native core (_operator): every function of operator.__all__, the
# dunder aliases, itemgetter/attrgetter/methodcaller (repr, pickling, errors) and
# _compare_digest.
import operator
import pickle
import _operator


def attempt(label, f):
    try:
        r = f()
    except BaseException as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r))


print(sorted(n for n in dir(_operator) if not n.startswith("__")))
print(operator.add is _operator.add, operator.__add__ is operator.add, operator.lt.__module__)
print(operator.add.__text_signature__, operator.length_hint.__text_signature__)

# Arithmetic and bitwise.
for name in ["add", "sub", "mul", "floordiv", "truediv", "mod", "pow", "lshift", "rshift",
             "and_", "or_", "xor"]:
    print(name, getattr(operator, name)(13, 4))
print(operator.matmul.__doc__, operator.neg(3), operator.pos(-3), operator.abs(-3),
      operator.inv(5), operator.invert(5), operator.index(7))
attempt("sub str", lambda: operator.sub("a", 1))
attempt("matmul", lambda: operator.matmul(1, 2))
attempt("index", lambda: operator.index(1.5))
attempt("neg", lambda: operator.neg("x"))

# In-place forms mutate mutable operands.
lst = [1]
print(operator.iadd(lst, [2]) is lst, lst, operator.iadd(1, 2), operator.imul([0], 3))
for name in ["isub", "ifloordiv", "itruediv", "imod", "ipow", "ilshift", "irshift", "iand",
             "ior", "ixor"]:
    print(name, getattr(operator, name)(13, 3))
s = {1}
print(operator.ior(s, {2}) is s, s)

# Comparisons and truth.
for name in ["lt", "le", "eq", "ne", "gt", "ge"]:
    print(name, getattr(operator, name)(1, 2), getattr(operator, name)("b", "a"))
attempt("lt mixed", lambda: operator.lt(1, "a"))
print(operator.truth([]), operator.truth(3), operator.not_(0), operator.is_(None, None),
      operator.is_not(1, None))

# Sequences.
print(operator.concat("py", "thon"), operator.concat([1], [2]), operator.iconcat([1], (2,)))
attempt("concat ints", lambda: operator.concat(1, 2))
attempt("concat list tuple", lambda: operator.concat([1], (2,)))
attempt("iconcat ints", lambda: operator.iconcat(1, 2))
print(operator.contains([1, 2], 2), operator.countOf([1, 2, 1, 1.0], 1), operator.indexOf("abc", "c"))
attempt("indexOf missing", lambda: operator.indexOf([1], 2))
attempt("countOf int", lambda: operator.countOf(1, 2))
d = {"a": 1}
operator.setitem(d, "b", 2)
operator.delitem(d, "a")
print(d, operator.getitem(d, "b"), operator.getitem("abc", slice(1, None)))
attempt("getitem", lambda: operator.getitem({}, "x"))
print(operator.length_hint([1, 2]), operator.length_hint(iter(range(5))), operator.length_hint(3, 9))
attempt("length_hint default", lambda: operator.length_hint([], "a"))
print(operator.call(max, 1, 5, key=lambda v: -v), operator.call(dict, a=1))
attempt("call no args", lambda: operator.call())
attempt("add one", lambda: operator.add(1))

# itemgetter.
g = operator.itemgetter(1)
print(g("abc"), g((4, 5)), g([6, 7]), g({1: "one"}), repr(g), g.__reduce__())
g3 = operator.itemgetter(2, 0, -1)
print(g3("abcde"), repr(g3), g3.__reduce__())
print(sorted([(1, "b"), (0, "c"), (2, "a")], key=operator.itemgetter(1)))
attempt("ig()", lambda: operator.itemgetter())
attempt("ig kw", lambda: operator.itemgetter(1, a=2))
attempt("ig call none", lambda: g())
attempt("ig call two", lambda: g(1, 2))
attempt("ig call kw", lambda: g(x=1))
attempt("ig index", lambda: operator.itemgetter(10)("abc"))
attempt("ig subclass", lambda: type("X", (operator.itemgetter,), {}))


class A:
    pass


a = A()
a.name = "arthur"
a.child = A()
a.child.name = "thomas"

# attrgetter.
f = operator.attrgetter("name", "child.name")
print(f(a), repr(f), f.__reduce__(), repr(operator.attrgetter("child.name")))
print(operator.attrgetter("name")(a), operator.attrgetter("child.name")(a))
attempt("ag missing", lambda: operator.attrgetter("child.nope")(a))
attempt("ag()", lambda: operator.attrgetter())
attempt("ag int", lambda: operator.attrgetter(2))
attempt("ag kw", lambda: operator.attrgetter("a", b=1))
attempt("ag call none", lambda: f())
attempt("ag dot", lambda: operator.attrgetter(".x")(a))

# methodcaller.
m = operator.methodcaller("split", ",", maxsplit=1)
print(m("a,b,c"), repr(m), m.__reduce__()[1])
m2 = operator.methodcaller("upper")
print(m2("x"), repr(m2), m2.__reduce__(), repr(operator.methodcaller("f", 1, [2])))
attempt("mc()", lambda: operator.methodcaller())
attempt("mc int", lambda: operator.methodcaller(1))
attempt("mc call none", lambda: m())
attempt("mc call kw", lambda: m("a", x=1))
attempt("mc missing", lambda: operator.methodcaller("nope")(1))

# Pickling round trips.
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    objs = [operator.itemgetter(2), operator.itemgetter(2, 0), operator.attrgetter("child.name", "name"),
            operator.methodcaller("count", "a"), operator.methodcaller("split", sep=",")]
    copies = [pickle.loads(pickle.dumps(o, proto)) for o in objs]
    print(proto, [repr(c) == repr(o) for c, o in zip(copies, objs)],
          copies[0]("abc"), copies[2](a), copies[3]("banana"), copies[4]("x,y"))

# _compare_digest.
print(_operator._compare_digest(b"abc", b"abc"), _operator._compare_digest("abc", "abd"),
      _operator._compare_digest(bytearray(b"x"), b"x"))
attempt("digest mixed", lambda: _operator._compare_digest("a", b"a"))
attempt("digest non-ascii", lambda: _operator._compare_digest("é", "é"))
