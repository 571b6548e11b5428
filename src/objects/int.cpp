// int: creation in canonical form (small when it fits), conversions to C++ numbers,
// hashing, comparison and the arithmetic slots. Text conversion, the constructor and the
// Python-visible methods are in int_methods.cpp; bool is in bool.cpp. Every slot accepts
// small ints, IntObjects of int, bool and int subclasses, and answers NotImplemented for
// anything else (CPython's nb_* convention: either operand may be the foreign one).
#include "objects/int.h"

#include <bit>
#include <cfloat>
#include <cmath>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/float.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait {

// --- Making ints ---
//
// An exact int outside the small range keeps its limbs in the same allocation, right
// after the IntObject, with the mpz pointing at them: one malloc per int, and ints are
// immutable so GMP never needs to grow them. Instances of subclasses (and True/False)
// keep GMP-managed limbs instead; int_dealloc tells the two apart by the limb pointer.

namespace {

inline mp_limb_t* inline_limbs(IntObject* object) { return reinterpret_cast<mp_limb_t*>(object + 1); }

// Freed exact ints of up to kFreelistLimbs limbs are kept for reuse, one list per size
// (the GIL serialises access): big-int loops then allocate nothing.
constexpr size_t kFreelistLimbs = 4;
constexpr int kFreelistCapacity = 100;
struct IntFreelist {
  IntObject* items[kFreelistCapacity];
  int size = 0;
};
IntFreelist freelists[kFreelistLimbs + 1];

// An exact int with room for `limbs` limbs, holding 0.
IntObject* int_allocate_exact(size_t limbs) {
  IntObject* object;
  if (limbs <= kFreelistLimbs && freelists[limbs].size > 0) {
    object = freelists[limbs].items[--freelists[limbs].size];
    object->refcount = 1;
  } else {
    object = allocate<IntObject>(&int_type, sizeof(IntObject) + limbs * sizeof(mp_limb_t));
    if (!object) return nullptr;
  }
  object->value->_mp_alloc = int(limbs);
  object->value->_mp_size = 0;
  object->value->_mp_d = inline_limbs(object);
  return object;
}

// The exact int of `limbs` limbs of magnitude at `data`, negative if asked.
Ref<> int_from_limbs(const mp_limb_t* data, size_t limbs, bool negative) {
  IntObject* object = int_allocate_exact(limbs);
  if (!object) return nullptr;
  std::memcpy(inline_limbs(object), data, limbs * sizeof(mp_limb_t));
  object->value->_mp_size = negative ? -int(limbs) : int(limbs);
  return Ref<>::steal(Value(object));
}

// The small int equal to z, if there is one.
inline bool mpz_to_small(mpz_srcptr z, int64_t* out) {
  if (mpz_size(z) > 1) return false;
  uint64_t magnitude = mpz_getlimbn(z, 0);
  if (mpz_sgn(z) >= 0) {
    if (magnitude > uint64_t(Value::kSmallIntMax)) return false;
    *out = int64_t(magnitude);
  } else {
    if (magnitude > uint64_t(Value::kSmallIntMax) + 1) return false;
    *out = -int64_t(magnitude - 1) - 1;
  }
  return true;
}

// Scratch registers; they give back memory after holding something huge.
constexpr int kScratchKeepLimbs = 1024;
Mpz scratch_registers[2];

}  // namespace

IntObject* int_allocate(TypeObject* type) {
  auto* object = allocate<IntObject>(type, size_t(type->basic_size));
  if (object) mpz_init(object->value);
  return object;
}

bool check_int_bits(uint64_t bits) {
  if (bits <= kMaxIntBits) return true;
  raise_memory_error();
  return false;
}

Ref<> int_from_int64(int64_t i) {
  if (Value::fits_small_int(i)) return Ref<>::steal(Value::small_int(i));
  mp_limb_t magnitude = i < 0 ? mp_limb_t(0) - mp_limb_t(i) : mp_limb_t(i);
  return int_from_limbs(&magnitude, 1, i < 0);
}

