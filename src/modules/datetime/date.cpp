// datetime.date: a day of the proleptic Gregorian calendar. Its layout is the start of
// datetime's (datetime_internal.h), so these methods serve datetime too where CPython's do.
// Constructors that build a result "of the class" call a subclass (cls(y, m, d)) and
// allocate the base types directly, as CPython's new_date_subclass_ex.
#include <time.h>

#include <cerrno>
#include <cstdio>

#include "core/alloc.h"
#include "core/hash.h"
#include "modules/datetime/datetime_internal.h"
#include "modules/pytime.h"
#include "objects/bytes.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait::datetime {

namespace {

constexpr const char* kDayNames[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr const char* kMonthNames[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

Ref<> date_of_type(TypeObject* type, int year, int month, int day) {
  auto* d = allocate<DateObject>(type);
  if (!d) return nullptr;
  d->hash = -1;
  d->year = year;
  d->month = uint8_t(month);
  d->day = uint8_t(day);
  if (type->has_flag(kTypeHaveGC)) gc_track(d);
  return Ref<>::steal(Value(d));
}

Ref<> date_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 1 && (is_bytes(args[0]) || is_str(args[0]))) {
    std::string state;
    int result = pickle_state(args[0], 4, 2, false, 1, 12, "date", &state);
    if (result < 0) return nullptr;
    if (result > 0) {
      return date_of_type(type, uint8_t(state[0]) << 8 | uint8_t(state[1]), uint8_t(state[2]),
                          uint8_t(state[3]));
    }
  }
  static const ArgSpec spec{nullptr, {"year", "month", "day"}, 3, 3};
  Value values[3];
  int fields[3];
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 3) ||
      !check_date_fields(fields[0], fields[1], fields[2])) {
    return nullptr;
  }
  return date_of_type(type, fields[0], fields[1], fields[2]);
}

// --- Presentation ---

Ref<> date_repr(Value self) {
  DateObject* d = as_date(self);
  return str_from_utf8(type_name(self) + "(" + std::to_string(d->year) + ", " +
                       std::to_string(d->month) + ", " + std::to_string(d->day) + ")");
}

Ref<> date_isoformat(Value self, const Value*) {
  DateObject* d = as_date(self);
  char buffer[32];
  snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d->year, d->month, d->day);
  return str_from_ascii(buffer);
}

Ref<> date_str(Value self) { return call_method0(self, DATETIME_NAME("isoformat")); }

}  // namespace

Ref<> date_ctime(Value self, const Value*) {
  DateObject* d = as_date(self);
  int hour = 0, minute = 0, second = 0;
  if (is_datetime(self)) {
    DateTimeObject* dt = as_datetime(self);
    hour = dt->hour;
    minute = dt->minute;
    second = dt->second;
  }
  char buffer[64];
  snprintf(buffer, sizeof buffer, "%s %s %2d %02d:%02d:%02d %04d",
           kDayNames[weekday(d->year, d->month, d->day)], kMonthNames[d->month - 1], d->day, hour,
           minute, second, d->year);
  return str_from_ascii(buffer);
}

namespace {

Ref<> date_strftime(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"strftime", {"format"}, 1, 1};
  Value format;
  if (!bind_args(spec, args, nargs, kwnames, &format) || !str_arg(format, "strftime", 1))
    return nullptr;
  Ref<> timetuple = call_method0(self, DATETIME_NAME("timetuple"));
  if (!timetuple) return nullptr;
  return wrap_strftime(self, format, timetuple, self);
}

Ref<> date_format(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value format;
  if (!bind_positional("__format__", "date.__format__", 1, 1, args, nargs, kwnames, &format))
    return nullptr;
  return date_format_method(self, format);
}

Ref<> date_timetuple(Value self, const Value*) {
  DateObject* d = as_date(self);
  return build_struct_time(d->year, d->month, d->day, 0, 0, 0, -1);
}

Ref<> date_toordinal(Value self, const Value*) {
  DateObject* d = as_date(self);
  return int_from_int64(ymd_to_ordinal(d->year, d->month, d->day));
}

Ref<> date_weekday(Value self, const Value*) {
  DateObject* d = as_date(self);
  return int_from_small(weekday(d->year, d->month, d->day));
}

Ref<> date_isoweekday(Value self, const Value*) {
  DateObject* d = as_date(self);
  return int_from_small(weekday(d->year, d->month, d->day) + 1);
}

