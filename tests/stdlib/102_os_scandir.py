# scandir and DirEntry, and the directory walkers built on them (os.walk, glob, pathlib).
import glob
import os
import pathlib
import shutil
import stat
import tempfile

base = tempfile.mkdtemp(prefix="krait-scandir-")
os.chdir(base)
os.mkdir("top")
os.mkdir("top/sub")
with open("top/file.txt", "w") as f:
    f.write("0123456789")
with open("top/sub/inner.py", "w") as f:
    f.write("pass\n")
os.symlink("file.txt", "top/link")
os.symlink("sub", "top/dirlink")
os.symlink("nowhere", "top/broken")

with os.scandir("top") as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(repr(e), e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
          e.is_dir(follow_symlinks=False), e.is_file(follow_symlinks=False))
file_entry = entries[[e.name for e in entries].index("file.txt")]
print(file_entry.stat().st_size, file_entry.inode() == os.stat("top/file.txt").st_ino)
print(os.fspath(file_entry), isinstance(file_entry, os.PathLike))
link_entry = entries[[e.name for e in entries].index("link")]
print(link_entry.stat().st_size, stat.S_ISLNK(link_entry.stat(follow_symlinks=False).st_mode))
broken = entries[[e.name for e in entries].index("broken")]
try:
    broken.stat()
except FileNotFoundError as e:
    print("FileNotFoundError", e.filename)

print(sorted(e.name for e in os.scandir(b"top")))
print(sorted(e.path for e in os.scandir(b"top"))[:2])
fd = os.open("top", os.O_RDONLY)
print(sorted((e.name, e.path, e.is_dir()) for e in os.scandir(fd)))
os.close(fd)
cwd_names = sorted(e.path for e in os.scandir())
print(cwd_names)

it = os.scandir("top")
next(it)
it.close()
it.close()
print(list(it))
with os.scandir("top") as it2:
    pass
try:
    os.scandir("missing")
except FileNotFoundError as e:
    print("FileNotFoundError", e.filename)
try:
    os.DirEntry()
except TypeError as e:
    print("TypeError", e)
print(type(entries[0]).__name__, type(os.scandir(".")).__name__)

# Walkers
for root, dirs, files in os.walk("top"):
    print(root, sorted(dirs), sorted(files))
for root, dirs, files in os.walk("top", followlinks=True):
    print(root, sorted(dirs), sorted(files))
print(sorted(glob.glob("top/*")))
print(sorted(glob.glob("top/**/*.py", recursive=True)))
print(sorted(glob.glob("top/[fl]*")))
p = pathlib.Path("top")
print(sorted(str(x) for x in p.iterdir()))
print(sorted(str(x) for x in p.rglob("*.py")))
print(sorted(str(x) for x in p.glob("*.txt")))
print((p / "file.txt").read_text(), (p / "file.txt").stat().st_size, (p / "sub").is_dir(), (p / "broken").exists())
(p / "new").mkdir()
(p / "new" / "x.bin").write_bytes(b"\x00\x01")
print((p / "new" / "x.bin").read_bytes(), sorted(x.name for x in (p / "new").iterdir()))
(p / "new" / "x.bin").rename(p / "new" / "y.bin")
print([x.name for x in (p / "new").iterdir()])
(p / "new" / "y.bin").unlink()
(p / "new").rmdir()
print((p / "new").exists(), pathlib.Path("top/link").resolve().name, pathlib.Path("top/link").is_symlink())

os.chdir("/")
shutil.rmtree(base)
