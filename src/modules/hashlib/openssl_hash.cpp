// _hashlib: hashing, HMAC and key derivation on OpenSSL's EVP interface, as CPython's
// module of the same name (HASH, HASHXOF, HMAC, new, openssl_<name>, hmac_new/hmac_digest,
// pbkdf2_hmac, scrypt, compare_digest). Large updates run without the GIL.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/objects.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/hashlib/evp_hash.h"
#include "modules/hashlib/hash_common.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/mappingproxy.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gil.h"

namespace krait {

namespace {

Object* unsupported_digestmod_error = nullptr;  // _hashlib.UnsupportedDigestmodError, made once

// Python's spelling of an OpenSSL digest name and back ("sha3_256" <-> "SHA3-256").
struct NameAlias {
  const char* python;
  const char* openssl;
};
constexpr NameAlias kNameAliases[] = {
    {"sha3_224", "SHA3-224"},     {"sha3_256", "SHA3-256"},  {"sha3_384", "SHA3-384"},
    {"sha3_512", "SHA3-512"},     {"shake_128", "SHAKE128"}, {"shake_256", "SHAKE256"},
    {"blake2b", "BLAKE2B512"},    {"blake2s", "BLAKE2S256"}, {"sha512_224", "SHA512-224"},
    {"sha512_256", "SHA512-256"},
};

std::string python_name(const EVP_MD* md) {
  // The object's long name ("sha256"), not the provider's ("SHA2-256"), as CPython.
  const char* long_name = OBJ_nid2ln(EVP_MD_get_type(md));
  std::string name = long_name ? long_name : EVP_MD_get0_name(md);
  for (const NameAlias& alias : kNameAliases) {
    if (strcasecmp(name.c_str(), alias.openssl) == 0) return alias.python;
  }
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return name;
}

std::string openssl_name(std::string_view python) {
  for (const NameAlias& alias : kNameAliases) {
    if (python == alias.python) return alias.openssl;
  }
  return std::string(python);
}

}  // namespace

// The error OpenSSL reported last, as CPython words it: "[library] reason".
Raised openssl_error(TypeObject* type) {
  if (!type) type = &exc::ValueError;
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  const char* library = code ? ERR_lib_error_string(code) : nullptr;
  const char* reason = code ? ERR_reason_error_string(code) : nullptr;
  if (library && reason) return raise(*type, "[{}] {}", library, reason);
  if (reason) return raise(*type, "{}", reason);
  return raise(*type, "no reason supplied");
}

bool evp_hash_init(EvpHashObject* h, const EVP_MD* md) {
  h->context = EVP_MD_CTX_new();
  if (!h->context) return bool(raise_memory_error());
  if (!EVP_DigestInit_ex(h->context, md, nullptr)) return bool(openssl_error());
  return true;
}

bool evp_hash_update(EvpHashObject* h, Value data) {
  Buffer view;
  if (!hash_buffer(data, &view)) return false;
  bool large = size_t(view.length) >= kHashGilReleaseSize;
  bool ok;
  {
    HashLockScope locked(&h->lock, large);
    if (large) {
      ReleaseGil unlocked;
      ok = EVP_DigestUpdate(h->context, view.data, size_t(view.length));
    } else {
      ok = EVP_DigestUpdate(h->context, view.data, size_t(view.length));
    }
  }
  buffer_release(&view);
  if (!ok) return bool(openssl_error());
  return true;
}

bool evp_hash_final(EvpHashObject* h, std::string* out, int64_t xof_length) {
  EVP_MD_CTX* copy = evp_hash_copy_context(h);
  if (!copy) return false;
  bool ok;
  if (xof_length >= 0) {
    out->resize(size_t(xof_length));
    ok = xof_length == 0 || EVP_DigestFinalXOF(copy, reinterpret_cast<unsigned char*>(out->data()),
                                               size_t(xof_length));
  } else {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    ok = EVP_DigestFinal_ex(copy, digest, &length);
    out->assign(reinterpret_cast<char*>(digest), length);
  }
  EVP_MD_CTX_free(copy);
  if (!ok) return bool(openssl_error());
  return true;
}

EVP_MD_CTX* evp_hash_copy_context(EvpHashObject* h) {
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (!context) {
    raise_memory_error();
    return nullptr;
  }
  bool ok;
  {
    HashLockScope locked(&h->lock, false);
    ok = EVP_MD_CTX_copy_ex(context, h->context);
  }
  if (!ok) {
    EVP_MD_CTX_free(context);
    openssl_error();
    return nullptr;
  }
  return context;
}

void evp_hash_clear(EvpHashObject* h) {
  EVP_MD_CTX_free(h->context);
  h->context = nullptr;
  hash_lock_free(&h->lock);
}

void evp_hash_dealloc(Object* o) {
  evp_hash_clear(as_evp_hash(Value(o)));
  free_object(o);
}

Ref<> evp_hash_update_method(Value self, const Value* args) {
  if (!evp_hash_update(as_evp_hash(self), args[0])) return nullptr;
  return new_none();
}

Ref<> evp_hash_digest_method(Value self, const Value*) {
  std::string digest;
  if (!evp_hash_final(as_evp_hash(self), &digest, -1)) return nullptr;
  return bytes_from(digest);
}

Ref<> evp_hash_hexdigest_method(Value self, const Value*) {
  std::string digest;
  if (!evp_hash_final(as_evp_hash(self), &digest, -1)) return nullptr;
  return hex_text(digest);
}

namespace {

// A digest by Python name; null with ValueError (or UnsupportedDigestmodError) if unknown.
EVP_MD* fetch_digest(std::string_view name, TypeObject* error_type = &exc::ValueError) {
  EVP_MD* md = EVP_MD_fetch(nullptr, openssl_name(name).c_str(), nullptr);
  if (!md) openssl_error(error_type);
  return md;
}

bool is_xof(const EVP_MD* md) { return EVP_MD_get_flags(md) & EVP_MD_FLAG_XOF; }

// --- HASH and HASHXOF ---

using HashObject = EvpHashObject;

HashObject* as_hash(Value v) { return as_evp_hash(v); }

extern TypeObject hash_type;
extern TypeObject hashxof_type;

// A HASH (or HASHXOF) object of digest `md` fed with `data` (may be null).
Ref<> hash_create(const EVP_MD* md, Value data) {
  auto* h = allocate<HashObject>(is_xof(md) ? &hashxof_type : &hash_type);
  if (!h) return nullptr;
  Ref<> result = Ref<>::steal(Value(h));
  if (!evp_hash_init(h, md)) return nullptr;
  if (data && !evp_hash_update(h, data)) return nullptr;
  return result;
}


bool xof_length(Value v, int64_t* length) {
  if (!index_to_int64(v, length)) return false;
  if (*length < 0)
    return bool(raise(exc::SystemError, "Negative size passed to PyBytes_FromStringAndSize"));
  return true;
}

Ref<> hashxof_digest(Value self, const Value* args) {
  int64_t length;
  std::string digest;
  if (!xof_length(args[0], &length) || !evp_hash_final(as_hash(self), &digest, length)) return nullptr;
  return bytes_from(digest);
}

Ref<> hashxof_hexdigest(Value self, const Value* args) {
  int64_t length;
  std::string digest;
  if (!xof_length(args[0], &length) || !evp_hash_final(as_hash(self), &digest, length)) return nullptr;
  return hex_text(digest);
}

Ref<> hash_copy(Value self, const Value* args) {
  EVP_MD_CTX* context = evp_hash_copy_context(as_hash(self));
  if (!context) return nullptr;
  auto* h = allocate<HashObject>(type_of(self));
  if (!h) {
    EVP_MD_CTX_free(context);
    return nullptr;
  }
  h->context = context;
  return Ref<>::steal(Value(h));
}

const EVP_MD* hash_md(Value self) { return EVP_MD_CTX_get0_md(as_hash(self)->context); }

Ref<> hash_get_name(Value self) { return str_from_utf8(python_name(hash_md(self))); }
Ref<> hash_get_digest_size(Value self) {
  return int_from_int64(is_xof(hash_md(self)) ? 0 : EVP_MD_get_size(hash_md(self)));
}
Ref<> hash_get_block_size(Value self) {
  return int_from_int64(EVP_MD_get_block_size(hash_md(self)));
}

Ref<> hash_repr(Value self) {
  return str_from_utf8("<" + python_name(hash_md(self)) + " " + type_name(self) + " object @ " +
                       address_text(self.as_object()) + ">");
}

const MethodDef hash_methods[] = {
    {.name = "copy",
     .impl = hash_copy,
     .signature = "($self, /)",
     .doc = "Return a copy of the hash object."},
    {.name = "digest",
     .impl = evp_hash_digest_method,
     .signature = "($self, /)",
     .doc = "Return the digest value as a bytes object."},
    {.name = "hexdigest",
     .impl = evp_hash_hexdigest_method,
     .signature = "($self, /)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {.name = "update",
     .impl = evp_hash_update_method,
     .signature = "($self, obj, /)",
     .doc = "Update this hash object's state with the provided string."},
    {},
};

const MethodDef hashxof_methods[] = {
    {.name = "digest",
     .impl = hashxof_digest,
     .signature = "($self, /, length)",
     .doc = "Return the digest value as a bytes object."},
    {.name = "hexdigest",
     .impl = hashxof_hexdigest,
     .signature = "($self, /, length)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {},
};

const GetSetDef hash_getsets[] = {
    {"name", hash_get_name},
    {"digest_size", hash_get_digest_size},
    {"block_size", hash_get_block_size},
    {},
};

TypeObject hash_type{TypeSpec{
    .name = "_hashlib.HASH",
    .doc = "A hash is an object used to calculate a checksum of a string of "
           "information.\n\nMethods:\n\nupdate() -- "
           "updates the current digest with an additional string\ndigest() -- return the current "
           "digest "
           "value\nhexdigest() -- return the current digest as a string of hexadecimal "
           "digits\ncopy() -- return a copy "
           "of the current hash object\n\nAttributes:\n\nname -- the hash algorithm being used by "
           "this "
           "object\ndigest_size -- number of bytes in this hashes output",
    .basic_size = sizeof(HashObject),
    .flags = kTypeBaseType | kTypeDisallowInstantiation,
    .slots = {.dealloc = evp_hash_dealloc, .repr = hash_repr, .getattr = generic_get_attr},
    .methods = hash_methods,
    .getsets = hash_getsets,
}};

TypeObject hashxof_type{TypeSpec{
    .name = "_hashlib.HASHXOF",
    .doc = "A hash is an object used to calculate a checksum of a string of "
           "information.\n\nMethods:\n\nupdate() -- "
           "updates the current digest with an additional string\ndigest(length) -- return the "
           "current digest "
           "value\nhexdigest(length) -- return the current digest as a string of hexadecimal "
           "digits\ncopy() -- return "
           "a copy of the current hash object\n\nAttributes:\n\nname -- the hash algorithm being "
           "used by this "
           "object\ndigest_size -- number of bytes in this hashes output",
    .basic_size = sizeof(HashObject),
    .flags = kTypeBaseType | kTypeDisallowInstantiation,
    .base = &hash_type,
    .slots = {.dealloc = evp_hash_dealloc, .repr = hash_repr, .getattr = generic_get_attr},
    .methods = hashxof_methods,
}};

// --- Constructors ---

// new(name, string=b'', *, usedforsecurity=True)
Ref<> hashlib_new(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("name must be a string");
  if (args[1] && !check_not_str(args[1])) return nullptr;
  EVP_MD* md = fetch_digest(str_utf8(args[0]));
  if (!md) return nullptr;
  Ref<> result = hash_create(md, args[1]);
  EVP_MD_free(md);
  return result;
}

Ref<> named_constructor(const char* name, Value data) {
  if (data && !check_not_str(data)) return nullptr;
  EVP_MD* md = fetch_digest(name);
  if (!md) return nullptr;
  Ref<> result = hash_create(md, data);
  EVP_MD_free(md);
  return result;
}

#define KRAIT_OPENSSL_CONSTRUCTOR(name) \
  Ref<> openssl_##name(Value, const Value* args) { return named_constructor(#name, args[0]); }
KRAIT_OPENSSL_CONSTRUCTOR(md5)
KRAIT_OPENSSL_CONSTRUCTOR(sha1)
KRAIT_OPENSSL_CONSTRUCTOR(sha224)
KRAIT_OPENSSL_CONSTRUCTOR(sha256)
KRAIT_OPENSSL_CONSTRUCTOR(sha384)
KRAIT_OPENSSL_CONSTRUCTOR(sha512)
KRAIT_OPENSSL_CONSTRUCTOR(sha3_224)
KRAIT_OPENSSL_CONSTRUCTOR(sha3_256)
KRAIT_OPENSSL_CONSTRUCTOR(sha3_384)
KRAIT_OPENSSL_CONSTRUCTOR(sha3_512)
KRAIT_OPENSSL_CONSTRUCTOR(shake_128)
KRAIT_OPENSSL_CONSTRUCTOR(shake_256)
#undef KRAIT_OPENSSL_CONSTRUCTOR

// --- HMAC ---

struct HmacObject : Object {
  EVP_MAC_CTX* context;
  EVP_MD* md;  // the digest (owned), for name/digest_size/block_size
  HashLock lock;
};

HmacObject* as_hmac(Value v) { return static_cast<HmacObject*>(v.as_object()); }

extern TypeObject hmac_type;

void hmac_dealloc(Object* o) {
  auto* h = static_cast<HmacObject*>(o);
  EVP_MAC_CTX_free(h->context);
  EVP_MD_free(h->md);
  hash_lock_free(&h->lock);
  free_object(o);
}

// The digest a digestmod designates: a name, or one of this module's openssl_* functions
// (hashlib.sha256 is one); anything else is UnsupportedDigestmodError.
EVP_MD* digest_from_digestmod(Value module, Value digestmod) {
  auto* error_type = static_cast<TypeObject*>(unsupported_digestmod_error);
  if (is_str(digestmod)) return fetch_digest(str_utf8(digestmod));
  Ref<> constructors = module ? get_attr(module, "_constructors") : Ref<>();
  if (constructors) {
    Ref<> name = get_item(constructors, digestmod);
    if (name && is_str(name)) return fetch_digest(str_utf8(name.value()), error_type);
  }
  clear_error();
  raise(*error_type, "Unsupported digestmod {}", repr_for_message(digestmod));
  return nullptr;
}

EVP_MAC_CTX* hmac_context(EVP_MD* md, const Buffer& key) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  EVP_MAC_CTX* context = mac ? EVP_MAC_CTX_new(mac) : nullptr;
  EVP_MAC_free(mac);
  if (!context) {
    openssl_error();
    return nullptr;
  }
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(
                             OSSL_MAC_PARAM_DIGEST, const_cast<char*>(EVP_MD_get0_name(md)), 0),
                         OSSL_PARAM_construct_end()};
  if (!EVP_MAC_init(context, static_cast<const unsigned char*>(key.data), size_t(key.length),
                    params)) {
    EVP_MAC_CTX_free(context);
    openssl_error();
    return nullptr;
  }
  return context;
}

bool hmac_update_object(HmacObject* h, Value data) {
  Buffer view;
  if (!hash_buffer(data, &view)) return false;
  bool ok;
  bool large = size_t(view.length) >= kHashGilReleaseSize;
  {
    HashLockScope locked(&h->lock, large);
    if (large) {
      ReleaseGil unlocked;
      ok = EVP_MAC_update(h->context, static_cast<const unsigned char*>(view.data),
                          size_t(view.length));
    } else {
      ok = EVP_MAC_update(h->context, static_cast<const unsigned char*>(view.data),
                          size_t(view.length));
    }
  }
  buffer_release(&view);
  if (!ok) return bool(openssl_error());
  return true;
}

// hmac_new(key, msg=b'', digestmod=None)
Ref<> hmac_new(Value module, const Value* args) {
  if (is_none(args[2])) return type_error("Missing required parameter 'digestmod'.");
  Buffer key;
  if (!buffer_get(args[0], &key, kBufferSimple)) return nullptr;
  EVP_MD* md = digest_from_digestmod(module, args[2]);
  EVP_MAC_CTX* context = md ? hmac_context(md, key) : nullptr;
  buffer_release(&key);
  if (!context) {
    EVP_MD_free(md);
    return nullptr;
  }
  auto* h = allocate<HmacObject>(&hmac_type);
  if (!h) {
    EVP_MAC_CTX_free(context);
    EVP_MD_free(md);
    return nullptr;
  }
  h->context = context;
  h->md = md;
  Ref<> result = Ref<>::steal(Value(h));
  if (!is_none(args[1]) && !hmac_update_object(h, args[1])) return nullptr;
  return result;
}

bool hmac_final(HmacObject* h, std::string* out) {
  EVP_MAC_CTX* copy;
  {
    HashLockScope locked(&h->lock, false);
    copy = EVP_MAC_CTX_dup(h->context);
  }
  if (!copy) return bool(openssl_error());
  unsigned char digest[EVP_MAX_MD_SIZE];
  size_t length = 0;
  bool ok = EVP_MAC_final(copy, digest, &length, sizeof digest);
  EVP_MAC_CTX_free(copy);
  if (!ok) return bool(openssl_error());
  out->assign(reinterpret_cast<char*>(digest), length);
  return true;
}

Ref<> hmac_update(Value self, const Value* args) {
  if (!hmac_update_object(as_hmac(self), args[0])) return nullptr;
  return new_none();
}

Ref<> hmac_digest_method(Value self, const Value* args) {
  std::string digest;
  if (!hmac_final(as_hmac(self), &digest)) return nullptr;
  return bytes_from(digest);
}

Ref<> hmac_hexdigest(Value self, const Value* args) {
  std::string digest;
  if (!hmac_final(as_hmac(self), &digest)) return nullptr;
  return hex_text(digest);
}

Ref<> hmac_copy(Value self, const Value* args) {
  HmacObject* h = as_hmac(self);
  EVP_MAC_CTX* context;
  {
    HashLockScope locked(&h->lock, false);
    context = EVP_MAC_CTX_dup(h->context);
  }
  if (!context) return openssl_error();
  auto* copy = allocate<HmacObject>(&hmac_type);
  if (!copy) {
    EVP_MAC_CTX_free(context);
    return nullptr;
  }
  copy->context = context;
  EVP_MD_up_ref(h->md);
  copy->md = h->md;
  return Ref<>::steal(Value(copy));
}

Ref<> hmac_get_name(Value self) { return str_from_utf8("hmac-" + python_name(as_hmac(self)->md)); }
Ref<> hmac_get_digest_size(Value self) {
  return int_from_int64(EVP_MD_get_size(as_hmac(self)->md));
}
Ref<> hmac_get_block_size(Value self) {
  return int_from_int64(EVP_MD_get_block_size(as_hmac(self)->md));
}

Ref<> hmac_repr(Value self) {
  return str_from_utf8("<" + python_name(as_hmac(self)->md) + " HMAC object @ " +
                       address_text(self.as_object()) + ">");
}

const MethodDef hmac_methods[] = {
    {.name = "update",
     .impl = hmac_update,
     .signature = "($self, /, msg)",
     .doc = "Update the HMAC object with msg."},
    {.name = "digest",
     .impl = hmac_digest_method,
     .signature = "($self, /)",
     .doc = "Return the digest of the bytes passed to the update() method so far."},
    {.name = "hexdigest",
     .impl = hmac_hexdigest,
     .signature = "($self, /)",
     .doc = "Return hexadecimal digest of the bytes passed to the update() method so far."},
    {.name = "copy",
     .impl = hmac_copy,
     .signature = "($self, /)",
     .doc = "Return a copy (\"clone\") of the HMAC object."},
    {},
};

const GetSetDef hmac_getsets[] = {
    {"name", hmac_get_name},
    {"digest_size", hmac_get_digest_size},
    {"block_size", hmac_get_block_size},
    {},
};

TypeObject hmac_type{TypeSpec{
    .name = "_hashlib.HMAC",
    .doc = "The object used to calculate HMAC of a message.\n\nMethods:\n\nupdate() -- updates the "
           "current digest with "
           "an additional string\ndigest() -- return the current digest value\nhexdigest() -- "
           "return the current "
           "digest as a string of hexadecimal digits\ncopy() -- return a copy of the current hash "
           "object\n\nAttributes:"
           "\n\nname -- the name, including the hash algorithm used by this object\ndigest_size -- "
           "number of bytes in "
           "digest() output\n",
    .basic_size = sizeof(HmacObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = hmac_dealloc, .repr = hmac_repr, .getattr = generic_get_attr},
    .methods = hmac_methods,
    .getsets = hmac_getsets,
}};

// hmac_digest(key, msg, digest): one-shot HMAC.
Ref<> hmac_digest_function(Value module, const Value* args) {
  Value call_args[3] = {args[0], args[1], args[2]};
  Ref<> h = hmac_new(module, call_args);
  if (!h) return nullptr;
  return hmac_digest_method(h, nullptr);
}

// --- Key derivation ---

Ref<> pbkdf2_hmac(Value, const Value* args) {
  if (!is_str(args[0]))
    return type_error("pbkdf2_hmac() argument 'hash_name' must be str, not {}", type_name(args[0]));
  int64_t iterations;
  if (!index_to_int64(args[3], &iterations)) return nullptr;
  if (iterations < 1) return value_error("iteration value must be greater than 0.");
  if (iterations > INT32_MAX) return raise(exc::OverflowError, "iteration value is too great.");
  EVP_MD* md =
      fetch_digest(str_utf8(args[0]), static_cast<TypeObject*>(unsupported_digestmod_error));
  if (!md) return nullptr;
  int64_t length = EVP_MD_get_size(md);
  if (!is_none(args[4])) {
    if (!index_to_int64(args[4], &length)) {
      EVP_MD_free(md);
      return nullptr;
    }
    if (length < 1) {
      EVP_MD_free(md);
      return value_error("key length must be greater than 0.");
    }
    if (length > INT32_MAX) {
      EVP_MD_free(md);
      return raise(exc::OverflowError, "key length is too great.");
    }
  }
  Buffer password, salt;
  if (!buffer_get(args[1], &password, kBufferSimple)) {
    EVP_MD_free(md);
    return nullptr;
  }
  if (!buffer_get(args[2], &salt, kBufferSimple)) {
    buffer_release(&password);
    EVP_MD_free(md);
    return nullptr;
  }
  std::string key(size_t(length), '\0');
  int ok;
  {
    ReleaseGil unlocked;
    ok = PKCS5_PBKDF2_HMAC(static_cast<const char*>(password.data), int(password.length),
                           static_cast<const unsigned char*>(salt.data), int(salt.length),
                           int(iterations), md, int(length),
                           reinterpret_cast<unsigned char*>(key.data()));
  }
  buffer_release(&password);
  buffer_release(&salt);
  EVP_MD_free(md);
  if (!ok) return openssl_error();
  return bytes_from(key);
}

// scrypt(password, *, salt, n, r, p, maxmem=0, dklen=64)
Ref<> scrypt(Value, const Value* args) {
  if (is_none(args[1])) return type_error("salt is required");
  int64_t n = 0, r = 0, p = 0, maxmem, dklen;
  if (is_none(args[2]) || is_none(args[3]) || is_none(args[4])) {
    return type_error(is_none(args[2])   ? "n is required and must be an unsigned int"
                      : is_none(args[3]) ? "r is required and must be an unsigned int"
                                         : "p is required and must be an unsigned int");
  }
  if (!index_to_int64(args[2], &n) || !index_to_int64(args[3], &r) ||
      !index_to_int64(args[4], &p) || !index_to_int64(args[5], &maxmem) ||
      !index_to_int64(args[6], &dklen)) {
    return nullptr;
  }
  if (n < 2 || (n & (n - 1))) return value_error("n must be a power of 2.");
  if (maxmem < 0 || maxmem > INT32_MAX)
    return value_error("maxmem must be positive and smaller than {}", INT32_MAX);
  if (dklen < 1 || dklen > INT32_MAX)
    return value_error("dklen must be greater than 0 and smaller than {}", INT32_MAX);
  Buffer password, salt;
  if (!buffer_get(args[0], &password, kBufferSimple)) return nullptr;
  if (!buffer_get(args[1], &salt, kBufferSimple)) {
    buffer_release(&password);
    return nullptr;
  }
  std::string key(size_t(dklen), '\0');
  int ok;
  {
    ReleaseGil unlocked;
    ok = EVP_PBE_scrypt(static_cast<const char*>(password.data), size_t(password.length),
                        static_cast<const unsigned char*>(salt.data), size_t(salt.length),
                        uint64_t(n), uint64_t(r), uint64_t(p), uint64_t(maxmem),
                        reinterpret_cast<unsigned char*>(key.data()), size_t(dklen));
  }
  buffer_release(&password);
  buffer_release(&salt);
  if (!ok) return value_error("Invalid parameter combination for n, r, p, maxmem.");
  return bytes_from(key);
}

Ref<> get_fips_mode(Value, const Value*) {
  return int_from_small(EVP_default_properties_is_fips_enabled(nullptr));
}

const MethodDef hashlib_functions[] = {
    {.name = "new",
     .impl = hashlib_new,
     .signature = "($module, /, name, string=b'', *, usedforsecurity=True)",
     .doc = "Return a new hash object using the named algorithm.\n\nAn optional string argument "
            "may be provided and will "
            "be\nautomatically hashed.\n\nThe MD5 and SHA1 algorithms are always supported."},
    {.name = "openssl_md5",
     .impl = openssl_md5,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a md5 hash object; optionally initialized with a string"},
    {.name = "openssl_sha1",
     .impl = openssl_sha1,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha1 hash object; optionally initialized with a string"},
    {.name = "openssl_sha224",
     .impl = openssl_sha224,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha224 hash object; optionally initialized with a string"},
    {.name = "openssl_sha256",
     .impl = openssl_sha256,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha256 hash object; optionally initialized with a string"},
    {.name = "openssl_sha384",
     .impl = openssl_sha384,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha384 hash object; optionally initialized with a string"},
    {.name = "openssl_sha512",
     .impl = openssl_sha512,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha512 hash object; optionally initialized with a string"},
    {.name = "openssl_sha3_224",
     .impl = openssl_sha3_224,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha3-224 hash object; optionally initialized with a string"},
    {.name = "openssl_sha3_256",
     .impl = openssl_sha3_256,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha3-256 hash object; optionally initialized with a string"},
    {.name = "openssl_sha3_384",
     .impl = openssl_sha3_384,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha3-384 hash object; optionally initialized with a string"},
    {.name = "openssl_sha3_512",
     .impl = openssl_sha3_512,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a sha3-512 hash object; optionally initialized with a string"},
    {.name = "openssl_shake_128",
     .impl = openssl_shake_128,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a shake-128 variable hash object; optionally initialized with a string"},
    {.name = "openssl_shake_256",
     .impl = openssl_shake_256,
     .signature = "($module, /, string=b'', *, usedforsecurity=True)",
     .doc = "Returns a shake-256 variable hash object; optionally initialized with a string"},
    {.name = "hmac_digest",
     .impl = hmac_digest_function,
     .signature = "($module, /, key, msg, digest)",
     .doc = "Single-shot HMAC."},
    {.name = "hmac_new",
     .impl = hmac_new,
     .signature = "($module, /, key, msg=b'', digestmod=None)",
     .doc = "Return a new hmac object."},
    {.name = "pbkdf2_hmac",
     .impl = pbkdf2_hmac,
     .signature = "($module, /, hash_name, password, salt, iterations, dklen=None)",
     .doc = "Password based key derivation function 2 (PKCS #5 v2.0) with HMAC as pseudorandom "
            "function."},
    {.name = "scrypt",
     .impl = scrypt,
     .signature =
         "($module, /, password, *, salt=None, n=None, r=None, p=None, maxmem=0, dklen=64)",
     .doc = "scrypt password-based key derivation function."},
    {.name = "get_fips_mode",
     .impl = get_fips_mode,
     .signature = "($module, /)",
     .doc = "Determine the OpenSSL FIPS mode of operation."},
    {.name = "compare_digest",
     .impl = compare_digest_function,
     .signature = "($module, a, b, /)",
     .doc = "Return 'a == b'.\n\nThis function uses an approach designed to prevent\ntiming "
            "analysis, making it "
            "appropriate for cryptography.\n\na and b must both be of the same type: either str "
            "(ASCII only),\nor any "
            "bytes-like object.\n\nNote: If a and b are of different lengths, or if an error "
            "occurs,\na timing attack "
            "could theoretically reveal information about the\ntypes and lengths of a and b--but "
            "not their values.\n"},
    {},
};

// openssl_md_meth_names: every digest the providers offer, by Python name.
Ref<> digest_names() {
  std::vector<std::string> names;
  EVP_MD_do_all_provided(
      nullptr,
      [](EVP_MD* md, void* arg) {
        auto* names = static_cast<std::vector<std::string>*>(arg);
        if (EVP_MD_get_type(md) == NID_undef) return;  // KECCAK-KMAC and the like have no Python name
        std::string name = python_name(md);
        if (std::find(names->begin(), names->end(), name) == names->end()) names->push_back(name);
      },
      &names);
  Ref<SetObject> result = set_new(&frozenset_type);
  if (!result) return nullptr;
  for (const std::string& name : names) {
    Ref<> text = str_from_utf8(name);
    if (!text || !set_add(result.get(), text)) return nullptr;
  }
  return result;
}

bool hashlib_exec(ModuleObject* module) {
  if (!unsupported_digestmod_error) {
    Ref<> type = new_exception_type("_hashlib.UnsupportedDigestmodError", &exc::ValueError);
    if (!type) return false;
    unsupported_digestmod_error = type.release_object();
  }
  // _constructors maps each openssl_<name> function to its name (hmac_new accepts them).
  Ref<DictObject> constructors = dict_new();
  if (!constructors) return false;
  for (const char* name : {"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224",
                           "sha3_256", "sha3_384", "sha3_512", "shake_128", "shake_256"}) {
    Ref<> function = get_attr(Value(module), (std::string("openssl_") + name).c_str());
    Ref<> text = str_from_utf8(name);
    if (!function || !text || !dict_set(constructors.get(), function, text)) return false;
  }
  Ref<> proxy = mappingproxy_new(constructors.value());
  Ref<> names = digest_names();
  return proxy && names && module_add_type(module, &hash_type) &&
         module_add_type(module, &hashxof_type) && module_add_type(module, &hmac_type) &&
         module_add_object(module, "UnsupportedDigestmodError",
                           Value(unsupported_digestmod_error)) &&
         module_add_object(module, "_constructors", proxy) &&
         module_add_object(module, "openssl_md_meth_names", names);
}

}  // namespace

extern const ModuleDef module__hashlib = {
    .name = "_hashlib",
    .doc = "OpenSSL interface for hashlib module",
    .methods = hashlib_functions,
    .exec = hashlib_exec,
};

}  // namespace krait
