// _md5, _sha1, _sha256, _sha512 and _sha3: the hash modules CPython builds in beside
// _hashlib (hashlib falls back to them, and tests reach them directly). Same types,
// constructors and attributes as CPython's; the digests themselves come from OpenSSL's EVP.
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/ops.h"
#include "modules/hashlib/evp_hash.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"

namespace krait {

namespace {

extern TypeObject md5_type, sha1_type, sha224_type, sha256_type, sha384_type, sha512_type;
extern TypeObject sha3_224_type, sha3_256_type, sha3_384_type, sha3_512_type, shake_128_type,
    shake_256_type;

struct Algorithm {
  const char* name;          // Python's name, also the hash object's .name
  const char* openssl_name;  // for EVP_MD_fetch
  TypeObject* type;
  int rate_bits;             // SHA-3 and SHAKE: the sponge's rate (capacity is 1600 - rate)
  bool xof;                  // SHAKE: digest(length)
};

const Algorithm kAlgorithms[] = {
    {"md5", "MD5", &md5_type, 0, false},
    {"sha1", "SHA1", &sha1_type, 0, false},
    {"sha224", "SHA224", &sha224_type, 0, false},
    {"sha256", "SHA256", &sha256_type, 0, false},
    {"sha384", "SHA384", &sha384_type, 0, false},
    {"sha512", "SHA512", &sha512_type, 0, false},
    {"sha3_224", "SHA3-224", &sha3_224_type, 1152, false},
    {"sha3_256", "SHA3-256", &sha3_256_type, 1088, false},
    {"sha3_384", "SHA3-384", &sha3_384_type, 832, false},
    {"sha3_512", "SHA3-512", &sha3_512_type, 576, false},
    {"shake_128", "SHAKE128", &shake_128_type, 1344, true},
    {"shake_256", "SHAKE256", &shake_256_type, 1088, true},
};

const Algorithm& algorithm_of(Value self) {
  for (const Algorithm& a : kAlgorithms) {
    if (a.type == type_of(self)) return a;
  }
  return kAlgorithms[0];  // unreachable: the types are not subclassable
}

const Algorithm* algorithm_named(std::string_view name) {
  for (const Algorithm& a : kAlgorithms) {
    if (name == a.name) return &a;
  }
  return nullptr;
}

// A new hash object of `algorithm` fed with `data` (null: nothing yet).
Ref<> create(const Algorithm& algorithm, Value data) {
  EVP_MD* md = EVP_MD_fetch(nullptr, algorithm.openssl_name, nullptr);
  if (!md) return openssl_error();
  auto* h = allocate<EvpHashObject>(algorithm.type);
  Ref<> result = h ? Ref<>::steal(Value(h)) : Ref<>();
  bool ok = h && evp_hash_init(h, md);
  EVP_MD_free(md);
  if (!ok) return nullptr;
  if (data && !evp_hash_update(h, data)) return nullptr;
  return result;
}

// SHAKE's digest(length): an unsigned long below 2**29, as CPython's _sha3.
bool shake_digest(Value self, Value length_value, std::string* digest) {
  uint64_t length;
  if (!hash_unsigned_parameter(length_value, UINT64_MAX,
                               "Python int too large to convert to C unsigned long", "", &length)) {
    return false;
  }
  if (length >= (uint64_t{1} << 29)) return bool(value_error("length is too large"));
  return evp_hash_final(as_evp_hash(self), digest, int64_t(length));
}

Ref<> shake_digest_method(Value self, const Value* args) {
  std::string digest;
  if (!shake_digest(self, args[0], &digest)) return nullptr;
  return bytes_from(digest);
}

Ref<> shake_hexdigest_method(Value self, const Value* args) {
  std::string digest;
  if (!shake_digest(self, args[0], &digest)) return nullptr;
  return hex_text(digest);
}

Ref<> builtin_hash_copy(Value self, const Value* args) {
  EVP_MD_CTX* context = evp_hash_copy_context(as_evp_hash(self));
  if (!context) return nullptr;
  auto* h = allocate<EvpHashObject>(type_of(self));
  if (!h) {
    EVP_MD_CTX_free(context);
    return nullptr;
  }
  h->context = context;
  return Ref<>::steal(Value(h));
}

Ref<> get_name(Value self) { return str_from_ascii(algorithm_of(self).name); }
Ref<> get_digest_size(Value self) {
  const EVP_MD* md = EVP_MD_CTX_get0_md(as_evp_hash(self)->context);
  return int_from_int64(algorithm_of(self).xof ? 0 : EVP_MD_get_size(md));
}
Ref<> get_block_size(Value self) {
  return int_from_int64(EVP_MD_get_block_size(EVP_MD_CTX_get0_md(as_evp_hash(self)->context)));
}
Ref<> get_capacity_bits(Value self) { return int_from_int64(1600 - algorithm_of(self).rate_bits); }
Ref<> get_rate_bits(Value self) { return int_from_int64(algorithm_of(self).rate_bits); }
Ref<> get_suffix(Value self) { return bytes_from(algorithm_of(self).xof ? "\x1f" : "\x06"); }

const MethodDef hash_methods[] = {
    {.name = "copy", .impl = builtin_hash_copy, .signature = "($self, /)",
     .doc = "Return a copy of the hash object."},
    {.name = "digest", .impl = evp_hash_digest_method, .signature = "($self, /)",
     .doc = "Return the digest value as a bytes object."},
    {.name = "hexdigest", .impl = evp_hash_hexdigest_method, .signature = "($self, /)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {.name = "update", .impl = evp_hash_update_method, .signature = "($self, obj, /)",
     .doc = "Update this hash object's state with the provided string."},
    {},
};

const MethodDef sha3_methods[] = {
    {.name = "copy", .impl = builtin_hash_copy, .signature = "($self, /)",
     .doc = "Return a copy of the hash object."},
    {.name = "digest", .impl = evp_hash_digest_method, .signature = "($self, /)",
     .doc = "Return the digest value as bytes."},
    {.name = "hexdigest", .impl = evp_hash_hexdigest_method, .signature = "($self, /)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {.name = "update", .impl = evp_hash_update_method, .signature = "($self, data, /)",
     .doc = "Update this hash object's state with the provided bytes-like object."},
    {},
};

const MethodDef shake_methods[] = {
    {.name = "copy", .impl = builtin_hash_copy, .signature = "($self, /)",
     .doc = "Return a copy of the hash object."},
    {.name = "digest", .impl = shake_digest_method, .signature = "($self, length, /)",
     .doc = "Return the digest value as a bytes object."},
    {.name = "hexdigest", .impl = shake_hexdigest_method, .signature = "($self, length, /)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {.name = "update", .impl = evp_hash_update_method, .signature = "($self, data, /)",
     .doc = "Update this hash object's state with the provided bytes-like object."},
    {},
};

const GetSetDef hash_getsets[] = {
    {"name", get_name},
    {"digest_size", get_digest_size},
    {"block_size", get_block_size},
    {},
};

const GetSetDef sha3_getsets[] = {
    {"name", get_name},
    {"digest_size", get_digest_size},
    {"block_size", get_block_size},
    {"_capacity_bits", get_capacity_bits},
    {"_rate_bits", get_rate_bits},
    {"_suffix", get_suffix},
    {},
};

// sha3_224(data=b'', /, *, usedforsecurity=True) and its siblings: the SHA-3 types are their
// own constructors. CPython's argument errors name sha3_224() for all six.
Ref<> sha3_impl(Value type, const Value* args) {
  for (const Algorithm& a : kAlgorithms) {
    if (Value(a.type) == type) return create(a, args[0]);
  }
  return type_error("not a SHA-3 type");
}

constexpr MethodDef sha3_constructor_def = {
    .name = "sha3_224",
    .impl = sha3_impl,
    .signature = "($type, data=?, /, *, usedforsecurity=True)",
    .flags = kMethodConstructor};

Ref<> sha3_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&sha3_constructor_def, nullptr, Value(type), args, nargs, kwnames);
}

