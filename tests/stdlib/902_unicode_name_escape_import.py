# \N{...} escapes need the unicodedata module, imported on first use (a SyntaxError or
# UnicodeError when it cannot be); UTF-8 incremental decoding with surrogatepass.
import codecs
import subprocess
import sys

program = """
import sys
sys.modules['unicodedata'] = None
import codecs
try:
    codecs.unicode_escape_decode(b'\\\\N{SOFT HYPHEN}')
except UnicodeError as e:
    print(type(e).__name__, e)
try:
    eval("'\\\\N{SOFT HYPHEN}'")
except SyntaxError as e:
    print(type(e).__name__, e.msg)
print(repr(eval("'\\\\x41'")))
"""
result = subprocess.run([sys.executable, '-c', program], capture_output=True, text=True)
print(result.stdout, end='')
print('stderr:', result.stderr)

# Once loaded, names keep working.
print(ascii(eval("'\\N{SOFT HYPHEN}'")), codecs.unicode_escape_decode(b'\\N{BULLET}'))

for encoding in ('utf-8', 'utf-8-sig'):
    for text in ('\ud901', '\udc02', 'a\ud800b'):
        data = text.encode(encoding, 'surrogatepass')
        for i in range(1, len(data)):
            dec = codecs.getincrementaldecoder(encoding)('surrogatepass')
            first = dec.decode(data[:i])
            rest = dec.decode(data[i:], True)
            print(encoding, ascii(text), i, ascii(first), ascii(rest))
    dec = codecs.getincrementaldecoder(encoding)('strict')
    print(ascii(dec.decode(b'\xed\xa0')))
    try:
        dec.decode(b'x', True)
    except UnicodeDecodeError as e:
        print(e)
    dec = codecs.getincrementaldecoder(encoding)('replace')
    print(ascii(dec.decode(b'\xed\xa0\x80', True)), ascii(dec.decode(b'\xed\xc0', False)))
