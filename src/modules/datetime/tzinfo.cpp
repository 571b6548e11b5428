// datetime.tzinfo (the abstract base of time zones) and datetime.timezone (a fixed offset
// with an optional name; timezone.utc is a singleton), plus the checked calls of a tzinfo's
// utcoffset/dst/tzname that time and datetime make, and the local time zone of a POSIX time.
#include <time.h>

#include <cerrno>
#include <cstdio>

#include "core/alloc.h"
#include "modules/datetime/datetime_internal.h"
#include "objects/dict.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait::datetime {

Value utc_timezone;

namespace {

// A timedelta strictly within one day either way.
bool offset_in_range(const DeltaObject* d) {
  return !(d->days < -1 || d->days >= 1 ||
           (d->days == -1 && d->seconds == 0 && d->microseconds == 0));
}

Raised offset_range_error(Value offset) {
  return value_error(
      "offset must be a timedelta strictly between -timedelta(hours=24) and "
      "timedelta(hours=24), not {}.",
      repr_for_message(offset));
}

Ref<> checked_offset_call(Value tzinfo, Value arg, StrObject* name, const char* method) {
  if (is_none(tzinfo)) return new_none();
  Ref<> offset = call_method1(tzinfo, name, arg);
  if (!offset || is_none(offset)) return offset;
  if (!is_delta(offset)) {
    return type_error("tzinfo.{}() must return None or timedelta, not '{}'", method,
                      type_name(offset));
  }
  if (!offset_in_range(as_delta(offset))) {
    return value_error(
        "offset must be a timedelta strictly between -timedelta(hours=24) and "
        "timedelta(hours=24).");
  }
  return offset;
}

// --- tzinfo ---

Ref<> tzinfo_new(TypeObject* type, const Value*, size_t, TupleObject*) {
  Object* o = allocate_object(type, size_t(type->basic_size));
  if (!o) return nullptr;
  if (type->has_flag(kTypeHaveGC)) gc_track(o);
  return Ref<>::steal(Value(o));
}

Ref<> tzinfo_tzname(Value, const Value*) {
  return raise(exc::NotImplementedError, "a tzinfo subclass must implement tzname()");
}
Ref<> tzinfo_utcoffset(Value, const Value*) {
  return raise(exc::NotImplementedError, "a tzinfo subclass must implement utcoffset()");
}
Ref<> tzinfo_dst(Value, const Value*) {
  return raise(exc::NotImplementedError, "a tzinfo subclass must implement dst()");
}

// The default fromutc: dt is UTC in dt.tzinfo's terms; shift by the standard offset, then
// by the DST in effect at the result (the classic algorithm of Lib/datetime.py).
Ref<> tzinfo_fromutc(Value self, const Value* args) {
  Value dt = args[0];
  if (!is_datetime(dt)) return type_error("fromutc: argument must be a datetime");
  if (or_none(as_datetime(dt)->tzinfo) != self)
    return value_error("fromutc: dt.tzinfo is not self");
  Ref<> offset = datetime_utcoffset_of(dt);
  if (!offset) return nullptr;
  if (is_none(offset)) return value_error("fromutc: non-None utcoffset() result required");
  Ref<> dst = datetime_dst_of(dt);
  if (!dst) return nullptr;
  if (is_none(dst)) return value_error("fromutc: non-None dst() result required");
  Ref<> delta = delta_from_microseconds(delta_microseconds(as_delta(offset)) -
                                        delta_microseconds(as_delta(dst)));
  if (!delta) return nullptr;
  Ref<> result = datetime_add_delta(dt, as_delta(delta), 1);
  if (!result) return nullptr;
  dst = datetime_dst_of(result);
  if (!dst) return nullptr;
  if (is_none(dst))
    return value_error("fromutc: tz.dst() gave inconsistent results; cannot convert");
  if (delta_is_zero(as_delta(dst))) return result;
  return datetime_add_delta(result, as_delta(dst), 1);
}

Ref<> tzinfo_reduce(Value self, const Value*) {
  Ref<> getinitargs;
  if (get_attr_optional(self, DATETIME_NAME("__getinitargs__"), &getinitargs) < 0) return nullptr;
  Ref<> args = getinitargs ? call0(getinitargs) : Ref<>(tuple_empty());
  if (!args) return nullptr;
  Ref<> state = call_method0(self, DATETIME_NAME("__getstate__"));
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), args.value(), state.value()});
}

