# A __del__ that runs while an exception is propagating (here: the key function of
# list.sort raised and the finished keys are dropped) must not see that exception.
data = list(range(10))


class SortKiller:
    def __init__(self, x):
        if x > 2:
            raise RuntimeError("key failed")

    def __del__(self):
        del data[:]
        data[:] = list(range(20))
        print("del ran, data now", len(data))


try:
    data.sort(key=SortKiller)
except RuntimeError as e:
    print("RuntimeError:", e)
print(len(data))


class Noisy:
    def __del__(self):
        try:
            raise KeyError("inside")
        except KeyError as e:
            print("caught in __del__:", repr(e))


def drop_and_raise():
    x = Noisy()
    del x
    raise ValueError("outer")


try:
    n = Noisy()
    raise ValueError("outer")
except ValueError as e:
    del n
    print("still handling:", repr(e))
try:
    drop_and_raise()
except ValueError as e:
    print("outer survived:", repr(e))
