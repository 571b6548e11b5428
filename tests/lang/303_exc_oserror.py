# OSError: constructor forms, the errno -> subclass mapping, str(), attributes, pickling
# support and BlockingIOError.characters_written.
import errno

for code in sorted(errno.errorcode):
    e = OSError(code, "msg")
    if type(e) is not OSError:
        print(errno.errorcode[code], type(e).__name__)

print(type(OSError(True, "x")).__name__, type(OSError(2.0, "x")).__name__, type(OSError("2", "x")).__name__)
print(type(FileNotFoundError(17, "x")).__name__)  # only OSError itself maps

for args in [(), ("one",), (2,), (2, "No such file or directory"),
             (2, "No such file or directory", "x.txt"),
             (2, "No such file or directory", "x.txt", None, "y.txt"),
             (2, "No such file or directory", None, None, "y.txt"),
             (1, 2, 3, 4, 5, 6), (13, "Permission denied", b"bytes.txt")]:
    e = OSError(*args)
    print(type(e).__name__, e.args, repr(str(e)), e.errno, e.strerror, e.filename, e.filename2)
    print("  ", repr(e), e.__reduce__())

e = OSError(2, "x", "f")
e.filename = None
print(repr(str(e)))
e.errno = None
e.strerror = None
e.filename = "g"
print(repr(str(e)))

try:
    OSError(1, 2, x=1)
except TypeError as err:
    print(err)
try:
    FileNotFoundError(x=1)
except TypeError as err:
    print(err)

try:
    open("/nonexistent/dir/file.txt")
except FileNotFoundError as err:
    print(type(err).__name__, err.errno == errno.ENOENT, err.strerror, err.filename, err)
except OSError as err:
    print("other", err)

# BlockingIOError's third argument is characters_written
b = BlockingIOError(errno.EAGAIN, "would block", 5)
print(b.characters_written, b.args, b.filename)
b.characters_written = 7
print(b.characters_written)
del b.characters_written
try:
    b.characters_written
except AttributeError as err:
    print("AttributeError", err)
try:
    del b.characters_written
except AttributeError as err:
    print("AttributeError", err)
print(BlockingIOError(1, 2, "name").filename, BlockingIOError(1, 2, "name").args)
print(hasattr(OSError(), "characters_written"))

# A subclass with its own __init__ gets the raw arguments in __init__
class MyOSError(OSError):
    def __init__(self, a, b, c):
        super().__init__(b, c)
        self.a = a
m = MyOSError("a", 2, "x")
print(type(m).__name__, m.args, m.a, m.errno, m.strerror, str(m))

class Plain(OSError):
    pass
p = Plain(2, "x", "f")
print(type(p).__name__, p.args, p.filename, str(p))

class WithNew(OSError):
    def __new__(cls, *args):
        return super().__new__(cls, *args)
print(type(WithNew(2, "x")).__name__, WithNew(2, "x").args)

# subclasses raised and caught by their base
for exc in (FileNotFoundError, PermissionError, ConnectionResetError, TimeoutError):
    try:
        raise exc(0, "m")
    except OSError as err:
        print(type(err).__name__, isinstance(err, ConnectionError))