constexpr TypeSpec fixed_spec(const char* name, const char* doc) {
  return TypeSpec{
      .name = name,
      .doc = doc,
      .basic_size = sizeof(EvpHashObject),
      .flags = kTypeDisallowInstantiation,
      .slots = {.dealloc = evp_hash_dealloc, .getattr = generic_get_attr},
      .methods = hash_methods,
      .getsets = hash_getsets,
  };
}

constexpr TypeSpec sha3_spec(const char* name, const char* doc, bool xof) {
  return TypeSpec{
      .name = name,
      .doc = doc,
      .basic_size = sizeof(EvpHashObject),
      .slots = {.dealloc = evp_hash_dealloc, .new_instance = sha3_new,
                .getattr = generic_get_attr},
      .methods = xof ? shake_methods : sha3_methods,
      .getsets = sha3_getsets,
  };
}

TypeObject md5_type{fixed_spec("_md5.md5", nullptr)};
TypeObject sha1_type{fixed_spec("_sha1.sha1", nullptr)};
TypeObject sha224_type{fixed_spec("_sha256.sha224", nullptr)};
TypeObject sha256_type{fixed_spec("_sha256.sha256", nullptr)};
TypeObject sha384_type{fixed_spec("_sha512.sha384", nullptr)};
TypeObject sha512_type{fixed_spec("_sha512.sha512", nullptr)};
TypeObject sha3_224_type{sha3_spec(
    "_sha3.sha3_224",
    "sha3_224([data], *, usedforsecurity=True) -> SHA3 object\n\nReturn a new SHA3 hash object "
    "with a hashbit length of 28 bytes.",
    false)};
TypeObject sha3_256_type{sha3_spec(
    "_sha3.sha3_256",
    "sha3_256([data], *, usedforsecurity=True) -> SHA3 object\n\nReturn a new SHA3 hash object "
    "with a hashbit length of 32 bytes.",
    false)};
