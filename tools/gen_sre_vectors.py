#!/usr/bin/python3.11
"""Generates tests/unit/data/sre/vectors.txt, the cases tests/unit/sre_engine_test.cpp
replays against krait's SRE engine (src/modules/sre/engine*).

Run with CPython 3.11 (the oracle), in the C locale:
    LC_ALL=C /usr/bin/python3.11 tools/gen_sre_vectors.py

Each pattern is compiled with CPython's own re._parser and re._compiler into SRE code
words; the file records the words, the subjects, and what CPython's _sre answers for
match / fullmatch / search (spans of every group and lastindex), for iteration (finditer,
Scanner.match) and for sub. Patterns come from three places: the table of
Lib/test/re_tests.py (read at generation time, not copied into the tree), the hand-written
cases below (every opcode, AT code and category), and a seeded random pattern generator.
Mutated code words check that the validator accepts exactly what _sre.compile accepts.

Line format (space-separated integers unless noted):
  P <groups> <ncode> <code...>                         a program; cases below use it
  S <char_size> <n> <units...>                         a subject
  M <mode> <pos> <endpos> <result>                     one match/fullmatch/search call
  I <mode> <pos> <endpos> <count> <result>...          an iteration with next()
  U <n> <units...>                                     sub(pattern, '#', subject)
  V <valid> <groups> <ncode> <code...>                 validation only
  L <n> (<char> <lower>)...                            _sre.unicode_tolower where it moves
  C <n> <char>...                                      where _sre.unicode_iscased is true
where <mode> is m (match), f (fullmatch) or s (search) and <result> is N (no match),
E (CPython raised SystemError for a wrong group span) or <lastindex> followed by the
2*(groups+1) span ends of groups 0..groups.
"""

import _sre
import os
import random
import re
import signal
import sys
import warnings
from re import _compiler, _parser

OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'unit', 'data', 'sre', 'vectors.txt')
RE_TESTS = '/usr/lib/python3.11/test/re_tests.py'

lines = []
stats = {'programs': 0, 'calls': 0, 'iterations': 0, 'subs': 0, 'validations': 0}


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)
warnings.simplefilter('ignore')  # random sets such as '[[a-z]]' warn about nesting


def units(s):
    if isinstance(s, (bytes, bytearray)):
        return 1, list(s)
    m = max(map(ord, s), default=0)
    return (1 if m < 256 else 2 if m < 65536 else 4), [ord(c) for c in s]


WRONG_SPAN = object()  # CPython raised SystemError: a group's start after its end


def call(fn, *args):
    try:
        return fn(*args)
    except SystemError:
        return WRONG_SPAN


def result_words(m, groups):
    if m is None:
        return ['N']
    if m is WRONG_SPAN:
        return ['E']
    regs = m.regs
    words = [str(m.lastindex if m.lastindex is not None else -1)]
    for a, b in regs:
        words += [str(a), str(b)]
    assert len(regs) == groups + 1
    return words


def emit_program(pattern, flags):
    """Compiles like re.compile does; returns (compiled pattern, groups) or None."""
    try:
        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        compiled = re.compile(pattern, flags)
    except (re.error, ValueError, TypeError, OverflowError, RecursionError):
        return None
    groups = p.state.groups - 1
    assert compiled.groups == groups
    lines.append('P %d %d %s' % (groups, len(code), ' '.join(str(int(w)) for w in code)))
    stats['programs'] += 1
    return compiled, groups


def emit_subject(subject):
    size, us = units(subject)
    lines.append('S %d %d %s' % (size, len(us), ' '.join(map(str, us))))


# Cases CPython needs longer than this for (catastrophic backtracking) are left out, so
# that replaying the committed file stays fast; --stress allows more.
time_limit = 0.1


def guarded(fn):
    signal.setitimer(signal.ITIMER_REAL, time_limit)
    try:
        return fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def emit_calls(compiled, groups, subject, positions):
    n = len(subject)
    for pos, endpos in positions:
        for mode, fn in (('m', compiled.match), ('f', compiled.fullmatch), ('s', compiled.search)):
            m = guarded(lambda: call(fn, subject, pos, endpos))
            lines.append('M %s %d %d %s' % (mode, pos, endpos, ' '.join(result_words(m, groups))))
            stats['calls'] += 1


def emit_iteration(compiled, groups, subject, mode, pos, endpos, limit=60):
    def collect():
        sc = compiled.scanner(subject, pos, endpos)
        step = sc.search if mode == 's' else sc.match
        out = []
        while len(out) < limit:
            m = call(step)
            if m is None:
                break
            out.append(result_words(m, groups))
            if out[-1] == ['E']:
                break
        return out
    results = guarded(collect)
    words = ['I', mode, str(pos), str(endpos), str(len(results))]
    for r in results:
        words += r
    lines.append(' '.join(words))
    stats['iterations'] += 1


def emit_sub(compiled, subject):
    repl = b'#' if isinstance(subject, bytes) else '#'
    try:
        out = guarded(lambda: compiled.sub(repl, subject))
    except SystemError:
        return
    size, us = units(out)
    lines.append('U %d %s' % (len(us), ' '.join(map(str, us))))
    stats['subs'] += 1


