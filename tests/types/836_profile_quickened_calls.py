# sys.setprofile reports c_call/c_return/c_exception for built-in calls at sites the VM
# has already quickened (built-in methods through LOAD_METHOD, built-in functions), and
# sys.settrace sees the lines of a module-level loop whose stores are cached.
import sys

def work(s, n):
    out = 0
    for i in range(n):
        out += len(s.upper())
        if i == n - 1:
            try:
                s.index("zz")
            except ValueError:
                pass
    return out

work("abc", 40)   # quickens the sites
events = []
def profiler(frame, event, arg):
    if event.startswith("c_"):
        events.append((event, getattr(arg, "__name__", repr(arg))))
sys.setprofile(profiler)
work("abc", 2)
sys.setprofile(None)
print(events)

lines = []
def tracer(frame, event, arg):
    if frame.f_code.co_name == "<module>" and event == "line":
        lines.append(frame.f_lineno - first_line)
    return tracer
code = compile("total = 0\nfor k in range(3):\n    total = total + k\n    last = str(k).upper()\n", "<traced>", "exec")
ns = {}
exec(code, ns)    # quickens the module-level stores
first_line = 0
sys.settrace(tracer)
exec(code, ns)
sys.settrace(None)
print(lines, ns["total"], ns["last"])
