# lower/upper, count and replace of one character on 1-byte strings run eight bytes at a
# time: lengths around the word size, every ASCII character (the letters' neighbours
# '@', '[', '`', '{' included), latin-1 text, and bytes.count, which shares the loop.
import sys

ascii_chars = "".join(chr(c) for c in range(128))
for n in list(range(0, 18)) + [31, 32, 33, 64, 100]:
    s = (ascii_chars * 3)[n:n + n]
    print(n, s.lower() == "".join(c.lower() for c in s), s.upper() == "".join(c.upper() for c in s),
          repr(s.lower()[-9:]), repr(s.upper()[:9]))
edge = "@AZ[`az{" * 3
print(edge.lower(), edge.upper(), edge.casefold(), edge.swapcase())
for s in ["Caf\xe9 CR\xc8ME", "\xdf\xff", "\u0130stanbul", "\u20ac Euro"]:
    print(repr(s.lower()), repr(s.upper()), s.lower().isascii())

text = "abracadabra alakazam " * 3
for n in [0, 1, 7, 8, 9, 15, 16, 17, 40, len(text)]:
    t = text[:n]
    print(n, [t.count(c) for c in "a z\x00"], t.count("a", 3), t.count("a", 2, -2), t.count("a", 9, 3))
latin = "\xe9t\xe9 \x80\xff\xe9\x7f" * 5
print([latin.count(c) for c in ["\xe9", "\x80", "\xff", "\x7f", "\x00", "t", "\u20ac", ""]])
data = bytes(range(256)) * 3 + b"\x00\x80\xff"
print([data.count(bytes([b])) for b in (0, 1, 0x7f, 0x80, 0xfe, 0xff)], data.count(0x80), bytearray(data).count(b"\xff"))
print(b"aaaaaaaaaaaaaaaaaaa".count(b"a"), b"aaaa".count(b"a", 1, 3), b"".count(b"a"))

for s in ["a-b-c", "", "-", "--------", "x-" * 13, "no dashes", "\xe9-\xe9-", "a\u20ac-b"]:
    r = s.replace("-", "+")
    print(repr(r), r is s, s.replace("-", "+", 1), s.replace("-", "+", 0) is s, s.replace("-", "\xe9"), s.replace("-", "\u20ac"))
for s in ["caf\xe9", "\xe9\xe9x\xe9", "\xe9"]:
    r = s.replace("\xe9", "e")
    print(repr(r), r.isascii(), sys.getsizeof(r) == sys.getsizeof("x" * len(r)))
print("a\x00b\x00".replace("\x00", "\xff"), "aaaa".replace("a", "b", 2), "aaaa".replace("a", "b", -1))
class S(str):
    pass
r = S("a-b").replace("-", "+")
print(r, type(r).__name__, type(S("ab").replace("-", "+")).__name__, type(S("AB").lower()).__name__)
try:
    "abc".replace("-", 1)
except TypeError as e:
    print("TypeError:", e)
for raw in [b"plain ascii text!", b"caf\xc3\xa9", b"", b"x" * 17, b"x" * 16 + b"\xc3\xa9"]:
    print(repr(raw.decode()), raw.decode().isascii())
