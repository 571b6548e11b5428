# format(), isinstance()/issubclass() through metaclass hooks and int() of strs: the
# fast paths (exact int/str, unbound special-method calls, short decimals) keep CPython's results.
class F:
    def __format__(self, spec): return "F<" + spec + ">"
class B:
    pass
print(f"{F()}", f"{F():x}", format(F(), "y"), f"{10**30}", f"{-5}", f"{True}", format(True), format(3, ""))
try: format(B(), "x")
except TypeError as e: print(e)
class G:
    __format__ = lambda self, spec: 42
try: format(G())
except TypeError as e: print(e)
class M(type):
    def __instancecheck__(cls, obj): return obj == 3
    def __subclasscheck__(cls, sub): return sub is int
class A(metaclass=M): pass
print(isinstance(3, A), isinstance(4, A), issubclass(int, A), issubclass(str, A))
for s in ["42", "-7", "+8", "007", " 12 ", "1_000", "", "+", "-", "12a", "٣", "99999999999999999999", "-999999999999999999"]:
    try: print(repr(s), int(s))
    except ValueError as e: print(e)
class S(str): 
    def __int__(self): return 5
print(int(S("12")))
