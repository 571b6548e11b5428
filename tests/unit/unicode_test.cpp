// Tests for src/text/unicode*.{h,cpp} and src/text/utf8.h: every property over every code
// point against digests computed by tools/gen_unicode_tables.py from python3.11, plus spot
// checks written out by hand.
#include "text/unicode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace krait::unicode {
namespace {

struct PropertyDigest {
  const char* property;
  uint32_t crc;
  uint32_t length;
};

constexpr PropertyDigest kDigests[] = {
#include "unicode_test_vectors.inc"
};

uint32_t crc32(std::string_view data) {
  static uint32_t table[256];
  if (table[1] == 0) {
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t value = i;
      for (int bit = 0; bit < 8; ++bit) value = (value >> 1) ^ ((value & 1) ? 0xEDB88320u : 0);
      table[i] = value;
    }
  }
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char byte : data) crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

void append_hex(std::string& out, uint32_t value, const char* suffix) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%X%s", value, suffix);
  out += buffer;
}

void append_int(std::string& out, int value) { out += std::to_string(value) + ";"; }

void append_mapping(std::string& out, int (*mapping)(CodePoint, CodePoint*), CodePoint c) {
  CodePoint buffer[3];
  const int length = mapping(c, buffer);
  for (int i = 0; i < length; ++i) append_hex(out, buffer[i], i + 1 < length ? "," : "");
  out += ";";
}

void append_lookup(std::string& out, std::string_view name, Version version = Version::kCurrent) {
  std::u32string found;
  if (!lookup_name(name, true, found, version)) {
    out += '-';
    return;
  }
  for (size_t i = 0; i < found.size(); ++i) append_hex(out, found[i], ",");
  out.back() = ';';
}

void append_normalizations(std::string& out, std::u32string_view text, Version version) {
  for (auto form : {NormalizationForm::NFC, NormalizationForm::NFKC, NormalizationForm::NFD,
                    NormalizationForm::NFKD}) {
    const std::u32string result = normalize(form, text, version);
    for (CodePoint c : result) append_hex(out, c, ",");
    if (!result.empty()) out.pop_back();
    out += ';';
    out += is_normalized(form, text, version) ? '1' : '0';
  }
}

// The code points of a decomposition() string.
std::u32string parse_decomposition(const std::string& text, bool* canonical) {
  std::u32string parts;
  *canonical = text.empty() || text[0] != '<';
  size_t position = text.find(' ', 0);
  position = *canonical ? 0 : position + 1;
  while (position < text.size()) {
    size_t next = text.find(' ', position);
    if (next == std::string::npos) next = text.size();
    parts.push_back(std::stoul(text.substr(position, next - position), nullptr, 16));
    position = next + 1;
  }
  return parts;
}

// pair_sequences() in the generator.
std::string normalize_pairs(Version version) {
  static constexpr CodePoint kMarks[] = {0x0334, 0x05B0, 0x0316, 0x0301, 0x0345, 0x0F71, 0x1D16D};
  std::string out;
  for (CodePoint c = 0; c <= kMaxCodePoint; ++c) {
    bool canonical;
    const std::u32string parts = parse_decomposition(decomposition(c), &canonical);
    if (parts.size() != 2 || !canonical) continue;
    const CodePoint first = parts[0], second = parts[1];
    append_normalizations(out, std::u32string{first, second}, version);
    append_normalizations(out, std::u32string{second, first}, version);
    append_normalizations(out, std::u32string{first, second, 0x0301}, version);
    for (CodePoint mark : kMarks)
      append_normalizations(out, std::u32string{first, mark, second}, version);
  }
  for (CodePoint syllable : {0xAC00, 0xAC01, 0xD7A3, 0xC8E0}) {
    for (std::u32string tail :
         {U"\u11A8", U"\u11C2", U"\u1161", U"\u0301\u11A8", U"\u11A7", U"\u11C3"}) {
      append_normalizations(out, std::u32string(1, syllable) + tail, version);
    }
  }
  append_normalizations(out, U"\u1100\u1161\u11A8\u1161", version);
  return out;
}

