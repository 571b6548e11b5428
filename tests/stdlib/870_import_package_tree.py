# The import system on a package tree written to a temporary directory: relative imports
# (`from . import`, `from ..p import`), a circular import and its CPython error message,
# optional imports, reflective ones (importlib.import_module + getattr), `from x import *`
# with __all__ and the _private rule, namespace packages, the module attributes importlib
# sets, sys.modules caching, reload, find_spec/module_from_spec/spec_from_file_location,
# meta path finders and `__import__`, then `-m pkg.mod` and PYTHONPATH in child processes.
import importlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import textwrap

FILES = {
    "shop/__init__.py": """
        name = "shop"
        from . import util
        from .util import helper as _helper
        """,
    "shop/util.py": """
        __all__ = ["helper", "Visible"]
        def helper():
            return "util.helper"
        class Visible: pass
        class NotListed: pass
        _private = 1
        """,
    "shop/stars.py": """
        public = 1
        _hidden = 2
        def api(): return "api"
        """,
    "shop/cart/__init__.py": "",
    "shop/cart/items.py": """
        from ..util import helper
        from .. import name as top_name
        from . import prices
        def describe():
            return f"{top_name}:{helper()}:{prices.PRICE}"
        """,
    "shop/cart/prices.py": "PRICE = 42\n",
    "shop/circle_a.py": """
        from . import circle_b
        A = "a"
        """,
    "shop/circle_b.py": """
        from .circle_a import A
        """,
    "shop/late_a.py": """
        import shop.late_b
        VALUE = "late_a"
        def get_b():
            return shop.late_b.VALUE
        """,
    "shop/late_b.py": """
        import shop.late_a
        VALUE = "late_b"
        def get_a():
            return shop.late_a.VALUE
        """,
    "shop/optional.py": """
        try:
            import no_such_accelerator as backend
        except ModuleNotFoundError as e:
            backend = None
            reason = str(e)
        """,
    "shop/counter.py": """
        import sys
        loads = getattr(sys, "_shop_counter_loads", 0) + 1
        sys._shop_counter_loads = loads
        """,
    "shop/main_mod.py": """
        import sys
        print("main:", __name__, __package__, __spec__.name, sys.argv[1:])
        from . import util
        print(util.helper())
        """,
    "shop/__main__.py": """
        print("package main:", __name__, __spec__.name)
        """,
    "nsroot1/nspkg/one.py": "WHO = 'one'\n",
    "nsroot2/nspkg/two.py": "WHO = 'two'\n",
    "loose/standalone.py": "VALUE = 'standalone'\n",
}


def write_tree(root):
    for relative, text in FILES.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(textwrap.dedent(text))


def short(path, root):
    return None if path is None else os.path.relpath(path, root)


def error(call):
    try:
        call()
    except Exception as e:
        return f"{type(e).__name__}: {e}".replace(ROOT, "ROOT")
    return "no error"


