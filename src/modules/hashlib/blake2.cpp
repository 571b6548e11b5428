// _blake2: BLAKE2b and BLAKE2s (RFC 7693) with the full parameter block (key, salt,
// personalization, tree hashing fields), as CPython's module. hashlib always takes
// blake2b/blake2s from here.
#include <cstring>
#include <string>

#include "core/alloc.h"
#include "core/args.h"
#include "core/ops.h"
#include "modules/hashlib/hash_common.h"
#include "modules/module_def.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gil.h"

namespace krait {

namespace {

constexpr uint8_t kSigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

// The two variants differ in word size, rounds, rotations and the parameter block layout.
struct Blake2b {
  using Word = uint64_t;
  static constexpr const char* kName = "blake2b";
  static constexpr int kRounds = 12, kBlockSize = 128, kMaxDigest = 64, kMaxKey = 64,
                       kSaltSize = 16, kPersonSize = 16, kR1 = 32, kR2 = 24, kR3 = 16, kR4 = 63;
  static constexpr uint64_t kMaxNodeOffset = UINT64_MAX;
  static constexpr Word kIV[8] = {0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
                                  0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f,
                                  0x1f83d9abfb41bd6b, 0x5be0cd19137e2179};
  static constexpr int kNodeDepthByte = 16, kInnerByte = 17, kSaltByte = 32, kPersonByte = 48,
                       kNodeOffsetBytes = 8;
};

struct Blake2s {
  using Word = uint32_t;
  static constexpr const char* kName = "blake2s";
  static constexpr int kRounds = 10, kBlockSize = 64, kMaxDigest = 32, kMaxKey = 32, kSaltSize = 8,
                       kPersonSize = 8, kR1 = 16, kR2 = 12, kR3 = 8, kR4 = 7;
  static constexpr uint64_t kMaxNodeOffset = (uint64_t{1} << 48) - 1;
  static constexpr Word kIV[8] = {0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
                                  0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19};
  static constexpr int kNodeDepthByte = 14, kInnerByte = 15, kSaltByte = 16, kPersonByte = 24,
                       kNodeOffsetBytes = 6;
};

template <class V>
struct State {
  using Word = typename V::Word;
  Word h[8];
  Word t[2];  // bytes hashed so far
  uint8_t buffer[V::kBlockSize];
  size_t buffered;
  int digest_size;
  bool last_node;
};

template <class V>
typename V::Word rotr(typename V::Word x, int n) {
  constexpr int bits = sizeof(typename V::Word) * 8;
  return (x >> n) | (x << (bits - n));
}

template <class V>
void compress(State<V>& s, const uint8_t* block, bool last) {
  using Word = typename V::Word;
  Word m[16], v[16];
  for (int i = 0; i < 16; ++i) {
    Word w = 0;
    for (size_t b = 0; b < sizeof(Word); ++b) w |= Word(block[i * sizeof(Word) + b]) << (8 * b);
    m[i] = w;
  }
  for (int i = 0; i < 8; ++i) {
    v[i] = s.h[i];
    v[i + 8] = V::kIV[i];
  }
  v[12] ^= s.t[0];
  v[13] ^= s.t[1];
  if (last) {
    v[14] = ~v[14];
    if (s.last_node) v[15] = ~v[15];
  }
  auto g = [&](int a, int b, int c, int d, Word x, Word y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotr<V>(v[d] ^ v[a], V::kR1);
    v[c] = v[c] + v[d];
    v[b] = rotr<V>(v[b] ^ v[c], V::kR2);
    v[a] = v[a] + v[b] + y;
    v[d] = rotr<V>(v[d] ^ v[a], V::kR3);
    v[c] = v[c] + v[d];
    v[b] = rotr<V>(v[b] ^ v[c], V::kR4);
  };
  for (int r = 0; r < V::kRounds; ++r) {
    const uint8_t* sigma = kSigma[r % 10];
    g(0, 4, 8, 12, m[sigma[0]], m[sigma[1]]);
    g(1, 5, 9, 13, m[sigma[2]], m[sigma[3]]);
    g(2, 6, 10, 14, m[sigma[4]], m[sigma[5]]);
    g(3, 7, 11, 15, m[sigma[6]], m[sigma[7]]);
    g(0, 5, 10, 15, m[sigma[8]], m[sigma[9]]);
    g(1, 6, 11, 12, m[sigma[10]], m[sigma[11]]);
    g(2, 7, 8, 13, m[sigma[12]], m[sigma[13]]);
    g(3, 4, 9, 14, m[sigma[14]], m[sigma[15]]);
  }
  for (int i = 0; i < 8; ++i) s.h[i] ^= v[i] ^ v[i + 8];
}

template <class V>
void add_count(State<V>& s, size_t n) {
  s.t[0] += typename V::Word(n);
  if (s.t[0] < typename V::Word(n)) ++s.t[1];
}

// Keeps the last block buffered: it must be compressed with the final flag.
template <class V>
void update(State<V>& s, const uint8_t* data, size_t length) {
  while (length > 0) {
    if (s.buffered == size_t(V::kBlockSize)) {
      add_count(s, V::kBlockSize);
      compress(s, s.buffer, false);
      s.buffered = 0;
    }
    size_t take = std::min(length, size_t(V::kBlockSize) - s.buffered);
    std::memcpy(s.buffer + s.buffered, data, take);
    s.buffered += take;
    data += take;
    length -= take;
  }
}

template <class V>
std::string finish(State<V> s) {  // a copy: digest() leaves the object usable
  add_count(s, s.buffered);
  std::memset(s.buffer + s.buffered, 0, size_t(V::kBlockSize) - s.buffered);
  compress(s, s.buffer, true);
  std::string out;
  for (int i = 0; i < 8; ++i) {
    for (size_t b = 0; b < sizeof(typename V::Word); ++b) out += char(uint8_t(s.h[i] >> (8 * b)));
  }
  out.resize(size_t(s.digest_size));
  return out;
}

template <class V>
struct Blake2Object : Object {
  State<V> state;
  HashLock lock;
};

extern TypeObject blake2b_type;
extern TypeObject blake2s_type;

template <class V>
TypeObject* type_for() {
  return std::is_same_v<V, Blake2b> ? &blake2b_type : &blake2s_type;
}

template <class V>
State<V>& state_of(Value v) {
  return static_cast<Blake2Object<V>*>(v.as_object())->state;
}

template <class V>
Blake2Object<V>* as_blake2(Value v) {
  return static_cast<Blake2Object<V>*>(v.as_object());
}

template <class V>
bool feed(Blake2Object<V>* object, Value data) {
  Buffer view;
  if (!hash_buffer(data, &view)) return false;
  bool large = view.length >= int64_t(kHashGilReleaseSize);
  {
    HashLockScope locked(&object->lock, large);
    if (large) {
      ReleaseGil unlocked;
      update(object->state, static_cast<const uint8_t*>(view.data), size_t(view.length));
    } else {
      update(object->state, static_cast<const uint8_t*>(view.data), size_t(view.length));
    }
  }
  buffer_release(&view);
  return true;
}

// The digest so far, from a copy of the state taken under the object's lock.
template <class V>
std::string digest_of(Value self) {
  State<V> state;
  {
    HashLockScope locked(&as_blake2<V>(self)->lock, false);
    state = as_blake2<V>(self)->state;
  }
  return finish(state);
}

// A byte-sized parameter in [low, 255], or ValueError with `message`.
bool byte_parameter(Value v, int64_t low, const char* message, int64_t* out) {
  if (!index_to_int64(v, out)) return false;
  if (*out < low || *out > 255) return bool(value_error("{}", message));
  return true;
}

template <class V>
bool bytes_parameter(Value v, int max, const char* what, std::string* out) {
  Buffer view;
  if (!hash_buffer(v, &view)) return false;
  out->assign(static_cast<const char*>(view.data), size_t(view.length));
  buffer_release(&view);
  if (int64_t(out->size()) > max)
    return bool(value_error("maximum {} length is {} bytes", what, max));
  return true;
}


// blake2X(data=b'', /, *, digest_size, key, salt, person, fanout, depth, leaf_size,
// node_offset, node_depth, inner_size, last_node, usedforsecurity)
template <class V>
Ref<> blake2_impl(Value type, const Value* args) {
  int64_t digest_size = V::kMaxDigest, fanout, depth, node_depth, inner_size;
  if (args[1] && !index_to_int64(args[1], &digest_size)) return nullptr;
  if (digest_size < 1 || digest_size > V::kMaxDigest) {
    return value_error("digest_size must be between 1 and {} bytes", V::kMaxDigest);
  }
  std::string key, salt, person;
  uint64_t leaf_size, node_offset;
  if (!bytes_parameter<V>(args[2], V::kMaxKey, "key", &key) ||
      !bytes_parameter<V>(args[3], V::kSaltSize, "salt", &salt) ||
      !bytes_parameter<V>(args[4], V::kPersonSize, "person", &person) ||
      !byte_parameter(args[5], 0, "fanout must be between 0 and 255", &fanout) ||
      !byte_parameter(args[6], 1, "depth must be between 1 and 255", &depth) ||
      !hash_unsigned_parameter(args[7], UINT32_MAX, "Python int too large to convert to C unsigned long",
                          "leaf_size is too large", &leaf_size) ||
      !hash_unsigned_parameter(args[8], V::kMaxNodeOffset, "int too big to convert", "node_offset is too large", &node_offset) ||
      !byte_parameter(args[9], 0, "node_depth must be between 0 and 255", &node_depth) ||
      !index_to_int64(args[10], &inner_size)) {
    return nullptr;
  }
  if (inner_size < 0 || inner_size > V::kMaxDigest) {
    return value_error("inner_size must be between 0 and is {}", V::kMaxDigest);
  }
  int last_node = is_true(args[11]);
  if (last_node < 0) return nullptr;

  // The parameter block, XORed into the IV.
  uint8_t block[sizeof(typename V::Word) * 8] = {};
  block[0] = uint8_t(digest_size);
  block[1] = uint8_t(key.size());
  block[2] = uint8_t(fanout);
  block[3] = uint8_t(depth);
  for (int b = 0; b < 4; ++b) block[4 + b] = uint8_t(leaf_size >> (8 * b));
  for (int b = 0; b < V::kNodeOffsetBytes; ++b) block[8 + b] = uint8_t(node_offset >> (8 * b));
  block[V::kNodeDepthByte] = uint8_t(node_depth);
  block[V::kInnerByte] = uint8_t(inner_size);
  std::memcpy(block + V::kSaltByte, salt.data(), salt.size());
  std::memcpy(block + V::kPersonByte, person.data(), person.size());

  auto* object = allocate<Blake2Object<V>>(static_cast<TypeObject*>(type.as_object()));
  if (!object) return nullptr;
  Ref<> result = Ref<>::steal(Value(object));
  State<V>& s = object->state;
  for (int i = 0; i < 8; ++i) {
    typename V::Word w = 0;
    for (size_t b = 0; b < sizeof(w); ++b)
      w |= typename V::Word(block[i * sizeof(w) + b]) << (8 * b);
    s.h[i] = V::kIV[i] ^ w;
  }
  s.digest_size = int(digest_size);
  s.last_node = last_node;
  if (!key.empty()) {
    uint8_t key_block[V::kBlockSize] = {};
    std::memcpy(key_block, key.data(), key.size());
    update(s, key_block, sizeof key_block);
  }
  if (args[0] && !feed(object, args[0])) return nullptr;
  return result;
}

template <class V>
constexpr MethodDef constructor_def = {
    .name = V::kName,
    .impl = blake2_impl<V>,
    .signature =
        "($type, data=?, /, *, digest_size=?, key=b'', salt=b'', person=b'', fanout=1, depth=1, "
        "leaf_size=0, node_offset=0, node_depth=0, inner_size=0, last_node=False, "
        "usedforsecurity=True)",
    .flags = kMethodConstructor};

template <class V>
Ref<> blake2_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&constructor_def<V>, nullptr, Value(type), args, nargs, kwnames);
}

