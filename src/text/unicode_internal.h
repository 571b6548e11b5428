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

// The 3.2.0 record of c if version is kUnicode3_2 and c's properties changed since, else
// nullptr.
const tables::Ucd32Record* ucd_3_2_record(CodePoint c, Version version);
// False for characters unassigned in `version` (they have no name or decomposition there).
bool is_assigned(CodePoint c, Version version);

// The decomposition normalization uses under `version` (as decomposition_entry).
const uint32_t* normalization_decomposition(CodePoint c, Version version);

}  // namespace krait::unicode
