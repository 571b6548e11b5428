// _random: the Mersenne Twister (MT19937) behind random.Random, seeded exactly as CPython
// seeds it — an int seed's absolute value split into 32-bit words for init_by_array, other
// hashable objects by their hash, None from the OS — so the same seed gives the same
// numbers as CPython. random.py does the rest (and hashes str/bytes seeds itself).
#include <sys/random.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"

namespace krait {

namespace {

constexpr int kStateSize = 624;  // N
constexpr int kShift = 397;      // M
constexpr uint32_t kMatrixA = 0x9908b0dfU;
constexpr uint32_t kUpperMask = 0x80000000U;
constexpr uint32_t kLowerMask = 0x7fffffffU;

struct RandomObject : Object {
  int index;
  uint32_t state[kStateSize];
};

extern TypeObject random_type;

RandomObject* as_random(Value v) { return static_cast<RandomObject*>(v.as_object()); }

// --- MT19937 (Matsumoto and Nishimura's reference algorithm) ---

void init_genrand(RandomObject* r, uint32_t seed) {
  uint32_t* mt = r->state;
  mt[0] = seed;
  for (int i = 1; i < kStateSize; ++i) mt[i] = 1812433253U * (mt[i - 1] ^ (mt[i - 1] >> 30)) + uint32_t(i);
  r->index = kStateSize;
}

void init_by_array(RandomObject* r, const uint32_t* key, size_t key_length) {
  uint32_t* mt = r->state;
  init_genrand(r, 19650218U);
  size_t i = 1, j = 0;
  for (size_t k = std::max<size_t>(kStateSize, key_length); k; --k) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] + uint32_t(j);
    ++i;
    ++j;
    if (i >= kStateSize) {
      mt[0] = mt[kStateSize - 1];
      i = 1;
    }
    if (j >= key_length) j = 0;
  }
  for (size_t k = kStateSize - 1; k; --k) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) - uint32_t(i);
    ++i;
    if (i >= kStateSize) {
      mt[0] = mt[kStateSize - 1];
      i = 1;
    }
  }
  mt[0] = 0x80000000U;  // a non-zero initial array is assured
}

uint32_t genrand_uint32(RandomObject* r) {
  uint32_t* mt = r->state;
  if (r->index >= kStateSize) {
    auto twist = [](uint32_t upper, uint32_t lower, uint32_t far) {
      uint32_t y = (upper & kUpperMask) | (lower & kLowerMask);
      return far ^ (y >> 1) ^ ((y & 1U) ? kMatrixA : 0U);
    };
    int k = 0;
    for (; k < kStateSize - kShift; ++k) mt[k] = twist(mt[k], mt[k + 1], mt[k + kShift]);
    for (; k < kStateSize - 1; ++k) mt[k] = twist(mt[k], mt[k + 1], mt[k + (kShift - kStateSize)]);
    mt[kStateSize - 1] = twist(mt[kStateSize - 1], mt[0], mt[kShift - 1]);
    r->index = 0;
  }
  uint32_t y = mt[r->index++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680U;
  y ^= (y << 15) & 0xefc60000U;
  y ^= y >> 18;
  return y;
}

// --- Seeding ---

// From the OS (getrandom), else from the time and pid.
void seed_from_os(RandomObject* r) {
  uint32_t key[kStateSize];
  size_t filled = 0;
  while (filled < sizeof key) {
    ssize_t n = getrandom(reinterpret_cast<char*>(key) + filled, sizeof key - filled, 0);
    if (n <= 0) break;
    filled += size_t(n);
  }
  if (filled == sizeof key) {
    init_by_array(r, key, kStateSize);
    return;
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  auto nanos = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(now).count());
  uint32_t fallback[5] = {uint32_t(nanos), uint32_t(nanos >> 32), uint32_t(getpid()),
                          uint32_t(std::chrono::steady_clock::now().time_since_epoch().count()), 0};
  init_by_array(r, fallback, 5);
}

bool random_seed(RandomObject* r, Value arg) {
  if (!arg || is_none(arg)) {
    seed_from_os(r);
    return true;
  }
  // An int seeds with its absolute value; anything else with its hash as an unsigned word.
  mpz_t n;
  mpz_init(n);
  if (is_int(arg)) {
    int_to_mpz(arg, n);
    mpz_abs(n, n);
  } else {
    int64_t h = hash(arg);
    if (h == -1) {
      mpz_clear(n);
      return false;
    }
    mpz_set_ui(n, static_cast<unsigned long>(uint64_t(h)));
  }
  // The little-endian 32-bit words of n (at least one).
  size_t words = mpz_sgn(n) == 0 ? 1 : (mpz_sizeinbase(n, 2) - 1) / 32 + 1;
  std::vector<uint32_t> key(words, 0);
  size_t count = 0;
  mpz_export(key.data(), &count, -1, sizeof(uint32_t), 0, 0, n);
  mpz_clear(n);
  init_by_array(r, key.data(), words);
  return true;
}

// --- Methods ---

Ref<> random_random(Value self, const Value*) {
  RandomObject* r = as_random(self);
  uint32_t a = genrand_uint32(r) >> 5, b = genrand_uint32(r) >> 6;
  return float_from_double((a * 67108864.0 + b) * (1.0 / 9007199254740992.0));
}

Ref<> random_seed_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("seed() takes no keyword arguments");
  if (nargs > 1) return type_error("seed expected at most 1 argument, got {}", int64_t(nargs));
  if (!random_seed(as_random(self), nargs ? args[0] : Value())) return nullptr;
  return new_none();
}

