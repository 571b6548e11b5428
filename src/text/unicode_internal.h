// Table accessors shared by the unicode*.cpp files (properties, names, normalization);
// not part of the public API in unicode.h.
#pragma once

#include <cstdint>

#include "text/unicode.h"
#include "text/unicode_tables.h"

namespace krait::unicode {

const tables::PropertyRecord& property_record(CodePoint c);

// The decomposition of c in kDecompositionData ((tag << 8 | length), then the code
// points), or nullptr if c has none. Hangul syllables are decomposed by rule, not here.
const uint32_t* decomposition_entry(CodePoint c);

}  // namespace krait::unicode
