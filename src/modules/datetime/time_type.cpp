// datetime.time: a time of day with an optional tzinfo and PEP 495's fold. Its tzinfo
// methods are called with None (a time has no date to resolve an offset for).
#include <cstdio>

#include "core/alloc.h"
#include "core/hash.h"
#include "modules/datetime/datetime_internal.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait::datetime {

namespace {

Ref<> time_repr(Value self) {
  TimeObject* t = as_time(self);
  std::string out =
      type_name(self) + "(" + std::to_string(t->hour) + ", " + std::to_string(t->minute);
  if (t->second || t->microsecond) out += ", " + std::to_string(t->second);
  if (t->microsecond) out += ", " + std::to_string(t->microsecond);
  if (t->tzinfo) {
    Ref<StrObject> tz = repr(t->tzinfo);
    if (!tz) return nullptr;
    out += ", tzinfo=" + std::string(str_utf8(tz.get()));
  }
  if (t->fold) out += ", fold=1";
  return str_from_utf8(out + ")");
}

Ref<> time_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if ((nargs == 1 || nargs == 2) && (is_bytes(args[0]) || is_str(args[0]))) {
    std::string state;
    int result = pickle_state(args[0], 6, 0, true, 0, 23, "time", &state);
    if (result < 0) return nullptr;
    if (result > 0) {
      Value tzinfo = nargs == 2 ? args[1] : None();
      if (!is_none(tzinfo) && !is_tzinfo(tzinfo)) return type_error("bad tzinfo state arg");
      auto byte = [&](int i) { return int(uint8_t(state[i])); };
      return new_time_of_type(type, byte(0) & 0x7f, byte(1), byte(2),
                              byte(3) << 16 | byte(4) << 8 | byte(5), tzinfo, byte(0) >> 7);
    }
  }
  static const ArgSpec spec{
      nullptr, {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 0, 5};
  Value values[6];
  int fields[4] = {0, 0, 0, 0};
  int fold = 0;
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 4)) return nullptr;
  if (values[5] && !int_arg(values[5], &fold)) return nullptr;
  Value tzinfo = values[4] ? values[4] : None();
  if (!check_time_fields(fields[0], fields[1], fields[2], fields[3], fold) ||
      !check_tzinfo_arg(tzinfo)) {
    return nullptr;
  }
  return new_time_of_type(type, fields[0], fields[1], fields[2], fields[3], tzinfo, fold);
}

void time_dealloc(Object* o) {
  decref(static_cast<TimeObject*>(o)->tzinfo);
  free_object(o);
}

Ref<> time_utcoffset(Value self, const Value* = nullptr) {
  return call_utcoffset(or_none(as_time(self)->tzinfo), None());
}
Ref<> time_dst(Value self, const Value*) {
  return call_dst(or_none(as_time(self)->tzinfo), None());
}
Ref<> time_tzname(Value self, const Value*) {
  return call_tzname(or_none(as_time(self)->tzinfo), None());
}

Ref<> time_isoformat(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"isoformat", {"timespec"}, 0, 1};
  Value timespec;
  if (!bind_args(spec, args, nargs, kwnames, &timespec)) return nullptr;
  if (timespec && !c_string_arg(timespec, "isoformat", 1)) return nullptr;
  TimeObject* t = as_time(self);
  bool ok;
  std::string out = format_time_fields(t->hour, t->minute, t->second, t->microsecond,
                                       timespec ? str_utf8(timespec) : "auto", &ok);
  if (!ok) return nullptr;
  if (t->tzinfo && !format_utcoffset(&out, ":", t->tzinfo, None())) return nullptr;
  return str_from_ascii(out);
}

Ref<> time_str(Value self) { return call_method0(self, DATETIME_NAME("isoformat")); }

Ref<> time_strftime(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{"strftime", {"format"}, 1, 1};
  Value format;
  if (!bind_args(spec, args, nargs, kwnames, &format) || !str_arg(format, "strftime", 1))
    return nullptr;
  TimeObject* t = as_time(self);
  // The date part is 1900-01-01 (a year strftime accepts on every platform).
  Ref<TupleObject> timetuple =
      tuple_of({Value::small_int(1900), Value::small_int(1), Value::small_int(1),
                Value::small_int(t->hour), Value::small_int(t->minute), Value::small_int(t->second),
                Value::small_int(0), Value::small_int(1), Value::small_int(-1)});
  if (!timetuple) return nullptr;
  return wrap_strftime(self, format, timetuple, None());
}

Ref<> time_format(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value format;
  if (!bind_positional("__format__", "time.__format__", 1, 1, args, nargs, kwnames, &format))
    return nullptr;
  return date_format_method(self, format);
}