Ref<> date_isocalendar(Value self, const Value*) {
  DateObject* d = as_date(self);
  int year, week, day;
  iso_calendar(d->year, d->month, d->day, &year, &week, &day);
  Value args[3] = {Value::small_int(year), Value::small_int(week), Value::small_int(day)};
  return call(Value(&isocalendar_date_type), args, 3);
}

Ref<> date_replace(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"replace", {"year", "month", "day"}, 0, 3};
  DateObject* d = as_date(self);
  Value values[3];
  int fields[3] = {d->year, d->month, d->day};
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 3)) return nullptr;
  if (!check_date_fields(fields[0], fields[1], fields[2])) return nullptr;
  return date_of_type(type_of(self), fields[0], fields[1], fields[2]);
}

Ref<> date_reduce(Value self, const Value*) {
  DateObject* d = as_date(self);
  char data[4] = {char(d->year >> 8), char(d->year & 0xff), char(d->month), char(d->day)};
  Ref<> state = bytes_from(std::string_view(data, 4));
  if (!state) return nullptr;
  Ref<TupleObject> args = tuple_of({state.value()});
  if (!args) return nullptr;
  return tuple_of({Value(type_of(self)), args.value()});
}

// --- Class methods ---

Ref<> date_today(Value cls, const Value*) {
  Ref<> now = float_from_double(time_as_seconds_double(wall_clock_ns()));
  if (!now) return nullptr;
  return call_method1(cls, DATETIME_NAME("fromtimestamp"), now);
}

Ref<> date_fromtimestamp(Value cls, const Value* args) {
  time_t t;
  if (!time_t_from_object(args[0], TimeRounding::Floor, &t)) return nullptr;
  struct tm tm;
  errno = 0;
  if (!localtime_r(&t, &tm)) return raise_os_error(errno ? errno : EINVAL);
  return new_date_of_class(cls, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

Ref<> date_fromordinal(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value n;
  int ordinal;
  if (!bind_positional("fromordinal", "fromordinal", 1, 1, args, nargs, kwnames, &n) ||
      !int_arg(n, &ordinal)) {
    return nullptr;
  }
  if (ordinal < 1) return value_error("ordinal must be >= 1");
  int year, month, day;
  ordinal_to_ymd(ordinal, &year, &month, &day);
  return new_date_of_class(cls, year, month, day);
}

Ref<> date_fromisoformat(Value cls, const Value* args) {
  Value text = args[0];
  if (!is_str(text)) return type_error("fromisoformat: argument must be str");
  std::string_view utf8 = str_utf8(text);
  std::string buffer(utf8);  // NUL-terminated: the parsers may look one past the end
  int year = 0, month = 0, day = 0;
  size_t length = buffer.size();
  if ((length != 7 && length != 8 && length != 10) ||
      parse_isoformat_date(buffer.c_str(), length, &year, &month, &day) < 0) {
    return invalid_isoformat(text);
  }
  return new_date_of_class(cls, year, month, day);
}

Ref<> date_fromisocalendar(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"fromisocalendar", {"year", "week", "day"}, 3, 3};
  Value values[3];
  int fields[3];
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 3)) {
    if (error_matches(&exc::OverflowError)) {
      clear_error();
      return value_error("ISO calendar component out of range");
    }
    return nullptr;
  }
  int iso_year = fields[0], week = fields[1], iso_day = fields[2];
  if (iso_year < kMinYear || iso_year > kMaxYear)
    return value_error("Year is out of range: {}", iso_year);
  int year, month, day;
  int result = iso_to_ymd(iso_year, week, iso_day, &year, &month, &day);
  if (result == -2) return value_error("Invalid week: {}", week);
  if (result == -3) return value_error("Invalid day: {} (range is [1, 7])", iso_day);
  return new_date_of_class(cls, year, month, day);
}

// --- Arithmetic, comparison, hash ---

Ref<> date_plus_days(Value date, int64_t days) {
  DateObject* d = as_date(date);
  int64_t ordinal = ymd_to_ordinal(d->year, d->month, d->day) + days;
  if (ordinal < 1 || ordinal > kMaxOrdinal) return overflow_error("date value out of range");
  int year, month, day;
  ordinal_to_ymd(ordinal, &year, &month, &day);
  return new_date_of_class(Value(type_of(date)), year, month, day);
}

