// datetime.timedelta: a duration kept as normalized (days, seconds, microseconds). Exact
// arithmetic on microsecond counts uses __int128 (the whole range is ~2**67) and GMP where
// a Python int or a float's integer ratio can be larger, as CPython does with Python ints.
// Every arithmetic result is an exact timedelta, whatever the operands' subclasses.
#include <gmp.h>

#include <climits>
#include <cmath>

#include "core/alloc.h"
#include "core/hash.h"
#include "modules/datetime/datetime_internal.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/int_internal.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::datetime {

namespace {

void mpz_set_int128(mpz_t z, __int128 v) {
  bool negative = v < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(v) : v;
  uint64_t words[2] = {uint64_t(magnitude), uint64_t(magnitude >> 64)};
  mpz_import(z, 2, -1, sizeof(uint64_t), 0, 0, words);
  if (negative) mpz_neg(z, z);
}

// False when z does not fit in 126 bits.
bool mpz_get_int128(const mpz_t z, __int128* out) {
  if (mpz_sizeinbase(z, 2) > 126) return false;
  uint64_t words[2] = {0, 0};
  mpz_export(words, nullptr, -1, sizeof(uint64_t), 0, 0, z);
  __int128 magnitude = (__int128(words[1]) << 64) | words[0];
  *out = mpz_sgn(z) < 0 ? -magnitude : magnitude;
  return true;
}

Ref<> delta_from_mpz(const mpz_t us) {
  __int128 small;
  if (!mpz_get_int128(us, &small))
    return overflow_error("Python int too large to convert to C int");
  return delta_from_microseconds(small);
}

// round(a / b), ties to even (CPython's _PyLong_DivmodNear on the quotient); b != 0.
void divide_nearest(mpz_t result, const mpz_t a, const mpz_t b) {
  Mpz remainder, twice;
  mpz_fdiv_qr(result, remainder.z, a, b);
  // With floor division the remainder has b's sign; compare 2|r| with |b|.
  mpz_mul_2exp(twice.z, remainder.z, 1);
  int cmp = mpz_cmpabs(twice.z, b);
  if (cmp > 0 || (cmp == 0 && mpz_odd_p(result))) mpz_add_ui(result, result, 1);
}

DeltaObject* allocate_delta(TypeObject* type) {
  auto* d = allocate<DeltaObject>(type);
  if (!d) return nullptr;
  d->hash = -1;
  return d;
}

Ref<> make_delta(TypeObject* type, int days, int seconds, int microseconds) {
  DeltaObject* d = allocate_delta(type);
  if (!d) return nullptr;
  d->days = days;
  d->seconds = seconds;
  d->microseconds = microseconds;
  if (type->has_flag(kTypeHaveGC)) gc_track(d);
  return Ref<>::steal(Value(d));
}

Ref<> delta_of_type(TypeObject* type, __int128 us) {
  __int128 days = us / kUsPerDay;
  __int128 rest = us % kUsPerDay;
  if (rest < 0) {
    rest += kUsPerDay;
    --days;
  }
  if (days > INT_MAX || days < INT_MIN)
    return overflow_error("Python int too large to convert to C int");
  if (days > kMaxDeltaDays || days < -kMaxDeltaDays) {
    return overflow_error("days={}; must have magnitude <= {}", int64_t(days), kMaxDeltaDays);
  }
  return make_delta(type, int(days), int(rest / kUsPerSecond), int(rest % kUsPerSecond));
}

// --- The constructor: each component times its unit in microseconds, summed exactly ---

// The running total: an __int128 until a component needs more (a huge int or float).
class MicrosecondSum {
 public:
  bool add_int(Value v, int64_t factor) {
    int64_t small;
    if (!big_ && int_to_int64(v, &small)) {
      // |small| < 2**63 and factor < 2**40: the product and a few sums fit in 126 bits.
      __int128 next = sum_ + __int128(small) * factor;
      if (fits(next)) {
        sum_ = next;
        return true;
      }
    }
    switch_to_big();
    Mpz x;
    int_to_mpz(v, x.z);
    mpz_mul_si(x.z, x.z, long(factor));
    mpz_add(big_z_.z, big_z_.z, x.z);
    return true;
  }

