# Error messages of builtins against CPython 3.11's: exec/eval namespace checks,
# __import__ with a non-str name, enumerate's own argument parsing (the exact type; a
# subclass goes through the generic binder), object.__init_subclass__ (METH_NOARGS),
# a left shift by a count past int64, and the repr of a code object.
import re

def report(src):
    try:
        result = eval(src)
        print(src, '->', re.sub(r'0x[0-9a-f]+', 'ADDR', repr(result)))
    except Exception as e:
        print(src, '!!', type(e).__name__, e)

class E(enumerate):
    pass

B = 30 * (2**63 // 4)  # CPython clips a 30-bit word shift at PY_SSIZE_T_MAX / 4
for src in [
    "eval('1', 1)", "eval('1', [])", "eval('1', {}, 1)", "eval('1', None, 1)", "eval('1', {}, [])",
    "exec('1', 1)", "exec('1', [])", "exec('1', {}, 1)", "exec('1', None, 1)",
    "__import__(1)", "__import__(b'os')", "__import__('os', level=-1)",
    "enumerate()", "enumerate([], 1, 2)", "enumerate([], x=1)", "enumerate(x=[])", "enumerate(start=1)",
    "list(enumerate(iterable='ab', start=1))", "list(enumerate(start=1, iterable='ab'))",
    "enumerate(start=1, x=[])", "enumerate([], start=1, x=2)", "enumerate(iterable=[], x=1)", "enumerate(a=1, b=2, c=3)",
    "E()", "E(x=1)", "E([], 1, 2)", "list(E('ab', start=5))",
    "object.__init_subclass__(1)", "object.__init_subclass__(x=1)", "object.__init_subclass__(1, x=2)",
    "int.__init_subclass__(1, 2)",
    "1 << 10 ** 20", "1 << 2 ** 63", "(2 ** 100) << B", "1 << (B - 200)", "1 << (B - 400)", "-1 << 2 ** 64",
    "0 << 10 ** 20", "1 >> 10 ** 20", "-1 >> 10 ** 20",
    "compile('1', 'f', 'eval')", "compile('1', \"it's\", 'exec')",
]:
    report(src)
x = 1
try:
    x <<= 10 ** 30
except OverflowError as e:
    print('<<=', e)