def case(pattern, subjects, flags=0, positions=None, iterate=True):
    """Records every call for pattern over subjects."""
    got = emit_program(pattern, flags)
    if got is None:
        return False
    compiled, groups = got
    for subject in subjects:
        if isinstance(subject, str) != isinstance(pattern, str):
            continue
        try:
            n = len(subject)
            pos_list = [(0, n)]
            if positions == 'all' or (positions is None and n >= 2):
                pos_list += [(1, n), (0, n - 1)]
            if positions == 'all':
                pos_list += [(n // 2, n), (2, 1), (n, n), (-3, n + 5)]
            emit_subject(subject)
            emit_calls(compiled, groups, subject, pos_list)
            if iterate:
                emit_iteration(compiled, groups, subject, 's', 0, n)
                if positions == 'all':
                    emit_iteration(compiled, groups, subject, 's', 1, n - 1)
                    emit_iteration(compiled, groups, subject, 'm', 0, n)
                emit_sub(compiled, subject)
        except Timeout:
            # Too slow under CPython too (catastrophic backtracking): drop the subject.
            while lines and lines[-1][0] != 'P' and lines[-1][0] != 'S':
                lines.pop()
            if lines and lines[-1][0] == 'S':
                lines.pop()
    return True


# --- hand-written cases: every opcode, AT code and category ------------------------------

U = 'αβγ ΑΒΓ ﬁ ß ſ K Å İı ς σ Σ ｆｏｏ ٣٤ 𝟘 𐐀𐐨 \u2028\x85\x1c 日本語 _x9'


def hand_cases():
    cases = [
        # literals, prefixes, LITERAL fast search, overlap tables
        ('abc', ['abc', 'xabcx', 'ababc', 'ab', '']),
        ('aab', ['aaab', 'aabaab', 'ab']),
        ('abab', ['abababab', 'abaabab']),
        ('a(b)c', ['abc', 'xxabcx']),
        ('(ab)cd', ['abcd', 'xabcd']),
        ('ab(cd)(ef)', ['abcdef', 'zabcdefab']),
        ('x', ['', 'x', 'axbx']),
        ('\u0100', ['a\u0100', 'abc']),
        ('\U0001F600x', ['a\U0001F600x', 'ax']),
        ('aé', ['xaé', 'ae']),
        # ANY, ANY_ALL
        ('a.c', ['abc', 'a\nc', 'a\u2028c']),
        ('(?s)a.c', ['abc', 'a\nc']),
        ('.*', ['abc\ndef', '', '\n']),
        ('(?s).*', ['abc\ndef']),
        ('.+?x', ['aaxbx\nx']),
        # AT codes
        ('^a', ['a', 'ba', 'a\na']),
        ('(?m)^a', ['a\na', 'b\na', '\n']),
        ('a$', ['a', 'a\n', 'a\n\n', 'ab']),
        ('(?m)a$', ['a\nb', 'ba\n', 'a']),
        ('\\Aa', ['a', 'ba']),
        ('a\\Z', ['a', 'a\n']),
        ('(?m)$', ['a\nb\n']),
        ('$', ['', 'abc', 'ab\n']),
        ('^', ['', 'abc']),
        ('(?m)^', ['a\nb\n\nc']),
        ('\\b', ['', 'a b', 'ab', ' ']),
        ('\\B', ['', 'a b', 'ab', ' ']),
        ('\\bfoo\\b', ['foo', 'a foo b', 'foobar', 'éfooé', 'ßfoo']),
        ('(?a)\\bfoo\\b', ['éfooé', 'foo']),
        ('\\Bo\\B', ['foo', 'o', 'xoy', 'éoé']),
        ('(?a)\\Bo\\B', ['éoé']),
        # categories
        ('\\d+', ['a123b', '٣٤5', '𝟘', '']),
        ('(?a)\\d+', ['a123b', '٣٤5']),
        ('\\D+', ['a123b', '٣٤x']),
        ('\\s+', [' \t\n\x0b\x0c\r\x1c\x85\u2028\xa0x', 'ab']),
        ('(?a)\\s+', [' \t\n\x0b\x0c\r\x1c\x85\xa0x']),
        ('\\S+', [' ab\u2028c ']),
        ('\\w+', ['héllo wörld_9', 'ﬁ ß ٣', '𐐀x']),
        ('(?a)\\w+', ['héllo wörld_9']),
        ('\\W+', ['a, b!c', 'é!']),
        ('[\\d\\s]+', ['1 2\t3x']),
        ('[^\\d\\s]+', ['1 2ab3x']),
        ('[\\w.-]+@[\\w.-]+', ['mail me at john.doe@ex-ample.com now']),
        ('[\\W\\d]+', ['ab, 12cd']),
        ('(?a)[\\W]+', ['ab, éé cd']),
        ('[^\\W]+', ['ab, éé cd']),
        # charsets
        ('[abc]+', ['xxabcabcxx', 'abd']),
        ('[a-z0-9_]+', ['Hello_World42!', 'é']),
        ('[^a-z]+', ['abcDEF123ghi']),
        ('[\u0100-\u0200\u3000-\u3100a]+', ['xa\u0150\u3050\u0300b']),
        ('[^\u0100-\u0200]+', ['ab\u0150cd']),
        ('[\u4e00-\u9fff]+', ['abc日本語def']),
        ('[\U00010000-\U0001ffff]+', ['a\U0001F600\U0001F601b']),
        ('[a\U0001F600]+', ['a\U0001F600b']),
        ('[\x00-\xff]+', ['abc\xff\u0100']),
        ('[^\x00-\x7f]+', ['abcé日\x7f']),
        ('[-a]+', ['-a-b']),
        ('[\\]\\[]+', ['a[]]b']),
        ('[^\n]+', ['ab\ncd']),
        ('[αβγ]+', ['xαβγy']),
        # IGNORECASE: ASCII, Unicode with case-fix sets, sets, ranges
        ('(?i)abc', ['ABC', 'aBc', 'xAbCx']),
        ('(?ia)abc', ['ABC', 'aBc']),
        ('(?i)k', ['K', 'k', '\u212a']),
        ('(?ia)k', ['K', '\u212a']),
        ('(?i)s', ['S', 'ſ', 'ß']),
        ('(?i)ß', ['ß', 'ẞ', 'SS']),
        ('(?i)σ', ['Σ', 'ς', 'σ']),
        ('(?i)[σ]+', ['ΣςσX']),
        ('(?i)[^σ]+', ['ΣςσX']),
        ('(?i)[k-m]+', ['KLM\u212akl']),
        ('(?i)[a-z]+', ['Hello WORLD ſ K']),
        ('(?ia)[a-z]+', ['Hello WORLD ſ K']),
        ('(?i)[^a-z]+', ['Hello123WORLD']),
        ('(?i)[^k]', ['K\u212ax']),
        ('(?i)[é-ë]+', ['ÉÊËéx']),
        ('(?i)[\U00010400-\U0001040f]+', ['\U00010428\U00010400\U00010430x']),
        ('(?i)\U00010400', ['\U00010428']),
        ('(?i)[\U00010428]', ['\U00010400']),
        ('(?i)i', ['I', 'İ', 'ı']),
        ('(?i)İ', ['i', 'İ', 'I']),
        ('(?i)[İ]', ['i', 'İ']),
        ('(?i)ﬁ', ['ﬁ', 'FI']),
        ('(?i)µ', ['μ', 'Μ', 'µ']),
        ('(?i)[^a]', ['A', 'b']),
        ('(?i)[^é]', ['É', 'é', 'e']),
        ('(?i)a+', ['AaAab']),
        ('(?i)[ab]+', ['AbBac']),
        ('(?i)[ab]*?c', ['AbBac']),
        ('(?i)(a)\\1', ['aA', 'Aa', 'ab']),
        ('(?i)(é)\\1', ['éÉ']),
        ('(?i)(σ)\\1', ['Σς', 'σΣ']),
        ('(?ia)(é)\\1', ['éÉ', 'éé']),
        ('(?i)error|warning', ['An ERROR and a Warning']),
        ('(?i)\\bint\\b', ['INT x; Int y']),
        # NOT_LITERAL, negated literals in repeats
        ('[^a]', ['a', 'b', '']),
        ('[^a]+', ['bcdae']),
        ('[^\u0100]+', ['ab\u0100c']),
        ('a[^b]*b', ['axxxb', 'ab']),
        ('(?i)[^a]+', ['bcAde']),
        # branches
        ('a|b|c', ['xcbax']),
        ('(a|b)*c', ['ababc', 'abab']),
        ('(a)|(b)', ['b', 'a', 'c']),
        ('(?:(a)|b)*', ['ab', 'ba', 'aab']),
        ('(?:(a)|(b))*', ['ab', 'ba']),
        ('((a)|b)*', ['ab', 'abb']),
        ('(a|ab)(c|bcd)(d*)', ['abcd']),
        ('(?:a|b|)+', ['abc']),
        ('x(?:ab|cd|[ef]g)y', ['xcdy', 'xegy', 'xy']),
        ('(a)(?:(b)x|by)', ['aby', 'abx']),
        ('(a)(?:(b)x|by)(c)?', ['abyc', 'aby']),
        # greedy, lazy, possessive single-character repeats
        ('a*', ['', 'aaa', 'baaa']),
        ('a+', ['', 'aaa', 'baaa']),
        ('a?', ['', 'a', 'ba']),
        ('a{2,3}', ['aaaa', 'a', 'aa']),
        ('a{0}', ['aaa']),
        ('a*?b', ['aaab']),
        ('a+?', ['aaa']),
        ('a{2,3}?', ['aaaa']),
        ('a??b', ['ab', 'b']),
        ('a*+', ['aaa', 'b']),
        ('a*+a', ['aaa']),
        ('a++b', ['aaab', 'b']),
        ('a?+a', ['a', 'aa']),
        ('a{2,3}+', ['aaaa']),
        ('[ab]*+c', ['abac', 'ab']),
        ('.*a', ['bcadfa', 'xyz']),
        ('.*?a', ['bcadfa']),
        ('x*y', ['xxxy', 'xxx']),
        ('\\w+\\d', ['abc123', 'abc']),
        ('\\s*x', ['   x', '  y']),
        ('(?:ab)*c', ['ababc', 'abac']),
        ('(?:ab)*?c', ['ababc']),
        ('(?:ab)+?', ['ababab']),
        ('(?:ab){2}', ['ababab', 'ab']),
        ('(?:ab){1,2}?x', ['ababx']),
        ('(?:ab)*+c', ['ababc']),
        ('(?:ab)*+ab', ['abab']),
        ('(?:a|ab)*+c', ['aababc', 'abc']),
        ('(?:(a)|b)*+c', ['abc', 'bac']),
        ('(?:a|(b))*+', ['ab', 'ba']),
        ('(a|bc){2,3}+d', ['abcad', 'abcabcd']),
        ('(?:x*)*y', ['xxy', 'y']),
        ('(?:x*)*+y', ['xxy']),
        ('(?:)*a', ['a']),
        ('(a*)*', ['aaa', 'b']),
        ('(a*)+', ['aaa', 'b']),
        ('(a*)*?b', ['aab']),
        ('(a|)*b', ['aab']),
        ('(a|)+?b', ['aab']),
        ('(a?)*?$', ['aa']),
        ('(?:a*?)*x', ['aax']),
        ('((a)|b)+?c', ['abac']),
        ('(a)*(b)*', ['aabb', 'bb']),
        ('(?:(a)|(b)|(c))+', ['abcba', 'cab']),
        ('(ab|a)*?b', ['ababb']),
        ('(a+|b+)*c', ['aabbac']),
        ('(a{2})*', ['aaaaa']),
        ('(a{1,2}){2,3}', ['aaaaa', 'aaaaaaa']),
        ('(?:a{0,2}){3,4}x', ['aaaaax']),
        ('((?:a|b)*?)c', ['abac']),
        # atomic groups
        ('(?>a+)b', ['aaab', 'aaa']),
        ('(?>a+)a', ['aaa']),
        ('(?>(a)|b)c', ['ac', 'bc']),
        ('(?>a|ab)c', ['abc', 'ac']),
        ('(?>x*)*y', ['xxy']),
        ('((?>a*))*b', ['aab']),
        ('(?>(?:a|b)+)c', ['abac']),
        ('(?>.*?x)y', ['axxy', 'axy']),
        # groups and marks
        ('(a)(b)(c)', ['abc']),
        ('(a(b(c)))', ['abc']),
        ('((a)b)*', ['ababab']),
        ('(?P<x>a)(?P<y>b)?', ['a', 'ab']),
        ('(a)|b', ['b']),
        ('(a)?b', ['b', 'ab']),
        ('(a)?(b)?', ['', 'b']),
        ('()', ['', 'x']),
        ('(){0}x', ['x']),
        ('(x)?(y)?z', ['z', 'yz']),
        ('(a)b|(c)d', ['cd', 'ab']),
        ('((a)|(b))*', ['ab', 'ba']),
        ('(?:(a)|(b)|c)+', ['abc', 'cba']),
        ('(a)(?:b|(c))*', ['abcb']),
        ('((a)|(b))+?c', ['abc']),
        # backreferences
        ('(a+)\\1', ['aaaa', 'aaa']),
        ('(a)?\\1', ['aa', 'b']),
        ('(\\w+) \\1', ['hello hello world']),
        ('(a|b)*\\1', ['abab']),
        ('(?P<q>[\'"]).*?(?P=q)', ['say "hi" \'x\'']),
        ('(a)|\\1', ['x']),
        ('(a)(?:\\1)*', ['aaaa']),
        ('(a*)\\1+', ['aaaaaa']),
        # conditionals
        ('(a)?(?(1)b|c)', ['ab', 'c', 'ac', 'b']),
        ('(a)?(?(1)b)', ['ab', 'a', 'b']),
        ('(?P<n><)?\\w+(?(n)>)', ['<a>', 'a', '<a', 'a>']),
        ('(?:(a)|b)(?(1)c|d)', ['ac', 'bd', 'ad']),
        ('(a)?(?(1)|x)', ['a', 'x', 'y']),
        # lookahead and lookbehind
        ('a(?=b)', ['ab', 'ac']),
        ('a(?!b)', ['ab', 'ac', 'a']),
        ('(?<=a)b', ['ab', 'cb', 'b']),
        ('(?<!a)b', ['ab', 'cb', 'b']),
        ('(?<=ab)c', ['abc', 'xbc']),
        ('(?<=(a))b', ['ab']),
        ('(?<!(a))b', ['cb', 'ab']),
        ('(?=(a+))a*b\\1', ['baaabac']),
        ('(?=(\\w+))', ['ab cd']),
        ('(?!(a)b)(a)', ['ac', 'ab']),
        ('(?:(?!(a)c)(a)b)*', ['abab']),
        ('((?!x)\\w)+', ['abxcd']),
        ('(?<=\\d{3})x', ['123x', '12x']),
        ('(?<=a|b)c', ['ac', 'bc', 'cc']),
        ('(?<=^|,)\\w', ['a,b,,c']),
        ('\\w+(?=,)', ['ab,cd,ef']),
        ('(?=a)*b', ['b']),
        ('(?:(?=a))+a', ['a']),
        # empty matches and iteration (must-advance rule)
        ('x*', ['abxd', 'xx', '']),
        ('', ['abc', '']),
        ('|a', ['abc']),
        ('a|', ['abc']),
        ('\\b', ['ab cd']),
        ('(?=a)', ['aaa']),
        ('a*?', ['aaa']),
        ('(a*)', ['baaac']),
        ('(?:a|)*', ['aba']),
        ('(x)*', ['xyx']),
        ('\\s*', ['a b  c']),
        ('^|x', ['xaxb']),
        ('(?m)^', ['a\nb\n']),
        ('$|a', ['aa']),
        ('a*+', ['baab']),
        ('(?>a*)', ['baab']),
        ('a{0,2}?', ['aaa']),
        # CPython 3.11.2 quirks kept on purpose: a group span it reports wrongly or refuses
        ('((a)b|b{1,3}?)*+', ['abb', 'abab']),
        ('(?:(a)b|a)++', ['aba', 'abab', 'a']),
        ('((((.){1,3}?b)$)|aa|$)++|[ab]', ['ab']),
        # large and exact repeat counts
        ('a{1000}', ['a' * 999, 'a' * 1001]),
        ('(?:ab){100,}', ['ab' * 99, 'ab' * 150 + 'a']),
        ('(a){3,5}?b', ['aaaaab', 'aab']),
        ('[ab]{2,4}+c', ['ababc', 'abababc']),
        ('(?:a|b){300,}', ['ab' * 200, 'ab' * 100]),
        # log lines, identifiers, numbers
        ('(\\d+)-(\\d+)-(\\d+) (\\S+) \\[(\\w+)\\] (.*)',
         ['2024-01-02 10:11:12 [INFO] started service\n2024-01-02 x [WARN] y']),
        ('[A-Za-z_][A-Za-z0-9_]*', ['int x_1 = foo(bar2);']),
        ('-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?', ['x=-1.5e10, y=3, z=.5']),
        ('"(?:[^"\\\\]|\\\\.)*"', ['say "a\\"b" and "c"']),
        ('<([a-z]+)>.*?</\\1>', ['<b>x</b><i>y</i>']),
    ]
    for pattern, subjects in cases:
        case(pattern, subjects, positions='all')
    for subjects in ([U], ['Straße STRASSE strasse ǅ ǆ Ǆ']):
        for pattern in ('\\w+', '\\W+', '\\d', '\\s', '\\b\\w', '(?i)[a-zα-ω]+', '(?i)ſ+', '(?i)\\w+',
                        '[^\\w\\s]+', '.', '(?i)[^α]+', '(?i)(\\w)\\1'):
            case(pattern, subjects)

    # bytes patterns, ASCII and LOCALE (the C locale)
    bcases = [
        (b'abc', [b'xabcx', b'ABC']),
        (b'(?i)abc', [b'xAbCx', b'\xc1BC']),
        (b'(?i)[a-c]+', [b'AbCd\xe1']),
        (b'(?i)[^a]+', [b'AbB']),
        (b'\\w+', [b'ab\xe9c_1 d']),
        (b'\\s+', [b'a \t\n\x1cb']),
        (b'\\d+', [b'a12b']),
        (b'\\bab\\b', [b'ab ab_ abc']),
        (b'(?L)\\w+', [b'ab\xe9c_1 d']),
        (b'(?L)\\W+', [b'ab\xe9c_1 d']),
        (b'(?L)\\bab\\b', [b'ab ab_ \xe9ab']),
        (b'(?L)\\Bb', [b'ab b']),
        (b'(?L)[\\w]+', [b'a_b c']),
        (b'(?L)[^\\w]+', [b'a_b, c']),
        (b'(?Li)abc', [b'xAbCx']),
        (b'(?Li)a+', [b'AaAab']),
        (b'(?Li)[a-c]+', [b'AbCd']),
        (b'(?Li)[^a]+', [b'bAcd']),
        (b'(?Li)[^b]', [b'Bbc']),
        (b'(?Li)(a)\\1', [b'aA', b'ab']),
        (b'(?Li)\xe9', [b'\xc9\xe9']),
        (b'(?Li)[\xe9x]+', [b'\xc9\xe9X']),
        (b'(?i)(a)\\1', [b'aA']),
        (b'[\x80-\xff]+', [b'ab\x80\xffc']),
        (b'.+', [b'a\nb']),
        (b'(?s).+', [b'a\nb']),
    ]
    for pattern, subjects in bcases:
        case(pattern, subjects, positions='all')


# --- crafted code: opcodes the compiler never emits at top level ----------------------------

def crafted_cases():
    C = _compiler
    # CATEGORY_LINEBREAK inside a set: IN <skip> CATEGORY LINEBREAK FAILURE
    programs = [
        [C.IN, 4, C.CATEGORY, C.CATEGORY_LINEBREAK, C.FAILURE, C.SUCCESS],
        [C.IN, 4, C.CATEGORY, C.CATEGORY_NOT_LINEBREAK, C.FAILURE, C.SUCCESS],
        [C.IN, 4, C.CATEGORY, C.CATEGORY_UNI_LINEBREAK, C.FAILURE, C.SUCCESS],
        [C.IN, 4, C.CATEGORY, C.CATEGORY_UNI_NOT_LINEBREAK, C.FAILURE, C.SUCCESS],
        [C.REPEAT_ONE, 9, 0, _sre.MAXREPEAT, C.IN, 4, C.CATEGORY, C.CATEGORY_UNI_LINEBREAK,
         C.FAILURE, C.SUCCESS, C.SUCCESS],
        # an INFO block in front of a branch alternative (sub-pattern INFO check)
        [C.BRANCH, 10, C.INFO, 4, 0, 3, 3, C.LITERAL, 97, C.JUMP, 7, 5, C.LITERAL, 98,
         C.JUMP, 2, C.FAILURE, C.SUCCESS],
        # REPEAT_ONE over a two-op item: general counting via sub-matches
        [C.REPEAT_ONE, 8, 1, 3, C.LITERAL, 97, C.LITERAL, 98, C.SUCCESS, C.LITERAL, 99,
         C.SUCCESS],
        [C.MIN_REPEAT_ONE, 9, 0, _sre.MAXREPEAT, C.IN, 4, C.CATEGORY, C.CATEGORY_DIGIT,
         C.FAILURE, C.SUCCESS, C.LITERAL, 120, C.SUCCESS],
        [C.POSSESSIVE_REPEAT_ONE, 9, 1, _sre.MAXREPEAT, C.IN_UNI_IGNORE, 4, C.LITERAL, 97,
         C.FAILURE, C.SUCCESS, C.SUCCESS],
    ]
    for code in programs:
        try:
            compiled = _sre.compile(None, 0, code, 0, {}, ())
        except RuntimeError:
            print('crafted program rejected:', code, file=sys.stderr)
            continue
        lines.append('P 0 %d %s' % (len(code), ' '.join(str(int(w)) for w in code)))
        stats['programs'] += 1
        for subject in ['a\nb', '\n\u2028\x85x', 'ababc', 'abab', '12x', 'x', 'aAb', '']:
            emit_subject(subject)
            emit_calls(compiled, 0, subject, [(0, len(subject))])
            emit_iteration(compiled, 0, subject, 's', 0, len(subject))


# --- re_tests.py -----------------------------------------------------------------------

def re_tests_cases():
    namespace = {}
    with open(RE_TESTS) as f:
        exec(compile(f.read(), RE_TESTS, 'exec'), namespace)
    count = 0
    for t in namespace['tests']:
        pattern, subject, outcome = t[:3]
        if outcome == namespace['SYNTAX_ERROR']:
            continue
        variants = [(pattern, subject, 0)]
        if count % 3 == 0:
            variants.append((pattern, subject, re.IGNORECASE))
        if count % 5 == 0:
            variants.append((pattern, subject, re.MULTILINE | re.DOTALL))
        try:
            bp, bs = pattern.encode('latin-1'), subject.encode('latin-1')
            if count % 2 == 0:
                variants.append((bp, bs, 0))
        except UnicodeEncodeError:
            pass
        for p, s, flags in variants:
            if case(p, [s], flags):
                count += 1


# --- random patterns ---------------------------------------------------------------------

def random_pattern(rng, depth=0, groups=None):
    if groups is None:
        groups = [0]
    atoms = ['a', 'b', 'c', '.', '[ab]', '[^a]', '\\w', '\\s', '\\d', 'a', 'b', '(?i:A)', '[a-c]']
    def atom(d):
        r = rng.random()
        if d < 3 and r < 0.25:
            groups[0] += 1
            return '(' + seq(d + 1) + ')'
        if d < 3 and r < 0.33:
            return '(?:' + seq(d + 1) + ')'
        if d < 3 and r < 0.36:
            return '(?>' + seq(d + 1) + ')'
        if d < 3 and r < 0.39:
            kind = rng.choice(['?=', '?!', '?<=', '?<!'])
            inner = seq(d + 1) if kind in ('?=', '?!') else rng.choice(['a', 'b', 'ab', '[ab]', '(a)', 'a|c'])
            return '(' + kind + inner + ')'
        if groups[0] and r < 0.43:
            return '\\%d' % rng.randint(1, groups[0])
        if groups[0] and r < 0.45:
            return '(?(%d)%s|%s)' % (rng.randint(1, groups[0]), seq(d + 1), seq(d + 1))
        if r < 0.48:
            return rng.choice(['^', '$', '\\b', '\\B'])
        return rng.choice(atoms)
    def piece(d):
        a = atom(d)
        r = rng.random()
        if a in ('^', '$', '\\b', '\\B') or a.startswith('(?=') or a.startswith('(?!') or a.startswith('(?<'):
            return a
        if r < 0.5:
            return a
        q = rng.choice(['*', '+', '?', '{1,2}', '{2}', '{0,3}', '*?', '+?', '??', '{1,3}?',
                        '*+', '++', '?+', '{1,2}+'])
        return a + q
    def seq(d):
        parts = [piece(d) for _ in range(rng.randint(1, 3))]
        s = ''.join(parts)
        if d < 3 and rng.random() < 0.25:
            s += '|' + ''.join(piece(d) for _ in range(rng.randint(0, 2)))
        return s
    return seq(depth)


def random_dense_pattern(rng, depth=0, groups=None):
    """Small alphabet, many groups under quantifiers: stresses mark saving and lastindex."""
    if groups is None:
        groups = [0]
    def atom(d):
        r = rng.random()
        if d < 4 and r < 0.45:
            groups[0] += 1
            return '(' + alt(d + 1) + ')'
        if d < 4 and r < 0.55:
            return '(?:' + alt(d + 1) + ')'
        if d < 4 and r < 0.58:
            return '(?>' + alt(d + 1) + ')'
        if d < 4 and r < 0.61:
            return '(?=' + alt(d + 1) + ')'
        if d < 4 and r < 0.63:
            return '(?!' + alt(d + 1) + ')'
        if d < 4 and r < 0.65:
            return '(?<=' + rng.choice(['a', 'b', '(a)', '(b)', 'ab', '(?:a|b)']) + ')'
        if groups[0] and r < 0.70:
            return '\\%d' % rng.randint(1, groups[0])
        if d < 4 and groups[0] and r < 0.73:
            return '(?(%d)%s|%s)' % (rng.randint(1, groups[0]), alt(d + 1), alt(d + 1))
        return rng.choice(['a', 'b', 'a', 'b', '[ab]', '.', '', '$', '^'])
    def piece(d):
        a = atom(d)
        if rng.random() < 0.45 and a not in ('', '^', '$') and not a.startswith('(?<'):
            a += rng.choice(['*', '+', '?', '*?', '+?', '??', '{0,2}', '{1,3}?', '*+', '++', '?+',
                             '{2}', '{0,1}+'])
        return a
    def alt(d):
        branches = [''.join(piece(d) for _ in range(rng.randint(1, 3)))
                    for _ in range(1 if rng.random() < 0.6 else rng.randint(2, 3))]
        return '|'.join(branches)
    return alt(depth)


def random_cases(n, seed=1234):
    rng = random.Random(seed)
    made = 0
    cased = 'aAsSßſKk\u212aσΣςİıiIéÉ\U00010400\U00010428 1'
    while made < n:
        if made % 7 == 6:
            # Case-insensitive matching over characters with special case mappings.
            atoms = list(cased.replace(' ', '')) + ['[a-z]', '[^k]', '[σ-ω]', '[ß-ÿ]', '\\w', '.']
            pattern = '(?i)' + ''.join(
                rng.choice(['(%s)', '%s', '%s+', '%s*?', '[%s]', '[^%s]', '%s|']) % rng.choice(atoms)
                for _ in range(rng.randint(1, 4)))
            if '(' in pattern and rng.random() < 0.5:
                pattern += '\\1'
            subjects = [''.join(rng.choice(cased) for _ in range(rng.randint(0, 12))) for _ in range(3)]
            flags = rng.choice([0, re.ASCII])
            if case(pattern, subjects, flags):
                made += 1
            continue
        if made % 5 == 4:
            # A leading greedy repeat of one character: search skips along its runs.
            lead = rng.choice(['a', '[ab]', '.', '\\w', '[^c]', '(?i:A)', '[^b]', '(?s:.)', '\\S'])
            lead += rng.choice(['+', '*', '{2,}', '+', '*'])
            if rng.random() < 0.4:
                lead = '(' + lead + ')'
            pattern = lead + random_dense_pattern(rng, 2)
            subjects = [''.join(rng.choice('aaabbc') for _ in range(rng.randint(0, 24)))
                        for _ in range(3)]
        elif made % 2:
            pattern = random_dense_pattern(rng)
            subjects = [''.join(rng.choice('aab') for _ in range(rng.randint(0, 9)))
                        for _ in range(3)]
        else:
            pattern = random_pattern(rng)
            subjects = [''.join(rng.choice('aabbc d1\n') for _ in range(rng.randint(0, 10)))
                        for _ in range(3)]
        flags = rng.choice([0, 0, 0, re.IGNORECASE, re.MULTILINE, re.DOTALL, re.ASCII])
        if case(pattern, subjects, flags):
            made += 1


# --- validation ----------------------------------------------------------------------------

def validate_in_child(code, groups):
    """Whether _sre.compile accepts code; None when it raises something else or crashes
    (CPython's validator reads out of bounds on some malformed code)."""
    pid = os.fork()
    if pid == 0:
        try:
            _sre.compile(None, 0, code, groups, {}, ())
            os._exit(1)
        except RuntimeError:
            os._exit(0)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) > 1:
        return None
    return os.WEXITSTATUS(status)


def validation_cases(n, seed=99):
    rng = random.Random(seed)
    # A CATEGORY op outside a set is invalid for _sre.compile.
    lines.append('V 0 0 10 %d 6 0 %d %d %d %d %d 120 %d' % tuple(map(int, (
        _compiler.MIN_REPEAT_ONE, _sre.MAXREPEAT, _compiler.CATEGORY, _compiler.CATEGORY_DIGIT,
        _compiler.SUCCESS, _compiler.LITERAL, _compiler.SUCCESS))))
    sources = ['a', '(a)|b', '[abc]+', '(?i)[\u0100-\u0200]', '(a)?(?(1)b|c)', '(?<=ab)c',
               '(?>a+)b', '(?:ab)*+c', 'a{2,5}?', '(\\w+) \\1', '(?i)abc', '(a)(?(1)b)',
               '\\bx$', '(?:a|b)*c', 'abc|abd', '[^a-z]', 'a++']
    for src in sources:
        p = _parser.parse(src, 0)
        base = _compiler._code(p, 0)
        groups = p.state.groups - 1
        for _ in range(n):
            code = list(base)
            r = rng.random()
            if r < 0.5:
                i = rng.randrange(len(code))
                code[i] = rng.choice([0, 1, 2, 3, 15, 17, 255, code[i] + 1, max(code[i] - 1, 0),
                                      rng.randrange(50)])
            elif r < 0.7:
                del code[rng.randrange(len(code))]
            elif r < 0.85:
                code.insert(rng.randrange(len(code) + 1), rng.randrange(45))
            else:
                code = code[:rng.randrange(len(code) + 1)]
            g = groups if rng.random() < 0.8 else rng.choice([0, groups + 1])
            valid = validate_in_child(code, g)
            if valid is None:
                continue
            lines.append('V %d %d %d %s' % (valid, g, len(code), ' '.join(str(int(w)) for w in code)))
            stats['validations'] += 1


def lower_table():
    pairs = [(c, _sre.unicode_tolower(c)) for c in range(0x110000) if _sre.unicode_tolower(c) != c]
    lines.append('L %d %s' % (len(pairs), ' '.join('%d %d' % p for p in pairs)))
    cased = [c for c in range(0x110000) if _sre.unicode_iscased(c)]
    lines.append('C %d %s' % (len(cased), ' '.join(map(str, cased))))


# --- benchmark --------------------------------------------------------------------------
# `--bench DIR` writes a few MB of generated text and typical patterns (as code words) to
# DIR and prints CPython's times; the disabled test SreEngine.DISABLED_Benchmark
# (SRE_BENCH_DIR=DIR) times the engine on the same input.

BENCH = [
    # (name, pattern, flags, kind): kind 'iter' counts all matches, 'search' one search call
    ('identifiers', r'[A-Za-z_][A-Za-z0-9_]*', 0, 'iter'),
    ('numbers', r'\d+(?:\.\d+)?', 0, 'iter'),
    ('log_lines', r'^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) \[(\w+)\] (\w+): (.*)$',
     re.MULTILINE, 'iter'),
    ('whitespace_split', r'\s+', 0, 'iter'),
    ('words_ignorecase', r'(?i)error|warning|failed', 0, 'iter'),
    ('word_boundary', r'\bthe\b', 0, 'iter'),
    ('emails', r'[\w.+-]+@[\w-]+\.[\w.-]+', 0, 'iter'),
    ('quoted', r'"[^"]*"', 0, 'iter'),
    ('key_value', r'(\w+)=(\d+)', 0, 'iter'),
    ('line_contains', r'(?m)^.*timeout.*$', 0, 'iter'),
    ('literal', r'ERROR', 0, 'iter'),
    ('vowel_runs', r'[aeiou]{2,}', 0, 'iter'),
    ('lazy_dotall', r'(?s)<b>(.*?)</b>', 0, 'iter'),
    ('alternation_groups', r'(GET|POST|PUT|DELETE) (/[\w/]*)', 0, 'iter'),
    ('search_missing_literal', r'zqxjk', 0, 'search'),
    ('search_missing_ignorecase', r'(?i)zqxjk', 0, 'search'),
    ('search_missing_class', r'[#%]{3}\d', 0, 'search'),
    ('search_backtracking', r'(\w+)\s+\1\s+\1', 0, 'search'),
    # Backtracking-bound: one match call on a short text built for it ('match' kind; the
    # text follows the pattern in BENCH_TEXTS).
    ('exponential_alternation', r'(?:a|aa)+b', 0, 'match'),
    ('nested_groups', r'((\w+)\s?)+$', 0, 'match'),
    ('lazy_groups', r'(?:(\w+?),)*?(\w+);', 0, 'match'),
]
BENCH_TEXTS = {
    'exponential_alternation': 'a' * 28,
    'nested_groups': 'wordwordwordwordw!',
    'lazy_groups': 'ab,' * 20000 + 'cd;',
}


def bench_corpus(size, seed=5):
    rng = random.Random(seed)
    words = ('the quick brown fox jumps over lazy dog error warning failed timeout service '
             'request response value count index buffer stream socket thread process').split()
    levels = ['INFO', 'WARN', 'ERROR', 'DEBUG']
    out = []
    total = 0
    while total < size:
        r = rng.random()
        if r < 0.4:
            line = '2024-%02d-%02d %02d:%02d:%02d [%s] %s: %s' % (
                rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
                rng.randint(0, 59), rng.choice(levels), rng.choice(words),
                ' '.join(rng.choice(words) for _ in range(rng.randint(3, 12))))
        elif r < 0.6:
            line = '%s %s HTTP/1.1 id=%d size=%d time=%.3f user=%s@example.com' % (
                rng.choice(['GET', 'POST', 'PUT', 'DELETE']),
                '/' + '/'.join(rng.choice(words) for _ in range(rng.randint(1, 4))),
                rng.randint(1, 99999), rng.randint(0, 10**6), rng.random() * 10, rng.choice(words))
        elif r < 0.8:
            line = 'def %s_%d(%s): return "%s" + <b>%s</b>' % (
                rng.choice(words), rng.randint(0, 99), ', '.join(rng.choice(words) for _ in range(3)),
                rng.choice(words), rng.choice(words))
        else:
            line = ' '.join(rng.choice(words).capitalize() if rng.random() < 0.1 else rng.choice(words)
                            for _ in range(rng.randint(5, 15))) + '.'
        out.append(line)
        total += len(line) + 1
    return '\n'.join(out) + '\n'


def bench(directory):
    import time
    os.makedirs(directory, exist_ok=True)
    text = bench_corpus(4 * 1024 * 1024)
    with open(os.path.join(directory, 'corpus.txt'), 'w') as f:
        f.write(text)
    spec = []
    # CPython cannot match without building results; findall (substrings or tuples, no
    # match objects) is its cheapest way through all matches, finditer the usual one.
    print('%-28s %12s %12s %8s' % ('benchmark', 'findall ms', 'finditer ms', 'matches'))
    # Each benchmark runs on the text as it is (one byte per character) and with one
    # character beyond Latin-1 appended (two bytes per character, as CPython stores it).
    wide = text + '\u0100'
    runs = [(name, pattern, flags, kind, text) for name, pattern, flags, kind in BENCH]
    runs += [(name + '/ucs2', pattern, flags, kind, wide) for name, pattern, flags, kind in BENCH]
    for name, pattern, flags, kind, text in runs:
        if kind == 'match':
            text = BENCH_TEXTS[name.split('/')[0]] + ('\u0100' if name.endswith('/ucs2') else '')
        p = _parser.parse(pattern, flags)
        code = _compiler._code(p, flags)
        compiled = re.compile(pattern, flags)
        if kind == 'iter':
            ways = [lambda: len(compiled.findall(text)), lambda: sum(1 for _ in compiled.finditer(text))]
        elif kind == 'match':
            ways = [lambda: int(compiled.match(text) is not None)] * 2
        else:
            ways = [lambda: int(compiled.search(text) is not None)] * 2
        times = []
        for way in ways:
            best = None
            for _ in range(5):
                started = time.perf_counter()
                found = way()
                elapsed = time.perf_counter() - started
                best = elapsed if best is None else min(best, elapsed)
            times.append(best * 1000)
        spec.append('B %s %s %d %d %s %d %.3f %.3f %s' % (
            name, kind, p.state.groups - 1, len(code), ' '.join(str(int(w)) for w in code), found,
            times[0], times[1], ','.join(str(ord(c)) for c in text) if kind == 'match' else '-'))
        print('%-28s %12.2f %12.2f %8d' % (name, times[0], times[1], found))
    with open(os.path.join(directory, 'bench.txt'), 'w') as f:
        f.write('\n'.join(spec) + '\n')


def main():
    if len(sys.argv) > 1 and sys.argv[1] == '--bench':
        bench(sys.argv[2])
        return
    if len(sys.argv) > 1 and sys.argv[1] == '--stress':
        # A larger random-only set for local testing: --stress COUNT SEED OUT
        count, seed, out = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        global time_limit
        time_limit = 1.0
        random_cases(count, seed)
        with open(out, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        print(stats, file=sys.stderr)
        return
    lines.append('# generated by tools/gen_sre_vectors.py from CPython %s (re_tests.py, '
                 'hand-written and random patterns); do not edit' % sys.version.split()[0])
    lower_table()
    hand_cases()
    crafted_cases()
    re_tests_cases()
    random_cases(1200)
    validation_cases(40)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        f.write('\n'.join(lines) + '\n')
    print(stats, '%d bytes' % os.path.getsize(OUT), file=sys.stderr)


if __name__ == '__main__':
    main()
