// UTF-8 encoding and decoding of single code points, shared by the tokenizer, str and the
// codecs. Strict by default (no overlong forms, nothing above U+10FFFF); surrogates
// (U+D800..U+DFFF as three bytes) are accepted only when the caller asks, as
// "surrogatepass" and krait's internal strings need.
#pragma once

#include <cstddef>
#include <string>

namespace krait::utf8 {

constexpr int kMaxBytes = 4;

constexpr bool is_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDFFF; }

// Number of bytes encode() writes for c (c <= U+10FFFF).
constexpr int encoded_length(char32_t c) {
  return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

// Writes c (c <= U+10FFFF; surrogates are written as three bytes) to out, returns the
// number of bytes written.
inline int encode(char32_t c, char* out) {
  if (c < 0x80) {
    out[0] = static_cast<char>(c);
    return 1;
  }
  if (c < 0x800) {
    out[0] = static_cast<char>(0xC0 | (c >> 6));
    out[1] = static_cast<char>(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (c >> 12));
    out[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (c >> 18));
  out[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (c & 0x3F));
  return 4;
}

inline void append(std::string& s, char32_t c) {
  char buffer[kMaxBytes];
  s.append(buffer, static_cast<size_t>(encode(c, buffer)));
}

// Decodes the code point starting at p (p < end) into *out and returns the number of
// bytes it takes (1..4), or 0 if the bytes there are not valid UTF-8 (truncated,
// overlong, above U+10FFFF, a stray continuation byte, or a surrogate unless
// allow_surrogates).
inline int decode(const char* p, const char* end, char32_t* out, bool allow_surrogates = false) {
  const auto* s = reinterpret_cast<const unsigned char*>(p);
  const size_t available = static_cast<size_t>(end - p);
  const unsigned lead = s[0];
  if (lead < 0x80) {
    *out = lead;
    return 1;
  }
  int length;
  char32_t c, minimum;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, c = lead & 0x1F, minimum = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, c = lead & 0x0F, minimum = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, c = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (available < static_cast<size_t>(length)) return 0;
  for (int i = 1; i < length; ++i) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    c = (c << 6) | (s[i] & 0x3F);
  }
  if (c < minimum || c > 0x10FFFF) return 0;
  if (is_surrogate(c) && !allow_surrogates) return 0;
  *out = c;
  return length;
}

}  // namespace krait::utf8
