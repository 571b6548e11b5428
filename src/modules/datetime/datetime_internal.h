// Shared declarations of the _datetime module (CPython's Modules/_datetimemodule.c, the C
// half of Lib/datetime.py): the object layouts of timedelta, date, time, datetime and
// timezone, the proleptic Gregorian calendar arithmetic, and helpers the type files share.
// calendar.cpp: pure arithmetic; args.cpp: PyArg_ParseTupleAndKeywords-style binding;
// timedelta.cpp, date.cpp, time_type.cpp, datetime_type.cpp, tzinfo.cpp: one type each;
// format.cpp: isoformat parsing and strftime; module.cpp: the module.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>

#include "core/error.h"
#include "core/ops.h"
#include "core/type.h"
#include "objects/none.h"

namespace krait::datetime {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr int kMaxOrdinal = 3652059;  // date(9999, 12, 31).toordinal()
constexpr int kMaxDeltaDays = 999999999;
constexpr int64_t kUsPerSecond = 1000000;
constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kUsPerDay = kUsPerSecond * kSecondsPerDay;
// Seconds from 0001-01-01 to 1970-01-01 (the Unix epoch on the proleptic calendar).
constexpr int64_t kEpochSeconds = int64_t{719163} * kSecondsPerDay;

extern TypeObject delta_type;
extern TypeObject date_type;
extern TypeObject time_type;
extern TypeObject datetime_type;
extern TypeObject tzinfo_type;
extern TypeObject timezone_type;
extern TypeObject isocalendar_date_type;

// Objects. Hash caches start at -1 (not computed yet). A null tzinfo means None.
struct DeltaObject : Object {
  int64_t hash;
  int32_t days;          // -999999999 .. 999999999
  int32_t seconds;       // 0 .. 86399
  int32_t microseconds;  // 0 .. 999999
};

struct DateObject : Object {
  int64_t hash;
  int32_t year;
  uint8_t month, day;
};

// datetime extends date's layout so that date's methods read its date fields.
struct DateTimeObject : DateObject {
  uint8_t hour, minute, second, fold;
  int32_t microsecond;
  Value tzinfo;
};

struct TimeObject : Object {
  int64_t hash;
  uint8_t hour, minute, second, fold;
  int32_t microsecond;
  Value tzinfo;
};

struct TimezoneObject : Object {
  Value offset;  // an exact timedelta
  Value name;    // str, or null when none was given
};

inline bool is_delta(Value v) { return v.is_object() && is_instance_of(v, &delta_type); }
inline bool is_date(Value v) { return v.is_object() && is_instance_of(v, &date_type); }
inline bool is_datetime(Value v) { return v.is_object() && is_instance_of(v, &datetime_type); }
inline bool is_time(Value v) { return v.is_object() && is_instance_of(v, &time_type); }
inline bool is_tzinfo(Value v) { return v.is_object() && is_instance_of(v, &tzinfo_type); }
inline bool is_timezone(Value v) { return v.is_object() && is_instance_of(v, &timezone_type); }
inline DeltaObject* as_delta(Value v) { return static_cast<DeltaObject*>(v.as_object()); }
inline DateObject* as_date(Value v) { return static_cast<DateObject*>(v.as_object()); }
inline DateTimeObject* as_datetime(Value v) { return static_cast<DateTimeObject*>(v.as_object()); }
inline TimeObject* as_time(Value v) { return static_cast<TimeObject*>(v.as_object()); }
inline TimezoneObject* as_timezone(Value v) { return static_cast<TimezoneObject*>(v.as_object()); }

// --- calendar.cpp: the proleptic Gregorian calendar (no Python objects) ---
bool is_leap(int year);
int days_in_month(int year, int month);
int days_before_month(int year, int month);
int64_t ymd_to_ordinal(int year, int month, int day);  // 0001-01-01 is day 1
void ordinal_to_ymd(int64_t ordinal, int* year, int* month, int* day);
int weekday(int year, int month, int day);  // Monday 0
int iso_week1_monday(int year);             // ordinal of the Monday of ISO week 1
void iso_calendar(int year, int month, int day, int* iso_year, int* week, int* iso_weekday);
// The date of an ISO (year, week, weekday): 0, or -2 for a bad week, -3 for a bad day.
int iso_to_ymd(int iso_year, int week, int iso_weekday, int* year, int* month, int* day);
// Field checks with CPython's ValueErrors.
bool check_date_fields(int year, int month, int day);
bool check_time_fields(int hour, int minute, int second, int microsecond, int fold);
// Carries out-of-range fields into the next larger ones (CPython's normalize_datetime);
// OverflowError "date value out of range" past the representable years.
bool normalize_date(int* year, int* month, int* day);
bool normalize_datetime(int* year, int* month, int* day, int* hour, int* minute, int* second,
                        int* microsecond);
// Floor division and the matching modulus.
inline int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }
// Seconds since 0001-01-01 of a UTC broken-down time (ValueError "year N is out of range").
bool utc_to_seconds(int year, int month, int day, int hour, int minute, int second, int64_t* out);
// The local time of a POSIX time as seconds since 0001-01-01 (false with the error set).
bool local_seconds(int64_t posix_seconds, int64_t* out);
// mktime with PEP 495's fold: the POSIX time of a local broken-down time.
bool local_to_posix(int year, int month, int day, int hour, int minute, int second, int fold,
                    int64_t* out);

