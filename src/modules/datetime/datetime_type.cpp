// datetime.datetime: a date and a time of day with an optional tzinfo and PEP 495's fold.
// A subclass of date (its layout extends DateObject); arithmetic keeps the subclass
// (calling it, as CPython's new_datetime_subclass_ex), replace() allocates it directly.
// Local time goes through localtime_r with CPython's fold detection (calendar.cpp).
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/alloc.h"
#include "core/hash.h"
#include "modules/datetime/datetime_internal.h"
#include "modules/pytime.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait::datetime {

namespace {

DateTimeObject* dt_of(Value v) { return as_datetime(v); }

int64_t dt_seconds_of_day(const DateTimeObject* d) {
  return int64_t(d->hour) * 3600 + d->minute * 60 + d->second;
}

// Microseconds since 0001-01-01 of the naive fields.
__int128 dt_total_us(const DateTimeObject* d) {
  return (__int128(ymd_to_ordinal(d->year, d->month, d->day)) * kSecondsPerDay +
          dt_seconds_of_day(d)) *
             kUsPerSecond +
         d->microsecond;
}

Ref<> datetime_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if ((nargs == 1 || nargs == 2) && (is_bytes(args[0]) || is_str(args[0]))) {
    std::string state;
    int result = pickle_state(args[0], 10, 2, true, 1, 12, "datetime", &state);
    if (result < 0) return nullptr;
    if (result > 0) {
      Value tzinfo = nargs == 2 ? args[1] : None();
      if (!is_none(tzinfo) && !is_tzinfo(tzinfo)) return type_error("bad tzinfo state arg");
      auto byte = [&](int i) { return int(uint8_t(state[i])); };
      return new_datetime_of_type(type, byte(0) << 8 | byte(1), byte(2) & 0x7f, byte(3), byte(4),
                                  byte(5), byte(6), byte(7) << 16 | byte(8) << 8 | byte(9), tzinfo,
                                  byte(2) >> 7);
    }
  }
  static const ArgSpec spec{
      nullptr,
      {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"},
      3,
      8};
  Value values[9];
  int fields[7] = {0, 0, 0, 0, 0, 0, 0};
  int fold = 0;
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 7)) return nullptr;
  if (values[8] && !int_arg(values[8], &fold)) return nullptr;
  Value tzinfo = values[7] ? values[7] : None();
  if (!check_date_fields(fields[0], fields[1], fields[2]) ||
      !check_time_fields(fields[3], fields[4], fields[5], fields[6], fold) ||
      !check_tzinfo_arg(tzinfo)) {
    return nullptr;
  }
  return new_datetime_of_type(type, fields[0], fields[1], fields[2], fields[3], fields[4],
                              fields[5], fields[6], tzinfo, fold);
}

void datetime_dealloc(Object* o) {
  decref(static_cast<DateTimeObject*>(o)->tzinfo);
  free_object(o);
}

// --- Presentation ---

Ref<> datetime_repr(Value self) {
  DateTimeObject* d = dt_of(self);
  std::string out = type_name(self) + "(" + std::to_string(d->year) + ", " +
                    std::to_string(d->month) + ", " + std::to_string(d->day) + ", " +
                    std::to_string(d->hour) + ", " + std::to_string(d->minute);
  if (d->second || d->microsecond) out += ", " + std::to_string(d->second);
  if (d->microsecond) out += ", " + std::to_string(d->microsecond);
  // fold before tzinfo here (time's repr has them the other way round, as CPython's).
  if (d->fold) out += ", fold=1";
  if (d->tzinfo) {
    Ref<StrObject> tz = repr(d->tzinfo);
    if (!tz) return nullptr;
    out += ", tzinfo=" + std::string(str_utf8(tz.get()));
  }
  return str_from_utf8(out + ")");
}

Ref<> datetime_isoformat(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"isoformat", {"sep", "timespec"}, 0, 2};
  Value values[2];
  if (!bind_args(spec, args, nargs, kwnames, values)) return nullptr;
  Value sep = values[0], timespec = values[1];
  if (sep && (!is_str(sep) || as_str(sep)->length != 1)) {
    return type_error("isoformat() argument 1 must be a unicode character, not {}", type_name(sep));
  }
  if (timespec && !c_string_arg(timespec, "isoformat", 2)) return nullptr;
  DateTimeObject* d = dt_of(self);
  char buffer[16];
  snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d->year, d->month, d->day);
  std::string out = buffer;
  if (sep) {
    out += str_utf8(sep);
  } else {
    out += 'T';
  }
  bool ok;
  out += format_time_fields(d->hour, d->minute, d->second, d->microsecond,
                            timespec ? str_utf8(timespec) : "auto", &ok);
  if (!ok) return nullptr;
  if (d->tzinfo && !format_utcoffset(&out, ":", d->tzinfo, self)) return nullptr;
  return str_from_utf8(out);
}

