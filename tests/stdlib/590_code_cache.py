# The same modules imported by three fresh interpreters: krait answers the later imports
# from its compiled-code cache (XDG_CACHE_HOME/krait/code), so results, warnings and
# traceback positions must stay what the first, compiling, run printed.
import os
import subprocess
import sys
import tempfile

MODULE = '''
import sys
HALF = 1.5
BIG = 2 ** 100 + 1
NAMES = frozenset({"alpha", "beta"})
RAW = b"\\x00bytes\\xff"
WAVE = 2 + 3j
TABLE = ((1, 1.5, "one"), (2, 1.5, "two"), BIG)

def counter(start):
    count = start
    def bump(by=1.5):
        nonlocal count
        count += by
        return count
    return bump

def squares(n):
    yield from (i * i for i in range(n))

class Point:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __repr__(self):
        return f"Point({self.x!r}, {self.y=})"

def guarded(value):
    try:
        return 10 // value
    except ZeroDivisionError as error:
        return f"caught {error}"
    finally:
        pass

def fails(items):
    return items["missing"] + 1

bump = counter(1)
print(HALF, BIG, sorted(NAMES), RAW, WAVE, TABLE)
print(bump(), bump(2), list(squares(5)), Point(1, HALF), guarded(0), guarded(3))
'''

WARNS = '''
x = 1
if x is 1:
    print("literal identity")
'''

with tempfile.TemporaryDirectory() as tmp:
    for name, text in (("cached_mod.py", MODULE), ("warns_mod.py", WARNS)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(text)
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"), PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=tmp)
    env.pop("KRAIT_NO_CODE_CACHE", None)
    program = "import cached_mod, warns_mod; cached_mod.fails({})"
    for run in range(3):
        done = subprocess.run([sys.executable, "-c", program], env=env, cwd=tmp,
                              capture_output=True, text=True)
        print("run", run, "status", done.returncode)
        print(done.stdout, end="")
        print(done.stderr.replace(tmp, "TMP"), end="")