// random_sequences() in the generator: xorshift32 over the characters that take part in
// normalization.
std::vector<std::u32string> random_sequences(int count) {
  std::u32string pool;
  for (CodePoint c = 0; c <= kMaxCodePoint; ++c) {
    bool canonical;
    const std::string text = decomposition(c);
    const std::u32string parts = parse_decomposition(text, &canonical);
    const bool in_pool = combining(c) != 0 || !text.empty() || (c >= 0x1100 && c < 0x1200) ||
                         c == 0xAC00 || c == 0xAC01 || c == 0xD7A3 || c == 0x41 || c == 0x61;
    if (in_pool) pool.push_back(c);
    if (parts.size() == 2 && canonical) pool += parts;
  }
  std::sort(pool.begin(), pool.end());
  pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
  uint32_t state = 2463534242u;
  std::vector<std::u32string> sequences;
  for (int i = 0; i < count; ++i) {
    uint32_t values[6];
    for (uint32_t& value : values) {
      state ^= state << 13;
      state ^= state >> 17;
      state ^= state << 5;
      value = state;
    }
    std::u32string text;
    for (uint32_t k = 1; k <= values[0] % 5 + 1; ++k) text.push_back(pool[values[k] % pool.size()]);
    sequences.push_back(text);
  }
  return sequences;
}

std::string normalize_random(Version version) {
  std::string out;
  for (const std::u32string& text : random_sequences(100000)) {
    append_normalizations(out, text, version);
  }
  return out;
}

// long_sequences() in the generator.
std::string normalize_long(Version version) {
  const std::vector<std::u32string> sequences = random_sequences(20000);
  std::string out;
  for (size_t start = 0; start < sequences.size(); start += 10) {
    std::u32string joined, separated;
    for (size_t i = start; i < start + 10; ++i) {
      joined += sequences[i];
      separated += sequences[i] + U"a";
    }
    append_normalizations(out, joined, version);
    append_normalizations(out, separated, version);
  }
  return out;
}

// The serialization of one property for one code point, matching vector_properties() in
// the generator.
bool serialize(std::string_view property, CodePoint c, Version version, std::string& out) {
  using Predicate = bool (*)(CodePoint);
  static const std::pair<std::string_view, Predicate> kPredicates[] = {
      {"is_alpha", is_alpha},
      {"is_decimal", is_decimal},
      {"is_digit", is_digit},
      {"is_numeric", is_numeric},
      {"is_alnum", is_alnum},
      {"is_space", is_space},
      {"is_linebreak", is_linebreak},
      {"is_printable", is_printable},
      {"is_lower", is_lower},
      {"is_upper", is_upper},
      {"is_title", is_title},
      {"is_cased", is_cased},
      {"is_case_ignorable", is_case_ignorable},
      {"is_xid_start", is_xid_start},
      {"is_xid_continue", is_xid_continue},
  };
  for (const auto& [name, predicate] : kPredicates) {
    if (name == property) {
      out += predicate(c) ? '1' : '0';
      return true;
    }
  }
  using Mapping = int (*)(CodePoint, CodePoint*);
  static const std::pair<std::string_view, Mapping> kMappings[] = {
      {"to_lower_full", to_lower_full},
      {"to_upper_full", to_upper_full},
      {"to_title_full", to_title_full},
      {"to_casefold_full", to_casefold_full},
  };
  for (const auto& [name, mapping] : kMappings) {
    if (name == property) {
      append_mapping(out, mapping, c);
      return true;
    }
  }
  if (property == "decimal_value") {
    append_int(out, decimal_value(c, version));
  } else if (property == "digit_value") {
    append_int(out, digit_value(c, version));
  } else if (property == "numeric_value") {
    double value;
    if (numeric_value(c, &value, version)) {
      char bytes[8];
      std::memcpy(bytes, &value, 8);
      out.append(bytes, 8);
    } else {
      out += '-';
    }
  } else if (property == "to_lower_simple") {
    append_hex(out, to_lower_simple(c), ";");
  } else if (property == "to_upper_simple") {
    append_hex(out, to_upper_simple(c), ";");
  } else if (property == "to_title_simple") {
    append_hex(out, to_title_simple(c), ";");
  } else if (property == "category") {
    out += category_name(category(c, version));
  } else if (property == "bidirectional") {
    out += bidirectional(c, version);
    out += ';';
  } else if (property == "combining") {
    append_int(out, combining(c, version));
  } else if (property == "east_asian_width") {
    out += east_asian_width(c, version);
    out += ';';
  } else if (property == "mirrored") {
    out += static_cast<char>('0' + mirrored(c, version));
  } else if (property == "decomposition") {
    out += decomposition(c, version);
    out += ';';
  } else if (property == "normalize_single") {
    append_normalizations(out, std::u32string(1, c), version);
  } else if (property == "name") {
    std::string name;
    if (name_of(c, name, version)) out += name;
    out += ';';
  } else if (property == "lookup_name") {
    std::string name;
    if (name_of(c, name)) {
      append_lookup(out, name, version);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      append_lookup(out, name, version);
    }
  } else {
    return false;
  }
  return true;
}

