# _bz2 and bz2: one-shot and incremental compression, max_length/needs_input/unused_data,
# multi-stream files, BZ2File, and the error messages.
import bz2
import io
import os
import pickle
import tempfile
from _bz2 import BZ2Compressor, BZ2Decompressor

data = b"".join(b"line %d of some repetitive text\n" % i for i in range(5000))
packed = bz2.compress(data)
print(len(data), packed[:4], bz2.decompress(packed) == data)
print(bz2.compress(b"") , bz2.decompress(b""))
for level in (1, 5, 9):
    print(level, bz2.decompress(bz2.compress(data, level)) == data)

c = BZ2Compressor(3)
chunks = [c.compress(data[i:i + 1000]) for i in range(0, len(data), 1000)]
chunks.append(c.flush())
print(bz2.decompress(b"".join(chunks)) == data)

d = BZ2Decompressor()
out = d.decompress(packed, max_length=100)
print(len(out), d.needs_input, d.eof, d.unused_data)
while not d.eof:
    out += d.decompress(b"", max_length=50000)
print(out == data, d.needs_input, d.eof)

d = BZ2Decompressor()
print(d.decompress(packed + b"trailing") == data, d.unused_data, d.needs_input)
d = BZ2Decompressor()
pieces = b"".join(d.decompress(packed[i:i + 7]) for i in range(0, len(packed), 7))
print(pieces == data, d.eof)
print(bz2.decompress(packed + packed) == data * 2)

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "x.bz2")
    with bz2.open(path, "wt", encoding="utf-8") as f:
        f.write("hello\nworld\n")
    with bz2.BZ2File(path, "a") as f:
        f.write(b"more\n")
    with bz2.open(path, "rb") as f:
        print(f.read(), f.tell())
    with bz2.BZ2File(path) as f:
        print(f.readline(), f.seek(3), f.read(4), f.peek(1)[:1])

errors = [
    lambda: BZ2Compressor(0),
    lambda: BZ2Compressor("x"),
    lambda: BZ2Compressor(1, 2),
    lambda: BZ2Decompressor(1),
    lambda: bz2.decompress(b"BZh9garbage"),
    lambda: bz2.decompress(packed[:-10]),
    lambda: pickle.dumps(BZ2Compressor(), 2),
    lambda: pickle.dumps(BZ2Decompressor()),
    lambda: BZ2Compressor().compress("text"),
    lambda: bz2.BZ2File(io.BytesIO(), "z"),
]
for call in errors:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
c = BZ2Compressor()
c.flush()
for call in (lambda: c.compress(b"x"), c.flush):
    try:
        call()
    except ValueError as e:
        print("ValueError", e)
d = BZ2Decompressor()
d.decompress(packed)
try:
    d.decompress(b"x")
except EOFError as e:
    print("EOFError", e)
