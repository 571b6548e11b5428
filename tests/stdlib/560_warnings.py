# warnings and _warnings: default filters, actions (error/ignore/always/default/module/once),
# registries, stacklevel, showwarning overrides, warn_explicit, category checks, -W options
# and ResourceWarning from unclosed files in a child interpreter.
import os
import subprocess
import sys
import tempfile

import _warnings
import warnings

print(warnings.filters is _warnings.filters)
print(_warnings._defaultaction, _warnings._onceregistry is warnings.onceregistry)
print(warnings.warn is _warnings.warn, warnings.warn_explicit is _warnings.warn_explicit)
with warnings.catch_warnings():
    warnings.resetwarnings()
    print(warnings.filters)
print(warnings.filters[:5])

shown = []


def show(message, category, filename, lineno, file=None, line=None):
    shown.append((str(message), category.__name__, os.path.basename(filename), lineno, line))


def report(label):
    print(label, shown)
    shown.clear()


def emit(text, category=UserWarning):
    warnings.warn(text, category)


# Actions.
with warnings.catch_warnings():
    warnings.showwarning = show
    warnings.simplefilter("always")
    for i in range(2):
        emit("always")
    report("always:")
    warnings.simplefilter("default")
    for i in range(3):
        emit("default")
    emit("default other")
    report("default:")
    warnings.simplefilter("module")
    emit("module")
    warnings.warn("module")
    report("module:")
    warnings.simplefilter("once")
    emit("once")
    warnings.warn("once")
    emit("once again")
    report("once:")
    warnings.simplefilter("ignore")
    emit("ignored")
    report("ignore:")
    warnings.simplefilter("error")
    try:
        emit("boom", RuntimeWarning)
    except RuntimeWarning as e:
        print("error:", type(e).__name__, e)
    warnings.simplefilter("error")
    try:
        warnings.warn(DeprecationWarning("instance"))
    except DeprecationWarning as e:
        print("error instance:", repr(e))

# Filters by message, category, module and line.
with warnings.catch_warnings():
    warnings.showwarning = show
    warnings.resetwarnings()
    warnings.simplefilter("always")
    warnings.filterwarnings("ignore", message="skip")
    warnings.filterwarnings("error", category=BytesWarning)
    warnings.filterwarnings("ignore", module="__main__", lineno=9999)
    emit("skip this")
    emit("keep this")
    try:
        emit("bytes", BytesWarning)
    except BytesWarning as e:
        print("BytesWarning raised:", e)
    warnings.filterwarnings("ignore", category=UserWarning, module="__ma")
    emit("module regex matches from the start")
    report("filters:")

# The registry and the filters version.
with warnings.catch_warnings():
    warnings.showwarning = show
    warnings.simplefilter("default")
    registry = {}
    for i in range(2):
        warnings.warn_explicit("explicit", UserWarning, "somefile.py", 7, registry=registry)
    print(sorted(repr(item) for item in registry.items() if item[0] != "version"), type(registry["version"]))
    warnings.simplefilter("default")  # mutating the filters invalidates registries
    warnings.warn_explicit("explicit", UserWarning, "somefile.py", 7, registry=registry)
    report("registry:")
    print(len(registry), "version" in registry)
    warnings.warn_explicit("with module", UserWarning, "f.py", 1, module="mymodule")
    warnings.warn_explicit("module None is ignored", UserWarning, "f.py", 1, module=None)
    report("warn_explicit:")

# stacklevel and __warningregistry__.
def deprecated_api():
    warnings.warn("api", DeprecationWarning, stacklevel=2)


def caller():
    deprecated_api()


with warnings.catch_warnings():
    warnings.showwarning = show
    warnings.simplefilter("always")
    caller()
    warnings.warn("level 1", stacklevel=1)
    warnings.warn("level 0", stacklevel=0)
    warnings.warn("too deep", stacklevel=100)
    report("stacklevel:")
    print("__warningregistry__" in globals())

# catch_warnings(record=True) and the WarningMessage fields.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("recorded", FutureWarning)
    warnings.warn("with source", ResourceWarning, source="the source")
    for w in caught:
        print(w.category.__name__, w.message, w.lineno, w.source, os.path.basename(w.filename))

# Category and argument errors.
for bad in (int, 5, "x", None.__class__):
    try:
        warnings.warn("m", bad)
    except TypeError as e:
        print("TypeError:", e)
for args in [("m", UserWarning, 3, 1), ("m", UserWarning, "f", "x"), ("m",),
             ("m", UserWarning, "f", 1, None, 5), ("m", UserWarning, "f", 1, "mod", 5)]:
    try:
        print(_warnings.warn_explicit(*args))
    except TypeError as e:
        print("TypeError:", e)
try:
    _warnings.warn_explicit("m", UserWarning, "f", 1, module_globals=3)
except TypeError as e:
    print("TypeError:", e)
with warnings.catch_warnings():
    warnings.filters[:] = [("bogus", None, Warning, None, 0)]
    try:
        warnings.warn("m")
    except RuntimeError as e:
        print("RuntimeError:", e)
    warnings.filters[:] = ["not a tuple"]
    try:
        warnings.warn("m")
    except ValueError as e:
        print("ValueError:", e)


# Children: the native display, -W options, ResourceWarning from unclosed files.
def child(args, code):
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "child.py")
        with open(path, "w") as f:
            f.write(code)
        result = subprocess.run([sys.executable, *args, path], capture_output=True, text=True)
    print(args, result.returncode, repr(result.stdout))
    for line in result.stderr.splitlines():
        print("   ", line.replace(path, "CHILD").replace(directory, "DIR"))


child(["-S"], "import sys, _warnings\n_warnings.warn('native display')\nprint('warnings' in sys.modules)\n")
child(["-W", "error::UserWarning"], "import warnings\ntry:\n    warnings.warn('x')\nexcept UserWarning as e:\n    print('raised', e)\n")
child(["-W", "ignore"], "import warnings\nwarnings.warn('hidden')\nprint('done')\n")
child(["-Wxyz"], "print('bad option')\n")
child(["-W", "always"], """
import warnings

def show(message, category, filename, lineno, file=None, line=None):
    print(category.__name__, str(message).split(" name=")[0], lineno, repr(line))

warnings.showwarning = show

def drop(buffering=-1):
    f = open(__file__, "rb", buffering=buffering)

drop()
drop()
drop(0)
""")
child(["-X", "dev", "-b", "-W", "ignore::ImportWarning"],
      "import sys, warnings\nprint(sys.warnoptions)\nprint(warnings.filters[:4])\n")
