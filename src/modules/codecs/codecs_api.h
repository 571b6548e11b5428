// What the rest of krait uses from the codec registry (_codecs): str.encode and
// bytes.decode report a failing codec the way codecs.encode/decode do.
#pragma once

#include "core/object.h"

namespace krait {

// Replaces the exception a codec raised with one of the same type naming the codec
// ("encoding with 'idna' codec failed (UnicodeError: ...)"), chained as its cause, when
// that loses nothing (CPython's wrap_codec_error). `operation` is "encoding" or
// "decoding"; `encoding` a str.
void wrap_codec_error(const char* operation, Value encoding);

}  // namespace krait
