# struct: formats, sizes and alignment, every format character in every byte order,
# range errors (whose messages differ between native and standard codes), pack_into and
# unpack_from offsets, iter_unpack, the Struct type and the cache.
import struct


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


for fmt in ["i", "@ibq", "=ibq", "<ibq", ">ibq", "!h", "3s", "10p", "ib0i", "xcbB?hHiIlLqQnNPefd", "<xcbB?hHiIlLqQefd",
            " i h ", "", "<", "2x3i", "c2cd"]:
    show(lambda: (struct.calcsize(fmt), struct.Struct(fmt).size))

values = {"b": -5, "B": 250, "?": True, "h": -300, "H": 60000, "i": -70000, "I": 4000000000, "l": -2 ** 31,
          "L": 2 ** 32 - 1, "q": -2 ** 63, "Q": 2 ** 64 - 1, "n": -1, "N": 2 ** 63, "P": 12345, "e": 1.5,
          "f": -2.25, "d": 1e300, "c": b"z", "s": b"str", "p": b"pas"}
for order in "@=<>!":
    for code, value in values.items():
        if order != "@" and code in "nNP":
            continue
        fmt = order + code
        packed = struct.pack(fmt, value)
        print(fmt, packed, struct.unpack(fmt, packed))

ranges = {"b": [128, -129], "B": [256, -1], "h": [2 ** 15, -2 ** 15 - 1], "H": [2 ** 16, -1], "i": [2 ** 31],
          "I": [2 ** 32, -1], "l": [2 ** 63, 2 ** 31], "L": [2 ** 64, -1, 2 ** 32], "q": [2 ** 63], "Q": [2 ** 64, -1],
          "n": [2 ** 63], "N": [-1], "P": [2 ** 64, -1]}
for code, bad in ranges.items():
    for order in "@<>":
        if order != "@" and code in "nNP":
            continue
        for v in bad:
            show(lambda: struct.pack(order + code, v))
for order in "@<>":
    show(lambda: struct.pack(order + "f", 1e100))
    show(lambda: struct.pack(order + "e", 1e10))
    show(lambda: struct.pack(order + "e", 65520.0))
    show(lambda: struct.pack(order + "d", "x"))
    show(lambda: struct.pack(order + "i", 1.0))
    show(lambda: struct.pack(order + "e", 10 ** 6))

for x in [0.0, -0.0, 1.0, 65504.0, 65519.99, 2 ** -24, 2 ** -25, 2 ** -24 * 1.5, 1.0009765625, 1.00048828125,
          1.00146484375, float("inf"), float("-inf"), float("nan")]:
    show(lambda: (struct.pack("<e", x), struct.unpack("<e", struct.pack("<e", x))))
print(struct.unpack("<e", b"\x01\x7c"), struct.unpack(">e", b"\x3c\x00"), struct.unpack("<e", b"\x01\x00"))

class Index:
    def __index__(self):
        return 7
class Real:
    def __float__(self):
        return 2.5
print(struct.pack("i", Index()), struct.pack("d", Real()), struct.pack("d", Index()), struct.pack("?", []),
      struct.pack("5p", b"abcdefg"), struct.pack("300p", b"a" * 300)[:3], struct.pack("s", bytearray(b"ab")))

show(lambda: struct.pack("3"))
show(lambda: struct.pack("z"))
show(lambda: struct.calcsize("<n"))
show(lambda: struct.pack("i"))
show(lambda: struct.pack("i", 1, 2))
show(lambda: struct.pack("c", b"ab"))
show(lambda: struct.pack("s", "ab"))
show(lambda: struct.pack("p", 5))
show(lambda: struct.pack())
show(lambda: struct.unpack("i", b"abc"))
show(lambda: struct.unpack("i", "abcd"))
show(lambda: struct.calcsize("1000000000000000000000i"))
show(lambda: struct.calcsize("i 2 h"))
show(lambda: struct.calcsize("ii\x00"))
show(lambda: struct.Struct(5))
show(lambda: struct.Struct("\xe9"))
show(lambda: struct.Struct())

buf = bytearray(10)
for offset in [0, 6, 8, -4, -3, -11]:
    show(lambda: (struct.pack_into("i", buf, offset, 0x01020304), bytes(buf)))
    show(lambda: struct.unpack_from("i", bytes(range(10)), offset))
show(lambda: struct.pack_into("i", b"1234", 0, 1))
show(lambda: struct.pack_into("i", bytearray(4)))
show(lambda: struct.unpack_from("<h", buffer=b"\x01\x02\x03", offset=1))

it = struct.iter_unpack("<h", b"abcdef")
print(type(it).__name__, it.__length_hint__(), list(it), it.__length_hint__())
show(lambda: struct.iter_unpack("i", b"abc"))
show(lambda: struct.iter_unpack("", b"abc"))
show(lambda: type(it)())

s = struct.Struct("<2h")
print(s.format, s.size, s.pack(1, -1), s.unpack(b"\x01\x00\xff\xff"), s.unpack_from(b"xx\x01\x00\x02\x00", 2))
s.__init__(b">q")
print(s.format, s.size, s.pack(1), struct.Struct.__new__(struct.Struct).size)
class Sub(struct.Struct):
    pass
print(Sub("i").size, isinstance(Sub("i"), struct.Struct), struct.error.__module__, struct.error.__mro__[1].__name__)
struct._clearcache()
print(struct.pack("<i", 5), [struct.calcsize("%dx" % i) for i in range(5)])
