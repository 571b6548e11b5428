// Internals shared by the SRE engine files: the opcode numbers of re/_constants.py, the
// character predicates behind CATEGORY, AT and the IGNORECASE opcodes, and character-set
// membership. engine_program.cpp validates code and builds tables; engine_match.cpp runs it.
#pragma once

#include <cctype>
#include <cstdint>
#include <vector>

#include "modules/sre/engine.h"
#include "text/unicode.h"

namespace krait::sre {

// Opcodes, in the order of OPCODES in re/_constants.py (3.11).
enum Op : Code {
  kFailure,
  kSuccess,
  kAny,
  kAnyAll,
  kAssert,
  kAssertNot,
  kAt,
  kBranch,
  kCategory,
  kCharset,
  kBigCharset,
  kGroupref,
  kGrouprefExists,
  kIn,
  kInfo,
  kJump,
  kLiteral,
  kMark,
  kMaxUntil,
  kMinUntil,
  kNotLiteral,
  kNegate,
  kRange,
  kRepeat,
  kRepeatOne,
  kSubpattern,
  kMinRepeatOne,
  kAtomicGroup,
  kPossessiveRepeat,
  kPossessiveRepeatOne,
  kGrouprefIgnore,
  kInIgnore,
  kLiteralIgnore,
  kNotLiteralIgnore,
  kGrouprefLocIgnore,
  kInLocIgnore,
  kLiteralLocIgnore,
  kNotLiteralLocIgnore,
  kGrouprefUniIgnore,
  kInUniIgnore,
  kLiteralUniIgnore,
  kNotLiteralUniIgnore,
  kRangeUniIgnore,
  kOpCount
};

// AT codes (ATCODES).
enum At : Code {
  kAtBeginning,
  kAtBeginningLine,
  kAtBeginningString,
  kAtBoundary,
  kAtNonBoundary,
  kAtEnd,
  kAtEndLine,
  kAtEndString,
  kAtLocBoundary,
  kAtLocNonBoundary,
  kAtUniBoundary,
  kAtUniNonBoundary,
  kAtCount
};

// CATEGORY codes (CHCODES).
enum Category : Code {
  kCatDigit,
  kCatNotDigit,
  kCatSpace,
  kCatNotSpace,
  kCatWord,
  kCatNotWord,
  kCatLinebreak,
  kCatNotLinebreak,
  kCatLocWord,
  kCatLocNotWord,
  kCatUniDigit,
  kCatUniNotDigit,
  kCatUniSpace,
  kCatUniNotSpace,
  kCatUniWord,
  kCatUniNotWord,
  kCatUniLinebreak,
  kCatUniNotLinebreak,
  kCatCount
};

// Flags of the INFO block.
inline constexpr Code kInfoPrefix = 1, kInfoLiteral = 2, kInfoCharset = 4;

// --- character classes -------------------------------------------------------------
// The plain codes are ASCII-only (and only '\n' is a line break); the UNI_ codes use the
// Unicode database as str methods do; the LOC_ codes ask <ctype.h> in the current locale.

namespace ascii {
enum : uint8_t { kDigit = 1, kSpace = 2, kWord = 4 };
inline constexpr uint8_t kClass[128] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0,  // \t \n \v \f \r
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // space
    5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 0, 0, 0, 0, 0, 0,  // 0-9
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,  // A-O
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 4,  // P-Z, _
    0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,  // a-o
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0,  // p-z
};
inline bool has(uint32_t ch, uint8_t cls) { return ch < 128 && (kClass[ch] & cls); }
inline uint32_t lower(uint32_t ch) { return ch - 'A' < 26u ? ch + 32 : ch; }
}  // namespace ascii

// Py_UNICODE_TOLOWER / Py_UNICODE_TOUPPER: the first code point of the full mapping.
inline uint32_t lower_unicode(uint32_t ch) {
  if (ch < 128) return ascii::lower(ch);
  if (ch > unicode::kMaxCodePoint) return ch;
  unicode::CodePoint out[3];
  return unicode::to_lower_full(ch, out) > 0 ? out[0] : ch;
}
inline uint32_t upper_unicode(uint32_t ch) {
  if (ch < 128) return ch - 'a' < 26u ? ch - 32 : ch;
  if (ch > unicode::kMaxCodePoint) return ch;
  unicode::CodePoint out[3];
  return unicode::to_upper_full(ch, out) > 0 ? out[0] : ch;
}

