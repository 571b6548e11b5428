# sys.exit() with a tuple, sys.flags/sys.version_info not instantiable, sys.dlopenflags,
# sys._current_exceptions() listing every thread.
import sys
import threading

for status in [(42,), (), ("a", "b"), 7, "text", None]:
    try:
        sys.exit(status)
    except SystemExit as e:
        print(repr(status), "->", repr(e.code), e.args)

for value in (sys.flags, sys.version_info):
    cls = type(value)
    try:
        cls(value)
    except TypeError as e:
        print(e)
    try:
        cls.__new__(cls, value)
    except TypeError as e:
        print(e)
print(sys.flags.optimize, tuple(sys.version_info)[:2], sys.version_info.releaselevel)

old = sys.getdlopenflags()
sys.setdlopenflags(old + 1)
print(sys.getdlopenflags() - old)
sys.setdlopenflags(old)
# C int arguments: __index__, TypeError for other types, OverflowError past a C int.
for function in (sys.setdlopenflags, sys._getframe, sys.set_coroutine_origin_tracking_depth,
                 sys.set_int_max_str_digits, sys.setrecursionlimit):
    for bad in ("x", 1.5, 2**40, -2**70):
        try:
            function(bad)
        except (TypeError, OverflowError) as e:
            print(function.__name__, type(e).__name__, e)
print(sys._getframe(False).f_code.co_name)

entered = threading.Event()
leave = threading.Event()


def worker():
    try:
        raise ValueError("oops")
    except ValueError:
        entered.set()
        leave.wait()


t = threading.Thread(target=worker)
t.start()
entered.wait()
current = sys._current_exceptions()
print(current[threading.get_ident()])
print(current[t.ident][0].__name__, current[t.ident][1])
leave.set()
t.join()
