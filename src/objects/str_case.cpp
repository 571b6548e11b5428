// str's case mappings (lower, upper, casefold, swapcase, capitalize, title) with Unicode's
// full mappings and the final-sigma rule, and the character-class predicates (isalpha,
// isdigit, istitle, isidentifier, ...). ASCII strings take table-free fast paths; the rest
// asks text/unicode.h.
#include <algorithm>
#include <string>
#include <type_traits>

#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "text/swar.h"
#include "text/unicode.h"

namespace krait {

namespace {

using unicode::CodePoint;

inline bool ascii_upper(uint8_t c) { return c >= 'A' && c <= 'Z'; }
inline bool ascii_lower(uint8_t c) { return c >= 'a' && c <= 'z'; }
inline uint8_t ascii_to_lower(uint8_t c) { return ascii_upper(c) ? uint8_t(c + 32) : c; }
inline uint8_t ascii_to_upper(uint8_t c) { return ascii_lower(c) ? uint8_t(c - 32) : c; }

// An ASCII string mapped byte by byte; fn(byte, index, previous_is_cased&) gives the new byte.
template <class Fn>
Ref<> map_ascii(StrObject* s, Fn&& fn) {
  if (s->length == 0) return str_empty();
  Ref<StrObject> result = str_allocate(s->length, 0x7F);
  if (!result) return nullptr;
  const uint8_t* in = s->data1();
  auto* out = static_cast<uint8_t*>(result->data());
  bool previous_is_cased = false;
  for (int64_t i = 0; i < s->length; ++i) out[i] = fn(in[i], i, previous_is_cased);
  return result;
}

// Greek capital sigma lowercases to final sigma (U+03C2) at the end of a word: when a cased
// letter precedes it and none follows, case-ignorable characters skipped (Unicode's
// Final_Sigma condition).
CodePoint lower_sigma(const StrObject* s, int64_t i) {
  int64_t j = i - 1;
  while (j >= 0 && unicode::is_case_ignorable(s->at(j))) --j;
  bool final = j >= 0 && unicode::is_cased(s->at(j));
  if (final) {
    j = i + 1;
    while (j < s->length && unicode::is_case_ignorable(s->at(j))) ++j;
    final = j == s->length || !unicode::is_cased(s->at(j));
  }
  return final ? 0x3C2 : 0x3C3;
}

// The full lowercase mapping of s[i], final sigma included.
int lower_at(const StrObject* s, int64_t i, CodePoint c, CodePoint out[3]) {
  if (c < 0x80) {
    out[0] = ascii_to_lower(uint8_t(c));
    return 1;
  }
  if (c == 0x3A3) {
    out[0] = lower_sigma(s, i);
    return 1;
  }
  return unicode::to_lower_full(c, out);
}

// Builds a string from per-character full mappings: fn(i, c, out, state) writes the up to
// three code points c = s[i] maps to and returns how many. The mapped text is collected in
// 32-bit units, then narrowed once into a string of the kind its widest character needs.
template <class Fn>
Ref<> map_full(StrObject* s, Fn&& fn) {
  std::u32string out(size_t(s->length) + 16, U'\0');
  size_t used = 0;
  char32_t max_char = 0;
  bool previous_is_cased = false;
  visit_units(s, [&](const auto* data) {
    for (int64_t i = 0; i < s->length; ++i) {
      if (used + 3 > out.size()) out.resize(out.size() * 2);
      int n = fn(i, CodePoint(data[i]), &out[used], previous_is_cased);
      for (int k = 0; k < n; ++k) max_char = std::max(max_char, out[used + size_t(k)]);
      used += size_t(n);
    }
  });
  if (used <= 1) return str_from_code_points(out.data(), int64_t(used));
  Ref<StrObject> result = str_allocate(int64_t(used), max_char);
  if (!result) return nullptr;
  auto narrow = [&](auto* units) {
    for (size_t i = 0; i < used; ++i) units[i] = std::remove_pointer_t<decltype(units)>(out[i]);
  };
  switch (result->kind) {
    case 1:
      narrow(static_cast<uint8_t*>(result->data()));
      break;
    case 2:
      narrow(static_cast<uint16_t*>(result->data()));
      break;
    default:
      narrow(static_cast<uint32_t*>(result->data()));
      break;
  }
  return result;
}

// Predicates over every character: false for the empty string.
template <class Predicate>
Ref<> all_chars(Value self, Predicate&& predicate) {
  StrObject* s = as_str(self);
  if (s->length == 0) return new_bool(false);
  bool all = visit_units(s, [&](const auto* data) {
    for (int64_t i = 0; i < s->length; ++i) {
      if (!predicate(CodePoint(data[i]))) return false;
    }
    return true;
  });
  return new_bool(all);
}

}  // namespace

namespace {

// ASCII lower/upper: bit 5 flips exactly for the letters from `first` to first + 25,
// eight bytes at a time.
Ref<> ascii_change_case(StrObject* s, uint8_t first) {
  if (s->length == 0) return str_empty();
  Ref<StrObject> result = str_allocate(s->length, 0x7F);
  if (!result) return nullptr;
  swar::ascii_flip_case_range(s->data1(), static_cast<uint8_t*>(result->data()), s->length, first);
  return result;
}

}  // namespace

Ref<> str_lower_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) return ascii_change_case(s, 'A');
  return map_full(
      s, [&](int64_t i, CodePoint c, CodePoint out[3], bool&) { return lower_at(s, i, c, out); });
}

Ref<> str_upper_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) return ascii_change_case(s, 'a');
  return map_full(s, [&](int64_t, CodePoint c, CodePoint out[3], bool&) {
    if (c < 0x80) {
      out[0] = ascii_to_upper(uint8_t(c));
      return 1;
    }
    return unicode::to_upper_full(c, out);
  });
}