TypeObject sha3_384_type{sha3_spec(
    "_sha3.sha3_384",
    "sha3_384([data], *, usedforsecurity=True) -> SHA3 object\n\nReturn a new SHA3 hash object "
    "with a hashbit length of 48 bytes.",
    false)};
TypeObject sha3_512_type{sha3_spec(
    "_sha3.sha3_512",
    "sha3_512([data], *, usedforsecurity=True) -> SHA3 object\n\nReturn a new SHA3 hash object "
    "with a hashbit length of 64 bytes.",
    false)};
TypeObject shake_128_type{sha3_spec(
    "_sha3.shake_128",
    "shake_128([data], *, usedforsecurity=True) -> SHAKE object\n\nReturn a new SHAKE hash "
    "object.",
    true)};
TypeObject shake_256_type{sha3_spec(
    "_sha3.shake_256",
    "shake_256([data], *, usedforsecurity=True) -> SHAKE object\n\nReturn a new SHAKE hash "
    "object.",
    true)};

// The module-level constructors: md5(string=b'', *, usedforsecurity=True) and the like.
#define KRAIT_BUILTIN_HASH_CONSTRUCTOR(name)                      \
  Ref<> construct_##name(Value, const Value* args) {              \
    if (args[0] && !check_not_str(args[0])) return nullptr;       \
    return create(*algorithm_named(#name), args[0]);              \
  }
KRAIT_BUILTIN_HASH_CONSTRUCTOR(md5)
KRAIT_BUILTIN_HASH_CONSTRUCTOR(sha1)
KRAIT_BUILTIN_HASH_CONSTRUCTOR(sha224)
KRAIT_BUILTIN_HASH_CONSTRUCTOR(sha256)
KRAIT_BUILTIN_HASH_CONSTRUCTOR(sha384)
KRAIT_BUILTIN_HASH_CONSTRUCTOR(sha512)
#undef KRAIT_BUILTIN_HASH_CONSTRUCTOR

constexpr const char* kConstructorSignature = "($module, /, string=b'', *, usedforsecurity=True)";

const MethodDef md5_functions[] = {
    {.name = "md5", .impl = construct_md5, .signature = kConstructorSignature,
     .doc = "Return a new MD5 hash object; optionally initialized with a string."},
    {},
};
const MethodDef sha1_functions[] = {
    {.name = "sha1", .impl = construct_sha1, .signature = kConstructorSignature,
     .doc = "Return a new SHA1 hash object; optionally initialized with a string."},
    {},
};
const MethodDef sha256_functions[] = {
    {.name = "sha224", .impl = construct_sha224, .signature = kConstructorSignature,
     .doc = "Return a new SHA-224 hash object; optionally initialized with a string."},
    {.name = "sha256", .impl = construct_sha256, .signature = kConstructorSignature,
     .doc = "Return a new SHA-256 hash object; optionally initialized with a string."},
    {},
};
const MethodDef sha512_functions[] = {
    {.name = "sha384", .impl = construct_sha384, .signature = kConstructorSignature,
     .doc = "Return a new SHA-384 hash object; optionally initialized with a string."},
    {.name = "sha512", .impl = construct_sha512, .signature = kConstructorSignature,
     .doc = "Return a new SHA-512 hash object; optionally initialized with a string."},
    {},
};

// Adds `type` under `name` (CPython's MD5Type and the like).
bool add_type_as(ModuleObject* module, const char* name, TypeObject* type) {
  return type_ready(type) && module_add_object(module, name, Value(type));
}

bool md5_exec(ModuleObject* module) { return add_type_as(module, "MD5Type", &md5_type); }
bool sha1_exec(ModuleObject* module) { return add_type_as(module, "SHA1Type", &sha1_type); }
bool sha256_exec(ModuleObject* module) {
  return add_type_as(module, "SHA224Type", &sha224_type) &&
         add_type_as(module, "SHA256Type", &sha256_type);
}
bool sha512_exec(ModuleObject* module) {
  // CPython 3.11 binds SHA384Type twice, the second time to the SHA-512 type.
  return type_ready(&sha384_type) && add_type_as(module, "SHA384Type", &sha512_type);
}
bool sha3_exec(ModuleObject* module) {
  for (TypeObject* type : {&sha3_224_type, &sha3_256_type, &sha3_384_type, &sha3_512_type,
                           &shake_128_type, &shake_256_type}) {
    if (!module_add_type(module, type)) return false;
  }
  return module_add_int(module, "keccakopt", 0) &&
         module_add_string(module, "implementation", "openssl");
}

}  // namespace

extern const ModuleDef module__md5 = {.name = "_md5", .methods = md5_functions, .exec = md5_exec};
extern const ModuleDef module__sha1 = {
    .name = "_sha1", .methods = sha1_functions, .exec = sha1_exec};
extern const ModuleDef module__sha256 = {
    .name = "_sha256", .methods = sha256_functions, .exec = sha256_exec};
extern const ModuleDef module__sha512 = {
    .name = "_sha512", .methods = sha512_functions, .exec = sha512_exec};
extern const ModuleDef module__sha3 = {.name = "_sha3", .exec = sha3_exec};

}  // namespace krait
