# The time module: struct_time, conversions in fixed time zones, formatting, parsing,
# clocks and sleep.
import os
import time

os.environ["TZ"] = "UTC"
time.tzset()
print(time.timezone, time.altzone, time.daylight, time.tzname)

t = time.gmtime(0)
print(t)
print(t.tm_year, t.tm_zone, t.tm_gmtoff, len(t), t[:3], type(t).__name__)
print(time.gmtime(1234567890.9), time.gmtime(-1))
print(time.localtime(86400 * 365))
print(time.mktime(time.localtime(1000000000)), time.mktime((2001, 9, 9, 1, 46, 40, 6, 252, 0)))
print(time.asctime(time.gmtime(1700000000)), time.ctime(1700000000))
print(time.asctime((2000, 1, 1, 0, 0, 0, 0, 0, 0)))
fixed = time.gmtime(951782400 + 3723)  # 2000-02-29 01:02:03
for fmt in ("%Y-%m-%d %H:%M:%S", "%a %A %b %B", "%j %U %W %w %y %C", "%I %p %M", "%c|%x|%X",
            "%Z %z", "%%", "%e %D %T %R %G %V %u", "", "plain text"):
    print(repr(fmt), repr(time.strftime(fmt, fixed)))
print(time.strftime("%Y", (2000, 1, 1, 0, 0, 0, 0, 1, 0)), time.strftime("%Z", (2000, 1, 1, 0, 0, 0, 0, 1, 0)))
print(time.strftime("%m/%d", (2000, 0, 0, 0, 0, 0, 0, 0, 0)))
for bad in ((2000, 13, 1, 0, 0, 0, 0, 1, 0), (2000, 1, 32, 0, 0, 0, 0, 1, 0), (2000, 1, 1, 24, 0, 0, 0, 1, 0),
            (2000, 1, 1, 0, 60, 0, 0, 1, 0), (2000, 1, 1, 0, 0, 62, 0, 1, 0), (2000, 1, 1, 0, 0, 0, -2, 1, 0),
            (2000, 1, 1, 0, 0, 0, 0, 367, 0), (1, 2), "str"):
    try:
        time.strftime("%Y", bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
for call in (lambda: time.mktime((1, 2)), lambda: time.gmtime(1e20), lambda: time.gmtime(float("nan")),
             lambda: time.sleep(-1), lambda: time.sleep("1"), lambda: time.strftime("a\0b"),
             lambda: time.get_clock_info("nope"), lambda: time.gmtime("x"), lambda: time.struct_time((1, 2))):
    try:
        call()
    except Exception as e:
        print(type(e).__name__, e)

s = time.strptime("2021-03-04 05:06:07", "%Y-%m-%d %H:%M:%S")
print(s, s.tm_zone)
print(time.strptime("Mon Feb 28 10:00:00 2022"))
try:
    time.strptime("garbage", "%Y")
except ValueError as e:
    print("ValueError", e)

st = time.struct_time((2020, 5, 6, 7, 8, 9, 2, 127, 0))
print(st, st.tm_zone, st.tm_gmtoff, st.__reduce__())
st2 = time.struct_time((2020, 5, 6, 7, 8, 9, 2, 127, 0, "XYZ", 3600))
print(st2.tm_zone, st2.tm_gmtoff, time.strftime("%Z %z", st2))

os.environ["TZ"] = "EST+05EDT,M3.2.0,M11.1.0"
time.tzset()
print(time.timezone, time.altzone, time.daylight, time.tzname)
print(time.localtime(0), time.localtime(0).tm_zone, time.localtime(1690000000).tm_zone)
print(time.mktime((1970, 1, 1, 0, 0, 0, 0, 0, -1)), time.ctime(0))
os.environ["TZ"] = "UTC"
time.tzset()

# Clocks
a = time.monotonic(); b = time.monotonic()
print(b >= a, time.monotonic_ns() > 0, time.perf_counter_ns() > 0, isinstance(time.time(), float))
print(abs(time.time() - time.time_ns() / 1e9) < 1.0, time.process_time() >= 0, time.thread_time_ns() >= 0)
for name in ("time", "monotonic", "perf_counter", "process_time", "thread_time"):
    info = time.get_clock_info(name)
    print(name, info.implementation, info.monotonic, info.adjustable, info.resolution > 0)
print(time.clock_gettime(time.CLOCK_MONOTONIC) > 0, time.clock_getres(time.CLOCK_REALTIME) > 0)
print(time.CLOCK_REALTIME, time.CLOCK_MONOTONIC, time._STRUCT_TM_ITEMS)
start = time.monotonic()
time.sleep(0.05)
time.sleep(0)
print(time.monotonic() - start >= 0.05)
