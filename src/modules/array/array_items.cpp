// The array module's item descriptors: for each typecode, how a Python value becomes a raw
// item (with the range checks and messages of CPython's setitem routines, which go through
// getargs' converters: 'b' checks the C short range before the signed char one, 'H' the C
// int range before the unsigned short one) and how an item reads back. Sizes are those of
// the C types on a 64-bit Linux host: wchar_t ('u') holds UCS-4.
#include <cstring>

#include "core/error.h"
#include "core/ops.h"
#include "modules/array/array_internal.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/str.h"

namespace krait {

namespace {

template <class T>
T load(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));
  return value;
}

template <class T>
void store(char* p, T value) {
  std::memcpy(p, &value, sizeof(T));
}

// --- Conversions from Python values ---

// The integer behind v: an int, or what __index__ returns ("'float' object cannot be
// interpreted as an integer" otherwise).
Ref<> integer_of(Value v) { return number_index(v); }

// PyLong_AsLong: an int64, or OverflowError "Python int too large to convert to C long"
// (`overflow_message` replaces that text for the long long conversions).
bool as_long(Value v, int64_t* out, const char* overflow_message = nullptr) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> integer = integer_of(v);
  if (!integer) return false;
  if (int_to_int64(integer, out)) return true;
  if (overflow_message) return overflow_error(overflow_message);
  return int_as_int64(integer, out);
}

// PyLong_AsUnsignedLong / PyLong_AsUnsignedLongLong after __index__, with the message
// each uses for a negative value and for one past 64 bits.
bool as_unsigned(Value v, uint64_t* out, const char* negative_message,
                 const char* too_big_message) {
  if (v.is_small_int() && v.as_small_int() >= 0) {
    *out = uint64_t(v.as_small_int());
    return true;
  }
  Ref<> integer = integer_of(v);
  if (!integer) return false;
  if (int_sign(integer) < 0) return overflow_error(negative_message);
  int64_t small;
  if (int_to_int64(integer, &small)) {
    *out = uint64_t(small);
    return true;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(integer, z);
  bool fits = mpz_sizeinbase(z, 2) <= 64;
  if (fits) {
    uint64_t value = 0;
    mpz_export(&value, nullptr, -1, sizeof(value), 0, 0, z);
    *out = value;
  }
  mpz_clear(z);
  if (!fits) return overflow_error(too_big_message);
  return true;
}

// A C long narrowed to [low, high] with getargs' messages ("signed short integer is
// greater than maximum").
bool in_range(int64_t x, int64_t low, int64_t high, const char* what) {
  if (x < low) return overflow_error("{} is less than minimum", what);
  if (x > high) return overflow_error("{} is greater than maximum", what);
  return true;
}

bool pack_b(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x) || !in_range(x, INT16_MIN, INT16_MAX, "signed short integer") ||
      !in_range(x, INT8_MIN, INT8_MAX, "signed char")) {
    return false;
  }
  store<int8_t>(out, int8_t(x));
  return true;
}

bool pack_B(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x) || !in_range(x, 0, UINT8_MAX, "unsigned byte integer")) return false;
  store<uint8_t>(out, uint8_t(x));
  return true;
}

bool pack_u(Value v, char* out) {
  if (!is_str(v) || as_str(v)->length != 1)
    return type_error("array item must be unicode character");
  store<uint32_t>(out, uint32_t(as_str(v)->at(0)));
  return true;
}

bool pack_h(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x) || !in_range(x, INT16_MIN, INT16_MAX, "signed short integer")) return false;
  store<int16_t>(out, int16_t(x));
  return true;
}

bool pack_H(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x) || !in_range(x, INT32_MIN, INT32_MAX, "signed integer") ||
      !in_range(x, 0, UINT16_MAX, "unsigned short")) {
    return false;
  }
  store<uint16_t>(out, uint16_t(x));
  return true;
}

bool pack_i(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x) || !in_range(x, INT32_MIN, INT32_MAX, "signed integer")) return false;
  store<int32_t>(out, int32_t(x));
  return true;
}

bool pack_I(Value v, char* out) {
  uint64_t x;
  if (!as_unsigned(v, &x, "can't convert negative value to unsigned int",
                   "Python int too large to convert to C unsigned long")) {
    return false;
  }
  if (x > UINT32_MAX) return overflow_error("unsigned int is greater than maximum");
  store<uint32_t>(out, uint32_t(x));
  return true;
}

bool pack_l(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x)) return false;
  store<int64_t>(out, x);
  return true;
}

