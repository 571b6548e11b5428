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

// What normalization uses under `version`: the decomposition (as decomposition_entry),
// the canonical combining class, and whether a primary composite may be formed.
const uint32_t* normalization_decomposition(CodePoint c, Version version);
int normalization_combining(CodePoint c, Version version);
bool composition_allowed(CodePoint composite, Version version);

}  // namespace krait::unicode