Ref<> int_from_uint64(uint64_t u) {
  if (u <= uint64_t(Value::kSmallIntMax)) return Ref<>::steal(Value::small_int(int64_t(u)));
  mp_limb_t magnitude = u;
  return int_from_limbs(&magnitude, 1, false);
}

Ref<> int_from_mpz(const mpz_t z) {
  int64_t small;
  if (mpz_to_small(z, &small)) return Ref<>::steal(Value::small_int(small));
  return int_from_limbs(z->_mp_d, mpz_size(z), mpz_sgn(z) < 0);
}

Ref<> int_from_mpz_move(mpz_t z) {
  Ref<> result = int_from_mpz(z);
  mpz_clear(z);
  mpz_init(z);
  return result;
}

mpz_ptr int_scratch(int index) { return scratch_registers[index]; }

Ref<> int_from_scratch(mpz_ptr scratch) {
  Ref<> result = int_from_mpz(scratch);
  if (scratch->_mp_alloc > kScratchKeepLimbs) mpz_realloc2(scratch, 64);
  return result;
}

Ref<> int_from_double(double d) {
  if (std::isnan(d)) return value_error("cannot convert float NaN to integer");
  if (std::isinf(d)) return overflow_error("cannot convert float infinity to integer");
  if (std::fabs(d) < 4611686018427387904.0) return Ref<>::steal(Value::small_int(int64_t(d)));
  Mpz z;
  mpz_set_d(z, d);  // truncates; exact for doubles this large
  return int_from_mpz_move(z);
}

Ref<> int_exact(Value v) {
  if (v.is_small_int() || v.as_object()->type == &int_type) return new_ref(v);
  return int_from_mpz(as_int(v)->value);
}

Ref<> int_subtype_from(TypeObject* type, Value v) {
  if (type == &int_type) return int_exact(v);
  IntObject* object = int_allocate(type);
  if (!object) return nullptr;
  int_to_mpz(v, object->value);
  if (type->has_flag(kTypeHaveGC)) gc_track(object);
  return Ref<>::steal(Value(object));
}

// --- Reading ints ---

bool int_to_int64(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  mpz_srcptr z = as_int(v)->value;
  if (!mpz_fits_slong_p(z)) return false;
  *out = mpz_get_si(z);
  return true;
}

bool int_as_int64(Value v, int64_t* out) {
  if (int_to_int64(v, out)) return true;
  return overflow_error("Python int too large to convert to C long");
}

int int_sign(Value v) {
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    return (i > 0) - (i < 0);
  }
  return mpz_sgn(as_int(v)->value);
}

void int_to_mpz(Value v, mpz_t z) {
  if (v.is_small_int()) mpz_set_si(z, v.as_small_int());
  else mpz_set(z, as_int(v)->value);
}

double mpz_to_double(mpz_srcptr z, bool* overflow) {
  *overflow = false;
  size_t bits = mpz_sizeinbase(z, 2);
  if (bits <= 63) return double(mpz_get_si(z));  // the conversion rounds half to even
  if (bits > DBL_MAX_EXP) {
    *overflow = true;
    return 0.0;
  }
  // Take the top 64 bits of |z|, remember whether any bit below them is set, and round
  // that to 53 bits half to even by hand.
  size_t shift = bits - 64;
  size_t limb = shift / GMP_NUMB_BITS, offset = shift % GMP_NUMB_BITS;
  uint64_t top = mpz_getlimbn(z, mp_size_t(limb)) >> offset;
  if (offset) top |= uint64_t(mpz_getlimbn(z, mp_size_t(limb + 1))) << (64 - offset);
  bool sticky = mpz_scan1(z, 0) < shift;
  uint64_t kept = top >> 11;
  uint64_t rest = top & 0x7FF;
  if (rest > 0x400 || (rest == 0x400 && (sticky || (kept & 1)))) ++kept;
  double result = std::ldexp(double(kept), int(shift + 11));
  if (std::isinf(result)) {
    *overflow = true;
    return 0.0;
  }
  return mpz_sgn(z) < 0 ? -result : result;
}

