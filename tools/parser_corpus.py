#!/usr/bin/python3.11
"""Compares krait's parser with CPython 3.11's (run this with /usr/bin/python3.11).

  parser_corpus.py --parse-dump build-parse/parse_dump [--stdlib] [--snippets] [--deep] [-v]

--stdlib    every .py file under python3.11's Lib (test/ included): the AST dump with
            positions (ast.dump(..., include_attributes=True)) must be identical; for the
            files CPython itself rejects, the SyntaxError must be.
--snippets  the sources in tests/unit/parse_errors.txt (one JSON string per line, or
            [source, mode], or {"bytes": latin-1 text, "mode": mode} for raw bytes), plus
            every string literal of the CPython tests that exercise the parser and
            tokenizer: errors (kind, message, line, offset, end, text) or ASTs must match.
--deep      deeply nested sources: the same limits and errors as CPython, no crash.
--type-comments  the stdlib parsed as ast.parse(..., type_comments=True) does.
--mutations N  N random edits of stdlib code (--seed S): differential testing of errors.
--random-bytes N  N short random byte strings (--seed S): the tokenizer's error paths.
--token-fuzz N  N random sequences of Python tokens (--seed S): the parser's error paths.
--fstring-fuzz N  N random f-strings (--seed S): replacement fields and their errors.
Prints "N passed, N failed" per set; exits 1 on any difference.
"""
import argparse
import ast
import json
import os
import subprocess
import sys
import sysconfig
import threading
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNIPPET_FILE = os.path.join(ROOT, 'tests', 'unit', 'parse_errors.txt')
# CPython tests whose string literals are full of (in)valid Python snippets.
SNIPPET_SOURCES = [
    'test_syntax.py', 'test_exceptions.py', 'test_fstring.py', 'test_grammar.py',
    'test_eof.py', 'test_string_literals.py', 'test_unicode_identifiers.py',
    'test_positional_only_arg.py', 'test_keywordonlyarg.py', 'test_patma.py',
    'test_named_expressions.py', 'test_genexps.py', 'test_coroutines.py',
    'test_except_star.py', 'test_utf8source.py', 'test_source_encoding.py', 'test_flufl.py',
    'test_ast.py', 'test_compile.py', 'test_tokenize.py', 'test_future.py', 'test_global.py', 'test_unparse.py', 'test_type_comments.py',
    'test_decorators.py', 'test_with.py', 'test_generators.py', 'test_listcomps.py',
    'test_setcomps.py', 'test_dictcomps.py', 'test_opcodes.py', 'test_traceback.py',
    'test_pep646_syntax.py', 'test_peepholer.py', 'test_int_literal.py', 'test_float.py',
    'test_cmd_line_script.py', 'test_code.py', 'test_dis.py', 'test_scope.py',
]


def escape_text(text):
    if text is None:
        return 'None'
    out = []
    for b in text.encode('utf-8', 'surrogatepass'):
        c = chr(b)
        if c == '\\':
            out.append('\\\\')
        elif c == '\n':
            out.append('\\n')
        elif b < 0x20 or b >= 0x7f:
            out.append('\\x%02x' % b)
        else:
            out.append(c)
    return ''.join(out)


def value(v):
    return 'None' if v is None else str(v)


# codeop's flags: PyCF_DONT_IMPLY_DEDENT | PyCF_ALLOW_INCOMPLETE_INPUT.
REPL_FLAGS = 0x200 | 0x4000


