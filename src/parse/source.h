// Turning source bytes into the text the tokenizer reads: the UTF-8 BOM and the PEP 263
// coding cookie (utf-8, latin-1 and pure-ASCII ascii are handled here; other encodings go
// back to the caller), universal newlines, and the final newline of exec input.
#pragma once

#include <string>
#include <string_view>

#include "parse/parser.h"

namespace krait::parse {

struct PreparedSource {
  std::string text;                // '\n' line ends; NUL-terminated by std::string
  bool encoding_declared = false;  // CPython's tok->encoding != NULL
};

// False when `result` already holds the outcome (an error, or needs_decoding).
bool prepare_source(std::string_view source, std::string_view filename, Mode mode,
                    unsigned flags, PreparedSource* out, ParseResult* result);

}  // namespace krait::parse
