# zlib: one-shot and streaming compression, checksums, constants and error messages.
import zlib


def attempt(label, f):
    try:
        r = f()
    except BaseException as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", repr(r) if not isinstance(r, bytes) or len(r) < 80 else ("bytes", len(r)))


data = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\n" % i for i in range(2000))
print(len(data))

# One-shot round trips at every level and container format.
for level in (-1, 0, 1, 6, 9):
    c = zlib.compress(data, level)
    print("level", level, len(c), zlib.decompress(c) == data)
for wbits in (9, 15, -9, -15, 25, 31):
    c = zlib.compress(data, wbits=wbits)
    d = zlib.decompress(c, wbits=wbits)
    print("wbits", wbits, c[:2] if wbits > 0 else b"raw", d == data)
print(zlib.decompress(zlib.compress(data, wbits=31), wbits=47) == data)
print(zlib.decompress(zlib.compress(data), wbits=0) == data)
print(zlib.compress(b""), zlib.compress(b"hello"))
print(zlib.decompress(zlib.compress(b"hello"), bufsize=1))
print(zlib.decompress(zlib.compress(b"hello"), 15, 0))
print(zlib.decompress(bytearray(zlib.compress(b"abc"))), zlib.decompress(memoryview(zlib.compress(b"abc"))))
print(zlib.decompress(zlib.compress(b"hello") + b"trailing"))

# Errors of the one-shot functions.
attempt("compress str", lambda: zlib.compress("x"))
attempt("bad level", lambda: zlib.compress(b"x", 10))
attempt("bad wbits", lambda: zlib.compress(b"x", wbits=99))
attempt("level str", lambda: zlib.compress(b"x", level="a"))
attempt("level float", lambda: zlib.compress(b"x", 1.5))
attempt("level huge", lambda: zlib.compress(b"x", 2**40))
attempt("garbage", lambda: zlib.decompress(b"garbage"))
attempt("empty", lambda: zlib.decompress(b""))
attempt("truncated", lambda: zlib.decompress(zlib.compress(b"hello")[:-3]))
attempt("bufsize -1", lambda: zlib.decompress(b"x", bufsize=-1))
attempt("bufsize huge", lambda: zlib.decompress(b"x", 15, 2**70))
attempt("decompress wbits", lambda: zlib.decompress(zlib.compress(b"hello"), wbits=99))
attempt("raw mismatch", lambda: zlib.decompress(zlib.compress(b"hello"), wbits=-15))
attempt("error type", lambda: (zlib.error.__module__, zlib.error.__mro__[1].__name__))

# Checksums.
print(zlib.crc32(b""), zlib.crc32(b"hello"), zlib.crc32(b"hello", 1), zlib.crc32(data))
print(zlib.adler32(b""), zlib.adler32(b"hello"), zlib.adler32(b"hello", 0), zlib.adler32(data))
print(zlib.crc32(b"world", zlib.crc32(b"hello ")) == zlib.crc32(b"hello world"))
print(zlib.crc32(b"x", -1), zlib.crc32(b"x", 2**40 + 5), zlib.adler32(b"x", -1))
attempt("crc32 str", lambda: zlib.crc32("x"))
attempt("crc32 float", lambda: zlib.crc32(b"x", 1.5))
attempt("adler32 noargs", lambda: zlib.adler32())

# Compress objects: flush modes, copy, errors after finish.
c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_FILTERED)
parts = [c.compress(data[:5000]), c.flush(zlib.Z_SYNC_FLUSH), c.compress(data[5000:]), c.flush(zlib.Z_FULL_FLUSH)]
print([len(p) for p in parts], parts[1][-4:])
copy = c.copy()
tail1, tail2 = c.flush(), copy.flush()
print(tail1 == tail2, zlib.decompress(b"".join(parts) + tail1, -15) == data)
print(c.flush(zlib.Z_NO_FLUSH))
attempt("flush twice", lambda: c.flush())
attempt("compress after finish", lambda: c.compress(b"x"))
attempt("copy after finish", lambda: c.copy())
attempt("compressobj level", lambda: zlib.compressobj(10))
attempt("compressobj method", lambda: zlib.compressobj(method=9))
attempt("compressobj memLevel", lambda: zlib.compressobj(memLevel=0))
attempt("compressobj strategy", lambda: zlib.compressobj(strategy=99))
attempt("compressobj zdict str", lambda: zlib.compressobj(zdict="x"))
attempt("compress str", lambda: zlib.compressobj().compress("x"))
attempt("flush bad mode", lambda: zlib.compressobj().flush(99))
attempt("instantiate", lambda: type(zlib.compressobj())())
print(type(zlib.compressobj()).__name__, type(zlib.decompressobj()).__qualname__, type(zlib.compressobj()).__module__)