def expected(source, mode, with_text, flags=0):
    """What krait's parse_dump --batch must print for `source` (bytes or str)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            tree = compile(source, '<unknown>', mode, ast.PyCF_ONLY_AST | flags, dont_inherit=True)
            result = 'OK ' + ast.dump(tree, include_attributes=True)
        except SyntaxError as e:
            result = 'ERR %s: %s (line %s, offset %s, end %s/%s)' % (
                type(e).__name__, e.msg, value(e.lineno), value(e.offset),
                value(e.end_lineno), value(e.end_offset))
            if with_text:
                result += ' text=' + escape_text(e.text)
        except (ValueError, MemoryError, RecursionError) as e:
            result = 'ERR %s: %s' % (type(e).__name__, e)
    for w in caught:
        result += ' warning=%s:%s@%d' % (w.category.__name__, w.message, w.lineno)
    return result


# PyCF_TYPE_COMMENTS, as ast.parse(..., type_comments=True).
TYPE_COMMENTS_FLAG = 0x1000


def split_mode(mode):
    """'single+repl' -> ('single', REPL_FLAGS); 'exec+tc' -> ('exec', TYPE_COMMENTS_FLAG)."""
    base, *options = mode.split('+')
    flags = 0
    for option in options:
        flags |= {'repl': REPL_FLAGS, 'tc': TYPE_COMMENTS_FLAG}[option]
    return base, flags


def run_krait(parse_dump, records):
    """records: [(source, mode)]; returns one output line per record."""
    blob = bytearray()
    for source, mode in records:
        data = source if isinstance(source, bytes) else source.encode('utf-8', 'surrogatepass')
        kind = 'bytes' if isinstance(source, bytes) else 'str'
        mode, flags = split_mode(mode)
        blob += b'%d %s %s %d\n' % (len(data), mode.encode(), kind.encode(), flags)
        blob += data
    proc = subprocess.run([parse_dump, '--attrs', '--batch', '/dev/stdin'], input=bytes(blob),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=600)
    lines = proc.stdout.decode('utf-8', 'replace').split('\n')
    if proc.returncode != 0 or len(lines) < len(records):
        if len(records) == 1:
            return ['CRASH (exit %d) %s' % (proc.returncode, proc.stderr.decode()[:200])]
        # Split to find the record that crashed.
        half = len(records) // 2
        return run_krait(parse_dump, records[:half]) + run_krait(parse_dump, records[half:])
    return lines[:len(records)]


def decode_for_krait(source, encoding):
    """What krait's caller does with NeedsDecoding: decode with the Python codec (a failure
    is CPython's SyntaxError at line 0, offset -1) and parse the text again."""
    try:
        return source.decode(encoding), None
    except (LookupError, UnicodeDecodeError) as e:
        return None, 'ERR SyntaxError: %s (line 0, offset -1, end None/None) text=None' % e


def run_krait_decoding(parse_dump, records):
    got = run_krait(parse_dump, records)
    for i, line in enumerate(got):
        if line.startswith('ERR NeedsDecoding: '):
            encoding = line[len('ERR NeedsDecoding: '):].split(' text=')[0]
            text, error = decode_for_krait(records[i][0], encoding)
            got[i] = error or run_krait(parse_dump, [(text, records[i][1])])[0]
    return got


def first_difference(want, got):
    n = 0
    while n < min(len(want), len(got)) and want[n] == got[n]:
        n += 1
    start = max(0, n - 150)
    return want[start:n + 150], got[start:n + 150]


def normalize(line, with_text):
    if not with_text and line.startswith('ERR ') and ' text=' in line:
        warnings_part = line[line.index(' warning='):] if ' warning=' in line else ''
        return line[:line.rindex(' text=')] + warnings_part
    return line


def compare(name, parse_dump, cases, verbose, with_text=True, chunk=200):
    """cases: [(label, source, mode)]."""
    passed = failed = 0
    failures = []
    for i in range(0, len(cases), chunk):
        batch = cases[i:i + chunk]
        got = run_krait_decoding(parse_dump, [(src, mode) for _, src, mode in batch])
        for (label, src, mode), line in zip(batch, got):
            base_mode, flags = split_mode(mode)
            want = expected(src, base_mode, with_text, flags)
            line = normalize(line, with_text)
            if line == want:
                passed += 1
            else:
                failed += 1
                failures.append((label, src, want, line))
    for label, src, want, line in failures[:200 if verbose else 20]:
        print('--- %s' % label)
        if verbose or len(src) < 300:
            print('    source: %r' % (src[:300],))
        want_part, got_part = first_difference(want, line)
        print('    want: %s' % want_part)
        print('    got:  %s' % got_part)
    print('%s: %d passed, %d failed' % (name, passed, failed))
    return failed


def stdlib_cases():
    lib = sysconfig.get_path('stdlib')
    cases = []
    for dirpath, dirnames, filenames in os.walk(lib):
        dirnames.sort()
        if 'site-packages' in dirpath or 'dist-packages' in dirpath:
            continue
        for f in sorted(filenames):
            if f.endswith('.py'):
                path = os.path.join(dirpath, f)
                with open(path, 'rb') as fh:
                    cases.append((os.path.relpath(path, lib), fh.read(), 'exec'))
    return cases