double int_to_double(Value v, bool* overflow) {
  if (v.is_small_int()) {
    *overflow = false;
    return double(v.as_small_int());
  }
  return mpz_to_double(as_int(v)->value, overflow);
}

std::string int_to_decimal(Value v) {
  if (v.is_small_int()) return std::to_string(v.as_small_int());
  mpz_srcptr z = as_int(v)->value;
  std::string out(mpz_sizeinbase(z, 10) + 2, '\0');
  mpz_get_str(out.data(), 10, z);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

// --- Hash and comparison ---

int64_t int_hash(Value v) {
  // The value modulo 2**61 - 1, with the sign of the value (sys.hash_info).
  uint64_t reduced;
  bool negative;
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    negative = i < 0;
    uint64_t magnitude = negative ? uint64_t(0) - uint64_t(i) : uint64_t(i);
    reduced = (magnitude & kHashModulus) + (magnitude >> kHashBits);
    if (reduced >= kHashModulus) reduced -= kHashModulus;
  } else {
    mpz_srcptr z = as_int(v)->value;
    negative = mpz_sgn(z) < 0;
    reduced = mpz_tdiv_ui(z, kHashModulus);
  }
  int64_t h = negative ? -int64_t(reduced) : int64_t(reduced);
  return h == -1 ? -2 : h;
}

int int_compare(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.as_small_int(), y = b.as_small_int();
    return (x > y) - (x < y);
  }
  IntView x(a), y(b);
  int c = mpz_cmp(x, y);
  return (c > 0) - (c < 0);
}

namespace {

int64_t int_hash_slot(Value v) { return int_hash(v); }

bool compare_result(int c, CompareOp op) {
  switch (op) {
    case CompareOp::Lt: return c < 0;
    case CompareOp::Le: return c <= 0;
    case CompareOp::Eq: return c == 0;
    case CompareOp::Ne: return c != 0;
    case CompareOp::Gt: return c > 0;
    case CompareOp::Ge: return c >= 0;
  }
  return false;
}

Ref<> int_richcompare(Value a, Value b, CompareOp op) {
  if (!is_int(a) || !is_int(b)) return new_not_implemented();
  return new_bool(compare_result(int_compare(a, b), op));
}

// --- Arithmetic ---

#define REQUIRE_INTS(a, b) \
  if (!is_int(a) || !is_int(b)) return new_not_implemented()

inline Ref<> small_result(int64_t i) { return int_from_int64(i); }

}  // namespace

Ref<> int_add(Value a, Value b) {
  // Two 63-bit operands cannot overflow 64 bits.
  if (a.is_small_int() && b.is_small_int()) return small_result(a.as_small_int() + b.as_small_int());
  REQUIRE_INTS(a, b);
  IntView x(a), y(b);
  mpz_ptr r = int_scratch(0);
  mpz_add(r, x, y);
  return int_from_scratch(r);
}

Ref<> int_subtract(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) return small_result(a.as_small_int() - b.as_small_int());
  REQUIRE_INTS(a, b);
  IntView x(a), y(b);
  mpz_ptr r = int_scratch(0);
  mpz_sub(r, x, y);
  return int_from_scratch(r);
}

Ref<> int_multiply(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t r;
    if (!__builtin_mul_overflow(a.as_small_int(), b.as_small_int(), &r)) return small_result(r);
  } else {
    REQUIRE_INTS(a, b);
  }
  IntView x(a), y(b);
  if (!check_int_bits(mpz_sizeinbase(x, 2) + mpz_sizeinbase(y, 2))) return nullptr;
  mpz_ptr r = int_scratch(0);
  mpz_mul(r, x, y);
  return int_from_scratch(r);
}