  bool add_float(double value, int64_t factor) {
    double int_part;
    double fraction = std::modf(value, &int_part);
    Ref<> whole = int_from_double(int_part);
    if (!whole || !add_int(whole, factor)) return false;
    if (fraction == 0.0) return true;
    // The fraction costs precision: its whole microseconds join the sum and the rest
    // is rounded once at the end.
    double scaled = double(factor) * fraction;
    fraction = std::modf(scaled, &int_part);
    Ref<> more = int_from_double(int_part);
    if (!more || !add_int(more, 1)) return false;
    leftover_ += fraction;
    return true;
  }

  // Rounds the leftover fraction half to even into the sum.
  Ref<> finish() {
    if (leftover_ != 0.0) {
      double whole = std::round(leftover_);
      if (std::fabs(whole - leftover_) == 0.5) {
        int odd = big_ ? mpz_odd_p(big_z_.z) : int(sum_ & 1);
        whole = 2.0 * std::round((leftover_ + odd) * 0.5) - odd;
      }
      Ref<> rounded = int_from_int64(int64_t(whole));
      if (!rounded || !add_int(rounded, 1)) return nullptr;
    }
    if (big_) return delta_from_mpz(big_z_.z);
    return delta_from_microseconds(sum_);
  }

  __int128 sum_ = 0;

 private:
  static bool fits(__int128 v) {
    constexpr __int128 kLimit = __int128(1) << 120;
    return v < kLimit && v > -kLimit;
  }
  void switch_to_big() {
    if (big_) return;
    big_ = true;
    mpz_set_int128(big_z_.z, sum_);
  }
  bool big_ = false;
  Mpz big_z_;
  double leftover_ = 0.0;
};

constexpr const char* kComponentNames[7] = {"days",    "seconds", "microseconds", "milliseconds",
                                            "minutes", "hours",   "weeks"};
constexpr int64_t kComponentUnits[7] = {
    kUsPerDay, kUsPerSecond, 1, 1000, 60 * kUsPerSecond, 3600 * kUsPerSecond, 7 * kUsPerDay};

Ref<> delta_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const ArgSpec spec{
      "__new__",
      {"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"},
      0,
      7};
  Value values[7];
  if (!bind_args(spec, args, nargs, kwnames, values)) return nullptr;
  MicrosecondSum sum;
  for (int i = 0; i < 7; ++i) {
    Value v = values[i];
    if (!v) continue;
    if (is_int(v)) {
      if (!sum.add_int(v, kComponentUnits[i])) return nullptr;
    } else if (is_float(v)) {
      if (!sum.add_float(float_value(v), kComponentUnits[i])) return nullptr;
    } else {
      return type_error("unsupported type for timedelta {} component: {}", kComponentNames[i],
                        type_name(v));
    }
  }
  Ref<> result = sum.finish();
  if (!result || type == &delta_type) return result;
  DeltaObject* d = as_delta(result);
  return make_delta(type, d->days, d->seconds, d->microseconds);
}

void delta_dealloc(Object* o) { free_object(o); }

// --- Presentation ---

Ref<> delta_repr(Value self) {
  DeltaObject* d = as_delta(self);
  std::string out = type_name(self) + "(";
  const char* separator = "";
  if (d->days) {
    out += "days=" + std::to_string(d->days);
    separator = ", ";
  }
  if (d->seconds) {
    out += separator + std::string("seconds=") + std::to_string(d->seconds);
    separator = ", ";
  }
  if (d->microseconds)
    out += separator + std::string("microseconds=") + std::to_string(d->microseconds);
  if (out.back() == '(') out += "0";
  out += ")";
  return str_from_utf8(out);
}