def snippet_cases():
    cases = []
    seen = set()

    def add(label, src, mode='exec'):
        key = (src, mode)
        if key in seen:
            return
        seen.add(key)
        cases.append((label, src, mode))

    if os.path.exists(SNIPPET_FILE):
        with open(SNIPPET_FILE, encoding='utf-8') as fh:
            for n, line in enumerate(fh, 1):
                line = line.strip()
                if line and not line.startswith('#'):
                    entry = json.loads(line)
                    if isinstance(entry, dict):  # {"bytes": latin-1 text, "mode": ...}
                        add('parse_errors.txt:%d' % n, entry['bytes'].encode('latin-1'),
                            entry.get('mode', 'exec'))
                    elif isinstance(entry, list):
                        add('parse_errors.txt:%d' % n, entry[0], entry[1])
                    else:
                        add('parse_errors.txt:%d' % n, entry)
    testdir = os.path.join(sysconfig.get_path('stdlib'), 'test')
    for name in SNIPPET_SOURCES:
        path = os.path.join(testdir, name)
        if not os.path.exists(path):
            continue
        with open(path, 'rb') as fh:
            try:
                tree = ast.parse(fh.read())
            except SyntaxError:
                continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
                src = node.value
                if isinstance(src, str) and ('\x00' in src or len(src) < 2):
                    continue
                if isinstance(src, str):
                    try:
                        src.encode('utf-8')
                    except UnicodeEncodeError:
                        continue
                for mode in ('exec', 'eval', 'single', 'single+repl'):
                    add('%s:%d:%s' % (name, node.lineno, mode), src, mode)
    return cases


MUTATION_PIECES = ['(', ')', '[', ']', '{', '}', ':', ',', '=', '.', '*', '**', "'", '"',
                   '"""', '\\', '#', '\t', ' ', '  ', '\n', 'x', '1', '0', '_', 'if ', 'else',
                   'lambda', 'for ', ' in ', 'def ', 'class ', 'return', 'yield', 'await ',
                   'async ', 'not ', 'is', '->', ':=', '@', 'f"', "f'{", '}', '!r', '\u20ac',
                   'match ', 'case ', 'except*', 'global ', 'del ', 'print ', 'import ', '...',
                   '\t', '\n\t', '\n    ', '\x0c', '\r', '\u00e9', '\u200b', '\\N{', '\\x',
                   "rb'", "fr'", "b'\\xff'", '0x', '1_', '0o8', '1e', '1j', '.5', 'yield from ',
                   'nonlocal ', 'with (', 'try:', 'finally:', 'except ', 'else:', 'elif ', '|',
                   '=', '==', '!=', '<>', '->', '**=', '//', '@=', ';', '*,', '/,', 'True', 'None']


def mutation_cases(count, seed):
    """Random edits of random stretches of stdlib files: mostly invalid code, to compare
    error messages and locations where the hand-picked snippets do not reach."""
    import random
    rng = random.Random(seed)
    files = [src for _, src, _ in stdlib_cases()]
    cases = []
    while len(cases) < count:
        try:
            text = rng.choice(files).decode('utf-8')
        except UnicodeDecodeError:
            continue
        lines = text.splitlines(keepends=True)
        if not lines:
            continue
        if rng.random() < 0.05:
            piece = text  # the whole file: errors far from the edit, tokenizing to the end
        else:
            start = rng.randrange(len(lines))
            piece = ''.join(lines[start:start + rng.randint(1, 12)])
        for _ in range(rng.randint(1, 5)):
            if not piece:
                break
            pos = rng.randrange(len(piece) + 1)
            action = rng.random()
            if action < 0.4:
                piece = piece[:pos] + piece[pos + rng.randint(1, 3):]
            elif action < 0.8:
                piece = piece[:pos] + rng.choice(MUTATION_PIECES) + piece[pos:]
            elif action < 0.9:
                piece = piece[:pos]
            else:
                piece = piece[:pos] + piece[pos:].replace('    ', '  ', 1)
        mode = rng.choice(('exec', 'exec', 'exec', 'eval', 'single', 'single+repl', 'exec+tc'))
        cases.append(('mutation %d' % len(cases), piece, mode))
    return cases