namespace {

// Floor division and modulo (the quotient rounds towards minus infinity, the remainder
// takes the sign of the divisor). Either output may be null.
bool int_divmod_values(Value a, Value b, Ref<>* quotient, Ref<>* remainder, const char* message) {
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.as_small_int(), y = b.as_small_int();
    if (y == 0) return zero_division_error("{}", message);
    int64_t q = x / y, r = x % y;
    if (r != 0 && ((r ^ y) < 0)) {
      --q;
      r += y;
    }
    if (quotient && !(*quotient = small_result(q))) return false;
    if (remainder) *remainder = Ref<>::steal(Value::small_int(r));
    return true;
  }
  IntView x(a), y(b);
  if (mpz_sgn(y) == 0) return zero_division_error("{}", message);
  mpz_ptr q = int_scratch(0), r = int_scratch(1);
  if (quotient && remainder) mpz_fdiv_qr(q, r, x, y);
  else if (quotient) mpz_fdiv_q(q, x, y);
  else mpz_fdiv_r(r, x, y);
  if (quotient && !(*quotient = int_from_scratch(q))) return false;
  if (remainder && !(*remainder = int_from_scratch(r))) return false;
  return true;
}

Ref<> int_floor_divide(Value a, Value b) {
  REQUIRE_INTS(a, b);
  Ref<> q;
  if (!int_divmod_values(a, b, &q, nullptr, "integer division or modulo by zero")) return nullptr;
  return q;
}

Ref<> int_remainder(Value a, Value b) {
  REQUIRE_INTS(a, b);
  Ref<> r;
  if (!int_divmod_values(a, b, nullptr, &r, "integer modulo by zero")) return nullptr;
  return r;
}

Ref<> int_divmod(Value a, Value b) {
  REQUIRE_INTS(a, b);
  Ref<> q, r;
  if (!int_divmod_values(a, b, &q, &r, "integer division or modulo by zero")) return nullptr;
  return tuple_steal({q.release(), r.release()});
}

// a / b correctly rounded (half to even) however large a and b are: scale so that the
// integer quotient has 2-3 bits more than a double keeps, fold the remainder into a sticky
// bit and round once.
Ref<> int_true_divide(Value a, Value b) {
  REQUIRE_INTS(a, b);
  constexpr int64_t kMantissa = DBL_MANT_DIG;  // 53
  if (a.is_small_int() && b.is_small_int()) {
    int64_t x = a.as_small_int(), y = b.as_small_int();
    if (y == 0) return zero_division_error("division by zero");
    constexpr int64_t kExact = int64_t{1} << kMantissa;
    if (x >= -kExact && x <= kExact && y >= -kExact && y <= kExact) {
      return float_from_double(double(x) / double(y));  // both exact: one rounding
    }
  }
  IntView x(a), y(b);
  if (mpz_sgn(y) == 0) return zero_division_error("division by zero");
  bool negative = (mpz_sgn(x) < 0) != (mpz_sgn(y) < 0);
  if (mpz_sgn(x) == 0) return float_from_double(negative ? -0.0 : 0.0);
  int64_t x_bits = int64_t(mpz_sizeinbase(x, 2)), y_bits = int64_t(mpz_sizeinbase(y, 2));
  if (x_bits <= kMantissa && y_bits <= kMantissa) {
    return float_from_double(mpz_get_d(x) / mpz_get_d(y));
  }
  // 2**(diff-1) < |a/b| < 2**(diff+1).
  int64_t diff = x_bits - y_bits;
  if (diff > DBL_MAX_EXP) return overflow_error("integer division result too large for a float");
  if (diff < DBL_MIN_EXP - kMantissa - 1) return float_from_double(negative ? -0.0 : 0.0);
  int64_t shift = std::max<int64_t>(diff, DBL_MIN_EXP) - kMantissa - 2;
  mpz_t abs_x, abs_y;
  mpz_abs_view(abs_x, x);
  mpz_abs_view(abs_y, y);
  Mpz q, r, scaled;
  if (shift <= 0) {
    mpz_mul_2exp(scaled, abs_x, mp_bitcnt_t(-shift));
    mpz_tdiv_qr(q, r, scaled, abs_y);
  } else {
    mpz_mul_2exp(scaled, abs_y, mp_bitcnt_t(shift));
    mpz_tdiv_qr(q, r, abs_x, scaled);
  }
  uint64_t quotient = mpz_get_ui(q);
  bool inexact = mpz_sgn(r) != 0;
  int64_t q_bits = 64 - std::countl_zero(quotient);
  // Bits to drop: those beyond 53, or beyond what a subnormal result keeps.
  int64_t extra = std::max<int64_t>(q_bits, DBL_MIN_EXP - shift) - kMantissa;
  uint64_t half = uint64_t{1} << (extra - 1);
  uint64_t low = quotient & (2 * half - 1);
  if (low > half || (low == half && (inexact || (quotient & 2 * half)))) quotient += 2 * half;
  quotient &= ~(2 * half - 1);
  double result = std::ldexp(double(quotient), int(shift));
  if (std::isinf(result)) return overflow_error("integer division result too large for a float");
  return float_from_double(negative ? -result : result);
}

