# gen.throw() with a class whose constructor fails or returns a non-exception: the
# resulting error is thrown into the generator (as CPython's normalisation does).
class ReturnsClass(Exception):
    def __new__(cls, *args, **kwargs):
        return cls


class ReturnsInt(Exception):
    def __new__(cls, *args, **kwargs):
        return 5


class InitFails(Exception):
    def __init__(self, *args):
        raise ValueError("boom")


def boring():
    yield


gen = boring()
try:
    gen.throw(ReturnsClass)
except TypeError as e:
    print("unstarted:", e)
try:
    next(gen)
except StopIteration:
    print("closed after throw")


def catching():
    for _ in range(5):
        try:
            yield
        except Exception as e:
            print("caught", type(e).__name__, e)


gen = catching()
next(gen)
gen.throw(ReturnsClass)
gen.throw(ReturnsInt, "value")
gen.throw(InitFails)
gen.throw(InitFails, ("a", "b"))
gen.close()
