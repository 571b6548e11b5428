# Uncaught: the last line's forms — a qualified class name for exceptions of other modules,
# the class name alone when str() is empty, and a __str__ that fails.
import json

class Quiet(Exception):
    pass

class Broken(Exception):
    def __str__(self):
        raise RuntimeError("no str for you")

for exc in (Quiet(), Quiet(""), json.JSONDecodeError("bad json", "{", 1)):
    try:
        raise exc
    except Exception as e:
        print(type(e).__module__, type(e).__qualname__, repr(str(e)))

class Outer:
    class Inner(Exception):
        pass

try:
    raise Outer.Inner("nested class")
except Exception as e:
    import traceback
    print(traceback.format_exception_only(type(e), e))

raise Broken("x")
