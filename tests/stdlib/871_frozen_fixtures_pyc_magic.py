# CPython 3.11's frozen test fixtures that Debian installs no source for (__hello_only__,
# __phello__.ham and its eggs), and the magic number: importlib.util.MAGIC_NUMBER, a copy
# of importlib loaded from source, the .pyc files py_compile writes and the loaders read
# all agree; marshal and co_code give a code object's bytes as compiled, before and after
# it ran. (The number itself is the interpreter's own, so only agreement is printed.)
import _imp
import importlib
import importlib.machinery
import importlib.util
import marshal
import os
import py_compile
import sys
import tempfile
from test.support import import_helper

for name in ("__hello_only__", "__phello__.ham", "__phello__.ham.__init__", "__phello__.ham.eggs"):
    spec = importlib.util.find_spec(name)
    state = spec.loader_state
    print(name, _imp.is_frozen(name), _imp.is_frozen_package(name), spec.origin,
          spec.loader.__name__, state.origname,
          state.filename and os.path.relpath(state.filename, sys._stdlib_dir),
          spec.submodule_search_locations and [os.path.relpath(p, sys._stdlib_dir)
                                               for p in spec.submodule_search_locations])
print(_imp.find_frozen("__hello_only__"), _imp.find_frozen("__phello__.ham"))
print(_imp.get_frozen_object("__hello_only__").co_filename,
      _imp.get_frozen_object("__phello__.ham.eggs").co_filename)
import __hello_only__
print(__hello_only__.initialized, sorted(k for k in vars(__hello_only__) if not k.startswith("__")))
import __phello__.ham.eggs
print(__phello__.ham.__name__, __phello__.ham.eggs.__spec__.origin, __phello__.ham.eggs.__file__.endswith("eggs.py"))

magic = importlib.util.MAGIC_NUMBER
external = sys.modules["importlib._bootstrap_external"]
print(len(magic), magic[2:], magic == external.MAGIC_NUMBER,
      external._RAW_MAGIC_NUMBER == int.from_bytes(magic, "little"))
source_importlib = import_helper.import_fresh_module(
    "importlib", blocked=["_frozen_importlib", "_frozen_importlib_external"])
source_external = source_importlib._bootstrap_external
print(source_external is not external, source_external.MAGIC_NUMBER == magic,
      source_external._RAW_MAGIC_NUMBER == external._RAW_MAGIC_NUMBER,
      source_external.cache_from_source("/x/m.py") == importlib.util.cache_from_source("/x/m.py"))

with tempfile.TemporaryDirectory() as root:
    source = os.path.join(root, "magicmod.py")
    with open(source, "w") as f:
        f.write("def f(n):\n    return [i * 2 for i in range(n)]\nVALUE = f(3)\n")
    for mode in py_compile.PycInvalidationMode:
        cached = py_compile.compile(source, invalidation_mode=mode)
        with open(cached, "rb") as f:
            data = f.read()
        flags = int.from_bytes(data[4:8], "little")
        print(mode.name, data[:4] == magic, flags, os.path.basename(os.path.dirname(cached)))
        if mode is not py_compile.PycInvalidationMode.TIMESTAMP:
            with open(source, "rb") as f:
                print(data[8:16] == importlib.util.source_hash(f.read()))
        for copy in (importlib, source_importlib):
            loader = copy._bootstrap_external.SourcelessFileLoader("magicmod", cached)
            module = type(sys)("magicmod")
            loader.exec_module(module)
            print(" ", copy is importlib, module.VALUE)
    bad = os.path.join(root, "bad.pyc")
    for payload in (b"\x00\x00\x00\x00" + data[4:], magic, magic + data[4:11], data[:16]):
        with open(bad, "wb") as f:
            f.write(payload)
        try:
            importlib.machinery.SourcelessFileLoader("bad", bad).load_module("bad")
        except (ImportError, EOFError) as e:
            print(type(e).__name__, str(e).replace(root, "ROOT"))
        sys.modules.pop("bad", None)

code = compile("t = 0\nfor i in range(50):\n    t = t + i * 2.5\n    u = [i][0] < 3\nv = t.real\n", "<m>", "exec")
before, co_code = marshal.dumps(code), code.co_code
exec(code, {})
print(marshal.dumps(code) == before, code.co_code == co_code, marshal.loads(before).co_code == co_code)

# Running the frozen external importers again keeps the interpreter's magic number.
importlib.reload(external)
print(external.MAGIC_NUMBER == magic, external._RAW_MAGIC_NUMBER == int.from_bytes(magic, "little"),
      external.cache_from_source("/x/m.py") == importlib.util.cache_from_source("/x/m.py"))