// pow(a, b, c) with an int modulus.
Ref<> int_modular_power(Value a, Value b, Value c) {
  IntView base(a), exponent(b), modulus(c);
  if (mpz_sgn(modulus) == 0) return value_error("pow() 3rd argument cannot be 0");
  mpz_t abs_modulus;
  mpz_abs_view(abs_modulus, modulus);
  if (mpz_cmp_ui(abs_modulus, 1) == 0) return Ref<>::steal(Value::small_int(0));
  Mpz result;
  if (mpz_sgn(exponent) < 0) {
    // A negative exponent raises the modular inverse to the positive power.
    Mpz inverse, positive;
    if (!mpz_invert(inverse, base, abs_modulus)) {
      return value_error("base is not invertible for the given modulus");
    }
    mpz_neg(positive, exponent);
    mpz_powm(result, inverse, positive, abs_modulus);
  } else {
    mpz_powm(result, base, exponent, abs_modulus);
  }
  // The result takes the sign of the modulus, as % does.
  if (mpz_sgn(modulus) < 0 && mpz_sgn(result) != 0) mpz_sub(result, result, abs_modulus);
  return int_from_mpz_move(result);
}

Ref<> int_power(Value a, Value b, Value c) {
  REQUIRE_INTS(a, b);
  bool has_modulus = !is_none(c);
  if (has_modulus && !is_int(c)) return new_not_implemented();
  if (has_modulus) return int_modular_power(a, b, c);
  // A negative exponent makes a float: pow(2, -1) == 0.5, pow(0, -1) raises.
  if (int_sign(b) < 0) return float_power(a, b, c);
  if (a.is_small_int() && b.is_small_int()) {
    int64_t base = a.as_small_int(), exponent = b.as_small_int(), result = 1;
    bool overflow = false;
    while (exponent > 0) {
      if ((exponent & 1) && __builtin_mul_overflow(result, base, &result)) {
        overflow = true;
        break;
      }
      exponent >>= 1;
      if (exponent > 0 && __builtin_mul_overflow(base, base, &base)) {
        overflow = true;
        break;
      }
    }
    if (!overflow) return small_result(result);
  }
  IntView base(a), exponent(b);
  // 0, 1 and -1 stay small whatever the exponent.
  if (mpz_cmpabs_ui(base, 1) <= 0) {
    if (mpz_sgn(base) == 0) return Ref<>::steal(Value::small_int(mpz_sgn(exponent) == 0 ? 1 : 0));
    if (mpz_sgn(base) > 0 || mpz_even_p(exponent)) return Ref<>::steal(Value::small_int(1));
    return Ref<>::steal(Value::small_int(-1));
  }
  if (!mpz_fits_ulong_p(exponent)) return raise_memory_error();
  unsigned long e = mpz_get_ui(exponent);
  uint64_t bits = mpz_sizeinbase(base, 2);
  if (e != 0 && bits > kMaxIntBits / e) return raise_memory_error();
  if (!check_int_bits(bits * e)) return nullptr;
  Mpz result;
  mpz_pow_ui(result, base, e);
  return int_from_mpz_move(result);
}