const MethodDef tzinfo_methods[] = {
    {.name = "tzname",
     .impl = tzinfo_tzname,
     .signature = "($self, dt, /)",
     .doc = "datetime -> string name of time zone.",
     .flags = kMethodNoTextSignature},
    {.name = "utcoffset",
     .impl = tzinfo_utcoffset,
     .signature = "($self, dt, /)",
     .doc = "datetime -> timedelta showing offset from UTC, negative values indicating West of UTC",
     .flags = kMethodNoTextSignature},
    {.name = "dst",
     .impl = tzinfo_dst,
     .signature = "($self, dt, /)",
     .doc = "datetime -> DST offset as timedelta positive east of UTC.",
     .flags = kMethodNoTextSignature},
    {.name = "fromutc",
     .impl = tzinfo_fromutc,
     .signature = "($self, dt, /)",
     .doc = "datetime in UTC -> datetime in local time.",
     .flags = kMethodNoTextSignature},
    {.name = "__reduce__",
     .impl = tzinfo_reduce,
     .signature = "($self, /)",
     .doc = "-> (cls, state)",
     .flags = kMethodNoTextSignature},
    {},
};

// --- timezone ---

TimezoneObject* allocate_timezone(Value offset, Value name) {
  auto* tz = allocate<TimezoneObject>(&timezone_type);
  if (!tz) return nullptr;
  incref(offset);
  tz->offset = offset;
  if (name) incref(name);
  tz->name = name;
  return tz;
}

Ref<> timezone_new(TypeObject*, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"timezone", {"offset", "name"}, 1, 2};
  Value values[2];
  if (!bind_args(spec, args, nargs, kwnames, values)) return nullptr;
  if (!is_delta(values[0])) {
    return type_error("timezone() argument 1 must be datetime.timedelta, not {}",
                      is_none(values[0]) ? std::string("None") : type_name(values[0]));
  }
  if (values[1] && !str_arg(values[1], "timezone", 2)) return nullptr;
  return new_timezone(values[0], values[1]);
}

void timezone_dealloc(Object* o) {
  auto* tz = static_cast<TimezoneObject*>(o);
  decref(tz->offset);
  decref(tz->name);
  free_object(o);
}

bool check_timezone_arg(Value dt, const char* method) {
  if (is_none(dt) || is_datetime(dt)) return true;
  return type_error("{}(dt) argument must be a datetime instance or None, not {}", method,
                    type_name(dt));
}

Ref<> timezone_name_text(Value self) {
  TimezoneObject* tz = as_timezone(self);
  if (tz->name) return new_ref(tz->name);
  DeltaObject* offset = as_delta(tz->offset);
  if (self == utc_timezone || delta_is_zero(offset)) return str_from_ascii("UTC");
  std::string text = "UTC";
  append_offset(&text, delta_microseconds(offset), ":");
  return str_from_ascii(text);
}

Ref<> timezone_tzname(Value self, const Value* args) {
  if (!check_timezone_arg(args[0], "tzname")) return nullptr;
  return timezone_name_text(self);
}

Ref<> timezone_utcoffset(Value self, const Value* args) {
  if (!check_timezone_arg(args[0], "utcoffset")) return nullptr;
  return new_ref(as_timezone(self)->offset);
}

Ref<> timezone_dst(Value, const Value* args) {
  if (!check_timezone_arg(args[0], "dst")) return nullptr;
  return new_none();
}

Ref<> timezone_fromutc(Value self, const Value* args) {
  Value dt = args[0];
  if (!is_datetime(dt)) return type_error("fromutc: argument must be a datetime");
  if (as_datetime(dt)->tzinfo != self) return value_error("fromutc: dt.tzinfo is not self");
  return datetime_add_delta(dt, as_delta(as_timezone(self)->offset), 1);
}

Ref<> timezone_getinitargs(Value self, const Value*) {
  TimezoneObject* tz = as_timezone(self);
  if (tz->name) return tuple_of({tz->offset, tz->name});
  return tuple_of({tz->offset});
}

Ref<> timezone_repr(Value self) {
  TimezoneObject* tz = as_timezone(self);
  if (self == utc_timezone) return str_from_ascii("datetime.timezone.utc");
  Ref<StrObject> offset = repr(tz->offset);
  if (!offset) return nullptr;
  std::string out = type_name(self) + "(" + std::string(str_utf8(offset.get()));
  if (tz->name) {
    Ref<StrObject> name = repr(tz->name);
    if (!name) return nullptr;
    out += ", " + std::string(str_utf8(name.get()));
  }
  return str_from_utf8(out + ")");
}

Ref<> timezone_str(Value self) { return timezone_name_text(self); }

Ref<> timezone_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_timezone(b)) return new_not_implemented();
  int cmp = delta_compare(as_delta(as_timezone(a)->offset), as_delta(as_timezone(b)->offset));
  return new_bool((cmp == 0) == (op == CompareOp::Eq));
}

int64_t timezone_hash(Value self) { return delta_hash_value(as_timezone(self)->offset); }

