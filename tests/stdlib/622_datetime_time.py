# datetime.time (the native _datetime type): construction, isoformat/fromisoformat,
# strftime with %f/%z/%Z, time zones, comparisons and fold.
from datetime import time, timedelta, timezone, tzinfo


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


class Fixed(tzinfo):
    def __init__(self, minutes, name):
        self.offset = timedelta(minutes=minutes)
        self.name = name

    def utcoffset(self, dt):
        return self.offset

    def tzname(self, dt):
        return self.name

    def dst(self, dt):
        return timedelta(0)

    def __repr__(self):
        return "Fixed(%s)" % self.name


class Bad(tzinfo):
    def utcoffset(self, dt):
        return 5

    def tzname(self, dt):
        return 7

    def dst(self, dt):
        return timedelta(days=1)


show(lambda: time())
show(lambda: time(1))
show(lambda: time(1, 2, 3))
show(lambda: time(1, 2, 0, 4))
show(lambda: time(23, 59, 59, 999999, timezone.utc, fold=1))
show(lambda: time(hour=5, tzinfo=Fixed(90, "X")))
show(lambda: time(24))
show(lambda: time(-1))
show(lambda: time(1, 60))
show(lambda: time(1, 1, 60))
show(lambda: time(1, 1, 1, 10**6))
show(lambda: time(1, 1, 1, -1))
show(lambda: time(1, fold=2))
show(lambda: time(1, fold=-1))
show(lambda: time(1, 2, 3, 4, 5))
show(lambda: time(1, 2, 3, 4, None, 0))
show(lambda: time(1.5))
show(lambda: time(x=1))
show(lambda: time(b"\x01\x02\x03\x00\x00\x04"))
show(lambda: time(b"\x81\x02\x03\x00\x00\x04", timezone.utc))
show(lambda: time(b"\x01\x02\x03\x00\x00\x04", 5))
show(lambda: time(b"\x19\x02\x03\x00\x00\x04"))

t = time(12, 30, 45, 123456)
print(t.hour, t.minute, t.second, t.microsecond, t.tzinfo, t.fold)
print(time.min, time.max, time.resolution, bool(time()), bool(t))
for spec in ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds"]:
    print(spec, t.isoformat(spec), time(1, 2).isoformat(timespec=spec))
show(lambda: t.isoformat("nanoseconds"))
show(lambda: t.isoformat(1))
show(lambda: t.isoformat(timespec="hours", x=1))
print(str(t), str(time(1, 2, tzinfo=Fixed(-330, "IST"))), str(time(tzinfo=timezone(timedelta(seconds=-61.5)))))
print(t.strftime("%H|%M|%S|%f|%z|%Z|%p|%I|%%|%Y-%m-%d"))
tz = time(1, 2, 3, tzinfo=Fixed(-90, "A%B"))
print(tz.strftime("%z %Z %f"), tz.utcoffset(), tz.dst(), tz.tzname())
print(time(1, tzinfo=timezone(timedelta(hours=5, seconds=7))).strftime("%z"))
print(format(t, ""), format(t, "%H.%M"), f"{t:%S}")
print(t.utcoffset(), t.dst(), t.tzname())
show(lambda: time(tzinfo=Bad()).utcoffset())
show(lambda: time(tzinfo=Bad()).tzname())
show(lambda: time(tzinfo=Bad()).dst())
show(lambda: time(tzinfo=Bad()).isoformat())
show(lambda: time(tzinfo=tzinfo()).utcoffset())
show(lambda: time(tzinfo=timezone.utc).strftime(5))

# replace
show(lambda: t.replace(hour=1, tzinfo=timezone.utc))
show(lambda: t.replace(fold=1))
show(lambda: t.replace(minute=61))
show(lambda: t.replace(tzinfo=3))
show(lambda: time(1, tzinfo=timezone.utc).replace(tzinfo=None))
show(lambda: t.replace(1, 2, 3, 4, None, 1))

# fromisoformat
for text in ["12", "12:30", "1230", "12:30:45", "123045", "12:30:45.1", "12:30:45,123", "12:30:45.1234567",
             "12:30:45.123456789", "T12:30", "12:30Z", "12:30+01:00", "12:30-0130", "12:30:45.5+01:00:30.25",
             "12:30+01", "12:30+24:00", "12:30:45.", "12:3", "12:30:4", "1:30", "12:30Zx", "12-30",
             "12:30:45.12+", "25:00", "12:60", "", "12:30 ", "12:30:45+00:00", "１２:30"]:
    show(lambda: time.fromisoformat(text))
show(lambda: time.fromisoformat(12))

# Comparisons and hashing
a = time(12, tzinfo=Fixed(60, "A"))
b = time(11, tzinfo=Fixed(0, "B"))
print(a == b, a < time(12, tzinfo=Fixed(0, "C")), a != b, hash(a) == hash(b))
print(time(1) == time(1, fold=1), hash(time(1)) == hash(time(1, fold=1)))
print(time(1) == time(1, tzinfo=timezone.utc), time(1) != time(1, tzinfo=timezone.utc))
show(lambda: time(1) < time(1, tzinfo=timezone.utc))
show(lambda: time(1) < 1)
print(time(1) == 1, sorted([time(3), time(1), time(2)]))
print(time(5, tzinfo=timezone.utc) < time(6, tzinfo=timezone.utc))