def random_byte_cases(count, seed):
    """Short random byte strings (invalid UTF-8, control characters, stray brackets and
    quotes): the tokenizer's error paths, as bytes and, when it decodes, as text."""
    import random
    rng = random.Random(seed)
    alphabet = (b"abcxyz019_ \t\n\r\\'\"#()[]{}:;,.=+-*/%@<>!&|^~$?`\x01\x0c\x7f"
                b"\x80\xc3\xa9\xe2\x82\xac\xff\xed\xa0\xf0\x9f")
    cases = []
    while len(cases) < count:
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        mode = rng.choice(['exec', 'eval', 'single', 'single+repl'])
        cases.append(('random bytes %d' % len(cases), data, mode))
        try:
            cases.append(('random text %d' % len(cases), data.decode('utf-8'), mode))
        except UnicodeDecodeError:
            pass
    return cases


TOKEN_VOCABULARY = [
    'x', 'y', 'f', 'print', 'match', 'case', '_', 'type', '1', '0x1', '1.5', '1j', "'s'", 'b"b"',
    "f'{x}'", "f'{x!r:>{y}}'", "'''t'''", 'if', 'else', 'elif', 'for', 'in', 'not', 'is', 'and',
    'or', 'lambda', 'def', 'class', 'return', 'yield', 'await', 'async', 'with', 'as', 'try',
    'except', 'finally', 'raise', 'from', 'import', 'global', 'nonlocal', 'del', 'pass', 'break',
    'continue', 'assert', 'while', 'None', 'True', 'False', '(', ')', '[', ']', '{', '}', ':',
    ',', ';', '.', '...', '=', '==', '!=', '<', '>', '<=', '+', '-', '*', '**', '/', '//', '%',
    '@', '|', '&', '^', '~', '->', ':=', '+=', '*=', '\n', '\n', '\n    ', '\n        ',
    '\n  ', ' ', ' ', '\\\n', '#c\n']


def token_fuzz_cases(count, seed):
    """Random sequences of Python tokens: errors everywhere in the grammar."""
    import random
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        src = ''
        for token in (rng.choice(TOKEN_VOCABULARY) for _ in range(rng.randint(1, 25))):
            if src and src[-1].isalnum() and token[0].isalnum():
                src += ' '
            src += token
        mode = rng.choice(['exec', 'exec', 'eval', 'single', 'single+repl', 'exec+tc'])
        cases.append(('token fuzz %d' % i, src, mode))
    return cases


FSTRING_PIECES = ['{', '}', '{{', '}}', 'x', 'y', ' ', '!r', '!s', '!a', '!', ':', '=', '>10',
                  '.2f', "'", '"', '\\', '\\n', '\\N{BULLET}', '#', '(', ')', '[', ']', '1', '+',
                  'lambda', 'f"', "f'", '\u00e9', '\n', '\t', ',', '*', '**', ':=', '<', '>',
                  '!=', '==']


def fstring_fuzz_cases(count, seed):
    """Random f-string bodies: the replacement-field scanner and its errors."""
    import random
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        body = ''.join(rng.choice(FSTRING_PIECES) for _ in range(rng.randint(0, 14)))
        quote = rng.choice(["'", '"', "'''", '"""'])
        src = 'x = ' + rng.choice(['f', 'rf', 'fr', 'F']) + quote + body + quote
        if rng.random() < 0.3:
            src += ' ' + rng.choice(["'a'", "f'{y}'", "b'c'", "u'd'"])
        cases.append(('fstring fuzz %d' % i, src, rng.choice(['exec', 'exec', 'eval'])))
    return cases