Ref<> str_casefold_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) return ascii_change_case(s, 'A');
  return map_full(s, [&](int64_t, CodePoint c, CodePoint out[3], bool&) {
    return unicode::to_casefold_full(c, out);
  });
}

Ref<> str_swapcase_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) {
    return map_ascii(s, [](uint8_t c, int64_t, bool&) {
      return ascii_upper(c) ? ascii_to_lower(c) : ascii_to_upper(c);
    });
  }
  return map_full(s, [&](int64_t i, CodePoint c, CodePoint out[3], bool&) {
    if (unicode::is_upper(c)) return lower_at(s, i, c, out);
    if (unicode::is_lower(c)) return unicode::to_upper_full(c, out);
    out[0] = c;
    return 1;
  });
}

// The first character in title case (not upper case: 'ǆ' becomes 'ǅ'), the rest lower.
Ref<> str_capitalize_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) {
    return map_ascii(s, [](uint8_t c, int64_t i, bool&) {
      return i == 0 ? ascii_to_upper(c) : ascii_to_lower(c);
    });
  }
  return map_full(s, [&](int64_t i, CodePoint c, CodePoint out[3], bool&) {
    return i == 0 ? unicode::to_title_full(c, out) : lower_at(s, i, c, out);
  });
}

// Each word's first cased character in title case, the others lower; a "word" starts after
// any character that is not cased.
Ref<> str_title_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->ascii) {
    return map_ascii(s, [](uint8_t c, int64_t, bool& previous_is_cased) {
      uint8_t mapped = previous_is_cased ? ascii_to_lower(c) : ascii_to_upper(c);
      previous_is_cased = ascii_upper(c) || ascii_lower(c);
      return mapped;
    });
  }
  return map_full(s, [&](int64_t i, CodePoint c, CodePoint out[3], bool& previous_is_cased) {
    int n = previous_is_cased ? lower_at(s, i, c, out) : unicode::to_title_full(c, out);
    previous_is_cased = unicode::is_cased(c);
    return n;
  });
}

// --- Predicates ---

Ref<> str_isascii_method(Value self, const Value*) { return new_bool(as_str(self)->ascii); }

Ref<> str_isspace_method(Value self, const Value*) {
  return all_chars(self, [](CodePoint c) {
    if (c < 128) return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1C && c <= 0x1F);
    return unicode::is_space(c);
  });
}

Ref<> str_isalpha_method(Value self, const Value*) {
  return all_chars(self, [](CodePoint c) {
    if (c < 128) return ascii_upper(uint8_t(c)) || ascii_lower(uint8_t(c));
    return unicode::is_alpha(c);
  });
}

Ref<> str_isalnum_method(Value self, const Value*) {
  return all_chars(self, [](CodePoint c) {
    if (c < 128)
      return ascii_upper(uint8_t(c)) || ascii_lower(uint8_t(c)) || (c >= '0' && c <= '9');
    return unicode::is_alnum(c);
  });
}

Ref<> str_isdecimal_method(Value self, const Value*) {
  return all_chars(
      self, [](CodePoint c) { return c < 128 ? c >= '0' && c <= '9' : unicode::is_decimal(c); });
}

Ref<> str_isdigit_method(Value self, const Value*) {
  return all_chars(
      self, [](CodePoint c) { return c < 128 ? c >= '0' && c <= '9' : unicode::is_digit(c); });
}

Ref<> str_isnumeric_method(Value self, const Value*) {
  return all_chars(
      self, [](CodePoint c) { return c < 128 ? c >= '0' && c <= '9' : unicode::is_numeric(c); });
}

Ref<> str_isprintable_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->length == 0) return new_bool(true);
  return all_chars(
      self, [](CodePoint c) { return c < 128 ? c >= ' ' && c < 0x7F : unicode::is_printable(c); });
}

// No upper- or title-case character, and at least one cased lowercase one.
Ref<> str_islower_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  bool cased = false;
  for (int64_t i = 0; i < s->length; ++i) {
    CodePoint c = s->at(i);
    if (unicode::is_upper(c) || unicode::is_title(c)) return new_bool(false);
    if (!cased && unicode::is_lower(c)) cased = true;
  }
  return new_bool(cased);
}

Ref<> str_isupper_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  bool cased = false;
  for (int64_t i = 0; i < s->length; ++i) {
    CodePoint c = s->at(i);
    if (unicode::is_lower(c) || unicode::is_title(c)) return new_bool(false);
    if (!cased && unicode::is_upper(c)) cased = true;
  }
  return new_bool(cased);
}

// Upper/title-case characters only after uncased ones, lowercase ones only after cased
// ones, and at least one cased character.
Ref<> str_istitle_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  bool cased = false, previous_is_cased = false;
  for (int64_t i = 0; i < s->length; ++i) {
    CodePoint c = s->at(i);
    if (unicode::is_upper(c) || unicode::is_title(c)) {
      if (previous_is_cased) return new_bool(false);
      previous_is_cased = cased = true;
    } else if (unicode::is_lower(c)) {
      if (!previous_is_cased) return new_bool(false);
      previous_is_cased = cased = true;
    } else {
      previous_is_cased = false;
    }
  }
  return new_bool(cased);
}

// PEP 3131: XID_Start or '_' first, XID_Continue after.
Ref<> str_isidentifier_method(Value self, const Value*) {
  StrObject* s = as_str(self);
  if (s->length == 0) return new_bool(false);
  CodePoint first = s->at(0);
  if (first != '_' && !unicode::is_xid_start(first)) return new_bool(false);
  for (int64_t i = 1; i < s->length; ++i) {
    if (!unicode::is_xid_continue(s->at(i))) return new_bool(false);
  }
  return new_bool(true);
}

}  // namespace krait
