# Operator methods with operands of different types: a Python __mul__ with a float or a
# class without the reflected method, NotImplemented falling back to the reflected slot,
# sequence repetition and TypeError messages; min()/max() over several arguments.
class V:
    def __init__(self, x): self.x = x
    def __mul__(self, o):
        if isinstance(o, (int, float)): return V(self.x * o)
        return NotImplemented
    def __rmul__(self, o): return ("rmul", o)
    def __add__(self, o): return NotImplemented
    def __repr__(self): return f"V({self.x})"
class W:
    def __rmul__(self, o): return ("W.rmul", o)
    def __radd__(self, o): return "W.radd"
class S(list):
    pass
print(V(2) * 3, V(2) * 2.5)
print(V(2) * W())
print(V(1) + W())
try: V(1) + 3
except TypeError as e: print(e)
try: V(1) * "ab"
except TypeError as e: print(e)
class L(list):
    def __mul__(self, o): return NotImplemented
try: print(L([1]) * 2)
except TypeError as e: print(e)
class F(float):
    def __rmul__(self, o): return "F.rmul"
print(V(2) * F(1.5))
print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("ab", "b", key=len))
try: min(1, 2, default=3)
except TypeError as e: print(e)
try: min(1, V(1))
except TypeError as e: print(e)
# A method that raises: the traceback runs through the operator line and the method.
class Boom:
    def __mul__(self, o): raise ValueError("boom %r" % (o,))
try: Boom() * 2.0
except ValueError as e: print(e)
import traceback
def g(): return Boom() * 1
try: g()
except ValueError: traceback.print_exc(file=__import__("sys").stdout)
