# datetime.datetime (the native _datetime type): construction, arithmetic across zones,
# naive/aware comparisons, conversions, timestamps, fromisoformat/strptime and formatting.
from datetime import date, datetime, time, timedelta, timezone, tzinfo


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


class USEastern(tzinfo):
    """DST from the second Sunday of March 2:00 to the first Sunday of November 2:00."""

    def first_sunday_on_or_after(self, dt):
        return dt + timedelta(days=(6 - dt.weekday()) % 7)

    def dst(self, dt):
        if dt is None or dt.tzinfo is None:
            return timedelta(0)
        start = self.first_sunday_on_or_after(datetime(dt.year, 3, 8, 2))
        end = self.first_sunday_on_or_after(datetime(dt.year, 11, 1, 2))
        naive = dt.replace(tzinfo=None)
        if start <= naive < end - timedelta(hours=1):
            return timedelta(hours=1)
        if end - timedelta(hours=1) <= naive < end:
            return timedelta(0) if dt.fold else timedelta(hours=1)
        return timedelta(0)

    def utcoffset(self, dt):
        return timedelta(hours=-5) + self.dst(dt)

    def tzname(self, dt):
        return "EDT" if self.dst(dt) else "EST"

    def __repr__(self):
        return "USEastern()"


show(lambda: datetime(2000, 1, 2))
show(lambda: datetime(2000, 1, 2, 3, 4))
show(lambda: datetime(2000, 1, 2, 3, 4, 5))
show(lambda: datetime(2000, 1, 2, 3, 4, 5, 6, timezone.utc, fold=1))
show(lambda: datetime(2000, 1, 2, tzinfo=Fixed(60, "P1")))
show(lambda: datetime(2000, 1))
show(lambda: datetime(2000, 2, 30))
show(lambda: datetime(2000, 1, 1, 24))
show(lambda: datetime(2000, 1, 1, 1, 2, 3, 4, None, 1))
show(lambda: datetime(2000, 1, 1, fold=5))
show(lambda: datetime(2000, 1, 1, tzinfo="UTC"))
show(lambda: datetime(b"\x07\xd0\x81\x02\x03\x04\x05\x00\x00\x06"))
show(lambda: datetime(b"\x07\xd0\x01\x02\x03\x04\x05\x00\x00\x06", timezone.utc))
print(datetime.min, datetime.max, datetime.resolution)

dt = datetime(2000, 1, 2, 3, 4, 5, 678)
print(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, dt.microsecond, dt.tzinfo, dt.fold)
print(dt.date(), dt.time(), dt.timetz(), repr(datetime(1, 1, 1, fold=1).time()))
print(str(dt), dt.isoformat(), dt.isoformat(" "), dt.isoformat("x", "minutes"), dt.isoformat(timespec="hours"))
print(dt.isoformat(sep="\u1234"), dt.ctime(), dt.timetuple(), dt.toordinal(), dt.weekday())
show(lambda: dt.isoformat("ab"))
show(lambda: dt.isoformat(1))
show(lambda: dt.isoformat(timespec="x"))
print(dt.strftime("%Y-%m-%d %H:%M:%S.%f %j %a %z%Z|"), format(dt, "%c"), format(dt, ""))
aware = datetime(2000, 1, 2, 3, 4, 5, tzinfo=Fixed(-150, "M%Z"))
print(aware, aware.strftime("%z|%Z|%%z"), aware.utcoffset(), aware.dst(), aware.tzname())
print(aware.timetuple(), aware.utctimetuple())
print(aware.timestamp(), datetime(1970, 1, 1, tzinfo=timezone.utc).timestamp(),
      datetime(2038, 1, 19, 3, 14, 8, 500000, tzinfo=timezone.utc).timestamp())

# Arithmetic
show(lambda: dt + timedelta(days=1, hours=23, microseconds=999999))
show(lambda: timedelta(hours=-4) + dt)
show(lambda: dt - timedelta(weeks=1000))
show(lambda: dt - datetime(1999, 12, 31, 23))
show(lambda: datetime(1999, 12, 31) - dt)
show(lambda: aware - datetime(2000, 1, 2, tzinfo=timezone.utc))
show(lambda: aware - dt)
show(lambda: dt - aware)
show(lambda: datetime.max + timedelta(microseconds=1))
show(lambda: datetime.min - timedelta(microseconds=1))
show(lambda: datetime(2000, 1, 1, tzinfo=timezone.utc) + timedelta(1))
show(lambda: datetime(2000, 1, 1, fold=1) + timedelta(0))
show(lambda: dt + 1)
show(lambda: dt - date(2000, 1, 1))
show(lambda: dt + dt)

