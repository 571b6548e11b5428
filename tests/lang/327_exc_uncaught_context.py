# Uncaught: implicit chaining (an exception raised while handling another), a suppressed
# context (from None), and a context cycle that must not loop.
def cleanup():
    raise OSError(5, "Input/output error", "log.txt")

def work():
    try:
        [][1]
    except IndexError:
        cleanup()

try:
    work()
except OSError as e:
    try:
        raise KeyError("hidden") from None
    except KeyError as k:
        print("suppressed:", k.__suppress_context__, type(k.__context__).__name__)

a = ValueError("a")
b = TypeError("b")
a.__context__ = b
b.__context__ = a
try:
    raise a
except ValueError:
    pass

try:
    work()
finally:
    print("finally runs first")
