# datetime.date (the native _datetime type): construction errors, ordinals, the ISO
# calendar, formatting, fromisoformat, arithmetic and comparisons.
from datetime import date, datetime, timedelta


def show(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__ + ":", e)


show(lambda: date(2024, 2, 29))
show(lambda: date(2023, 2, 29))
show(lambda: date(0, 1, 1))
show(lambda: date(10000, 1, 1))
show(lambda: date(2000, 0, 1))
show(lambda: date(2000, 13, 1))
show(lambda: date(2000, 4, 31))
show(lambda: date(2000, 1, 0))
show(lambda: date())
show(lambda: date(2000))
show(lambda: date(2000, 1))
show(lambda: date(2000, 1, 1, 1))
show(lambda: date(2000.0, 1, 1))
show(lambda: date("2000", 1, 1))
show(lambda: date(2**40, 1, 1))
show(lambda: date(-2**40, 1, 1))
show(lambda: date(10**30, 1, 1))
show(lambda: date(year=2000, month=1, day=2))
show(lambda: date(2000, 1, year=5))
show(lambda: date(2000, 1, 1, x=1))
show(lambda: date(2000, 1, days=1))
show(lambda: date(year=1, month=2, day=3, x=3))
show(lambda: date(b"\x07\xd0\x01\x02"))
show(lambda: date(b"\x07\xd0\x0d\x02"))
show(lambda: date("\x07\xd0\x01\x02"))

d = date(2000, 1, 2)
print(d.year, d.month, d.day, date.min, date.max, date.resolution)
print(d.toordinal(), date.fromordinal(730121), date.fromordinal(1), date.fromordinal(3652059))
show(lambda: date.fromordinal(0))
show(lambda: date.fromordinal(3652060))
show(lambda: date.fromordinal(1.5))
print(d.weekday(), d.isoweekday(), d.isocalendar(), tuple(d.isocalendar()))
ic = d.isocalendar()
print(ic.year, ic.week, ic.weekday, ic[0], len(ic), ic == (1999, 52, 7))
for y, m, dd in [(2004, 1, 1), (2008, 12, 29), (2010, 1, 3), (2020, 12, 31), (2021, 1, 4), (1, 1, 1), (9999, 12, 31)]:
    x = date(y, m, dd)
    iso = x.isocalendar()
    print(x, iso, date.fromisocalendar(*iso) == x, x.strftime("%G-W%V-%u"))
show(lambda: date.fromisocalendar(2020, 53, 5))
show(lambda: date.fromisocalendar(2021, 53, 1))
show(lambda: date.fromisocalendar(2020, 0, 1))
show(lambda: date.fromisocalendar(2020, 1, 0))
show(lambda: date.fromisocalendar(0, 1, 1))
show(lambda: date.fromisocalendar(9999, 52, 7))
show(lambda: date.fromisocalendar(2**40, 1, 1))
show(lambda: date.fromisocalendar("2020", 1, 1))
show(lambda: date.fromisocalendar(year=2020, week=1, day=1))

# Formatting
print(str(d), repr(d), d.isoformat(), d.ctime(), date(2000, 1, 12).ctime())
print(d.strftime("%Y/%m/%d %a %A %b %B %j %U %W %H:%M:%S %% %f %z %Z|"))
print(date(5, 1, 1).strftime("%Y"), date(5, 1, 1).isoformat())
print(format(d, ""), format(d, "%d.%m.%Y"), f"{d:%y}", "{:%m}".format(d))
print(d.timetuple())
show(lambda: d.strftime(1))
show(lambda: d.strftime())
show(lambda: d.strftime("%"))
show(lambda: format(d, 1))
show(lambda: d.__format__(1))

# fromisoformat
for text in ["2000-01-02", "20000102", "2000-W01-1", "2000W011", "2000-W01", "2000W01", "2020-W53-7",
             "2021-W53-1", "2000-1-2", "2000-01-02T", "2000-01-2x", "200001-02", "2000-0102", "",
             "2000-13-01", "2000-02-30", "2000/01/02", "２０００-01-02", "2000-01-0\ud800", "0000-01-01"]:
    show(lambda: date.fromisoformat(text))
show(lambda: date.fromisoformat(20000102))
show(lambda: date.fromisoformat(b"2000-01-02"))

# Replace
show(lambda: d.replace(year=2004, month=2))
show(lambda: d.replace(day=31, month=2))
show(lambda: d.replace(2001))
show(lambda: d.replace(1, 2, 3, 4))
show(lambda: d.replace(hour=1))

# Arithmetic and comparisons
show(lambda: d + timedelta(days=365, hours=23))
show(lambda: timedelta(days=-1) + d)
show(lambda: d - timedelta(days=1, seconds=1))
show(lambda: d - date(1999, 1, 1))
show(lambda: date(1999, 1, 1) - d)
show(lambda: date.max + timedelta(1))
show(lambda: date.min - timedelta(1))
show(lambda: date.min + timedelta.max)
show(lambda: d + 1)
show(lambda: d - 1)
show(lambda: d + d)
show(lambda: d - datetime(2000, 1, 1))
show(lambda: datetime(2000, 1, 1) - d)
print(d < date(2000, 1, 3), d == date(2000, 1, 2), d != date(2000, 1, 2), d >= date.min, d > date.max)
print(d == datetime(2000, 1, 2), d != datetime(2000, 1, 2), d == "2000-01-02", d == 1)
show(lambda: d < datetime(2000, 1, 2))
show(lambda: datetime(2000, 1, 2) > d)
show(lambda: d < 1)
show(lambda: d <= "x")
print(hash(d) == hash(date(2000, 1, 2)), len({d, date(2000, 1, 2), date(2000, 1, 3)}))
print(sorted([date(2000, 3, 1), date(1999, 1, 1), d]))
print(date.today() > date(2020, 1, 1), type(date.today()).__name__)
print(date.fromtimestamp(86400 * 365) > date(1970, 12, 30))
show(lambda: date.fromtimestamp(1e20))
show(lambda: date.fromtimestamp("1"))
show(lambda: date.fromtimestamp(float("nan")))
