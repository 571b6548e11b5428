# The frame's line after an exception passes through cleanup code (with-exit, named
# except) is the line that raised; co_linetable is CPython's location table and
# code.replace(co_linetable=..., co_firstlineno=...) rewrites the positions.


def lines_after_raise(f):
    try:
        f()
    except Exception as ex:
        tb = ex.__traceback__.tb_next
    result = []
    while tb:
        lineno = tb.tb_frame.f_lineno
        result.append(None if lineno is None else lineno - tb.tb_frame.f_code.co_firstlineno)
        tb = tb.tb_next
    return result


class Noop:
    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass


def after_with():
    with Noop():
        1 / 0
        pass


def in_named_except():
    try:
        1 / 0
    except Exception as ex:
        1 / 0
        pass


def in_finally():
    try:
        1 / 0
    finally:
        pass


def simple():
    1 / 0


for f in (after_with, in_named_except, in_finally, simple):
    print(f.__name__, lines_after_raise(f))

code = simple.__code__
same = code.replace(co_linetable=code.co_linetable)
print(list(same.co_positions()) == list(code.co_positions()), list(same.co_lines()) == list(code.co_lines()))
simple.__code__ = code.replace(co_linetable=b"\xf8\xf8\xf8\xf9\xf8\xf8\xf8")
print("no locations", lines_after_raise(simple))
moved = code.replace(co_firstlineno=code.co_firstlineno + 100)
print(sorted({line - code.co_firstlineno for _, _, line in moved.co_lines() if line}))
print(type(code.co_linetable).__name__, len(code.co_linetable) > 0)
