# format() of floats and ints formatted as floats.

def show(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__, e)

values = [0.0, -0.0, 1.0, -1.5, 0.1, 123456.789, 1e16, 1.5e-7, 1e300, 5e-324, float('inf'), float('-inf'), float('nan'), 2.5, 3.5]
specs = ['', 'e', 'E', 'f', 'F', 'g', 'G', '%', 'n', '.0e', '.3f', '.10g', '.0f', '#.0f', '#g', '+', ' ', '10.2f',
         '<10', '^12.3e', '=+12.3f', '*>10', '010.3f', ',', '_.2f', ',.1f', 'z.1f', '.2%', '#.3g', '.20f', '.1', '.17g', '-.2e']
for v in values:
    for s in specs:
        show('%r %r' % (v, s), lambda: format(v, s))
for v in [0, 5, -12345, 10**20]:
    for s in ['e', '.2f', 'g', '%', 'G', '.3', 'F']:
        show('int %r %r' % (v, s), lambda: format(v, s))
show('float d', lambda: format(1.5, 'd'))
show('float x', lambda: format(1.5, 'x'))
show('float c', lambda: format(1.5, 'c'))
show('float bad', lambda: format(1.5, '.f.'))
show('method', lambda: (1.5).__format__('.3f'))
show('method type', lambda: (1.5).__format__(1))
print(f'{3.14159:.2f} {2.5:>8} {-0.0:+} {1e-9:g} {12345.678:,.1f} {0.25:.0%}')
print('{:.3e} {:g} {:10.4f}|'.format(1234.5, 0.00001234, 3.14159))
print('%f %e %g %.2f %10.3f %-10.1f| %+.1e %G %%' % (1.5, 1.5, 1.5, 2.345, 3.14159, 2.5, 12345.678, 1e-10))
print(repr(1e22), repr(1e21), str(1e16), str(1.0e15), repr(0.0001), repr(0.00001), str(-1e-7))