inline bool uni_is_word(uint32_t ch) {
  if (ch < 128) return ascii::has(ch, ascii::kWord);
  return ch <= unicode::kMaxCodePoint && unicode::is_alnum(ch);
}
inline bool uni_is_digit(uint32_t ch) {
  if (ch < 128) return ascii::has(ch, ascii::kDigit);
  return ch <= unicode::kMaxCodePoint && unicode::is_decimal(ch);
}
inline bool uni_is_space(uint32_t ch) {
  if (ch < 128) return ascii::has(ch, ascii::kSpace) || (ch >= 0x1c && ch <= 0x1f);
  return ch <= unicode::kMaxCodePoint && unicode::is_space(ch);
}
inline bool uni_is_linebreak(uint32_t ch) {
  if (ch < 128) return (ch >= '\n' && ch <= '\r') || (ch >= 0x1c && ch <= 0x1e);
  return ch <= unicode::kMaxCodePoint && unicode::is_linebreak(ch);
}

inline bool loc_is_word(uint32_t ch) { return ch < 256 && (std::isalnum(int(ch)) || ch == '_'); }
inline uint32_t lower_locale(uint32_t ch) {
  return ch < 256 ? uint32_t(std::tolower(int(ch))) : ch;
}
inline uint32_t upper_locale(uint32_t ch) {
  return ch < 256 ? uint32_t(std::toupper(int(ch))) : ch;
}
// LITERAL_LOC_IGNORE: the pattern holds the character as written.
inline bool char_loc_ignore(Code pattern, uint32_t ch) {
  return ch == pattern || lower_locale(ch) == pattern || upper_locale(ch) == pattern;
}

inline bool category_contains(Code category, uint32_t ch) {
  switch (category) {
    case kCatDigit:
      return ascii::has(ch, ascii::kDigit);
    case kCatNotDigit:
      return !ascii::has(ch, ascii::kDigit);
    case kCatSpace:
      return ascii::has(ch, ascii::kSpace);
    case kCatNotSpace:
      return !ascii::has(ch, ascii::kSpace);
    case kCatWord:
      return ascii::has(ch, ascii::kWord);
    case kCatNotWord:
      return !ascii::has(ch, ascii::kWord);
    case kCatLinebreak:
      return ch == '\n';
    case kCatNotLinebreak:
      return ch != '\n';
    case kCatLocWord:
      return loc_is_word(ch);
    case kCatLocNotWord:
      return !loc_is_word(ch);
    case kCatUniDigit:
      return uni_is_digit(ch);
    case kCatUniNotDigit:
      return !uni_is_digit(ch);
    case kCatUniSpace:
      return uni_is_space(ch);
    case kCatUniNotSpace:
      return !uni_is_space(ch);
    case kCatUniWord:
      return uni_is_word(ch);
    case kCatUniNotWord:
      return !uni_is_word(ch);
    case kCatUniLinebreak:
      return uni_is_linebreak(ch);
    case kCatUniNotLinebreak:
      return !uni_is_linebreak(ch);
  }
  return false;
}

// Membership in a set program (the words after IN's skip, ending with FAILURE), read
// op by op. Matcher code goes through Vm::in_set, which uses the precomputed map first.
bool set_contains(const Code* set, uint32_t ch);
// IN_LOC_IGNORE: the set holds ch's lower- or upper-case form in the current locale.
bool set_loc_ignore_contains(const Code* set, uint32_t ch);

// A character set's answer for every character below 256, and for the rest when it does
// not depend on the character.
struct Program::CharsetMap {
  enum High : uint8_t { kNone, kAll, kAsk };  // characters >= 256: never, always, read the set
  uint64_t bits[4];
  High high;
  bool test_low(uint32_t ch) const { return (bits[ch >> 6] >> (ch & 63)) & 1; }
};

// Characters that can begin a match of the whole pattern, so unanchored search can skip
// positions where no match can start. Built only for patterns that cannot match empty.
struct Program::FirstFilter {
  uint64_t bits[4];              // characters < 256 that may start a match
  std::vector<const Code*> ops;  // the single-character ops a match can start with
  bool test_low(uint32_t ch) const { return (bits[ch >> 6] >> (ch & 63)) & 1; }
};

// Whether the single-character op at `op` (LITERAL, IN, ANY, CATEGORY, ... with their
// IGNORE forms) accepts ch.
bool single_op_matches(const Code* op, uint32_t ch);

}  // namespace krait::sre
