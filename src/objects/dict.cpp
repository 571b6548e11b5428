// dict: CPython's compact hash table (a sparse index of 1/2/4/8-byte slots pointing into
// a dense, insertion-ordered array of entries), the C++ API of dict.h, and the dict type
// with its methods. The views and iterators are in dict_views.cpp.
//
// Table rules, all CPython's (Objects/dictnotes.txt and dictobject.c describe them):
//  - the index has 2**k slots (at least 8) and room for 2/3 of that in entries;
//  - probing visits i = hash & mask, then i = (5*i + perturb + 1) & mask after
//    perturb >>= 5, perturb starting as the unsigned hash;
//  - a deletion leaves a dummy index slot and a null entry until the next resize;
//  - a full table is rebuilt with room for 3 * used (see log2_size_for);
//  - a table whose keys are all exact strs is flagged (lookups by str then never run
//    Python code); storing another key converts it with a resize, as CPython does.
// Split tables (instance dicts, CPython 3.11's rules): a class owns a shared table of 64
// slots holding at most 30 str keys, only ever appended to; each split dict stores its
// values inline (dict.h) with its own insertion order, so deleting and re-adding keys in
// any order keeps it split. It becomes combined when a key that is not an exact str is
// stored, when a new key does not fit in the shared table, and on popitem; clear()
// leaves it an empty combined dict.
// Every __hash__/__eq__ call may run Python code that mutates the dict: lookups restart
// when the table or the compared entry changed underneath them.
#include "objects/dict.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "core/small_alloc.h"
#include "objects/container_util.h"
#include "objects/dict_internal.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/mappingproxy.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"

