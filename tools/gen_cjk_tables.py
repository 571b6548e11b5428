#!/usr/bin/python3.11
"""Generates src/modules/cjk/cjk_tables.inc: the decoding tries and encoding overrides of
the stateless CJK codecs (_codecs_jp/cn/kr/tw/hk), read off CPython 3.11's own codecs by
decoding every 1-, 2- and 3-byte sequence and encoding every code point.

Run: /usr/bin/python3.11 tools/gen_cjk_tables.py > src/modules/cjk/cjk_tables.inc

Decoding trie: node 0 of a codec is its root (bytes 0..255); each node covers the trail
bytes lo..hi with one uint16 per byte in the shared pool:
  plain value                  the code point (BMP, not a surrogate)
  0xD800 + i                   kCjkExtra[i..]: a length then that many code points
  0xDC00 + n - 1               illegal multibyte sequence, error length n
  0xDD00                       GB18030 four-byte sequence (decoded by range table)
  0xDE00 + k                   continue in node k of the same codec
Bytes outside lo..hi are illegal with error length 1. `need` is how many bytes (counted
from the sequence start) the codec requires before it looks at the next byte.
Encoding: the runtime inverts the trie (first sequence found wins, walking bytes upward);
the overrides correct that inverse to what CPython encodes (length 0: unencodable).
"""
import sys

CODECS = {
    'jp': ['shift_jis', 'cp932', 'euc_jp', 'shift_jis_2004', 'shift_jisx0213',
           'euc_jis_2004', 'euc_jisx0213'],
    'cn': ['gb2312', 'gbk', 'gb18030'],
    'kr': ['euc_kr', 'cp949', 'johab'],
    'tw': ['big5', 'cp950'],
    'hk': ['big5hkscs'],
}
EXTRA = 0x200000
ILLEGAL = 0x300000
FOUR = 0x400000
NODE = 0x500000

pool = []
pool_index = {}
extra = []
extra_index = {}


def outcome(enc, seq):
    try:
        return ('ok', seq.decode(enc))
    except UnicodeDecodeError as e:
        if e.reason.startswith('incomplete'):
            return ('more', None)
        return ('bad', e.end - e.start)


def value_of(text):
    if len(text) == 1:
        return ord(text)
    key = tuple(ord(c) for c in text)
    if key not in extra_index:
        extra_index[key] = len(extra)
        extra.append(len(key))
        extra.extend(key)
    return EXTRA + extra_index[key]


def need_of(enc, prefix):
    for k in range(1, 4):
        kind, _ = outcome(enc, prefix + b'\x20' * k)
        if kind != 'more':
            return len(prefix) + k
    return len(prefix) + 3


def build(enc):
    nodes = []        # (prefix, values list)
    decoded = []      # (bytes, text) in trie order, for the inverse
    def make(prefix):
        index = len(nodes)
        nodes.append(None)
        values = []
        for b in range(256):
            seq = prefix + bytes([b])
            if enc == 'gb18030' and len(prefix) == 1 and 0x30 <= b <= 0x39:
                values.append(FOUR)
                continue
            kind, v = outcome(enc, seq)
            if kind == 'more' and len(seq) == 2 and enc in ('euc_kr', 'cp949'):
                # KS X 1001 annex 3 eight-byte syllables are not supported: the
                # filler that starts them decodes alone.
                kind, v = 'ok', seq.decode(enc, 'ignore') or '\u3164'
            if kind == 'ok' and (len(prefix) == 0 or len(v) <= 2) :
                values.append(value_of(v))
                decoded.append((seq, v))
            elif kind == 'more':
                values.append(('node', seq))
            else:
                values.append(ILLEGAL + v - 1)
        nodes[index] = [prefix, values]
        for i, v in enumerate(values):
            if isinstance(v, tuple):
                values[i] = NODE + make(v[1])
        return index
    make(b'')
    out = []
    for prefix, values in nodes:
        if prefix:
            legal = [i for i, v in enumerate(values) if v != ILLEGAL]
            lo, hi = (legal[0], legal[-1]) if legal else (1, 0)
        else:
            lo, hi = 0, 255
        part = tuple(values[lo:hi + 1])
        if part not in pool_index:
            pool_index[part] = len(pool)
            pool.extend(part)
        out.append((lo, hi, need_of(enc, prefix) if prefix else 1, pool_index[part]))
    return out, decoded


