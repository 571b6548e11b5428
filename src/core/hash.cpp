// Hash functions; see hash.h.
#include "core/hash.h"

#include <cmath>
#include <cstring>
#include <random>

namespace krait {

namespace {

uint64_t sip_k0 = 0, sip_k1 = 0;

inline uint64_t rotate_left(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

inline void sip_round(uint64_t& v0, uint64_t& v1, uint64_t& v2, uint64_t& v3) {
  v0 += v1; v1 = rotate_left(v1, 13); v1 ^= v0; v0 = rotate_left(v0, 32);
  v2 += v3; v3 = rotate_left(v3, 16); v3 ^= v2;
  v0 += v3; v3 = rotate_left(v3, 21); v3 ^= v0;
  v2 += v1; v1 = rotate_left(v1, 17); v1 ^= v2; v2 = rotate_left(v2, 32);
}

}  // namespace

// SipHash with one compression and three finalisation rounds.
uint64_t siphash13(uint64_t k0, uint64_t k1, const void* bytes, size_t size) {
  auto* data = static_cast<const uint8_t*>(bytes);
  uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
  uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
  uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
  uint64_t v3 = k1 ^ 0x7465646279746573ULL;
  const uint8_t* end = data + (size & ~size_t{7});
  for (; data != end; data += 8) {
    uint64_t m;
    std::memcpy(&m, data, 8);  // little-endian machine
    v3 ^= m;
    sip_round(v0, v1, v2, v3);
    v0 ^= m;
  }
  uint64_t last = uint64_t(size) << 56;
  switch (size & 7) {
    case 7: last |= uint64_t(data[6]) << 48; [[fallthrough]];
    case 6: last |= uint64_t(data[5]) << 40; [[fallthrough]];
    case 5: last |= uint64_t(data[4]) << 32; [[fallthrough]];
    case 4: last |= uint64_t(data[3]) << 24; [[fallthrough]];
    case 3: last |= uint64_t(data[2]) << 16; [[fallthrough]];
    case 2: last |= uint64_t(data[1]) << 8; [[fallthrough]];
    case 1: last |= uint64_t(data[0]); break;
    default: break;
  }
  v3 ^= last;
  sip_round(v0, v1, v2, v3);
  v0 ^= last;
  v2 ^= 0xff;
  sip_round(v0, v1, v2, v3);
  sip_round(v0, v1, v2, v3);
  sip_round(v0, v1, v2, v3);
  return v0 ^ v1 ^ v2 ^ v3;
}

void hash_init_secret(int64_t seed) {
  uint8_t secret[16] = {};
  if (seed > 0) {
    // The key CPython derives from a nonzero PYTHONHASHSEED: bytes of a linear
    // congruential sequence (the classic 214013/2531011 generator).
    uint32_t x = uint32_t(seed);
    for (uint8_t& byte : secret) {
      x = x * 214013u + 2531011u;
      byte = uint8_t((x >> 16) & 0xff);
    }
  } else if (seed < 0) {
    std::random_device device;
    for (uint8_t& byte : secret) byte = uint8_t(device());
  }
  std::memcpy(&sip_k0, secret, 8);
  std::memcpy(&sip_k1, secret + 8, 8);
}

int64_t hash_bytes(const void* data, size_t size) {
  if (size == 0) return 0;
  int64_t h = int64_t(siphash13(sip_k0, sip_k1, static_cast<const uint8_t*>(data), size));
  return h == -1 ? -2 : h;
}

int64_t hash_pointer(const void* p) {
  // Rotate by 4: the low bits of an aligned address are always zero.
  uint64_t y = reinterpret_cast<uintptr_t>(p);
  y = (y >> 4) | (y << 60);
  int64_t h = int64_t(y);
  return h == -1 ? -2 : h;
}

int64_t hash_double(double value, const void* identity) {
  // The hash of a rational m/n is m * inverse(n) mod P; a float is m * 2**e, so reduce the
  // mantissa 28 bits at a time and multiply by 2**e mod P as a rotation.
  if (std::isinf(value)) return value > 0 ? kHashInf : -kHashInf;
  if (std::isnan(value)) return hash_pointer(identity);
  int exponent;
  double mantissa = std::frexp(value, &exponent);
  int sign = 1;
  if (mantissa < 0) {
    sign = -1;
    mantissa = -mantissa;
  }
  uint64_t x = 0;
  while (mantissa) {
    x = ((x << 28) & kHashModulus) | x >> (kHashBits - 28);
    mantissa *= 268435456.0;  // 2**28
    exponent -= 28;
    uint64_t y = uint64_t(mantissa);
    mantissa -= double(y);
    x += y;
    if (x >= kHashModulus) x -= kHashModulus;
  }
  exponent = exponent >= 0 ? exponent % kHashBits : kHashBits - 1 - ((-1 - exponent) % kHashBits);
  x = ((x << exponent) & kHashModulus) | x >> (kHashBits - exponent);
  int64_t h = int64_t(x) * sign;
  return h == -1 ? -2 : h;
}

void TupleHasher::add(int64_t item_hash) {
  acc_ += uint64_t(item_hash) * 14029467366897019727ULL;
  acc_ = rotate_left(acc_, 31);
  acc_ *= 11400714785074694791ULL;
}

int64_t TupleHasher::finish(size_t length) const {
  uint64_t acc = acc_ + (uint64_t(length) ^ (2870177450012600261ULL ^ 3527539ULL));
  if (acc == uint64_t(-1)) return 1546275796;
  return int64_t(acc);
}

}  // namespace krait