namespace krait {

namespace {

constexpr int kLog2MinSize = 3;
constexpr int kLog2MaxPresize = 17;
constexpr int64_t kEmptySlot = -1;
constexpr int64_t kDummySlot = -2;
constexpr int kPerturbShift = 5;

inline int64_t usable_fraction(int64_t size) { return (size << 1) / 3; }
inline int64_t table_size(const DictKeys* keys) { return int64_t{1} << keys->log2_size; }

// Bytes per index slot (as a power of two): indices must hold every entry number.
inline int index_width_log2(int log2_size) {
  return log2_size < 8 ? 0 : log2_size < 16 ? 1 : log2_size < 32 ? 2 : 3;
}

inline int64_t index_get(DictKeys* keys, uint64_t i) {
  char* base = keys->index_base();
  switch (keys->log2_index_bytes - keys->log2_size) {
    case 0:
      return reinterpret_cast<int8_t*>(base)[i];
    case 1:
      return reinterpret_cast<int16_t*>(base)[i];
    case 2:
      return reinterpret_cast<int32_t*>(base)[i];
    default:
      return reinterpret_cast<int64_t*>(base)[i];
  }
}

inline void index_set(DictKeys* keys, uint64_t i, int64_t ix) {
  char* base = keys->index_base();
  switch (keys->log2_index_bytes - keys->log2_size) {
    case 0:
      reinterpret_cast<int8_t*>(base)[i] = int8_t(ix);
      break;
    case 1:
      reinterpret_cast<int16_t*>(base)[i] = int16_t(ix);
      break;
    case 2:
      reinterpret_cast<int32_t*>(base)[i] = int32_t(ix);
      break;
    default:
      reinterpret_cast<int64_t*>(base)[i] = ix;
      break;
  }
}

// The table every empty dict shares (CPython's Py_EMPTY_KEYS): one index slot and no
// room, so the first insertion makes a real table. Its size of 1 matters: merging into
// an empty dict resizes up front because 0 entries fit (CPython's rule). Never freed.
struct alignas(8) EmptyKeysStorage {
  DictKeys header;
  int8_t index[8];
};
EmptyKeysStorage empty_keys_storage = {{0, 0, true, false, 0, 0, 0},
                                       {-1, -1, -1, -1, -1, -1, -1, -1}};
DictKeys* const kEmptyKeys = &empty_keys_storage.header;

// Tags for dict_keys_version; 0 once exhausted.
uint32_t next_keys_version = 1;

size_t keys_allocation_size(int log2_size) {
  int64_t size = int64_t{1} << log2_size;
  return sizeof(DictKeys) + (size_t{1} << (log2_size + index_width_log2(log2_size))) +
         size_t(usable_fraction(size)) * sizeof(DictEntry);
}

// Freed tables of the minimum size, kept for reuse (CPython keeps 80 as well): most dicts
// are small and short-lived (keyword arguments, displays, instance dicts).
DictKeys* small_keys_freelist[80];
int small_keys_free_count = 0;

// Uninitialised memory for a table of 2**log2_size slots; null with MemoryError.
DictKeys* keys_allocate(int log2_size) {
  if (log2_size == kLog2MinSize && small_keys_free_count > 0) {
    return small_keys_freelist[--small_keys_free_count];
  }
  auto* keys = log2_size < 60 ? static_cast<DictKeys*>(block_alloc(keys_allocation_size(log2_size)))
                              : nullptr;
  if (!keys) raise_memory_error();
  return keys;
}

void keys_init(DictKeys* keys, int log2_size, bool str_keys) {
  keys->log2_size = uint8_t(log2_size);
  keys->log2_index_bytes = uint8_t(log2_size + index_width_log2(log2_size));
  keys->all_str_keys = str_keys;
  keys->shared = false;
  keys->version = 0;
  keys->usable = usable_fraction(int64_t{1} << log2_size);
  keys->nentries = 0;
  std::memset(keys->index_base(), 0xff, size_t{1} << keys->log2_index_bytes);  // all kEmptySlot
}

DictKeys* keys_new(int log2_size, bool str_keys) {
  DictKeys* keys = keys_allocate(log2_size);
  if (!keys) return nullptr;
  keys_init(keys, log2_size, str_keys);
  return keys;
}

// Shared tables (split dicts) are reference counted: the class holds one reference and
// each split dict one. The count lives in the 8 bytes before the table.
constexpr int kLog2SharedKeysSize = 6;  // CPython's NEXT_LOG2_SHARED_KEYS_MAX_SIZE
inline int64_t& shared_refcount(DictKeys* keys) { return reinterpret_cast<int64_t*>(keys)[-1]; }

void shared_keys_release(DictKeys* keys) {
  if (--shared_refcount(keys) > 0) return;
  DictEntry* entries = keys->entries();
  for (int64_t i = 0; i < keys->nentries; ++i) decref(entries[i].key);
  std::free(&shared_refcount(keys));
}

// Drops a dict's table: the memory of its own table (its entries' references already
// released), or its reference to a shared one.
void keys_free(DictKeys* keys) {
  if (keys == kEmptyKeys) return;
  if (keys->shared) {
    shared_keys_release(keys);
    return;
  }
  if (keys->log2_size == kLog2MinSize && small_keys_free_count < 80) {
    small_keys_freelist[small_keys_free_count++] = keys;
    return;
  }
  block_free(keys);
}

// A copy of a table sharing nothing: same size, same entry positions, references taken.
DictKeys* keys_clone(DictKeys* keys) {
  DictKeys* copy = keys_allocate(keys->log2_size);
  if (!copy) return nullptr;
  std::memcpy(static_cast<void*>(copy), keys, keys_allocation_size(keys->log2_size));
  copy->version = 0;
  DictEntry* entries = copy->entries();
  for (int64_t i = 0; i < copy->nentries; ++i) {
    if (!entries[i].key) continue;
    incref(entries[i].key);
    incref(entries[i].value);
  }
  return copy;
}

// The table size (log2) for a requested minimum, computed exactly as CPython's
// calculate_log2_keysize does: the bit length of (minsize | 8) - 1, at least 3. That is
// the next power of two >= minsize, except that 1..7 give 16 slots and a power of two
// from 16 up gives twice itself; dict sizes (sys.getsizeof) depend on it.
int log2_size_for(int64_t minsize) {
  uint64_t x = (uint64_t(minsize) | uint64_t{1} << kLog2MinSize) - 1;
  return std::bit_width(x | ((uint64_t{1} << kLog2MinSize) - 1));
}

// The table size that holds n items without resizing.
int estimate_log2_size(int64_t n) { return log2_size_for((n * 3 + 1) / 2); }

// The first slot in the probe sequence of `hash` that is empty or a dummy.
uint64_t find_empty_slot(DictKeys* keys, int64_t hash) {
  uint64_t mask = uint64_t(table_size(keys)) - 1;
  uint64_t i = uint64_t(hash) & mask;
  int64_t ix = index_get(keys, i);
  for (uint64_t perturb = uint64_t(hash); ix >= 0;) {
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
    ix = index_get(keys, i);
  }
  return i;
}

// The index slot that holds entry number ix (whose hash is `hash`).
uint64_t find_slot_of_entry(DictKeys* keys, int64_t hash, int64_t ix) {
  uint64_t mask = uint64_t(table_size(keys)) - 1;
  uint64_t i = uint64_t(hash) & mask;
  for (uint64_t perturb = uint64_t(hash); index_get(keys, i) != ix;) {
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
  return i;
}

// Lookup of an exact str in a table of exact strs: pointer comparison, then the string
// contents; never runs Python code. Templated on the index slot type for speed.
template <class Slot>
int64_t lookup_str_in(DictKeys* keys, StrObject* key, int64_t hash) {
  const Slot* index = reinterpret_cast<const Slot*>(keys->index_base());
  DictEntry* entries = keys->entries();
  uint64_t mask = uint64_t(table_size(keys)) - 1;
  uint64_t i = uint64_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    int64_t ix = index[i];
    if (ix == kEmptySlot) return kDictNotFound;
    if (ix >= 0) {
      DictEntry& entry = entries[ix];
      if (entry.key == Value(key)) return ix;
      if (entry.hash == hash && str_equal(as_str(entry.key), key)) return ix;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
}

inline int64_t lookup_str(DictKeys* keys, StrObject* key, int64_t hash) {
  switch (keys->log2_index_bytes - keys->log2_size) {
    case 0:
      return lookup_str_in<int8_t>(keys, key, hash);
    case 1:
      return lookup_str_in<int16_t>(keys, key, hash);
    case 2:
      return lookup_str_in<int32_t>(keys, key, hash);
    default:
      return lookup_str_in<int64_t>(keys, key, hash);
  }
}

inline int64_t str_key_hash(StrObject* key) { return key->hash != -1 ? key->hash : str_hash(key); }

// CPython tracks a dict in the cycle collector only once it holds something that could
// be part of a cycle (a container, or a tuple that is itself tracked).
inline void maintain_tracking(DictObject* d, Value key, Value value) {
  if (!gc_is_tracked(d) && (gc_may_be_tracked(key) || gc_may_be_tracked(value))) gc_track(d);
}

// Rebuilds d's table with 2**log2_size slots, dropping deleted entries. The table stays
// str-only only if it was and str_keys allows it. A split dict becomes combined, its
// entries in its insertion order.
bool dict_resize(DictObject* d, int log2_size, bool str_keys) {
  DictKeys* old_keys = d->keys;
  DictKeys* keys = keys_new(log2_size, str_keys && old_keys->all_str_keys);
  if (!keys) return false;
  int64_t used = d->used;
  DictEntry* from = old_keys->entries();
  DictEntry* to = keys->entries();
  if (old_keys->shared) {
    Value* values = split_values(d);
    const uint8_t* order = split_order(d);
    for (int64_t i = 0; i < used; ++i) {
      DictEntry& entry = from[order[i]];
      incref(entry.key);
      to[i] = {entry.hash, entry.key, values[order[i]]};  // the value's reference moves
    }
  } else if (old_keys->nentries == used) {
    std::copy(from, from + used, to);
  } else {
    DictEntry* out = to;
    for (int64_t i = 0; i < old_keys->nentries; ++i) {
      if (from[i].key) *out++ = from[i];
    }
  }
  for (int64_t i = 0; i < used; ++i) index_set(keys, find_empty_slot(keys, to[i].hash), i);
  keys->usable -= used;
  keys->nentries = used;
  d->keys = keys;
  keys_free(old_keys);
  return true;
}

// The resize a full table gets: room for three times the live entries.
bool insertion_resize(DictObject* d, bool str_keys) {
  return dict_resize(d, log2_size_for(d->used * 3), str_keys);
}

// Appends a new entry for a key known to be absent, resizing first if the table is full.
int64_t append_entry(DictObject* d, Value key, int64_t hash, Value value) {
  d->keys->version = 0;
  if (d->keys->usable <= 0 && !insertion_resize(d, true)) return kDictError;
  DictKeys* keys = d->keys;
  int64_t ix = keys->nentries;
  index_set(keys, find_empty_slot(keys, hash), ix);
  incref(key);
  incref(value);
  keys->entries()[ix] = {hash, key, value};
  keys->usable -= 1;
  keys->nentries += 1;
  d->used += 1;
  return ix;
}

inline void replace_value(Value& slot, Value value) {
  if (slot == value) return;
  Value old = slot;
  incref(value);
  slot = value;
  decref(old);
}

// Appends a str key to a shared table that has room (usable > 0).
int64_t shared_keys_append(DictKeys* keys, StrObject* key, int64_t hash) {
  keys->version = 0;
  int64_t ix = keys->nentries;
  index_set(keys, find_empty_slot(keys, hash), ix);
  incref(key);
  keys->entries()[ix] = {hash, Value(key), Value()};
  keys->usable -= 1;
  keys->nentries += 1;
  return ix;
}

// Stores into a split dict's value slot ix; a new value goes last in the order.
inline void split_store(DictObject* d, int64_t ix, Value value, bool replace) {
  Value& slot = split_values(d)[ix];
  if (!slot) {
    incref(value);
    slot = value;
    split_order(d)[d->used] = uint8_t(ix);
    d->used += 1;
  } else if (replace) {
    replace_value(slot, value);
  }
}

// The common case of a str key in a str-only table: the lookup cannot run Python code,
// so nothing needs holding.
[[gnu::always_inline]] inline int64_t insert_str_entry(DictObject* d, StrObject* key, int64_t hash, Value value, bool replace) {
  int64_t ix = lookup_str(d->keys, key, hash);
  maintain_tracking(d, Value(key), value);
  if (ix < 0) return append_entry(d, Value(key), hash, value);
  if (replace) replace_value(d->keys->entries()[ix].value, value);
  return ix;
}

// Looks key up and, if absent, appends key -> value; if present and `replace`, replaces
// the value. Returns the entry index, or kDictError. Increfs what it stores.
int64_t insert_entry(DictObject* d, Value key, int64_t hash, Value value, bool replace) {
  if (d->keys->shared) {
    // A str key the shared table has, or still has room for, keeps d split.
    DictKeys* keys = d->keys;
    bool key_is_str = is_exact_str(key);
    if (key_is_str) {
      int64_t ix = lookup_str(keys, as_str(key), hash);
      if (ix < 0 && keys->usable > 0) ix = shared_keys_append(keys, as_str(key), hash);
      if (ix >= 0) {
        maintain_tracking(d, key, value);
        split_store(d, ix, value, replace);
        return ix;
      }
    }
    if (!insertion_resize(d, key_is_str)) return kDictError;
  }
  if (d->keys == kEmptyKeys) {
    DictKeys* keys = keys_new(kLog2MinSize, is_exact_str(key));
    if (!keys) return kDictError;
    maintain_tracking(d, key, value);
    index_set(keys, uint64_t(hash) & (table_size(keys) - 1), 0);
    incref(key);
    incref(value);
    keys->entries()[0] = {hash, key, value};
    keys->usable -= 1;
    keys->nentries = 1;
    d->keys = keys;
    d->used = 1;
    return 0;
  }
  if (d->keys->all_str_keys) {
    if (is_exact_str(key)) return insert_str_entry(d, as_str(key), hash, value, replace);
    if (!insertion_resize(d, false)) return kDictError;
  }
  // Hold both across __eq__ calls, which could otherwise free them.
  Ref<> held_key = new_ref(key);
  Ref<> held_value = new_ref(value);
  int64_t ix = dict_lookup(d, key, hash);
  if (ix == kDictError) return kDictError;
  maintain_tracking(d, key, value);
  if (ix == kDictNotFound) return append_entry(d, key, hash, value);
  if (replace) replace_value(d->keys->entries()[ix].value, value);
  return ix;
}

// Removes the entry ix of key (hash); its references are dropped once d is consistent.
void delete_entry(DictObject* d, int64_t hash, int64_t ix) {
  DictKeys* keys = d->keys;
  if (keys->shared) {
    Value& slot = split_values(d)[ix];
    Value value = slot;
    slot = Value();
    uint8_t* order = split_order(d);
    int64_t position = 0;
    while (order[position] != ix) ++position;
    std::memmove(order + position, order + position + 1, size_t(d->used - position - 1));
    d->used -= 1;
    decref(value);
    return;
  }
  index_set(keys, find_slot_of_entry(keys, hash, ix), kDummySlot);
  DictEntry& entry = keys->entries()[ix];
  Value key = entry.key;
  Value value = entry.value;
  entry.key = Value();
  entry.value = Value();
  d->used -= 1;
  keys->version = 0;
  decref(key);
  decref(value);
}

int64_t key_hash(Value key) {
  if (is_exact_str(key)) return str_key_hash(as_str(key));
  return hash(key);
}

ObjectFreelist<DictObject, 80> dict_freelist;

DictObject* allocate_dict(TypeObject* type) {
  DictObject* d = type == &dict_type ? dict_freelist.pop() : nullptr;
  if (!d) d = allocate<DictObject>(type, size_t(type->basic_size));
  if (d) d->keys = kEmptyKeys;
  return d;
}

}  // namespace

void dict_clear_freelists() {
  while (DictObject* d = dict_freelist.pop()) free_object(d);
  while (small_keys_free_count > 0) block_free(small_keys_freelist[--small_keys_free_count]);
}

// --- Lookup ---

namespace {

// lookup_in_table for a key that is not an exact str or a table that holds other keys.
[[gnu::noinline]] int64_t lookup_in_table_generic(DictObject* d, Value key, int64_t hash) {
  bool key_is_str = is_exact_str(key);
restart:
  DictKeys* keys = d->keys;
  uint64_t mask = uint64_t(table_size(keys)) - 1;
  uint64_t i = uint64_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    int64_t ix = index_get(keys, i);
    if (ix == kEmptySlot) return kDictNotFound;
    if (ix >= 0) {
      DictEntry* entry = &keys->entries()[ix];
      if (entry->key == key) return ix;
      if (entry->hash == hash) {
        if (key_is_str && is_exact_str(entry->key)) {
          if (str_equal(as_str(entry->key), as_str(key))) return ix;
        } else {
          Ref<> start_key = new_ref(entry->key);
          int equal = rich_compare_bool(start_key, key, CompareOp::Eq);
          if (equal < 0) return kDictError;
          // __eq__ may have rebuilt the table or replaced this entry: start over.
          if (keys != d->keys || entry->key != start_key.value()) goto restart;
          if (equal) return ix;
        }
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + perturb + 1) & mask;
  }
}

// The entry index of key in d's table (for a split dict, the shared key's, whether or
// not d has a value for it). The all-str case inline in the callers.
inline int64_t lookup_in_table(DictObject* d, Value key, int64_t hash) {
  if (is_exact_str(key) && d->keys->all_str_keys) return lookup_str(d->keys, as_str(key), hash);
  return lookup_in_table_generic(d, key, hash);
}

}  // namespace

int64_t dict_lookup(DictObject* d, Value key, int64_t hash) {
  int64_t ix = lookup_in_table(d, key, hash);
  if (ix >= 0 && d->keys->shared && !split_values(d)[ix]) return kDictNotFound;
  return ix;
}

Value dict_get(DictObject* d, Value key) {
  int64_t h = key_hash(key);
  if (h == -1) return Value();
  int64_t ix = dict_lookup(d, key, h);
  if (ix < 0) return Value();
  return dict_value_at(d, ix);
}

Value dict_get_str(DictObject* d, StrObject* key) {
  int64_t h = str_key_hash(key);
  DictKeys* keys = d->keys;
  int64_t ix = keys->all_str_keys ? lookup_str(keys, key, h) : dict_lookup(d, Value(key), h);
  if (ix < 0) return Value();
  return dict_value_at(d, ix);  // null for an absent key of a split dict
}

Value dict_get_utf8(DictObject* d, std::string_view key) {
  Ref<StrObject> s = str_from_utf8(key);
  if (!s) return Value();
  return dict_get_str(d, s.get());
}

int dict_contains(DictObject* d, Value key) {
  int64_t h = key_hash(key);
  if (h == -1) return -1;
  int64_t ix = dict_lookup(d, key, h);
  if (ix == kDictError) return -1;
  return ix >= 0;
}

int64_t dict_index_of_str(DictObject* d, StrObject* key) {
  if (!d->keys->all_str_keys) return -1;
  int64_t ix = lookup_str(d->keys, key, str_key_hash(key));
  if (ix >= 0 && d->keys->shared && !split_values(d)[ix]) return -1;
  return ix >= 0 ? ix : -1;
}

int64_t shared_keys_index_of_str(DictKeys* keys, StrObject* key) {
  int64_t ix = lookup_str(keys, key, str_key_hash(key));
  return ix >= 0 ? ix : -1;
}

void dict_split_store(DictObject* d, int64_t index, Value value) {
  if (gc_dict_may_start_tracking(d) && gc_may_be_tracked(value)) gc_track(d);
  split_store(d, index, value, true);
}

uint32_t dict_keys_version(DictObject* d) {
  DictKeys* keys = d->keys;
  if (keys->shared) return 0;  // the shared keys are not d's set of keys
  if (keys->version == 0 && next_keys_version != 0) keys->version = next_keys_version++;
  return keys->version;
}

// --- Creation ---

Ref<DictObject> dict_new() {
  DictObject* d = allocate_dict(&dict_type);
  if (!d) return nullptr;
  return Ref<DictObject>::steal(d);  // untracked until it holds a container
}

namespace {

// An empty split dict on `shared`, with a value slot for every key the shared table
// has or may still take (never from the freelist: its size varies).
DictObject* allocate_split_dict(DictKeys* shared) {
  int64_t capacity = shared->nentries + shared->usable;
  size_t prefix = (size_t(capacity) + 1 + 7) & ~size_t{7};  // offset byte and order
  auto* d = allocate<DictObject>(&dict_type,
                                 sizeof(DictObject) + prefix + size_t(capacity) * sizeof(Value));
  if (!d) return nullptr;
  reinterpret_cast<uint8_t*>(d + 1)[0] = uint8_t(prefix);
  ++shared_refcount(shared);
  d->keys = shared;
  return d;
}

}  // namespace

DictKeys* dict_shared_keys_new() {
  size_t size = sizeof(int64_t) + keys_allocation_size(kLog2SharedKeysSize);
  auto* memory = static_cast<int64_t*>(std::malloc(size));
  if (!memory) return raise_memory_error(), nullptr;
  memory[0] = 1;
  auto* keys = reinterpret_cast<DictKeys*>(memory + 1);
  keys_init(keys, kLog2SharedKeysSize, true);
  keys->shared = true;
  // One more than fits: each new instance takes one away while more than one is left
  // (CPython's rule, which keeps every existing value array big enough for the table).
  keys->usable = kSharedKeysMaxSize;
  return keys;
}

void dict_shared_keys_release(DictKeys* keys) { shared_keys_release(keys); }

Ref<DictObject> dict_new_for_instance(DictKeys* shared, bool from_object_new) {
  // Never from the freelist: the allocation must be counted so that the discount in
  // gc_mark_owned_dict leaves the collector's count as if no dict existed.
  DictObject* d;
  if (shared) {
    if (from_object_new && shared->usable > 1) shared->usable -= 1;
    d = allocate_split_dict(shared);
  } else {
    d = allocate<DictObject>(&dict_type, size_t(dict_type.basic_size));
    if (d) d->keys = kEmptyKeys;
  }
  if (!d) return nullptr;
  gc_mark_owned_dict(d);
  return Ref<DictObject>::steal(d);
}

void dict_traverse_owned(DictObject* d, VisitFn visit, void* arg) {
  // What CPython's traverse of an instance with inline values visits: the values (the
  // keys are the type's shared strs), and any key that is not an exact str.
  DictKeys* keys = d->keys;
  if (keys->shared) {
    // In shared-key order, as CPython (gc.get_referents shows it).
    Value* values = split_values(d);
    for (int64_t i = 0; i < keys->nentries; ++i) {
      if (values[i].is_object()) visit(values[i].as_object(), arg);
    }
    return;
  }
  DictEntry* entries = keys->entries();
  for (int64_t i = 0; i < keys->nentries; ++i) {
    if (!entries[i].key) continue;
    if (entries[i].key.is_object() && !is_exact_str(entries[i].key)) visit(entries[i].key.as_object(), arg);
    if (entries[i].value.is_object()) visit(entries[i].value.as_object(), arg);
  }
}

Ref<DictObject> dict_new_presized(int64_t n, bool str_keys) {
  if (n <= usable_fraction(int64_t{1} << kLog2MinSize)) return dict_new();
  int log2_size =
      n > usable_fraction(int64_t{1} << kLog2MaxPresize) ? kLog2MaxPresize : estimate_log2_size(n);
  DictKeys* keys = keys_new(log2_size, str_keys);
  if (!keys) return nullptr;
  Ref<DictObject> d = dict_new();
  if (!d) {
    keys_free(keys);
    return nullptr;
  }
  d->keys = keys;
  return d;
}

Ref<DictObject> dict_copy(DictObject* d) {
  if (d->used == 0) return dict_new();
  if (d->keys->shared) {
    // A split copy on the same keys, as CPython makes.
    DictObject* copy = allocate_split_dict(d->keys);
    if (!copy) return nullptr;
    Value* from = split_values(d);
    Value* to = split_values(copy);
    bool track = false;
    for (int64_t i = 0; i < d->used; ++i) {
      int64_t ix = split_order(d)[i];
      split_order(copy)[i] = uint8_t(ix);
      incref(from[ix]);
      to[ix] = from[ix];
      track = track || gc_may_be_tracked(from[ix]);
    }
    copy->used = d->used;
    if (track) gc_track(copy);
    return Ref<DictObject>::steal(copy);
  }
  // A table without too many holes is cloned as it is; otherwise the copy is compacted.
  if (type_of(Value(d))->iter == dict_type.iter && d->used >= (d->keys->nentries * 2) / 3) {
    DictKeys* keys = keys_clone(d->keys);
    if (!keys) return nullptr;
    Ref<DictObject> copy = dict_new();
    if (!copy) {
      keys_free(keys);
      return nullptr;
    }
    copy->keys = keys;
    copy->used = d->used;
    if (gc_is_tracked(d)) gc_track(copy.get());
    return copy;
  }
  Ref<DictObject> copy = dict_new();
  if (!copy || !dict_merge(copy.get(), Value(d), true)) return nullptr;
  return copy;
}

// --- Updating ---

bool dict_set_with_hash(DictObject* d, Value key, int64_t hash, Value value) {
  return insert_entry(d, key, hash, value, true) != kDictError;
}

bool dict_set(DictObject* d, Value key, Value value) {
  int64_t h = key_hash(key);
  if (h == -1) return false;
  return insert_entry(d, key, h, value, true) != kDictError;
}

bool dict_set_str(DictObject* d, std::string_view key, Value value) {
  StrObject* s = str_intern_utf8(key);
  return s && dict_set(d, Value(s), value);
}

int dict_remove_with_hash(DictObject* d, Value key, int64_t hash) {
  int64_t ix = dict_lookup(d, key, hash);
  if (ix == kDictError) return -1;
  if (ix == kDictNotFound) return 0;
  delete_entry(d, hash, ix);
  return 1;
}

int dict_remove(DictObject* d, Value key) {
  int64_t h = key_hash(key);
  if (h == -1) return -1;
  return dict_remove_with_hash(d, key, h);
}

Ref<> dict_pop(DictObject* d, Value key) {
  if (d->used == 0) return nullptr;
  int64_t h = key_hash(key);
  if (h == -1) return nullptr;
  int64_t ix = dict_lookup(d, key, h);
  if (ix < 0) return nullptr;
  Ref<> value = new_ref(dict_value_at(d, ix));
  delete_entry(d, h, ix);
  return value;
}

void dict_clear(DictObject* d) {
  DictKeys* keys = d->keys;
  if (keys == kEmptyKeys) return;
  if (keys->shared) {
    // The values move out first: the decrefs below may run code that looks at d.
    int64_t used = d->used;  // at most kSharedKeysMaxSize
    Value* values = split_values(d);
    const uint8_t* order = split_order(d);
    Value taken[kSharedKeysMaxSize];
    for (int64_t i = 0; i < used; ++i) {
      taken[i] = values[order[i]];
      values[order[i]] = Value();
    }
    d->keys = kEmptyKeys;
    d->used = 0;
    for (int64_t i = 0; i < used; ++i) decref(taken[i]);
    keys_free(keys);
    return;
  }
  // Detach first: the decrefs below may run code that looks at d.
  d->keys = kEmptyKeys;
  d->used = 0;
  DictEntry* entries = keys->entries();
  for (int64_t i = 0; i < keys->nentries; ++i) {
    decref(entries[i].key);
    decref(entries[i].value);
  }
  keys_free(keys);
}

bool dict_next_with_hash(DictObject* d, int64_t* pos, Value* key, Value* value, int64_t* hash) {
  DictKeys* keys = d->keys;
  DictEntry* entries = keys->entries();
  int64_t i = *pos;
  if (keys->shared) {
    // Positions in a split dict count through its insertion order.
    if (i >= d->used) return false;
    int64_t ix = split_order(d)[i];
    *pos = i + 1;
    if (key) *key = entries[ix].key;
    if (value) *value = split_values(d)[ix];
    if (hash) *hash = entries[ix].hash;
    return true;
  }
  while (i < keys->nentries && !entries[i].key) ++i;
  if (i >= keys->nentries) return false;
  *pos = i + 1;
  if (key) *key = entries[i].key;
  if (value) *value = entries[i].value;
  if (hash) *hash = entries[i].hash;
  return true;
}

bool dict_next(DictObject* d, int64_t* pos, Value* key, Value* value) {
  return dict_next_with_hash(d, pos, key, value, nullptr);
}

void dict_maybe_untrack(DictObject* d) {
  // Subclass instances stay tracked: they may carry attributes.
  if (!is_exact_dict(Value(d)) || !gc_is_tracked(d)) return;
  int64_t pos = 0;
  Value key, value;
  while (dict_next(d, &pos, &key, &value)) {
    if (gc_may_be_tracked(key) || gc_may_be_tracked(value)) return;
  }
  gc_untrack(d);
}

namespace {

// The keys of a mapping as a list: dict.keys() for exact dicts, else list(m.keys())
// (CPython's PyMapping_Keys).
Ref<> mapping_keys(Value mapping) {
  if (is_exact_dict(mapping)) return dict_keys_list(as_dict(mapping));
  Ref<> keys = call_method0(mapping, ID(keys));
  if (!keys || is_exact_list(keys)) return keys;
  Ref<> iterator = get_iter(keys);
  if (!iterator) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("{}.keys() returned a non-iterable (type {})", type_of(mapping)->name,
                        type_name(keys));
    }
    return nullptr;
  }
  return list_from_iterable(iterator);
}

// PyDict_Merge with CPython's three modes: override 1 replaces existing keys, 0 keeps
// them, 2 raises KeyError for them.
bool merge(DictObject* d, Value other, int override) {
  // A mappingproxy of a plain dict (a class's __dict__, as dir() merges them) is read as
  // that dict: its keys() and [] are the dict's.
  if (type_of(other) == &mappingproxy_type) {
    Value mapping = static_cast<MappingProxyObject*>(other.as_object())->mapping;
    if (is_exact_dict(mapping)) other = mapping;
  }
  if (is_dict(other) && type_of(other)->iter == dict_type.iter) {
    DictObject* source = as_dict(other);
    if (source == d || source->used == 0) return true;
    if (d->used == 0) {
      override = 1;
      DictKeys* source_keys = source->keys;
      // A freshly built combined source (no holes, not oversized) is cloned whole, unless
      // d was sized for more (dir() merging several classes).
      if (!source_keys->shared && source->used == source_keys->nentries &&
          d->keys->log2_size <= source_keys->log2_size &&
          (source_keys->log2_size == kLog2MinSize ||
           usable_fraction(table_size(source_keys) / 2) < source->used)) {
        DictKeys* keys = keys_clone(source_keys);
        if (!keys) return false;
        DictKeys* old_keys = d->keys;
        d->keys = keys;
        d->used = source->used;
        keys_free(old_keys);
        if (gc_is_tracked(source) && !gc_is_tracked(d)) gc_track(d);
        return true;
      }
    }
    // One big resize up front, expecting few overlapping keys.
    if (usable_fraction(table_size(d->keys)) < source->used &&
        !dict_resize(d, estimate_log2_size(d->used + source->used), source->keys->all_str_keys)) {
      return false;
    }
    DictKeys* source_keys = source->keys;
    if (override == 1 && !source_keys->shared && source_keys->all_str_keys && !d->keys->shared &&
        d->keys != kEmptyKeys && d->keys->all_str_keys) {
      // Exact strs into exact strs (class namespaces, keyword dicts): straight over the
      // source's entries; no lookup can run Python code (a replaced value's finalizer can,
      // hence the mutation check).
      int64_t n = source_keys->nentries;
      for (int64_t i = 0; i < n; ++i) {
        DictEntry entry = source_keys->entries()[i];
        if (!entry.key) continue;
        if (insert_str_entry(d, as_str(entry.key), entry.hash, entry.value, true) == kDictError) return false;
        if (source->keys != source_keys || n != source_keys->nentries) {
          return runtime_error("dict mutated during update");
        }
      }
      return true;
    }
    bool source_split = source_keys->shared;
    int64_t n = source_keys->nentries;
    int64_t size = source->used;
    int64_t pos = 0, h;
    Value k, v;
    while (dict_next_with_hash(source, &pos, &k, &v, &h)) {
      Ref<> key = new_ref(k);
      Ref<> value = new_ref(v);
      if (override == 1) {
        if (insert_entry(d, key, h, value, true) == kDictError) return false;
      } else {
        int64_t ix = dict_lookup(d, key, h);
        if (ix == kDictError) return false;
        if (ix == kDictNotFound) {
          if (insert_entry(d, key, h, value, true) == kDictError) return false;
        } else if (override == 2) {
          return raise_key_error(key);
        }
      }
      if (source_split ? source->keys != source_keys || size != source->used
                       : n != source->keys->nentries) {
        return runtime_error("dict mutated during update");
      }
    }
    return true;
  }
  // Any other mapping: its keys(), then m[key] for each.
  Ref<> keys = mapping_keys(other);
  if (!keys) return false;
  return for_each(keys, [&](Value key) {
    if (override != 1) {
      int present = dict_contains(d, key);
      if (present < 0) return false;
      if (present) {
        if (override == 0) return true;
        return bool(raise_key_error(key));
      }
    }
    Ref<> value = get_item(other, key);
    return value && dict_set(d, key, value);
  });
}

}  // namespace

bool dict_merge(DictObject* d, Value other, bool override) {
  return merge(d, other, override ? 1 : 0);
}

bool dict_update(DictObject* d, Value other) { return merge(d, other, 1); }

namespace {

// dict.update(seq): each item must be a pair (CPython's PyDict_MergeFromSeq2).
bool merge_from_pairs(DictObject* d, Value pairs) {
  Ref<> iterator = get_iter(pairs);
  if (!iterator) return false;
  for (int64_t i = 0;; ++i) {
    Ref<> item = iter_next(iterator);
    if (!item) return !error_occurred();
    Ref<> fast = sequence_fast(item, "");
    if (!fast) {
      if (error_matches(&exc::TypeError)) {
        clear_error();
        type_error("cannot convert dictionary update sequence element #{} to a sequence", i);
      }
      return false;
    }
    int64_t n = sequence_fast_length(fast);
    if (n != 2) {
      return value_error("dictionary update sequence element #{} has length {}; 2 is required", i,
                         n);
    }
    Value* kv = sequence_fast_items(fast);
    Ref<> key = new_ref(kv[0]);
    Ref<> value = new_ref(kv[1]);
    if (!dict_set(d, key, value)) return false;
  }
}

// The positional argument of dict() and dict.update(): a dict, anything with keys(), or
// an iterable of pairs.
bool update_from_arg(DictObject* d, Value arg) {
  if (is_exact_dict(arg)) return merge(d, arg, 1);
  Ref<> keys_method;
  if (get_attr_optional(arg, ID(keys), &keys_method) < 0) return false;
  if (keys_method) return merge(d, arg, 1);
  return merge_from_pairs(d, arg);
}

// dict(...) / d.update(...): one optional positional argument, then keyword arguments.
bool update_common(DictObject* d, const Value* args, size_t nargs, TupleObject* kwnames,
                   const char* name) {
  if (nargs > 1) return type_error("{} expected at most 1 argument, got {}", name, nargs);
  if (nargs == 1 && !update_from_arg(d, args[0])) return false;
  if (kwnames) {
    for (int64_t i = 0; i < kwnames->length; ++i) {
      if (!dict_set(d, kwnames->items[i], args[nargs + size_t(i)])) return false;
    }
  }
  return true;
}

}  // namespace

Ref<> dict_keys_list(DictObject* d) {
  Ref<ListObject> list = list_new(d->used);
  if (!list) return nullptr;
  int64_t pos = 0, i = 0;
  Value key;
  while (dict_next(d, &pos, &key, nullptr)) {
    incref(key);
    list->items[i++] = key;
  }
  return list;
}

Ref<> dict_values_list(DictObject* d) {
  Ref<ListObject> list = list_new(d->used);
  if (!list) return nullptr;
  int64_t pos = 0, i = 0;
  Value value;
  while (dict_next(d, &pos, nullptr, &value)) {
    incref(value);
    list->items[i++] = value;
  }
  return list;
}

Ref<> dict_items_list(DictObject* d) {
  // The tuples are made first: making them may run the collector, which must not see a
  // half-filled list.
  int64_t n = d->used;
  Ref<ListObject> list = list_new(n);
  if (!list) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    Ref<TupleObject> pair = tuple_allocate(2);
    if (!pair) return nullptr;
    list->items[i] = pair.release();
  }
  if (n != d->used) return runtime_error("dictionary changed size during iteration");
  int64_t pos = 0, i = 0;
  Value key, value;
  while (dict_next(d, &pos, &key, &value)) {
    TupleObject* pair = as_tuple(list->items[i++]);
    incref(key);
    incref(value);
    pair->items[0] = key;
    pair->items[1] = value;
  }
  return list;
}

