# format() of ints: every presentation type, fill/align/sign/width, grouping, '#',
# 'c', float presentation types, and the error messages.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

values = [0, 1, -1, 42, -42, 255, 65535, 1234567, -1234567, 2**64, -(2**70) + 1]
specs = ['', 'd', 'b', 'o', 'x', 'X', 'n', '#b', '#o', '#x', '#X', '+d', ' d', '-d',
         '10', '<10', '>10', '^10', '=10', '*^12', '010', '+010', '#010x', ',', '_', '_b',
         '_x', '#_o', ',d', '015,', '+,', '^+15,', 'e', '.3e', 'f', '.2f', 'g', '%', '.1%',
         'E', 'G', 'F', '020.3f', '>+12.1f']
for v in values:
    for s in specs:
        show('%r %r' % (v, s), lambda: format(v, s))

for v in [65, 97, 0x263a, 0x1F600, 0, 0x10FFFF]:
    show('c %d' % v, lambda: format(v, 'c'))
show('c negative', lambda: format(-1, 'c'))
show('c too big', lambda: format(0x110000, 'c'))
show('c huge', lambda: format(2**70, 'c'))
show('c sign', lambda: format(65, '+c'))
show('c alt', lambda: format(65, '#c'))
show('c width', lambda: format(65, '>5c'))
show('precision', lambda: format(5, '.2'))
show('precision d', lambda: format(5, '.2d'))
show('z', lambda: format(5, 'zd'))
show('unknown', lambda: format(5, 'q'))
show('unknown s', lambda: format(5, 's'))
show('bad spec', lambda: format(5, '<<<'))
show('comma b', lambda: format(5, ',b'))
show('both groupings', lambda: format(5, ',_'))
show('float huge', lambda: format(10**400, 'f'))
show('bool format', lambda: format(True, 'd'))
show('bool empty', lambda: format(True, ''))
show('bool x', lambda: format(True, '#x'))
show('method', lambda: (255).__format__('x'))
show('method bad', lambda: (255).__format__(3))

# f-strings and str.format route through __format__.
n = 1234567890
print(f'{n:,} {n:_} {n:#x} {n:>20} {n:e} {-n:+,}')
print('{:08b} {:o} {:X} {:n}'.format(13, 64, 3054, 10**10))
print('%d %5d %-5d| %05d %x %X %o %#x %#o %+d' % (42, 42, 42, -42, 255, 255, 8, 255, 8, 5))
print('%d %i %u' % (2**70, -2**70, 3), '%x' % (2**70), '%.5d' % 42)
print(repr(1), repr(-2**70), str(10**20), ascii(5))
