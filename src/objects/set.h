// set and frozenset: open-addressing hash tables with CPython's exact probing sequence
// (linear probes, then perturbation) and resize policy, so a set iterates in the same
// order as CPython's for the same hashes.
#pragma once

#include "core/hash.h"
#include "core/type.h"

namespace krait {

extern TypeObject set_type;
extern TypeObject frozenset_type;
extern TypeObject set_iterator_type;

struct SetEntry {
  Value key;  // null: empty; the dummy object: deleted
  int64_t hash;
};

struct SetObject : Object {
  int64_t fill;  // active + dummy entries
  int64_t used;  // active entries
  int64_t mask;  // table size - 1
  SetEntry* table;
  int64_t hash;    // frozenset hash cache, -1 until computed
  // Where pop() resumes searching (only a hint: masked by the table size, so its 32 bits
  // lose nothing but speed on tables of 2**32 slots), and whether the table may hold keys
  // that are objects: false when every key is a small int (or the dummy, which is static),
  // so that copying or freeing the table counts no references and an int lookup compares
  // no objects. Set by every insertion of an object key, cleared when the set is emptied.
  // Both share CPython's finger word, keeping its layout (sys.getsizeof).
  uint32_t finger;
  bool holds_objects;
  SetEntry small_table[8];
  Object* weakreflist;
};

inline bool is_anyset(Value v) {
  if (!v.is_object()) return false;
  // The exact types first: a frozenset is not checked against set's subclasses.
  const TypeObject* type = v.as_object()->type;
  return type == &set_type || type == &frozenset_type || is_subtype(type, &set_type) ||
         is_subtype(type, &frozenset_type);
}
inline SetObject* as_set(Value v) { return static_cast<SetObject*>(v.as_object()); }
// set or a subclass (not frozenset): CPython's PySet_Check.
inline bool is_mutable_set(Value v) { return v.is_object() && is_instance_of(v, &set_type); }

// `key in s` for a small int key when s holds no object keys (the caller checks
// holds_objects): the probe sequence of lookup_entry with identity as equality. 1/0, or -1
// for an int too large to be its own hash (the caller takes the general path).
inline int set_contains_small_int(const SetObject* s, Value key) {
  int64_t value = key.as_small_int();
  if (value >= int64_t(kHashModulus) || value <= -int64_t(kHashModulus)) return -1;
  uint64_t hash = uint64_t(value == -1 ? -2 : value);  // -1 is not a hash
  uint64_t mask = uint64_t(s->mask);
  uint64_t i = hash & mask;
  uint64_t perturb = hash;
  for (;;) {
    const SetEntry* entry = &s->table[i];
    uint64_t probes = i + 9 <= mask ? 9 : 0;
    for (;; ++entry) {
      if (entry->key == key) return 1;
      if (!entry->key) return 0;
      if (probes-- == 0) break;
    }
    perturb >>= 5;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

Ref<SetObject> set_new(TypeObject* type = &set_type);
Ref<SetObject> set_from_iterable(TypeObject* type, Value iterable);
bool set_add(SetObject* s, Value key);
int set_contains(SetObject* s, Value key);  // 1/0, -1 on error
int set_discard(SetObject* s, Value key);   // 1 removed, 0 absent, -1 error
bool set_next(SetObject* s, int64_t* pos, Value* key, int64_t* hash);
void set_clear(SetObject* s);

// The set algebra with CPython's iteration orders (the order in which items are added
// decides the resulting set's order when hashes collide).
bool set_update(SetObject* s, Value iterable);                       // s |= iterable
bool set_difference_update(SetObject* s, Value iterable);            // s -= iterable
bool set_symmetric_difference_update(SetObject* s, Value iterable);  // s ^= iterable
Ref<SetObject> set_intersection(SetObject* s, Value iterable);       // s & iterable (new set)
Ref<SetObject> set_union(SetObject* a, SetObject* b);  // a | b: a new set of a's base type
// a | {key} for a small int key and a set of small ints (no __eq__ can run): the same
// table as set_union's, without the one-item set.
Ref<SetObject> set_union_small_int(SetObject* a, Value key);
// An exact set or frozenset (the operators' specialised form checks for these).
inline bool is_exact_anyset(Value v) {
  return v.is_object() && (v.as_object()->type == &set_type || v.as_object()->type == &frozenset_type);
}

}  // namespace krait
