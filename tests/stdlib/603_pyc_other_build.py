# A .pyc written by another build of the interpreter: the executable is copied with one
# byte of its GNU build id changed. krait derives its magic number (and its marshal stamp
# for code objects) from the build id, so the copy must not load the original's .pyc but
# recompile the source and rewrite the file; CPython's magic number does not depend on the
# build, so it reuses the file. Either way the import works and the file ends up with the
# importing interpreter's magic number.
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import tempfile


def clean_env():
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}


def patched_copy(executable, directory):
    with open(executable, "rb") as f:
        data = bytearray(f.read())
    # An ELF note: namesz=4, descsz, type=3 (NT_GNU_BUILD_ID), "GNU\0", then the id.
    at = data.find(struct.pack("<I", 4), 0)
    while at >= 0:
        namesz, descsz, kind = struct.unpack_from("<III", data, at)
        if kind == 3 and data[at + 12:at + 16] == b"GNU\0" and 8 <= descsz <= 64:
            data[at + 16] ^= 0xFF
            break
        at = data.find(struct.pack("<I", 4), at + 1)
    else:
        raise SystemExit("no build id found")
    copy = os.path.join(directory, "other-build")
    with open(copy, "wb") as f:
        f.write(data)
    shutil.copymode(executable, copy)
    return copy


with tempfile.TemporaryDirectory() as root:
    other = patched_copy(os.path.realpath(sys.executable), root)
    source = os.path.join(root, "mod.py")
    with open(source, "w") as f:
        f.write("def table():\n    return {n: n * n for n in range(4)}\nprint('mod says', table())\n")
    pyc = importlib.util.cache_from_source(source)
    query = "import importlib.util, mod; print(importlib.util.MAGIC_NUMBER.hex())"
    for label, interpreter in [("first build", sys.executable), ("other build", other), ("first again", sys.executable)]:
        done = subprocess.run([interpreter, "-c", query], cwd=root, env=clean_env(), capture_output=True, text=True)
        lines = done.stdout.splitlines()
        with open(pyc, "rb") as f:
            on_disk = f.read(4).hex()
        print(label + ":", lines[0] if lines else done.stderr.strip().splitlines()[-1:],
              "| .pyc carries this interpreter's magic:", lines[1:] == [on_disk], done.returncode)
