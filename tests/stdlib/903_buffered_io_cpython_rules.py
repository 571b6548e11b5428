# Buffered I/O as CPython's C implementation: raw reads through readinto (with checks),
# readinto1, abilities per class, re-initialisation, misbehaving raw streams, truncate,
# non-blocking writes (BlockingIOError.characters_written), flush vs raw.flush, locking.
import io
import sys
import threading


def attempt(label, f, *args):
    try:
        result = f(*args)
        print(label, '->', repr(result))
    except Exception as e:
        cause = type(e.__cause__).__name__ if e.__cause__ else None
        print(label, '!', type(e).__name__, e, cause)


class Raw(io.RawIOBase):
    def __init__(self, chunks=(), log=None):
        self.chunks = list(chunks)
        self.log = log if log is not None else []
        self.written = []
    def readable(self): return True
    def writable(self): return True
    def seekable(self): return True
    def readinto(self, b):
        self.log.append(('readinto', len(b)))
        if not self.chunks:
            return 0
        data = self.chunks.pop(0)
        b[:len(data)] = data
        return len(data)
    def write(self, b):
        self.written.append(bytes(b))
        return len(b)
    def flush(self):
        self.log.append('raw flush')
    def seek(self, pos, whence=0):
        return 0
    def tell(self):
        return 0


# readinto1: buffered bytes first, then one raw read straight into a large target.
log = []
r = io.BufferedReader(Raw([b"abc", b"de", b"fgh", b"jkl"], log), buffer_size=10)
b = bytearray(2)
print(r.peek(3), r.readinto1(b), bytes(b), r.readinto1(b), bytes(b[:1]), r.readinto1(b), bytes(b))
b = bytearray(20)
print(r.peek(3), r.readinto1(b), bytes(b[:6]), log)

# Abilities belong to the class.
for cls in (io.BufferedReader, io.BufferedWriter, io.BufferedRandom):
    f = cls(io.BytesIO(b"data"))
    print(cls.__name__, f.readable(), f.writable(), hasattr(cls, 'readable'))

# A failed re-initialisation leaves the object unusable; huge buffers are MemoryError.
r = io.BufferedReader(io.BytesIO(b"abc"))
attempt('reinit 0', r.__init__, io.BytesIO(b"x"), 0)
attempt('read after failed init', r.read)
attempt('huge buffer', io.BufferedReader, io.BytesIO(), sys.maxsize)


class BadReadinto(Raw):
    def __init__(self, result):
        super().__init__()
        self.result = result
    def readinto(self, b):
        return self.result


for result in (-1, 100, b'', 2.5):
    attempt('readinto returns %r' % (result,), io.BufferedReader(BadReadinto(result), 8).read, 4)


class BadSeek(Raw):
    def seek(self, pos, whence=0): return -123
    def tell(self): return -456


attempt('bad seek', io.BufferedReader(BadSeek()).seek, 0)
attempt('bad tell', io.BufferedReader(BadSeek()).tell)

# truncate() rewinds raw to the logical position first.
with io.BytesIO(b'\x00' * 100) as raw:
    f = io.BufferedRandom(raw, 8)
    f.write(b'x' * 9)
    f.read(1)
    print('truncate', f.truncate(), f.tell(), len(raw.getvalue()))


class NonBlocking(Raw):
    blocker = None
    def write(self, b):
        b = bytes(b)
        if self.blocker:
            n = b.find(self.blocker)
            if n > 0:
                self.written.append(b[:n])
                return n
            if n == 0:
                return None
        self.written.append(b)
        return len(b)


raw = NonBlocking()
w = io.BufferedWriter(raw, 8)
print(w.write(b"abcd"), w.write(b"efghi"))
raw.blocker = b"k"
print(w.write(b"jklmn"))
raw.blocker = b"0"
try:
    w.write(b"opqrwxyz0123456789")
except BlockingIOError as e:
    print('BlockingIOError', e.args[1:], e.characters_written)
print(b"".join(raw.written))
raw.written.clear()
raw.blocker = None
print(w.write(b"ABCDEFGHI"), b"".join(raw.written)[:9])

# flush() writes the buffer only; raw.flush() comes with close().
log = []
w = io.BufferedWriter(Raw(log=log))
w.write(b'x')
w.flush()
print('after flush', log)
w.close()
print('after close', log)

# Threads sharing one writer: every write lands whole.
out = io.BytesIO()
w = io.BufferedWriter(out, 16)
def work(n):
    for i in range(200):
        w.write(b"%03d-" % n)
threads = [threading.Thread(target=work, args=(n,)) for n in range(5)]
for t in threads: t.start()
for t in threads: t.join()
w.flush()
data = out.getvalue()
print('threads', len(data), all(data.count(b"%03d-" % n) == 200 for n in range(5)))

# A write after another thread closed the file under the lock.
w = io.BufferedWriter(io.BytesIO())
w.close()
attempt('write closed', w.write, b'x')
