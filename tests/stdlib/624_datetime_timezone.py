# datetime.timezone and datetime.tzinfo (native _datetime), and local-time conversions
# under a fixed TZ (fold detection in fromtimestamp, timestamp() and astimezone()).
import os
import time
from datetime import datetime, timedelta, timezone, tzinfo, UTC, MINYEAR, MAXYEAR


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


print(UTC is timezone.utc, MINYEAR, MAXYEAR, timezone.utc, repr(timezone.utc))
print(repr(timezone.min), repr(timezone.max), timezone.min, timezone.max)
show(lambda: timezone(timedelta(0)) is timezone.utc)
show(lambda: timezone(timedelta(0), "UTC") is timezone.utc)
show(lambda: timezone(timedelta(hours=5, minutes=30)))
show(lambda: timezone(timedelta(hours=-5), "EST"))
show(lambda: timezone(offset=timedelta(seconds=90), name="x"))
show(lambda: timezone(timedelta(hours=24)))
show(lambda: timezone(-timedelta(hours=24)))
show(lambda: timezone(timedelta(hours=23, minutes=59, seconds=59, microseconds=999999)))
show(lambda: timezone(timedelta(microseconds=-1)))
show(lambda: timezone(5))
show(lambda: timezone(None))
show(lambda: timezone(timedelta(0), 5))
show(lambda: timezone(timedelta(0), None))
show(lambda: timezone())
show(lambda: timezone(timedelta(0), "a", "b"))
show(lambda: timezone(timedelta(0), nam="x"))
show(lambda: type("Sub", (timezone,), {}))

for tz in [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=5), "EST"),
           timezone(timedelta(seconds=-61, microseconds=-500000)), timezone(timedelta(seconds=7))]:
    print(str(tz), tz.tzname(None), tz.utcoffset(None), tz.dst(None), tz.__getinitargs__(),
          tz.utcoffset(datetime(2000, 1, 1)))
tz = timezone(timedelta(hours=2), "Two")
show(lambda: tz.utcoffset(5))
show(lambda: tz.tzname("x"))
show(lambda: tz.dst(1.5))
show(lambda: tz.utcoffset())
show(lambda: tz.fromutc(datetime(2000, 1, 1, tzinfo=tz)))
show(lambda: tz.fromutc(datetime(2000, 1, 1)))
show(lambda: tz.fromutc(None))
print(tz == timezone(timedelta(hours=2)), tz != timezone.utc, tz == 5, hash(tz) == hash(timedelta(hours=2)))
show(lambda: tz < timezone.utc)
print(len({timezone.utc, timezone(timedelta(0), "Z"), tz}))
print(tz.__reduce__(), timezone.utc.__reduce__())

# tzinfo's abstract methods and its default pickling
base = tzinfo()
show(lambda: base.utcoffset(None))
show(lambda: base.dst(None))
show(lambda: base.tzname(None))
show(lambda: base.fromutc(datetime(2000, 1, 1)))
show(lambda: base.fromutc(datetime(2000, 1, 1, tzinfo=base)))
show(lambda: base.__reduce__()[1:])
show(lambda: tzinfo(1, x=2).__class__)


class NoneOffset(tzinfo):
    def utcoffset(self, dt):
        return None

    def dst(self, dt):
        return None


nz = NoneOffset()
show(lambda: nz.fromutc(datetime(2000, 1, 1, tzinfo=nz)))


class NoDst(tzinfo):
    def utcoffset(self, dt):
        return timedelta(hours=1)

    def dst(self, dt):
        return None


show(lambda: NoDst().fromutc(datetime(2000, 1, 1, tzinfo=NoDst())))
nd = NoDst()
show(lambda: nd.fromutc(datetime(2000, 1, 1, tzinfo=nd)))


class WithState(tzinfo):
    def __init__(self, name="w"):
        self.name = name


show(lambda: WithState().__reduce__()[1:])

# Local time under a known zone (fold detection, gaps, astimezone to local)
if hasattr(time, "tzset"):
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    for ts in [1604208600, 1604212200, 1604215800, 1583650800, 1583654400]:
        local = datetime.fromtimestamp(ts)
        print(ts, repr(local), local.timestamp(), local.astimezone())
    print(datetime(2020, 11, 1, 1, 30).timestamp(), datetime(2020, 11, 1, 1, 30, fold=1).timestamp())
    print(datetime(2020, 3, 8, 2, 30).timestamp(), datetime(2020, 3, 8, 2, 30, fold=1).timestamp())
    print(datetime(2020, 7, 1, 12).astimezone(), datetime(2020, 1, 1, 12).astimezone(timezone.utc))
    print(datetime(2020, 7, 1, 12, tzinfo=timezone.utc).astimezone())
    print(repr(datetime(2020, 11, 1, 5, 30, tzinfo=timezone.utc).astimezone().replace(tzinfo=None)))
    print(datetime(2000, 1, 1).timetuple().tm_isdst, datetime.fromtimestamp(0), datetime(1970, 1, 1).timestamp())
    os.environ["TZ"] = "UTC"
    time.tzset()
    print(datetime.fromtimestamp(0), datetime(1970, 1, 2).timestamp(), datetime(2000, 1, 1).astimezone())
    show(lambda: datetime(1, 1, 1).timestamp())
    show(lambda: datetime(9999, 12, 31, 23).timestamp())
