# mmap: file-backed and anonymous maps, reading/writing/seeking, find/rfind, slicing and
# item assignment, move/resize/flush/madvise, the buffer protocol, access modes, errors.
import mmap
import os
import tempfile


def attempt(label, function):
    try:
        print(label, function())
    except Exception as e:
        print(label, type(e).__name__, e.args)


print(mmap.PAGESIZE == mmap.ALLOCATIONGRANULARITY, mmap.PAGESIZE > 0)
print(mmap.ACCESS_DEFAULT, mmap.ACCESS_READ, mmap.ACCESS_WRITE, mmap.ACCESS_COPY)
print(mmap.MAP_SHARED, mmap.MAP_PRIVATE, mmap.MAP_ANONYMOUS, mmap.PROT_READ, mmap.PROT_WRITE,
      mmap.MADV_NORMAL, mmap.MADV_DONTNEED, mmap.MADV_SEQUENTIAL)
print(mmap.error is OSError)

# Anonymous map.
m = mmap.mmap(-1, 16)
print(len(m), m.tell(), m[:], m.closed)
print(m.write(b"hello world"), m.tell())
m.seek(0)
print(m.read(5), m.read_byte(), m.tell(), m.read())
m.seek(0)
m.write_byte(ord("H"))
print(m[0], m[-1], m[0:5], m[::2], m[10:2:-2])
m[0:5] = b"HELLO"
m[5] = 0x5F
print(m[:11])
print(m.find(b"o"), m.find(b"o", 5), m.rfind(b"o"), m.find(b"zz"), m.find(b"L", 0, 3),
      m.rfind(b"L", -20, 4), m.find(b""))
m.move(0, 6, 5)
print(m[:11])
print(m.seek(-1, os.SEEK_END), m.tell(), m.seek(-2, os.SEEK_CUR), m.tell(), m.seek(3), m.tell())
attempt("seek past", lambda: m.seek(17))
attempt("seek neg", lambda: m.seek(-1))
attempt("seek whence", lambda: m.seek(0, 3))
m.seek(14)
attempt("write past", lambda: m.write(b"abc"))
attempt("index", lambda: m[16])
attempt("set slice size", lambda: m.__setitem__(slice(0, 3), b"ab"))
attempt("set item range", lambda: m.__setitem__(0, 256))
attempt("set item bytes", lambda: m.__setitem__(0, b"a"))
attempt("move range", lambda: m.move(10, 0, 10))
m[1:7:2] = b"xyz"
print(m[:8], list(m)[:3])
print(m.flush(), m.madvise(mmap.MADV_NORMAL), m.madvise(mmap.MADV_NORMAL, 0, 4))
m.seek(0)
m[:] = b"line1\nline2\nend."
print(m.readline(), m.readline(), m.readline(), m.readline())
m.close()
print(m.closed)
attempt("read closed", lambda: m.read())
attempt("len closed", lambda: len(m))
m.close()

# Buffer protocol.
with mmap.mmap(-1, 8) as m:
    view = memoryview(m)
    view[0] = 65
    print(m[0], bytes(view[:2]), view.readonly, view.nbytes)
    attempt("close exported", m.close)
    view.release()
    print(bytearray(m)[:2], bytes(m)[:2])
print(m.closed)

# File-backed maps.
with tempfile.TemporaryDirectory() as directory:
    path = os.path.join(directory, "data")
    with open(path, "wb") as f:
        f.write(b"0123456789" * 3)
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 0)
        print(len(m), m.size(), m[:10])
        m[0:3] = b"abc"
        m.flush()
        m.resize(40)
        print(len(m), m.size(), os.path.getsize(path))
        m[30:40] = b"ABCDEFGHIJ"
        m.resize(20)
        print(len(m), os.path.getsize(path), m[-3:])
        m.close()
    with open(path, "rb") as f:
        print(f.read())
    with open(path, "rb") as f:
        m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        print(m[:5], m.find(b"9"))
        attempt("write readonly", lambda: m.write(b"x"))
        attempt("setitem readonly", lambda: m.__setitem__(0, 1))
        attempt("resize readonly", lambda: m.resize(5))
        attempt("memoryview readonly", lambda: memoryview(m).readonly)
        m.close()
    with open(path, "r+b") as f:
        m = mmap.mmap(f.fileno(), 10, access=mmap.ACCESS_COPY)
        m[:3] = b"zzz"
        print(m[:5])
        attempt("resize copy", lambda: m.resize(5))
        m.close()
        print(f.read(5))
        m = mmap.mmap(f.fileno(), 5, offset=mmap.ALLOCATIONGRANULARITY * 0)
        print(m[:], len(m))
        m.close()
        attempt("bad offset", lambda: mmap.mmap(f.fileno(), 5, offset=1))
        attempt("neg offset", lambda: mmap.mmap(f.fileno(), 5, offset=-1))
        attempt("too long", lambda: mmap.mmap(f.fileno(), 100))
        attempt("neg length", lambda: mmap.mmap(f.fileno(), -1))
        attempt("access+flags", lambda: mmap.mmap(f.fileno(), 5, flags=mmap.MAP_SHARED, access=mmap.ACCESS_READ))
        attempt("bad access", lambda: mmap.mmap(f.fileno(), 5, access=9))
    empty = os.path.join(directory, "empty")
    open(empty, "wb").close()
    with open(empty, "r+b") as f:
        attempt("empty file", lambda: mmap.mmap(f.fileno(), 0))

attempt("anon zero", lambda: mmap.mmap(-1, 0))
attempt("bad fd", lambda: mmap.mmap(999, 10))
attempt("str length", lambda: mmap.mmap(-1, "x"))
m = mmap.mmap(-1, 4)
print(repr(m).startswith("<mmap.mmap closed=False, access=ACCESS_DEFAULT, length=4, pos=0, offset=0>"))
m.close()
print(repr(m))
