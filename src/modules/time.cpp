// The time module: clocks (time, monotonic, perf_counter, process_time, thread_time and
// their _ns forms, clock_gettime and friends), sleep (GIL released, resumed after signal
// handlers ran), struct_time with gmtime/localtime/mktime, asctime/ctime, strftime (the C
// library's, so the C locale's output is CPython's), strptime (Lib/_strptime.py, as
// CPython does) and the time zone attributes.
#include <pthread.h>
#include <time.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/pytime.h"
#include "objects/bytes.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/structseq.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/gil.h"
#include "runtime/import.h"
#include "runtime/signals.h"

namespace krait {

namespace {

// --- Clocks ---

Raised clock_error() { return raise_os_error(errno); }

bool read_clock(clockid_t clock, TimeNs* out) {
  struct timespec ts;
  if (clock_gettime(clock, &ts) != 0) return clock_error();
  *out = time_from_timespec(ts);
  return true;
}

template <clockid_t kClock>
Ref<> clock_seconds(Value, const Value*) {
  TimeNs t;
  if (!read_clock(kClock, &t)) return nullptr;
  return float_from_double(time_as_seconds_double(t));
}

template <clockid_t kClock>
Ref<> clock_nanoseconds(Value, const Value*) {
  TimeNs t;
  if (!read_clock(kClock, &t)) return nullptr;
  return int_from_int64(t);
}

bool clock_id_arg(Value v, clockid_t* out) {
  if (is_float(v)) return type_error("'float' object cannot be interpreted as an integer");
  int64_t id;
  if (!index_to_int64(v, &id)) return false;
  if (id > INT_MAX || id < INT_MIN) return overflow_error("Python int too large to convert to C int");
  *out = clockid_t(id);
  return true;
}

Ref<> time_clock_gettime(Value, const Value* args) {
  clockid_t clock;
  TimeNs t;
  if (!clock_id_arg(args[0], &clock) || !read_clock(clock, &t)) return nullptr;
  return float_from_double(time_as_seconds_double(t));
}

Ref<> time_clock_gettime_ns(Value, const Value* args) {
  clockid_t clock;
  TimeNs t;
  if (!clock_id_arg(args[0], &clock) || !read_clock(clock, &t)) return nullptr;
  return int_from_int64(t);
}

Ref<> time_clock_settime(Value, const Value* args) {
  clockid_t clock;
  TimeNs t;
  if (!clock_id_arg(args[0], &clock) || !time_from_seconds_object(args[1], TimeRounding::Floor, &t)) {
    return nullptr;
  }
  struct timespec ts = time_as_timespec(t);
  if (clock_settime(clock, &ts) != 0) return clock_error();
  return new_none();
}

Ref<> time_clock_settime_ns(Value, const Value* args) {
  clockid_t clock;
  if (!clock_id_arg(args[0], &clock)) return nullptr;
  Ref<> index = number_index(args[1]);
  if (!index) return nullptr;
  int64_t t;
  if (!int_to_int64(index, &t)) return overflow_error("timestamp too large to convert to C _PyTime_t");
  struct timespec ts = time_as_timespec(t);
  if (clock_settime(clock, &ts) != 0) return clock_error();
  return new_none();
}

Ref<> time_clock_getres(Value, const Value* args) {
  clockid_t clock;
  if (!clock_id_arg(args[0], &clock)) return nullptr;
  struct timespec ts;
  if (clock_getres(clock, &ts) != 0) return clock_error();
  return float_from_double(double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9);
}

Ref<> time_pthread_getcpuclockid(Value, const Value* args) {
  Ref<> index = number_index(args[0]);
  if (!index) return nullptr;
  int64_t thread;
  if (!int_to_int64(index, &thread)) return overflow_error("Python int too large to convert to C unsigned long");
  clockid_t clock;
  int error = pthread_getcpuclockid(pthread_t(thread), &clock);
  if (error) return raise_os_error(error);
  return int_from_int64(clock);
}

Ref<> time_get_clock_info(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("get_clock_info() argument must be str, not {}", type_name(args[0]));
  std::string_view name = str_utf8(args[0]);
  const char* implementation;
  clockid_t clock;
  bool monotonic = true, adjustable = false;
  if (name == "time") {
    implementation = "clock_gettime(CLOCK_REALTIME)";
    clock = CLOCK_REALTIME;
    monotonic = false;
    adjustable = true;
  } else if (name == "monotonic" || name == "perf_counter") {
    implementation = "clock_gettime(CLOCK_MONOTONIC)";
    clock = CLOCK_MONOTONIC;
  } else if (name == "process_time") {
    implementation = "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)";
    clock = CLOCK_PROCESS_CPUTIME_ID;
  } else if (name == "thread_time") {
    implementation = "clock_gettime(CLOCK_THREAD_CPUTIME_ID)";
    clock = CLOCK_THREAD_CPUTIME_ID;
  } else {
    return value_error("unknown clock");
  }
  struct timespec res;
  double resolution = clock_getres(clock, &res) == 0 ? double(res.tv_sec) + double(res.tv_nsec) * 1e-9 : 1e-9;
  Ref<> types = import_module_by_name("types");
  Ref<> namespace_type = types ? get_attr(types, "SimpleNamespace") : nullptr;
  Ref<> impl_text = str_from_ascii(implementation);
  Ref<> resolution_value = float_from_double(resolution);
  Ref<TupleObject> names = tuple_steal({str_from_ascii("implementation").release(), str_from_ascii("monotonic").release(),
                                        str_from_ascii("adjustable").release(), str_from_ascii("resolution").release()});
  if (!namespace_type || !impl_text || !resolution_value || !names) return nullptr;
  Value values[4] = {impl_text, bool_value(monotonic), bool_value(adjustable), resolution_value};
  return call(namespace_type, values, 0, names.get());
}

// --- sleep ---

Ref<> time_sleep(Value, const Value* args) {
  TimeNs duration;
  if (!time_from_seconds_object(args[0], TimeRounding::Up, &duration)) return nullptr;
  if (duration < 0) return value_error("sleep length must be non-negative");
  // Handlers of signals that arrived before the call run first (the eval loop may not
  // have reached a check since).
  if (run_pending_signal_handlers() < 0) return nullptr;
  // An absolute deadline on the monotonic clock: signals interrupt the wait, their
  // handlers run (and may raise), then the same deadline is waited for again.
  struct timespec deadline = time_as_timespec(deadline_after(duration));
  for (;;) {
    int error;
    {
      ReleaseGil released;
      error = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr);
    }
    if (error == 0) break;
    if (error != EINTR) return raise_os_error(error);
    if (run_pending_signal_handlers() < 0) return nullptr;
  }
  return new_none();
}

// --- struct_time ---

const StructSeqField struct_time_fields[] = {
    {"tm_year", "year, for example, 1993"},
    {"tm_mon", "month of year, range [1, 12]"},
    {"tm_mday", "day of month, range [1, 31]"},
    {"tm_hour", "hours, range [0, 23]"},
    {"tm_min", "minutes, range [0, 59]"},
    {"tm_sec", "seconds, range [0, 61])"},
    {"tm_wday", "day of week, range [0, 6], Monday is 0"},
    {"tm_yday", "day of year, range [1, 366]"},
    {"tm_isdst", "1 if summer time is in effect, 0 if not, and -1 if unknown"},
    {"tm_zone", "abbreviation of timezone name"},
    {"tm_gmtoff", "offset from UTC in seconds"},
    {},
};

StructSeqType struct_time_type{
    "time.struct_time",
    "The time value as returned by gmtime(), localtime(), and strptime(), and\n"
    " accepted by asctime(), mktime() and strftime().  May be considered as a\n"
    " sequence of 9 integers.\n\n"
    " Note that several fields' values are not the same as those defined by\n"
    " the C language standard for struct tm.  For example, the value of the\n"
    " field tm_year is the actual year, not year - 1900.  See individual\n"
    " fields' descriptions for details.",
    struct_time_fields, 9};

// Names from the C library (time zones) are in the locale's encoding; krait runs in
// UTF-8 mode, so they are decoded as UTF-8 with surrogateescape.
Ref<> decode_locale(std::string_view text) {
  static StrObject* errors = str_intern_utf8("surrogateescape");
  return decode_utf8(text, Value(errors), Value());
}

Ref<> struct_time_from(const struct tm& tm) {
  Ref<TupleObject> result = structseq_new(&struct_time_type);
  if (!result) return nullptr;
  int64_t values[] = {int64_t(tm.tm_year) + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                      tm.tm_sec, (tm.tm_wday + 6) % 7, tm.tm_yday + 1, tm.tm_isdst};
  for (int i = 0; i < 9; ++i) {
    Ref<> value = int_from_int64(values[i]);
    if (!value) return nullptr;
    structseq_set(result.get(), i, std::move(value));
  }
  Ref<> zone = tm.tm_zone ? decode_locale(tm.tm_zone) : new_none();
  Ref<> offset = int_from_int64(tm.tm_gmtoff);
  if (!zone || !offset) return nullptr;
  structseq_set(result.get(), 9, std::move(zone));
  structseq_set(result.get(), 10, std::move(offset));
  return result;
}

// The seconds argument of gmtime/localtime/ctime: None or absent means now.
bool seconds_arg(Value v, time_t* out) {
  if (!v || is_none(v)) {
    *out = time(nullptr);
    return true;
  }
  return time_t_from_object(v, TimeRounding::Floor, out);
}

bool to_localtime(time_t t, struct tm* out) {
  errno = 0;
  if (!localtime_r(&t, out)) {
    if (errno == 0) errno = EINVAL;
    return raise_os_error(errno);
  }
  return true;
}

bool to_gmtime(time_t t, struct tm* out) {
  errno = 0;
  if (!gmtime_r(&t, out)) {
    if (errno == 0) errno = EINVAL;
    return raise_os_error(errno);
  }
  return true;
}

Ref<> time_gmtime(Value, const Value* args) {
  time_t t;
  struct tm tm;
  if (!seconds_arg(args[0], &t) || !to_gmtime(t, &tm)) return nullptr;
  return struct_time_from(tm);
}

Ref<> time_localtime(Value, const Value* args) {
  time_t t;
  struct tm tm;
  if (!seconds_arg(args[0], &t) || !to_localtime(t, &tm)) return nullptr;
  return struct_time_from(tm);
}

// One item of a time tuple, converted as PyArg_ParseTuple's "i" does.
bool tuple_int(Value v, int* out) {
  if (is_float(v)) return type_error("'float' object cannot be interpreted as an integer");
  Ref<> index = number_index(v);
  if (!index) return false;
  int64_t value;
  if (!int_to_int64(index, &value) || value > INT_MAX) {
    if (int_sign(index) < 0) return overflow_error("signed integer is less than minimum");
    return overflow_error("signed integer is greater than maximum");
  }
  if (value < INT_MIN) return overflow_error("signed integer is less than minimum");
  *out = int(value);
  return true;
}

// A 9-item tuple or struct_time as a struct tm (CPython's gettmarg); a struct_time also
// supplies tm_zone and tm_gmtoff, kept alive by *zone.
bool time_tuple_arg(Value v, const char* function, struct tm* tm, Ref<>* zone) {
  std::memset(tm, 0, sizeof *tm);
  if (!is_tuple(v)) return type_error("Tuple or struct_time argument required");
  TupleObject* t = as_tuple(v);
  if (t->length != 9) return type_error("{}(): illegal time tuple argument", function);
  int year;
  int* fields[] = {&year, &tm->tm_mon, &tm->tm_mday, &tm->tm_hour, &tm->tm_min,
                   &tm->tm_sec, &tm->tm_wday, &tm->tm_yday, &tm->tm_isdst};
  for (int i = 0; i < 9; ++i) {
    if (!tuple_int(t->items[i], fields[i])) return false;
  }
  if (year < INT_MIN + 1900) return overflow_error("year out of range");
  tm->tm_year = year - 1900;
  tm->tm_mon--;
  tm->tm_wday = (tm->tm_wday + 1) % 7;
  tm->tm_yday--;
  if (type_of(v) == &struct_time_type) {
    Value zone_item = structseq_get(t, 9);
    if (!is_none(zone_item)) {
      if (!is_str(zone_item)) return type_error("bad argument type for built-in operation");
      *zone = encode_utf8(as_str(zone_item), Value());
      if (!*zone) return false;
      tm->tm_zone = as_bytes(*zone)->data;
    }
    Value offset_item = structseq_get(t, 10);
    if (!is_none(offset_item)) {
      int64_t offset;
      if (!index_to_int64(offset_item, &offset)) return false;
      tm->tm_gmtoff = offset;
    }
  }
  return true;
}

// The range checks asctime and strftime make (CPython's checktm), which also turn the
// zeros of a partial tuple into valid values.
bool check_tm(struct tm* tm) {
  if (tm->tm_mon == -1) tm->tm_mon = 0;
  else if (tm->tm_mon < 0 || tm->tm_mon > 11) return value_error("month out of range");
  if (tm->tm_mday == 0) tm->tm_mday = 1;
  else if (tm->tm_mday < 0 || tm->tm_mday > 31) return value_error("day of month out of range");
  if (tm->tm_hour < 0 || tm->tm_hour > 23) return value_error("hour out of range");
  if (tm->tm_min < 0 || tm->tm_min > 59) return value_error("minute out of range");
  if (tm->tm_sec < 0 || tm->tm_sec > 61) return value_error("seconds out of range");
  if (tm->tm_wday < 0) return value_error("day of week out of range");
  if (tm->tm_yday == -1) tm->tm_yday = 0;
  else if (tm->tm_yday < 0 || tm->tm_yday > 365) return value_error("day of year out of range");
  return true;
}

Ref<> time_mktime(Value, const Value* args) {
  struct tm tm;
  Ref<> zone;
  if (!time_tuple_arg(args[0], "mktime", &tm, &zone)) return nullptr;
  tm.tm_wday = -1;  // mktime sets it on success, so -1 after it tells a real error
  time_t t = mktime(&tm);
  if (t == time_t(-1) && tm.tm_wday == -1) return overflow_error("mktime argument out of range");
  return float_from_double(double(t));
}

Ref<> format_asctime(const struct tm& tm) {
  static const char* const weekdays[7] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buffer[64];
  int n = std::snprintf(buffer, sizeof buffer, "%s %s%3d %.2d:%.2d:%.2d %lld", weekdays[tm.tm_wday],
                        months[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                        static_cast<long long>(tm.tm_year) + 1900);
  return str_from_ascii(std::string_view(buffer, size_t(n)));
}

Ref<> time_asctime(Value, const Value* args) {
  struct tm tm;
  Ref<> zone;
  if (!args[0]) {
    if (!to_localtime(time(nullptr), &tm)) return nullptr;
  } else if (!time_tuple_arg(args[0], "asctime", &tm, &zone) || !check_tm(&tm)) {
    return nullptr;
  }
  return format_asctime(tm);
}

Ref<> time_ctime(Value, const Value* args) {
  time_t t;
  struct tm tm;
  if (!seconds_arg(args[0], &t) || !to_localtime(t, &tm)) return nullptr;
  return format_asctime(tm);
}

Ref<> time_strftime(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("strftime() argument 1 must be str, not {}", type_name(args[0]));
  struct tm tm;
  Ref<> zone;
  if (!args[1]) {
    if (!to_localtime(time(nullptr), &tm)) return nullptr;
  } else if (!time_tuple_arg(args[1], "strftime", &tm, &zone) || !check_tm(&tm)) {
    return nullptr;
  }
  if (tm.tm_isdst < -1) tm.tm_isdst = -1;
  else if (tm.tm_isdst > 1) tm.tm_isdst = 1;
  static StrObject* errors = str_intern_utf8("surrogateescape");
  Ref<BytesObject> format = encode_utf8(as_str(args[0]), Value(errors));
  if (!format) return nullptr;
  size_t format_length = size_t(format->length);
  if (std::strlen(format->data) != format_length) return value_error("embedded null character");
  // strftime returns 0 both for "does not fit" and for an empty result: grow the buffer
  // until the result cannot plausibly be that long.
  for (size_t size = 1024;; size += size) {
    std::string buffer(size, '\0');
    size_t n = strftime(buffer.data(), size, format->data, &tm);
    if (n > 0 || size >= 256 * format_length) return decode_locale(std::string_view(buffer.data(), n));
  }
}

Ref<> time_strptime(Value, const Value* args) {
  Ref<> module = import_module_by_name("_strptime");
  Ref<> function = module ? get_attr(module, "_strptime_time") : nullptr;
  if (!function) return nullptr;
  return call2(function, args[0], args[1]);
}

// --- Time zone ---

// timezone, altzone, daylight and tzname from the offsets of January 1st and July 1st of
// this year (in the southern hemisphere July is the standard time).
bool set_timezone_attributes(ModuleObject* module) {
  constexpr time_t kYear = (365 * 24 + 6) * 3600;
  time_t t = (time(nullptr) / kYear) * kYear;
  struct tm january, july;
  if (!to_localtime(t, &january) || !to_localtime(t + kYear / 2, &july)) return false;
  long january_zone = -january.tm_gmtoff, july_zone = -july.tm_gmtoff;
  std::string january_name = january.tm_zone ? std::string(january.tm_zone).substr(0, 9) : "";
  std::string july_name = july.tm_zone ? std::string(july.tm_zone).substr(0, 9) : "";
  if (january_zone < -2 * 24 * 3600 || january_zone > 2 * 24 * 3600 || july_zone < -2 * 24 * 3600 ||
      july_zone > 2 * 24 * 3600) {
    return runtime_error("invalid GMT offset");
  }
  bool southern = january_zone < july_zone;
  long standard = southern ? july_zone : january_zone;
  long daylight_zone = southern ? january_zone : july_zone;
  Ref<> standard_name = decode_locale(southern ? july_name : january_name);
  Ref<> daylight_name = decode_locale(southern ? january_name : july_name);
  if (!standard_name || !daylight_name) return false;
  Ref<> names = tuple_of({standard_name.value(), daylight_name.value()});
  return names && module_add_int(module, "timezone", standard) &&
         module_add_int(module, "altzone", daylight_zone) &&
         module_add_int(module, "daylight", january_zone != july_zone) &&
         module_add_object(module, "tzname", names.value());
}

Ref<> time_tzset(Value module, const Value*) {
  tzset();
  if (!set_timezone_attributes(as_module(module))) return nullptr;
  return new_none();
}

const MethodDef time_methods[] = {
    {.name = "time", .impl = clock_seconds<CLOCK_REALTIME>, .signature = "($module, /)",
     .doc = "time() -> floating point number\n\nReturn the current time in seconds since the Epoch.\n"
            "Fractions of a second may be present if the system clock provides them."},
    {.name = "time_ns", .impl = clock_nanoseconds<CLOCK_REALTIME>, .signature = "($module, /)",
     .doc = "time_ns() -> int\n\nReturn the current time in nanoseconds since the Epoch."},
    {.name = "clock_gettime", .impl = time_clock_gettime, .signature = "($module, clk_id, /)",
     .doc = "clock_gettime(clk_id) -> float\n\nReturn the time of the specified clock clk_id.", .flags = kMethodVarargs},
    {.name = "clock_gettime_ns", .impl = time_clock_gettime_ns, .signature = "($module, clk_id, /)",
     .doc = "clock_gettime_ns(clk_id) -> int\n\nReturn the time of the specified clock clk_id as nanoseconds.", .flags = kMethodVarargs},
    {.name = "clock_settime", .impl = time_clock_settime, .signature = "($module, clk_id, time, /)",
     .doc = "clock_settime(clk_id, time)\n\nSet the time of the specified clock clk_id.", .flags = kMethodVarargs},
    {.name = "clock_settime_ns", .impl = time_clock_settime_ns, .signature = "($module, clk_id, time, /)",
     .doc = "clock_settime_ns(clk_id, time)\n\nSet the time of the specified clock clk_id with nanoseconds.", .flags = kMethodVarargs},
    {.name = "clock_getres", .impl = time_clock_getres, .signature = "($module, clk_id, /)",
     .doc = "clock_getres(clk_id) -> floating point number\n\nReturn the resolution (precision) of the specified clock clk_id.", .flags = kMethodVarargs},
    {.name = "pthread_getcpuclockid", .impl = time_pthread_getcpuclockid, .signature = "($module, thread_id, /)",
     .doc = "pthread_getcpuclockid(thread_id) -> int\n\nReturn the clk_id of a thread's CPU time clock.", .flags = kMethodVarargs},
    {.name = "sleep", .impl = time_sleep, .signature = "($module, seconds, /)",
     .doc = "sleep(seconds)\n\nDelay execution for a given number of seconds.  The argument may be\n"
            "a floating point number for subsecond precision."},
    {.name = "gmtime", .impl = time_gmtime, .signature = "($module, seconds=?, /)",
     .doc = "gmtime([seconds]) -> (tm_year, tm_mon, tm_mday, tm_hour, tm_min,\n"
            "                       tm_sec, tm_wday, tm_yday, tm_isdst)\n\n"
            "Convert seconds since the Epoch to a time tuple expressing UTC (a.k.a.\n"
            "GMT).  When 'seconds' is not passed in, convert the current time instead.\n\n"
            "If the platform supports the tm_gmtoff and tm_zone, they are available as\n"
            "attributes only.", .flags = kMethodVarargs},
    {.name = "localtime", .impl = time_localtime, .signature = "($module, seconds=?, /)",
     .doc = "localtime([seconds]) -> (tm_year,tm_mon,tm_mday,tm_hour,tm_min,\n"
            "                          tm_sec,tm_wday,tm_yday,tm_isdst)\n\n"
            "Convert seconds since the Epoch to a time tuple expressing local time.\n"
            "When 'seconds' is not passed in, convert the current time instead.", .flags = kMethodVarargs},
    {.name = "asctime", .impl = time_asctime, .signature = "($module, tuple=?, /)",
     .doc = "asctime([tuple]) -> string\n\nConvert a time tuple to a string, e.g. 'Sat Jun 06 16:26:11 1998'.\n"
            "When the time tuple is not present, current time as returned by localtime()\nis used.", .flags = kMethodVarargs},
    {.name = "ctime", .impl = time_ctime, .signature = "($module, seconds=?, /)",
     .doc = "ctime(seconds) -> string\n\nConvert a time in seconds since the Epoch to a string in local time.\n"
            "This is equivalent to asctime(localtime(seconds)). When the time tuple is\n"
            "not present, current time as returned by localtime() is used.", .flags = kMethodVarargs},
    {.name = "mktime", .impl = time_mktime, .signature = "($module, tuple, /)",
     .doc = "mktime(tuple) -> floating point number\n\n"
            "Convert a time tuple in local time to seconds since the Epoch.\n"
            "Note that mktime(gmtime(0)) will not generally return zero for most\n"
            "time zones; instead the returned value will either be equal to that\n"
            "of the timezone or altzone attributes on the time module."},
    {.name = "strftime", .impl = time_strftime, .signature = "($module, format, tuple=?, /)",
     .doc = "strftime(format[, tuple]) -> string\n\n"
            "Convert a time tuple to a string according to a format specification.\n"
            "See the library reference manual for formatting codes. When the time tuple\n"
            "is not present, current time as returned by localtime() is used.", .flags = kMethodVarargs},
    {.name = "strptime", .impl = time_strptime, .signature = "($module, string, format='%a %b %d %H:%M:%S %Y', /)",
     .doc = "strptime(string, format) -> struct_time\n\n"
            "Parse a string to a time tuple according to a format specification.\n"
            "See the library reference manual for formatting codes (same as\nstrftime()).", .flags = kMethodVarargs},
    {.name = "tzset", .impl = time_tzset, .signature = "($module, /)",
     .doc = "tzset()\n\nInitialize, or reinitialize, the local timezone to the value of the environment\n"
            "variable TZ."},
    {.name = "monotonic", .impl = clock_seconds<CLOCK_MONOTONIC>, .signature = "($module, /)",
     .doc = "monotonic() -> float\n\nMonotonic clock, cannot go backward."},
    {.name = "monotonic_ns", .impl = clock_nanoseconds<CLOCK_MONOTONIC>, .signature = "($module, /)",
     .doc = "monotonic_ns() -> int\n\nMonotonic clock, cannot go backward, as nanoseconds."},
    {.name = "process_time", .impl = clock_seconds<CLOCK_PROCESS_CPUTIME_ID>, .signature = "($module, /)",
     .doc = "process_time() -> float\n\nProcess time for profiling: sum of the kernel and user-space CPU time."},
    {.name = "process_time_ns", .impl = clock_nanoseconds<CLOCK_PROCESS_CPUTIME_ID>, .signature = "($module, /)",
     .doc = "process_time() -> int\n\nProcess time for profiling as nanoseconds:\n"
            "sum of the kernel and user-space CPU time."},
    {.name = "thread_time", .impl = clock_seconds<CLOCK_THREAD_CPUTIME_ID>, .signature = "($module, /)",
     .doc = "thread_time() -> float\n\nThread time for profiling: sum of the kernel and user-space CPU time."},
    {.name = "thread_time_ns", .impl = clock_nanoseconds<CLOCK_THREAD_CPUTIME_ID>, .signature = "($module, /)",
     .doc = "thread_time() -> int\n\nThread time for profiling as nanoseconds:\n"
            "sum of the kernel and user-space CPU time."},
    {.name = "perf_counter", .impl = clock_seconds<CLOCK_MONOTONIC>, .signature = "($module, /)",
     .doc = "perf_counter() -> float\n\nPerformance counter for benchmarking."},
    {.name = "perf_counter_ns", .impl = clock_nanoseconds<CLOCK_MONOTONIC>, .signature = "($module, /)",
     .doc = "perf_counter_ns() -> int\n\nPerformance counter for benchmarking as nanoseconds."},
    {.name = "get_clock_info", .impl = time_get_clock_info, .signature = "($module, name, /)",
     .doc = "get_clock_info(name: str) -> dict\n\nGet information of the specified clock.", .flags = kMethodVarargs},
    {},
};

bool time_exec(ModuleObject* module) {
  tzset();
  if (!set_timezone_attributes(module)) return false;
  const struct {
    const char* name;
    int value;
  } clocks[] = {
      {"CLOCK_REALTIME", CLOCK_REALTIME}, {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
      {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW}, {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
      {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID}, {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
      {"CLOCK_TAI", CLOCK_TAI},
  };
  for (const auto& c : clocks) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return module_add_int(module, "_STRUCT_TM_ITEMS", 11) && structseq_ready(&struct_time_type) &&
         module_add_type(module, &struct_time_type);
}

}  // namespace

extern const ModuleDef module_time = {
    .name = "time",
    .doc = "This module provides various functions to manipulate time values.\n\n"
           "There are two standard representations of time.  One is the number\n"
           "of seconds since the Epoch, in UTC (a.k.a. GMT).  It may be an integer\n"
           "or a floating point number (to represent fractions of seconds).\n"
           "The Epoch is system-defined; on Unix, it is generally January 1st, 1970.\n"
           "The actual value can be retrieved by calling gmtime(0).\n\n"
           "The other representation is a tuple of 9 integers giving local time.\n"
           "The tuple items are:\n"
           "  year (including century, e.g. 1998)\n"
           "  month (1-12)\n"
           "  day (1-31)\n"
           "  hours (0-23)\n"
           "  minutes (0-59)\n"
           "  seconds (0-59)\n"
           "  weekday (0-6, Monday is 0)\n"
           "  Julian day (day in the year, 1-366)\n"
           "  DST (Daylight Savings Time) flag (-1, 0 or 1)\n"
           "If the DST flag is 0, the time is given in the regular time zone;\n"
           "if it is 1, the time is given in the DST time zone;\n"
           "if it is -1, mktime() should guess based on the date and time.\n",
    .methods = time_methods,
    .exec = time_exec,
};

}  // namespace krait
