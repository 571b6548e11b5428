# mmap: anonymous maps, indexing, slicing, iteration, find, readline, resize, exports, errors
import mmap
try: mmap.mmap(-1, -1)
except Exception as e: print(type(e).__name__, e)
m = mmap.mmap(-1, 10)
m.write(b"hello\nworld")  if False else m.write(b"hello\nwor")
print(m[:], m[0], m[-1], m[::2], list(m)[:3], b"l" in m)
m.seek(0); print(m.readline(), m.tell(), m.find(b"o"), m.rfind(b"o"), m.find(b"o", -3))
m[0:2] = b"HE"; m[3] = 76; print(m[:5]); print(repr(m))
try: m[0:2] = b"x"
except IndexError as e: print(e)
try: del m[0]
except TypeError as e: print(e)
try: m[0] = 256
except ValueError as e: print(e)
mv = memoryview(m)
try: m.close()
except BufferError as e: print(e)
mv.release(); m.resize(20); print(len(m))
m.close(); print(m.closed, repr(m))
try: m.read()
except ValueError as e: print(e)
