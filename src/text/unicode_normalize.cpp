// Unicode normalization (UAX #15) as unicodedata.normalize and is_normalized do it: full
// canonical or compatibility decomposition (Hangul by rule), canonical ordering, and for
// NFC/NFKC canonical composition with the composition exclusions already applied to the
// generated pair table. The identifier hook nfkc_utf8 lives here too.
#include <algorithm>

#include "text/unicode.h"
#include "text/unicode_internal.h"
#include "text/utf8.h"

namespace krait::unicode {

using namespace tables;

namespace {

// Hangul syllables decompose and compose by arithmetic (Unicode 3.12).
constexpr CodePoint kSyllableBase = 0xAC00, kLeadingBase = 0x1100, kVowelBase = 0x1161,
                    kTrailingBase = 0x11A7;
constexpr int kLeadingCount = 19, kVowelCount = 21, kTrailingCount = 28,
              kSyllableCount = kLeadingCount * kVowelCount * kTrailingCount;

bool is_hangul_syllable(CodePoint c) {
  return c >= kSyllableBase && c < kSyllableBase + kSyllableCount;
}

bool is_compose_form(NormalizationForm form) {
  return form == NormalizationForm::NFC || form == NormalizationForm::NFKC;
}

bool is_compat_form(NormalizationForm form) {
  return form == NormalizationForm::NFKC || form == NormalizationForm::NFKD;
}

// Like CPython, ucd_3_2_0.normalize orders and composes by today's combining classes and
// compositions; only the decompositions are 3.2.0's.
int combining_class(CodePoint c) { return property_record(c).combining; }

// Appends the full decomposition of c.
void decompose(CodePoint c, bool compat, Version version, std::u32string& out) {
  // The quick-check flags say which characters decompose at all (Hangul included); only
  // characters that decompose today have a different decomposition in 3.2.0.
  const uint8_t decomposes = compat ? kQuickCheckNfkdNo : kQuickCheckNfdNo;
  if (!(property_record(c).quick_check & decomposes)) {
    out.push_back(c);
    return;
  }
  if (is_hangul_syllable(c)) {
    const unsigned index = c - kSyllableBase;
    out.push_back(kLeadingBase + index / (kVowelCount * kTrailingCount));
    out.push_back(kVowelBase + index % (kVowelCount * kTrailingCount) / kTrailingCount);
    if (index % kTrailingCount != 0) out.push_back(kTrailingBase + index % kTrailingCount);
    return;
  }
  const uint32_t* entry = normalization_decomposition(c, version);
  if (entry == nullptr || (!compat && (entry[0] >> 8) != 0)) {
    out.push_back(c);
    return;
  }
  const unsigned length = entry[0] & 0xFF;
  for (unsigned i = 1; i <= length; ++i) decompose(entry[i], compat, version, out);
}

// Canonical ordering of text[start:]: a stable sort of each run of non-starters by
// combining class.
void reorder(std::u32string& text, size_t start) {
  for (size_t i = start + 1; i < text.size(); ++i) {
    const int ccc = combining_class(text[i]);
    if (ccc == 0) continue;
    size_t j = i;
    while (j > start) {
      const int previous = combining_class(text[j - 1]);
      if (previous <= ccc) break;
      std::swap(text[j - 1], text[j]);
      --j;
    }
  }
}

// The primary composite of first + second, or 0.
CodePoint compose_pair(CodePoint first, CodePoint second) {
  if (first >= kLeadingBase && first < kLeadingBase + kLeadingCount && second >= kVowelBase &&
      second < kVowelBase + kVowelCount) {
    return kSyllableBase +
           ((first - kLeadingBase) * kVowelCount + (second - kVowelBase)) * kTrailingCount;
  }
  if (is_hangul_syllable(first) && (first - kSyllableBase) % kTrailingCount == 0 &&
      second > kTrailingBase && second < kTrailingBase + kTrailingCount) {
    return first + (second - kTrailingBase);
  }
  // Only characters that may follow a starter in a composition (quick check "Maybe").
  if (!(property_record(second).quick_check & kQuickCheckNfcMaybe)) return 0;
  const CompositionPair* const end = std::end(kCompositionPairs);
  const CompositionPair* pair =
      std::lower_bound(std::begin(kCompositionPairs), end, std::pair(first, second),
                       [](const CompositionPair& p, std::pair<CodePoint, CodePoint> key) {
                         return p.first != key.first ? p.first < key.first : p.second < key.second;
                       });
  if (pair == end || pair->first != first || pair->second != second) return 0;
  return pair->composite;
}

// Canonical composition of text[start:] in place: each character that is not blocked from
// the last starter (no character in between has class 0 or a class >= its own) and forms
// a primary composite with it is merged into it.
void compose(std::u32string& text, size_t start) {
  if (text.size() <= start) return;
  size_t starter = start, length = start + 1;
  bool have_starter = combining_class(text[start]) == 0;
  int last_class = have_starter ? 0 : 256;
  for (size_t i = start + 1; i < text.size(); ++i) {
    const CodePoint c = text[i];
    const int ccc = combining_class(c);
    const bool adjacent = length == starter + 1;
    if (have_starter && (adjacent || (last_class != 0 && last_class < ccc))) {
      const CodePoint composite = compose_pair(text[starter], c);
      if (composite != 0) {
        text[starter] = composite;
        continue;
      }
    }
    if (ccc == 0) {
      starter = length;
      have_starter = true;
    }
    last_class = ccc;
    text[length++] = c;
  }
  text.resize(length);
}

// Appends the normalization of segment to out.
void normalize_segment(NormalizationForm form, std::u32string_view segment, Version version,
                       std::u32string& out) {
  const size_t start = out.size();
  const bool compat = is_compat_form(form);
  for (CodePoint c : segment) decompose(c, compat, version, out);
  reorder(out, start);
  if (is_compose_form(form)) compose(out, start);
}

// The quick-check flags that rule a character out ("No") or make it depend on what
// precedes it ("Maybe") in form.
uint8_t quick_check_mask(NormalizationForm form) {
  static constexpr uint8_t kMasks[] = {kQuickCheckNfcNo | kQuickCheckNfcMaybe,
                                       kQuickCheckNfkcNo | kQuickCheckNfkcMaybe, kQuickCheckNfdNo,
                                       kQuickCheckNfkdNo};
  return kMasks[static_cast<int>(form)];
}

enum class QuickCheck { Yes, No, Maybe };

// UAX #15 quick check: Yes and No are certain, Maybe needs the full normalization.
QuickCheck quick_check(NormalizationForm form, std::u32string_view text, Version version) {
  static constexpr uint8_t kNo[] = {kQuickCheckNfcNo, kQuickCheckNfkcNo, kQuickCheckNfdNo,
                                    kQuickCheckNfkdNo};
  // CPython skips the quick check for 3.2.0 (its flags are today's).
  if (version != Version::kCurrent) return QuickCheck::Maybe;
  const uint8_t no = kNo[static_cast<int>(form)];
  const uint8_t maybe = quick_check_mask(form) & ~no;
  QuickCheck result = QuickCheck::Yes;
  int last_class = 0;
  for (CodePoint c : text) {
    const PropertyRecord& record = property_record(c);
    if (record.combining != 0 && record.combining < last_class) return QuickCheck::No;
    if (record.quick_check & no) return QuickCheck::No;
    if (record.quick_check & maybe) result = QuickCheck::Maybe;
    last_class = record.combining;
  }
  return result;
}

}  // namespace

bool parse_normalization_form(std::string_view name, NormalizationForm* form) {
  static constexpr std::string_view kNames[] = {"NFC", "NFKC", "NFD", "NFKD"};
  for (int i = 0; i < 4; ++i) {
    if (name == kNames[i]) {
      *form = static_cast<NormalizationForm>(i);
      return true;
    }
  }
  return false;
}

// Text is copied as is up to the first character that the quick check does not pass (or
// that is out of canonical order); only the segment around it, from the last "boundary"
// before it to the next one after it, goes through the full algorithm. A boundary is a
// starter that passes the quick check: nothing before it reorders or composes with
// anything after it.
std::u32string normalize(NormalizationForm form, std::u32string_view text, Version version) {
  std::u32string result;
  if (version != Version::kCurrent) {
    result.reserve(text.size());
    normalize_segment(form, text, version, result);
    return result;
  }
  const uint8_t mask = quick_check_mask(form);
  const auto is_boundary = [mask](CodePoint c) {
    const PropertyRecord& record = property_record(c);
    return record.combining == 0 && !(record.quick_check & mask);
  };
  size_t copied = 0, boundary = 0;
  int last_class = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] < 0x80) {  // ASCII is a boundary in every form
      boundary = i;
      last_class = 0;
      continue;
    }
    const PropertyRecord& record = property_record(text[i]);
    if (!(record.quick_check & mask) && (record.combining == 0 || record.combining >= last_class)) {
      if (record.combining == 0) boundary = i;
      last_class = record.combining;
      continue;
    }
    size_t end = i + 1;
    while (end < text.size() && !is_boundary(text[end])) ++end;
    if (result.empty()) result.reserve(text.size() + text.size() / 4);
    result.append(text.substr(copied, boundary - copied));
    normalize_segment(form, text.substr(boundary, end - boundary), version, result);
    copied = boundary = end;
    last_class = 0;
    i = end - 1;
  }
  if (copied == 0) return std::u32string(text);
  result.append(text.substr(copied));
  return result;
}

bool is_normalized(NormalizationForm form, std::u32string_view text, Version version) {
  switch (quick_check(form, text, version)) {
    case QuickCheck::Yes:
      return true;
    case QuickCheck::No:
      return false;
    case QuickCheck::Maybe:
      break;
  }
  return normalize(form, text, version) == text;
}

std::string nfkc_utf8(std::string_view utf8) {
  std::u32string text;
  text.reserve(utf8.size());
  const char* p = utf8.data();
  const char* const end = p + utf8.size();
  while (p < end) {
    char32_t c;
    const int length = utf8::decode(p, end, &c, true);
    if (length == 0) return std::string(utf8);  // not UTF-8: nothing sensible to normalize
    text.push_back(c);
    p += length;
  }
  std::string result;
  result.reserve(utf8.size());
  for (CodePoint c : normalize(NormalizationForm::NFKC, text)) utf8::append(result, c);
  return result;
}

}  // namespace krait::unicode
