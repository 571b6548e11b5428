// What the files of the _json module share: the Scanner (json_scanner.cpp) and Encoder
// (json_encoder.cpp) types, the string scanner and escapers (json_strings.cpp), and
// CPython's recursion accounting for nested containers.
#pragma once

#include <cstdint>

#include "core/error.h"
#include "modules/json/text_writer.h"

namespace krait {

extern TypeObject json_scanner_type;  // _json.Scanner, exported as make_scanner
extern TypeObject json_encoder_type;  // _json.Encoder, exported as make_encoder

// Raises json.decoder.JSONDecodeError(message, document, pos).
Raised json_decode_error(const char* message, Value document, int64_t pos);

// Reads the JSON string body starting at text[end] (just after the opening quote) as
// scanstring does: the decoded str, *next set past the closing quote.
Ref<StrObject> json_scan_string(StrObject* document, int64_t end, bool strict, int64_t* next);

// Appends the JSON form of s (quotes included) to out: only ASCII characters when
// ascii_only (encode_basestring_ascii), otherwise as encode_basestring.
void json_escape_string(StrObject* s, bool ascii_only, TextWriter& out);

// The module functions the encoder recognises to escape strings without a call.
Ref<> json_encode_basestring(Value module, const Value* args);
Ref<> json_encode_basestring_ascii(Value module, const Value* args);

}  // namespace krait