template <class V>
Ref<> blake2_update(Value self, const Value* args) {
  if (!feed(as_blake2<V>(self), args[0])) return nullptr;
  return new_none();
}

template <class V>
Ref<> blake2_digest(Value self, const Value* args) {
  return bytes_from(digest_of<V>(self));
}

template <class V>
Ref<> blake2_hexdigest(Value self, const Value* args) {
  return hex_text(digest_of<V>(self));
}

template <class V>
Ref<> blake2_copy(Value self, const Value* args) {
  auto* copy = allocate<Blake2Object<V>>(type_of(self));
  if (!copy) return nullptr;
  HashLockScope locked(&as_blake2<V>(self)->lock, false);
  copy->state = state_of<V>(self);
  return Ref<>::steal(Value(copy));
}

template <class V>
Ref<> blake2_get_name(Value self) {
  return str_from_ascii(V::kName);
}
template <class V>
Ref<> blake2_get_digest_size(Value self) {
  return int_from_small(state_of<V>(self).digest_size);
}
template <class V>
Ref<> blake2_get_block_size(Value self) {
  return int_from_small(V::kBlockSize);
}

template <class V>
constexpr MethodDef blake2_methods[] = {
    {.name = "copy",
     .impl = blake2_copy<V>,
     .signature = "($self, /)",
     .doc = "Return a copy of the hash object."},
    {.name = "digest",
     .impl = blake2_digest<V>,
     .signature = "($self, /)",
     .doc = "Return the digest value as a bytes object."},
    {.name = "hexdigest",
     .impl = blake2_hexdigest<V>,
     .signature = "($self, /)",
     .doc = "Return the digest value as a string of hexadecimal digits."},
    {.name = "update",
     .impl = blake2_update<V>,
     .signature = "($self, data, /)",
     .doc = "Update this hash object's state with the provided bytes-like object."},
    {},
};

