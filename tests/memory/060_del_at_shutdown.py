# At interpreter exit, objects still referenced from module globals are finalized as in
# CPython: sys.modules is emptied, a collection runs (cycles too), then surviving module
# globals are cleared, single-underscore names first; __del__ can still use globals and
# print.
import sys

class Noisy:
    def __init__(self, name):
        self.name = name
    def __del__(self):
        print("del", self.name, len(sys.argv) if sys.argv is not None else None)

plain = Noisy("plain")
_private = Noisy("_private")
cycle = [Noisy("in cycle")]
cycle.append(cycle)
holder = {"x": Noisy("in dict")}
print("main body done")