// --- args.cpp: argument binding with getargs.c's messages ---
struct ArgSpec {
  const char* function;  // "replace", or null for "function"
  std::initializer_list<const char*> names;
  size_t required;    // leading parameters that must be given
  size_t positional;  // parameters that may be passed by position (the rest keyword-only)
};
// Binds into out[] (null: not given); the first int_params parameters are also converted
// with int_arg into ints[] while binding.
bool bind_args(const ArgSpec& spec, const Value* args, size_t nargs, TupleObject* kwnames,
               Value* out, int* ints = nullptr, size_t int_params = 0);
// PyArg_ParseTuple's binding (positional only): "f() takes exactly 1 argument (0 given)";
// keywords are refused naming `qualified` ("datetime.__reduce_ex__" for a method).
bool bind_positional(const char* function, const char* qualified, size_t min, size_t max,
                     const Value* args, size_t nargs, TupleObject* kwnames, Value* out);
// The "i" converter: __index__, then C int range; `function`/`position` unused (the
// messages name neither).
bool int_arg(Value v, int* out);
// The "U" converter: "f() argument N must be str, not T".
bool str_arg(Value v, const char* function, int position);
// The "s" converter: a str without NUL characters.
bool c_string_arg(Value v, const char* function, int position);
bool check_tzinfo_arg(Value v);          // None or a tzinfo instance, else TypeError
Raised compare_error(Value a, Value b);  // "can't compare X to Y"

// --- timedelta.cpp ---
// A new exact timedelta from normalized-or-not fields; OverflowError past the range.
Ref<> new_delta(int64_t days, int64_t seconds, int64_t microseconds);
Ref<> delta_from_microseconds(__int128 microseconds);
inline __int128 delta_microseconds(const DeltaObject* d) {
  return (__int128(d->days) * kSecondsPerDay + d->seconds) * kUsPerSecond + d->microseconds;
}
int delta_compare(const DeltaObject* a, const DeltaObject* b);  // <0, 0, >0
inline bool delta_is_zero(const DeltaObject* d) {
  return d->days == 0 && d->seconds == 0 && d->microseconds == 0;
}
int64_t delta_hash_value(Value delta);
Ref<> delta_negative(Value delta);
Ref<> int_from_int128(__int128 v);
// us / 10**6 as a float, correctly rounded (timedelta.total_seconds()).
Ref<> seconds_from_microseconds(__int128 us);

// --- date.cpp ---
// The pickled state of a date/time/datetime (bytes, or a latin-1 str of Python 2 pickles):
// 1 with *out set when `state` has `size` bytes and byte `index` (without the fold bit if
// fold_bit) is in [low, high]; 0 when it is no state; -1 on error.
int pickle_state(Value state, size_t size, int index, bool fold_bit, int low, int high,
                 const char* what, std::string* out);
