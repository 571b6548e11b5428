// Text for _datetime: the ISO 8601 parsers behind fromisoformat (Python 3.11's extended
// grammar: YYYY-MM-DD, YYYYMMDD, ISO week dates, times with ',' or '.' fractions and
// offsets), isoformat's time fields, strftime's %z/%Z/%f expansion before time.strftime,
// and the IsoCalendarDate tuple that isocalendar() returns.
//
// The parsers read NUL-terminated text and, like CPython's, may look at the terminator.
#include <cstdio>

#include "modules/datetime/datetime_internal.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/import.h"

namespace krait::datetime {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits; null if one is missing.
const char* parse_digits(const char* p, int* out, size_t count) {
  int value = 0;
  for (size_t i = 0; i < count; ++i, ++p) {
    if (!is_digit(*p)) return nullptr;
    value = value * 10 + (*p - '0');
  }
  *out = value;
  return p;
}

// [HH[:?MM[:?SS[{.,}ffffff]]]] up to `end`. 0: parsed to the end; 1: stopped at a
// character other than the terminator; <0: malformed.
int parse_hh_mm_ss_ff(const char* text, const char* end, int* hour, int* minute, int* second,
                      int* microsecond) {
  const char* p = text;
  int* fields[3] = {hour, minute, second};
  bool has_separator = true;
  for (int i = 0; i < 3; ++i) {
    p = parse_digits(p, fields[i], 2);
    if (!p) return -3;
    char c = *p++;
    if (i == 0) has_separator = c == ':';
    if (p >= end) return c != '\0';
    if (has_separator && c == ':') continue;
    if (c == '.' || c == ',') break;
    if (!has_separator) {
      --p;
    } else {
      return -4;  // a bad separator
    }
  }
  // The fraction: up to six digits count, more are ignored.
  size_t remaining = size_t(end - p);
  size_t digits = remaining >= 6 ? 6 : remaining;
  p = parse_digits(p, microsecond, digits);
  if (!p) return -3;
  static constexpr int kScale[6] = {100000, 10000, 1000, 100, 10, 1};
  if (digits > 0) *microsecond *= kScale[digits - 1];
  while (is_digit(*p)) ++p;
  return *p != '\0';
}

}  // namespace

int parse_isoformat_date(const char* text, size_t length, int* year, int* month, int* day) {
  const char* p = parse_digits(text, year, 4);
  if (!p) return -1;
  bool uses_separator = *p == '-';
  if (uses_separator) ++p;
  if (*p == 'W') {
    // An ISO week date: YYYY-Www[-D] or YYYYWww[D].
    ++p;
    int week = 0, weekday = 1;
    p = parse_digits(p, &week, 2);
    if (!p) return -3;
    if (size_t(p - text) < length) {
      if (uses_separator && *p++ != '-') return -2;
      p = parse_digits(p, &weekday, 1);
      if (!p) return -4;
    }
    int result = iso_to_ymd(*year, week, weekday, year, month, day);
    return result ? -3 + result : 0;
  }
  p = parse_digits(p, month, 2);
  if (!p) return -1;
  if (uses_separator && *p++ != '-') return -2;
  p = parse_digits(p, day, 2);
  return p ? 0 : -1;
}

int parse_isoformat_time(const char* text, size_t length, int* hour, int* minute, int* second,
                         int* microsecond, int* tz_seconds, int* tz_microseconds) {
  const char* end = text + length;
  // The offset starts at the first 'Z', '+' or '-'.
  const char* tz = text;
  do {
    if (*tz == 'Z' || *tz == '+' || *tz == '-') break;
  } while (++tz < end);
  int result = parse_hh_mm_ss_ff(text, tz, hour, minute, second, microsecond);
  if (result < 0) return result;
  if (tz == end) return result == 1 ? -5 : 0;  // trailing text without an offset
  if (*tz == 'Z') {
    *tz_seconds = 0;
    *tz_microseconds = 0;
    return tz[1] != '\0' ? -5 : 1;
  }
  int sign = *tz == '-' ? -1 : 1;
  ++tz;
  int tz_hour = 0, tz_minute = 0, tz_second = 0;
  result = parse_hh_mm_ss_ff(tz, end, &tz_hour, &tz_minute, &tz_second, tz_microseconds);
  *tz_seconds = sign * (tz_hour * 3600 + tz_minute * 60 + tz_second);
  *tz_microseconds *= sign;
  return result ? -5 : 1;
}

