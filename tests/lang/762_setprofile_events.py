# sys.setprofile: 'call'/'return' for Python frames (generators included), 'c_call',
# 'c_return' and 'c_exception' for builtins (functions, methods through LOAD_METHOD,
# method descriptors called with an explicit self, f(*args)), no line events; a profile
# function that raises is removed. threading.setprofile/settrace reach new threads.
import sys
import threading

events = []


def profiler(frame, event, arg):
    if event.startswith("c_"):
        name = getattr(arg, "__qualname__", None) or arg.__name__
        owner = getattr(arg, "__self__", None)
        if owner is not None and not isinstance(owner, type(sys)):
            name = type(owner).__name__ + "." + arg.__name__
    else:
        name = repr(arg) if isinstance(arg, (int, str, type(None))) else type(arg).__name__
    events.append((frame.f_code.co_name, event, name))


def show(title):
    print(title)
    for e in events:
        print("   ", e)
    events.clear()


def work(items):
    items.append(len(items))
    list.append(items, 5)
    n = max(*items)
    f = items.pop
    f()
    return sorted(items, key=abs)


def fails():
    return divmod(1, 0)


def gen():
    yield 1
    yield 2


sys.setprofile(profiler)
work([3, 1])
sys.setprofile(None)
show("builtins")

sys.setprofile(profiler)
try:
    fails()
except ZeroDivisionError:
    pass
sys.setprofile(None)
show("c_exception")

sys.setprofile(profiler)
for x in gen():
    pass
sys.setprofile(None)
show("generator")


def broken(frame, event, arg):
    raise RuntimeError("profiler failed in " + event)


sys.setprofile(broken)
try:
    work([1])
except RuntimeError as e:
    print("error:", e)
print("profile after error:", sys.getprofile())

seen = []


def thread_profiler(frame, event, arg):
    if event == "call":
        seen.append(("profile", frame.f_code.co_name))


def thread_tracer(frame, event, arg):
    if event == "call":
        seen.append(("trace", frame.f_code.co_name))
    return None


def in_thread():
    return sum(range(3))


threading.setprofile(thread_profiler)
threading.settrace(thread_tracer)
t = threading.Thread(target=in_thread)
t.start()
t.join()
threading.setprofile(None)
threading.settrace(None)
print([s for s in seen if s[1] == "in_thread"])
print(sys.gettrace(), sys.getprofile())
