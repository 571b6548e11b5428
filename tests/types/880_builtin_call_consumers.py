# sum()/any()/all()/list()/tuple() of a generator resume its frame in the caller's loop
# and consume the yields in place (CALL_BUILTIN); range() is called without type_call.
# Every path runs repeatedly (so the call sites specialise) and must behave as
# CPython's builtins: results, errors, tracebacks, side-effect order, generator state.
import sys
import traceback


def repeat(fn, *args):
    results = [fn(*args) for _ in range(3)]
    assert results[0] == results[1] == results[2], results
    return results[0]


def show(label, fn, *args):
    try:
        r = repeat(fn, *args)
        print(label, type(r).__name__, r)
    except Exception as e:
        print(label, "raised", type(e).__name__, e)


# --- sum ---
def sum_ints(n):
    return sum(i for i in range(n))


def sum_overflow():
    big = 2**61
    return sum(x for x in [big, big, big, -big, 3])


def sum_floats(n):
    return sum(i * 0.5 for i in range(n))


def sum_int_then_float():
    return sum(x for x in [1, 2, 0.25, 3, 4.5, True])


def sum_float_shared():
    f = 1.5
    total = sum(f for _ in range(4))
    return total, f


def sum_list_floats():
    items = [0.5, 0.25, 0.125]
    total = sum(x for x in items)
    return total, items


def sum_negative_zero():
    return sum(x for x in [-0.0]), sum(x for x in [-0.0, -0.0])


def sum_empty():
    return sum(x for x in ())


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __radd__(self, other):
        print("radd", other)
        return Money(self.cents + (other if isinstance(other, int) else other.cents))

    def __add__(self, other):
        print("add", other.cents if isinstance(other, Money) else other)
        return Money(self.cents + (other.cents if isinstance(other, Money) else other))

    def __repr__(self):
        return f"Money({self.cents})"

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents


def sum_objects():
    return sum(Money(c) for c in (1, 2, 3))


def sum_mixed_objects():
    return sum(x for x in [1, 2, Money(5), 4])


def sum_strs():
    return sum(s for s in ["a", "b"])


def sum_int_subclass():
    class I(int):
        def __radd__(self, other):
            return "I.radd"

    return sum(x for x in [1, I(2)])


def sum_float_then_object():
    class Weird:
        def __radd__(self, other):
            return f"weird after {other}"

    return sum(x for x in [0.5, 1.5, Weird()])


show("sum ints", sum_ints, 10)
show("sum ints empty", sum_ints, 0)
show("sum overflow", sum_overflow)
show("sum floats", sum_floats, 7)
show("sum int then float", sum_int_then_float)
show("sum float shared", sum_float_shared)
show("sum list floats", sum_list_floats)
show("sum -0.0", sum_negative_zero)
show("sum empty", sum_empty)
show("sum objects", sum_objects)
show("sum mixed objects", sum_mixed_objects)
show("sum strs", sum_strs)
show("sum int subclass", sum_int_subclass)
show("sum float then object", sum_float_then_object)


# --- any / all ---
class Truth:
    def __init__(self, value):
        self.value = value

    def __bool__(self):
        print("bool", self.value)
        return self.value

    def __repr__(self):
        return f"Truth({self.value})"


class BadBool:
    def __bool__(self):
        raise ValueError("no truth")

    def __repr__(self):
        return "BadBool()"


def any_of(items):
    return any(x for x in items)


def all_of(items):
    return all(x for x in items)


for items in ([], [0, 0], [0, 3, 0], [None, False], [False, True], [1, 2], [0.0, 0.5],
              ["", "x"], [Truth(False), Truth(True), Truth(False)], [1, BadBool()], [0, BadBool()]):
    show(f"any {items!r:.40}", any_of, items)
    show(f"all {items!r:.40}", all_of, items)


def gen_function(n):
    for i in range(n):
        yield i
    return "ignored"


def noisy(n):
    try:
        for i in range(n):
            print("yield", i)
            yield i
    finally:
        print("finally")


def any_stops_early():
    g = noisy(5)
    r = any(x >= 2 for x in g)
    print("any ->", r, "g suspended:", g.gi_frame is not None, "running:", g.gi_running)
    print("next ->", next(g))
    print("rest", [x for x in g])
    del g
    print("after del")


def any_then_loop():
    g = gen_function(6)
    print(any(x == 2 for x in g), [x for x in g], list(g))


def all_stops_early_then_close():
    g = noisy(5)
    r = all(g)
    print("all ->", r)
    g.close()
    print("closed")


any_stops_early()
any_stops_early()
any_then_loop()
any_then_loop()
all_stops_early_then_close()
all_stops_early_then_close()


# --- list / tuple ---
def list_of(n):
    return list(i * i for i in range(n))


def tuple_of(n):
    return tuple(str(i) for i in range(n))


for n in (0, 1, 7, 8, 9, 20):
    show(f"list {n}", list_of, n)
    show(f"tuple {n}", tuple_of, n)
    print("sizes", sys.getsizeof(list_of(n)), sys.getsizeof(tuple_of(n)))


def partially_consumed():
    g = gen_function(6)
    next(g)
    next(g)
    return list(g), tuple(g), sum(g)


def exhausted():
    g = gen_function(2)
    for _ in g:
        pass
    return list(g), sum(g), any(g), all(g), tuple(g)