int64_t find_isoformat_separator(const char* text, int64_t length) {
  // Where the date ends, from characters 4 and 5:
  //   YYYY-MM-DD 10, YYYYMMDD 8, YYYY-Www 8, YYYYWww 7, YYYY-Www-D 10, YYYYWwwD 8.
  if (length == 7) return 7;
  if (text[4] == '-') {
    if (text[5] != 'W') return 10;
    if (length < 8) return -1;
    if (length > 8 && text[8] == '-') {
      if (length == 9) return -1;
      // YYYY-Www-HH... (a '-' separator) rather than YYYY-Www-D followed by a digit.
      if (length > 10 && is_digit(text[10])) return 8;
      return 10;
    }
    return 8;
  }
  if (text[4] == 'W') {
    int64_t index = 7;
    while (index < length && is_digit(text[index])) ++index;
    if (index < 9) return index;
    return index % 2 == 0 ? 7 : 8;
  }
  return 8;
}

Ref<> tzinfo_from_isoformat(int result, int tz_seconds, int tz_microseconds) {
  if (result != 1) return new_none();
  if (tz_seconds == 0 && tz_microseconds == 0) return new_ref(utc_timezone);
  Ref<> offset = new_delta(0, tz_seconds, tz_microseconds);
  if (!offset) return nullptr;
  return new_timezone(offset, Value());
}

Raised invalid_isoformat(Value text) {
  return value_error("Invalid isoformat string: {}", repr_for_message(text));
}

std::string format_time_fields(int hour, int minute, int second, int microsecond,
                               std::string_view timespec, bool* ok) {
  char buffer[32];
  *ok = true;
  if (timespec == "auto") timespec = microsecond ? "microseconds" : "seconds";
  if (timespec == "hours") {
    snprintf(buffer, sizeof buffer, "%02d", hour);
  } else if (timespec == "minutes") {
    snprintf(buffer, sizeof buffer, "%02d:%02d", hour, minute);
  } else if (timespec == "seconds") {
    snprintf(buffer, sizeof buffer, "%02d:%02d:%02d", hour, minute, second);
  } else if (timespec == "milliseconds") {
    snprintf(buffer, sizeof buffer, "%02d:%02d:%02d.%03d", hour, minute, second,
             microsecond / 1000);
  } else if (timespec == "microseconds") {
    snprintf(buffer, sizeof buffer, "%02d:%02d:%02d.%06d", hour, minute, second, microsecond);
  } else {
    *ok = false;
    value_error("Unknown timespec value");
    return std::string();
  }
  return buffer;
}

// strftime: %z, %Z and %f are expanded here (they need the object, not the time tuple);
// the rest goes to time.strftime with the object's timetuple.
Ref<> wrap_strftime(Value object, Value format, Value timetuple, Value tzinfo_arg) {
  Value tzinfo;
  if (is_time(object)) tzinfo = as_time(object)->tzinfo;
  if (is_datetime(object)) tzinfo = as_datetime(object)->tzinfo;
  StrObject* text = as_str(format);
  for (int64_t i = 0; i < text->length; ++i) {
    if (text->at(i) >= 0xd800 && text->at(i) <= 0xdfff) {
      // CPython encodes the format to UTF-8 first, which fails here.
      Ref<> encoded = call_method0(format, DATETIME_NAME("encode"));
      if (!encoded) return nullptr;
      break;
    }
  }
  std::string_view in = str_utf8(format);
  std::string out;
  bool have_z = false, have_big_z = false;
  std::string z_text, big_z_text;
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (i + 1 >= in.size()) {
      out += '%';
      break;
    }
    char next = in[++i];
    if (next == 'z') {
      if (!have_z) {
        have_z = true;
        if (tzinfo && !format_utcoffset(&z_text, "", tzinfo, tzinfo_arg)) return nullptr;
      }
      out += z_text;
    } else if (next == 'Z') {
      if (!have_big_z) {
        have_big_z = true;
        if (tzinfo) {
          Ref<> name = call_tzname(tzinfo, tzinfo_arg);
          if (!name) return nullptr;
          if (!is_none(name)) {
            // A '%' in the name must reach strftime as a literal (by the name's own replace()).
            Ref<> percent = str_from_ascii("%");
            Ref<> doubled = str_from_ascii("%%");
            if (!percent || !doubled) return nullptr;
            Ref<> escaped = call_method2(name, DATETIME_NAME("replace"), percent, doubled);
            if (!escaped) return nullptr;
            if (!is_str(escaped)) return type_error("tzname.replace() did not return a string");
            big_z_text = str_utf8(escaped);
          }
        }
      }
      out += big_z_text;
    } else if (next == 'f') {
      int microsecond = 0;
      if (is_time(object)) microsecond = as_time(object)->microsecond;
      if (is_datetime(object)) microsecond = as_datetime(object)->microsecond;
      char buffer[8];
      snprintf(buffer, sizeof buffer, "%06d", microsecond);
      out += buffer;
    } else {
      out += '%';
      out += next;
    }
  }
  Ref<> new_format = str_from_utf8(out);
  Ref<> time_module = new_format ? import_module_by_name("time") : nullptr;
  if (!time_module) return nullptr;
  return call_method2(time_module, DATETIME_NAME("strftime"), new_format, timetuple);
}