Ref<> time_replace(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{
      "replace", {"hour", "minute", "second", "microsecond", "tzinfo", "fold"}, 0, 5};
  TimeObject* t = as_time(self);
  Value values[6];
  int fields[4] = {t->hour, t->minute, t->second, t->microsecond};
  int fold = t->fold;
  if (!bind_args(spec, args, nargs, kwnames, values, fields, 4)) return nullptr;
  if (values[5] && !int_arg(values[5], &fold)) return nullptr;
  Value tzinfo = values[4] ? values[4] : or_none(t->tzinfo);
  if (!check_time_fields(fields[0], fields[1], fields[2], fields[3], fold) ||
      !check_tzinfo_arg(tzinfo)) {
    return nullptr;
  }
  return new_time_of_type(type_of(self), fields[0], fields[1], fields[2], fields[3], tzinfo, fold);
}

Ref<> time_fromisoformat(Value cls, const Value* args) {
  Value text = args[0];
  if (!is_str(text)) return type_error("fromisoformat: argument must be str");
  StrObject* s = as_str(text);
  for (int64_t i = 0; i < s->length; ++i) {
    if (s->at(i) >= 0xd800 && s->at(i) <= 0xdfff) return invalid_isoformat(text);
  }
  std::string buffer(str_utf8(text));
  const char* p = buffer.c_str();
  size_t length = buffer.size();
  // ISO 8601 time-only strings may start with a T.
  if (*p == 'T') {
    ++p;
    --length;
  }
  int hour = 0, minute = 0, second = 0, microsecond = 0, tz_seconds = 0, tz_microseconds = 0;
  int result = parse_isoformat_time(p, length, &hour, &minute, &second, &microsecond, &tz_seconds,
                                    &tz_microseconds);
  if (result < 0) return invalid_isoformat(text);
  Ref<> tzinfo = tzinfo_from_isoformat(result, tz_seconds, tz_microseconds);
  if (!tzinfo) return nullptr;
  if (cls == Value(&time_type)) {
    if (!check_time_fields(hour, minute, second, microsecond, 0)) return nullptr;
    return new_time_of_type(&time_type, hour, minute, second, microsecond, tzinfo, 0);
  }
  Value call_args[5] = {Value::small_int(hour), Value::small_int(minute), Value::small_int(second),
                        Value::small_int(microsecond), tzinfo};
  return call(cls, call_args, 5);
}

Ref<> time_state(Value self, int protocol) {
  TimeObject* t = as_time(self);
  char data[6] = {char(t->hour | (protocol > 3 && t->fold ? 0x80 : 0)),
                  char(t->minute),
                  char(t->second),
                  char(t->microsecond >> 16),
                  char((t->microsecond >> 8) & 0xff),
                  char(t->microsecond & 0xff)};
  Ref<> state = bytes_from(std::string_view(data, 6));
  if (!state) return nullptr;
  Ref<TupleObject> args =
      t->tzinfo ? tuple_of({state.value(), t->tzinfo}) : tuple_of({state.value()});
  if (!args) return nullptr;
  return tuple_of({Value(type_of(self)), args.value()});
}

Ref<> time_reduce_ex(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value protocol_arg;
  int protocol;
  if (!bind_positional("__reduce_ex__", "time.__reduce_ex__", 1, 1, args, nargs, kwnames,
                       &protocol_arg) ||
      !int_arg(protocol_arg, &protocol)) {
    return nullptr;
  }
  return time_state(self, protocol);
}

Ref<> time_reduce(Value self, const Value*) { return time_state(self, 2); }

int compare_time_fields(const TimeObject* a, const TimeObject* b) {
  int64_t x =
      ((int64_t(a->hour) * 60 + a->minute) * 60 + a->second) * kUsPerSecond + a->microsecond;
  int64_t y =
      ((int64_t(b->hour) * 60 + b->minute) * 60 + b->second) * kUsPerSecond + b->microsecond;
  return x < y ? -1 : x > y ? 1 : 0;
}

Ref<> time_compare(Value a, Value b, CompareOp op) {
  if (!is_time(b)) return new_not_implemented();
  TimeObject *x = as_time(a), *y = as_time(b);
  if (x->tzinfo == y->tzinfo) return new_bool(compare_ordered(op, compare_time_fields(x, y), 0));
  Ref<> offset1 = time_utcoffset(a);
  if (!offset1) return nullptr;
  Ref<> offset2 = time_utcoffset(b);
  if (!offset2) return nullptr;
  bool naive1 = is_none(offset1), naive2 = is_none(offset2);
  if (naive1 && naive2) return new_bool(compare_ordered(op, compare_time_fields(x, y), 0));
  if (naive1 != naive2) {
    if (op == CompareOp::Eq) return new_bool(false);
    if (op == CompareOp::Ne) return new_bool(true);
    return type_error("can't compare offset-naive and offset-aware times");
  }
  auto utc_us = [](const TimeObject* t, const DeltaObject* offset) {
    return __int128(((int64_t(t->hour) * 60 + t->minute) * 60 + t->second) * kUsPerSecond +
                    t->microsecond) -
           delta_microseconds(offset);
  };
  __int128 u = utc_us(x, as_delta(offset1)), v = utc_us(y, as_delta(offset2));
  return new_bool(compare_ordered(op, u < v ? -1 : u > v ? 1 : 0, 0));
}