Ref<> delta_str(Value self) {
  DeltaObject* d = as_delta(self);
  char buffer[96];
  int n = 0;
  if (d->days) {
    n = snprintf(buffer, sizeof buffer, "%d day%s, ", d->days,
                 (d->days == 1 || d->days == -1) ? "" : "s");
  }
  int seconds = d->seconds;
  n += snprintf(buffer + n, sizeof buffer - n, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  if (d->microseconds) snprintf(buffer + n, sizeof buffer - n, ".%06d", d->microseconds);
  return str_from_ascii(buffer);
}

int64_t delta_hash(Value self) {
  DeltaObject* d = as_delta(self);
  if (d->hash == -1) {
    TupleHasher hasher;
    hasher.add(int_hash(Value::small_int(d->days)));
    hasher.add(int_hash(Value::small_int(d->seconds)));
    hasher.add(int_hash(Value::small_int(d->microseconds)));
    d->hash = hasher.finish(3);
  }
  return d->hash;
}

Ref<> delta_compare_slot(Value a, Value b, CompareOp op) {
  if (!is_delta(b) || !is_delta(a)) return new_not_implemented();
  return new_bool(compare_ordered(op, delta_compare(as_delta(a), as_delta(b)), 0));
}

int delta_bool(Value self) { return delta_is_zero(as_delta(self)) ? 0 : 1; }

// --- Arithmetic ---

Ref<> delta_add(Value a, Value b) {
  if (!is_delta(a) || !is_delta(b)) return new_not_implemented();
  return delta_from_microseconds(delta_microseconds(as_delta(a)) + delta_microseconds(as_delta(b)));
}

Ref<> delta_subtract_slot(Value a, Value b) {
  if (!is_delta(a) || !is_delta(b)) return new_not_implemented();
  return delta_from_microseconds(delta_microseconds(as_delta(a)) - delta_microseconds(as_delta(b)));
}

Ref<> delta_positive(Value self) {
  DeltaObject* d = as_delta(self);
  return make_delta(&delta_type, d->days, d->seconds, d->microseconds);
}

Ref<> delta_absolute(Value self) {
  return as_delta(self)->days < 0 ? delta_negative(self) : delta_positive(self);
}

// The integer ratio (n, d) of a float, by its own as_integer_ratio().
bool float_ratio(Value f, mpz_t numerator, mpz_t denominator) {
  Ref<> ratio = call_method0(f, DATETIME_NAME("as_integer_ratio"));
  if (!ratio) return false;
  if (!is_tuple(ratio)) {
    return type_error("unexpected return type from as_integer_ratio(): expected tuple, got '{}'",
                      type_short_name(type_of(ratio)));
  }
  if (as_tuple(ratio)->length != 2) return value_error("as_integer_ratio() must return a 2-tuple");
  if (!is_int(as_tuple(ratio)->items[0]) || !is_int(as_tuple(ratio)->items[1])) {
    return type_error("non-integer arguments in division");
  }
  int_to_mpz(as_tuple(ratio)->items[0], numerator);
  int_to_mpz(as_tuple(ratio)->items[1], denominator);
  return true;
}

// delta * (n / d) (or delta * (d / n) for division), rounded half to even.
Ref<> delta_times_float(Value delta, Value f, bool divide) {
  Mpz n, d, us, product, result;
  if (!float_ratio(f, n.z, d.z)) return nullptr;
  if (divide) mpz_swap(n.z, d.z);
  if (mpz_sgn(d.z) == 0) return zero_division_error("integer division or modulo by zero");
  mpz_set_int128(us.z, delta_microseconds(as_delta(delta)));
  mpz_mul(product.z, us.z, n.z);
  divide_nearest(result.z, product.z, d.z);
  return delta_from_mpz(result.z);
}

Ref<> delta_times_int(Value delta, Value n) {
  __int128 us = delta_microseconds(as_delta(delta));
  int64_t small;
  __int128 product;
  if (int_to_int64(n, &small) && !__builtin_mul_overflow(us, __int128(small), &product)) {
    return delta_from_microseconds(product);
  }
  Mpz a, b;
  mpz_set_int128(a.z, us);
  int_to_mpz(n, b.z);
  mpz_mul(a.z, a.z, b.z);
  return delta_from_mpz(a.z);
}

Ref<> delta_multiply(Value a, Value b) {
  if (is_delta(a)) {
    if (is_int(b)) return delta_times_int(a, b);
    if (is_float(b)) return delta_times_float(a, b, false);
  } else if (is_delta(b)) {
    if (is_int(a)) return delta_times_int(b, a);
    if (is_float(a)) return delta_times_float(b, a, false);
  }
  return new_not_implemented();
}

Ref<> delta_true_divide(Value a, Value b) {
  if (!is_delta(a)) return new_not_implemented();
  if (is_delta(b)) {
    // Correctly rounded: the quotient of the two exact microsecond counts as ints.
    Ref<> x = int_from_int128(delta_microseconds(as_delta(a)));
    Ref<> y = x ? int_from_int128(delta_microseconds(as_delta(b))) : nullptr;
    if (!y) return nullptr;
    return binary_op(x, y, BinaryOperator::TrueDivide);
  }
  if (is_int(b)) {
    Mpz us, divisor, result;
    int_to_mpz(b, divisor.z);
    if (mpz_sgn(divisor.z) == 0) return zero_division_error("integer division or modulo by zero");
    mpz_set_int128(us.z, delta_microseconds(as_delta(a)));
    divide_nearest(result.z, us.z, divisor.z);
    return delta_from_mpz(result.z);
  }
  if (is_float(b)) return delta_times_float(a, b, true);
  return new_not_implemented();
}

Ref<> delta_floor_divide(Value a, Value b) {
  if (!is_delta(a)) return new_not_implemented();
  __int128 us = delta_microseconds(as_delta(a));
  if (is_delta(b)) {
    __int128 divisor = delta_microseconds(as_delta(b));
    if (divisor == 0) return zero_division_error("integer division or modulo by zero");
    __int128 q = us / divisor;
    if (us % divisor != 0 && ((us < 0) != (divisor < 0))) --q;
    return int_from_int128(q);
  }
  if (is_int(b)) {
    Mpz x, divisor;
    int_to_mpz(b, divisor.z);
    if (mpz_sgn(divisor.z) == 0) return zero_division_error("integer division or modulo by zero");
    mpz_set_int128(x.z, us);
    mpz_fdiv_q(x.z, x.z, divisor.z);
    return delta_from_mpz(x.z);
  }
  return new_not_implemented();
}

bool delta_divmod_parts(Value a, Value b, __int128* quotient, __int128* remainder,
                        const char* zero_message) {
  __int128 x = delta_microseconds(as_delta(a)), y = delta_microseconds(as_delta(b));
  if (y == 0) return zero_division_error(zero_message);
  __int128 q = x / y, r = x % y;
  if (r != 0 && ((r < 0) != (y < 0))) {
    --q;
    r += y;
  }
  *quotient = q;
  *remainder = r;
  return true;
}

Ref<> delta_remainder(Value a, Value b) {
  if (!is_delta(a) || !is_delta(b)) return new_not_implemented();
  __int128 q, r;
  if (!delta_divmod_parts(a, b, &q, &r, "integer modulo by zero")) return nullptr;
  return delta_from_microseconds(r);
}

Ref<> delta_divmod(Value a, Value b) {
  if (!is_delta(a) || !is_delta(b)) return new_not_implemented();
  __int128 q, r;
  if (!delta_divmod_parts(a, b, &q, &r, "integer division or modulo by zero")) return nullptr;
  Ref<> quotient = int_from_int128(q);
  Ref<> rest = quotient ? delta_from_microseconds(r) : nullptr;
  if (!rest) return nullptr;
  return tuple_of({quotient.value(), rest.value()});
}

// --- Methods and attributes ---

Ref<> delta_total_seconds(Value self, const Value*) {
  return seconds_from_microseconds(delta_microseconds(as_delta(self)));
}

}  // namespace

