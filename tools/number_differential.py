#!/usr/bin/env python3.11
"""Differential test of the numeric types: random expressions over int, bool, float and
complex (small, boundary, huge and special values) are written into one program, which
krait and python3.11 both run; their outputs must be identical.

    tools/number_differential.py --krait build/krait [--seeds 1-50] [--cases 2000]

Prints the first differing lines of each failing seed and exits 1 if any seed differs.
"""
import argparse
import math
import random
import subprocess
import sys
import tempfile

BINARY = ['+', '-', '*', '/', '//', '%', '**', '<<', '>>', '&', '|', '^',
          '<', '<=', '==', '!=', '>', '>=']
FORMAT_SPECS = ['', 'd', 'x', '#b', 'o', ',', '_', '+08', '^12', 'e', '.3f', 'g', '%', '.2',
                '>10.4e', '=+15,.2f', 'n', 'c', 'X', '#x', 'z.1f', '.0f', '.17g', 'E']


def random_int(rng):
    kind = rng.random()
    if kind < 0.3:
        return rng.randint(-300, 300)
    if kind < 0.55:
        bits = rng.choice([30, 31, 52, 53, 54, 61, 62, 63, 64, 65, 127, 128])
        return rng.choice([-1, 1]) * (2 ** bits + rng.randint(-3, 3))
    if kind < 0.85:
        return rng.randint(-2 ** rng.randint(1, 200), 2 ** rng.randint(1, 200))
    return rng.randint(-2 ** 1500, 2 ** 1500)


def random_float(rng):
    kind = rng.random()
    if kind < 0.15:
        return rng.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, 2.0,
                           5e-324, 1.7976931348623157e308, 2.0 ** 53, 0.1])
    if kind < 0.45:
        return round(rng.uniform(-1000, 1000), rng.randint(0, 6))
    if kind < 0.6:
        return float(rng.randint(-50, 50)) + rng.choice([0.0, 0.5, 0.25])
    return rng.choice([-1, 1]) * math.ldexp(rng.random(), rng.randint(-1080, 1024))


def literal(value):
    """Source text that evaluates to value."""
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return '(%d)' % value if value < 0 or value.bit_length() < 64 else '(0x%x)' % value if value > 0 else '(-0x%x)' % -value
    if isinstance(value, float):
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('%sinf')" % ('-' if value < 0 else '')
        return 'float.fromhex(%r)' % value.hex()
    return 'complex(%s, %s)' % (literal(value.real), literal(value.imag))


def random_operand(rng, kinds='iiifffbc'):
    kind = rng.choice(kinds)
    if kind == 'i':
        return random_int(rng)
    if kind == 'f':
        return random_float(rng)
    if kind == 'b':
        return rng.choice([True, False])
    return complex(random_float(rng), random_float(rng))


