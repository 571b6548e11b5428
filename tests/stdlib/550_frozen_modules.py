# Frozen stdlib modules (importlib bootstrap, os, site, io, ...) behave as CPython's:
# FrozenImporter specs, __file__ from sys._stdlib_dir, code named <frozen NAME>, and the
# _imp queries importlib uses.
import _imp
import importlib.machinery
import importlib.util
import io
import os
import posixpath
import stat
import sys

for module in (os, os.path, posixpath, io, stat, importlib.util, importlib.machinery,
               sys.modules["_frozen_importlib"], sys.modules["_frozen_importlib_external"],
               sys.modules["site"], sys.modules["abc"], sys.modules["_collections_abc"]):
    spec = module.__spec__
    print(module.__name__, spec.name, spec.origin, spec.loader.__name__,
          getattr(module, "__file__", None), spec.loader_state)
print(os.path is posixpath, os.getcwd.__module__)

names = _imp._frozen_module_names()
print(type(names).__name__, [n for n in names if not n.startswith("__")])
for name in ("os", "os.path", "_frozen_importlib", "zipimport", "__hello__", "__phello__",
             "__phello__.__init__", "__phello_alias__", "json", "nope"):
    print(name, _imp.find_frozen(name), _imp.is_frozen(name))
print(_imp.is_frozen_package("__phello__"), _imp.is_frozen_package("os"))
for call in (lambda: _imp.is_frozen_package("nope"), lambda: _imp.get_frozen_object("nope"),
             lambda: _imp.find_frozen(3), lambda: _imp.is_frozen(None)):
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)

code = _imp.get_frozen_object("os.path")
print(type(code).__name__, code.co_filename, code.co_name)
data = _imp.find_frozen("stat", withdata=True)[0]
print(type(data).__name__, len(data))
try:
    _imp.get_frozen_object("stat", data)
except ImportError as e:
    print(e)
print(_imp.init_frozen("nope"))

import __hello__
__hello__.main()
print(__hello__.__spec__.origin, __hello__.__file__.endswith("/__hello__.py"))
import __phello__.spam
print(__phello__.__path__ == [os.path.join(sys._stdlib_dir, "__phello__")], __phello__.spam.__spec__.origin)
import __hello_alias__
print(__hello_alias__.__spec__.loader_state.origname, __hello_alias__.initialized)

# Tracebacks through frozen code name it as CPython does (and show no source line).
try:
    os.fspath(3)
except TypeError as e:
    print(e)
try:
    posixpath.join(1, "a")
except TypeError as e:
    import traceback
    print([frame.filename for frame in traceback.extract_tb(e.__traceback__)][1:])
print(sys.path_hooks[0].__name__, sys.path_hooks[0].__module__)