int64_t dict_keys_size_for_sizeof(DictObject* d) {
  DictKeys* keys = d->keys;
  if (keys == kEmptyKeys) return 0;
  int64_t values_size = 0;
  if (keys->shared) {
    // CPython counts a value array as big as the shared table allows now, and the table
    // itself only when d holds its last reference (otherwise it is the class's).
    values_size = (keys->nentries + keys->usable) * int64_t(sizeof(Value));
    if (shared_refcount(keys) > 1) return values_size;
  }
  // CPython's header is 32 bytes; str-only tables keep 16-byte entries (no hash).
  int64_t entry_size = keys->all_str_keys ? 16 : 24;
  return values_size + 32 + (int64_t{1} << keys->log2_index_bytes) +
         usable_fraction(table_size(keys)) * entry_size;
}

// --- The dict type ---

namespace {

DictObject* self_dict(Value v) { return as_dict(v); }

void dict_dealloc(Object* o) {
  auto* d = static_cast<DictObject*>(o);
  if (gc_is_tracked(o)) gc_untrack(o);
  DictKeys* keys = d->keys;
  bool split = keys->shared;
  if (split) {
    Value* values = split_values(d);
    for (int64_t i = 0; i < d->used; ++i) decref(values[split_order(d)[i]]);
    keys_free(keys);
  } else if (keys != kEmptyKeys) {
    DictEntry* entries = keys->entries();
    for (int64_t i = 0; i < keys->nentries; ++i) {
      decref(entries[i].key);
      decref(entries[i].value);
    }
    keys_free(keys);
  }
  // Split dicts are bigger than the freelist's.
  if (o->type != &dict_type || split || gc_is_owned_dict(o) || !dict_freelist.push(d)) free_object(o);
}

void dict_traverse(Object* o, VisitFn visit, void* arg) {
  auto* d = static_cast<DictObject*>(o);
  DictKeys* keys = d->keys;
  if (keys->shared) {
    // The keys belong to the shared table: CPython visits only a split dict's values, in
    // shared-key order.
    Value* values = split_values(d);
    for (int64_t i = 0; i < keys->nentries; ++i) {
      if (values[i].is_object()) visit(values[i].as_object(), arg);
    }
    return;
  }
  DictEntry* entries = keys->entries();
  for (int64_t i = 0; i < keys->nentries; ++i) {
    if (!entries[i].key) continue;
    if (entries[i].key.is_object()) visit(entries[i].key.as_object(), arg);
    if (entries[i].value.is_object()) visit(entries[i].value.as_object(), arg);
  }
}

void dict_clear_slot(Object* o) { dict_clear(static_cast<DictObject*>(o)); }

Ref<> dict_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  DictObject* d = allocate_dict(type);
  if (!d) return nullptr;
  // Exact dicts start untracked; subclass instances may carry a __dict__ at once.
  if (type != &dict_type) gc_track(d);
  return Ref<>::steal(Value(d));
}

