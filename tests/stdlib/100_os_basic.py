# os basics: process information, fspath, environ, constants and status macros.
import os
import sys

print(os.name, os.sep, os.curdir, os.pardir, os.extsep, os.pathsep, repr(os.linesep))
print(os.getpid() > 0, os.getppid() > 0, os.getpid() != os.getppid())
print(isinstance(os.getuid(), int), os.geteuid() == os.getuid(), os.getegid() == os.getgid())
print(type(os.getgroups()).__name__, os.getpgrp() > 0, os.getpgid(0) == os.getpgrp())
print(os.getcwd() == os.path.abspath("."), os.getcwdb() == os.fsencode(os.getcwd()))

# fspath and the PathLike protocol
class P:
    def __init__(self, p): self.p = p
    def __fspath__(self): return self.p

print(os.fspath("a/b"), os.fspath(b"a/b"), os.fspath(P("x")), os.fspath(P(b"y")))
for bad in (1, None, 1.5, P(3)):
    try:
        os.fspath(bad)
    except TypeError as e:
        print("TypeError:", e)
print(os.fsencode("caf\xe9"), os.fsdecode(b"caf\xc3\xa9"), ascii(os.fsdecode(b"\xff")))
print(os.fsencode(os.fsdecode(b"\xff\xfe")) == b"\xff\xfe")

# strerror and errors
print(os.strerror(2), "|", os.strerror(13))
print(os.error is OSError)

# environ
os.environ["KRAIT_TEST_VAR"] = "value1"
print(os.environ["KRAIT_TEST_VAR"], os.getenv("KRAIT_TEST_VAR"), os.environb[b"KRAIT_TEST_VAR"])
del os.environ["KRAIT_TEST_VAR"]
print("KRAIT_TEST_VAR" in os.environ, os.getenv("KRAIT_TEST_VAR", "gone"))
try:
    os.putenv("A=B", "x")
except ValueError as e:
    print("ValueError:", e)
try:
    os.environ["x\0y"] = "1"
except ValueError as e:
    print("ValueError:", e)
print("PATH" in os.environ, isinstance(os.get_exec_path(), list))

# constants
print(os.F_OK, os.R_OK, os.W_OK, os.X_OK, os.SEEK_SET, os.SEEK_CUR, os.SEEK_END)
print(os.O_RDONLY, os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_EXCL, os.O_TRUNC, os.O_APPEND, os.O_CLOEXEC)
print(os.WNOHANG, os.EX_OK, os.EX_USAGE, os.P_PID, os.P_ALL)
import posix
print(sorted(n for n in ("HAVE_FSTATAT", "HAVE_OPENAT", "HAVE_UNLINKAT") if n in posix._have_functions))
print(os.stat in os.supports_dir_fd, os.stat in os.supports_fd, os.stat in os.supports_follow_symlinks)
print(os.access in os.supports_effective_ids, os.listdir in os.supports_fd, os.scandir in os.supports_fd)

# wait status helpers
for status in (0, 256, 3 << 8, 9, 15, 0x137f):
    print(status, os.WIFEXITED(status), os.WEXITSTATUS(status), os.WIFSIGNALED(status),
          os.WTERMSIG(status), os.WIFSTOPPED(status), os.WSTOPSIG(status))
print(os.waitstatus_to_exitcode(256), os.waitstatus_to_exitcode(9))
try:
    os.waitstatus_to_exitcode(0x137f)
except ValueError as e:
    print("ValueError:", e)

# devices, system information
dev = os.makedev(8, 17)
print(dev, os.major(dev), os.minor(dev))
u = os.uname()
print(type(u).__name__, len(u), u.sysname, all(isinstance(x, str) for x in u))
t = os.times()
print(type(t).__name__, len(t), all(isinstance(x, float) for x in t))
print(isinstance(os.cpu_count(), int), len(os.sched_getaffinity(0)) >= 1)
print(len(os.urandom(16)), os.urandom(0))
try:
    os.urandom(-1)
except ValueError as e:
    print("ValueError:", e)
print(os.sysconf("SC_PAGESIZE") == os.sysconf(os.sysconf_names["SC_PAGESIZE"]), "SC_OPEN_MAX" in os.sysconf_names)
try:
    os.sysconf("SC_NOPE")
except ValueError as e:
    print("ValueError:", e)
print(os.confstr("CS_PATH") is not None, len(os.getloadavg()))
ts = os.terminal_size((80, 24))
print(ts, ts.columns, ts.lines)
old = os.umask(0o22)
print(os.umask(old) == 0o22)
print(os.path.normpath("a//b/../c/./d"), os.path.normpath(b"/../x//"), os.path.normpath(""), os.path.normpath("//a/b"))