TEST(UnicodeExhaustive, EveryPropertyMatchesPython) {
  for (const PropertyDigest& digest : kDigests) {
    std::string text;
    text.reserve(digest.length);
    std::string_view property = digest.property;
    Version version = Version::kCurrent;
    if (property.ends_with("@3.2")) {
      property.remove_suffix(4);
      version = Version::kUnicode3_2;
    }
    if (property == "normalize_pairs") {
      text = normalize_pairs(version);
    } else if (property == "normalize_random") {
      text = normalize_random(version);
    } else if (property == "normalize_long") {
      text = normalize_long(version);
    } else {
      for (CodePoint c = 0; c <= kMaxCodePoint; ++c) {
        ASSERT_TRUE(serialize(property, c, version, text)) << digest.property;
      }
    }
    EXPECT_EQ(text.size(), digest.length) << digest.property;
    EXPECT_EQ(crc32(text), digest.crc) << digest.property;
  }
}

TEST(UnicodeProperties, SpotChecks) {
  EXPECT_TRUE(is_alpha(U'a'));
  EXPECT_FALSE(is_alpha(U'1'));
  EXPECT_TRUE(is_decimal(0x0663));  // ARABIC-INDIC DIGIT THREE
  EXPECT_EQ(decimal_value(0x0663), 3);
  EXPECT_FALSE(is_decimal(0x00B2));  // SUPERSCRIPT TWO: a digit, not decimal
  EXPECT_TRUE(is_digit(0x00B2));
  EXPECT_EQ(digit_value(0x00B2), 2);
  EXPECT_TRUE(is_numeric(0x00BD));
  double value = 0;
  EXPECT_TRUE(numeric_value(0x00BD, &value));
  EXPECT_EQ(value, 0.5);
  EXPECT_FALSE(numeric_value(U'x', &value));
  EXPECT_TRUE(is_space(0x1C));  // FILE SEPARATOR: bidi B
  EXPECT_TRUE(is_space(0x3000));
  EXPECT_FALSE(is_space(0x200B));
  EXPECT_TRUE(is_linebreak(0x2028));
  EXPECT_TRUE(is_linebreak(0x85));
  EXPECT_FALSE(is_printable(0xA0));
  EXPECT_TRUE(is_printable(U' '));
  EXPECT_TRUE(is_title(0x01C5));
  EXPECT_TRUE(is_cased(0x0345));           // COMBINING GREEK YPOGEGRAMMENI: cased and
  EXPECT_TRUE(is_case_ignorable(0x0345));  // case-ignorable
  EXPECT_FALSE(is_xid_start(U'_'));
  EXPECT_TRUE(is_xid_continue(U'_'));
  EXPECT_FALSE(is_alpha(0x110000));
  EXPECT_EQ(category(0x110000), Category::Cn);
  EXPECT_EQ(category(0x4E00), Category::Lo);
  EXPECT_EQ(category_name(category(0xE000)), "Co");
  EXPECT_EQ(category(0x10FFFF), Category::Cn);
  EXPECT_EQ(bidirectional(0x05D0), "R");
  EXPECT_EQ(bidirectional(0x0378), "");
  EXPECT_EQ(combining(0x0301), 230);
  EXPECT_EQ(east_asian_width(0xFF21), "F");
  EXPECT_EQ(mirrored(U'('), 1);
  EXPECT_EQ(decomposition(0x00A8), "<compat> 0020 0308");
  EXPECT_EQ(decomposition(0x00E9), "0065 0301");
  EXPECT_EQ(decomposition(0xAC00), "");
}

