// What _hashlib and _blake2 share: reading the data to hash, hex output, compare_digest.
#pragma once

#include <string_view>

#include "core/object.h"
#include "objects/bytes.h"

namespace krait {

// Updates at least this large run with the GIL released (as CPython's HASHLIB_GIL_MINSIZE).
constexpr size_t kHashGilReleaseSize = 2048;

// The bytes to hash: TypeError for str ("Strings must be encoded before hashing") and for
// objects without the buffer protocol.
bool hash_buffer(Value data, Buffer* view);
bool check_not_str(Value data);
// Lower-case hexadecimal text of the digest.
Ref<> hex_text(std::string_view digest);
// compare_digest(a, b): constant-time equality of two ASCII strs or two bytes-like objects.
Ref<> compare_digest_function(Value module, const Value* args);

}  // namespace krait
