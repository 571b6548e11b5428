# format() of ints: the specs [sign][0][width][d] take a direct path for small ints;
# every other spec, big ints, bool and int subclasses (own __format__) the general one.
specs = ["", "d", "0", "00", "06d", "6", "+", "-", " ", "+06d", " 6", "-06", "010", "064d", "65d", "0d", "+0", "06x", ">6", "<06", "x<6", "=+6", ",", "_d", "06,d", "6.2", "z", "06.1f", "n", "c", "b", "08b", "+d", "+ d", "d ", " d", "0 6", "1d", "99999999999999999999d", "٣d", "0٣"]
vals = [0, 5, -5, 123, -123, 999999, -2**62, 2**62, 2**63, -2**63, 2**70, -2**70, True]
for s in specs:
    row = []
    for v in vals:
        try:
            row.append(format(v, s))
        except Exception as e:
            row.append("%s: %s" % (type(e).__name__, e))
    print(repr(s), row)
for v in vals:
    print(f"{v:06d}|{v:+}|{v: 5}|{v:3d}")
class I(int):
    def __format__(self, spec):
        return "I" + spec
print(f"{I(5):06d}", format(I(3), "x"), f"{I(7)}")
