# os file operations in a scratch directory: descriptors, stat, links, permissions,
# renames, errors with their filenames, and the shutil/tempfile helpers built on them.
import errno
import os
import shutil
import stat
import tempfile

base = tempfile.mkdtemp(prefix="krait-os-")
os.chdir(base)

# Descriptors
fd = os.open("f.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
print(os.write(fd, b"hello world\n"), os.get_inheritable(fd), os.get_blocking(fd))
os.close(fd)
fd = os.open("f.txt", os.O_RDONLY)
print(os.read(fd, 5), os.lseek(fd, 0, os.SEEK_CUR), os.read(fd, 100), os.read(fd, 10))
print(os.lseek(fd, -6, os.SEEK_END), os.read(fd, 3), os.pread(fd, 4, 0))
st = os.fstat(fd)
print(st.st_size, stat.S_ISREG(st.st_mode), stat.S_IMODE(st.st_mode) == 0o644 & ~0o022 or stat.S_IMODE(st.st_mode))
fd2 = os.dup(fd)
print(fd2 != fd, os.get_inheritable(fd2))
fd3 = os.dup2(fd, 50)
print(fd3, os.get_inheritable(50))
os.set_inheritable(50, False)
print(os.get_inheritable(50))
os.dup2(fd, 51, inheritable=False)
print(os.get_inheritable(51))
for f in (fd, fd2, 50, 51):
    os.close(f)
try:
    os.close(fd)
except OSError as e:
    print(type(e).__name__, e.errno == errno.EBADF)
try:
    os.read(fd, 1)
except OSError as e:
    print(type(e).__name__, e.strerror)

r, w = os.pipe()
print(os.get_inheritable(r), os.get_blocking(r))
os.set_blocking(r, False)
print(os.get_blocking(r))
try:
    os.read(r, 10)
except BlockingIOError as e:
    print("BlockingIOError", e.errno == errno.EAGAIN)
os.write(w, b"abc")
print(os.read(r, 10))
print(os.writev(w, [b"12", bytearray(b"34"), memoryview(b"5")]))
buf1, buf2 = bytearray(2), bytearray(10)
print(os.readv(r, [buf1, buf2]), buf1, buf2[:3])
os.close(r)
os.close(w)
print(os.isatty(r) if False else "closed")

# stat family
st = os.stat("f.txt")
print(st.st_size, type(st.st_mtime).__name__, type(st.st_mtime_ns).__name__, type(st[stat.ST_MTIME]).__name__)
print(st.st_mtime_ns // 10**9 == st[8], abs(st.st_mtime - st.st_mtime_ns / 1e9) < 1e-6)
print(st == os.stat(b"f.txt"), os.stat("f.txt", follow_symlinks=False).st_ino == st.st_ino)
os.utime("f.txt", ns=(1_000_000_123, 2_000_000_456))
st = os.stat("f.txt")
print(st.st_atime_ns, st.st_mtime_ns, st.st_mtime, st[8])
os.utime("f.txt", (5, 6.5))
st = os.stat("f.txt")
print(st.st_atime, st.st_mtime, st.st_mtime_ns)
for args, kwargs in ((("f.txt", (1, 2)), {"ns": (1, 2)}), (("f.txt", 5), {}), (("f.txt",), {"ns": 5})):
    try:
        os.utime(*args, **kwargs)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)

# Errors carry the file names
for call in (lambda: os.stat("missing"), lambda: os.open("missing", os.O_RDONLY),
             lambda: os.rename("missing", "other"), lambda: os.mkdir("f.txt"),
             lambda: os.rmdir("f.txt"), lambda: os.listdir("missing"),
             lambda: os.readlink("f.txt"), lambda: os.unlink("missing"),
             lambda: os.chdir("missing"), lambda: os.link("missing", "l2"),
             lambda: os.stat(b"missing"), lambda: os.stat("nul\0byte"), lambda: os.stat(1.5),
             lambda: os.listdir(1.5), lambda: os.open(1.5, 0), lambda: os.stat(".", dir_fd=1.5),
             lambda: os.stat(0, dir_fd=3), lambda: os.stat(0, follow_symlinks=False)):
    try:
        call()
    except (OSError, TypeError, ValueError) as e:
        print(type(e).__name__, e)

# Directories, links, renames
os.mkdir("d")
os.makedirs("d/e/f")
os.makedirs("d/e/f", exist_ok=True)
for name in ("d/a.txt", "d/b.txt", "d/e/c.txt"):
    with open(name, "w") as fh:
        fh.write(name)
print(sorted(os.listdir("d")), sorted(os.listdir(b"d")))
print(sorted(os.listdir()) == sorted(os.listdir(".")))
os.symlink("a.txt", "d/link")
print(os.readlink("d/link"), os.readlink(b"d/link"), os.path.islink("d/link"), os.path.realpath("d/link") == os.path.realpath("d/a.txt"))
print(os.lstat("d/link").st_mode & 0o170000 == stat.S_IFLNK, os.stat("d/link").st_size)
os.link("d/a.txt", "d/hard")
print(os.stat("d/a.txt").st_nlink, os.path.samefile("d/a.txt", "d/hard"))
os.rename("d/b.txt", "d/b2.txt")
os.replace("d/b2.txt", "d/a.txt")
print(sorted(os.listdir("d")), open("d/a.txt").read())
os.chmod("d/a.txt", 0o600)
print(oct(stat.S_IMODE(os.stat("d/a.txt").st_mode)), os.access("d/a.txt", os.R_OK), os.access("missing", os.F_OK))
os.chmod("d/a.txt", 0o644)
os.truncate("d/a.txt", 3)
print(os.path.getsize("d/a.txt"))
with open("d/a.txt", "r+b") as fh:
    os.ftruncate(fh.fileno(), 1)
    os.fsync(fh)
print(os.path.getsize("d/a.txt"))
walked = [(root, sorted(dirs), sorted(files)) for root, dirs, files in os.walk("d")]
print(sorted(walked))
dirfd = os.open("d", os.O_RDONLY)
print(sorted(os.listdir(dirfd)) == sorted(os.listdir("d")), os.stat("a.txt", dir_fd=dirfd).st_size)
os.mkdir("sub", dir_fd=dirfd)
print(os.path.isdir("d/sub"))
os.rmdir("sub", dir_fd=dirfd)
os.close(dirfd)

# shutil and tempfile
shutil.copy("d/a.txt", "copy.txt")
shutil.copytree("d", "d2", symlinks=True)
print(sorted(os.listdir("d2")), os.path.islink("d2/link"))
shutil.move("copy.txt", "moved.txt")
print(os.path.exists("copy.txt"), os.path.exists("moved.txt"))
shutil.rmtree("d2")
print(os.path.exists("d2"))
print(shutil.disk_usage(".").total > 0, shutil.which("sh") is not None)
with tempfile.TemporaryDirectory() as tmp:
    with tempfile.NamedTemporaryFile(dir=tmp, delete=False) as ntf:
        ntf.write(b"data")
    print(os.path.getsize(ntf.name), os.path.dirname(ntf.name) == tmp)
print(os.path.exists(tmp))
with tempfile.TemporaryFile() as tf:
    tf.write(b"xyz")
    tf.seek(0)
    print(tf.read())
fd, path = tempfile.mkstemp(suffix=".dat")
os.close(fd)
os.remove(path)
print(path.endswith(".dat"))

os.chdir("/")
shutil.rmtree(base)
print(os.path.exists(base))
