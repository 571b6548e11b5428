# py_compile and compileall write .pyc files importlib reads: default and explicit paths,
# optimisation levels, timestamp and hash-based invalidation, errors for bad sources, and
# running a .pyc file directly (`python x.pyc`), including the bad-magic refusal.
import compileall
import importlib.util
import io
import os
import py_compile
import struct
import subprocess
import sys
import tempfile
import contextlib

TAG = sys.implementation.cache_tag
sys.dont_write_bytecode = False


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    env.update(extra)
    return env


def run(*args, cwd):
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=clean_env(), capture_output=True, text=True)
    out = (done.stdout + done.stderr).replace(TAG, "<tag>").replace(cwd, "ROOT").strip()
    return done.returncode, out


def listing(root):
    return sorted(os.path.relpath(os.path.join(d, n), root).replace(TAG, "<tag>")
                  for d, _, names in os.walk(root) for n in names if n.endswith(".pyc"))


def flags_of(pyc):
    with open(pyc, "rb") as f:
        data = f.read(16)
    return data[:4] == importlib.util.MAGIC_NUMBER, struct.unpack("<I", data[4:8])[0]


with tempfile.TemporaryDirectory() as root:
    os.environ.pop("SOURCE_DATE_EPOCH", None)
    source = os.path.join(root, "hello.py")
    with open(source, "w") as f:
        f.write("import sys\nprint('hello from', __name__, 'optimize', sys.flags.optimize)\nassert False, 'asserts on'\n")

    written = py_compile.compile(source)
    print("default path:", os.path.relpath(written, root).replace(TAG, "<tag>"),
          written == importlib.util.cache_from_source(source))
    print("header:", flags_of(written))
    explicit = py_compile.compile(source, cfile=os.path.join(root, "out", "hello.pyc"))
    print("explicit path:", os.path.relpath(explicit, root), os.path.exists(explicit))
    opt = py_compile.compile(source, optimize=2)
    print("optimize=2 path:", os.path.basename(opt).replace(TAG, "<tag>"))

    # Running the .pyc directly; -O code has no asserts.
    print(run(explicit, cwd=root))
    print(run(opt, cwd=root))

    # A .pyc with another magic number is refused.
    bad = os.path.join(root, "bad.pyc")
    with open(explicit, "rb") as f:
        data = f.read()
    with open(bad, "wb") as f:
        f.write(b"\x00\x00\r\n" + data[4:])
    print(run(bad, cwd=root))

    # Hash-based .pyc files: flags 0b11 (checked) or 0b01 (unchecked).
    for mode in (py_compile.PycInvalidationMode.CHECKED_HASH, py_compile.PycInvalidationMode.UNCHECKED_HASH):
        path = py_compile.compile(source, cfile=os.path.join(root, mode.name + ".pyc"), invalidation_mode=mode)
        print(mode.name, flags_of(path))

    # Syntax errors: PyCompileError with doraise, a message on stderr without.
    broken = os.path.join(root, "broken.py")
    with open(broken, "w") as f:
        f.write("def f(:\n    pass\n")
    try:
        py_compile.compile(broken, doraise=True)
    except py_compile.PyCompileError as e:
        print("PyCompileError:", e.exc_type_name, type(e.exc_value).__name__)
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        print("without doraise:", py_compile.compile(broken))
    print("stderr mentions SyntaxError:", "SyntaxError" in err.getvalue())
    print("nothing written for it:", not os.path.exists(importlib.util.cache_from_source(broken)))
    try:
        py_compile.compile(os.path.join(root, "missing.py"), doraise=True)
    except OSError as e:
        print("missing:", type(e).__name__, e.filename == os.path.join(root, "missing.py"))

    # compileall over a tree.
    tree = os.path.join(root, "tree")
    os.makedirs(os.path.join(tree, "pkg", "deeper"))
    for rel in ("a.py", "pkg/__init__.py", "pkg/b.py", "pkg/deeper/c.py", "pkg/notes.txt"):
        with open(os.path.join(tree, rel), "w") as f:
            f.write("X = %r\n" % rel)
    print("compile_dir:", compileall.compile_dir(tree, quiet=1))
    print(listing(tree))
    print("again (nothing to do):", compileall.compile_dir(tree, quiet=1))
    print("maxlevels=0 into a fresh tree:")
    for pyc in listing(tree):
        os.remove(os.path.join(tree, pyc.replace("<tag>", TAG)))
    compileall.compile_dir(tree, maxlevels=0, quiet=1)
    print(listing(tree))
    print("compile_file:", compileall.compile_file(os.path.join(tree, "pkg", "b.py"), quiet=1, optimize=1))
    print(listing(os.path.join(tree, "pkg")))
    with open(os.path.join(tree, "pkg", "bad.py"), "w") as f:
        f.write("1 +\n")
    print("with a broken file:", compileall.compile_dir(tree, quiet=2))

    # python -m compileall, then importing the package reads the .pyc files.
    code, out = run("-m", "compileall", "-q", "-f", tree, cwd=root)
    print("-m compileall exit", code, out.count("SyntaxError"))
    print(run("-c", "import pkg.deeper.c as c; print(c.X, c.__cached__.endswith('.<tag>.pyc'.replace('<tag>', %r)))" % TAG,
              cwd=tree))