// The error of a left shift by a count past int64: CPython's, which works in 30-bit digits.
// A result with more digits than an int may have ((PY_SSIZE_T_MAX - header) / 4) is an
// OverflowError; a word shift past PY_SSIZE_T_MAX / 4 is clipped to it (and so always is
// one); any smaller result is a MemoryError.
Raised lshift_too_big(Value a, Value b) {
  constexpr uint64_t kWordShiftClip = uint64_t(INT64_MAX) / 4;
  constexpr uint64_t kMaxLongDigits = (uint64_t(INT64_MAX) - 24) / 4;
  IntView count(b), x(a);
  Mpz words;
  unsigned long bits = mpz_fdiv_q_ui(words, count, 30);
  bool clipped = mpz_cmp_ui(words, kWordShiftClip) >= 0;
  uint64_t wordshift = clipped ? kWordShiftClip : mpz_get_ui(words);
  uint64_t digits = (mpz_sizeinbase(x, 2) + 29) / 30 + wordshift + (!clipped && bits != 0);
  if (digits > kMaxLongDigits) return raise(exc::OverflowError, "too many digits in integer");
  return raise_memory_error();
}

Ref<> int_lshift(Value a, Value b) {
  REQUIRE_INTS(a, b);
  if (int_sign(b) < 0) return value_error("negative shift count");
  if (int_sign(a) == 0) return Ref<>::steal(Value::small_int(0));
  int64_t count;
  if (!int_to_int64(b, &count)) return lshift_too_big(a, b);
  if (a.is_small_int() && count < 63) {
    __int128 r = __int128(a.as_small_int()) << count;
    if (r >= Value::kSmallIntMin && r <= Value::kSmallIntMax) {
      return Ref<>::steal(Value::small_int(int64_t(r)));
    }
  }
  IntView x(a);
  if (!check_int_bits(mpz_sizeinbase(x, 2) + uint64_t(count))) return nullptr;
  mpz_ptr r = int_scratch(0);
  mpz_mul_2exp(r, x, mp_bitcnt_t(count));
  return int_from_scratch(r);
}

Ref<> int_rshift(Value a, Value b) {
  REQUIRE_INTS(a, b);
  if (int_sign(b) < 0) return value_error("negative shift count");
  int64_t count;
  if (!int_to_int64(b, &count)) count = INT64_MAX;
  if (a.is_small_int()) {
    int64_t x = a.as_small_int();
    return Ref<>::steal(Value::small_int(count >= 63 ? (x < 0 ? -1 : 0) : x >> count));
  }
  IntView x(a);
  if (uint64_t(count) >= mpz_sizeinbase(x, 2)) {
    return Ref<>::steal(Value::small_int(mpz_sgn(x) < 0 ? -1 : 0));
  }
  mpz_ptr r = int_scratch(0);
  mpz_fdiv_q_2exp(r, x, mp_bitcnt_t(count));  // floor: -1 >> 1 == -1
  return int_from_scratch(r);
}

}  // namespace

// Bitwise operators act on the infinite two's complement form, as GMP's do.
Ref<> int_bit_and(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    return Ref<>::steal(Value::small_int(a.as_small_int() & b.as_small_int()));
  }
  REQUIRE_INTS(a, b);
  IntView x(a), y(b);
  mpz_ptr r = int_scratch(0);
  mpz_and(r, x, y);
  return int_from_scratch(r);
}

Ref<> int_bit_or(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    return Ref<>::steal(Value::small_int(a.as_small_int() | b.as_small_int()));
  }
  REQUIRE_INTS(a, b);
  IntView x(a), y(b);
  mpz_ptr r = int_scratch(0);
  mpz_ior(r, x, y);
  return int_from_scratch(r);
}

Ref<> int_bit_xor(Value a, Value b) {
  if (a.is_small_int() && b.is_small_int()) {
    return Ref<>::steal(Value::small_int(a.as_small_int() ^ b.as_small_int()));
  }
  REQUIRE_INTS(a, b);
  IntView x(a), y(b);
  mpz_ptr r = int_scratch(0);
  mpz_xor(r, x, y);
  return int_from_scratch(r);
}

