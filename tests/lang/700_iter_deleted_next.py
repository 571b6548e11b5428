# A class whose __next__ is deleted while it is being iterated: TypeError, not a crash.
class BadIterator:
    def __iter__(self):
        return self

    def __next__(self):
        del BadIterator.__next__
        return 1


try:
    for i in BadIterator():
        pass
except TypeError as e:
    print("for:", e)

for name, action in [("next", lambda: next(BadIterator())),
                     ("iter", lambda: iter(BadIterator())),
                     ("list", lambda: list(BadIterator()))]:
    try:
        action()
    except TypeError as e:
        print(name + ":", e)


class Sub(BadIterator):
    pass


try:
    next(Sub())
except TypeError as e:
    print("subclass:", e)


class Counter:
    def __init__(self):
        self.n = 0

    def __iter__(self):
        return self

    def __next__(self):
        self.n += 1
        if self.n > 3:
            raise StopIteration
        return self.n


saved = Counter.__next__
del Counter.__next__
try:
    list(Counter())
except TypeError as e:
    print("deleted:", e)
Counter.__next__ = saved
print("restored:", list(Counter()))
