# memoryview: strided and reversed views, N-D casts, layout attributes, comparisons across
# formats, hashing, assignment with steps, release, and CPython's error messages.
import array
import io
import mmap
import pickle


def show(label, f):
    try:
        r = f()
    except Exception as e:
        print(label, "->", type(e).__name__, e)
    else:
        if isinstance(r, memoryview):
            r = ("memoryview", r.format, r.shape, r.strides, r.tolist())
        print(label, "->", repr(r))


def layout(m):
    return (m.format, m.itemsize, m.ndim, m.shape, m.strides, m.suboffsets,
            m.c_contiguous, m.f_contiguous, m.contiguous, m.nbytes, m.readonly)


b = bytearray(b"abcdefghijkl")
m = memoryview(b)
print("step 2", m[::2].tolist(), layout(m[::2]))
print("reversed", m[::-1].tobytes(), layout(m[::-1]))
print("reversed()", bytes(reversed(m[1:4])))
print("step -3", list(m[::-3]), m[::-3].hex(), m[::-3].hex(":"))
print("slice of slice", m[1::2][::-2].tolist(), m[1::2][1:4:2].tobytes())
print("bytes() copies", bytes(m[::2]), bytearray(m[::-1]))
print("empty", layout(m[5:2]), m[5:2].tolist(), m[::-2][:0].tobytes())

m2 = m.cast("B", [3, 4])
print("2-D", layout(m2), m2.tolist())
print("2-D rows", m2[::2].tolist(), layout(m2[::2]))
print("2-D reversed", m2[::-1].tolist(), m2[::-1].tobytes())
print("2-D item", m2[1, 2], m2[-1, -1])
print("tobytes orders", m2.tobytes("C"), m2.tobytes("F"), m2.tobytes("A"), m2[::2].tobytes("A"), m2.tobytes(None))
print("1x12 f_contiguous", m.cast("B", [1, 12]).f_contiguous, m.cast("B", [12, 1]).f_contiguous)
print("ints", m.cast("i").tolist(), m.cast("i", [1, 3]).tolist(), m2.cast("i").tolist())
print("zero-dim", m[:4].cast("i", []).tolist(), len(m[:1].cast("B", [])), m[:1].cast("B", [])[()])
print("format @", m.cast("@h").format, m.cast("@h").tolist()[:2])

for label, f in [
    ("int on 2-D", lambda: m2[0]),
    ("short tuple", lambda: m2[0,]),
    ("long tuple", lambda: m2[0, 1, 2]),
    ("multi slice", lambda: m2[0:1, 0:1]),
    ("mixed tuple", lambda: m2[0:1, 0]),
    ("bad key", lambda: m["a"]),
    ("float key", lambda: m[1.0]),
    ("out of range", lambda: m[99]),
    ("2-D out of range", lambda: m2[5, 1]),
    ("zero step", lambda: m[::0]),
    ("list 2-D", lambda: list(m2)),
    ("0-dim index", lambda: m[:1].cast("B", [])[0]),
    ("cast strided", lambda: m[::2].cast("B")),
    ("cast non-byte", lambda: m.cast("i").cast("h")),
    ("cast ND->ND", lambda: m.cast("B", [2, 3, 2]).cast("B", [3, 4])),
    ("cast ND->1D", lambda: m.cast("B", [2, 3, 2]).cast("i", [3])),
    ("cast bad format", lambda: m.cast("x")),
    ("cast '<i'", lambda: m.cast("<i")),
    ("cast format type", lambda: m.cast(5)),
    ("cast shape type", lambda: m.cast("B", 5)),
    ("cast zero dim", lambda: m.cast("B", [0, 12])),
    ("cast bad product", lambda: m.cast("B", [13])),
    ("cast 0-d product", lambda: m.cast("B", [])),
    ("cast zeros", lambda: m[:0].cast("B", [])),
    ("cast 65 dims", lambda: m.cast("B", [1] * 65)),
    ("cast str dims", lambda: m.cast("B", ["a"])),
    ("cast length", lambda: m.cast("d")),
    ("tobytes order", lambda: m2.tobytes("X")),
    ("2-D to 'c'", lambda: m2.cast("c").tolist()[:3]),
]:
    show(label, f)

