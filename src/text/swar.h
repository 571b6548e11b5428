// Word-at-a-time ("SIMD within a register") byte loops for 1-byte text: eight bytes per
// step with plain 64-bit arithmetic, so the plain -O2 build (which does not vectorise)
// still handles short strings' case mapping, counting and replacing in a few
// instructions per word. Every test here is exact (no false positives across bytes).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace krait::swar {

constexpr uint64_t kOnes = 0x0101010101010101u;
constexpr uint64_t kHigh = 0x8080808080808080u;

inline uint64_t load(const uint8_t* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
inline void store(uint8_t* p, uint64_t w) { std::memcpy(p, &w, 8); }
constexpr uint64_t broadcast(uint8_t c) { return kOnes * c; }

// 0x80 in each byte of w that is zero, 0 in the others.
inline uint64_t zero_bytes(uint64_t w) {
  uint64_t low7 = (w & ~kHigh) + ~kHigh;  // high bit set where the low 7 bits are not all 0
  return ~(low7 | w | ~kHigh);
}
// 0x80 in each byte of w equal to c.
inline uint64_t bytes_equal(uint64_t w, uint8_t c) { return zero_bytes(w ^ broadcast(c)); }
// 0x80 in each byte of w in [lo, hi]; every byte of w must be below 0x80 (ASCII), so
// adding at most 0x7F to a byte never carries into the next.
inline uint64_t ascii_in_range(uint64_t w, uint8_t lo, uint8_t hi) {
  return (w + broadcast(uint8_t(0x80 - lo))) & ~(w + broadcast(uint8_t(0x7F - hi))) & kHigh;
}
// How many bytes a mask of 0x80s marks.
inline int64_t count_marked(uint64_t marks) { return int64_t(((marks >> 7) * kOnes) >> 56); }
// 0xFF in each marked byte.
inline uint64_t widen_marks(uint64_t marks) { return (marks >> 7) * 0xFF; }
// Index of the first marked byte in memory order (marks != 0).
inline int first_marked(uint64_t marks) {
  if constexpr (std::endian::native == std::endian::little) return std::countr_zero(marks) >> 3;
  return std::countl_zero(marks) >> 3;
}

// True when every byte of s[0, n) is below 0x80.
inline bool all_ascii(const uint8_t* s, int64_t n) {
  int64_t i = 0;
  uint64_t seen = 0;
  for (; i + 8 <= n; i += 8) seen |= load(s + i);
  for (; i < n; ++i) seen |= s[i];
  return (seen & kHigh) == 0;
}

// Occurrences of c in s[0, n).
inline int64_t count_byte(const uint8_t* s, int64_t n, uint8_t c) {
  int64_t count = 0, i = 0;
  for (; i + 8 <= n; i += 8) count += count_marked(bytes_equal(load(s + i), c));
  for (; i < n; ++i) count += s[i] == c;
  return count;
}

// out[i] = in[i] with ASCII letters in [lo, lo + 25] flipped to the other case (bit 5);
// in must be ASCII. in and out may be the same.
inline void ascii_flip_case_range(const uint8_t* in, uint8_t* out, int64_t n, uint8_t lo) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load(in + i);
    store(out + i, w ^ (ascii_in_range(w, lo, uint8_t(lo + 25)) >> 2));
  }
  for (; i < n; ++i) out[i] = in[i] ^ uint8_t((uint8_t(in[i] - lo) < 26) << 5);
}

// out[i] = in[i] == from ? to : in[i].
inline void replace_byte(const uint8_t* in, uint8_t* out, int64_t n, uint8_t from, uint8_t to) {
  int64_t i = 0;
  uint64_t fill = broadcast(to);
  for (; i + 8 <= n; i += 8) {
    uint64_t w = load(in + i);
    uint64_t hit = widen_marks(bytes_equal(w, from));
    store(out + i, (w & ~hit) | (fill & hit));
  }
  for (; i < n; ++i) out[i] = in[i] == from ? to : in[i];
}

}  // namespace krait::swar