# Decompress objects: max_length, unconsumed_tail, unused_data, eof, flush.
packed = zlib.compress(data)
d = zlib.decompressobj()
out = []
chunk = d.decompress(packed, 1000)
while chunk:
    out.append(chunk)
    chunk = d.decompress(d.unconsumed_tail, 1000)
print(len(out), sum(map(len, out)), b"".join(out) == data, d.eof, d.unconsumed_tail, d.unused_data)
d = zlib.decompressobj()
print(d.decompress(packed[:100])[:20], d.eof)
rest = d.decompress(packed[100:] + b"EXTRA")
print(len(rest), d.eof, d.unused_data, d.unconsumed_tail)
print(d.flush(), d.eof)
d = zlib.decompressobj()
head = d.decompress(packed, 10)
print(head, len(d.unconsumed_tail))
print(len(d.flush()), d.eof, d.unconsumed_tail)
d = zlib.decompressobj()
d.decompress(packed[:50])
d2 = d.copy()
print(d.decompress(packed[50:]) == d2.decompress(packed[50:]))
attempt("max_length -1", lambda: zlib.decompressobj().decompress(b"x", -1))
attempt("flush 0", lambda: zlib.decompressobj().flush(0))
attempt("bad stream", lambda: zlib.decompressobj().decompress(b"garbage"))
attempt("decompressobj wbits", lambda: zlib.decompressobj(wbits=99))
attempt("decompressobj zdict", lambda: zlib.decompressobj(zdict=1))
print(zlib.decompressobj().flush(), zlib.decompressobj().decompress(b"x\x9c"))

# Preset dictionaries.
zdict = b"the quick brown fox jumps over the lazy dog"
c = zlib.compressobj(zdict=zdict)
packed = c.compress(data[:400]) + c.flush()
d = zlib.decompressobj(zdict=zdict)
print(d.decompress(packed) == data[:400])
attempt("missing zdict", lambda: zlib.decompressobj().decompress(packed))
c = zlib.compressobj(wbits=-15, zdict=zdict)
raw = c.compress(data[:400]) + c.flush()
print(zlib.decompressobj(wbits=-15, zdict=zdict).decompress(raw) == data[:400])

# Large data takes the GIL-free paths; copy and deepcopy.
import copy as copymod
big = data * 20
print(len(zlib.compress(big, 1)) < len(big), zlib.decompress(zlib.compress(big)) == big)
print(zlib.crc32(big), zlib.adler32(big))
c = zlib.compressobj()
head = c.compress(b"abc")
print(zlib.decompress(head + copymod.copy(c).flush()), zlib.decompress(head + copymod.deepcopy(c).flush()))

# Constants.
for name in ("MAX_WBITS", "DEFLATED", "DEF_MEM_LEVEL", "DEF_BUF_SIZE", "Z_NO_COMPRESSION", "Z_BEST_SPEED",
             "Z_BEST_COMPRESSION", "Z_DEFAULT_COMPRESSION", "Z_FILTERED", "Z_HUFFMAN_ONLY", "Z_RLE", "Z_FIXED",
             "Z_DEFAULT_STRATEGY", "Z_NO_FLUSH", "Z_PARTIAL_FLUSH", "Z_SYNC_FLUSH", "Z_FULL_FLUSH", "Z_FINISH",
             "Z_BLOCK", "Z_TREES"):
    print(name, getattr(zlib, name))
print(zlib.ZLIB_VERSION == zlib.ZLIB_RUNTIME_VERSION, zlib.__version__)
print(zlib.__doc__.splitlines()[0])
print(zlib.crc32.__doc__.splitlines()[0])

# gzip on top of zlib.
import gzip
blob = gzip.compress(data, mtime=0)
print(len(blob), gzip.decompress(blob) == data)
