// str: immutable Unicode text stored as in PEP 393 — one, two or four bytes per code point,
// whichever the widest character needs — so indexing is O(1) and the hash (SipHash over
// that very buffer) equals CPython's. Methods are in str_methods.cpp, formatting in
// str_format.cpp; this header is what the rest of krait uses to make and read strings.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/type.h"

namespace krait {

extern TypeObject str_type;
extern TypeObject str_iterator_type;

struct StrObject : Object {
  int64_t length;    // in code points
  int64_t hash;      // -1 until computed
  uint8_t kind;      // bytes per code point: 1 (latin-1), 2 (UCS-2) or 4 (UCS-4)
  bool ascii;        // every code point < 128: the data is also its UTF-8
  bool interned;
  // UTF-8 of a non-ASCII string, made on demand (malloc'd): its byte count (an int64_t)
  // then the bytes and a 0; null if ASCII. The count lives in the buffer, not here, to keep
  // the header (and every short string) 8 bytes smaller.
  char* utf8;
  // followed by (length + 1) code units of `kind` bytes, the last one 0

  void* data() { return this + 1; }
  const void* data() const { return this + 1; }
  const uint8_t* data1() const { return static_cast<const uint8_t*>(data()); }
  const uint16_t* data2() const { return static_cast<const uint16_t*>(data()); }
  const uint32_t* data4() const { return static_cast<const uint32_t*>(data()); }
  char32_t at(int64_t i) const {
    switch (kind) {
      case 1: return data1()[i];
      case 2: return data2()[i];
      default: return data4()[i];
    }
  }
};

inline bool is_str(Value v) { return v.is_object() && type_has_flag(v, kTypeStrSubclass); }
inline bool is_exact_str(Value v) { return v.is_object() && v.as_object()->type == &str_type; }
inline StrObject* as_str(Value v) { return static_cast<StrObject*>(v.as_object()); }

// --- Creating strings ---
// A new uninitialised string able to hold code points up to max_char; fill data() then use.
Ref<StrObject> str_allocate(int64_t length, char32_t max_char);
// From UTF-8 (surrogates encoded as 3-byte sequences are accepted: the compiler's and
// "surrogatepass" form). Invalid UTF-8 bytes become U+FFFD; use the codecs for strictness.
Ref<StrObject> str_from_utf8(std::string_view utf8);
Ref<StrObject> str_from_ascii(std::string_view ascii);
Ref<StrObject> str_from_latin1(std::string_view latin1);
Ref<StrObject> str_from_code_points(const char32_t* code_points, int64_t n);
Ref<StrObject> str_from_code_point(char32_t c);  // single characters are cached
// A string with the same characters, narrowed to the smallest kind that holds them.
Ref<StrObject> str_substring(StrObject* s, int64_t start, int64_t end);
// s[start:stop:step] with the indices as slice_unpack gives them (not yet clipped).
Ref<> str_get_slice(StrObject* s, int64_t start, int64_t stop, int64_t step);
Ref<StrObject> str_concat(StrObject* a, StrObject* b);
Ref<StrObject> str_empty();

// --- Reading strings ---
// The UTF-8 form (cached on the object; lone surrogates encoded "surrogatepass"-style).
std::string_view str_utf8(StrObject* s);
inline std::string_view str_utf8(Value v) { return str_utf8(as_str(v)); }
// Inline: dict lookups compare a fresh key (a word from split()) with the table's own
// object this way, and a call costs as much as the comparison.
inline bool str_equal(StrObject* a, StrObject* b) {
  if (a == b) return true;
  if (a->length != b->length || a->kind != b->kind) return false;
  if (a->hash != -1 && b->hash != -1 && a->hash != b->hash) return false;
  return std::memcmp(a->data(), b->data(), size_t(a->length) * a->kind) == 0;
}
bool str_equal_ascii(StrObject* s, std::string_view ascii);
// <0, 0, >0 by code point. Two latin-1 strings (sort keys, names) compare inline, eight
// bytes at a time (a byte-swapped word compares as the bytes do), no memcmp call.
int str_compare_wide(StrObject* a, StrObject* b);
inline int str_compare(StrObject* a, StrObject* b) {
  if ((a->kind & b->kind) != 1) [[unlikely]] return str_compare_wide(a, b);
  int64_t n = a->length < b->length ? a->length : b->length;
  const uint8_t* x = a->data1();
  const uint8_t* y = b->data1();
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t u, v;
    __builtin_memcpy(&u, x + i, 8);
    __builtin_memcpy(&v, y + i, 8);
    if (u != v) return __builtin_bswap64(u) < __builtin_bswap64(v) ? -1 : 1;
  }
  for (; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return a->length < b->length ? -1 : a->length > b->length ? 1 : 0;
}
int64_t str_hash(StrObject* s);
char32_t str_max_char(StrObject* s);
// A code point that makes str_allocate choose the same kind (and ASCII flag) as s: what a
// string made of s's characters and others needs, without reading s (strings are kept in
// their narrowest kind).
inline char32_t kind_max_char(const StrObject* s) {
  if (s->ascii) return 0x7F;
  return s->kind == 1 ? 0xFF : s->kind == 2 ? 0xFFFF : 0x10FFFF;
}
// Finds `needle` in s[start:end]; -1 if absent.
int64_t str_find(StrObject* s, StrObject* needle, int64_t start, int64_t end);

// --- Interning: one object per distinct identifier, compared by pointer ---
StrObject* str_intern(Ref<StrObject>&& s);  // returns the interned (borrowed, immortal) object
StrObject* str_intern_utf8(std::string_view utf8);

// Builds a string from pieces without knowing the final width in advance.
class StrBuilder {
 public:
  void append(char32_t c);
  void append_ascii(std::string_view ascii);
  void append_utf8(std::string_view utf8);
  void append(StrObject* s);
  void append(StrObject* s, int64_t start, int64_t end);
  int64_t length() const { return int64_t(chars_.size()); }
  Ref<StrObject> finish();

 private:
  std::u32string chars_;
};

}  // namespace krait