Ref<> new_date_exact(int year, int month, int day);  // checks the fields
// date or datetime fields into `cls`: direct for the base types, cls(...) for subclasses.
Ref<> new_date_of_class(Value cls, int year, int month, int day);
Ref<> build_struct_time(int year, int month, int day, int hour, int minute, int second, int dst);
Ref<> wrap_strftime(Value object, Value format, Value timetuple, Value tzinfo_arg);
Ref<> date_format_method(Value self, Value format);  // __format__
Ref<> date_ctime(Value self, const Value*);          // date.ctime and datetime.ctime

// --- time_type.cpp / datetime_type.cpp ---
Ref<> new_time_exact(int hour, int minute, int second, int microsecond, Value tzinfo, int fold);
// Allocates `type` (time or a subclass) directly: no __new__ call (as replace() does).
Ref<> new_time_of_type(TypeObject* type, int hour, int minute, int second, int microsecond,
                       Value tzinfo, int fold);
Ref<> new_datetime_of_type(TypeObject* type, int year, int month, int day, int hour, int minute,
                           int second, int microsecond, Value tzinfo, int fold);
Ref<> new_datetime_exact(int year, int month, int day, int hour, int minute, int second,
                         int microsecond, Value tzinfo, int fold);
// As new_date_of_class, for datetimes: subclasses are called with the eight positional
// fields (CPython 3.11 does not pass the fold to them).
Ref<> new_datetime_of_class(Value cls, int year, int month, int day, int hour, int minute,
                            int second, int microsecond, Value tzinfo, int fold);
// datetime +/- timedelta (sign -1 subtracts), keeping the subclass.
Ref<> datetime_add_delta(Value dt, const DeltaObject* delta, int sign);
Ref<> datetime_subtract(Value a, Value b);  // both datetimes: a timedelta
Ref<> datetime_utcoffset_of(Value dt);      // dt.utcoffset() (validated)
Ref<> datetime_dst_of(Value dt);
// fromtimestamp/now: the local (localtime_r, fold detected when tzinfo is None) or UTC
// broken-down time of a POSIX time as a datetime of `cls` with `tzinfo` attached.
Ref<> datetime_from_posix(Value cls, int64_t seconds, int microseconds, Value tzinfo, bool local);

// --- tzinfo.cpp ---
extern Value utc_timezone;                     // timezone.utc (immortal)
Ref<> new_timezone(Value offset, Value name);  // name may be null; validates the offset
// tzinfo.utcoffset(arg) / dst(arg): None or a timedelta strictly within a day.
Ref<> call_utcoffset(Value tzinfo, Value arg);
Ref<> call_dst(Value tzinfo, Value arg);
Ref<> call_tzname(Value tzinfo, Value arg);  // None or str
// "+HH:MM[:SS[.ffffff]]" of an offset in microseconds, `sep` between the fields.
void append_offset(std::string* out, __int128 us, const char* sep);
// The same for tzinfo.utcoffset(arg); nothing when it is None.
bool format_utcoffset(std::string* out, const char* sep, Value tzinfo, Value arg);
Ref<> local_timezone_from_posix(int64_t seconds);

// --- format.cpp ---
// The ISO 8601 parsers of fromisoformat (3.11's): < 0 for a malformed string; the time
// parser returns 1 when an offset was parsed, 0 when none. The separator finder gives where
// the date part of a datetime string ends (-1: nowhere).
int parse_isoformat_date(const char* text, size_t length, int* year, int* month, int* day);
int parse_isoformat_time(const char* text, size_t length, int* hour, int* minute, int* second,
                         int* microsecond, int* tz_seconds, int* tz_microseconds);
int64_t find_isoformat_separator(const char* text, int64_t length);
Ref<> tzinfo_from_isoformat(int result, int tz_seconds, int tz_microseconds);
Raised invalid_isoformat(Value text);
std::string format_time_fields(int hour, int minute, int second, int microsecond,
                               std::string_view timespec, bool* ok);

// The interned str for an attribute name; DATETIME_NAME looks it up once per call site.
StrObject* name_of(const char* text);
#define DATETIME_NAME(text)                                              \
  ([] {                                                                  \
    static StrObject* const interned = ::krait::datetime::name_of(text); \
    return interned;                                                     \
  }())

inline Value or_none(Value v) { return v ? v : None(); }  // null tzinfo -> None

}  // namespace krait::datetime
