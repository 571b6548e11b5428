# .pyc files beyond the plain import: runpy on a .pyc and on a directory, -m, sourceless
# modules (a legacy mod.pyc with no source), hash-based .pyc invalidation with the
# --check-hash-based-pycs modes, and the standard library's directory left untouched.
import importlib.util
import os
import py_compile
import runpy
import subprocess
import sys
import tempfile

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


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


with tempfile.TemporaryDirectory() as root:
    script = os.path.join(root, "script.py")
    write(script, "RESULT = [__name__, __file__.endswith('.pyc'), type(__loader__).__name__]\nprint('ran', RESULT)\n")
    compiled = py_compile.compile(script, cfile=os.path.join(root, "script.pyc"))
    found = runpy.run_path(compiled, run_name="as_pyc")
    print("run_path(.pyc):", found["RESULT"])
    found = runpy.run_path(script)
    print("run_path(.py):", found["RESULT"])

    app = os.path.join(root, "app")
    write(os.path.join(app, "__main__.py"), "import sys\nprint('app main', __name__, sys.argv[1:])\n")
    py_compile.compile(os.path.join(app, "__main__.py"))
    print(run(app, "x", cwd=root))
    print(sorted(n.replace(TAG, "<tag>") for n in os.listdir(os.path.join(app, "__pycache__"))))

    # -m runs a package's __main__; the import writes the package's .pyc files.
    write(os.path.join(root, "tool", "__init__.py"), "WHERE = 'tool init'\n")
    write(os.path.join(root, "tool", "__main__.py"), "from . import WHERE\nprint(WHERE, __name__, __spec__.name)\n")
    print(run("-m", "tool", cwd=root))
    print(sorted(n.replace(TAG, "<tag>") for n in os.listdir(os.path.join(root, "tool", "__pycache__"))))
    sys.path.insert(0, root)
    found = runpy.run_module("tool", run_name="via_runpy", alter_sys=True)
    print("run_module:", found["__name__"], found["__spec__"].name, found["WHERE"])
    del sys.path[0]

    # A legacy .pyc next to no source is imported by SourcelessFileLoader.
    lonely = os.path.join(root, "lib", "lonely.py")
    write(lonely, "def answer():\n    return 42\n")
    py_compile.compile(lonely, cfile=os.path.join(root, "lib", "lonely.pyc"))
    os.remove(lonely)
    print(run("-c", "import lonely; print(lonely.answer(), type(lonely.__loader__).__name__, "
                    "lonely.__file__.endswith('lonely.pyc'), lonely.__cached__ == lonely.__file__)",
              cwd=os.path.join(root, "lib")))
    with open(os.path.join(root, "lib", "lonely.pyc"), "r+b") as f:
        f.write(b"\x00\x00")
    print(run("-c", "import lonely", cwd=os.path.join(root, "lib"))[1].splitlines()[-1].split(":")[0])

    # Hash-based .pyc files: a checked one notices an edit that keeps size and mtime, an
    # unchecked one does not (unless --check-hash-based-pycs always).
    for mode in ("CHECKED_HASH", "UNCHECKED_HASH"):
        source = os.path.join(root, mode.lower(), "hashed.py")
        where = os.path.dirname(source)
        for option in ([], ["--check-hash-based-pycs", "always"], ["--check-hash-based-pycs", "never"]):
            write(source, "VALUE = 'one'\n")
            stat = os.stat(source)
            py_compile.compile(source, invalidation_mode=getattr(py_compile.PycInvalidationMode, mode))
            write(source, "VALUE = 'two'\n")
            os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            print(mode, option[1:] or ["default"], run(*option, "-c", "import hashed; print(hashed.VALUE)", cwd=where))
    print(run("--check-hash-based-pycs", "sometimes", "-c", "pass", cwd=root)[0])

    # Importing stdlib modules with bytecode writing on adds nothing to the stdlib directory.
    stdlib = os.path.dirname(os.__file__)
    def stdlib_pycs():
        return {os.path.join(d, n) for d, _, names in os.walk(stdlib)
                if d.endswith("__pycache__") for n in names if TAG in n}
    before = stdlib_pycs()
    print(run("-c", "import json, csv, fractions, textwrap, string, difflib, email.message; print('imported')",
              cwd=root))
    print("new .pyc files in the stdlib:", len(stdlib_pycs() - before))
    # zipfile.PyZipFile compiles a stdlib package through py_compile and reads the .pyc
    # files back from importlib.util.cache_from_source (krait keeps them out of the stdlib).
    import io, json, zipfile
    with zipfile.PyZipFile(io.BytesIO(), "w") as archive:
        archive.writepy(os.path.dirname(json.__file__))
        print("PyZipFile:", sorted(archive.namelist()))
    print("new .pyc files in the stdlib:", len(stdlib_pycs() - before))
