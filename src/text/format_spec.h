// The format-spec mini-language of format(), str.format and f-strings:
// "[[fill]align][sign][z][#][0][width][grouping][.precision][type]" parsed into a FormatSpec,
// plus the padding, alignment and digit-grouping rules that every type shares, and str's own
// __format__. The number renderers live in float_text, int_text and complex_text. No Python
// objects here: text is UTF-8 in std::string, widths count code points.
#pragma once

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>

namespace krait::text {

// Outcome of a text routine. On anything but kOk the output string holds the exception
// message (kMemoryError has none); the caller raises ValueError / OverflowError /
// MemoryError with it.
enum class TextStatus : uint8_t { kOk, kValueError, kOverflowError, kMemoryError };

struct FormatSpec {
  char32_t fill = ' ';
  char32_t type = 0;         // presentation type; 0 when omitted and the default is "none"
  char align = '>';          // '<', '>', '^' or '=' (resolved: never unset after parsing)
  char sign = 0;             // 0 (unspecified), '+', '-' or ' '
  char grouping = 0;         // 0, ',' or '_'
  bool alternate = false;    // '#'
  bool no_neg_zero = false;  // 'z'
  int64_t width = -1;        // -1: not given
  int64_t precision = -1;    // -1: not given
};

// Parses `spec` for an object whose __format__ uses `default_type` (0 for float and complex,
// 'd' for int, 's' for str) and `default_align` ('>' for numbers, '<' for str). `type_name`
// (the object's type, e.g. "float") appears in the "Invalid format specifier" message.
// On error returns kValueError with the message in *error.
TextStatus parse_format_spec(std::string_view spec, char32_t default_type, char default_align,
                             std::string_view type_name, FormatSpec* out, std::string* error);

// "Unknown format code 'q' for object of type 'float'" (type_name cut at 200 code points).
std::string unknown_format_code_message(char32_t type, std::string_view type_name);

// str.__format__: applies precision (truncation), width, fill and alignment to UTF-8 text.
// Rejects sign, 'z', '#' and '=' as CPython does; `type_name` is for unknown type codes.
TextStatus format_str(std::string_view text, const FormatSpec& spec, std::string_view type_name,
                      std::string* out);
// Same, parsing the spec first ("" leaves the text unchanged).
TextStatus format_str(std::string_view text, std::string_view spec, std::string_view type_name,
                      std::string* out);

// --- printf-style ('%') conversions ---

// Conversion flags, width and precision of one printf-style ('%') conversion. The caller
// parses the format string (mapping keys, '*') and converts %s %r %a %c objects itself,
// using format_printf_text for their padding.
struct PrintfSpec {
  bool left_adjust = false;  // '-'
  bool plus_sign = false;    // '+'
  bool space_sign = false;   // ' '
  bool alternate = false;    // '#'
  bool zero_pad = false;     // '0'
  int64_t width = -1;        // -1: not given
  int64_t precision = -1;    // -1: not given
  char type = 0;             // the conversion character
};

// %s %r %a %c: `text` (the converted object) truncated to the precision (s r a) and
// padded with spaces to the width, left or right.
TextStatus format_printf_text(std::string_view text, const PrintfSpec& spec, std::string* out);

// --- shared by the number renderers (float_text, int_text, complex_text) ---
// These append and may throw std::bad_alloc / std::length_error for impossible widths; the
// public functions above run them under guard_allocation.

// A number split the way the padding rules see it:
//   <sign><prefix><digits>[.]<remainder>
// `digits` are the integer digits, the only part that is grouped and zero-extended.
struct NumberParts {
  bool negative = false;    // the value's own sign ('-' is written by the layout)
  std::string_view prefix;  // "0x", "0B", ... (ASCII, already cased)
  std::string_view digits;  // ASCII digits
  bool has_decimal_point = false;
  std::string_view remainder;    // fraction, exponent, '%', or the character of 'c' (UTF-8)
  int64_t remainder_chars = -1;  // code points in remainder; -1: same as its byte length
};

// Appends the number laid out per `spec` (sign, '=' padding, zero padding that grows the
// grouping, '<' '>' '^' padding). `group_size` is 3 or 4 ('_' with b/o/x/X).
void append_number(const NumberParts& parts, const FormatSpec& spec, int group_size,
                   std::string* out);

// Pads a converted number ("-0x1f", "1.5e+00") per the printf flags: the sign flags, '0'
// padding between the sign (and the 0x/0o prefix for '#' with o x X) and the digits,
// space padding before them, or after them with '-'.
void append_printf_number(std::string_view body, const PrintfSpec& spec, std::string* out);

// Appends `text` (of `text_chars` code points) padded to `width` per `align` with `fill`
// ('=' behaves as '<'), the rule for strings and complex numbers.
void append_padded(std::string_view text, int64_t text_chars, int64_t width, char align,
                   char32_t fill, std::string* out);

// Code points in UTF-8 text (counts every byte that is not a continuation byte).
int64_t count_code_points(std::string_view text);

// Runs `body` (which returns a TextStatus), turning a failed allocation (a huge width or
// precision) into kMemoryError so no C++ exception leaves this library.
template <class Body>
TextStatus guard_allocation(std::string* out, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
  } catch (const std::length_error&) {
  }
  out->clear();
  out->shrink_to_fit();
  return TextStatus::kMemoryError;
}

}  // namespace krait::text