int64_t time_hash(Value self) {
  TimeObject* t = as_time(self);
  if (t->hash != -1) return t->hash;
  Ref<> offset = time_utcoffset(self);
  if (!offset) return -1;
  int64_t h;
  if (is_none(offset)) {
    unsigned char data[6] = {t->hour,
                             t->minute,
                             t->second,
                             uint8_t(t->microsecond >> 16),
                             uint8_t((t->microsecond >> 8) & 0xff),
                             uint8_t(t->microsecond & 0xff)};
    h = hash_bytes(data, 6);
    if (h == -1) h = -2;
  } else {
    __int128 us = __int128((int64_t(t->hour) * 3600 + t->minute * 60 + t->second) * kUsPerSecond +
                           t->microsecond) -
                  delta_microseconds(as_delta(offset));
    Ref<> delta = delta_from_microseconds(us);
    if (!delta) return -1;
    h = hash(delta);
    if (h == -1) return -1;
  }
  t->hash = h;
  return h;
}

Ref<> time_hour(Value self) { return int_from_small(as_time(self)->hour); }
Ref<> time_minute(Value self) { return int_from_small(as_time(self)->minute); }
Ref<> time_second(Value self) { return int_from_small(as_time(self)->second); }
Ref<> time_microsecond(Value self) { return int_from_small(as_time(self)->microsecond); }
Ref<> time_tzinfo(Value self) { return new_ref(or_none(as_time(self)->tzinfo)); }
Ref<> time_fold(Value self) { return int_from_small(as_time(self)->fold); }

const MethodDef time_methods[] = {
    {.name = "isoformat",
     .raw = time_isoformat,
     .doc = "Return string in ISO 8601 format, [HH[:MM[:SS[.mmm[uuu]]]]][+HH:MM].\n\n"
            "The optional argument timespec specifies the number of additional terms\n"
            "of the time to include. Valid options are 'auto', 'hours', 'minutes',\n"
            "'seconds', 'milliseconds' and 'microseconds'.\n"},
    {.name = "strftime", .raw = time_strftime, .doc = "format -> strftime() style string."},
    {.name = "__format__", .raw = time_format, .doc = "Formats self with strftime."},
    {.name = "utcoffset",
     .impl = time_utcoffset,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.utcoffset(self).",
     .flags = kMethodNoTextSignature},
    {.name = "tzname",
     .impl = time_tzname,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.tzname(self).",
     .flags = kMethodNoTextSignature},
    {.name = "dst",
     .impl = time_dst,
     .signature = "($self, /)",
     .doc = "Return self.tzinfo.dst(self).",
     .flags = kMethodNoTextSignature},
    {.name = "replace", .raw = time_replace, .doc = "Return time with new specified fields."},
    {.name = "fromisoformat",
     .impl = time_fromisoformat,
     .signature = "($type, time_string, /)",
     .doc = "string -> time from a string in ISO 8601 format",
     .flags = kMethodClass | kMethodNoTextSignature},
    {.name = "__reduce_ex__", .raw = time_reduce_ex, .doc = "__reduce_ex__(proto) -> (cls, state)"},
    {.name = "__reduce__",
     .impl = time_reduce,
     .signature = "($self, /)",
     .doc = "__reduce__() -> (cls, state)",
     .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef time_getsets[] = {
    {"hour", time_hour, nullptr, nullptr},
    {"minute", time_minute, nullptr, nullptr},
    {"second", time_second, nullptr, nullptr},
    {"microsecond", time_microsecond, nullptr, nullptr},
    {"tzinfo", time_tzinfo, nullptr, nullptr},
    {"fold", time_fold, nullptr, nullptr},
    {},
};

}  // namespace

Ref<> new_time_of_type(TypeObject* type, int hour, int minute, int second, int microsecond,
                       Value tzinfo, int fold) {
  auto* t = allocate<TimeObject>(type);
  if (!t) return nullptr;
  t->hash = -1;
  t->hour = uint8_t(hour);
  t->minute = uint8_t(minute);
  t->second = uint8_t(second);
  t->microsecond = microsecond;
  t->fold = uint8_t(fold);
  if (tzinfo && !is_none(tzinfo)) {
    incref(tzinfo);
    t->tzinfo = tzinfo;
  }
  if (type->has_flag(kTypeHaveGC)) gc_track(t);
  return Ref<>::steal(Value(t));
}

Ref<> new_time_exact(int hour, int minute, int second, int microsecond, Value tzinfo, int fold) {
  return new_time_of_type(&time_type, hour, minute, second, microsecond, tzinfo, fold);
}

TypeObject time_type{TypeSpec{
    .name = "datetime.time",
    .doc = "time([hour[, minute[, second[, microsecond[, tzinfo]]]]]) --> a time object\n\n"
           "All arguments are optional. tzinfo may be None, or an instance of\n"
           "a tzinfo subclass. The remaining arguments may be ints.\n",
    .basic_size = sizeof(TimeObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = time_dealloc,
              .new_instance = time_new,
              .repr = time_repr,
              .str = time_str,
              .hash = time_hash,
              .compare = time_compare,
              .getattr = generic_get_attr},
    .methods = time_methods,
    .getsets = time_getsets,
}};

}  // namespace krait::datetime
