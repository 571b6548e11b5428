// complex <-> text as CPython 3.11: repr ('(1+2j)', '1j', '(-0-0j)'), format() with the
// format-spec mini-language, and complex() string parsing. Built on float_text; the
// complex object (objects/) calls these with the real and imaginary doubles.
#pragma once

#include <string>
#include <string_view>

#include "text/format_spec.h"

namespace krait::text {

// repr(z) / str(z): the real part is left out (and so are the parentheses) iff it is +0.0.
std::string complex_repr(double real, double imag);
void append_complex_repr(double real, double imag, std::string* out);

// format(z, spec): types e E f F g G n and none; no '=' alignment, no zero padding.
// `type_name` is for messages. On error *out holds the message.
TextStatus format_complex(double real, double imag, const FormatSpec& spec,
                          std::string_view type_name, std::string* out);
TextStatus format_complex(double real, double imag, std::string_view spec,
                          std::string_view type_name, std::string* out);

// complex(text) after the caller mapped Unicode digits/spaces to ASCII: '1', '2j', '1+2j',
// '(1-2.5e3J)', '-j', 'inf+nanj', with surrounding whitespace, optional parentheses and
// underscores between digits. Returns false if the text is malformed.
bool parse_complex(std::string_view text, double* real, double* imag);

}  // namespace krait::text
