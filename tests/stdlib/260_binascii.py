# binascii: base64 (lenient and strict), hex with separators, uuencode, quoted-printable
# and the checksums, over a deterministic stream of awkward inputs.
import binascii


def show(name, *args, **kwargs):
    try:
        r = getattr(binascii, name)(*args, **kwargs)
    except Exception as e:
        r = (type(e).__name__, str(e))
    print(name, args, kwargs or "", repr(r))


state = 7
def rnd(n):
    global state
    state = (state * 6364136223846793005 + 1442695040888963407) & (2 ** 64 - 1)
    return (state >> 33) % n

alphabet = b"ABCabcz019+/=\n\r \t._-\x00\x80\xff`!"
for i in range(300):
    d = bytes(alphabet[rnd(len(alphabet))] for _ in range(rnd(14)))
    show("a2b_base64", d)
    show("a2b_base64", d, strict_mode=True)
    show("a2b_qp", d)
    show("a2b_qp", d, header=True)
    show("a2b_uu", d)
    show("a2b_hex", d)
    raw = bytes(rnd(256) if rnd(3) == 0 else b" \t\n\r.=_a"[rnd(8)] for _ in range(rnd(100)))
    show("b2a_qp", raw)
    show("b2a_qp", raw, quotetabs=True)
    show("b2a_qp", raw, istext=False)
    show("b2a_qp", raw, header=True)
    show("b2a_uu", raw[:50])
    show("b2a_uu", raw[:45], backtick=True)
    show("b2a_base64", raw)
    show("b2a_base64", raw, newline=False)
    show("crc32", raw)
    show("crc_hqx", raw, rnd(70000))
    show("crc32", raw, rnd(2 ** 33))

for args in [(b"abc",), (b"abc", "-"), (b"abcdef", b":", 2), (b"abcdef", ":", -2), (b"abc", "--"), (b"abc", "\xe9"),
             (b"abc", "\u20ac"), (b"abc", 5), (b"abc", [1]), (b"abcd", ":", 0), (b"", ":")]:
    show("b2a_hex", *args)
    show("hexlify", *args)
for data in ["YWJj", "abcd", "\xe9", 5, bytearray(b"ff")]:
    show("a2b_hex", data)
    show("a2b_base64", data)
print(binascii.a2b_hex(memoryview(b"0a0b")), binascii.a2b_base64(memoryview(b"YWJj")), binascii.crc32(memoryview(b"x")))
show("unhexlify", b"0"); show("b2a_base64", "abc"); show("a2b_uu", b""); show("b2a_uu", b"", backtick=True)
show("b2a_uu", b"x" * 46); show("crc32", "x"); show("crc_hqx", b"x", -1); show("crc32", b"hello", -1)
show("a2b_qp", "a=3D=\r\nb"); show("b2a_qp", b"a\r\nb \nc\t"); show("b2a_qp", b"."); show("b2a_qp", b"x" * 200)
print(binascii.Error.__mro__, binascii.Incomplete.__mro__, binascii.Error.__module__)
