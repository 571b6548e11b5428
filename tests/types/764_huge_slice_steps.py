# Slices with steps near sys.maxsize (extended-slice reads, assignment and deletion) on
# bytes, bytearray, str and array, and empty bytes subclasses.
import array
import sys

big = sys.maxsize
for data in [b"abcdef", bytearray(b"abcdef"), "abcdef", array.array("b", [1, 2, 3, 4, 5, 6]), [1, 2, 3, 4, 5, 6]]:
    print(type(data).__name__, data[::big], data[::-big], data[1::big], data[-1::-big])
    if isinstance(data, (bytes, str)):
        continue
    copy = data[:]
    del copy[::big]
    print(" del", copy)
    copy = data[:]
    del copy[::-big]
    print(" del neg", copy)
    copy = data[:]
    copy[::big] = copy[:1]
    print(" set", copy)


class B(bytes):
    pass


print(repr(B()), repr(B(b"")), B(b"x") + B())
