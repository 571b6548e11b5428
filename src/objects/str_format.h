// The parts of str formatting other modules use: the `_string` module's two helpers (the
// parser behind string.Formatter) and the printf-style engine bytes.__mod__ shares with
// str.__mod__. The rest of formatting (str.format, format_map, __format__) is reached
// through str's methods.
#pragma once

#include <string_view>

#include "core/object.h"

namespace krait {

// _string.formatter_parser(s): an iterator over (literal_text, field_name, format_spec,
// conversion) tuples; the last three are None after trailing literal text. Errors in the
// format string are raised while iterating, as in CPython.
Ref<> string_formatter_parser(Value s);
// _string.formatter_field_name_split(name): (first, iterator of (is_attribute, key)); first
// and the item keys are ints when they are decimal numbers.
Ref<> string_formatter_field_name_split(Value name);

// printf-style formatting of a bytes format string (bytes % args, bytearray % args): the
// formatted bytes, as a bytes object.
Ref<> bytes_percent_format(std::string_view format, Value args);

}  // namespace krait
