# Items replaced or deleted by slice assignment are released after the list is consistent,
# in CPython's order (last first for a[i:j] = b; in order for extended slices), short and
# long slices alike; a finalizer that looks at the list sees its new contents.
log = []


class Tracked:
    def __init__(self, name, owner=None):
        self.name = name
        self.owner = owner

    def __del__(self):
        log.append((self.name, None if self.owner is None else len(self.owner)))


def fresh(n, owner=None):
    return [Tracked(i, owner) for i in range(n)]


for n in (3, 8, 9, 20):
    a = []
    a.extend(fresh(n, a))
    a[1:n - 1] = ["x"]
    print(n, log, len(a))
    log.clear()
    a[:] = []
    log.clear()

a = fresh(10)
del a[::3]
print("del ::3", log, len(a))
log.clear()
a = fresh(10)
a[::2] = range(5)
print("assign ::2", log, a[:3] == [0, a[1], 1])
log.clear()
a = fresh(12)
a[2:11] = a[3:5]
print("self slice", log, len(a))
log.clear()
a = [1, 2, 3]
a[1:1] = a
print(a)
try:
    a[::2] = [1]
except ValueError as e:
    print(e)
try:
    a[1:2] = 5
except TypeError as e:
    print(e)