Ref<> datetime_str(Value self) {
  Ref<> space = str_from_ascii(" ");
  if (!space) return nullptr;
  return call_method1(self, DATETIME_NAME("isoformat"), space);
}

// --- tzinfo queries ---

Ref<> datetime_utcoffset(Value self, const Value*) { return datetime_utcoffset_of(self); }
Ref<> datetime_dst(Value self, const Value*) { return datetime_dst_of(self); }
Ref<> datetime_tzname(Value self, const Value*) {
  return call_tzname(or_none(dt_of(self)->tzinfo), self);
}

// --- Conversions ---

Ref<> datetime_date(Value self, const Value*) {
  DateTimeObject* d = dt_of(self);
  return new_date_exact(d->year, d->month, d->day);
}

Ref<> datetime_time(Value self, const Value*) {
  DateTimeObject* d = dt_of(self);
  return new_time_exact(d->hour, d->minute, d->second, d->microsecond, Value(), d->fold);
}

Ref<> datetime_timetz(Value self, const Value*) {
  DateTimeObject* d = dt_of(self);
  return new_time_exact(d->hour, d->minute, d->second, d->microsecond, d->tzinfo, d->fold);
}

Ref<> datetime_timetuple(Value self, const Value*) {
  DateTimeObject* d = dt_of(self);
  int dst_flag = -1;
  if (d->tzinfo) {
    Ref<> dst = call_dst(d->tzinfo, self);
    if (!dst) return nullptr;
    if (!is_none(dst)) dst_flag = delta_is_zero(as_delta(dst)) ? 0 : 1;
  }
  return build_struct_time(d->year, d->month, d->day, d->hour, d->minute, d->second, dst_flag);
}

Ref<> datetime_utctimetuple(Value self, const Value*) {
  Ref<> utc = new_ref(self);
  DateTimeObject* d = dt_of(self);
  if (d->tzinfo) {
    Ref<> offset = call_utcoffset(d->tzinfo, self);
    if (!offset) return nullptr;
    if (!is_none(offset)) {
      utc = datetime_add_delta(self, as_delta(offset), -1);
      if (!utc) return nullptr;
    }
  }
  DateTimeObject* u = dt_of(utc);
  return build_struct_time(u->year, u->month, u->day, u->hour, u->minute, u->second, 0);
}

Ref<> datetime_timestamp(Value self, const Value*) {
  DateTimeObject* d = dt_of(self);
  if (d->tzinfo) {
    Ref<> offset = datetime_utcoffset_of(self);
    if (!offset) return nullptr;
    if (!is_none(offset)) {
      // (self - epoch).total_seconds(), with the epoch in UTC.
      __int128 us = dt_total_us(d) - delta_microseconds(as_delta(offset)) -
                    __int128(kEpochSeconds) * kUsPerSecond;
      return seconds_from_microseconds(us);
    }
  }
  int64_t seconds;
  if (!local_to_posix(d->year, d->month, d->day, d->hour, d->minute, d->second, d->fold, &seconds))
    return nullptr;
  return float_from_double(double(seconds) + d->microsecond / 1e6);
}

Ref<> datetime_replace(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{
      "replace",
      {"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"},
      0,
      8};
  DateTimeObject* d = dt_of(self);
  Value values[9];
  int fields[7] = {d->year, d->month, d->day, d->hour, d->minute, d->second, d->microsecond};
  int fold = d->fold;
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 7)) return nullptr;
  if (values[8] && !int_arg(values[8], &fold)) return nullptr;
  Value tzinfo = values[7] ? values[7] : or_none(d->tzinfo);
  if (!check_date_fields(fields[0], fields[1], fields[2]) ||
      !check_time_fields(fields[3], fields[4], fields[5], fields[6], fold) ||
      !check_tzinfo_arg(tzinfo)) {
    return nullptr;
  }
  return new_datetime_of_type(type_of(self), fields[0], fields[1], fields[2], fields[3], fields[4],
                              fields[5], fields[6], tzinfo, fold);
}

