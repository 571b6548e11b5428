// The ASCII form of number text. int(), float() and complex() accept Unicode whitespace
// and the decimal digits of every script (str.isdecimal); they become ' ' and '0'..'9'
// before the ASCII parsers of int_text, float_text and complex_text read the text. Any
// other non-ASCII code point becomes '?', which no parser accepts.
#pragma once

#include <string>
#include <string_view>

namespace krait::text {

// `utf8` may contain surrogates encoded as three bytes (krait's internal str form).
std::string number_text_to_ascii(std::string_view utf8);

}  // namespace krait::text
