# socket over the loopback interface: socketpair, a listening TCP socket with
# create_connection/accept, sendall/recv, makefile, timeouts, name resolution of
# localhost, and the errors (refused connections, closed sockets, bad arguments).
import errno
import os
import socket
import threading


def attempt(label, f):
    try:
        print(label, "->", repr(f()))
    except Exception as e:
        print(label, "!!", type(e).__name__, e)


print(socket.AF_INET, socket.SOCK_STREAM, socket.AF_UNIX, int(socket.SOCK_DGRAM))
print(repr(socket.AF_INET), repr(socket.SOCK_STREAM))
print(socket.timeout is TimeoutError, issubclass(socket.gaierror, OSError))
print(socket.has_ipv6 in (True, False), socket.SOMAXCONN > 0)

# --- socketpair ---
a, b = socket.socketpair()
with a, b:
    print(a.family == socket.AF_UNIX, a.type == socket.SOCK_STREAM)
    a.sendall(b"hello")
    print(b.recv(100))
    b.send(b"x" * 10)
    buf = bytearray(4)
    print(a.recv_into(buf), buf)
    print(a.recv(100))
    a.shutdown(socket.SHUT_WR)
    print(b.recv(10))
    print(a.gettimeout(), a.getblocking())
    a.setblocking(False)
    print(a.gettimeout(), a.getblocking())
    attempt("recv would block", lambda: a.recv(1))
    a.settimeout(0.05)
    attempt("recv timeout", lambda: a.recv(1))
    a.settimeout(None)
    attempt("negative timeout", lambda: a.settimeout(-1))
    attempt("bad timeout", lambda: a.settimeout("x"))
print(a.fileno(), b.fileno())
attempt("recv closed", lambda: a.recv(1))
attempt("send closed", lambda: a.send(b"x"))

# --- TCP on 127.0.0.1 ---
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen()
host, port = server.getsockname()
print(host, port > 0, server.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR) != 0)
print(repr(server).startswith("<socket.socket fd="), "laddr=('127.0.0.1'" in repr(server))


def serve():
    conn, peer = server.accept()
    with conn:
        conn.sendall(b"banner\n")
        with conn.makefile("rb") as reader:
            for line in reader:
                if line == b"quit\n":
                    break
                conn.sendall(line.upper())


thread = threading.Thread(target=serve)
thread.start()
client = socket.create_connection(("127.0.0.1", port), timeout=5)
with client:
    print(client.getpeername() == ("127.0.0.1", port), client.gettimeout())
    reader = client.makefile("rb")
    writer = client.makefile("w", encoding="ascii")
    print(reader.readline())
    writer.write("one\ntwo\n")
    writer.flush()
    print(reader.readline(), reader.readline())
    writer.write("quit\n")
    writer.flush()
    print(reader.read())
    reader.close()
    writer.close()
thread.join()
server.close()
attempt("accept closed", lambda: server.accept())

# A port nothing listens on: bind, note the port, close.
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
free_port = probe.getsockname()[1]
probe.close()
attempt("refused", lambda: socket.create_connection(("127.0.0.1", free_port), timeout=5))
s = socket.socket()
print(s.connect_ex(("127.0.0.1", free_port)) == errno.ECONNREFUSED)
s.close()

# --- Timeouts on accept ---
listener = socket.create_server(("127.0.0.1", 0))
listener.settimeout(0.05)
try:
    listener.accept()
except socket.timeout as e:
    print("accept timeout:", type(e).__name__, e)
listener.close()
socket.setdefaulttimeout(2.5)
t = socket.socket()
print(t.gettimeout(), socket.getdefaulttimeout())
t.close()
socket.setdefaulttimeout(None)

# --- UDP ---
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2.sendto(b"datagram", u1.getsockname())
data, sender = u1.recvfrom(100)
print(data, sender[1] == u2.getsockname()[1])
u1.close()
u2.close()

# --- Names and addresses ---
infos = socket.getaddrinfo("localhost", 80, socket.AF_INET, socket.SOCK_STREAM)
print(sorted({(f, t, sa) for f, t, p, c, sa in infos}))
print(socket.getaddrinfo("127.0.0.1", "http", type=socket.SOCK_STREAM)[0][4])
print(socket.gethostbyname("localhost"), socket.gethostbyname("127.0.0.1"))
print(isinstance(socket.gethostname(), str))
print(socket.inet_aton("1.2.3.4"), socket.inet_ntoa(b"\x7f\x00\x00\x01"))
print(socket.inet_pton(socket.AF_INET6, "::1"), socket.inet_ntop(socket.AF_INET6, b"\x00" * 15 + b"\x01"))
print(socket.htons(1), socket.ntohl(1), socket.getservbyname("http", "tcp"))
attempt("bad address", lambda: socket.inet_aton("1.2.3.x"))
try:
    socket.getaddrinfo("no-such-host.invalid", 80)
except socket.gaierror as e:
    # The code depends on the resolver (no name vs. no network): only its sign is stable.
    print("gaierror", type(e).__name__, e.errno < 0, isinstance(e.strerror, str))
attempt("bad port", lambda: socket.getaddrinfo("localhost", [80]))
attempt("bind tuple", lambda: socket.socket().bind("127.0.0.1"))
attempt("bad family", lambda: socket.socket(12345))

# --- Unix sockets ---
path = "/tmp/krait-521-%d.sock" % os.getpid()
if os.path.exists(path):
    os.unlink(path)
us = socket.socket(socket.AF_UNIX)
us.bind(path)
us.listen()
uc = socket.socket(socket.AF_UNIX)
uc.connect(path)
peer, _ = us.accept()
uc.sendall(b"unix")
print(peer.recv(10), us.getsockname() == path)
for s in (peer, uc, us):
    s.close()
os.unlink(path)