template <class V>
constexpr GetSetDef blake2_getsets[] = {
    {"name", blake2_get_name<V>},
    {"digest_size", blake2_get_digest_size<V>},
    {"block_size", blake2_get_block_size<V>},
    {},
};

template <class V>
void blake2_dealloc(Object* o) {
  hash_lock_free(&static_cast<Blake2Object<V>*>(o)->lock);
  free_object(o);
}

template <class V>
bool add_class_constants(TypeObject* type) {
  DictObject* dict = as_dict(Value(type->dict));
  return dict_set_str(dict, "SALT_SIZE", Value::small_int(V::kSaltSize)) &&
         dict_set_str(dict, "PERSON_SIZE", Value::small_int(V::kPersonSize)) &&
         dict_set_str(dict, "MAX_KEY_SIZE", Value::small_int(V::kMaxKey)) &&
         dict_set_str(dict, "MAX_DIGEST_SIZE", Value::small_int(V::kMaxDigest));
}

bool blake2_exec(ModuleObject* module) {
  return module_add_type(module, &blake2b_type) && module_add_type(module, &blake2s_type) &&
         add_class_constants<Blake2b>(&blake2b_type) &&
         add_class_constants<Blake2s>(&blake2s_type) &&
         module_add_int(module, "BLAKE2B_SALT_SIZE", Blake2b::kSaltSize) &&
         module_add_int(module, "BLAKE2B_PERSON_SIZE", Blake2b::kPersonSize) &&
         module_add_int(module, "BLAKE2B_MAX_KEY_SIZE", Blake2b::kMaxKey) &&
         module_add_int(module, "BLAKE2B_MAX_DIGEST_SIZE", Blake2b::kMaxDigest) &&
         module_add_int(module, "BLAKE2S_SALT_SIZE", Blake2s::kSaltSize) &&
         module_add_int(module, "BLAKE2S_PERSON_SIZE", Blake2s::kPersonSize) &&
         module_add_int(module, "BLAKE2S_MAX_KEY_SIZE", Blake2s::kMaxKey) &&
         module_add_int(module, "BLAKE2S_MAX_DIGEST_SIZE", Blake2s::kMaxDigest);
}

TypeObject blake2b_type{TypeSpec{
    .name = "_blake2.blake2b",
    .doc = "Return a new BLAKE2b hash object.",
    .basic_size = sizeof(Blake2Object<Blake2b>),
    .flags = kTypeBaseType,
    .slots = {.dealloc = blake2_dealloc<Blake2b>,
              .new_instance = blake2_new<Blake2b>,
              .getattr = generic_get_attr},
    .methods = blake2_methods<Blake2b>,
    .getsets = blake2_getsets<Blake2b>,
}};

TypeObject blake2s_type{TypeSpec{
    .name = "_blake2.blake2s",
    .doc = "Return a new BLAKE2s hash object.",
    .basic_size = sizeof(Blake2Object<Blake2s>),
    .flags = kTypeBaseType,
    .slots = {.dealloc = blake2_dealloc<Blake2s>,
              .new_instance = blake2_new<Blake2s>,
              .getattr = generic_get_attr},
    .methods = blake2_methods<Blake2s>,
    .getsets = blake2_getsets<Blake2s>,
}};

}  // namespace

extern const ModuleDef module__blake2 = {
    .name = "_blake2",
    .doc = "_blake2b provides BLAKE2b for hashlib\n",
    .exec = blake2_exec,
};

}  // namespace krait
