# FileIO.__init__ failures: a descriptor the caller passed stays open, one opened from a
# path is closed; directories are IsADirectoryError with the given name.
import _io
import os
import tempfile

fd = os.open('.', os.O_RDONLY)
try:
    _io.FileIO(fd, 'r')
except OSError as e:
    print(type(e).__name__, e.errno, e.filename == fd)
os.close(fd)  # still ours: no EBADF
print("dir fd still open and closed by the caller")

try:
    _io.FileIO('.', 'r')
except OSError as e:
    print(type(e).__name__, e.errno, repr(e.filename))


class Blocked(Exception):
    pass


class NoName(_io.FileIO):
    def __setattr__(self, name, value):
        if name == "name":
            raise Blocked("blocked setting name")
        return super().__setattr__(name, value)


with tempfile.TemporaryDirectory() as d:
    path = os.path.join(d, "f.txt")
    with open(path, "w") as f:
        f.write("data")
    fd = os.open(path, os.O_RDONLY)
    try:
        NoName(fd)
    except Blocked as e:
        print("Blocked:", e)
    os.close(fd)
    print("passed fd survives a failing __setattr__")
    # Opened by path: the failing __init__ closes its own descriptor.
    before = len(os.listdir('/proc/self/fd'))
    for _ in range(5):
        try:
            NoName(path)
        except Blocked:
            pass
    print("no descriptors leaked:", len(os.listdir('/proc/self/fd')) == before)
    f = _io.FileIO(path)
    print(f.read(), f.closefd)
    f.close()
    g = _io.FileIO(os.open(path, os.O_RDONLY), closefd=False)
    print(g.read(2))
    os.close(g.fileno())
