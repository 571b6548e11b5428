// Helpers shared by the hash modules (hash_common.h).
#include "modules/hashlib/hash_common.h"

#include "core/error.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/gil.h"

namespace krait {

void hash_lock_free(HashLock* lock) {
  delete lock->mutex;
  lock->mutex = nullptr;
}

HashLockScope::HashLockScope(HashLock* lock, bool create) {
  if (!lock->mutex && create) lock->mutex = new std::mutex;  // under the GIL: no race
  mutex_ = lock->mutex;
  if (mutex_ && !mutex_->try_lock()) {
    ReleaseGil unlocked;
    mutex_->lock();
  }
}

HashLockScope::~HashLockScope() {
  if (mutex_) mutex_->unlock();
}

bool hash_unsigned_parameter(Value v, uint64_t max, const char* wide_error, const char* too_large,
                             uint64_t* out) {
  if (!is_int(v)) return bool(type_error("an integer is required"));
  if (int_sign(v) < 0) return bool(value_error("value must be positive"));
  mpz_t z;
  mpz_init(z);
  int_to_mpz(v, z);
  bool wide = mpz_sizeinbase(z, 2) > 64;
  uint64_t value = 0;
  if (!wide) mpz_export(&value, nullptr, -1, sizeof value, 0, 0, z);
  mpz_clear(z);
  if (wide) return bool(raise(exc::OverflowError, "{}", wide_error));
  if (value > max) return bool(raise(exc::OverflowError, "{}", too_large));
  *out = value;
  return true;
}

bool check_not_str(Value data) {
  if (is_str(data)) return bool(type_error("Strings must be encoded before hashing"));
  return true;
}

bool hash_buffer(Value data, Buffer* view) {
  if (!check_not_str(data)) return false;
  if (!type_of(data)->get_buffer)
    return bool(type_error("object supporting the buffer API required"));
  return buffer_get(data, view, kBufferSimple);
}

Ref<> hex_text(std::string_view digest) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(digest.size() * 2);
  for (unsigned char c : digest) {
    text += kDigits[c >> 4];
    text += kDigits[c & 15];
  }
  return str_from_ascii(text);
}

namespace {

// Equal-length inputs take time independent of where they differ.
bool constant_time_equal(const unsigned char* a, size_t a_length, const unsigned char* b,
                         size_t b_length) {
  // Compare against `a` itself when the lengths differ, so the loop still runs.
  const unsigned char* other = a_length == b_length ? b : a;
  unsigned char difference = a_length == b_length ? 0 : 1;
  for (size_t i = 0; i < a_length; ++i) difference |= a[i] ^ other[i];
  return difference == 0;
}

}  // namespace

Ref<> compare_digest_function(Value, const Value* args) {
  Value a = args[0], b = args[1];
  if (is_str(a) && is_str(b)) {
    if (!as_str(a)->ascii || !as_str(b)->ascii) {
      return type_error("comparing strings with non-ASCII characters is not supported");
    }
    std::string_view x = str_utf8(a), y = str_utf8(b);
    return new_bool(constant_time_equal(reinterpret_cast<const unsigned char*>(x.data()), x.size(),
                                        reinterpret_cast<const unsigned char*>(y.data()),
                                        y.size()));
  }
  if (!type_of(a)->get_buffer && !type_of(b)->get_buffer) {
    return type_error("unsupported operand types(s) or combination of types: '{}' and '{}'",
                      type_name(a), type_name(b));
  }
  Buffer x, y;
  if (!buffer_get(a, &x, kBufferSimple)) return nullptr;
  if (!buffer_get(b, &y, kBufferSimple)) {
    buffer_release(&x);
    return nullptr;
  }
  bool equal = constant_time_equal(static_cast<const unsigned char*>(x.data), size_t(x.length),
                                   static_cast<const unsigned char*>(y.data), size_t(y.length));
  buffer_release(&x);
  buffer_release(&y);
  return new_bool(equal);
}

}  // namespace krait
