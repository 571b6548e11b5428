# printf-style formatting of bytes and bytearray: %b %s %r %a %c, numbers, mapping keys,
# and the errors.

class HB:
    def __bytes__(self):
        return b'hb'
class BadBytes:
    def __bytes__(self):
        return 'x'

tests = [
"b'%s' % HB()", "b'%b' % HB()", "b'%s' % BadBytes()", "b'%(x)b|%(y)d' % {b'x': b'v', b'y': 2}", "b'%5.2f|%-5d|%05x' % (3.14159, 7, 255)",
"b'%#o %#x %#X' % (8, 255, 255)", "b'%e %g %G' % (1e10, 0.5, 1e-10)", "b'%c%c%c' % (104, b'i', bytearray(b'!'))", "b'%-3c|' % 65", "b'%a' % 'h\\xe9'",
"b'%r' % b'x'", "b'%s' % memoryview(b'mv')", "b'%.0s|' % b'abc'", "b'%*s|' % (4, b'x')", "b'%-*s|' % (4, b'x')", "b'%%s' % ()", "b'%x' % -255",
"b'%d' % 2**70", "b'%d' % 1.9", "b'%i' % True", "b'%s %s' % (b'a', b'b')", "b'%s' % [1]", "b'%(a)s' % [1]", "b'%(a)s' % 5",
"bytearray(b'%s|%d') % (b'x', 5)", "type(bytearray(b'x') % ())", "b'%s' % (bytearray(b'ba'),)", "b'no args' % ()", "b'%s' % ()",
"b'%d' % None", "b'%c' % -1", "b'%c' % 1.5", "b'%5' % 1", "b'%.*f' % (2, 3.14159)",
]
for t in tests:
    try: print(t, '->', repr(eval(t)))
    except Exception as e: print(t, '->', type(e).__name__, e)