int dict_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return update_common(self_dict(self), args, nargs, kwnames, "dict") ? 0 : -1;
}

Ref<> dict_repr(Value self) {
  DictObject* d = self_dict(self);
  ReprGuard guard(d);
  if (guard.recursive()) return str_from_ascii("{...}");
  if (d->used == 0) return str_from_ascii("{}");
  StrBuilder out;
  out.append(U'{');
  int64_t pos = 0;
  Value k, v;
  bool first = true;
  // repr() of a key or value may mutate the dict: iterate with dict_next and hold both.
  while (dict_next(d, &pos, &k, &v)) {
    Ref<> key = new_ref(k);
    Ref<> value = new_ref(v);
    if (!first) out.append_ascii(", ");
    first = false;
    Ref<StrObject> text = repr(key);
    if (!text) return nullptr;
    out.append(text.get());
    out.append_ascii(": ");
    text = repr(value);
    if (!text) return nullptr;
    out.append(text.get());
  }
  out.append(U'}');
  return out.finish();
}

// Same keys, and equal values for each (order does not matter).
int dict_equal(DictObject* a, DictObject* b) {
  if (a->used != b->used) return 0;
  int64_t pos = 0, h;
  Value k, v;
  while (dict_next_with_hash(a, &pos, &k, &v, &h)) {
    Ref<> key = new_ref(k);
    Ref<> a_value = new_ref(v);
    int64_t ix = dict_lookup(b, key, h);
    if (ix == kDictError) return -1;
    if (ix == kDictNotFound) return 0;
    Ref<> b_value = new_ref(dict_value_at(b, ix));
    int equal = rich_compare_bool(a_value, b_value, CompareOp::Eq);
    if (equal <= 0) return equal;
  }
  return 1;
}