// The local time zone in effect at a UTC datetime (a timezone with the zone's name).
Ref<> local_timezone_at_utc(Value utc_dt) {
  __int128 us = dt_total_us(dt_of(utc_dt)) - __int128(kEpochSeconds) * kUsPerSecond;
  __int128 seconds = us / kUsPerSecond;
  if (us % kUsPerSecond < 0) --seconds;
  return local_timezone_from_posix(int64_t(seconds));
}

Ref<> local_timezone_of_naive(Value dt) {
  DateTimeObject* d = dt_of(dt);
  int64_t seconds;
  if (!local_to_posix(d->year, d->month, d->day, d->hour, d->minute, d->second, d->fold, &seconds))
    return nullptr;
  return local_timezone_from_posix(seconds);
}

// Replaces the tzinfo of a datetime nobody else has seen yet.
void set_tzinfo(Value dt, Value tzinfo) {
  DateTimeObject* d = dt_of(dt);
  Value old = d->tzinfo;
  incref(tzinfo);
  d->tzinfo = tzinfo;
  decref(old);
  d->hash = -1;
}

Ref<> datetime_astimezone(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"astimezone", {"tz"}, 0, 1};
  Value tz_arg;
  if (!bind_args(spec, args, nargs, kwnames, &tz_arg)) return nullptr;
  Value tz = tz_arg ? tz_arg : None();
  if (!check_tzinfo_arg(tz)) return nullptr;
  DateTimeObject* d = dt_of(self);
  Ref<> self_tz;
  Ref<> offset;
  if (d->tzinfo) {
    self_tz = new_ref(d->tzinfo);
    if (self_tz.value() == tz) return new_ref(self);  // conversion to its own zone is a no-op
    offset = call_utcoffset(self_tz, self);
    if (!offset) return nullptr;
  }
  if (!d->tzinfo || is_none(offset)) {
    // Naive: the local time zone applies.
    self_tz = local_timezone_of_naive(self);
    if (!self_tz) return nullptr;
    if (self_tz.value() == tz) return new_ref(self);
    offset = call_utcoffset(self_tz, self);
    if (!offset) return nullptr;
  }
  // self - offset, as an aware UTC datetime of self's class.
  Ref<> utc = datetime_add_delta(self, as_delta(offset), -1);
  if (!utc) return nullptr;
  if (!dt_of(utc)->tzinfo) {
    DateTimeObject* r = dt_of(utc);
    utc = new_datetime_of_type(type_of(utc), r->year, r->month, r->day, r->hour, r->minute,
                               r->second, r->microsecond, utc_timezone, r->fold);
    if (!utc) return nullptr;
  } else {
    set_tzinfo(utc, utc_timezone);
  }
  Ref<> target = is_none(tz) ? local_timezone_at_utc(utc) : new_ref(tz);
  if (!target) return nullptr;
  // Re-label the UTC time with the target zone and let its fromutc() convert.
  set_tzinfo(utc, target);
  return call_method1(target, DATETIME_NAME("fromutc"), utc);
}

Ref<> datetime_state(Value self, int protocol) {
  DateTimeObject* d = dt_of(self);
  char data[10] = {char(d->year >> 8),
                   char(d->year & 0xff),
                   char(d->month | (protocol > 3 && d->fold ? 0x80 : 0)),
                   char(d->day),
                   char(d->hour),
                   char(d->minute),
                   char(d->second),
                   char(d->microsecond >> 16),
                   char((d->microsecond >> 8) & 0xff),
                   char(d->microsecond & 0xff)};
  Ref<> state = bytes_from(std::string_view(data, 10));
  if (!state) return nullptr;
  Ref<TupleObject> args =
      d->tzinfo ? tuple_of({state.value(), d->tzinfo}) : tuple_of({state.value()});
  if (!args) return nullptr;
  return tuple_of({Value(type_of(self)), args.value()});
}

Ref<> datetime_reduce_ex(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value protocol_arg;
  int protocol;
  if (!bind_positional("__reduce_ex__", "datetime.__reduce_ex__", 1, 1, args, nargs, kwnames,
                       &protocol_arg) ||
      !int_arg(protocol_arg, &protocol)) {
    return nullptr;
  }
  return datetime_state(self, protocol);
}

Ref<> datetime_reduce(Value self, const Value*) { return datetime_state(self, 2); }

// --- Class methods ---

Ref<> datetime_now(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"now", {"tz"}, 0, 1};
  Value tz_arg;
  if (!bind_args(spec, args, nargs, kwnames, &tz_arg)) return nullptr;
  Value tz = tz_arg ? tz_arg : None();
  if (!check_tzinfo_arg(tz)) return nullptr;
  TimeNs now = wall_clock_ns();
  int64_t seconds = floor_div(now, 1000000000);
  int microseconds = int(floor_mod(now, 1000000000) / 1000);
  Ref<> result = datetime_from_posix(cls, seconds, microseconds, tz, is_none(tz));
  if (!result || is_none(tz)) return result;
  return call_method1(tz, DATETIME_NAME("fromutc"), result);
}

