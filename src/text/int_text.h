// int <-> text rules of CPython 3.11 that do not need the bigint itself: format() of an
// int's digit string (types b c d o x X n and none), printf-style '%d %o %x', and the
// validation of int(str, base) literals. The int object (objects/) produces the magnitude's
// digits in the right base (GMP's mpz_get_str) and does the arithmetic.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "text/format_spec.h"

namespace krait::text {

// What format(int, spec) needs for spec.type: the base of the digit string to produce,
// a code point ('c'), a float conversion (e E f F g G %), or an unknown code.
enum class IntFormatKind : uint8_t { kDigits, kChar, kFloat, kUnknown };
IntFormatKind int_format_kind(const FormatSpec& spec);
// Base of the digits for kDigits: 2 ('b'), 8 ('o'), 16 ('x', 'X') or 10 ('d', 'n').
int int_format_base(const FormatSpec& spec);

// format(i, spec) for kDigits types. `magnitude_digits` are |i| in int_format_base(spec),
// lower-case ("0" for zero); `type_name` is for messages. On error *out has the message.
TextStatus format_int(std::string_view magnitude_digits, bool negative, const FormatSpec& spec,
                      std::string_view type_name, std::string* out);

// format(i, spec) with type 'c', checking the spec before the value as CPython does. Pass
// `fits_in_long` = false when i does not fit a C long (then `value` is ignored). Errors:
// kValueError for precision, 'z', sign or '#'; kOverflowError "Python int too large to
// convert to C long" or "%c arg not in range(0x110000)".
TextStatus format_int_char(int64_t value, bool fits_in_long, const FormatSpec& spec,
                           std::string* out);

// '%d' % i and friends: types d i u (decimal digits), o (octal), x X (hex, lower-case
// digits given). '#' adds 0o/0x/0X, precision pads the digits with zeros.
TextStatus format_int_printf(std::string_view magnitude_digits, bool negative,
                             const PrintfSpec& spec, std::string* out);

// int(text, base) syntax, after the caller mapped Unicode digits and spaces to ASCII:
// surrounding ASCII whitespace, a sign, the 0x/0o/0b prefix (required to pick the base
// when base is 0, allowed when it matches), single underscores between digits (one may
// follow the prefix), no leading zeros in base 0 unless the value is zero. On success
// *clean_digits holds the digits alone (no sign, prefix or underscores) for
// mpz_set_str(..., *detected_base). base is 0 or 2..36 (the caller rejects others).
bool parse_int_literal(std::string_view text, int base, std::string* clean_digits,
                       int* detected_base, bool* negative);

}  // namespace krait::text
