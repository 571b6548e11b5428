# A trace function may set f_lineno on the 'return' event of a yield (not of a return):
# the yield itself goes ahead. As in CPython 3.11, a generator frame with no locals and
# nothing else on its stack counts as cleared there, and refuses.
import sys

output = []


def gen_with_local():
    local = output
    local.append(2)
    yield 3
    local.append(4)


def gen_without_locals():
    output.append(2)
    yield 3
    output.append(4)


def plain():
    output.append("plain")
    return 1


def tracer(frame, event, arg):
    if frame.f_code.co_name != "tracer" and event == "return" and not output[-1:] == ["done"]:
        try:
            frame.f_lineno = frame.f_code.co_firstlineno + 1
            output.append(("jumped", frame.f_code.co_name))
        except ValueError as e:
            output.append(("ValueError", frame.f_code.co_name, str(e)))
    return tracer


for function in (gen_with_local, gen_without_locals):
    g = function()
    sys.settrace(tracer)
    value = next(g)
    sys.settrace(None)
    output.append("done")
    print(function.__name__, value, output)
    output.clear()
sys.settrace(tracer)
plain()
sys.settrace(None)
print(output)
