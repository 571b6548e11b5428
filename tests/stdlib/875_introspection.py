# Introspection modules: inspect (signatures, members, sources, frames, classification),
# linecache, tokenize and the parts of dis that do not depend on the bytecode.
import dis
import inspect
import io
import linecache
import os
import tokenize


def sample(a, b: int = 2, /, c=3, *args, d, e: "str" = "x", **kwargs) -> bool:
    """Sample docstring.

    More text."""
    return True


class Base:
    attr = 1

    def method(self, x):
        return x

    @classmethod
    def klass(cls):
        return cls

    @staticmethod
    def static():
        pass

    @property
    def prop(self):
        return 1


class Child(Base):
    pass


async def coroutine_function():
    pass


def generator_function():
    yield 1


sig = inspect.signature(sample)
print(sig, sig.return_annotation, list(sig.parameters))
for p in sig.parameters.values():
    print(p.name, p.kind.name, p.default is p.empty, p.annotation)
print(sig.bind(1, d=4).arguments, sig.bind(1, 2, 3, 4, 5, d=6, z=7).arguments)
try:
    sig.bind(1)
except TypeError as e:
    print("TypeError", e)
print(inspect.signature(Base.method), inspect.signature(Base().method), inspect.signature(Base.klass))
print(inspect.signature(lambda x, *, y=1: 0).replace(return_annotation=int))
print(inspect.getdoc(sample), inspect.cleandoc("  a\n    b\n  c"))
print(inspect.getsource(Child), end="")
print(inspect.getsourcelines(sample)[1], os.path.basename(inspect.getfile(sample)), inspect.getmodule(sample).__name__)
print(inspect.getmro(Child), [n for n, _ in inspect.getmembers(Child) if not n.startswith("__")])
print([(a.name, a.kind) for a in inspect.classify_class_attrs(Base) if not a.name.startswith("__")])
print(inspect.isfunction(sample), inspect.ismethod(Base().method), inspect.isclass(Base),
      inspect.iscoroutinefunction(coroutine_function), inspect.isgeneratorfunction(generator_function),
      inspect.isbuiltin(len), inspect.isroutine(len), inspect.ismodule(os), inspect.isabstract(Base))
gen = generator_function()
print(inspect.getgeneratorstate(gen), next(gen), inspect.getgeneratorstate(gen))
frame = inspect.currentframe()
info = inspect.getframeinfo(frame)
print(info.function, info.lineno, inspect.stack()[0].function)
print(inspect.getfullargspec(sample))
print(inspect.getattr_static(Child(), "prop").__class__.__name__, inspect.unwrap(sample) is sample)
print(inspect.getcallargs(sample, 1, d=2))
coro = coroutine_function()
print(inspect.getcoroutinestate(coro))
coro.close()
try:
    inspect.signature(42)
except TypeError as e:
    print("TypeError", e)

path = os.path.abspath(__file__)
print(linecache.getline(path, 1).strip(), repr(linecache.getline(path, 100000)), repr(linecache.getline("/no/such", 1)))
print(len(linecache.getlines(path)) > 50)
linecache.cache["<virtual>"] = (3, None, ["x = 1\n", "y = 2\n"], "<virtual>")
print(linecache.getline("<virtual>", 2), end="")
linecache.clearcache()
print(linecache.getline("<virtual>", 2) == "")

source = "def f(x):\n    return x + 1  # note\nprint(f'{1}')\n"
for tok in tokenize.generate_tokens(io.StringIO(source).readline):
    print(tokenize.tok_name[tok.type], repr(tok.string), tok.start, tok.end)
print(tokenize.untokenize(tokenize.generate_tokens(io.StringIO("a = ( 1 +2 )\n").readline)))
encoded = list(tokenize.tokenize(io.BytesIO(b"# -*- coding: latin-1 -*-\nx = 1\n").readline))
print(encoded[0].string, tokenize.detect_encoding(io.BytesIO(b"\xef\xbb\xbfx = 1\n").readline))
try:
    list(tokenize.generate_tokens(io.StringIO("(\n").readline))
except tokenize.TokenError as e:
    print("TokenError", e)

print(dis.opname[dis.opmap["LOAD_CONST"]], dis.opmap["RETURN_VALUE"], "LOAD_ATTR" in dis.opname, dis.HAVE_ARGUMENT)
print(dis.pretty_flags(generator_function.__code__.co_flags), dis.pretty_flags(0))
print(dis.COMPILER_FLAG_NAMES[32], sorted(dis.cmp_op))
print(sorted({line for _, line in dis.findlinestarts(sample.__code__)}))
