// What _hashlib and _blake2 share: reading the data to hash, hex output, compare_digest.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>

#include "core/object.h"
#include "objects/bytes.h"

namespace krait {

// Updates at least this large run with the GIL released (as CPython's HASHLIB_GIL_MINSIZE).
constexpr size_t kHashGilReleaseSize = 2048;

// CPython's per-object hash lock: made by the first update large enough to run without the
// GIL; from then on every use of the object's state takes it, so threads sharing one hash
// object never interleave inside it. Objects are zeroed at allocation, so a new one has none.
struct HashLock {
  std::mutex* mutex;
};
void hash_lock_free(HashLock* lock);

// Holds `lock` for its lifetime (creating it first when `create`, i.e. for a large update);
// waits for it with the GIL released.
class HashLockScope {
 public:
  HashLockScope(HashLock* lock, bool create);
  ~HashLockScope();
  HashLockScope(const HashLockScope&) = delete;
  HashLockScope& operator=(const HashLockScope&) = delete;

 private:
  std::mutex* mutex_;
};

// An unsigned C-long argument as CPython's converter reads it: TypeError "an integer is
// required", ValueError "value must be positive", `wide_error` past 64 bits, `too_large`
// past `max`.
bool hash_unsigned_parameter(Value v, uint64_t max, const char* wide_error, const char* too_large,
                             uint64_t* out);

// The bytes to hash: TypeError for str ("Strings must be encoded before hashing") and for
// objects without the buffer protocol.
bool hash_buffer(Value data, Buffer* view);
bool check_not_str(Value data);
// Lower-case hexadecimal text of the digest.
Ref<> hex_text(std::string_view digest);
// compare_digest(a, b): constant-time equality of two ASCII strs or two bytes-like objects.
Ref<> compare_digest_function(Value module, const Value* args);

}  // namespace krait