Ref<> seconds_from_microseconds(__int128 us) {
  constexpr __int128 kExact = __int128(1) << 53;
  if (us < kExact && us > -kExact) return float_from_double(double(int64_t(us)) / 1e6);
  Ref<> total = int_from_int128(us);
  Ref<> million = int_from_small(kUsPerSecond);
  if (!total) return nullptr;
  return binary_op(total, million, BinaryOperator::TrueDivide);
}

namespace {

Ref<> delta_reduce(Value self, const Value*) {
  DeltaObject* d = as_delta(self);
  Ref<TupleObject> state = tuple_of(
      {Value::small_int(d->days), Value::small_int(d->seconds), Value::small_int(d->microseconds)});
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), state.value()});
}

const MethodDef delta_methods[] = {
    {.name = "total_seconds",
     .impl = delta_total_seconds,
     .signature = "($self, /)",
     .doc = "Total seconds in the duration.",
     .flags = kMethodNoTextSignature},
    {.name = "__reduce__",
     .impl = delta_reduce,
     .signature = "($self, /)",
     .doc = "__reduce__() -> (cls, state)",
     .flags = kMethodNoTextSignature},
    {},
};

const MemberDef delta_members[] = {
    {"days", MemberKind::Int32, offsetof(DeltaObject, days), true, "Number of days."},
    {"seconds", MemberKind::Int32, offsetof(DeltaObject, seconds), true,
     "Number of seconds (>= 0 and less than 1 day)."},
    {"microseconds", MemberKind::Int32, offsetof(DeltaObject, microseconds), true,
     "Number of microseconds (>= 0 and less than 1 second)."},
    {},
};

}  // namespace