Ref<> dict_compare(Value a, Value b, CompareOp op) {
  if (!is_dict(a) || !is_dict(b) || (op != CompareOp::Eq && op != CompareOp::Ne)) {
    return new_not_implemented();
  }
  int equal = dict_equal(self_dict(a), self_dict(b));
  if (equal < 0) return nullptr;
  return new_bool((equal == 1) == (op == CompareOp::Eq));
}

int64_t dict_length(Value self) { return self_dict(self)->used; }

int dict_contains_slot(Value self, Value key) { return dict_contains(self_dict(self), key); }

Ref<> dict_subscript(Value self, Value key) {
  DictObject* d = self_dict(self);
  int64_t h = key_hash(key);
  if (h == -1) return nullptr;
  int64_t ix = dict_lookup(d, key, h);
  if (ix == kDictError) return nullptr;
  if (ix >= 0) return new_ref(dict_value_at(d, ix));
  if (!is_exact_dict(self)) {
    // Subclasses may supply missing values (collections.defaultdict, Counter).
    Ref<> missing = lookup_special(self, ID(__missing__));
    if (missing) return call1(missing, key);
    if (error_occurred()) return nullptr;
  }
  return raise_key_error(key);
}

int dict_assign_subscript(Value self, Value key, Value value) {
  DictObject* d = self_dict(self);
  if (value) return dict_set(d, key, value) ? 0 : -1;
  int removed = dict_remove(d, key);
  if (removed == 0) return raise_key_error(key);
  return removed < 0 ? -1 : 0;
}

