# An AttributeError raised without saying what failed (raise AttributeError() in
# __getattr__) learns name and obj from the attribute access, so the traceback offers
# "Did you mean" (3.11's PyObject_GetAttr); filter/map/reversed subclasses and keywords.
import io
import sys


class A:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError()


class Named:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError("custom", name="other", obj=None)


for cls in A, Named:
    try:
        cls().bluch
    except AttributeError as e:
        print(repr(e), e.name, type(e.obj).__name__)
        out = io.StringIO()
        sys.stderr = out
        sys.excepthook(*sys.exc_info())
        sys.stderr = sys.__stderr__
        print(out.getvalue().splitlines()[-1])

try:
    getattr(A(), "bluch")
except AttributeError as e:
    print(e.name, type(e.obj).__name__)
print(getattr(A(), "bluch", "default"))


def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)


for base, args in [(filter, (None, [0, 1])), (map, (str, [1, 2])), (reversed, ([1, 2],))]:
    class Plain(base):
        pass

    class WithInit(base):
        def __init__(self, *args, newarg=None):
            self.newarg = newarg

    show(lambda: list(Plain(*args)))
    show(lambda: Plain(*args, newarg=3))
    show(lambda: (list(WithInit(*args, newarg=3)), WithInit(*args, newarg=3).newarg))
