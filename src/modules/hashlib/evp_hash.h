// The state of a hash object kept in an OpenSSL EVP digest context, shared by _hashlib's
// HASH/HASHXOF and the builtin-named modules (_md5, _sha1, _sha256, _sha512, _sha3).
#pragma once

#include <openssl/evp.h>

#include <string>

#include "core/object.h"
#include "modules/hashlib/hash_common.h"

namespace krait {

struct EvpHashObject : Object {
  EVP_MD_CTX* context;
  HashLock lock;
};

inline EvpHashObject* as_evp_hash(Value v) { return static_cast<EvpHashObject*>(v.as_object()); }

// ValueError (or `type`) worded from the error OpenSSL reported last, as CPython does.
Raised openssl_error(TypeObject* type = nullptr);
// Starts a digest of `md` in h (freshly allocated); false with an error set on failure.
bool evp_hash_init(EvpHashObject* h, const EVP_MD* md);
// Feeds `data` (a bytes-like object; str is a TypeError), without the GIL when large.
bool evp_hash_update(EvpHashObject* h, Value data);
// The digest so far (xof_length >= 0: that many bytes of an extendable-output digest); the
// object stays usable.
bool evp_hash_final(EvpHashObject* h, std::string* out, int64_t xof_length);
// A fresh context in the same state as h's, or null with an error set.
EVP_MD_CTX* evp_hash_copy_context(EvpHashObject* h);
// What a dealloc releases (the context and the lock).
void evp_hash_clear(EvpHashObject* h);

// The slot and methods every EVP-backed hash type has alike.
void evp_hash_dealloc(Object* o);
Ref<> evp_hash_update_method(Value self, const Value* args);
Ref<> evp_hash_digest_method(Value self, const Value* args);
Ref<> evp_hash_hexdigest_method(Value self, const Value* args);

}  // namespace krait