Ref<> date_add(Value a, Value b) {
  if (is_datetime(a) || is_datetime(b)) return new_not_implemented();
  if (is_date(a)) {
    if (is_delta(b)) return date_plus_days(a, as_delta(b)->days);
  } else if (is_delta(a)) {
    return date_plus_days(b, as_delta(a)->days);
  }
  return new_not_implemented();
}

Ref<> date_subtract(Value a, Value b) {
  if (is_datetime(a) || is_datetime(b) || !is_date(a)) return new_not_implemented();
  if (is_date(b)) {
    DateObject *x = as_date(a), *y = as_date(b);
    return new_delta(
        ymd_to_ordinal(x->year, x->month, x->day) - ymd_to_ordinal(y->year, y->month, y->day), 0,
        0);
  }
  if (is_delta(b)) return date_plus_days(a, -int64_t(as_delta(b)->days));
  return new_not_implemented();
}

int compare_dates(const DateObject* a, const DateObject* b) {
  if (a->year != b->year) return a->year < b->year ? -1 : 1;
  if (a->month != b->month) return a->month < b->month ? -1 : 1;
  if (a->day != b->day) return a->day < b->day ? -1 : 1;
  return 0;
}

Ref<> date_compare(Value a, Value b, CompareOp op) {
  if (!is_date(b)) return new_not_implemented();
  return new_bool(compare_ordered(op, compare_dates(as_date(a), as_date(b)), 0));
}

int64_t date_hash(Value self) {
  DateObject* d = as_date(self);
  if (d->hash == -1) {
    unsigned char data[4] = {uint8_t(d->year >> 8), uint8_t(d->year & 0xff), d->month, d->day};
    int64_t h = hash_bytes(data, 4);
    d->hash = h == -1 ? -2 : h;
  }
  return d->hash;
}

Ref<> date_year(Value self) { return int_from_small(as_date(self)->year); }
Ref<> date_month(Value self) { return int_from_small(as_date(self)->month); }
Ref<> date_day(Value self) { return int_from_small(as_date(self)->day); }