show("list gen function", repeat, lambda: list(gen_function(4)))
show("partially consumed", partially_consumed)
show("exhausted", exhausted)


# --- errors from the generator ---
def raising(n):
    for i in range(n):
        yield i
    raise KeyError("boom")


def stop_iteration_inside():
    def g():
        yield 1
        raise StopIteration("inner")

    return sum(g())


def traceback_names(fn):
    for _ in range(3):
        try:
            fn()
        except Exception as e:
            names = [(f.name, f.line) for f in traceback.extract_tb(e.__traceback__)]
            print(type(e).__name__, e, e.__context__ and type(e.__context__).__name__, names)


traceback_names(lambda: sum(raising(3)))
traceback_names(lambda: list(raising(2)))
traceback_names(lambda: tuple(raising(1)))
traceback_names(lambda: any(x > 5 for x in raising(3)))
traceback_names(stop_iteration_inside)
traceback_names(lambda: sum(x for x in [1, "a"]))
traceback_names(lambda: all(x for x in [1, BadBool()]))


def caught_inside():
    try:
        return sum(1 / x for x in [1, 0])
    except ZeroDivisionError as e:
        return "caught " + str(e)


show("caught inside", caught_inside)


# --- the generator running, re-entered, or inspected while consumed ---
def self_consuming():
    def g():
        yield 1
        yield sum(me)

    me = g()
    return list(me)


show("self consuming", self_consuming)


def inspect_while_consumed():
    seen = []

    def g():
        for i in range(3):
            seen.append((me.gi_running, sys._getframe(1).f_code.co_name))
            yield i

    me = g()
    return sum(me), seen


show("inspect", inspect_while_consumed)


class Stealer:
    # Its __radd__ advances the generator being summed (suspended between items).
    def __init__(self):
        self.gen = None

    def __radd__(self, other):
        stolen = next(self.gen, "done")
        return other + (stolen if isinstance(stolen, int) else 100)


def steal():
    s = Stealer()

    def g():
        yield 1
        yield s
        yield 10
        yield 1000

    s.gen = g()
    return sum(s.gen)


show("stealer", steal)


class Closer:
    def __init__(self):
        self.gen = None

    def __bool__(self):
        self.gen.close()
        return False


def close_during_any():
    c = Closer()

    def g():
        yield 0
        yield c
        yield 1

    c.gen = g()
    return any(c.gen)


show("close during any", close_during_any)


# --- tracing started while consuming ---
def traced_consumer():
    events = []

    def tracer(frame, event, arg):
        if frame.f_code.co_name == "items":
            events.append((event, frame.f_lineno - first))
        return tracer

    def items():
        for i in range(4):
            if i == 1:
                sys.settrace(tracer)
            yield i

    first = items.__code__.co_firstlineno
    total = sum(items())
    sys.settrace(None)
    return total, events


show("traced", traced_consumer)


# --- other callables that look alike ---
def shadowed():
    sum = lambda g: "my sum"  # noqa: E731
    list = tuple
    return sum(x for x in range(3)), list(x for x in range(3))


class MyList(list):
    pass


def subclass_and_args():
    return (MyList(x for x in range(3)), sum((x for x in range(3)), 10), sum([1, 2]),
            list(range(3)), tuple([1, 2]), list(), tuple(), any([0, 1]), all(iter([1, 0])))


show("shadowed", shadowed)
show("subclass and args", subclass_and_args)
show("list kwargs", lambda: list(iterable=[1]))
show("tuple two args", lambda: tuple([1], [2]))
show("sum no args", lambda: sum())


# --- range ---
class Index:
    def __index__(self):
        return 4

    def __repr__(self):
        return "Index()"


for args in ((5,), (2, 8), (10, 0, -3), (True,), (Index(),), (2**70, 2**70 + 3), (0, 2**64, 2**62),
             (-5,), (3, 3), (1, 10, 4), (5, -5, -2), (-3, 3, 2), (0, 10, 3), (-(2**62), 2**62 - 1),
             (2**62 - 1, -(2**62), -1), (2**62 - 1, -(2**62), -(2**62)), (-(2**62), 2**62 - 1, 2**62 - 1), (), (1.5,), (1, 2, 0), (1, 2, 3, 4), ("3",), (None,)):
    def make(args=args):
        r = range(*args)
        return r, len(r), list(r[:4]), list(iter(r))[:4] if len(r) < 100 else r[-1]

    show(f"range{args}", make)
show("range kw", lambda: range(stop=3))


# --- int ---
class HasIndex:
    def __index__(self):
        return 7


class HasInt:
    def __int__(self):
        return 8


class IntSub(int):
    pass


for args in (("12",), (" -7 ",), (3.9,), (-2.5,), (True,), (2**70,), ("ff", 16), ("0x1f", 0), ("101", 2),
             (b"42",), (IntSub(5),), (HasIndex(),), (HasInt(),), ("x",), ([],), (1.5, 2),
             ("9", 99), (float("inf"),), (float("nan"),), ("1_000",)):
    def make_int(args=args):
        r = int(*args)
        return r, type(r).__name__

    show(f"int{args!r:.30}", make_int)
show("int()", lambda: int())
show("int kw", lambda: int("11", base=2))