Ref<> datetime_utcnow(Value cls, const Value*) {
  TimeNs now = wall_clock_ns();
  return datetime_from_posix(cls, floor_div(now, 1000000000),
                             int(floor_mod(now, 1000000000) / 1000), None(), false);
}

Ref<> datetime_fromtimestamp(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"fromtimestamp", {"timestamp", "tz"}, 1, 2};
  Value values[2];
  if (!bind_args(spec, args, nargs, kwnames, values)) return nullptr;
  Value tz = values[1] ? values[1] : None();
  if (!check_tzinfo_arg(tz)) return nullptr;
  time_t seconds;
  long microseconds;
  if (!timespec_from_object(values[0], TimeRounding::HalfEven, &seconds, &microseconds, 1000000))
    return nullptr;
  Ref<> result = datetime_from_posix(cls, seconds, int(microseconds), tz, is_none(tz));
  if (!result || is_none(tz)) return result;
  return call_method1(tz, DATETIME_NAME("fromutc"), result);
}

Ref<> datetime_utcfromtimestamp(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value timestamp;
  if (!bind_positional("utcfromtimestamp", "utcfromtimestamp", 1, 1, args, nargs, kwnames,
                       &timestamp))
    return nullptr;
  time_t seconds;
  long microseconds;
  if (!timespec_from_object(timestamp, TimeRounding::HalfEven, &seconds, &microseconds, 1000000))
    return nullptr;
  return datetime_from_posix(cls, seconds, int(microseconds), None(), false);
}

Ref<> datetime_strptime(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value values[2];
  if (!bind_positional("strptime", "strptime", 2, 2, args, nargs, kwnames, values) ||
      !str_arg(values[0], "strptime", 1) || !str_arg(values[1], "strptime", 2)) {
    return nullptr;
  }
  Ref<> module = import_module_by_name("_strptime");
  if (!module) return nullptr;
  Value call_args[3] = {cls, values[0], values[1]};
  return call_method(module, DATETIME_NAME("_strptime_datetime"), call_args, 3);
}

Ref<> datetime_combine(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"combine", {"date", "time", "tzinfo"}, 2, 3};
  Value values[3];
  if (!bind_args(spec, args, nargs, kwnames, values)) return nullptr;
  if (!is_date(values[0])) {
    return type_error("combine() argument 1 must be datetime.date, not {}",
                      is_none(values[0]) ? std::string("None") : type_name(values[0]));
  }
  if (!is_time(values[1])) {
    return type_error("combine() argument 2 must be datetime.time, not {}",
                      is_none(values[1]) ? std::string("None") : type_name(values[1]));
  }
  DateObject* d = as_date(values[0]);
  TimeObject* t = as_time(values[1]);
  Value tzinfo = values[2] ? values[2] : or_none(t->tzinfo);
  return new_datetime_of_class(cls, d->year, d->month, d->day, t->hour, t->minute, t->second,
                               t->microsecond, tzinfo, t->fold);
}

Ref<> datetime_from_isoformat_text(Value cls, Value text, const char* p, int64_t length);

Ref<> datetime_fromisoformat(Value cls, const Value* args) {
  Value text = args[0];
  if (!is_str(text)) return type_error("fromisoformat: argument must be str");
  StrObject* s = as_str(text);
  if (s->length < 7) return invalid_isoformat(text);
  if (s->ascii)
    return datetime_from_isoformat_text(cls, text, reinterpret_cast<const char*>(s->data1()),
                                        s->length);
  // A surrogate is allowed only as the separator (positions 7, 8 or 10): it becomes 'T'.
  std::u32string chars(size_t(s->length), U' ');
  for (int64_t i = 0; i < s->length; ++i) chars[size_t(i)] = s->at(i);
  for (size_t position : {7, 8, 10}) {
    if (position >= chars.size()) break;
    if (chars[position] >= 0xd800 && chars[position] <= 0xdfff) {
      chars[position] = U'T';
      break;
    }
  }
  for (char32_t c : chars) {
    if (c >= 0xd800 && c <= 0xdfff) return invalid_isoformat(text);
  }
  Ref<StrObject> clean = str_from_code_points(chars.data(), int64_t(chars.size()));
  if (!clean) return nullptr;
  std::string buffer(str_utf8(clean.get()));
  return datetime_from_isoformat_text(cls, text, buffer.c_str(), int64_t(buffer.size()));
}

