# The native layers under multiprocessing: _multiprocessing.SemLock (counting semaphore
# and recursive mutex semantics, _rebuild by name, errors), sem_unlink, _posixshmem and
# multiprocessing.shared_memory (SharedMemory, ShareableList) shared with a forked child.
import _multiprocessing
import _posixshmem
import multiprocessing as mp
import os
from multiprocessing import shared_memory

tag = "%d" % os.getpid()
print(_multiprocessing.flags, _multiprocessing.SemLock.SEM_VALUE_MAX)

s = _multiprocessing.SemLock(1, 2, 3, "/krait-t303-a" + tag, True)
print(s.kind, s.maxvalue, s.name, type(s.handle).__name__)
print(s.acquire(), s._count(), s._get_value(), s._is_mine(), s._is_zero())
print(s.acquire(), s.acquire(False), s.acquire(True, 0.01), s._is_zero())
s.release()
s.release()
print(s._get_value(), s._count())
s.release()
try:
    s.release()
except ValueError as e:
    print("ValueError:", e)

name = "/krait-t303-b" + tag
r = _multiprocessing.SemLock(0, 1, 1, name, False)
print(r.name == name)
with r:
    print(r._is_mine(), r.acquire(), r._count())
r.release()
print(r._count(), r._is_mine())
try:
    r.release()
except AssertionError as e:
    print("AssertionError:", e)
other = _multiprocessing.SemLock._rebuild(0, 0, 1, name)
print(other.acquire(), r.acquire(timeout=0), other._count(), r._count())
other.release()
_multiprocessing.sem_unlink(name)
try:
    _multiprocessing.sem_unlink(name)
except FileNotFoundError as e:
    print("FileNotFoundError:", e)
for args in [(5, 1, 1, "/x", True), (1, 1, 1, 5, True)]:
    try:
        _multiprocessing.SemLock(*args)
    except (TypeError, ValueError) as e:
        print(type(e).__name__ + ":", e)

shm_name = "/krait-t303-shm" + tag
fd = _posixshmem.shm_open(shm_name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
print(type(fd).__name__, os.fstat(fd).st_size)
os.close(fd)
_posixshmem.shm_unlink(shm_name)
try:
    _posixshmem.shm_unlink(shm_name)
except FileNotFoundError as e:
    print("FileNotFoundError:", e.errno, e.filename == shm_name)
try:
    _posixshmem.shm_open(b"/x", os.O_RDWR)
except TypeError as e:
    print("TypeError:", e)


def child(block_name, list_name):
    block = shared_memory.SharedMemory(block_name)
    block.buf[:5] = b"HELLO"
    block.close()
    sl = shared_memory.ShareableList(name=list_name)
    sl[0] = sl[0] * 2
    sl[1] = "changed"
    sl.shm.close()


if __name__ == "__main__":
    block = shared_memory.SharedMemory(create=True, size=16)
    block.buf[:5] = b"hello"
    sl = shared_memory.ShareableList([21, "text", 2.5, None, True])
    p = mp.get_context("fork").Process(target=child, args=(block.name, sl.shm.name))
    p.start()
    p.join()
    print(p.exitcode, bytes(block.buf[:5]), list(sl), block.size >= 16)
    block.close()
    block.unlink()
    sl.shm.close()
    sl.shm.unlink()
