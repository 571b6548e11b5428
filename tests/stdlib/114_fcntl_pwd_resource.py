# fcntl, pwd, grp, resource, errno and stat: the small POSIX modules.
import errno
import fcntl
import grp
import os
import pwd
import resource
import stat
import tempfile

# errno
print(errno.ENOENT, errno.errorcode[errno.ENOENT], errno.EAGAIN == errno.EWOULDBLOCK, errno.errorcode[errno.EAGAIN])
print(len(errno.errorcode) > 100, all(isinstance(k, int) for k in errno.errorcode))

# stat
for mode in (0o100644, 0o040755, 0o120777, 0o020666, 0o060660, 0o010600, 0o140755, 0o104755, 0o102755, 0o041777, 0o7000):
    print(oct(mode), stat.filemode(mode), stat.S_ISDIR(mode), stat.S_ISREG(mode), stat.S_ISLNK(mode), oct(stat.S_IMODE(mode)), oct(stat.S_IFMT(mode)))
print(stat.S_IRWXU, stat.S_IFDIR, stat.ST_MTIME, stat.UF_HIDDEN, stat.SF_SNAPSHOT)
for bad in (-1, 2**40, "x"):
    try:
        stat.S_ISDIR(bad)
    except (OverflowError, TypeError) as e:
        print(type(e).__name__, e)

# fcntl
fd, path = tempfile.mkstemp()
flags = fcntl.fcntl(fd, fcntl.F_GETFD)
print(flags & fcntl.FD_CLOEXEC)
fcntl.fcntl(fd, fcntl.F_SETFD, 0)
print(fcntl.fcntl(fd, fcntl.F_GETFD) & fcntl.FD_CLOEXEC)
status = fcntl.fcntl(fd, fcntl.F_GETFL)
print(status & os.O_ACCMODE == os.O_RDWR)
fcntl.flock(fd, fcntl.LOCK_EX)
fcntl.flock(fd, fcntl.LOCK_UN)
fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
fcntl.lockf(fd, fcntl.LOCK_UN)
with open(path, "rb") as fh:
    fcntl.flock(fh, fcntl.LOCK_SH)
    fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
print(len(fcntl.fcntl(fd, fcntl.F_GETFD, b"\0" * 8)))
for call in (lambda: fcntl.fcntl(-1, fcntl.F_GETFD), lambda: fcntl.fcntl(9999, fcntl.F_GETFD),
             lambda: fcntl.flock("x", 1), lambda: fcntl.lockf(fd, 0)):
    try:
        call()
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__, e)
os.close(fd)
os.unlink(path)
print(fcntl.LOCK_SH, fcntl.LOCK_EX, fcntl.LOCK_NB, fcntl.LOCK_UN, fcntl.F_GETFL, fcntl.F_SETLKW)

# pwd and grp
me = pwd.getpwuid(os.getuid())
print(me.pw_uid == os.getuid(), pwd.getpwnam(me.pw_name) == me, me in pwd.getpwall())
root = pwd.getpwuid(0)
print(root.pw_name, root.pw_uid, root.pw_gid, root.pw_dir)
g = grp.getgrgid(0)
print(g.gr_name, g.gr_gid, type(g.gr_mem).__name__, grp.getgrnam(g.gr_name) == g, g in grp.getgrall())
for call in (lambda: pwd.getpwnam("krait-no-user"), lambda: pwd.getpwuid(2**31 - 7), lambda: pwd.getpwuid(-5),
             lambda: pwd.getpwuid("0"), lambda: grp.getgrnam("krait-no-group"), lambda: grp.getgrgid(2**31 - 7),
             lambda: grp.getgrgid(1.5), lambda: pwd.getpwnam(5), lambda: pwd.getpwnam("a\0b")):
    try:
        call()
    except (KeyError, TypeError, ValueError) as e:
        print(type(e).__name__, e)

# resource
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
print(soft > 0, hard >= soft or hard == resource.RLIM_INFINITY)
resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
print(resource.getrlimit(resource.RLIMIT_NOFILE) == (soft, hard), resource.prlimit(0, resource.RLIMIT_NOFILE) == (soft, hard))
print(resource.getpagesize() == os.sysconf("SC_PAGESIZE"), resource.RLIM_INFINITY, resource.RUSAGE_CHILDREN)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime >= 0, usage.ru_maxrss > 0, usage[0] == usage.ru_utime)
for call in (lambda: resource.getrlimit(99), lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1,)),
             lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (10, 5)), lambda: resource.getrusage(99)):
    try:
        call()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
print(resource.error is OSError)