def random_case(rng):
    """One expression (as source) whose value or exception the program prints."""
    choice = rng.random()
    if choice < 0.45:
        op = rng.choice(BINARY)
        a, b = random_operand(rng), random_operand(rng)
        if op == '**' and isinstance(a, int) and isinstance(b, int) and abs(a) > 1:
            b = rng.randint(-3, 60)
        if op in ('<<', '>>') and isinstance(b, int):
            b = rng.randint(-2, 200)
        return '%s %s %s' % (literal(a), op, literal(b))
    if choice < 0.5:
        a, b, c = random_int(rng), random_int(rng), random_int(rng)
        return 'pow(%s, %s, %s)' % (literal(a), literal(b), literal(c))
    if choice < 0.55:
        return 'divmod(%s, %s)' % (literal(random_operand(rng, 'iif')), literal(random_operand(rng, 'iif')))
    if choice < 0.6:
        return '%s(%s)' % (rng.choice(['-', '~', 'abs', '+', 'bool']), literal(random_operand(rng)))
    if choice < 0.65:
        # NaNs hash by identity, which differs between any two runs.
        operand = literal(random_operand(rng, 'iifbc'))
        return 'hash(%s)' % operand if 'nan' not in operand else 'hash(0.5)'

    if choice < 0.7:
        return '%s(%s)' % (rng.choice(['int', 'float', 'complex', 'round', 'str', 'repr']),
                          literal(random_operand(rng, 'iiffb')))
    if choice < 0.75:
        return 'round(%s, %d)' % (literal(random_operand(rng, 'iff')), rng.randint(-20, 20))
    if choice < 0.85:
        return 'format(%s, %r)' % (literal(random_operand(rng, 'iifbc')), rng.choice(FORMAT_SPECS))
    if choice < 0.9:
        value = random_int(rng)
        base = rng.choice([0, 2, 8, 10, 16, 36])
        text = {0: str, 2: bin, 8: oct, 10: str, 16: hex, 36: str}[base](value)
        if base == 36:
            text = text.lstrip('-')
        if rng.random() < 0.3:
            text = ' %s_ ' % text if rng.random() < 0.5 else text.replace('1', '1_', 1)
        return 'int(%r, %d)' % (text, base)
    if choice < 0.95:
        value = random_float(rng)
        text = rng.choice([repr(value), '%.20e' % value, ' %r ' % value, repr(value).upper()])
        return 'float(%r)' % text
    if choice < 0.97:
        method = rng.choice(['as_integer_ratio', 'bit_length', 'bit_count', 'hex', 'is_integer',
                             'conjugate', '__trunc__', '__floor__', '__ceil__', '__round__',
                             'real', 'imag', 'numerator', 'denominator', '__sizeof__'])
        value = random_operand(rng, 'iifbc')
        call = '' if method in ('real', 'imag', 'numerator', 'denominator') else '()'
        return '%s.%s%s' % (literal(value), method, call)
    if choice < 0.98:
        value = complex(random_float(rng), random_float(rng))
        text = rng.choice([repr(value), repr(value).strip('()'), ' %r ' % value, str(value.imag) + 'j'])
        return 'complex(%r)' % text
    value = random_int(rng)
    length = rng.randint(0, 40)
    signed = rng.choice([True, False])
    order = rng.choice(['big', 'little'])
    return 'int.from_bytes(%s.to_bytes(%d, %r, signed=%s), %r, signed=%s)' % (
        literal(value), length, order, signed, order, signed)


def program(seed, cases):
    rng = random.Random(seed)
    lines = ['import sys', 'sys.set_int_max_str_digits(0)', 'def show(f):',
             '    try:', '        print(repr(f()))',
             '    except Exception as e:', '        print(type(e).__name__, e)']
    for _ in range(cases):
        lines.append('show(lambda: %s)' % random_case(rng))
    return '\n'.join(lines) + '\n'


def run(command, source):
    with tempfile.NamedTemporaryFile('w', suffix='.py') as f:
        f.write(source)
        f.flush()
        result = subprocess.run(command + [f.name], capture_output=True, text=True, timeout=600)
    return result.stdout.splitlines() + result.stderr.splitlines()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--krait', required=True)
    parser.add_argument('--seeds', default='1-20')
    parser.add_argument('--cases', type=int, default=2000)
    args = parser.parse_args()
    first, _, last = args.seeds.partition('-')
    failures = 0
    for seed in range(int(first), int(last or first) + 1):
        source = program(seed, args.cases)
        expected = run(['/usr/bin/python3.11'], source)
        got = run([args.krait], source)
        if expected == got:
            continue
        failures += 1
        case_lines = source.splitlines()[7:]
        shown = 0
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else '<missing>'
            g = got[i] if i < len(got) else '<missing>'
            if e != g and shown < 5:
                print('seed %d: %s' % (seed, case_lines[i][:200] if i < len(case_lines) else '?'))
                print('  python3.11: %s' % e[:200])
                print('  krait:      %s' % g[:200])
                shown += 1
    print('%d seed(s) differ' % failures if failures else 'all seeds agree')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
