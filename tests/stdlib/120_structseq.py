# Struct sequences: os.stat_result, time.struct_time, os.terminal_size and friends as
# tuples with named fields, hidden fields, construction, pickling and pattern matching.
import copy
import os
import pickle
import pwd
import resource
import time

t = time.gmtime(0)
print(isinstance(t, tuple), len(t), t[0], t[-1], t[2:5], t.tm_year, t.tm_zone, t.tm_gmtoff)
print(list(t) == [1970, 1, 1, 0, 0, 0, 3, 1, 0], t == (1970, 1, 1, 0, 0, 0, 3, 1, 0), hash(t) == hash(tuple(t)))
print(type(t).n_sequence_fields, type(t).n_fields, type(t).n_unnamed_fields, type(t).__match_args__)
print(repr(t))
print(t + (1,), t * 0, 1970 in t, t.index(3), t.count(0))
try:
    t.tm_year = 5
except AttributeError as e:
    print("AttributeError")
try:
    t[0] = 5
except TypeError as e:
    print("TypeError", e)

st = os.stat_result(range(10))
print(st)
print(st.st_mode, st.st_atime, st.st_mtime, st.st_ctime, st.st_atime_ns, st.st_blksize, st[7:])
st13 = os.stat_result(tuple(range(13)))
print(st13.st_atime, st13[7], len(st13))
st_extra = os.stat_result(range(10), {"st_atime": 1.5, "st_blocks": 99, "unknown": 1})
print(st_extra.st_atime, st_extra.st_blocks, st_extra.st_rdev)
for bad in ((1, 2), range(30), 5):
    try:
        os.stat_result(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    os.stat_result(range(10), [1])
except TypeError as e:
    print("TypeError", e)
print(type(st).__module__, type(st).__name__, type(st).__qualname__, type(st).n_fields, type(st).n_unnamed_fields)
print(type(st).__match_args__)
print(st.__reduce__())
real = os.stat(".")
clone = pickle.loads(pickle.dumps(real))
print(clone == real, clone.st_mtime_ns == real.st_mtime_ns, type(clone) is os.stat_result)
print(copy.copy(t) == t, copy.deepcopy(t) == t, pickle.loads(pickle.dumps(t)).tm_zone)

ts = os.terminal_size((100, 40))
print(ts, ts.columns, ts.lines, ts.__reduce__())
for bad in ((1,), (1, 2, 3)):
    try:
        os.terminal_size(bad)
    except TypeError as e:
        print("TypeError", e)
try:
    class Sub(os.stat_result):
        pass
except TypeError as e:
    print("TypeError", e)

match time.struct_time((2001, 2, 3, 4, 5, 6, 0, 34, 0)):
    case time.struct_time(tm_year=year, tm_mon=2):
        print("matched", year)
match os.terminal_size((7, 8)):
    case os.terminal_size(columns, lines):
        print("positional", columns, lines)
match ts:
    case (a, b):
        print("sequence", a, b)

p = pwd.getpwuid(os.getuid())
print(type(p).__name__, len(p), p.pw_uid == os.getuid(), p[0] == p.pw_name, type(p).n_fields)
u = resource.getrusage(resource.RUSAGE_SELF)
print(type(u).__name__, len(u), isinstance(u.ru_utime, float), isinstance(u.ru_maxrss, int))
print(os.sched_param(5), os.sched_param(sched_priority=6).sched_priority)
print(sorted(os.stat_result.__dict__.keys() & {"st_mode", "st_atime", "n_fields", "__match_args__", "__reduce__"}))
print(os.stat_result.st_mode.__doc__, time.struct_time.tm_zone.__doc__)