#undef REQUIRE_INTS

namespace {

Ref<> int_negative(Value v) {
  if (v.is_small_int()) return small_result(-v.as_small_int());
  mpz_srcptr z = as_int(v)->value;
  if (mpz_size(z) <= 1) {  // -(2**62) is small although 2**62 is not
    mpz_ptr r = int_scratch(0);
    mpz_neg(r, z);
    return int_from_scratch(r);
  }
  // The same limbs with the other sign.
  return int_from_limbs(z->_mp_d, mpz_size(z), mpz_sgn(z) > 0);
}

Ref<> int_absolute(Value v) {
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    return small_result(i < 0 ? -i : i);
  }
  if (mpz_sgn(as_int(v)->value) >= 0) return int_exact(v);
  return int_negative(v);
}

Ref<> int_invert(Value v) {
  if (v.is_small_int()) return Ref<>::steal(Value::small_int(~v.as_small_int()));
  mpz_ptr r = int_scratch(0);
  mpz_com(r, as_int(v)->value);
  return int_from_scratch(r);
}

int int_to_bool(Value v) { return int_sign(v) != 0; }

Ref<> int_to_float(Value v) {
  bool overflow;
  double d = int_to_double(v, &overflow);
  if (overflow) return overflow_error("int too large to convert to float");
  return float_from_double(d);
}

void int_dealloc(Object* o) {
  auto* object = static_cast<IntObject*>(o);
  if (object->value->_mp_d != inline_limbs(object)) {
    mpz_clear(object->value);
  } else if (size_t limbs = size_t(object->value->_mp_alloc); limbs <= kFreelistLimbs) {
    IntFreelist& list = freelists[limbs];
    if (list.size < kFreelistCapacity) {
      list.items[list.size++] = object;
      return;
    }
  }
  free_object(o);
}

}  // namespace

// The type object; its methods and getsets are in int_methods.cpp.
extern const MethodDef int_methods[];
extern const GetSetDef int_getsets[];
Ref<> int_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);

TypeObject int_type{TypeSpec{
    .name = "int",
    .doc = "int([x]) -> integer\n"
           "int(x, base=10) -> integer\n"
           "\n"
           "Convert a number or string to an integer, or return 0 if no arguments\n"
           "are given.  If x is a number, return x.__int__().  For floating point\n"
           "numbers, this truncates towards zero.\n"
           "\n"
           "If x is not a number or if base is given, then x must be a string,\n"
           "bytes, or bytearray instance representing an integer literal in the\n"
           "given base.  The literal can be preceded by '+' or '-' and be surrounded\n"
           "by whitespace.  The base defaults to 10.  Valid bases are 0 and 2-36.\n"
           "Base 0 means to interpret the base from the string as an integer literal.\n"
           ">>> int('0b100', base=0)\n"
           "4",
    .basic_size = sizeof(IntObject),
    .flags = kTypeBaseType | kTypeIntSubclass,
    .slots = {.dealloc = int_dealloc,
              .new_instance = int_new,
              .repr = int_repr_slot,
              .hash = int_hash_slot,
              .compare = int_richcompare,
              .getattr = generic_get_attr,
              .add = int_add,
              .subtract = int_subtract,
              .multiply = int_multiply,
              .true_divide = int_true_divide,
              .floor_divide = int_floor_divide,
              .remainder = int_remainder,
              .divmod = int_divmod,
              .power = int_power,
              .lshift = int_lshift,
              .rshift = int_rshift,
              .bit_and = int_bit_and,
              .bit_or = int_bit_or,
              .bit_xor = int_bit_xor,
              .negative = int_negative,
              .positive = int_exact,
              .absolute = int_absolute,
              .invert = int_invert,
              .to_bool = int_to_bool,
              .to_int = int_exact,
              .to_float = int_to_float,
              .to_index = int_exact},
    .methods = int_methods,
    .getsets = int_getsets,
}};

}  // namespace krait
