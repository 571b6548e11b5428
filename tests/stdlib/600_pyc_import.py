# importlib's bytecode cache: importing a module writes __pycache__/<name>.<cache tag>.pyc
# (CPython's header: magic, flags, source mtime and size, then the marshalled code), a later
# import reads it back, and a stale or foreign .pyc (edited source, another interpreter's
# or build's magic number, a truncated file) is recompiled from the source and rewritten.
import importlib.util
import os
import struct
import subprocess
import sys
import tempfile

TAG = sys.implementation.cache_tag


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update(extra)
    return env


def run(code, *options, cwd, **extra):
    done = subprocess.run([sys.executable, *options, "-c", code], cwd=cwd, env=clean_env(**extra),
                          capture_output=True, text=True)
    return (done.stdout + done.stderr).replace(TAG, "<tag>").strip()


def show(path, root):
    return os.path.relpath(path, root).replace(TAG, "<tag>")


def header(pyc):
    with open(pyc, "rb") as f:
        data = f.read()
    magic, flags, mtime, size = struct.unpack("<4sIII", data[:16])
    return magic == importlib.util.MAGIC_NUMBER, flags, mtime, size, len(data) > 16


with tempfile.TemporaryDirectory() as root:
    source = os.path.join(root, "mod.py")
    with open(source, "w") as f:
        f.write("VALUE = 'from source'\ndef twice(x):\n    return [x, x]\nprint('running mod', VALUE)\n")
    os.utime(source, (1_600_000_000, 1_600_000_000))
    pyc = importlib.util.cache_from_source(source)
    print("cache path:", show(pyc, root))
    print("source back:", show(importlib.util.source_from_cache(pyc), root))

    print(run("import mod; print(mod.twice(2), mod.__cached__ == mod.__spec__.cached)", cwd=root))
    print("written:", os.path.exists(pyc))
    ok_magic, flags, mtime, size, has_code = header(pyc)
    print("header: magic ok", ok_magic, "flags", flags, "mtime", mtime, "size", size == os.path.getsize(source),
          "code", has_code)
    print(run("import mod; print(mod.__cached__.endswith('.<tag>.pyc'))".replace("<tag>", TAG), cwd=root))

    # A .pyc whose header matches the source is used without looking at the source: put
    # other code in it and the import runs that.
    loader_code = compile("VALUE = 'from pyc'\nprint('running pyc', VALUE)\n", source, "exec")
    data = importlib._bootstrap_external._code_to_timestamp_pyc(loader_code, mtime, size)
    with open(pyc, "wb") as f:
        f.write(data)
    print(run("import mod; print(mod.VALUE)", cwd=root))

    # The source's mtime changes: the .pyc is stale, recompiled and rewritten.
    os.utime(source, (1_600_000_100, 1_600_000_100))
    print(run("import mod; print(mod.VALUE)", cwd=root))
    print("new mtime recorded:", header(pyc)[2] == 1_600_000_100)

    # Another magic number (another interpreter, or another build of this one): ignored and
    # replaced; so are a truncated header, bad flags and a file of only the magic number.
    for label, damage in [("foreign magic", lambda d: bytes([d[0] ^ 0x55, d[1] ^ 0x2A]) + d[2:]),
                          ("magic only", lambda d: d[:4]),
                          ("short header", lambda d: d[:10]),
                          ("bad flags", lambda d: d[:4] + struct.pack("<I", 4) + d[8:]),
                          ("empty file", lambda d: b"")]:
        with open(pyc, "rb") as f:
            good = f.read()
        with open(pyc, "wb") as f:
            f.write(damage(good))
        out = run("import mod; print(mod.VALUE)", cwd=root)
        print(label + ":", out.replace("\n", " | "), "| rewritten:", header(pyc)[0] and header(pyc)[4])

    # Nothing is written with -B, PYTHONDONTWRITEBYTECODE or sys.dont_write_bytecode.
    os.remove(pyc)
    print(run("import mod", "-B", cwd=root), os.path.exists(pyc))
    print(run("import mod", cwd=root, PYTHONDONTWRITEBYTECODE="1"), os.path.exists(pyc))
    print(run("import sys; sys.dont_write_bytecode = True; import mod", cwd=root), os.path.exists(pyc))

    # PYTHONPYCACHEPREFIX and -X pycache_prefix put the tree under the prefix.
    prefix = os.path.join(root, "prefix")
    print(run("import sys, mod; print(sys.pycache_prefix == %r)" % prefix, cwd=root, PYTHONPYCACHEPREFIX=prefix))
    found = sorted(show(os.path.join(d, n), root) for d, _, ns in os.walk(prefix) for n in ns)
    print("under the prefix:", [p.split("prefix/", 1)[1].replace(root.lstrip("/"), "ROOT") for p in found
                                if root.lstrip("/") in p])
    other = os.path.join(root, "other")
    print(run("import mod, importlib.util as u; print(u.cache_from_source(mod.__file__).startswith(%r))" % other,
              "-X", "pycache_prefix=" + other, cwd=root))
    print("plain __pycache__ untouched:", os.path.exists(pyc))

    # A package's __init__ and a submodule get their own .pyc files.
    os.makedirs(os.path.join(root, "pkg"))
    with open(os.path.join(root, "pkg", "__init__.py"), "w") as f:
        f.write("from . import sub\n")
    with open(os.path.join(root, "pkg", "sub.py"), "w") as f:
        f.write("NAME = __name__\n")
    print(run("import pkg; print(pkg.sub.NAME)", cwd=root))
    print(sorted(n.replace(TAG, "<tag>") for n in os.listdir(os.path.join(root, "pkg", "__pycache__"))))
    print(run("import pkg.sub, os; print(os.path.basename(pkg.sub.__cached__))", cwd=root))
