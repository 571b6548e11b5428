// Character properties and case mappings: lookups into the generated two-level tables
// (unicode_tables.cpp). Names live in unicode_names.cpp, normalization in
// unicode_normalize.cpp.
#include "text/unicode.h"

#include <cstdio>

#include "text/unicode_internal.h"
#include "text/unicode_tables.h"

namespace krait::unicode {

using namespace tables;

const PropertyRecord& property_record(CodePoint c) {
  if (c > kMaxCodePoint) return kPropertyRecords[0];  // unassigned, no properties
  const unsigned block = kPropertyIndex1[c >> kPropertyShift];
  return kPropertyRecords[kPropertyIndex2[(block << kPropertyShift) +
                                          (c & ((1u << kPropertyShift) - 1))]];
}

namespace {

bool has_flag(CodePoint c, unsigned flag) { return (property_record(c).flags & flag) != 0; }

// The full mapping number `which` (0 lower, 1 upper, 2 title, 3 casefold) of a character
// with kFlagExtendedCase; its length goes to *length.
const uint32_t* extended_mapping(const PropertyRecord& record, int which, int* length) {
  const uint32_t* data = &kCaseData[record.lower];
  const uint32_t lengths = data[0];
  unsigned offset = 1;
  for (int i = 0; i < which; ++i) offset += (lengths >> (2 * i)) & 3;
  *length = static_cast<int>((lengths >> (2 * which)) & 3);
  return data + offset;
}

CodePoint simple_mapping(CodePoint c, int which) {
  const PropertyRecord& record = property_record(c);
  if (record.flags & kFlagExtendedCase) {
    int length;
    return extended_mapping(record, which, &length)[0];
  }
  if (which == 3) which = 0;  // casefold is lower unless the mapping is extended
  const int32_t delta = which == 0 ? record.lower : which == 1 ? record.upper : record.title;
  return static_cast<CodePoint>(static_cast<int32_t>(c) + delta);
}

int full_mapping(CodePoint c, int which, CodePoint out[3]) {
  const PropertyRecord& record = property_record(c);
  if (!(record.flags & kFlagExtendedCase)) {
    out[0] = simple_mapping(c, which);
    return 1;
  }
  int length;
  const uint32_t* mapping = extended_mapping(record, which, &length);
  for (int i = 0; i < length; ++i) out[i] = mapping[i];
  return length;
}

}  // namespace

bool is_alpha(CodePoint c) { return has_flag(c, kFlagAlpha); }
bool is_decimal(CodePoint c) { return has_flag(c, kFlagDecimal); }
bool is_digit(CodePoint c) { return has_flag(c, kFlagDigit); }
bool is_numeric(CodePoint c) { return has_flag(c, kFlagNumeric); }
bool is_alnum(CodePoint c) {
  return has_flag(c, kFlagAlpha | kFlagDecimal | kFlagDigit | kFlagNumeric);
}
bool is_space(CodePoint c) { return has_flag(c, kFlagSpace); }
bool is_linebreak(CodePoint c) { return has_flag(c, kFlagLinebreak); }
bool is_printable(CodePoint c) { return has_flag(c, kFlagPrintable); }
bool is_lower(CodePoint c) { return has_flag(c, kFlagLower); }
bool is_upper(CodePoint c) { return has_flag(c, kFlagUpper); }
bool is_title(CodePoint c) { return has_flag(c, kFlagTitle); }
bool is_cased(CodePoint c) { return has_flag(c, kFlagCased); }
bool is_case_ignorable(CodePoint c) { return has_flag(c, kFlagCaseIgnorable); }
bool is_xid_start(CodePoint c) { return has_flag(c, kFlagXidStart); }
bool is_xid_continue(CodePoint c) { return has_flag(c, kFlagXidContinue); }

int decimal_value(CodePoint c, Version version) {
  if (const Ucd32Record* old = ucd_3_2_record(c, version)) {
    return old->has_decimal ? old->digit : -1;
  }
  const PropertyRecord& record = property_record(c);
  return (record.flags & kFlagDecimal) ? record.digit : -1;
}

int digit_value(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  const uint8_t digit = old ? old->digit : property_record(c).digit;
  return digit == 0xFF ? -1 : digit;
}

bool numeric_value(CodePoint c, double* value, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  const unsigned index = old ? old->numeric_index : property_record(c).numeric_index;
  if (index == 0) return false;
  *value = kNumericValues[index];
  return true;
}

CodePoint to_lower_simple(CodePoint c) { return simple_mapping(c, 0); }
CodePoint to_upper_simple(CodePoint c) { return simple_mapping(c, 1); }
CodePoint to_title_simple(CodePoint c) { return simple_mapping(c, 2); }
int to_lower_full(CodePoint c, CodePoint out[3]) { return full_mapping(c, 0, out); }
int to_upper_full(CodePoint c, CodePoint out[3]) { return full_mapping(c, 1, out); }
int to_title_full(CodePoint c, CodePoint out[3]) { return full_mapping(c, 2, out); }
int to_casefold_full(CodePoint c, CodePoint out[3]) { return full_mapping(c, 3, out); }

Category category(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  return static_cast<Category>(old ? old->category : property_record(c).category);
}

std::string_view category_name(Category category) {
  static constexpr const char kNames[] =
      "CnLuLlLtLmLoMnMcMeNdNlNoPcPdPsPePiPfPoSmScSkSoZsZlZpCcCfCsCo";
  return std::string_view(kNames + 2 * static_cast<int>(category), 2);
}

std::string_view bidirectional(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  return kBidirectionalNames[old ? old->bidirectional : property_record(c).bidirectional];
}

int combining(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  return old ? old->combining : property_record(c).combining;
}

std::string_view east_asian_width(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  return kEastAsianWidthNames[old ? old->east_asian_width : property_record(c).east_asian_width];
}

int mirrored(CodePoint c, Version version) {
  if (const Ucd32Record* old = ucd_3_2_record(c, version)) return old->mirrored;
  return has_flag(c, kFlagMirrored) ? 1 : 0;
}

const uint32_t* decomposition_entry(CodePoint c) {
  if (c > kMaxCodePoint) return nullptr;
  const unsigned block = kDecompositionIndex1[c >> kDecompositionShift];
  const unsigned offset = kDecompositionIndex2[(block << kDecompositionShift) +
                                               (c & ((1u << kDecompositionShift) - 1))];
  return offset == 0 ? nullptr : &kDecompositionData[offset];
}

const Ucd32Record* ucd_3_2_record(CodePoint c, Version version) {
  if (version != Version::kUnicode3_2 || c > kMaxCodePoint) return nullptr;
  const unsigned block = kUcd32Index1[c >> kUcd32Shift];
  const unsigned index = kUcd32Index2[(block << kUcd32Shift) + (c & ((1u << kUcd32Shift) - 1))];
  return index == 0 ? nullptr : &kUcd32Records[index - 1];
}

bool is_assigned(CodePoint c, Version version) {
  const Ucd32Record* old = ucd_3_2_record(c, version);
  return old == nullptr || old->category != static_cast<uint8_t>(Category::Cn);
}

// Characters unassigned in 3.2.0 have no decomposition there; a few decomposed
// differently (NormalizationCorrections.txt).
const uint32_t* normalization_decomposition(CodePoint c, Version version) {
  if (const Ucd32Record* old = ucd_3_2_record(c, version)) {
    if (old->category == static_cast<uint8_t>(Category::Cn)) return nullptr;
    if (old->decomposition != 0) return &kDecompositionData[old->decomposition];
  }
  return decomposition_entry(c);
}

std::string decomposition(CodePoint c, Version version) {
  std::string text;
  const uint32_t* entry = is_assigned(c, version) ? decomposition_entry(c) : nullptr;
  if (entry == nullptr) return text;
  text = kDecompositionTagNames[entry[0] >> 8];
  const unsigned length = entry[0] & 0xFF;
  for (unsigned i = 1; i <= length; ++i) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%s%04X", text.empty() ? "" : " ", entry[i]);
    text += buffer;
  }
  return text;
}

}  // namespace krait::unicode