Ref<> random_getstate(Value self, const Value*) {
  RandomObject* r = as_random(self);
  Ref<TupleObject> state = tuple_allocate(kStateSize + 1);
  if (!state) return nullptr;
  for (int i = 0; i < kStateSize; ++i) state->items[i] = Value::small_int(r->state[i]);
  state->items[kStateSize] = Value::small_int(r->index);
  return state;
}

Ref<> random_setstate(Value self, const Value* args) {
  RandomObject* r = as_random(self);
  Value state = args[0];
  if (!is_tuple(state)) return type_error("state vector must be a tuple");
  if (as_tuple(state)->length != kStateSize + 1) return value_error("state vector is the wrong size");
  uint32_t words[kStateSize];
  for (int i = 0; i < kStateSize; ++i) {
    Value item = as_tuple(state)->items[i];
    if (!is_int(item)) return type_error("an integer is required");
    if (int_sign(item) < 0) return overflow_error("can't convert negative value to unsigned int");
    int64_t value;
    if (!int_to_int64(item, &value)) {
      mpz_t z;
      mpz_init(z);
      int_to_mpz(item, z);
      bool fits = mpz_sizeinbase(z, 2) <= 64;
      value = int64_t(mpz_get_ui(z));
      mpz_clear(z);
      if (!fits) return overflow_error("Python int too large to convert to C unsigned long");
    }
    words[i] = uint32_t(value);  // CPython keeps the low 32 bits of an unsigned long
  }
  Value last = as_tuple(state)->items[kStateSize];
  if (!is_int(last)) return type_error("an integer is required");
  int64_t index;
  if (!int_as_int64(last, &index)) return nullptr;
  if (index < 0 || index > kStateSize) return value_error("invalid state");
  std::memcpy(r->state, words, sizeof words);
  r->index = int(index);
  return new_none();
}

Ref<> random_getrandbits(Value self, const Value* args) {
  RandomObject* r = as_random(self);
  int64_t k;
  if (!index_argument(args[0], &k)) return nullptr;
  if (k < INT32_MIN || k > INT32_MAX) return overflow_error("Python int too large to convert to C int");
  if (k < 0) return value_error("number of bits must be non-negative");
  if (k == 0) return int_from_small(0);
  if (k <= 32) return int_from_int64(genrand_uint32(r) >> (32 - k));
  // Little-endian words, the last one cut to the bits that remain.
  size_t words = size_t((k - 1) / 32 + 1);
  std::vector<uint32_t> buffer(words);
  for (size_t i = 0; i < words; ++i, k -= 32) {
    uint32_t word = genrand_uint32(r);
    if (k < 32) word >>= (32 - k);
    buffer[i] = word;
  }
  mpz_t z;
  mpz_init(z);
  mpz_import(z, words, -1, sizeof(uint32_t), 0, 0, buffer.data());
  return int_from_mpz_move(z);
}

Ref<> random_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* r = allocate<RandomObject>(type);
  if (!r) return nullptr;
  return Ref<>::steal(Value(r));
}

int random_init_slot(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type_of(self) == &random_type && kwnames && kwnames->length) {
    return type_error("Random() takes no keyword arguments");
  }
  if (nargs > 1) return type_error("Random() requires 0 or 1 argument");
  return random_seed(as_random(self), nargs ? args[0] : Value()) ? 0 : -1;
}

const MethodDef random_methods[] = {
    {.name = "random", .impl = random_random, .signature = "($self, /)",
     .doc = "random() -> x in the interval [0, 1)."},
    {.name = "seed", .raw = random_seed_method,
     .doc = "seed($self, n=None, /)\n--\n\nseed([n]) -> None.\n\nDefaults to use urandom and falls back to a combination\n"
            "of the current time and the process identifier."},
    {.name = "getstate", .impl = random_getstate, .signature = "($self, /)",
     .doc = "getstate() -> tuple containing the current state."},
    {.name = "setstate", .impl = random_setstate, .signature = "($self, state, /)",
     .doc = "setstate(state) -> None.  Restores generator state."},
    {.name = "getrandbits", .impl = random_getrandbits, .signature = "($self, k, /)",
     .doc = "getrandbits(k) -> x.  Generates an int with k random bits."},
    {},
};

TypeObject random_type{TypeSpec{
    .name = "_random.Random",
    .doc = "Random() -> create a random number generator with its own internal state.",
    .basic_size = sizeof(RandomObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dealloc_plain, .new_instance = random_new_slot, .init = random_init_slot,
              .getattr = generic_get_attr},
    .methods = random_methods,
}};

bool random_exec(ModuleObject* module) { return module_add_type(module, &random_type); }

}  // namespace

extern const ModuleDef module__random = {
    .name = "_random",
    .doc = "Module implements the Mersenne Twister random number generator.",
    .exec = random_exec,
};

}  // namespace krait