with tempfile.TemporaryDirectory() as root:
    ROOT = root
    write_tree(root)
    sys.path.insert(0, root)
    sys.path.extend([os.path.join(root, "nsroot1"), os.path.join(root, "nsroot2")])

    import shop
    import shop.cart.items
    print(shop.name, shop.util.helper(), shop._helper is shop.util.helper)
    print(shop.cart.items.describe())
    for module in (shop, shop.util, shop.cart, shop.cart.items):
        spec = module.__spec__
        print(module.__name__, module.__package__, short(module.__file__, root),
              module.__cached__ == importlib.util.cache_from_source(module.__file__), spec.name, spec.parent, type(module.__loader__).__name__,
              [short(p, root) for p in getattr(module, "__path__", [])], spec.has_location)

    # Second import only binds; import-as; from-import of a submodule.
    before = sys.modules["shop.util"]
    import shop.util as u
    from shop import util as u2
    print(u is before, u2 is before, "shop.cart.prices" in sys.modules)

    # from x import *: __all__ when given, else the names without a leading underscore.
    namespace = {}
    exec("from shop.util import *", namespace)
    print(sorted(k for k in namespace if k != "__builtins__"))
    namespace = {}
    exec("from shop.stars import *", namespace)
    print(sorted(k for k in namespace if k != "__builtins__"))

    # Circular imports: a partially initialised module and CPython's message.
    print(error(lambda: importlib.import_module("shop.circle_a")))
    print("shop.circle_a" in sys.modules, "shop.circle_b" in sys.modules)
    import shop.late_a
    print(shop.late_a.get_b(), shop.late_b.get_a())

    # Optional imports.
    import shop.optional
    print(shop.optional.backend, shop.optional.reason)

    # Reflective imports.
    for dotted in ("shop.cart.prices.PRICE", "shop.util.helper", "shop.stars.api"):
        module_name, _, attribute = dotted.rpartition(".")
        value = getattr(importlib.import_module(module_name), attribute)
        print(dotted, value() if callable(value) else value)
    print(importlib.import_module(".prices", "shop.cart").PRICE)
    print(error(lambda: importlib.import_module("shop.missing")))
    print(error(lambda: importlib.import_module("..x", "shop")))
    print(error(lambda: importlib.import_module(".x")))
    print(error(lambda: __import__("shop.nope.deeper")))
    print(error(lambda: exec("from shop import nothing_here")))
    print(error(lambda: exec("from . import x", {"__name__": "m", "__package__": None})))

    # reload re-executes in the same module object.
    import shop.counter
    first = shop.counter
    importlib.reload(shop.counter)
    print(first is shop.counter, shop.counter.loads)

    # Namespace packages (PEP 420) spread over two directories.
    import nspkg.one
    import nspkg.two
    print(nspkg.one.WHO, nspkg.two.WHO, nspkg.__file__, nspkg.__spec__.origin,
          [short(p, root) for p in nspkg.__path__], type(nspkg.__spec__.loader).__name__)

    # importlib.util helpers.
    spec = importlib.util.find_spec("shop.cart.prices")
    print(spec.name, short(spec.origin, root), spec.parent, spec.submodule_search_locations)
    print(importlib.util.find_spec("no_such_module_here"), importlib.util.find_spec("shop.nope"))
    print(error(lambda: importlib.util.find_spec("no_such_parent.child")))
    path = os.path.join(root, "loose", "standalone.py")
    spec = importlib.util.spec_from_file_location("standalone_mod", path)
    module = importlib.util.module_from_spec(spec)
    print("standalone_mod" in sys.modules, hasattr(module, "VALUE"))
    spec.loader.exec_module(module)
    print(module.VALUE, module.__name__, short(module.__file__, root), importlib.util.resolve_name(".b", "a.c"))

    # A meta path finder registered by Python code, and an __import__ override.
    class Finder:
        @classmethod
        def find_spec(cls, name, path=None, target=None):
            if name == "virtual_mod":
                return importlib.util.spec_from_loader(name, cls)
            return None

        @staticmethod
        def create_module(spec):
            return None

        @staticmethod
        def exec_module(module):
            module.answer = 7

    sys.meta_path.insert(0, Finder)
    import virtual_mod
    print(virtual_mod.answer, virtual_mod.__spec__.loader is Finder)
    sys.meta_path.remove(Finder)

    import builtins
    seen = []
    original_import = builtins.__import__

    def tracing_import(name, globals=None, locals=None, fromlist=(), level=0):
        seen.append((name, tuple(fromlist or ()), level))
        return original_import(name, globals, locals, fromlist, level)

    builtins.__import__ = tracing_import
    try:
        exec("import shop.util\nfrom shop.cart import prices\n", {"__name__": "traced"})
    finally:
        builtins.__import__ = original_import
    print(seen)

    # -m pkg.mod and -m pkg, with the tree on PYTHONPATH; a script's directory first on sys.path.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = root
    for args in (["-m", "shop.main_mod", "x", "y"], ["-m", "shop"],
                 ["-c", "import sys, shop; print(repr(sys.path[0]), shop.name)"],
                 ["-m", "shop.no_such"]):
        done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, cwd=root)
        print(args[:2], done.returncode, done.stdout.strip().splitlines(),
              done.stderr.strip().replace(sys.executable, "PYTHON").splitlines()[-1:])
    script = os.path.join(root, "loose", "show_path.py")
    with open(script, "w") as f:
        f.write("import sys, os\nprint(os.path.basename(sys.path[0]), __name__, __file__ == sys.argv[0])\n")
    done = subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)
    print(done.stdout.strip())
    sys.path.remove(root)