TEST(UnicodeCase, SpecialCasing) {
  CodePoint out[3];
  ASSERT_EQ(to_upper_full(0x00DF, out), 2);  // ß -> SS
  EXPECT_EQ(out[0], U'S');
  EXPECT_EQ(out[1], U'S');
  EXPECT_EQ(to_upper_simple(0x00DF), U'S');  // as CPython's Py_UNICODE_TOUPPER
  ASSERT_EQ(to_lower_full(0x0130, out), 2);  // İ -> i + COMBINING DOT ABOVE
  EXPECT_EQ(out[1], 0x0307u);
  ASSERT_EQ(to_upper_full(0x0390, out), 3);
  ASSERT_EQ(to_title_full(0x01C6, out), 1);  // dž -> Dž
  EXPECT_EQ(out[0], 0x01C5u);
  ASSERT_EQ(to_casefold_full(0x1E9E, out), 2);  // capital sharp s folds to ss
  EXPECT_EQ(to_lower_simple(U'A'), U'a');
  EXPECT_EQ(to_upper_simple(0xAB70), 0x13A0u);  // Cherokee: a large negative delta
  EXPECT_EQ(to_lower_simple(0x110000), 0x110000u);
}

struct LookupCase {
  const char* name;
  const char* expected;  // as append_lookup writes it
  const char* expected_3_2;
  bool named_sequence;
};

constexpr LookupCase kLookupCases[] = {
#include "unicode_test_lookups.inc"
};

TEST(UnicodeNames, LookupAliasesSequencesAndMalformedNames) {
  for (const LookupCase& test : kLookupCases) {
    std::string found;
    append_lookup(found, test.name);
    EXPECT_EQ(found, test.expected) << test.name;
    found.clear();
    append_lookup(found, test.name, Version::kUnicode3_2);
    EXPECT_EQ(found, test.expected_3_2) << test.name;
    // "\N{...}" refuses named sequences but takes everything else.
    std::u32string single;
    EXPECT_EQ(lookup_name(test.name, false, single),
              !test.named_sequence && std::string_view(test.expected) != "-")
        << test.name;
  }
}

TEST(UnicodeNames, SpotChecks) {
  std::string name;
  EXPECT_TRUE(name_of(0xAC01, name));
  EXPECT_EQ(name, "HANGUL SYLLABLE GAG");
  EXPECT_TRUE(name_of(0x20000, name));
  EXPECT_EQ(name, "CJK UNIFIED IDEOGRAPH-20000");
  EXPECT_TRUE(name_of(0x1F600, name));
  EXPECT_EQ(name, "GRINNING FACE");
  EXPECT_FALSE(name_of(0x0378, name));
  EXPECT_FALSE(name_of(0x17000, name));  // Tangut: no name in CPython 3.11
  EXPECT_FALSE(name_of(0x110000, name));
  std::u32string found;
  EXPECT_TRUE(lookup_name("Latin Capital Letter A With Macron And Grave", true, found));
  EXPECT_EQ(found, U"\u0100\u0300");
}

