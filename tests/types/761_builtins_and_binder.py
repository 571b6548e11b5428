# Builtins and native-argument corners: compile() flags and NUL bytes, exec(closure=),
# dir() of mapping locals, type names and docs that must encode, readinto() of read-only
# buffers, slot-wrapper signatures, _typing, Argument Clinic's count messages, module
# prefixes in native errors, object.__new__ safety messages.
import _operator
import _typing
import inspect
import io
import math
import pickle
import tempfile


def show(f):
    try:
        print("ok", f())
    except Exception as e:
        print(type(e).__name__, e)


# compile()
show(lambda: compile("print(42)\n", "<string>", "single", 0xFF))
show(lambda: compile(chr(0), "f", "exec"))
show(lambda: compile(b"a\x00", "f", "exec"))
show(lambda: eval("1\x00"))
show(lambda: type(compile("1", "f", "eval", 0x400)).__name__)

# exec(code, closure=...)
def make_closure():
    a, b = 1, 2

    def three():
        print("free", a, b)

    return three


three = make_closure()
show(lambda: exec(three.__code__, {}, closure=three.__closure__))
show(lambda: exec(three.__code__, {}))
show(lambda: exec(three.__code__, {}, closure=()))
show(lambda: exec(three.__code__, {}, closure=(1, 2)))
show(lambda: exec("x = 1", {}, closure=three.__closure__))
show(lambda: exec(compile("x = 1", "", "exec"), {}, closure=three.__closure__))


# dir() of locals that are a dict subclass uses its keys()
class D(dict):
    def __getitem__(self, key):
        if key == "a":
            return 12
        return dict.__getitem__(self, key)

    def keys(self):
        return list("zyx")


show(lambda: eval("dir()", {}, D()))
show(lambda: eval("a", {}, D()))

# Type names and docs must encode to UTF-8.
show(lambda: type("A\udcdcB", (), {}))
show(lambda: type("A", (), {"__doc__": "x\udcdcy"}))
show(lambda: type("A\x00B", (), {}))
C = type("C", (), {})
for name in ["A\udcdcB", "A\x00B", b"A", "\U0001f40d"]:
    show(lambda: setattr(C, "__name__", name) or C.__name__)
C.__doc__ = "x\udcdcy"
print(ascii(C.__doc__))

# readinto() wants a writable buffer.
with tempfile.TemporaryFile() as f:
    f.write(b"abc")
    f.seek(0)
    show(lambda: f.readinto(b""))
    show(lambda: f.raw.readinto(bytearray(1)))
    show(lambda: f.raw.readinto("x"))
    show(lambda: f.readinto1(memoryview(b"x")))
show(lambda: io.BytesIO(b"ab").readinto(None))
show(lambda: io.BufferedReader(io.BytesIO(b"ab")).readinto(b""))
show(lambda: io.BufferedIOBase.readinto(io.BytesIO(), b""))

# Slot wrappers have text signatures.
for wrapper in [object.__init__.__get__, int.__add__, (1).__pow__, list.__setitem__, object.__lt__,
                object.__setattr__, property.__set__, type.__call__]:
    print(wrapper.__text_signature__, inspect.signature(wrapper))

# _typing._idfunc
show(lambda: _typing._idfunc(3))
show(lambda: _typing._idfunc())

# Native functions of a module are named with it in count/keyword errors.
show(lambda: _operator.add(1, 2, c=3))
show(lambda: math.sqrt())
show(lambda: math.sqrt(x=1))
show(lambda: len(x=1))
show(lambda: [].append())

# Argument Clinic's messages for signatures with positional-only/keyword-only parts.
show(lambda: pickle.loads())
show(lambda: pickle.dumps(1, 2, 3))
show(lambda: pickle.dumps(1, 2, 3, 4, 5))
show(lambda: pickle.dumps(fix_imports=1, buffer_callback=2, x=3, protocol=4, obj=5))
show(lambda: pickle.dumps(1, x=1))
show(lambda: pickle.dumps(1, obj=1))
show(lambda: math.isclose(1))
show(lambda: math.isclose(1, 2, 3))
show(lambda: int.from_bytes(b"", "big", 1))
show(lambda: min(1, 2, key=1, x=2))
show(lambda: zip(x=1))


# object.__new__ names the class itself when it has no Python __new__.
class T(tuple):
    pass


class N(tuple):
    def __new__(cls):
        return object.__new__(cls)


show(lambda: object.__new__(T))
show(lambda: N())
show(lambda: object.__new__(int))
