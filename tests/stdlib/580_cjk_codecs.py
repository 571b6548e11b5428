# The CJK codecs (_multibytecodec and _codecs_jp/cn/kr/tw/hk): round trips, error ranges
# and reasons, error handlers, incremental and stream coding.
import codecs
import io

TEXT = 'abc日本語中文한국어\u00e9'
for enc in ['shift_jis', 'cp932', 'euc_jp', 'shift_jis_2004', 'euc_jis_2004', 'gb2312',
            'gbk', 'gb18030', 'big5', 'cp950', 'big5hkscs', 'euc_kr', 'cp949', 'johab']:
    print(enc, TEXT.encode(enc, 'replace'))
    print(' ', TEXT.encode(enc, 'xmlcharrefreplace').decode(enc))
    print(' ', TEXT.encode(enc, 'backslashreplace'), TEXT.encode(enc, 'ignore'))
    for data in [b'\x81', b'\x81\x20', b'a\xff\xfe', b'\x8f\xa1', b'\x81\x30\x81']:
        try:
            print('  ', repr(data.decode(enc)))
        except UnicodeDecodeError as e:
            print('  ', e.start, e.end, e.reason)
    print('  ', b'\x81\x20abc\xff'.decode(enc, 'replace'), b'\x81\x20abc\xff'.decode(enc, 'backslashreplace'))
    try:
        '\u0100x'.encode(enc)
    except UnicodeEncodeError as e:
        print('  ', e)
    decoder = codecs.getincrementaldecoder(enc)()
    data = 'あい中'.encode(enc, 'ignore')
    print('  ', [decoder.decode(data[i:i + 1]) for i in range(len(data))], decoder.getstate())

print('\U0010ffff\u0080\uffff'.encode('gb18030'), b'\xe3\x32\x9a\x35\x81\x30\x81\x30'.decode('gb18030'))
print('\u00ca\u0304\u00ca'.encode('big5hkscs'), b'\x88\x62\x88\x66'.decode('big5hkscs'))

codecs.register_error('test.cjk', lambda exc: ('[%d:%d]' % (exc.start, exc.end), exc.end))
print('x\u0100y'.encode('shift_jis', 'test.cjk'), b'x\x81\x20y'.decode('shift_jis', 'test.cjk'))

encoder = codecs.getincrementalencoder('euc_jis_2004')()
print(encoder.encode('\u304b'), encoder.encode('\u309a'), encoder.encode('', True))
print(encoder.errors)
encoder.errors = 'ignore'
print(encoder.encode('\u0100a', True))

stream = io.BytesIO('日本語\nテスト\n'.encode('shift_jis'))
reader = codecs.getreader('shift_jis')(stream)
print(reader.readline(), reader.read(1), reader.read())
out = io.BytesIO()
writer = codecs.getwriter('gbk')(out)
writer.write('中文')
writer.writelines(['a', 'b'])
print(out.getvalue())

import _codecs_jp
try:
    _codecs_jp.getcodec('nope')
except LookupError as e:
    print('LookupError', e)

# HZ: the stateful GB2312 encoding.
print('ab~中文c'.encode('hz'), b'ab~~~{VPND~}c~\nd'.decode('hz'))
for data in [b'~{VP', b'~x', b'~{\xd6\xd0~}']:
    try:
        print(repr(data.decode('hz')))
    except UnicodeDecodeError as e:
        print(e.start, e.end, e.reason)
decoder = codecs.getincrementaldecoder('hz')()
print([decoder.decode(bytes([b])) for b in b'~{VPND~}x'])
encoder = codecs.getincrementalencoder('hz')()
print(encoder.encode('中'), encoder.encode('文'), encoder.encode('', True))

# ISO-2022: escapes, SO/SI, G2 single shifts, error ranges.
for enc, text in [('iso2022_jp', 'a¥日本\n\u2015x¥x'), ('iso2022_kr', 'a한국\nb한'),
                  ('iso2022_jp_2', 'aé日한中Ωx'), ('iso2022_jp_1', '丂x'), ('iso2022_jp_ext', 'ｱx')]:
    data = text.encode(enc, 'replace')
    print(enc, data, data.decode(enc), 'x\u0100y'.encode(enc, 'xmlcharrefreplace'))
    decoder = codecs.getincrementaldecoder(enc)()
    print('  ', [decoder.decode(data[i:i + 1]) for i in range(len(data))])
for enc in ['iso2022_jp', 'iso2022_kr', 'iso2022_jp_2']:
    for data in [b'\x1b', b'\x1b(', b'\x1b(Z', b'\x1b$Bxx', b'\x1b$B\x21', b'\x80', b'\x1bdef',
                 b'\x1b$x', b'\x1b$)C\x0e\x21\x21\x0f!', b'\x1b.F\x1bN\x21', b'\x1b.F\x1bNR']:
        try:
            print(enc, data, repr(data.decode(enc)))
        except UnicodeDecodeError as e:
            print(enc, data, e.start, e.end, e.reason)
