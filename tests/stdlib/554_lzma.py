# _lzma and lzma: the xz, alone and raw formats, filter chains, integrity checks,
# max_length/needs_input/unused_data, LZMAFile, the filter-properties helpers and errors.
import io
import lzma
import os
import pickle
import tempfile
import _lzma
from lzma import LZMACompressor, LZMADecompressor

data = b"".join(b"record %05d: some moderately repetitive payload\n" % i for i in range(4000))
for fmt in (lzma.FORMAT_XZ, lzma.FORMAT_ALONE):
    packed = lzma.compress(data, format=fmt)
    print(fmt, packed[:6], lzma.decompress(packed) == data)
for check in (lzma.CHECK_NONE, lzma.CHECK_CRC32, lzma.CHECK_CRC64, lzma.CHECK_SHA256):
    d = LZMADecompressor()
    out = d.decompress(lzma.compress(data, check=check, preset=1))
    print(check, lzma.is_check_supported(check), out == data, d.check, d.eof)
print(lzma.is_check_supported(lzma.CHECK_ID_MAX), lzma.is_check_supported(lzma.CHECK_UNKNOWN))

chain = [{"id": lzma.FILTER_DELTA, "dist": 4}, {"id": lzma.FILTER_X86, "start_offset": 0},
         {"id": lzma.FILTER_LZMA2, "preset": 6 | lzma.PRESET_EXTREME, "lc": 3, "mf": lzma.MF_BT4,
          "mode": lzma.MODE_NORMAL, "nice_len": 64}]
raw = lzma.compress(data, format=lzma.FORMAT_RAW, filters=chain)
print(lzma.decompress(raw, format=lzma.FORMAT_RAW, filters=chain) == data)
xz = lzma.compress(data, filters=chain)
print(lzma.decompress(xz) == data)
alone = lzma.compress(data, format=lzma.FORMAT_ALONE, filters=[{"id": lzma.FILTER_LZMA1, "dict_size": 1 << 20}])
print(lzma.decompress(alone, format=lzma.FORMAT_ALONE) == data)

packed = lzma.compress(data)
d = LZMADecompressor()
first = d.decompress(packed, max_length=100)
print(len(first), d.needs_input, d.eof, d.check)
rest = first
while not d.eof:
    rest += d.decompress(b"", max_length=40000)
print(rest == data, d.needs_input, d.unused_data)
d = LZMADecompressor()
print(d.decompress(packed + b"junk") == data, d.unused_data)
d = LZMADecompressor()
out = b"".join(d.decompress(packed[i:i + 13]) for i in range(0, len(packed), 13))
print(out == data, d.eof)
print(lzma.decompress(packed + packed) == data * 2)

c = LZMACompressor(preset=2)
stream = b"".join(c.compress(data[i:i + 5000]) for i in range(0, len(data), 5000)) + c.flush()
print(lzma.decompress(stream) == data)

props = _lzma._encode_filter_properties({"id": lzma.FILTER_LZMA1, "dict_size": 1 << 16, "lc": 2})
print(props, _lzma._decode_filter_properties(lzma.FILTER_LZMA1, props))
print(_lzma._decode_filter_properties(lzma.FILTER_LZMA2, b"\x10"))
print(_lzma._decode_filter_properties(lzma.FILTER_DELTA, b"\x03"))
print(_lzma._decode_filter_properties(lzma.FILTER_X86, b"\x10\x00\x00\x00"))

with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "x.xz")
    with lzma.open(path, "wt", encoding="utf-8") as f:
        f.write("alpha\nbeta\n")
    with lzma.open(path, "rb") as f:
        print(f.read(), f.tell(), f.seek(2), f.read(3))

errors = [
    lambda: LZMACompressor(format=9),
    lambda: LZMACompressor(format=lzma.FORMAT_ALONE, check=lzma.CHECK_CRC32),
    lambda: LZMACompressor(preset=1, filters=[]),
    lambda: LZMACompressor(format=lzma.FORMAT_RAW),
    lambda: LZMACompressor(filters=[1]),
    lambda: LZMACompressor(filters=[{}]),
    lambda: LZMACompressor(filters=[{"id": 5}]),
    lambda: LZMACompressor(filters=[{"id": lzma.FILTER_LZMA2, "foo": 1}]),
    lambda: LZMACompressor(filters=[{"id": lzma.FILTER_DELTA, "foo": 1}]),
    lambda: LZMACompressor(filters=[{"id": lzma.FILTER_X86, "foo": 1}]),
    lambda: LZMACompressor(filters=[{"id": lzma.FILTER_LZMA2, "preset": 99}]),
    lambda: LZMACompressor(filters=[{"id": lzma.FILTER_DELTA}] * 5),
    lambda: LZMACompressor(filters=5),
    lambda: LZMACompressor(check="none"),
    lambda: LZMADecompressor(format=9),
    lambda: LZMADecompressor(format=lzma.FORMAT_RAW, memlimit=1 << 20),
    lambda: LZMADecompressor(format=lzma.FORMAT_RAW),
    lambda: LZMADecompressor(filters=[]),
    lambda: LZMADecompressor(format=lzma.FORMAT_RAW, filters={}),
    lambda: LZMADecompressor().decompress(b"garbage"),
    lambda: LZMADecompressor(memlimit=1024).decompress(packed),
    lambda: lzma.decompress(packed[:-20]),
    lambda: pickle.dumps(LZMACompressor()),
    lambda: pickle.dumps(LZMADecompressor()),
    lambda: LZMACompressor().compress("text"),
]
for call in errors:
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)
c = LZMACompressor()
c.flush()
for call in (lambda: c.compress(b"x"), c.flush):
    try:
        call()
    except ValueError as e:
        print("ValueError", e)
d = LZMADecompressor()
d.decompress(packed)
try:
    d.decompress(b"x")
except EOFError as e:
    print("EOFError", e)
