# sys.settrace details: a trace function that raises is removed (sys.gettrace() is None
# afterwards) and its exception propagates from the traced line; f_locals changes made by
# a tracer reach the fast locals; 'opcode' events with f_trace_opcodes; f_lineno and
# f_lasti inside the tracer; sys.call_tracing; the tracer's own frames are not traced.
import sys


def failing_tracer(frame, event, arg):
    if event == "line" and frame.f_lineno == target.__code__.co_firstlineno + 2:
        raise RuntimeError("tracer failed")
    return failing_tracer


def target():
    a = 1
    b = 2
    return a + b


sys.settrace(failing_tracer)
try:
    target()
except RuntimeError as e:
    print("caught:", e)
    tb = e.__traceback__
    lines = []
    while tb:
        lines.append((tb.tb_frame.f_code.co_name, tb.tb_lineno - tb.tb_frame.f_code.co_firstlineno))
        tb = tb.tb_next
    print("traceback:", lines[-3:])
print("trace after failure:", sys.gettrace())


def changes_locals(frame, event, arg):
    if event == "line" and frame.f_code is modified.__code__:
        if frame.f_lineno == modified.__code__.co_firstlineno + 2:
            frame.f_locals["x"] = 42
    return changes_locals


def modified():
    x = 1
    y = "old"
    return x, y


sys.settrace(changes_locals)
print("locals changed by the tracer:", modified())
sys.settrace(None)

opcode_lines = set()
kinds = set()


def opcodes(frame, event, arg):
    if frame.f_code is small.__code__:
        frame.f_trace_opcodes = True
        kinds.add(event)
        if event == "opcode":
            opcode_lines.add(frame.f_lineno - small.__code__.co_firstlineno)
            assert isinstance(frame.f_lasti, int) and frame.f_lasti >= 0
    return opcodes


def small():
    a = [1, 2]
    return len(a)


sys.settrace(opcodes)
small()
sys.settrace(None)
print("events:", sorted(kinds), "opcode lines:", sorted(opcode_lines))

seen = []
nested = []


def recorder(frame, event, arg):
    seen.append((frame.f_code.co_name, event))
    helper()  # the tracer's own calls are not traced
    if frame.f_code.co_name == "outer" and event == "call" and not nested:
        nested.append(True)
        # inside a tracer, call_tracing runs untraced until settrace is called again
        seen.append(("call_tracing", sys.call_tracing(traced, ())))
    return recorder


def helper():
    return 1


def traced():
    return 2


def outer():
    return 3


sys.settrace(recorder)
outer()
sys.settrace(None)
print(seen)
