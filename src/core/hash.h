// Hash functions with CPython's results (DESIGN.md §1: set order equals CPython's for the
// same hashes): SipHash-1-3 for str/bytes keyed as CPython keys it from PYTHONHASHSEED,
// the modular hash of numbers, the tuple and pointer hashes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace krait {

// The numeric hash modulus 2**61 - 1 (sys.hash_info.modulus) and friends.
constexpr int kHashBits = 61;
constexpr uint64_t kHashModulus = (uint64_t{1} << kHashBits) - 1;
constexpr int64_t kHashInf = 314159;
constexpr int64_t kHashImag = 1000003;

// Derives the SipHash key: PYTHONHASHSEED=0 gives the zero key, another seed CPython's
// LCG-derived key, seed < 0 a random key.
void hash_init_secret(int64_t seed);
// Hash of a byte buffer (str data in its PEP 393 kind, or bytes): 0 for empty input.
int64_t hash_bytes(const void* data, size_t size);
// SipHash-1-3 under an explicit key (hash_bytes uses the process's secret).
uint64_t siphash13(uint64_t k0, uint64_t k1, const void* data, size_t size);
int64_t hash_pointer(const void* p);
int64_t hash_double(double value, const void* identity);  // NaN hashes by identity

// Incremental tuple hash (xxHash-derived, as CPython 3.8+).
class TupleHasher {
 public:
  void add(int64_t item_hash);
  int64_t finish(size_t length) const;

 private:
  uint64_t acc_ = 2870177450012600261ULL;
};

}  // namespace krait