Ref<> dict_iter(Value self) {
  return dict_iterator_new(self_dict(self), DictIterKind::Keys, false);
}

Ref<> dict_or(Value a, Value b) {
  if (!is_dict(a) || !is_dict(b)) return new_not_implemented();
  Ref<DictObject> result = dict_copy(self_dict(a));
  if (!result || !update_from_arg(result.get(), b)) return nullptr;
  return result;
}

Ref<> dict_inplace_or(Value self, Value other) {
  if (!update_from_arg(self_dict(self), other)) return nullptr;
  return new_ref(self);
}

// --- Methods ---

Ref<> dict_get_method(Value self, const Value* args) {
  DictObject* d = self_dict(self);
  int64_t h = key_hash(args[0]);
  if (h == -1) return nullptr;
  int64_t ix = dict_lookup(d, args[0], h);
  if (ix == kDictError) return nullptr;
  return new_ref(ix >= 0 ? dict_value_at(d, ix) : args[1]);
}

Ref<> dict_setdefault_method(Value self, const Value* args) {
  DictObject* d = self_dict(self);
  int64_t h = key_hash(args[0]);
  if (h == -1) return nullptr;
  int64_t ix = insert_entry(d, args[0], h, args[1], false);
  if (ix == kDictError) return nullptr;
  return new_ref(dict_value_at(d, ix));
}

