# for over tuples (the loop's specialised tuple path): empty, nested, exhausted iterators
# reused, tuple subclasses, a loop site that sees a tuple then a list then a generator.
def total(seq):
    s = 0
    for x in seq:
        s += x
    return s


for seq in [(), (1,), (1, 2, 3), [4, 5], (i for i in range(3)), range(4), (7, 8)]:
    print(total(seq))


class T(tuple):
    def __iter__(self):
        return iter(list(tuple.__iter__(self))[::-1])


print([x for x in T((1, 2, 3))])
it = iter((1, 2))
for x in it:
    print("first", x)
for x in it:
    print("never", x)
print(next(it, "exhausted"))
pairs = ((1, "a"), (2, "b"))
for n, (k, v) in enumerate(pairs):
    print(n, k, v)
for x in (1, 2, 3):
    if x == 2:
        break
else:
    print("no break")
print(x)
try:
    for x in (1, 2, 0):
        print(6 // x)
except ZeroDivisionError as e:
    print("error:", e)