def deep_cases():
    """Deep nesting: CPython's limits (200 brackets, 100 indents, the parser's 6000 nested
    rules, reported as MemoryError) must be hit at the same depth, without crashing."""
    cases = []
    for n in (100, 1000, 3000, 5990, 6000, 6010, 10000):
        cases.append(('minus%d' % n, '-' * n + '1', 'exec'))
    for n in (1000, 5990, 6000, 10000):
        for name, src in (('not', 'not ' * n + '1'), ('lambda', 'lambda:' * n + '1'),
                          ('await', 'await ' * n + '1'), ('star', '*' * n + 'a = 1'),
                          ('pow', '2**' * n + '1'), ('if', '1 if ' * n + '1' + ' else 1' * n),
                          ('fstring', "f'{" + '-' * n + "1}'")):
            cases.append(('%s%d' % (name, n), src, 'exec'))
    for n in (199, 200, 201, 250):
        for name, src in (('paren', '(' * n + ')' * n), ('list', '[' * n + ']' * n),
                          ('dict', '{1:' * n + '1' + '}' * n), ('call', 'f(' * n + ')' * n)):
            cases.append(('%s%d' % (name, n), src, 'exec'))
    cases.append(('attributes', 'a' + '.b' * 5000, 'exec'))
    cases.append(('operators', '1' + '+1' * 5000, 'exec'))
    for n in (98, 100):
        src = 'if x:\n' + ''.join(' ' * i + 'if x:\n' for i in range(1, n)) + ' ' * n + 'pass\n'
        cases.append(('indent%d' % n, src, 'exec'))
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--parse-dump', default=os.path.join(ROOT, 'build-parse', 'parse_dump'))
    parser.add_argument('--stdlib', action='store_true')
    parser.add_argument('--snippets', action='store_true')
    parser.add_argument('--deep', action='store_true', help='deeply nested sources')
    parser.add_argument('--type-comments', action='store_true',
                        help='the stdlib again, parsed with type comments')
    parser.add_argument('--mutations', type=int, default=0, metavar='N',
                        help='N randomly edited stretches of stdlib code')
    parser.add_argument('--random-bytes', type=int, default=0, metavar='N',
                        help='N short random byte strings')
    parser.add_argument('--token-fuzz', type=int, default=0, metavar='N',
                        help='N random token sequences')
    parser.add_argument('--fstring-fuzz', type=int, default=0, metavar='N',
                        help='N random f-strings')
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--no-text', action='store_true', help='ignore SyntaxError.text')
    parser.add_argument('-v', '--verbose', action='store_true')
    parser.add_argument('files', nargs='*', help='compare just these files')
    args = parser.parse_args()
    failed = 0
    if args.files:
        cases = []
        for f in args.files:
            with open(f, 'rb') as fh:
                cases.append((f, fh.read(), 'exec'))
        failed += compare('files', args.parse_dump, cases, args.verbose, not args.no_text)
    if args.stdlib:
        failed += compare('stdlib', args.parse_dump, stdlib_cases(), args.verbose,
                          not args.no_text, chunk=50)
    if args.type_comments:
        cases = [(name, src, 'exec+tc') for name, src, _ in stdlib_cases()]
        failed += compare('stdlib with type comments', args.parse_dump, cases, args.verbose,
                          not args.no_text, chunk=50)
    if args.snippets:
        failed += compare('snippets', args.parse_dump, snippet_cases(), args.verbose,
                          not args.no_text)
    if args.mutations:
        failed += compare('mutations', args.parse_dump, mutation_cases(args.mutations, args.seed),
                          args.verbose, not args.no_text)
    if args.random_bytes:
        failed += compare('random bytes', args.parse_dump,
                          random_byte_cases(args.random_bytes, args.seed), args.verbose,
                          not args.no_text)
    if args.token_fuzz:
        failed += compare('token fuzz', args.parse_dump,
                          token_fuzz_cases(args.token_fuzz, args.seed), args.verbose,
                          not args.no_text)
    if args.fstring_fuzz:
        failed += compare('fstring fuzz', args.parse_dump,
                          fstring_fuzz_cases(args.fstring_fuzz, args.seed), args.verbose,
                          not args.no_text)
    if args.deep:
        failed += compare('deep', args.parse_dump, deep_cases(), args.verbose, True, chunk=1)
    return 1 if failed else 0


if __name__ == '__main__':
    # ast.dump recurses once per tree level: give it room for the deep cases.
    sys.setrecursionlimit(10**6)
    threading.stack_size(1 << 29)
    result = []
    thread = threading.Thread(target=lambda: result.append(main()))
    thread.start()
    thread.join()
    sys.exit(result[0] if result else 2)
