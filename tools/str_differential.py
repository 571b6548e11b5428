"""Differential test of str and bytes methods: random operands, random method calls, the
printed results (or exception type and message) of krait compared with python3.11's.

  str_differential.py --krait build/krait [--seeds 1-20] [--cases 1500] [--keep DIR]

Each seed makes one program; a differing line is printed with its expression. Operands mix
ASCII, Latin-1, UCS-2, astral and surrogate characters (str) or any bytes (bytes and
bytearray), so every storage kind and every error path gets exercised.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

STR_ALPHABET = ['a', 'b', 'A', ' ', '\t', '\n', '\r', 'x', '\xe9', '\xdf', '\u03a3', '\u03c3', '\u20ac',
                '\U0001f600', '\u2028', '\x85', '\xa0', '\u0130', '\u01c5', '1', '\u0661', '-', '+', '0',
                ':', '\ud800', '%', '{', '}']
BYTES_ALPHABET = [b'a', b'b', b'A', b' ', b'\t', b'\n', b'\r', b'x', b'\xe9', b'\x00', b'1', b'-', b'+',
                  b'0', b':', b'\x0b', b'\x1c', b'\xff', b'%']

COMMON = ['s.find(a)', 's.rfind(a)', 's.count(a)', 's.find(a, n)', 's.rfind(a, n, m)', 's.count(a, n, m)',
          's.index(a)', 's.rindex(a, n)', 's.split(a) if a else s.split()', 's.rsplit(a, k) if a else s.rsplit(None, k)',
          's.split(None, k)', 's.rsplit(None, k)', 's.splitlines()', 's.splitlines(True)', 's.partition(a)',
          's.rpartition(a)', 's.replace(a, b)', 's.replace(a, b, k)', 's.strip()', 's.strip(a)', 's.lstrip(a)',
          's.rstrip(a)', 's.rstrip()', 's.lower()', 's.upper()', 's.swapcase()', 's.title()', 's.capitalize()',
          's.center(n)', 's.zfill(n)', 's.expandtabs(k)', 's.startswith(a, n)', 's.endswith(a, n, m)',
          's.startswith((a, b))', 'a.join([s, b, s])', 's.isalpha()', 's.isalnum()', 's.isdigit()', 's.isspace()',
          's.islower()', 's.isupper()', 's.istitle()', 's.isascii()', 's[n:m]', 's[::k] if k else 0', 's[m:n:-1]',
          's.removeprefix(a)', 's.removesuffix(a)', 'a in s', 's < a', 's * k', 's + a', 'repr(s)', 'len(s)',
          's == a + b', 'list(s)']
STR_ONLY = ['s.casefold()', 's.ljust(n, "*")', 's.rjust(m, "\\u20ac")', 's.isdecimal()', 's.isnumeric()',
            's.isidentifier()', 's.isprintable()', 's.encode("utf-8", "surrogatepass")',
            's.encode("ascii", "backslashreplace")', 's.encode("latin-1", "xmlcharrefreplace")',
            's.encode("utf-8", "replace")', 's.encode("ascii", "namereplace")', 's.encode()',
            's.translate({ord("a"): b, ord("\\u20ac"): None})', 'ascii(s)', '"%5s|%-4s|%.2s" % (s, a, b)',
            '"{:>6}|{:^5}|{!r}".format(s, a, b)', 'format(s, "*<9.3")', 's % ()', 's.format(a, b)',
            'hash(s) == hash(s[:])', 'sorted([s, a, b])', 's.encode("utf-8", "surrogateescape")']
BYTES_ONLY = ['s.find(k % 256)', 's.ljust(n, b"*")', 's.rjust(m, b"\\xff")', 's.join([a, b])', 's.hex()',
              's.hex(":", k) if k else 0', 'bytes.fromhex(s.hex(" "))', 's.decode("utf-8", "replace")',
              's.decode("utf-8", "backslashreplace")', 's.decode("ascii", "surrogateescape")',
              's.decode("latin-1")', 's.decode()', 's.translate(bytes.maketrans(b"ab", b"ba"), b"x")', 'a + s',
              'b"%5s|%-4b|%.2s|%c" % (s, a, b, 65)', 's % ()', 'sorted([bytes(s), a, b])',
              'hash(bytes(s)) == hash(bytes(s[:]))']

PRELUDE = '''def show(s, a, b, n, m, k, e):
    try:
        r = eval(e)
    except Exception as x:
        r = (type(x).__name__, str(x))
    print(e, ascii(r))
'''


def program(seed, cases):
    rng = random.Random(seed)
    lines = [PRELUDE]
    for _ in range(cases):
        use_bytes = rng.random() < 0.4
        alphabet = BYTES_ALPHABET if use_bytes else STR_ALPHABET
        empty = alphabet[0][:0]
        def operand(max_length):
            return empty.join(rng.choice(alphabet) for _ in range(rng.randint(0, max_length)))
        s, a, b = operand(12), operand(3), operand(3)
        if use_bytes and rng.random() < 0.3:
            s = bytearray(s)
        expression = rng.choice(COMMON + (BYTES_ONLY if use_bytes else STR_ONLY))
        values = (s, a, b, rng.randint(-3, 14), rng.randint(-3, 14), rng.choice([-1, 0, 1, 2, 5]), expression)
        lines.append('show(%s)' % ', '.join(ascii(v) for v in values))
    return '\n'.join(lines) + '\n'


def run(interpreter, path):
    done = subprocess.run([interpreter, path], capture_output=True, timeout=300,
                          env=dict(os.environ, PYTHONHASHSEED='0', LC_ALL='C.UTF-8'))
    return done.stdout.decode('utf-8', 'replace').splitlines(), done.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--krait', required=True)
    parser.add_argument('--python', default='/usr/bin/python3.11')
    parser.add_argument('--seeds', default='1-10')
    parser.add_argument('--cases', type=int, default=1500)
    parser.add_argument('--keep', help='directory for the generated programs')
    args = parser.parse_args()
    first, _, last = args.seeds.partition('-')
    directory = args.keep or tempfile.mkdtemp(prefix='str_differential.')
    os.makedirs(directory, exist_ok=True)
    failures = 0
    for seed in range(int(first), int(last or first) + 1):
        path = os.path.join(directory, 'seed_%d.py' % seed)
        with open(path, 'w') as f:
            f.write(program(seed, args.cases))
        want, _ = run(args.python, path)
        got, status = run(args.krait, path)
        bad = [(w, g) for w, g in zip(want, got) if w != g]
        if len(got) != len(want):
            bad.append(('%d lines' % len(want), '%d lines, exit status %d' % (len(got), status)))
        for w, g in bad[:10]:
            print('seed %d\n  python3.11: %s\n  krait:      %s' % (seed, w, g))
        failures += bool(bad)
    print('%d seeds differ' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