// --- IsoCalendarDate: a (year, week, weekday) tuple with named fields ---

namespace {

Ref<> isocalendar_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"IsoCalendarDate", {"year", "week", "weekday"}, 3, 3};
  Value values[3];
  int fields[3];
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 3)) return nullptr;
  Ref<TupleObject> items = tuple_of(
      {Value::small_int(fields[0]), Value::small_int(fields[1]), Value::small_int(fields[2])});
  if (!items) return nullptr;
  Value tuple_arg = items.value();
  return tuple_type.new_instance(type, &tuple_arg, 1, nullptr);
}

Ref<> isocalendar_repr(Value self) {
  TupleObject* t = as_tuple(self);
  std::string out = type_name(self) + "(";
  const char* names[3] = {"year=", "week=", "weekday="};
  for (int i = 0; i < 3; ++i) {
    Ref<StrObject> field = repr(t->items[i]);
    if (!field) return nullptr;
    if (i) out += ", ";
    out += names[i];
    out += str_utf8(field.get());
  }
  return str_from_utf8(out + ")");
}

Ref<> isocalendar_reduce(Value self, const Value*) {
  TupleObject* t = as_tuple(self);
  Ref<TupleObject> plain = tuple_from_array(t->items, t->length);
  if (!plain) return nullptr;
  Ref<TupleObject> args = tuple_of({plain.value()});
  if (!args) return nullptr;
  return tuple_of({Value(&tuple_type), args.value()});
}

Ref<> isocalendar_year(Value self) { return new_ref(as_tuple(self)->items[0]); }
Ref<> isocalendar_week(Value self) { return new_ref(as_tuple(self)->items[1]); }
Ref<> isocalendar_weekday(Value self) { return new_ref(as_tuple(self)->items[2]); }

const MethodDef isocalendar_methods[] = {
    {.name = "__reduce__",
     .impl = isocalendar_reduce,
     .signature = "($self, /)",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef isocalendar_getsets[] = {
    {"year", isocalendar_year, nullptr, nullptr},
    {"week", isocalendar_week, nullptr, nullptr},
    {"weekday", isocalendar_weekday, nullptr, nullptr},
    {},
};

}  // namespace

TypeObject isocalendar_date_type{TypeSpec{
    .name = "datetime.IsoCalendarDate",
    .doc = "The result of date.isocalendar() or datetime.isocalendar()\n\n"
           "This object may be accessed either as a tuple of\n"
           "  ((year, week, weekday)\n"
           "or via the object attributes as named in the above tuple.",
    .basic_size = sizeof(TupleObject),
    .item_size = sizeof(Value),
    .flags = kTypeHaveGC | kTypeTupleSubclass,
    .base = &tuple_type,
    .slots = {.new_instance = isocalendar_new, .repr = isocalendar_repr},
    .methods = isocalendar_methods,
    .getsets = isocalendar_getsets,
}};

}  // namespace krait::datetime
