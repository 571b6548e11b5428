// Character names as unicodedata.name and unicodedata.lookup see them: the ~33,000 stored
// names (word-compressed in unicode_tables.cpp, found by an open-addressing hash), name
// aliases and named sequences, and the names made by rule (Hangul syllables, CJK unified
// ideographs and the other PREFIX-hex ranges).
#include <algorithm>
#include <cstdio>

#include "text/unicode.h"
#include "text/unicode_internal.h"

namespace krait::unicode {

using namespace tables;

namespace {

constexpr CodePoint kHangulBase = 0xAC00;
constexpr int kHangulCount = 11172;
constexpr int kJamoVowelCount = 21;
constexpr int kJamoTrailingCount = 28;
constexpr std::string_view kHangulPrefix = "HANGUL SYLLABLE ";

// Calls visit(word) for each word of stored name `entry` (words are space-separated).
template <typename Visit>
bool for_each_word(int entry, Visit visit) {
  uint32_t start = kNameGroupStarts[entry >> kNameGroupShift];
  for (int i = entry & ~((1 << kNameGroupShift) - 1); i < entry; ++i) start += kNameLengths[i];
  const uint8_t* p = kNamePhrases + start;
  const uint8_t* const end = p + kNameLengths[entry];
  while (p < end) {
    unsigned word = *p++;
    if (word >= static_cast<unsigned>(kOneByteWordCodes)) {
      word = kOneByteWordCodes + ((word - kOneByteWordCodes) << 8 | *p++);
    }
    const uint32_t start = kWordOffsets[word];
    if (!visit(std::string_view(kWordLexicon + start, kWordOffsets[word + 1] - start), p == end)) {
      return false;
    }
  }
  return true;
}

void append_stored_name(int entry, std::string& out) {
  for_each_word(entry, [&](std::string_view word, bool last) {
    out += word;
    if (!last) out += ' ';
    return true;
  });
}

// Whether stored name `entry` is exactly `upper` (an uppercase candidate).
bool stored_name_equals(int entry, std::string_view upper) {
  size_t position = 0;
  const bool same = for_each_word(entry, [&](std::string_view word, bool last) {
    if (upper.substr(position, word.size()) != word) return false;
    position += word.size();
    if (last) return true;
    if (position >= upper.size() || upper[position] != ' ') return false;
    ++position;
    return true;
  });
  return same && position == upper.size();
}

uint32_t name_hash(std::string_view upper) {
  uint32_t value = 0x811C9DC5u;
  for (unsigned char byte : upper) value = (value ^ byte) * 0x01000193u;
  return value;
}

// The value of text as 1..6 uppercase hex digits, or -1.
long parse_upper_hex(std::string_view text) {
  if (text.empty() || text.size() > 6) return -1;
  long value = 0;
  for (char ch : text) {
    if (ch >= '0' && ch <= '9') {
      value = value * 16 + (ch - '0');
    } else if (ch >= 'A' && ch <= 'F') {
      value = value * 16 + (ch - 'A' + 10);
    } else {
      return -1;
    }
  }
  return value;
}

// The index of the longest jamo short name that starts text (the empty name counts), or
// -1; its length goes to *length. This greedy choice is what CPython's lookup does.
int match_jamo(std::string_view text, const std::string_view* names, int count, size_t* length) {
  int best = -1;
  for (int i = 0; i < count; ++i) {
    if ((best < 0 || names[i].size() > names[best].size()) && text.starts_with(names[i])) {
      best = i;
    }
  }
  if (best >= 0) *length = names[best].size();
  return best;
}

bool lookup_hangul_syllable(std::string_view syllable, CodePoint* out) {
  size_t length = 0;
  const int leading = match_jamo(syllable, kJamoLeadingNames, 19, &length);
  syllable.remove_prefix(length);
  const int vowel = match_jamo(syllable, kJamoVowelNames, kJamoVowelCount, &length);
  if (vowel < 0) return false;
  syllable.remove_prefix(length);
  const int trailing = match_jamo(syllable, kJamoTrailingNames, kJamoTrailingCount, &length);
  if (leading < 0 || trailing < 0 || length != syllable.size()) return false;
  *out = kHangulBase + (leading * kJamoVowelCount + vowel) * kJamoTrailingCount + trailing;
  return true;
}

}  // namespace

bool name_of(CodePoint c, std::string& out, Version version) {
  out.clear();
  if (!is_assigned(c, version)) return false;
  if (c >= kHangulBase && c < kHangulBase + kHangulCount) {
    const unsigned index = c - kHangulBase;
    out += kHangulPrefix;
    out += kJamoLeadingNames[index / (kJamoVowelCount * kJamoTrailingCount)];
    out += kJamoVowelNames[index % (kJamoVowelCount * kJamoTrailingCount) / kJamoTrailingCount];
    out += kJamoTrailingNames[index % kJamoTrailingCount];
    return true;
  }
  for (const HexNamedRange& range : kHexNamedRanges) {
    if (c >= range.first && c <= range.last) {
      char digits[8];
      std::snprintf(digits, sizeof digits, "%04X", static_cast<unsigned>(c));
      out += range.prefix;
      out += digits;
      return true;
    }
  }
  const uint32_t* const begin = kNameCodePoints;
  const uint32_t* const end = kNameCodePoints + kExplicitNameCount;
  const uint32_t* found = std::lower_bound(begin, end, static_cast<uint32_t>(c));
  if (found == end || *found != c) return false;
  append_stored_name(static_cast<int>(found - begin), out);
  return true;
}

namespace {
NameDatabaseCheck name_database_check = nullptr;
}  // namespace

void set_name_database_check(NameDatabaseCheck check) { name_database_check = check; }

bool name_database_available() { return !name_database_check || name_database_check(); }

bool lookup_name(std::string_view name, bool allow_named_sequences, std::u32string& out,
                 Version version) {
  out.clear();
  // Names made by rule are matched case-sensitively, as CPython does.
  if (name.starts_with(kHangulPrefix)) {
    CodePoint c;
    if (!lookup_hangul_syllable(name.substr(kHangulPrefix.size()), &c)) return false;
    out.push_back(c);
    return true;
  }
  for (const HexNamedRange& range : kHexNamedRanges) {
    if (range.cjk_rule && name.starts_with(range.prefix)) {
      const std::string_view digits = name.substr(range.prefix.size());
      const long value = digits.size() == 4 || digits.size() == 5 ? parse_upper_hex(digits) : -1;
      for (const HexNamedRange& cjk : kHexNamedRanges) {
        if (cjk.cjk_rule && value >= cjk.first && value <= cjk.last) {
          out.push_back(static_cast<CodePoint>(value));
          return true;
        }
      }
      return false;
    }
  }
  // Everything else compares case-insensitively; names are ASCII.
  if (name.size() > static_cast<size_t>(kLongestName)) return false;
  char buffer[kLongestName];
  for (size_t i = 0; i < name.size(); ++i) {
    const char ch = name[i];
    if (static_cast<unsigned char>(ch) >= 0x80) return false;
    buffer[i] = ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  const std::string_view upper(buffer, name.size());
  for (const HexNamedRange& range : kHexNamedRanges) {
    if (!range.cjk_rule && upper.starts_with(range.prefix)) {
      const std::string_view digits = upper.substr(range.prefix.size());
      const long value = digits.size() >= 4 && (digits.size() == 4 || digits[0] != '0')
                             ? parse_upper_hex(digits)
                             : -1;
      if (value >= range.first && value <= range.last && is_assigned(value, version)) {
        out.push_back(static_cast<CodePoint>(value));
        return true;
      }
    }
  }
  constexpr uint32_t kMask = std::size(kNameHash) - 1;
  for (uint32_t slot = name_hash(upper) & kMask; kNameHash[slot] != 0; slot = (slot + 1) & kMask) {
    const int entry = kNameHash[slot] - 1;
    if (!stored_name_equals(entry, upper)) continue;
    // The 3.2.0 database has neither aliases nor named sequences.
    if (entry < kExplicitNameCount) {
      if (!is_assigned(kNameCodePoints[entry], version)) return false;
      out.push_back(kNameCodePoints[entry]);
      return true;
    }
    if (version == Version::kUnicode3_2) return false;
    if (entry < kExplicitNameCount + kAliasNameCount) {
      out.push_back(kNameCodePoints[entry]);
      return true;
    }
    if (!allow_named_sequences) return false;
    const uint32_t* sequence = &kNamedSequenceData[kNameCodePoints[entry]];
    out.assign(sequence + 1, sequence + 1 + sequence[0]);
    return true;
  }
  return false;
}

}  // namespace krait::unicode