Ref<> int_from_int128(__int128 v) {
  if (v >= INT64_MIN && v <= INT64_MAX) return int_from_int64(int64_t(v));
  Mpz z;
  mpz_set_int128(z.z, v);
  return int_from_mpz(z.z);
}

Ref<> delta_from_microseconds(__int128 microseconds) {
  return delta_of_type(&delta_type, microseconds);
}

Ref<> new_delta(int64_t days, int64_t seconds, int64_t microseconds) {
  // Fast path: already normalized.
  if (seconds >= 0 && seconds < kSecondsPerDay && microseconds >= 0 &&
      microseconds < kUsPerSecond && days >= -kMaxDeltaDays && days <= kMaxDeltaDays) {
    return make_delta(&delta_type, int(days), int(seconds), int(microseconds));
  }
  return delta_from_microseconds((__int128(days) * kSecondsPerDay + seconds) * kUsPerSecond +
                                 microseconds);
}

int delta_compare(const DeltaObject* a, const DeltaObject* b) {
  if (a->days != b->days) return a->days < b->days ? -1 : 1;
  if (a->seconds != b->seconds) return a->seconds < b->seconds ? -1 : 1;
  if (a->microseconds != b->microseconds) return a->microseconds < b->microseconds ? -1 : 1;
  return 0;
}

int64_t delta_hash_value(Value delta) { return delta_hash(delta); }

Ref<> delta_negative(Value delta) {
  return delta_from_microseconds(-delta_microseconds(as_delta(delta)));
}

TypeObject delta_type{TypeSpec{
    .name = "datetime.timedelta",
    .doc = "Difference between two datetime values.\n\n"
           "timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, "
           "weeks=0)\n\n"
           "All arguments are optional and default to 0.\n"
           "Arguments may be integers or floats, and may be positive or negative.",
    .basic_size = sizeof(DeltaObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = delta_dealloc,
              .new_instance = delta_new,
              .repr = delta_repr,
              .str = delta_str,
              .hash = delta_hash,
              .compare = delta_compare_slot,
              .getattr = generic_get_attr,
              .add = delta_add,
              .subtract = delta_subtract_slot,
              .multiply = delta_multiply,
              .true_divide = delta_true_divide,
              .floor_divide = delta_floor_divide,
              .remainder = delta_remainder,
              .divmod = delta_divmod,
              .negative = delta_negative,
              .positive = delta_positive,
              .absolute = delta_absolute,
              .to_bool = delta_bool},
    .methods = delta_methods,
    .members = delta_members,
}};

}  // namespace krait::datetime