const MethodDef timezone_methods[] = {
    {.name = "tzname",
     .impl = timezone_tzname,
     .signature = "($self, dt, /)",
     .doc = "If name is specified when timezone is created, returns the name.  Otherwise returns "
            "offset as 'UTC(+|-)HH:MM'.",
     .flags = kMethodNoTextSignature},
    {.name = "utcoffset",
     .impl = timezone_utcoffset,
     .signature = "($self, dt, /)",
     .doc = "Return fixed offset.",
     .flags = kMethodNoTextSignature},
    {.name = "dst",
     .impl = timezone_dst,
     .signature = "($self, dt, /)",
     .doc = "Return None.",
     .flags = kMethodNoTextSignature},
    {.name = "fromutc",
     .impl = timezone_fromutc,
     .signature = "($self, dt, /)",
     .doc = "datetime in UTC -> datetime in local time.",
     .flags = kMethodNoTextSignature},
    {.name = "__getinitargs__",
     .impl = timezone_getinitargs,
     .signature = "($self, /)",
     .doc = "pickle support",
     .flags = kMethodNoTextSignature},
    {},
};

}  // namespace

Ref<> new_timezone(Value offset, Value name) {
  DeltaObject* d = as_delta(offset);
  if (!name && delta_is_zero(d) && utc_timezone) return new_ref(utc_timezone);
  if (!offset_in_range(d)) return offset_range_error(offset);
  TimezoneObject* tz = allocate_timezone(offset, name);
  if (!tz) return nullptr;
  return Ref<>::steal(Value(tz));
}

Ref<> call_utcoffset(Value tzinfo, Value arg) {
  return checked_offset_call(tzinfo, arg, DATETIME_NAME("utcoffset"), "utcoffset");
}
Ref<> call_dst(Value tzinfo, Value arg) {
  return checked_offset_call(tzinfo, arg, DATETIME_NAME("dst"), "dst");
}

Ref<> call_tzname(Value tzinfo, Value arg) {
  if (is_none(tzinfo)) return new_none();
  Ref<> name = call_method1(tzinfo, DATETIME_NAME("tzname"), arg);
  if (!name || is_none(name) || is_str(name)) return name;
  return type_error("tzinfo.tzname() must return None or a string, not '{}'", type_name(name));
}

void append_offset(std::string* out, __int128 us, const char* sep) {
  char sign = '+';
  if (us < 0) {
    sign = '-';
    us = -us;
  }
  int64_t total = int64_t(us);
  int microseconds = int(total % kUsPerSecond);
  int64_t seconds = total / kUsPerSecond;
  int hours = int(seconds / 3600), minutes = int(seconds / 60 % 60), secs = int(seconds % 60);
  char buffer[64];
  if (microseconds) {
    snprintf(buffer, sizeof buffer, "%c%02d%s%02d%s%02d.%06d", sign, hours, sep, minutes, sep, secs,
             microseconds);
  } else if (secs) {
    snprintf(buffer, sizeof buffer, "%c%02d%s%02d%s%02d", sign, hours, sep, minutes, sep, secs);
  } else {
    snprintf(buffer, sizeof buffer, "%c%02d%s%02d", sign, hours, sep, minutes);
  }
  out->append(buffer);
}

bool format_utcoffset(std::string* out, const char* sep, Value tzinfo, Value arg) {
  Ref<> offset = call_utcoffset(tzinfo, arg);
  if (!offset) return false;
  if (!is_none(offset)) append_offset(out, delta_microseconds(as_delta(offset)), sep);
  return true;
}

Ref<> local_timezone_from_posix(int64_t seconds) {
  time_t t = time_t(seconds);
  struct tm tm;
  errno = 0;
  if (!localtime_r(&t, &tm)) return raise_os_error(errno ? errno : EINVAL);
  Ref<> offset = new_delta(0, tm.tm_gmtoff, 0);
  if (!offset) return nullptr;
  Ref<> name = tm.tm_zone ? Ref<>(str_from_utf8(tm.tm_zone)) : new_none();
  if (!name) return nullptr;
  return new_timezone(offset, is_none(name) ? Value() : Value(name));
}

TypeObject tzinfo_type{TypeSpec{
    .name = "datetime.tzinfo",
    .doc = "Abstract base class for time zone info objects.",
    .basic_size = sizeof(Object),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dealloc_plain, .new_instance = tzinfo_new, .getattr = generic_get_attr},
    .methods = tzinfo_methods,
}};

TypeObject timezone_type{TypeSpec{
    .name = "datetime.timezone",
    .doc = "Fixed offset from UTC implementation of tzinfo.",
    .basic_size = sizeof(TimezoneObject),
    .flags = 0,
    .base = &tzinfo_type,
    .slots = {.dealloc = timezone_dealloc,
              .new_instance = timezone_new,
              .repr = timezone_repr,
              .str = timezone_str,
              .hash = timezone_hash,
              .compare = timezone_compare},
    .methods = timezone_methods,
}};

}  // namespace krait::datetime