# Comparisons
u = datetime(2000, 1, 1, 12, tzinfo=timezone.utc)
p = datetime(2000, 1, 1, 13, tzinfo=Fixed(60, "P"))
print(u == p, u < p, u <= p, hash(u) == hash(p), u == u.replace(tzinfo=None))
show(lambda: u < u.replace(tzinfo=None))
show(lambda: dt < date(2000, 1, 1))
show(lambda: dt < 5)
print(dt == date(2000, 1, 2), dt != date(2000, 1, 2), dt == 5)
print(datetime(2000, 1, 1) == datetime(2000, 1, 1, fold=1), hash(datetime(2000, 1, 1)) == hash(datetime(2000, 1, 1, fold=1)))
print(sorted([datetime(2000, 1, 1, 12, tzinfo=Fixed(-60, "a")), u, p]))

# Conversions between zones, the default fromutc with DST
eastern = USEastern()
for hour in range(4, 9):
    utc_time = datetime(2020, 11, 1, hour, 30, tzinfo=timezone.utc)
    local = utc_time.astimezone(eastern)
    print(utc_time, "->", local, local.tzname(), local.fold, local.utcoffset())
for hour in range(5, 9):
    utc_time = datetime(2020, 3, 8, hour, 30, tzinfo=timezone.utc)
    local = utc_time.astimezone(eastern)
    print(utc_time, "->", local, local.tzname())
edt = datetime(2020, 7, 4, 12, tzinfo=eastern)
print(edt.astimezone(timezone.utc), edt.astimezone(Fixed(330, "IST")), edt.astimezone(eastern) is edt)
print(datetime(2020, 11, 1, 1, 30, tzinfo=eastern) == datetime(2020, 11, 1, 1, 30, fold=1, tzinfo=eastern))
print(datetime(2020, 11, 1, 1, 30, tzinfo=eastern) == datetime(2020, 11, 1, 5, 30, tzinfo=timezone.utc))
show(lambda: u.astimezone(5))
show(lambda: eastern.fromutc(u))
show(lambda: eastern.fromutc(5))
show(lambda: timezone.utc.fromutc(datetime(2000, 1, 1)))

# Timestamps in UTC
print(datetime.fromtimestamp(0, timezone.utc), datetime.utcfromtimestamp(1e9 + 0.5))
print(datetime.fromtimestamp(-1.5, tz=timezone(timedelta(hours=2))), datetime.utcfromtimestamp(-0.0000005))
print(datetime.fromtimestamp(1234567890.123456789, timezone.utc), datetime.utcfromtimestamp(0.0000015))
print(datetime.fromtimestamp(86400 * 365, eastern))
show(lambda: datetime.fromtimestamp(1e20))
show(lambda: datetime.fromtimestamp(float("nan")))
show(lambda: datetime.fromtimestamp("0"))
show(lambda: datetime.fromtimestamp(0, tz=5))
show(lambda: datetime.utcfromtimestamp(10**12 * 86400))
print(datetime.now(timezone.utc).tzinfo, datetime.now() > datetime(2020, 1, 1), datetime.utcnow().tzinfo)
print(type(datetime.today()).__name__, datetime.now(tz=eastern).tzinfo)
show(lambda: datetime.now(5))

# combine, fromisoformat, strptime
print(datetime.combine(date(2000, 1, 2), time(3, 4, tzinfo=timezone.utc)))
print(datetime.combine(date(2000, 1, 2), time(3, 4, fold=1), tzinfo=Fixed(1, "x")).__repr__())
print(datetime.combine(datetime(2000, 1, 2, 5), time(3)))
show(lambda: datetime.combine(1, time()))
show(lambda: datetime.combine(date(2000, 1, 1), 1))
show(lambda: datetime.combine(date(2000, 1, 1), time(), tzinfo=1))
for text in ["2000-01-02", "2000-01-02T03", "2000-01-02T03:04", "2000-01-02 03:04:05.678", "2000-01-02x03:04",
             "2000-01-02\u1234" + "03:04", "2000-01-02\ud80003:04", "20000102T030405", "2000-W01-1T03:04",
             "2000-W01T03", "2000W01T03", "2000W011T03", "2000-01-02T03:04Z", "2000-01-02T03:04:05+05:30",
             "2000-01-02T03:04:05.123-00:00:30", "2000-01-02T", "2000-01-02T25:00", "2000-01-0203:04",
             "2000-01", "2000-W0", "2000-W01-", "2000-01-02T03:04+", "2000-01-02T03:04:05.1234567Z", "x" * 12]:
    show(lambda: datetime.fromisoformat(text))
show(lambda: datetime.fromisoformat(None))
print(datetime.strptime("2000-01-02 03:04:05", "%Y-%m-%d %H:%M:%S"))
print(repr(datetime.strptime("2000 +0130", "%Y %z")))
show(lambda: datetime.strptime("x", "%Y"))
show(lambda: datetime.strptime(1, "%Y"))

# replace
show(lambda: dt.replace(year=2004, month=2, day=29, tzinfo=timezone.utc, fold=1))
show(lambda: aware.replace(tzinfo=None))
show(lambda: dt.replace(month=2, day=30))
show(lambda: dt.replace(1, 2, 3, 4, 5, 6, 7, None, 1))
