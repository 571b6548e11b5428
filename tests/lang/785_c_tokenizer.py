# _tokenize.TokenizerIter (tokenize._generate_tokens_from_c_tokenizer): the parser's own
# tokenizer as CPython 3.11's C tokenizer reports it: exact operator types, ASYNC/AWAIT,
# no COMMENT/NL tokens, byte columns, SyntaxErrors and SyntaxWarnings.
import _tokenize
import tokenize
import warnings

sources = [
    "x = 1 +\\\n 2\nif x:\n  pass\n",
    "async def f():\n  await x # c\n\n  s = '''a\nb''' + f\"{x}\"\n",
    "x = 'é' + 1",
    "def f(a, *, b=2) -> None: ...\n\t\n",
    "(\n1,\n2)\n# c\n",
    "a @= b ** -c // d; e <<= f >> g != h\n",
    "0xfor",
    "1if x else y",
    "'''abc",
    'x = "abc',
    "  x\n y\n",
    "\n\n",
    "x\r\ny\r\n",
]
for source in sources:
    print(repr(source))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            for token in _tokenize.TokenizerIter(source):
                print("   ", token)
        except SyntaxError as e:
            print("    SyntaxError", e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset)
    for w in caught:
        print("    warning", w.category.__name__, w.message)

for token in tokenize._generate_tokens_from_c_tokenizer("print(a.b[1:2])\n"):
    print(tokenize.tok_name[token.exact_type], repr(token.string), token.start, token.end)
print(type(_tokenize.TokenizerIter("x")).__name__)
try:
    _tokenize.TokenizerIter(b"x")
except TypeError as e:
    print("TypeError", e)