bool pack_L(Value v, char* out) {
  uint64_t x;
  if (!as_unsigned(v, &x, "can't convert negative value to unsigned int",
                   "Python int too large to convert to C unsigned long")) {
    return false;
  }
  store<uint64_t>(out, x);
  return true;
}

bool pack_q(Value v, char* out) {
  int64_t x;
  if (!as_long(v, &x, "int too big to convert")) return false;
  store<int64_t>(out, x);
  return true;
}

bool pack_Q(Value v, char* out) {
  uint64_t x;
  if (!as_unsigned(v, &x, "can't convert negative int to unsigned", "int too big to convert")) {
    return false;
  }
  store<uint64_t>(out, x);
  return true;
}

bool pack_f(Value v, char* out) {
  double x;
  if (!number_to_double(v, &x)) return false;
  store<float>(out, float(x));
  return true;
}

bool pack_d(Value v, char* out) {
  double x;
  if (!number_to_double(v, &x)) return false;
  store<double>(out, x);
  return true;
}

// --- Items as Python values ---

template <class T>
Ref<> get_signed(const char* p) {
  return int_from_int64(int64_t(load<T>(p)));
}

template <class T>
Ref<> get_unsigned(const char* p) {
  return int_from_uint64(uint64_t(load<T>(p)));
}

Ref<> get_u(const char* p) {
  uint32_t c = load<uint32_t>(p);
  if (c > 0x10FFFF) return value_error("chr() arg not in range(0x110000)");
  return str_from_code_point(char32_t(c));
}

Ref<> get_f(const char* p) { return float_from_double(double(load<float>(p))); }
Ref<> get_d(const char* p) { return float_from_double(load<double>(p)); }

}  // namespace

const ArrayDescr array_descriptors[] = {
    {'b', 1, true, true, kSignedInt8, "b", get_signed<int8_t>, pack_b},
    {'B', 1, true, false, kUnsignedInt8, "B", get_unsigned<uint8_t>, pack_B},
    {'u', 4, false, false, kUtf32Le, "w", get_u, pack_u},
    {'h', 2, true, true, kSignedInt16Le, "h", get_signed<int16_t>, pack_h},
    {'H', 2, true, false, kUnsignedInt16Le, "H", get_unsigned<uint16_t>, pack_H},
    {'i', 4, true, true, kSignedInt32Le, "i", get_signed<int32_t>, pack_i},
    {'I', 4, true, false, kUnsignedInt32Le, "I", get_unsigned<uint32_t>, pack_I},
    {'l', 8, true, true, kSignedInt64Le, "l", get_signed<int64_t>, pack_l},
    {'L', 8, true, false, kUnsignedInt64Le, "L", get_unsigned<uint64_t>, pack_L},
    {'q', 8, true, true, kSignedInt64Le, "q", get_signed<int64_t>, pack_q},
    {'Q', 8, true, false, kUnsignedInt64Le, "Q", get_unsigned<uint64_t>, pack_Q},
    {'f', 4, false, false, kFloatLe, "f", get_f, pack_f},
    {'d', 8, false, false, kDoubleLe, "d", get_d, pack_d},
};
static_assert(sizeof(array_descriptors) / sizeof(array_descriptors[0]) == kArrayDescriptorCount);

const ArrayDescr* array_descr_for(char32_t typecode) {
  for (const ArrayDescr& descr : array_descriptors) {
    if (char32_t(descr.typecode) == typecode) return &descr;
  }
  return nullptr;
}

const MachineFormatDescr machine_formats[kMachineFormatMax + 1] = {
    {1, false, false}, {1, true, false},  // UNSIGNED_INT8, SIGNED_INT8
    {2, false, false}, {2, false, true},  // UNSIGNED_INT16_LE/BE
    {2, true, false},  {2, true, true},   // SIGNED_INT16_LE/BE
    {4, false, false}, {4, false, true},  // UNSIGNED_INT32_LE/BE
    {4, true, false},  {4, true, true},   // SIGNED_INT32_LE/BE
    {8, false, false}, {8, false, true},  // UNSIGNED_INT64_LE/BE
    {8, true, false},  {8, true, true},   // SIGNED_INT64_LE/BE
    {4, false, false}, {4, false, true},  // IEEE_754_FLOAT_LE/BE
    {8, false, false}, {8, false, true},  // IEEE_754_DOUBLE_LE/BE
    {2, false, false}, {2, false, true},  // UTF16_LE/BE
    {4, false, false}, {4, false, true},  // UTF32_LE/BE
};

}  // namespace krait
