// float <-> text exactly as CPython 3.11: repr (shortest round-trip), format() with the
// format-spec mini-language, printf-style '%e %f %g', float() parsing, float.hex/fromhex
// and round(x, n). Pure functions over double; the float object (objects/) calls these.
// Digits come from <charconv>, whose fixed/scientific conversions are correctly rounded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "text/format_spec.h"

namespace krait::text {

// repr(x) / str(x): '1.5', '1e+16', '1e-05', '0.0001', '123456789012345.0', 'inf', 'nan'.
std::string float_repr(double x);
void append_float_repr(double x, std::string* out);

// How a float becomes text before padding, PyOS_double_to_string's flags.
struct FloatStyle {
  char mode = 'r';           // 'e', 'f', 'g' or 'r' (shortest); lower case
  bool upper = false;        // 'E', 'F', 'G': 'E' in the exponent, INF, NAN
  int64_t precision = 0;     // digits after the point (e, f) or significant digits (g)
  bool alternate = false;    // '#': keep the point and trailing zeros
  bool add_dot_0 = false;    // integers get '.0' (repr, format's "none" type)
  bool always_sign = false;  // '+' before non-negative values (complex imaginary parts)
  bool no_neg_zero = false;  // 'z': a value that rounds to zero loses its '-'
};

// Appends x rendered per `style` (sign included: '-' for negatives, '+' if always_sign).
// Returns true if a '-' was written. NaN never has a '-'.
bool append_float_style(double x, const FloatStyle& style, std::string* out);

// format(x, spec) for float: types e E f F g G n % and none. `type_name` ("float", or the
// subclass's name) is used in error messages. On error *out holds the message.
TextStatus format_float(double x, const FormatSpec& spec, std::string_view type_name,
                        std::string* out);
TextStatus format_float(double x, std::string_view spec, std::string_view type_name,
                        std::string* out);

// '%.3e' % x and friends: types e E f F g G. On error *out holds the message.
TextStatus format_float_printf(double x, const PrintfSpec& spec, std::string* out);

// float(text) after the caller mapped Unicode digits/spaces to ASCII: optional sign, digits
// with single '_' between digits, '.', exponent, or inf/infinity/nan in any case. Leading
// and trailing ASCII whitespace is skipped. Correctly rounded; overflow gives +-inf.
bool parse_float(std::string_view text, double* out);

// Longest prefix of `text` that reads as a float (no whitespace, no underscores), the way
// complex() scans its parts. Returns the bytes consumed, 0 if none.
size_t parse_float_prefix(std::string_view text, double* out);

// Removes underscores if each one sits between two digits (float(), complex() and int()
// literal rules); returns false if one does not. `text` is the stripped string.
bool remove_underscores(std::string_view text, std::string* out);

// float.hex(x): '0x1.8000000000000p+0', '-0x0.0p+0', 'inf', 'nan'.
std::string float_hex(double x);

// float.fromhex(text). Errors: kValueError "invalid hexadecimal floating-point string",
// kOverflowError "hexadecimal value too large to represent as a float"; message in *error.
TextStatus float_fromhex(std::string_view text, double* out, std::string* error);

// round(x, ndigits) for a float: the decimal value of x correctly rounded (half to even) at
// 10**-ndigits. Sets *overflow (OverflowError "rounded value too large to represent") when
// the result is too large. ndigits is the Python int clipped to the int64 range.
double round_double(double x, int64_t ndigits, bool* overflow);

}  // namespace krait::text
