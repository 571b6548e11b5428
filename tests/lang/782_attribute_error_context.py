# An AttributeError raised by a __getattr__ (or __getattribute__) gets .name and .obj
# from the failed lookup, so the traceback offers "Did you mean" suggestions; an error
# that already names something keeps it.
import contextlib
import io
import sys
import traceback


def excepthook_last_line(e):
    # The interpreter's own printer adds the suggestion (traceback.py does not in 3.11).
    with contextlib.redirect_stderr(io.StringIO()) as err:
        sys.__excepthook__(type(e), e, None)
    return err.getvalue().rstrip().splitlines()[-1]


class NoStr:
    __str__ = None
    __repr__ = None


def make(error_factory):
    class A:
        blech = None

        def __getattr__(self, attr):
            raise error_factory()

    return A


for factory in (AttributeError, lambda: AttributeError("Error", 23), lambda: AttributeError(23),
                lambda: AttributeError(NoStr())):
    A = make(factory)
    try:
        A().bluch
    except AttributeError as e:
        print(repr(e.name), type(e.obj).__name__)
        print(traceback.format_exception_only(type(e), e)[-1].rstrip(), "|", excepthook_last_line(e))


class Named:
    def __getattr__(self, attr):
        raise AttributeError("custom", name="other", obj=42)


try:
    getattr(Named(), "missing")
except AttributeError as e:
    print(repr(e.name), e.obj, excepthook_last_line(e))


class Getattribute:
    value = 1

    def __getattribute__(self, attr):
        raise AttributeError()


try:
    Getattribute().valeu
except AttributeError as e:
    print(repr(e.name), type(e.obj).__name__, excepthook_last_line(e))

print(hasattr(make(AttributeError)(), "x"), getattr(make(AttributeError)(), "x", "default"))
