# Code object attributes the compiler sets: names, qualnames, argument counts, flags,
# variable name tuples, first line numbers, and positions used by tracebacks.
def show(code):
    print(code.co_name, code.co_qualname, code.co_argcount, code.co_posonlyargcount,
          code.co_kwonlyargcount, hex(code.co_flags), code.co_varnames, code.co_cellvars,
          code.co_freevars, code.co_names, code.co_firstlineno - first)

first = show.__code__.co_firstlineno

def plain(a, b, /, c, *args, d, e=1, **kwargs):
    local = a
    return local

def closure_maker(x):
    y = 2
    def inner(z):
        return x + y + z
    return inner

async def coro():
    await something

async def agen():
    yield 1

def gen():
    yield

class K:
    def method(self):
        return super().method()

@staticmethod
def decorated():
    pass

for code in [plain.__code__, closure_maker.__code__, closure_maker(1).__code__,
             coro.__code__, agen.__code__, gen.__code__, K.method.__code__,
             (lambda q: q).__code__, decorated.__func__.__code__]:
    show(code)
module_code = compile("a = 1\ndef f(): pass\nclass X: pass\n", "mod", "exec")
show(module_code)
print([type(c).__name__ for c in module_code.co_consts])
print(compile("x", "e", "eval").co_flags, compile("x", "e", "eval").co_names)
print(list(compile("a\nb\n\nc", "lines", "exec").co_lines())[:1] != [])
