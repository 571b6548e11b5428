# object.__reduce_ex__ reads __slotnames__ while __getattr__ may replace the names.
import copyreg


class S(str):  # not interned
    pass


class A:
    __slotnames__ = [S("spam")]

    def __getattr__(self, attr):
        if attr == "spam":
            A.__slotnames__[:] = [S("spam")]
            return 42
        raise AttributeError(attr)


print(A().__reduce_ex__(2) == (copyreg.__newobj__, (A,), (None, {"spam": 42}), None, None))


class B:
    __slotnames__ = [1]


try:
    B().__reduce_ex__(2)
except TypeError as e:
    print("TypeError:", e)


class C:
    __slots__ = ("a", "b")


c = C()
c.a = 1
print(c.__reduce_ex__(2)[2])
