// dict: CPython's compact ordered hash table — a sparse index array pointing into a dense
// array of entries kept in insertion order, open addressing with perturbed probing. The
// key table carries a version for inline caches (LOAD_GLOBAL, module attributes): it
// changes whenever the *set of keys* changes, not when values are replaced.
// Instance dicts are split tables (PEP 412, as CPython 3.11): the class owns one shared
// key table and each dict keeps only its values, inline after the DictObject.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/type.h"

namespace krait {

struct StrObject;

extern TypeObject dict_type;
extern TypeObject dict_keys_type;
extern TypeObject dict_values_type;
extern TypeObject dict_items_type;
extern TypeObject dict_keyiterator_type;
extern TypeObject dict_valueiterator_type;
extern TypeObject dict_itemiterator_type;
extern TypeObject dict_reverse_keyiterator_type;
extern TypeObject dict_reverse_valueiterator_type;
extern TypeObject dict_reverse_itemiterator_type;

struct DictEntry {
  int64_t hash;
  Value key;  // null: deleted entry (a "dummy" in the index points here)
  Value value;
};

struct DictKeys {
  uint8_t log2_size;         // the index has 1 << log2_size slots
  uint8_t log2_index_bytes;  // the index takes 1 << log2_index_bytes bytes (1, 2, 4 or 8 per slot)
  bool all_str_keys;         // every key is an exact str: lookups never run Python code
  bool shared;               // a class's shared keys (split tables): entries' values unused
  uint32_t version;          // 0: not assigned; see dict_keys_version
  int64_t usable;            // entries that may still be appended before a resize
  int64_t nentries;          // entries used so far, deleted ones included
  // followed by the index (1 << log2_size slots) and then the entries

  char* index_base() { return reinterpret_cast<char*>(this + 1); }
  DictEntry* entries() {
    return reinterpret_cast<DictEntry*>(index_base() + (int64_t{1} << log2_index_bytes));
  }
};

struct DictObject : Object {
  int64_t used;    // live entries
  DictKeys* keys;  // owned (a reference, when shared)
};

// A split dict (keys->shared) is followed in memory by its values: one byte with the
// offset of the value array (from d + 1), the insertion order (`used` bytes, each the
// index of a shared key), padding, then one Value per shared key index (null: absent).
// Shared keys only ever grow (by appending), so an index names the same key for all of
// a class's instances, which is what the LOAD_ATTR_INSTANCE/STORE_ATTR_INSTANCE caches use.
inline bool dict_is_split(const DictObject* d) { return d->keys->shared; }
inline Value* split_values(DictObject* d) {
  auto* base = reinterpret_cast<uint8_t*>(d + 1);
  return reinterpret_cast<Value*>(base + base[0]);
}
inline uint8_t* split_order(DictObject* d) { return reinterpret_cast<uint8_t*>(d + 1) + 1; }
// At most this many keys are shared (CPython's SHARED_KEYS_MAX_SIZE).
constexpr int64_t kSharedKeysMaxSize = 30;

inline bool is_dict(Value v) { return v.is_object() && type_has_flag(v, kTypeDictSubclass); }
inline bool is_exact_dict(Value v) { return v.is_object() && v.as_object()->type == &dict_type; }
inline DictObject* as_dict(Value v) { return static_cast<DictObject*>(v.as_object()); }

Ref<DictObject> dict_new();
// The __dict__ of an instance, before Python code sees it (runtime/gc.h: owned dicts);
// the owner's traverse calls dict_traverse_owned. With `shared` (a class's key table, see
// dict_shared_keys_new) the dict is split; `from_object_new`: the instance was made by
// object.__new__, which in CPython 3.11 reserves its values and so takes one unit of room
// from the shared keys (sys.getsizeof of split dicts shows it).
Ref<DictObject> dict_new_for_instance(DictKeys* shared = nullptr, bool from_object_new = false);
void dict_traverse_owned(DictObject* d, VisitFn visit, void* arg);
// A class's shared key table (one reference, released with dict_shared_keys_release);
// null with MemoryError.
DictKeys* dict_shared_keys_new();
void dict_shared_keys_release(DictKeys* keys);
// Room for n items without resizing; str_keys: the keys will be exact strs (as CPython
// decides for a dict display whose keys are all strs).
Ref<DictObject> dict_new_presized(int64_t n, bool str_keys = false);
Ref<DictObject> dict_copy(DictObject* d);

// Lookups return a borrowed value, or null: check error_occurred() to tell "missing" from
// "a key's __hash__ or __eq__ raised" (CPython's PyDict_GetItemWithError).
Value dict_get(DictObject* d, Value key);
Value dict_get_str(DictObject* d, StrObject* key);  // key: exact str, hash computed
Value dict_get_utf8(DictObject* d, std::string_view key);
// Stores (increfs key and value); false on error.
bool dict_set(DictObject* d, Value key, Value value);
bool dict_set_str(DictObject* d, std::string_view key, Value value);
// Removes key: 1 removed, 0 absent (nothing raised), -1 error.
int dict_remove(DictObject* d, Value key);
// Removes and returns the value, or null (with or without an exception, as dict_get).
Ref<> dict_pop(DictObject* d, Value key);
int dict_contains(DictObject* d, Value key);  // 1/0, -1 on error
void dict_clear(DictObject* d);
bool dict_update(DictObject* d, Value other);                // dict.update(other) for a mapping
bool dict_merge(DictObject* d, Value other, bool override);  // keys/getitem protocol
// Iterates live entries in order: `int64_t pos = 0; while (dict_next(d, &pos, &k, &v))`.
bool dict_next(DictObject* d, int64_t* pos, Value* key, Value* value);
// The same, also giving each key's stored hash.
bool dict_next_with_hash(DictObject* d, int64_t* pos, Value* key, Value* value, int64_t* hash);
Ref<> dict_keys_list(DictObject* d);
Ref<> dict_values_list(DictObject* d);
Ref<> dict_items_list(DictObject* d);

// For inline caches: a nonzero tag that stays the same while d's set of keys is
// unchanged (0 only once 2**32 tags are used up, and for split dicts), and the entry
// index of a str key: -1 if absent, or if d has keys other than exact strs (then a lookup
// could run Python code). For a split dict the index is the shared key's, and the value
// is split_values(d)[index]; dict_value_at finds the value of either kind.
uint32_t dict_keys_version(DictObject* d);
int64_t dict_index_of_str(DictObject* d, StrObject* key);
inline Value& dict_value_at(DictObject* d, int64_t index) {
  if (dict_is_split(d)) return split_values(d)[index];
  return d->keys->entries()[index].value;
}
// The index of `key` in shared keys (a split dict's value there may still be absent: a store
// there adds the attribute): -1 if the shared keys do not have it.
int64_t shared_keys_index_of_str(DictKeys* keys, StrObject* key);
// Stores into a split dict at a shared-key index (a new attribute goes last in the
// order). Never fails, never runs Python code except through the old value's decref.
void dict_split_store(DictObject* d, int64_t index, Value value);

// For the cycle collector, called on each tracked exact dict it examines: stops tracking
// d if no key or value can be part of a cycle (CPython's _PyDict_MaybeUntrack), as
// gc.is_tracked() shows in CPython. Dicts start untracked and become tracked when such
// an item is stored.
void dict_maybe_untrack(DictObject* d);

}  // namespace krait