const MethodDef date_methods[] = {
    {.name = "fromtimestamp",
     .impl = date_fromtimestamp,
     .signature = "($type, timestamp, /)",
     .doc = "Create a date from a POSIX timestamp.\n\nThe timestamp is a number, e.g. created via "
            "time.time(), "
            "that is interpreted\nas local time.",
     .flags = kMethodClass},
    {.name = "fromordinal",
     .raw = date_fromordinal,
     .doc = "int -> date corresponding to a proleptic Gregorian ordinal.",
     .flags = kMethodClass},
    {.name = "fromisoformat",
     .impl = date_fromisoformat,
     .signature = "($type, date_string, /)",
     .doc = "str -> Construct a date from a string in ISO 8601 format.",
     .flags = kMethodClass | kMethodNoTextSignature},
    {.name = "fromisocalendar",
     .raw = date_fromisocalendar,
     .doc = "int, int, int -> Construct a date from the ISO year, week number and weekday.\n\n"
            "This is the inverse of the date.isocalendar() function",
     .flags = kMethodClass},
    {.name = "today",
     .impl = date_today,
     .signature = "($type, /)",
     .doc = "Current date or datetime:  same as self.__class__.fromtimestamp(time.time()).",
     .flags = kMethodClass | kMethodNoTextSignature},
    {.name = "ctime",
     .impl = date_ctime,
     .signature = "($self, /)",
     .doc = "Return ctime() style string.",
     .flags = kMethodNoTextSignature},
    {.name = "strftime", .raw = date_strftime, .doc = "format -> strftime() style string."},
    {.name = "__format__", .raw = date_format, .doc = "Formats self with strftime."},
    {.name = "timetuple",
     .impl = date_timetuple,
     .signature = "($self, /)",
     .doc = "Return time tuple, compatible with time.localtime().",
     .flags = kMethodNoTextSignature},
    {.name = "isocalendar",
     .impl = date_isocalendar,
     .signature = "($self, /)",
     .doc = "Return a named tuple containing ISO year, week number, and weekday.",
     .flags = kMethodNoTextSignature},
    {.name = "isoformat",
     .impl = date_isoformat,
     .signature = "($self, /)",
     .doc = "Return string in ISO 8601 format, YYYY-MM-DD.",
     .flags = kMethodNoTextSignature},
    {.name = "isoweekday",
     .impl = date_isoweekday,
     .signature = "($self, /)",
     .doc = "Return the day of the week represented by the date.\nMonday == 1 ... Sunday == 7",
     .flags = kMethodNoTextSignature},
    {.name = "toordinal",
     .impl = date_toordinal,
     .signature = "($self, /)",
     .doc = "Return proleptic Gregorian ordinal.  January 1 of year 1 is day 1.",
     .flags = kMethodNoTextSignature},
    {.name = "weekday",
     .impl = date_weekday,
     .signature = "($self, /)",
     .doc = "Return the day of the week represented by the date.\nMonday == 0 ... Sunday == 6",
     .flags = kMethodNoTextSignature},
    {.name = "replace", .raw = date_replace, .doc = "Return date with new specified fields."},
    {.name = "__reduce__",
     .impl = date_reduce,
     .signature = "($self, /)",
     .doc = "__reduce__() -> (cls, state)",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef date_getsets[] = {
    {"year", date_year, nullptr, nullptr},
    {"month", date_month, nullptr, nullptr},
    {"day", date_day, nullptr, nullptr},
    {},
};

}  // namespace

int pickle_state(Value state, size_t size, int index, bool fold_bit, int low, int high,
                 const char* what, std::string* out) {
  int mask = fold_bit ? 0x7f : 0xff;
  if (is_bytes(state)) {
    std::string_view data = bytes_view(state);
    if (data.size() != size) return 0;
    int v = uint8_t(data[index]) & mask;
    if (v < low || v > high) return 0;
    out->assign(data);
    return 1;
  }
  if (!is_str(state)) return 0;
  StrObject* text = as_str(state);
  if (size_t(text->length) != size) return 0;
  int v = int(text->at(index) & char32_t(mask));
  if (v < low || v > high) return 0;
  out->clear();
  for (int64_t i = 0; i < text->length; ++i) {
    char32_t c = text->at(i);
    if (c > 0xff) {
      return value_error(
          "Failed to encode latin1 string when unpickling a {} object. pickle.load(data, "
          "encoding='latin1') is assumed.",
          what);
    }
    out->push_back(char(c));
  }
  return 1;
}

Ref<> new_date_exact(int year, int month, int day) {
  if (!check_date_fields(year, month, day)) return nullptr;
  return date_of_type(&date_type, year, month, day);
}

Ref<> new_date_of_class(Value cls, int year, int month, int day) {
  if (cls == Value(&date_type)) return new_date_exact(year, month, day);
  if (cls == Value(&datetime_type))
    return new_datetime_exact(year, month, day, 0, 0, 0, 0, Value(), 0);
  Value args[3] = {Value::small_int(year), Value::small_int(month), Value::small_int(day)};
  return call(cls, args, 3);
}

Ref<> build_struct_time(int year, int month, int day, int hour, int minute, int second, int dst) {
  Ref<> time_module = import_module_by_name("time");
  Ref<> struct_time = time_module ? get_attr(time_module, DATETIME_NAME("struct_time")) : nullptr;
  if (!struct_time) return nullptr;
  Ref<TupleObject> fields =
      tuple_of({Value::small_int(year), Value::small_int(month), Value::small_int(day),
                Value::small_int(hour), Value::small_int(minute), Value::small_int(second),
                Value::small_int(weekday(year, month, day)),
                Value::small_int(days_before_month(year, month) + day), Value::small_int(dst)});
  if (!fields) return nullptr;
  return call1(struct_time, fields);
}

Ref<> date_format_method(Value self, Value format) {
  if (!is_str(format))
    return type_error("__format__() argument 1 must be str, not {}", type_name(format));
  if (str_utf8(format).empty()) return str(self);
  return call_method1(self, DATETIME_NAME("strftime"), format);
}

TypeObject date_type{TypeSpec{
    .name = "datetime.date",
    .doc = "date(year, month, day) --> date object",
    .basic_size = sizeof(DateObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dealloc_plain,
              .new_instance = date_new,
              .repr = date_repr,
              .str = date_str,
              .hash = date_hash,
              .compare = date_compare,
              .getattr = generic_get_attr,
              .add = date_add,
              .subtract = date_subtract},
    .methods = date_methods,
    .getsets = date_getsets,
}};

}  // namespace krait::datetime