print("-- assignment")
show("strided assign", lambda: m[::2].__setitem__(slice(None), b"xxxxxx"))
print(b)
show("strided assign size", lambda: m[::2].__setitem__(slice(None), b"xxxxx"))
show("step in step", lambda: m[::3].__setitem__(slice(None, None, 2), m[1::6]))
print(b)
m[::-1] = b"012345678901"
print("reverse assign", b)
m[2:5] = m[0:3]
print("overlap forward", b)
m[0:3] = m[2:5]
print("overlap backward", b)
m[1::4] = m[::-4]
print("self strided", b)
show("format mismatch", lambda: m.cast("i").__setitem__(slice(None), m))
show("c type", lambda: m.cast("c").__setitem__(0, 3))
show("c value", lambda: m.cast("c").__setitem__(0, b"ab"))
show("i range", lambda: m.cast("i").__setitem__(0, 2 ** 40))
show("i type", lambda: m.cast("i").__setitem__(0, "x"))
show("d type", lambda: m[:8].cast("d").__setitem__(0, "x"))
show("B float", lambda: m.__setitem__(0, 1.5))
show("2-D item set", lambda: m2.__setitem__((0, 1), 5))
print(b)
show("2-D int set", lambda: m2.__setitem__(0, 5))
show("2-D slice set", lambda: m2.__setitem__(slice(None), b"1" * 12))
show("2-D multi slice set", lambda: m2.__setitem__((slice(0, 1), slice(0, 1, 2)), 1))
show("2-D mixed set", lambda: m2.__setitem__((0, slice(None)), 5))
show("0-d set", lambda: m[:1].cast("B", []).__setitem__((), 66))
print(b[:1])
show("read-only", lambda: memoryview(b"ab")[::2].__setitem__(0, 1))
show("delete", lambda: m.__delitem__(0))
show("not bytes-like", lambda: m[::2].__setitem__(slice(None), 5))

print("-- comparisons")
print(m[::2] == m[::2].tobytes(), m[::-1] == bytes(reversed(b)), m2 == m.cast("B", [4, 3]), m2 == m2.tolist())
print(memoryview(b"ab").cast("c") == b"ab", memoryview(b"ab").cast("c") == memoryview(b"ab").cast("c"))
print(memoryview(b"\x01\x00\x00\x00").cast("i") == memoryview(b"\x01").cast("B"))
print(memoryview(bytes(8)).cast("d") == memoryview(bytes(8)).cast("q"))
nan = memoryview(array.array("d", [float("nan")]))
print("nan", nan == nan, nan != nan)
print(memoryview(array.array("d", [1, 2, 3, 4]))[1::2] == array.array("d", [2, 4]))
print(memoryview(array.array("i", [1, 2, 3, 4]))[::-2].tolist(), memoryview(array.array("h", [1, 2]))[::-1] == array.array("q", [2, 1]))
print(memoryview(b"\x01\x00").cast("?") == memoryview(b"\x01\x00"), memoryview(b"\x01\x00").cast("?") == [True, False], memoryview(b"\x01\x00").cast("?").tolist())
show("order", lambda: memoryview(b"ab") < memoryview(b"ab"))

print("-- hash")
print(hash(memoryview(b"abcd")[::2]) == hash(b"ac"), hash(memoryview(b"abcd")[::-1]) == hash(b"dcba"))
print(hash(memoryview(b"abcd").cast("c")) == hash(b"abcd"), hash(memoryview(b"abcd").cast("B", [2, 2])) == hash(b"abcd"))
show("hash i", lambda: hash(memoryview(b"abcd").cast("i")))
show("hash writable", lambda: hash(m))

print("-- release")
with memoryview(bytearray(b"xyz")) as r:
    print(r[::-1].tobytes())
print(repr(r).startswith("<released memory"))
show("released tolist", lambda: r.tolist())
show("released shape", lambda: r.shape)
show("released strides", lambda: r.strides)
ba = bytearray(4)
v = memoryview(ba)
s = v[::2]
e = memoryview(s)
show("resize while viewed", lambda: ba.append(1))
v.release(); s.release(); e.release()
ba.append(1)
print("resized", len(ba))
x = memoryview(bytearray(3))
y = x.cast("c")
x.release()
print("derived survives", y.tolist())
show("pickle", lambda: pickle.dumps(memoryview(b"abc"), 4))

print("-- exporters")
a = array.array("i", range(6))
am = memoryview(a)
print(layout(am), am[::-2].tolist(), am[1::2].cast("B").nbytes if am[1::2].c_contiguous else "not contiguous")
am[::2] = array.array("i", [10, 20, 30])
print(a)
bio = io.BytesIO(b"hello world")
gb = bio.getbuffer()
print(gb[::-1].tobytes(), gb[::3].tolist())
gb[::2] = b"HLOWRD"
del gb
print(bio.getvalue())
mm = mmap.mmap(-1, 8)
mm.write(b"abcdefgh")
mv = memoryview(mm)
print(mv[::-2].tobytes(), mv[1::3].hex())
mv[::4] = b"AE"
mv.release()
print(mm[:])
mm.close()
print(memoryview(b"abc")[::2].obj, memoryview(b"abc")[::-1].readonly)
u = memoryview(array.array("u", "ab"))
show("unsupported format", lambda: u.tolist())
print("unsupported format ==", u == u, u != memoryview(array.array("u", "ab")), u[::-1].tobytes() == array.array("u", "ba").tobytes())