// The parse of fromisoformat's UTF-8 text `p` (NUL-terminated); `text` is the argument.
Ref<> datetime_from_isoformat_text(Value cls, Value text, const char* p, int64_t length) {
  int64_t separator = find_isoformat_separator(p, length);
  if (separator < 0) return invalid_isoformat(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, microsecond = 0;
  int tz_seconds = 0, tz_microseconds = 0;
  int result = parse_isoformat_date(p, size_t(separator), &year, &month, &day);
  if (result == 0 && length > separator) {
    // Skip the separator, which may be any (UTF-8 encoded) character.
    const char* q = p + separator;
    unsigned char lead = uint8_t(*q);
    q += (lead & 0x80) == 0 ? 1 : (lead & 0xf0) == 0xe0 ? 3 : (lead & 0xf0) == 0xf0 ? 4 : 2;
    size_t rest = size_t(length - (q - p));
    if (q > p + length) return invalid_isoformat(text);
    result = parse_isoformat_time(q, rest, &hour, &minute, &second, &microsecond, &tz_seconds,
                                  &tz_microseconds);
  }
  if (result < 0) return invalid_isoformat(text);
  Ref<> tzinfo = tzinfo_from_isoformat(result, tz_seconds, tz_microseconds);
  if (!tzinfo) return nullptr;
  return new_datetime_of_class(cls, year, month, day, hour, minute, second, microsecond, tzinfo, 0);
}

// --- Arithmetic, comparison, hash ---

Ref<> datetime_add(Value a, Value b) {
  if (is_datetime(a)) {
    if (is_delta(b)) return datetime_add_delta(a, as_delta(b), 1);
  } else if (is_delta(a)) {
    return datetime_add_delta(b, as_delta(a), 1);
  }
  return new_not_implemented();
}

Ref<> datetime_subtract_slot(Value a, Value b) {
  if (is_datetime(a)) {
    if (is_datetime(b)) return datetime_subtract(a, b);
    if (is_delta(b)) return datetime_add_delta(a, as_delta(b), -1);
  }
  return new_not_implemented();
}

int compare_fields(const DateTimeObject* a, const DateTimeObject* b) {
  __int128 x = dt_total_us(a), y = dt_total_us(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

// The utcoffset of dt with its fold flipped.
Ref<> flipped_fold_offset(Value dt) {
  DateTimeObject* d = dt_of(dt);
  Ref<> flipped = new_datetime_exact(d->year, d->month, d->day, d->hour, d->minute, d->second,
                                     d->microsecond, d->tzinfo, !d->fold);
  if (!flipped) return nullptr;
  return datetime_utcoffset_of(flipped);
}

bool offsets_differ(Value a, Value b) {
  if (a == b) return false;
  if (is_none(a) || is_none(b)) return true;
  return delta_compare(as_delta(a), as_delta(b)) != 0;
}

// PEP 495: an aware datetime in a fold or gap (whose offset depends on fold) is never equal
// to a datetime in another zone. 1: force unequal, 0: no exception, -1: error.
int pep495_unequal(Value a, Value b, Value offset_a, Value offset_b) {
  Ref<> flip = flipped_fold_offset(a);
  if (!flip) return -1;
  if (offsets_differ(flip, offset_a)) return 1;
  flip = flipped_fold_offset(b);
  if (!flip) return -1;
  return offsets_differ(flip, offset_b) ? 1 : 0;
}

Ref<> datetime_compare(Value a, Value b, CompareOp op) {
  if (!is_datetime(b)) {
    if (is_date(b)) {
      // A datetime is not a date for comparisons, though it is its subclass.
      if (op == CompareOp::Eq) return new_bool(false);
      if (op == CompareOp::Ne) return new_bool(true);
      return compare_error(a, b);
    }
    return new_not_implemented();
  }
  DateTimeObject *x = dt_of(a), *y = dt_of(b);
  if (x->tzinfo == y->tzinfo) return new_bool(compare_ordered(op, compare_fields(x, y), 0));
  Ref<> offset1 = datetime_utcoffset_of(a);
  if (!offset1) return nullptr;
  Ref<> offset2 = datetime_utcoffset_of(b);
  if (!offset2) return nullptr;
  bool equality = op == CompareOp::Eq || op == CompareOp::Ne;
  int diff;
  if (!offsets_differ(offset1, offset2)) {
    diff = compare_fields(x, y);
  } else if (!is_none(offset1) && !is_none(offset2)) {
    // Through a - b, which asks both zones again (as CPython does).
    Ref<> delta = datetime_subtract(a, b);
    if (!delta) return nullptr;
    __int128 us = delta_microseconds(as_delta(delta));
    diff = us < 0 ? -1 : us > 0 ? 1 : 0;
  } else {
    if (op == CompareOp::Eq) return new_bool(false);
    if (op == CompareOp::Ne) return new_bool(true);
    return type_error("can't compare offset-naive and offset-aware datetimes");
  }
  if (equality && diff == 0) {
    int unequal = pep495_unequal(a, b, offset1, offset2);
    if (unequal < 0) return nullptr;
    if (unequal) diff = 1;
  }
  return new_bool(compare_ordered(op, diff, 0));
}

int64_t datetime_hash(Value self) {
  DateTimeObject* d = dt_of(self);
  if (d->hash != -1) return d->hash;
  // The offset of the fold=0 variant: times in a fold hash alike.
  Ref<> offset;
  if (d->fold) {
    Ref<> self0 = new_datetime_exact(d->year, d->month, d->day, d->hour, d->minute, d->second,
                                     d->microsecond, d->tzinfo, 0);
    if (!self0) return -1;
    offset = datetime_utcoffset_of(self0);
  } else {
    offset = datetime_utcoffset_of(self);
  }
  if (!offset) return -1;
  int64_t h;
  if (is_none(offset)) {
    unsigned char data[10] = {uint8_t(d->year >> 8),
                              uint8_t(d->year & 0xff),
                              d->month,
                              d->day,
                              d->hour,
                              d->minute,
                              d->second,
                              uint8_t(d->microsecond >> 16),
                              uint8_t((d->microsecond >> 8) & 0xff),
                              uint8_t(d->microsecond & 0xff)};
    h = hash_bytes(data, 10);
    if (h == -1) h = -2;
  } else {
    __int128 us = dt_total_us(d) - delta_microseconds(as_delta(offset));
    Ref<> delta = delta_from_microseconds(us);
    if (!delta) return -1;
    h = hash(delta);
    if (h == -1) return -1;
  }
  d->hash = h;
  return h;
}

Ref<> datetime_hour(Value self) { return int_from_small(dt_of(self)->hour); }
Ref<> datetime_minute(Value self) { return int_from_small(dt_of(self)->minute); }
Ref<> datetime_second(Value self) { return int_from_small(dt_of(self)->second); }
Ref<> datetime_microsecond(Value self) { return int_from_small(dt_of(self)->microsecond); }
Ref<> datetime_tzinfo(Value self) { return new_ref(or_none(dt_of(self)->tzinfo)); }
Ref<> datetime_fold(Value self) { return int_from_small(dt_of(self)->fold); }

const MethodDef datetime_methods[] = {
    {.name = "now",
     .raw = datetime_now,
     .signature = "($type, /, tz=None)",
     .doc = "Returns new datetime object representing current time local to tz.\n\n  tz\n    "
            "Timezone object.\n\n"
            "If no tz is specified, uses local timezone.",
     .flags = kMethodClass},
    {.name = "utcnow",
     .impl = datetime_utcnow,
     .signature = "($type, /)",
     .doc = "Return a new datetime representing UTC day and time.",
     .flags = kMethodClass | kMethodNoTextSignature},
    {.name = "fromtimestamp",
     .raw = datetime_fromtimestamp,
     .doc = "timestamp[, tz] -> tz's local time from POSIX timestamp.",
     .flags = kMethodClass},
    {.name = "utcfromtimestamp",
     .raw = datetime_utcfromtimestamp,
     .doc = "Construct a naive UTC datetime from a POSIX timestamp.",
     .flags = kMethodClass},
    {.name = "strptime",
     .raw = datetime_strptime,
     .doc = "string, format -> new datetime parsed from a string (like time.strptime()).",
     .flags = kMethodClass},
    {.name = "combine",
     .raw = datetime_combine,
     .doc = "date, time -> datetime with same date and time fields",
     .flags = kMethodClass},
    {.name = "fromisoformat",
     .impl = datetime_fromisoformat,
     .signature = "($type, date_string, /)",
     .doc = "string -> datetime from a string in most ISO 8601 formats",
     .flags = kMethodClass | kMethodNoTextSignature},
    {.name = "date",
     .impl = datetime_date,
     .signature = "($self, /)",
     .doc = "Return date object with same year, month and day.",
     .flags = kMethodNoTextSignature},
    {.name = "time",
     .impl = datetime_time,
     .signature = "($self, /)",
     .doc = "Return time object with same time but with tzinfo=None.",
     .flags = kMethodNoTextSignature},
    {.name = "timetz",
     .impl = datetime_timetz,
     .signature = "($self, /)",
     .doc = "Return time object with same time and tzinfo.",
     .flags = kMethodNoTextSignature},
    {.name = "timetuple",
     .impl = datetime_timetuple,
     .signature = "($self, /)",
     .doc = "Return time tuple, compatible with time.localtime().",
     .flags = kMethodNoTextSignature},
    {.name = "timestamp",
     .impl = datetime_timestamp,
     .signature = "($self, /)",
     .doc = "Return POSIX timestamp as float.",
     .flags = kMethodNoTextSignature},
    {.name = "utctimetuple",
     .impl = datetime_utctimetuple,
     .signature = "($self, /)",
     .doc = "Return UTC time tuple, compatible with time.localtime().",
     .flags = kMethodNoTextSignature},
    {.name = "isoformat",
     .raw = datetime_isoformat,
     .doc = "[sep] -> string in ISO 8601 format, YYYY-MM-DDT[HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM].\n"
            "sep is used to separate the year from the time, and defaults to 'T'.\n"
            "The optional argument timespec specifies the number of additional terms\n"
            "of the time to include. Valid options are 'auto', 'hours', 'minutes',\n"
            "'seconds', 'milliseconds' and 'microseconds'.\n"},
    {.name = "ctime",
     .impl = date_ctime,
     .signature = "($self, /)",
     .doc = "Return ctime() style string.",
     .flags = kMethodNoTextSignature},
    {.name = "utcoffset",
     .impl = datetime_utcoffset,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.utcoffset(self).",
     .flags = kMethodNoTextSignature},
    {.name = "tzname",
     .impl = datetime_tzname,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.tzname(self).",
     .flags = kMethodNoTextSignature},
    {.name = "dst",
     .impl = datetime_dst,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.dst(self).",
     .flags = kMethodNoTextSignature},
    {.name = "replace",
     .raw = datetime_replace,
     .doc = "Return datetime with new specified fields."},
    {.name = "astimezone",
     .raw = datetime_astimezone,
     .doc = "tz -> convert to local time in new timezone tz\n"},
    {.name = "__reduce_ex__",
     .raw = datetime_reduce_ex,
     .doc = "__reduce_ex__(proto) -> (cls, state)"},
    {.name = "__reduce__",
     .impl = datetime_reduce,
     .signature = "($self, /)",
     .doc = "__reduce__() -> (cls, state)",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef datetime_getsets[] = {
    {"hour", datetime_hour, nullptr, nullptr},
    {"minute", datetime_minute, nullptr, nullptr},
    {"second", datetime_second, nullptr, nullptr},
    {"microsecond", datetime_microsecond, nullptr, nullptr},
    {"tzinfo", datetime_tzinfo, nullptr, nullptr},
    {"fold", datetime_fold, nullptr, nullptr},
    {},
};

}  // namespace

Ref<> new_datetime_of_type(TypeObject* type, int year, int month, int day, int hour, int minute,
                           int second, int microsecond, Value tzinfo, int fold) {
  auto* d = allocate<DateTimeObject>(type);
  if (!d) return nullptr;
  d->hash = -1;
  d->year = year;
  d->month = uint8_t(month);
  d->day = uint8_t(day);
  d->hour = uint8_t(hour);
  d->minute = uint8_t(minute);
  d->second = uint8_t(second);
  d->microsecond = microsecond;
  d->fold = uint8_t(fold);
  if (tzinfo && !is_none(tzinfo)) {
    incref(tzinfo);
    d->tzinfo = tzinfo;
  }
  if (type->has_flag(kTypeHaveGC)) gc_track(d);
  return Ref<>::steal(Value(d));
}

Ref<> new_datetime_exact(int year, int month, int day, int hour, int minute, int second,
                         int microsecond, Value tzinfo, int fold) {
  if (!check_date_fields(year, month, day) ||
      !check_time_fields(hour, minute, second, microsecond, fold) ||
      (tzinfo && !check_tzinfo_arg(tzinfo))) {
    return nullptr;
  }
  return new_datetime_of_type(&datetime_type, year, month, day, hour, minute, second, microsecond,
                              tzinfo, fold);
}

Ref<> new_datetime_of_class(Value cls, int year, int month, int day, int hour, int minute,
                            int second, int microsecond, Value tzinfo, int fold) {
  if (cls == Value(&datetime_type)) {
    return new_datetime_exact(year, month, day, hour, minute, second, microsecond, tzinfo, fold);
  }
  // CPython 3.11 calls a subclass without the fold (it is lost).
  Value args[8] = {Value::small_int(year),        Value::small_int(month),
                   Value::small_int(day),         Value::small_int(hour),
                   Value::small_int(minute),      Value::small_int(second),
                   Value::small_int(microsecond), or_none(tzinfo)};
  return call(cls, args, 8);
}

Ref<> datetime_add_delta(Value dt, const DeltaObject* delta, int sign) {
  DateTimeObject* d = dt_of(dt);
  int year = d->year, month = d->month, day = d->day + delta->days * sign;
  int hour = d->hour, minute = d->minute, second = d->second + delta->seconds * sign;
  int microsecond = d->microsecond + delta->microseconds * sign;
  if (!normalize_datetime(&year, &month, &day, &hour, &minute, &second, &microsecond))
    return nullptr;
  return new_datetime_of_class(Value(type_of(dt)), year, month, day, hour, minute, second,
                               microsecond, d->tzinfo, 0);
}

Ref<> datetime_subtract(Value a, Value b) {
  DateTimeObject *x = dt_of(a), *y = dt_of(b);
  Ref<> offset1, offset2;
  if (x->tzinfo != y->tzinfo) {
    offset1 = datetime_utcoffset_of(a);
    if (!offset1) return nullptr;
    offset2 = datetime_utcoffset_of(b);
    if (!offset2) return nullptr;
    if (is_none(offset1) != is_none(offset2)) {
      return type_error("can't subtract offset-naive and offset-aware datetimes");
    }
  }
  __int128 us = dt_total_us(x) - dt_total_us(y);
  if (offset1 && !is_none(offset1) && offsets_differ(offset1, offset2)) {
    us -= delta_microseconds(as_delta(offset1)) - delta_microseconds(as_delta(offset2));
  }
  return delta_from_microseconds(us);
}

Ref<> datetime_utcoffset_of(Value dt) { return call_utcoffset(or_none(dt_of(dt)->tzinfo), dt); }
Ref<> datetime_dst_of(Value dt) { return call_dst(or_none(dt_of(dt)->tzinfo), dt); }

Ref<> datetime_from_posix(Value cls, int64_t seconds, int microseconds, Value tzinfo, bool local) {
  time_t t = time_t(seconds);
  struct tm tm;
  errno = 0;
  if (!(local ? localtime_r(&t, &tm) : gmtime_r(&t, &tm)))
    return raise_os_error(errno ? errno : EINVAL);
  int year = tm.tm_year + 1900, month = tm.tm_mon + 1, day = tm.tm_mday;
  int hour = tm.tm_hour, minute = tm.tm_min;
  int second = std::min(59, tm.tm_sec);  // leap seconds are not representable
  int fold = 0;
  if (local && is_none(tzinfo)) {
    // A fold: the same local time also occurred up to a day earlier with another offset.
    constexpr int64_t kMaxFold = 24 * 3600;
    int64_t result_seconds, probe;
    if (!utc_to_seconds(year, month, day, hour, minute, second, &result_seconds)) return nullptr;
    if (!local_seconds(seconds - kMaxFold, &probe)) return nullptr;
    int64_t transition = result_seconds - probe - kMaxFold;
    if (transition < 0) {
      if (!local_seconds(seconds + transition, &probe)) return nullptr;
      if (probe == result_seconds) fold = 1;
    }
  }
  return new_datetime_of_class(cls, year, month, day, hour, minute, second, microseconds, tzinfo,
                               fold);
}

TypeObject datetime_type{TypeSpec{
    .name = "datetime.datetime",
    .doc = "datetime(year, month, day[, hour[, minute[, second[, microsecond[,tzinfo]]]]])\n\n"
           "The year, month and day arguments are required. tzinfo may be None, or an\n"
           "instance of a tzinfo subclass. The remaining arguments may be ints.\n",
    .basic_size = sizeof(DateTimeObject),
    .flags = kTypeBaseType,
    .base = &date_type,
    .slots = {.dealloc = datetime_dealloc,
              .new_instance = datetime_new,
              .repr = datetime_repr,
              .str = datetime_str,
              .hash = datetime_hash,
              .compare = datetime_compare,
              .getattr = generic_get_attr,
              .add = datetime_add,
              .subtract = datetime_subtract_slot},
    .methods = datetime_methods,
    .getsets = datetime_getsets,
}};

}  // namespace krait::datetime