Ref<> dict_pop_method(Value self, const Value* args) {
  DictObject* d = self_dict(self);
  Value key = args[0];
  Value default_value = args[1];
  // An empty dict does not even hash the key.
  if (d->used > 0) {
    int64_t h = key_hash(key);
    if (h == -1) return nullptr;
    int64_t ix = dict_lookup(d, key, h);
    if (ix == kDictError) return nullptr;
    if (ix >= 0) {
      Ref<> value = new_ref(dict_value_at(d, ix));
      delete_entry(d, h, ix);
      return value;
    }
  }
  if (default_value) return new_ref(default_value);
  return raise_key_error(key);
}

// Removes and returns the last item (LIFO). The entry slot is reused by the next insert.
Ref<> dict_popitem_method(Value self, const Value* args) {
  DictObject* d = self_dict(self);
  // Made before checking the size: allocating may run the collector, which could empty d.
  Ref<TupleObject> pair = tuple_allocate(2);
  if (!pair) return nullptr;
  if (d->used == 0) return raise(exc::KeyError, "popitem(): dictionary is empty");
  // A split dict becomes combined first (at the shared table's size, as CPython).
  if (d->keys->shared && !dict_resize(d, d->keys->log2_size, true)) return nullptr;
  DictKeys* keys = d->keys;
  keys->version = 0;
  DictEntry* entries = keys->entries();
  int64_t i = keys->nentries - 1;
  while (i >= 0 && !entries[i].key) --i;
  index_set(keys, find_slot_of_entry(keys, entries[i].hash, i), kDummySlot);
  pair->items[0] = entries[i].key;
  pair->items[1] = entries[i].value;
  entries[i].key = Value();
  entries[i].value = Value();
  keys->nentries = i;  // no usable++: the dummy slot stays in the index
  d->used -= 1;
  return pair;
}

Ref<> dict_keys_method(Value self, const Value* args) {
  return dict_view_new(self_dict(self), DictIterKind::Keys);
}

Ref<> dict_values_method(Value self, const Value* args) {
  return dict_view_new(self_dict(self), DictIterKind::Values);
}

Ref<> dict_items_method(Value self, const Value* args) {
  return dict_view_new(self_dict(self), DictIterKind::Items);
}

Ref<> dict_update_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!update_common(self_dict(self), args, nargs, kwnames, "update")) return nullptr;
  return new_none();
}