def four_byte_ranges():
    runs = []
    for b0 in range(0x81, 0x85):
        for b1 in range(0x30, 0x3A):
            for b2 in range(0x81, 0xFF):
                for b3 in range(0x30, 0x3A):
                    linear = (((b0 - 0x81) * 10 + b1 - 0x30) * 126 + b2 - 0x81) * 10 + b3 - 0x30
                    try:
                        cp = ord(bytes([b0, b1, b2, b3]).decode('gb18030'))
                    except UnicodeDecodeError:
                        continue
                    if runs and runs[-1][0] + runs[-1][2] == linear and runs[-1][1] + runs[-1][2] == cp:
                        runs[-1][2] += 1
                    else:
                        runs.append([linear, cp, 1])
    return runs


def packed(bs):
    v = 0
    for b in bs:
        v = v << 8 | b
    return v


def overrides(enc, decoded):
    inverse = {}
    pairs = []
    for seq, text in decoded:
        if len(text) == 1:
            inverse.setdefault(ord(text), seq)
        else:
            pairs.append((text, seq))
    fixes = []
    limit = 0x10000 if enc == 'gb18030' else 0x30000
    for cp in range(limit):
        if 0xD800 <= cp < 0xE000:
            continue
        try:
            real = chr(cp).encode(enc)
        except UnicodeEncodeError:
            real = None
        if enc == 'gb18030' and real is not None and len(real) == 4:
            real = 'four'
        if real is not None and real != 'four' and len(real) > 3:
            real = None  # euc_kr's eight-byte syllables: not supported
        mine = inverse.get(cp)
        if real == 'four':
            if mine is not None:
                fixes.append((cp, 0, 4))
            continue
        if real != mine:
            fixes.append((cp, packed(real) if real else 0, len(real) if real else 0))
    pair_out = []
    for text, seq in pairs:
        try:
            real = text.encode(enc)
        except UnicodeEncodeError:
            continue
        if len(text) == 2 and real == seq:
            pair_out.append((ord(text[0]), ord(text[1]), packed(seq), len(seq)))
    return fixes, pair_out


def ident(enc):
    return ''.join(p.capitalize() for p in enc.split('_'))


def main():
    w = sys.stdout.write
    w('// generated by tools/gen_cjk_tables.py from CPython 3.11\'s CJK codecs; do not edit.\n')
    w('// Decoding tries and encoding overrides of the stateless CJK codecs (see the generator).\n\n')
    per_codec = []
    for module, encs in CODECS.items():
        for enc in encs:
            nodes, decoded = build(enc)
            fixes, pairs = overrides(enc, decoded)
            per_codec.append((module, enc, nodes, fixes, pairs))
            print(enc, len(nodes), len(fixes), len(pairs), file=sys.stderr)
    w('const uint32_t kCjkPool[] = {\n')
    for i in range(0, len(pool), 16):
        w('    ' + ','.join('0x%X' % v for v in pool[i:i + 16]) + ',\n')
    w('};\n\nconst char32_t kCjkExtra[] = {\n')
    for i in range(0, len(extra), 12):
        w('    ' + ','.join('0x%X' % v for v in extra[i:i + 12]) + ',\n')
    w('};\n\n')
    w('const CjkRun kGb18030Ranges[] = {\n')
    for linear, cp, n in four_byte_ranges():
        w('    {%d, 0x%X, %d},\n' % (linear, cp, n))
    w('};\n\n')
    for module, enc, nodes, fixes, pairs in per_codec:
        name = ident(enc)
        w('const CjkNode k%sNodes[] = {\n' % name)
        for lo, hi, need, offset in nodes:
            w('    {%d, %d, %d, %d},\n' % (lo, hi, need, offset))
        w('};\nconst CjkOverride k%sOverrides[] = {\n' % name)
        for cp, bs, n in fixes:
            w('    {0x%X, 0x%X, %d},\n' % (cp, bs, n))
        w('    {0, 0, 0}};\nconst CjkPair k%sPairs[] = {\n' % name)
        for a, b, bs, n in pairs:
            w('    {0x%X, 0x%X, 0x%X, %d},\n' % (a, b, bs, n))
        w('    {0, 0, 0, 0}};\n\n')
    w('const CjkCodecData kCjkCodecs[] = {\n')
    for module, enc, nodes, fixes, pairs in per_codec:
        name = ident(enc)
        w('    {"%s", "%s", k%sNodes, k%sOverrides, std::size(k%sOverrides) - 1, k%sPairs, std::size(k%sPairs) - 1},\n'
          % (module, enc, name, name, name, name, name))
    w('};\n')


main()
