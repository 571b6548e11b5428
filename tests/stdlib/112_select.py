# select: select(), poll and epoll on pipes, timeouts, errors, and selectors on top.
import os
import select
import selectors
import time

r, w = os.pipe()
names = {r: "r", w: "w"}

def named(pairs):
    return sorted((names[fd], events) for fd, events in pairs)

def named_lists(lists):
    return tuple([names[fd] for fd in fds] for fds in lists)

print(named_lists(select.select([r], [w], [], 0)))
os.write(w, b"x")
print(named_lists(select.select([r], [], [], 0)), select.select([r], [], [])[0] == [r])

class Wrapper:
    def __init__(self, fd): self.fd = fd
    def fileno(self): return self.fd

wr = Wrapper(r)
ready = select.select([wr], [], [], 0.5)[0]
print(ready[0] is wr)
os.read(r, 1)
start = time.monotonic()
print(select.select([r], [], [], 0.05), time.monotonic() - start >= 0.05)
for call in (lambda: select.select([], [], [], "x"), lambda: select.select([], [], [], -1),
             lambda: select.select([1.5], [], [], 0), lambda: select.select(5, [], [], 0),
             lambda: select.select([-1], [], [], 0), lambda: select.select([5000], [], [], 0)):
    try:
        call()
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# poll
p = select.poll()
p.register(r, select.POLLIN)
p.register(w, select.POLLOUT)
print(named(p.poll(0)))
os.write(w, b"yz")
print(named(p.poll(100)))
p.modify(w, select.POLLIN)
print(named(p.poll()))
p.unregister(w)
os.read(r, 2)
print(p.poll(10))
for call in (lambda: p.unregister(w), lambda: p.modify(w, 1), lambda: p.poll("x"),
             lambda: p.register(-1), lambda: p.register(r, -1), lambda: type(p)()):
    try:
        call()
    except KeyError as e:
        print("KeyError", names[e.args[0]])
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__, e)

# epoll
ep = select.epoll()
print(ep.closed, ep.fileno() > 2, type(ep).__name__)
ep.register(r, select.EPOLLIN)
ep.register(w, select.EPOLLOUT | select.EPOLLET)
print(named(ep.poll(0)))
os.write(w, b"1")
print(named(ep.poll(1)))
ep.modify(w, select.EPOLLIN)
print(named(ep.poll(timeout=0.01, maxevents=1)))
ep.unregister(w)
try:
    ep.register(r)
except FileExistsError as e:
    print("FileExistsError", e.errno)
try:
    ep.unregister(w)
except FileNotFoundError as e:
    print("FileNotFoundError", e.errno)
try:
    ep.poll(maxevents=0)
except ValueError as e:
    print("ValueError", e)
ep.close()
print(ep.closed)
try:
    ep.poll()
except ValueError as e:
    print("ValueError", e)
with select.epoll() as ep2:
    ep2.register(r, select.EPOLLIN)
    print(named(ep2.poll(0)))
print(ep2.closed)
for call in (lambda: select.epoll(-2), lambda: select.epoll(flags=5)):
    try:
        call()
    except (ValueError, OSError) as e:
        print(type(e).__name__, e)
os.read(r, 10)

# selectors
sel = selectors.DefaultSelector()
print(type(sel).__name__)
sel.register(r, selectors.EVENT_READ, data="reader")
print(sel.select(0))
os.write(w, b"!")
print([(key.fd == r, key.data, events) for key, events in sel.select(1)])
sel.close()
with selectors.DefaultSelector() as s2:
    s2.register(Wrapper(r), selectors.EVENT_READ)
    print([(k.fileobj.fd == r, ev) for k, ev in s2.select(1)], os.read(r, 10))
os.close(r)
os.close(w)
print(select.PIPE_BUF, select.POLLIN, select.EPOLLET, select.error is OSError)
