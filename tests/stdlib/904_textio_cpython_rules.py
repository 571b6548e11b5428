# TextIOWrapper as CPython's: abilities from the buffer, members after detach, line
# buffering on \r, reconfigure()'s flush and encoder state, pending-bytes limit, tell()
# across chunks and with a stateful encoder, EncodingWarning and dev-mode checks.
import codecs
import io
import subprocess
import sys


def attempt(label, f, *args):
    try:
        print(label, '->', repr(f(*args)))
    except Exception as e:
        print(label, '!', type(e).__name__, e)


reader = io.TextIOWrapper(io.BufferedReader(io.BytesIO(b"abc")), encoding="utf-8")
attempt('write on reader', reader.write, "x")
writer = io.TextIOWrapper(io.BufferedWriter(io.BytesIO()), encoding="latin-1")
attempt('read on writer', writer.read)
attempt('readline on writer', writer.readline)


class Unreadable(io.BytesIO):
    def readable(self):
        return False


attempt('unreadable read', io.TextIOWrapper(Unreadable(), encoding="ascii").read)

t = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
t.detach()
print('after detach', t.encoding, t.errors, t.line_buffering, t.write_through, repr(t))
attempt('uninitialised repr', repr, io.TextIOWrapper.__new__(io.TextIOWrapper))

r = io.BytesIO()
t = io.TextIOWrapper(io.BufferedWriter(r, 1000), encoding="utf-8", newline="\n", line_buffering=True)
t.write("X")
print(r.getvalue())
t.write("Y\nZ")
print(r.getvalue())
t.write("A\rB")
print(r.getvalue())

r = io.BytesIO()
t = io.TextIOWrapper(io.BufferedWriter(r, 1000), encoding="utf-8", newline="\n")
t.write("AB\nC")
print(r.getvalue())
t.reconfigure(line_buffering=True)
print(r.getvalue())

for start in ('ascii', 'latin1'):
    raw = io.BytesIO()
    t = io.TextIOWrapper(raw, encoding=start, newline='\n')
    t.write('abc\n')
    t.reconfigure(encoding='utf-8-sig')
    t.write('d\xe9f\n')
    t.flush()
    print(start, raw.getvalue())


class Recorder(io.BytesIO):
    def __init__(self):
        super().__init__()
        self.writes = []
    def write(self, data):
        self.writes.append(len(data))
        return super().write(data)


rec = Recorder()
t = io.TextIOWrapper(rec, encoding="ascii")
t.write("abc")
t.write("def")
t.write("x" * (t._CHUNK_SIZE + 1))
print('write sizes', rec.writes)

data = b"AAA\r\nBBB\rCCC\r\nDDD\nEEE\r\n"
t = io.TextIOWrapper(io.BytesIO(data), encoding="ascii")
t._CHUNK_SIZE = 4
first = t.read(4)
pos = t.tell()
t.seek(0)
t.seek(pos)
print(repr(first), pos, repr(t.read(4)))
t = io.TextIOWrapper(io.BytesIO(data), encoding="ascii")
positions = []
while True:
    line = t.readline()
    positions.append(t.tell())
    if not line:
        break
print(positions)

# A stateful encoder: seeking back drops the character it was holding.
buffer = io.BytesIO()
f = io.TextIOWrapper(buffer, encoding="euc_jis_2004")
f.write("\u00e6\u0300")
p0 = f.tell()
f.write("\u00e6")
f.seek(p0)
f.write("\u0300")
f.flush()
print(ascii(buffer.getvalue().decode("euc_jis_2004")))
e = codecs.getincrementalencoder("euc_jis_2004")()
print(e.encode("\u00e6"), e.getstate())
e.setstate(0)
print(e.getstate(), e.encode("\u0300"))

program = """
import io, pathlib, sys
print(sys.flags.warn_default_encoding)
io.TextIOWrapper(io.BytesIO())
io.text_encoding(None)
io.TextIOWrapper(io.BytesIO(), encoding='utf-8')
try:
    io.TextIOWrapper(io.BytesIO(), errors='Boom')
except LookupError as e:
    print('LookupError', e)
"""
for options in (['-X', 'warn_default_encoding'], ['-X', 'dev']):
    result = subprocess.run([sys.executable, *options, '-c', program], capture_output=True, text=True)
    print(options, result.stdout.strip().splitlines(), [line.split(': ', 1)[1] for line in result.stderr.splitlines() if 'Warning' in line])

# A decode error part-way through a line: the partial line is dropped with the error.
data = b'A\nB\r\nC\r' + b'123456789\n' * 1000 + b'\x80'
t = io.TextIOWrapper(io.BytesIO(data), encoding='ascii')
print([t.readline() for _ in range(3)])
try:
    list(t)
except UnicodeDecodeError as e:
    print('UnicodeDecodeError', e.reason)
print(repr(t.readline()), repr(t.readline()))
