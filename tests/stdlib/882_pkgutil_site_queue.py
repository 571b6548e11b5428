# pkgutil (iter_modules, walk_packages, get_data, resolve_name, extend_path), site (the
# paths and flags it sets up, .pth processing through addsitedir) and queue (the queue
# classes used from one thread: order, blocking with timeouts, task accounting, errors).
import os
import pkgutil
import queue
import site
import sys
import tempfile
import textwrap

with tempfile.TemporaryDirectory() as root:
    for relative, text in {"plug/__init__.py": "", "plug/alpha.py": "NAME = 'alpha'\n", "plug/beta/__init__.py": "",
                           "plug/beta/gamma.py": "", "plug/data.txt": "resource data\n", "solo.py": "X = 1\n"}.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
    print(sorted((m.name, m.ispkg) for m in pkgutil.iter_modules([root])))
    sys.path.insert(0, root)
    import plug
    print(sorted((m.name, m.ispkg) for m in pkgutil.iter_modules(plug.__path__, "plug.")))
    print(sorted(m.name for m in pkgutil.walk_packages(plug.__path__, "plug.")))
    print(pkgutil.get_data("plug", "data.txt"), pkgutil.get_data("plug", "missing.txt") if False else "")
    print(pkgutil.resolve_name("plug.alpha:NAME"), pkgutil.resolve_name("os.path.join").__name__,
          pkgutil.resolve_name("plug.alpha").NAME)
    loader = pkgutil.get_importer(root)
    print(type(loader).__name__, pkgutil.find_loader("solo").__class__.__name__ if hasattr(pkgutil, "find_loader") else "")
    for bad in (lambda: pkgutil.get_data("plug", "nope.txt"), lambda: pkgutil.resolve_name("plug.alpha:MISSING"),
                lambda: pkgutil.resolve_name("no_such_module_xyz"), lambda: pkgutil.resolve_name("!bad")):
        try:
            bad()
        except (OSError, AttributeError, ImportError, ValueError) as e:
            print(type(e).__name__, str(e).replace(root, "ROOT"))

    sitedir = os.path.join(root, "site-dir")
    os.makedirs(os.path.join(sitedir, "extra"))
    with open(os.path.join(sitedir, "one.pth"), "w") as f:
        f.write("# comment\nextra\nmissing-dir\nimport sys; sys._pth_ran = True\n")
    before = len(sys.path)
    site.addsitedir(sitedir)
    added = [os.path.relpath(p, root) for p in sys.path[before:]]
    print(added, getattr(sys, "_pth_ran", False))
    sys.path.remove(root)

print(site.ENABLE_USER_SITE in (True, False, None), isinstance(site.getsitepackages(), list),
      isinstance(site.getuserbase(), str), site.getusersitepackages().endswith("site-packages"))
print(sys.prefix == sys.base_prefix, callable(site.main), "site" in sys.modules, sys.flags.no_site)

q = queue.Queue(maxsize=2)
q.put(1)
q.put(2)
print(q.qsize(), q.full(), q.empty())
try:
    q.put(3, timeout=0.01)
except queue.Full:
    print("Full")
print(q.get(), q.get_nowait())
try:
    q.get(block=False)
except queue.Empty:
    print("Empty")
try:
    q.get(timeout=0.01)
except queue.Empty:
    print("Empty after timeout")
for item in "abc":
    q2 = queue.Queue()
q2.put("x")
q2.get()
q2.task_done()
q2.join()
try:
    q2.task_done()
except ValueError as e:
    print("ValueError", e)
lifo, prio, simple = queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()
for value in (3, 1, 2):
    lifo.put(value)
    prio.put((value, str(value)))
    simple.put(value)
print([lifo.get() for _ in range(3)], [prio.get() for _ in range(3)], [simple.get() for _ in range(3)], simple.empty())
try:
    queue.Queue().put(1, timeout=-1)
except ValueError as e:
    print("ValueError", e)