Ref<> dict_fromkeys_method(Value cls, const Value* args) {
  Value iterable = args[0];
  Value value = args[1];
  Ref<> result = call0(cls);
  if (!result) return nullptr;
  if (is_exact_dict(result)) {
    DictObject* d = as_dict(result);
    // From a dict or a set: size the table once and reuse the stored hashes.
    if (is_exact_dict(iterable)) {
      DictObject* source = as_dict(iterable);
      if (!dict_resize(d, estimate_log2_size(source->used), source->keys->all_str_keys))
        return nullptr;
      int64_t pos = 0, h;
      Value key;
      while (dict_next_with_hash(source, &pos, &key, nullptr, &h)) {
        if (insert_entry(d, key, h, value, true) == kDictError) return nullptr;
      }
      return result;
    }
    if (is_type(iterable, &set_type) || is_type(iterable, &frozenset_type)) {
      SetObject* source = as_set(iterable);
      if (!dict_resize(d, estimate_log2_size(source->used), false)) return nullptr;
      int64_t pos = 0, h;
      Value key;
      while (set_next(source, &pos, &key, &h)) {
        if (insert_entry(d, key, h, value, true) == kDictError) return nullptr;
      }
      return result;
    }
  }
  bool exact = is_exact_dict(result);
  bool ok = for_each(iterable, [&](Value key) {
    return exact ? dict_set(as_dict(result), key, value) : set_item(result, key, value);
  });
  if (!ok) return nullptr;
  return result;
}

Ref<> dict_clear_method(Value self, const Value* args) {
  dict_clear(self_dict(self));
  return new_none();
}

Ref<> dict_copy_method(Value self, const Value* args) { return dict_copy(self_dict(self)); }

Ref<> dict_reversed_method(Value self, const Value* args) {
  return dict_iterator_new(self_dict(self), DictIterKind::Keys, true);
}

Ref<> dict_contains_method(Value self, const Value* args) {
  int found = dict_contains(self_dict(self), args[0]);
  if (found < 0) return nullptr;
  return new_bool(found);
}

Ref<> dict_getitem_method(Value self, const Value* args) { return dict_subscript(self, args[0]); }

// CPython's numbers: a 48-byte dict plus its table when it has one of its own.
Ref<> dict_sizeof_method(Value self, const Value* args) {
  int64_t extra = type_of(self)->basic_size - int64_t(sizeof(DictObject));
  return int_from_int64(48 + extra + dict_keys_size_for_sizeof(self_dict(self)));
}

const MethodDef dict_methods[] = {
    {.name = "__contains__",
     .impl = dict_contains_method,
     .signature = "($self, key, /)",
     .doc = "True if the dictionary has the specified key, else False."},
    {.name = "__getitem__",
     .impl = dict_getitem_method,
     .signature = "($self, key, /)",
     .doc = "x.__getitem__(y) <==> x[y]", .flags = kMethodNoTextSignature},
    {.name = "__sizeof__",
     .impl = dict_sizeof_method,
     .signature = "($self, /)",
     .doc = "D.__sizeof__() -> size of D in memory, in bytes", .flags = kMethodNoTextSignature},
    {.name = "get",
     .impl = dict_get_method,
     .signature = "($self, key, default=None, /)",
     .doc = "Return the value for key if key is in the dictionary, else default."},
    {.name = "setdefault",
     .impl = dict_setdefault_method,
     .signature = "($self, key, default=None, /)",
     .doc = "Insert key with a value of default if key is not in the dictionary.\n\nReturn the "
            "value for key if key is in the dictionary, else default."},
    {.name = "pop",
     .impl = dict_pop_method,
     .signature = "($self, key, default=?, /)",
     .doc = "pop($self, key, default=<unrepresentable>, /)\n--\n\n"
     "D.pop(k[,d]) -> v, remove specified key and return the corresponding value.\n\nIf "
            "the key is not found, return the default if given; otherwise,\nraise a KeyError."},
    {.name = "popitem",
     .impl = dict_popitem_method,
     .signature = "($self, /)",
     .doc = "Remove and return a (key, value) pair as a 2-tuple.\n\nPairs are returned in LIFO "
            "(last-in, first-out) order.\nRaises KeyError if the dict is empty."},
    {.name = "keys",
     .impl = dict_keys_method,
     .signature = "($self, /)",
     .doc = "D.keys() -> a set-like object providing a view on D's keys",
     .flags = kMethodNoTextSignature},
    {.name = "items",
     .impl = dict_items_method,
     .signature = "($self, /)",
     .doc = "D.items() -> a set-like object providing a view on D's items",
     .flags = kMethodNoTextSignature},
    {.name = "values",
     .impl = dict_values_method,
     .signature = "($self, /)",
     .doc = "D.values() -> an object providing a view on D's values",
     .flags = kMethodNoTextSignature},
    {.name = "update",
     .raw = dict_update_method,
     .doc = "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F.\nIf E is present "
            "and has a .keys() method, then does:  for k in E: D[k] = E[k]\nIf E is present and "
            "lacks a .keys() method, then does:  for k, v in E: D[k] = v\nIn either case, this "
            "is followed by: for k in F:  D[k] = F[k]"},
    {.name = "fromkeys",
     .impl = dict_fromkeys_method,
     .signature = "($type, iterable, value=None, /)",
     .doc = "Create a new dictionary with keys from iterable and values set to value.",
     .flags = kMethodClass},
    {.name = "clear",
     .impl = dict_clear_method,
     .signature = "($self, /)",
     .doc = "D.clear() -> None.  Remove all items from D.", .flags = kMethodNoTextSignature},
    {.name = "copy",
     .impl = dict_copy_method,
     .signature = "($self, /)",
     .doc = "D.copy() -> a shallow copy of D", .flags = kMethodNoTextSignature},
    {.name = "__reversed__",
     .impl = dict_reversed_method,
     .signature = "($self, /)",
     .doc = "Return a reverse iterator over the dict keys."},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

}  // namespace

TypeObject dict_type{TypeSpec{
    .name = "dict",
    .doc = "dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a "
           "mapping object's\n    (key, value) pairs\ndict(iterable) -> new dictionary "
           "initialized as if via:\n    d = {}\n    for k, v in iterable:\n        d[k] = v\n"
           "dict(**kwargs) -> new dictionary initialized with the name=value pairs\n    in the "
           "keyword argument list.  For example:  dict(one=1, two=2)",
    .basic_size = sizeof(DictObject),
    .flags = kTypeBaseType | kTypeHaveGC | kTypeDictSubclass | kTypeMapping,
    .slots = {.dealloc = dict_dealloc,
              .traverse = dict_traverse,
              .clear = dict_clear_slot,
              .new_instance = dict_new_slot,
              .init = dict_init,
              .repr = dict_repr,
              .compare = dict_compare,
              .getattr = generic_get_attr,
              .iter = dict_iter,
              .length = dict_length,
              .getitem = dict_subscript,
              .setitem = dict_assign_subscript,
              .contains = dict_contains_slot,
              .bit_or = dict_or,
              .inplace_bit_or = dict_inplace_or},
    .methods = dict_methods,
}};

}  // namespace krait
