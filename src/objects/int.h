// int: arbitrary precision. Values in the 63-bit small range are tagged Values and never
// allocate (core/value.h); larger ones are IntObjects holding a GMP integer. Every
// operation returns the canonical form: a result that fits is always a small int. bool
// and int subclasses are IntObjects whatever their value.
#pragma once

#include <gmp.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/type.h"

namespace krait {

extern TypeObject int_type;
extern TypeObject bool_type;

struct IntObject : Object {
  mpz_t value;
};

inline bool is_int(Value v) {
  return v.is_small_int() || type_has_flag(v, kTypeIntSubclass);
}
inline bool is_exact_int(Value v) { return v.is_small_int() || v.as_object()->type == &int_type; }
inline IntObject* as_int(Value v) { return static_cast<IntObject*>(v.as_object()); }

// --- Making ints ---
// i must be in the small-int range (Value::fits_small_int).
inline Ref<> int_from_small(int64_t i) { return Ref<>::steal(Value::small_int(i)); }
Ref<> int_from_int64(int64_t i);
Ref<> int_from_uint64(uint64_t u);
Ref<> int_from_mpz(const mpz_t z);   // copies; small when it fits
Ref<> int_from_mpz_move(mpz_t z);    // takes z's limbs; z is left an empty mpz (clearing it is optional)
Ref<> int_from_double(double d);     // truncates; raises for inf/nan
// From digits as the tokenizer keeps them ("0x1f", "0o17", "0b101", "123", no underscores).
Ref<> int_from_literal(std::string_view text);
// int(text, base) for UTF-8 text (Unicode digits and spaces allowed): ValueError
// "invalid literal for int() with base 10: '...'" or past the digit limit.
Ref<> int_from_string(std::string_view text, int base);

// --- Reading ints (v must satisfy is_int) ---
// Sets *out and returns true when v fits in an int64.
bool int_to_int64(Value v, int64_t* out);
// Raises OverflowError("Python int too large to convert to C long") when it does not fit.
bool int_as_int64(Value v, int64_t* out);
double int_to_double(Value v, bool* overflow);
int int_sign(Value v);
// Copies v into z (z must be initialised).
void int_to_mpz(Value v, mpz_t z);
std::string int_to_decimal(Value v);
int64_t int_hash(Value v);
int int_compare(Value a, Value b);  // both ints: <0, 0, >0

// Generic arithmetic on ints (small fast paths inline in the VM call these on overflow).
Ref<> int_add(Value a, Value b);
Ref<> int_subtract(Value a, Value b);
Ref<> int_multiply(Value a, Value b);

// Converts any object with __index__ to an int (PyNumber_Index) ...
Ref<> number_index(Value v);
// ... and then to an int64, raising OverflowError (or `error_type` if given) when too big.
bool index_to_int64(Value v, int64_t* out, TypeObject* overflow_error = nullptr);
// As above but clamps to the int64 range instead (for slice indices).
bool index_to_int64_clamped(Value v, int64_t* out);

// --- Text (the limit of sys.set_int_max_str_digits applies to decimal conversions) ---
constexpr int64_t kIntDefaultMaxStrDigits = 4300;   // sys.int_info.default_max_str_digits
constexpr int64_t kIntMaxStrDigitsThreshold = 640;  // sys.int_info.str_digits_check_threshold
int64_t int_max_str_digits();
// sys.set_int_max_str_digits: 0 (no limit) or at least the threshold, else ValueError.
bool set_int_max_str_digits(int64_t max_digits);
// repr(v) / str(v) for an int: a str, or null with ValueError past the digit limit.
Ref<> int_repr(Value v);
// The digits of |v| in `base` (2..36, lower case), for '%d' / '%x' and friends. Decimal
// conversions respect the digit limit (false with ValueError set).
bool int_magnitude_digits(Value v, int base, std::string* out);
// int.__format__(v, spec).
Ref<> int_format(Value v, std::string_view spec);

}  // namespace krait