TEST(UnicodeNormalize, SpotChecks) {
  using enum NormalizationForm;
  EXPECT_EQ(normalize(NFC, U"e\u0301"), U"\u00E9");
  EXPECT_EQ(normalize(NFD, U"\u00E9"), U"e\u0301");
  EXPECT_EQ(normalize(NFD, U"a\u0301\u0316"), U"a\u0316\u0301");  // reordered by class
  EXPECT_EQ(normalize(NFC, U"\u1100\u1161\u11A8"), U"\uAC01");    // L V T -> LVT
  EXPECT_EQ(normalize(NFC, U"\uAC00\u11A8"), U"\uAC01");          // LV + T
  EXPECT_EQ(normalize(NFKC, U"\uFB01"), U"fi");
  EXPECT_EQ(normalize(NFC, U"\u2126"), U"\u03A9");        // singleton OHM SIGN
  EXPECT_EQ(normalize(NFC, U"\u0958"), U"\u0915\u093C");  // composition exclusion
  EXPECT_EQ(normalize(NFC, U""), U"");
  EXPECT_TRUE(is_normalized(NFC, U"\u00E9"));
  EXPECT_FALSE(is_normalized(NFD, U"\u00E9"));
  EXPECT_FALSE(is_normalized(NFC, U"e\u0301"));
  NormalizationForm form;
  EXPECT_TRUE(parse_normalization_form("NFKD", &form));
  EXPECT_EQ(form, NFKD);
  EXPECT_FALSE(parse_normalization_form("nfc", &form));
  EXPECT_EQ(nfkc_utf8("\xEF\xAC\x81x"), "fix");  // U+FB01 LATIN SMALL LIGATURE FI
  EXPECT_EQ(nfkc_utf8("\xE2\x84\x8C"), "H");     // U+210C BLACK-LETTER CAPITAL H
  EXPECT_EQ(nfkc_utf8("plain"), "plain");
}

TEST(UnicodeVersion3_2, SpotChecks) {
  constexpr Version kOld = Version::kUnicode3_2;
  EXPECT_EQ(category(0x0221, kOld), Category::Cn);  // assigned in Unicode 4.0
  EXPECT_EQ(category(0x00AD, kOld), Category::Pd);
  EXPECT_EQ(decimal_value(0x00B2, kOld), 2);  // superscripts were decimal in 3.2.0
  EXPECT_EQ(decimal_value(0x00B2), -1);
  std::string name;
  EXPECT_FALSE(name_of(0x0221, name, kOld));
  EXPECT_TRUE(name_of(U'a', name, kOld));
  std::u32string found;
  EXPECT_FALSE(lookup_name("BEL", false, found, kOld));  // no aliases in 3.2.0
  EXPECT_TRUE(lookup_name("BEL", false, found));
  using enum NormalizationForm;
  EXPECT_EQ(normalize(NFD, U"\U0002F868", kOld), U"\U0002136A");  // NormalizationCorrections
  EXPECT_EQ(normalize(NFD, U"\U0002F868"), U"\u36FC");
  EXPECT_EQ(normalize(NFC, U"\uFA2E", kOld), U"\uFA2E");  // unassigned in 3.2.0
  EXPECT_EQ(normalize(NFC, U"\uFA2E"), U"\u90DE");
}

TEST(Utf8, EncodeDecode) {
  for (CodePoint c : {0x0u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFFu, 0x10000u, 0x10FFFFu}) {
    char buffer[4];
    const int length = utf8::encode(c, buffer);
    EXPECT_EQ(length, utf8::encoded_length(c));
    char32_t decoded = 0;
    EXPECT_EQ(utf8::decode(buffer, buffer + length, &decoded), length);
    EXPECT_EQ(decoded, c);
  }
  char32_t c = 0;
  const std::string surrogate = "\xED\xA0\x80";
  EXPECT_EQ(utf8::decode(surrogate.data(), surrogate.data() + 3, &c), 0);
  EXPECT_EQ(utf8::decode(surrogate.data(), surrogate.data() + 3, &c, true), 3);
  EXPECT_EQ(c, 0xD800u);
  for (std::string bad : {"\xC0\x80", "\xE0\x80\x80", "\xF4\x90\x80\x80", "\x80", "\xE2\x82",
                          "\xF8\x88\x80\x80\x80", "\xC3\x28"}) {
    EXPECT_EQ(utf8::decode(bad.data(), bad.data() + bad.size(), &c), 0) << bad.size();
  }
  std::string text;
  utf8::append(text, 0x20AC);
  EXPECT_EQ(text, "\xE2\x82\xAC");
}

}  // namespace
}  // namespace krait::unicode
