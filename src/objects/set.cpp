// set and frozenset: CPython's open-addressing table, so that a set iterates in CPython's
// order for the same hashes, and every set operation, method and operator, plus
// set_iterator.
//
// The table (all CPython's rules):
//  - 2**k slots (8 inline in the object); an entry is empty (null key, hash 0), active,
//    or a dummy (the dummy key, hash -1) left by a deletion;
//  - a probe looks at the slot hash & mask and, when they fit, the 9 slots after it;
//    then perturb >>= 5 and the next start is (5*i + 1 + perturb) & mask;
//  - an insertion reuses the last dummy seen on its probe path, else takes the empty
//    slot, counting it in `fill`; when fill*5 >= mask*3 the table is rebuilt for
//    used*4 items (used*2 above 50000), rounded up to a power of two;
//  - __eq__ may mutate the set: a probe restarts if the table or the entry changed.
#include "objects/set.h"

#include <cstdlib>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "core/small_alloc.h"
#include "objects/container_util.h"
#include "objects/dict_internal.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

namespace {

constexpr int64_t kMinSize = 8;
constexpr uint64_t kLinearProbes = 9;
constexpr int kPerturbShift = 5;

// The key of deleted entries.
Object dummy_object{kStaticRefcount, &object_type};
inline Value dummy() { return Value(&dummy_object); }

inline bool is_active(const SetEntry& e) { return e.key && e.key != dummy(); }

// The object a table key's reference count lives in, or `scratch` for an empty slot, a
// tagged int or the dummy: chosen without a branch (a select by masks), because empty
// slots and ints alternate at random in a table and a branch on them mispredicts.
inline Object* counted_object(Value key, Object* scratch) {
  uintptr_t bits = key.bits();
  uintptr_t uncounted = (bits & 1) | uintptr_t(bits == 0) | uintptr_t(key == dummy());
  uintptr_t keep = uncounted - 1;  // all ones for an object, zero otherwise: a select by masks
  return reinterpret_cast<Object*>((bits & keep) | (reinterpret_cast<uintptr_t>(scratch) & ~keep));
}

int64_t key_hash(Value key) {
  if (key.is_small_int()) {
    // An int below the hash modulus is its own hash (but -1 is -2), as int_hash finds.
    int64_t i = key.as_small_int();
    if (i < int64_t(kHashModulus) && i > -int64_t(kHashModulus)) return i == -1 ? -2 : i;
  }
  if (is_exact_str(key)) {
    StrObject* s = as_str(key);
    return s->hash != -1 ? s->hash : str_hash(s);
  }
  return hash(key);
}

void clear_table(SetEntry* table, int64_t n) {
  for (int64_t i = 0; i < n; ++i) table[i] = {Value(), 0};
}

void reset_to_small_table(SetObject* s) {
  clear_table(s->small_table, kMinSize);
  s->holds_objects = false;
  s->fill = 0;
  s->used = 0;
  s->mask = kMinSize - 1;
  s->table = s->small_table;
  s->hash = -1;
}

// The entry holding key, or the empty entry that ends its probe path (key null then);
// null on error.
SetEntry* lookup_entry(SetObject* s, Value key, int64_t hash) {
  bool key_is_str = is_exact_str(key);
restart:
  uint64_t mask = uint64_t(s->mask);
  uint64_t i = uint64_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    SetEntry* entry = &s->table[i];
    uint64_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
    for (;; ++entry) {
      if (entry->hash == 0 && !entry->key) return entry;
      if (entry->hash == hash) {
        Value start_key = entry->key;
        if (start_key == key) return entry;
        if (key_is_str && is_exact_str(start_key)) {
          if (str_equal(as_str(start_key), as_str(key))) return entry;
        } else {
          SetEntry* table = s->table;
          Ref<> hold = new_ref(start_key);
          int equal = rich_compare_bool(start_key, key, CompareOp::Eq);
          if (equal < 0) return nullptr;
          if (table != s->table || entry->key != start_key) goto restart;
          if (equal) return entry;
          mask = uint64_t(s->mask);
        }
      }
      if (probes-- == 0) break;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// Places a key known to be absent in a table without dummies (rebuilds and copies).
void insert_clean(SetEntry* table, uint64_t mask, Value key, int64_t hash) {
  uint64_t i = uint64_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  for (;;) {
    SetEntry* entry = &table[i];
    if (!entry->key) {
      *entry = {key, hash};
      return;
    }
    if (i + kLinearProbes <= mask) {
      for (uint64_t j = 0; j < kLinearProbes; ++j) {
        ++entry;
        if (!entry->key) {
          *entry = {key, hash};
          return;
        }
      }
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
}

// Rebuilds the table with the smallest power-of-two size above minused, dropping dummies.
bool table_resize(SetObject* s, int64_t minused) {
  int64_t new_size = kMinSize;
  while (new_size <= minused) new_size <<= 1;
  SetEntry* old_table = s->table;
  int64_t old_size = s->mask + 1;
  bool old_malloced = old_table != s->small_table;
  SetEntry small_copy[kMinSize];
  SetEntry* new_table;
  if (new_size == kMinSize) {
    new_table = s->small_table;
    if (new_table == old_table) {
      if (s->fill == s->used) return true;  // no dummies to purge
      std::copy(old_table, old_table + kMinSize, small_copy);
      old_table = small_copy;
    }
  } else {
    new_table = static_cast<SetEntry*>(block_alloc(size_t(new_size) * sizeof(SetEntry)));
    if (!new_table) return raise_memory_error();
  }
  clear_table(new_table, new_size);
  s->mask = new_size - 1;
  s->table = new_table;
  uint64_t mask = uint64_t(s->mask);
  if (s->fill != s->used) s->fill = s->used;
  for (int64_t i = 0; i < old_size; ++i) {
    if (is_active(old_table[i])) insert_clean(new_table, mask, old_table[i].key, old_table[i].hash);
  }
  if (old_malloced) block_free(old_table);
  return true;
}

bool add_entry(SetObject* s, Value key, int64_t hash) {
  // Held before comparing: __eq__ could otherwise free the key being inserted.
  Ref<> held = new_ref(key);
  bool key_is_str = is_exact_str(key);
restart:
  uint64_t mask = uint64_t(s->mask);
  uint64_t i = uint64_t(hash) & mask;
  uint64_t perturb = uint64_t(hash);
  SetEntry* free_slot = nullptr;
  SetEntry* entry;
  for (;;) {
    entry = &s->table[i];
    uint64_t probes = i + kLinearProbes <= mask ? kLinearProbes : 0;
    for (;; ++entry) {
      if (entry->hash == 0 && !entry->key) goto found_empty;
      if (entry->hash == hash) {
        Value start_key = entry->key;
        if (start_key == key) return true;
        if (key_is_str && is_exact_str(start_key)) {
          if (str_equal(as_str(start_key), as_str(key))) return true;
        } else {
          SetEntry* table = s->table;
          Ref<> hold = new_ref(start_key);
          int equal = rich_compare_bool(start_key, key, CompareOp::Eq);
          if (equal > 0) return true;
          if (equal < 0) return false;
          if (table != s->table || entry->key != start_key) goto restart;
          mask = uint64_t(s->mask);
        }
      } else if (entry->hash == -1) {
        free_slot = entry;  // the last dummy on the path is the one reused
      }
      if (probes-- == 0) break;
    }
    perturb >>= kPerturbShift;
    i = (i * 5 + 1 + perturb) & mask;
  }
found_empty:
  s->holds_objects |= key.is_object();
  if (free_slot) {
    ++s->used;
    *free_slot = {held.release(), hash};
    return true;
  }
  ++s->fill;
  ++s->used;
  *entry = {held.release(), hash};
  if (uint64_t(s->fill) * 5 < mask * 3) return true;
  return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

// 1 removed, 0 absent, -1 error.
int discard_entry(SetObject* s, Value key, int64_t hash) {
  SetEntry* entry = lookup_entry(s, key, hash);
  if (!entry) return -1;
  if (!entry->key) return 0;
  Value old = entry->key;
  *entry = {dummy(), -1};
  --s->used;
  decref(old);
  return 1;
}

int contains_entry(SetObject* s, Value key, int64_t hash) {
  SetEntry* entry = lookup_entry(s, key, hash);
  if (!entry) return -1;
  return entry->key ? 1 : 0;
}

int contains_key(SetObject* s, Value key) {
  int64_t h = key_hash(key);
  if (h == -1) return -1;
  return contains_entry(s, key, h);
}

int discard_key(SetObject* s, Value key) {
  int64_t h = key_hash(key);
  if (h == -1) return -1;
  return discard_entry(s, key, h);
}

// Adds the items of another set: copies the table when it can (same size, no dummies),
// reinserts cleanly into an empty table, else adds one by one.
bool merge_set(SetObject* s, SetObject* other) {
  if (other == s || other->used == 0) return true;
  s->holds_objects |= other->holds_objects;  // every path below takes other's keys
  if (s->fill == 0 && s->table == s->small_table && other->fill == other->used) {
    // A copy into a new set (set_copy, `a | b`): when the resize below would give the
    // table other's size, the result is other's table slot for slot, so it is taken
    // whole, with no clearing and no per-slot test (an empty key's incref is a no-op).
    int64_t size = kMinSize;
    if (other->used * 5 >= (kMinSize - 1) * 3) {
      while (size <= other->used * 2) size <<= 1;
    }
    if (size == other->mask + 1) {
      SetEntry* table = s->small_table;
      if (size != kMinSize) {
        table = static_cast<SetEntry*>(block_alloc(size_t(size) * sizeof(SetEntry)));
        if (!table) return raise_memory_error();
      }
      const SetEntry* from = other->table;
      if (other->holds_objects) {
        Object scratch{kStaticRefcount, &object_type};
        for (int64_t i = 0; i < size; ++i) {
          ++counted_object(from[i].key, &scratch)->refcount;
          table[i] = from[i];
        }
      } else {
        std::memcpy(static_cast<void*>(table), from, size_t(size) * sizeof(SetEntry));
      }
      s->table = table;
      s->mask = size - 1;
      s->fill = other->used;
      s->used = other->used;
      return true;
    }
  }
  // One resize up front, expecting few overlapping keys.
  if ((s->fill + other->used) * 5 >= s->mask * 3 && !table_resize(s, (s->used + other->used) * 2)) {
    return false;
  }
  if (s->fill == 0 && s->mask == other->mask && other->fill == other->used) {
    for (int64_t i = 0; i <= other->mask; ++i) {
      SetEntry& from = other->table[i];
      if (!from.key) continue;
      incref(from.key);
      s->table[i] = from;
    }
    s->fill = other->fill;
    s->used = other->used;
    return true;
  }
  if (s->fill == 0) {
    s->fill = other->used;
    s->used = other->used;
    for (int64_t i = 0; i <= other->mask; ++i) {
      SetEntry& from = other->table[i];
      if (!is_active(from)) continue;
      incref(from.key);
      insert_clean(s->table, uint64_t(s->mask), from.key, from.hash);
    }
    return true;
  }
  for (int64_t i = 0; i <= other->mask; ++i) {
    SetEntry from = other->table[i];
    if (is_active(from) && !add_entry(s, from.key, from.hash)) return false;
  }
  return true;
}

TypeObject* base_set_type(TypeObject* type) {
  if (type == &set_type || type == &frozenset_type) return type;
  return is_subtype(type, &set_type) ? &set_type : &frozenset_type;
}

Ref<SetObject> make_set(TypeObject* type, Value iterable) {
  auto* s = allocate<SetObject>(type, size_t(type->basic_size));
  if (!s) return nullptr;
  s->mask = kMinSize - 1;
  s->table = s->small_table;
  s->hash = -1;
  gc_track(s);
  Ref<SetObject> result = Ref<SetObject>::steal(s);
  if (iterable && !set_update(s, iterable)) return nullptr;
  return result;
}

// A new set or frozenset (whichever `type` derives from) of the iterable's items.
Ref<SetObject> make_set_of_base_type(TypeObject* type, Value iterable) {
  return make_set(base_set_type(type), iterable);
}

Ref<SetObject> set_copy(SetObject* s) { return make_set_of_base_type(s->type, Value(s)); }

// Exchanges the contents of a and b (CPython's set_swap_bodies), for updates computed
// into a temporary set.
void swap_bodies(SetObject* a, SetObject* b) {
  std::swap(a->fill, b->fill);
  std::swap(a->used, b->used);
  std::swap(a->mask, b->mask);
  std::swap(a->holds_objects, b->holds_objects);
  bool a_small = a->table == a->small_table;
  bool b_small = b->table == b->small_table;
  SetEntry* a_table = a->table;
  a->table = b_small ? a->small_table : b->table;
  b->table = a_small ? b->small_table : a_table;
  if (a_small || b_small) {
    SetEntry temp[kMinSize];
    std::copy(a->small_table, a->small_table + kMinSize, temp);
    std::copy(b->small_table, b->small_table + kMinSize, a->small_table);
    std::copy(temp, temp + kMinSize, b->small_table);
  }
  if (is_instance_of(Value(a), &frozenset_type) && is_instance_of(Value(b), &frozenset_type)) {
    std::swap(a->hash, b->hash);
  } else {
    a->hash = -1;
    b->hash = -1;
  }
}

}  // namespace

// --- The C++ API ---

Ref<SetObject> set_new(TypeObject* type) { return make_set(type, Value()); }

Ref<SetObject> set_from_iterable(TypeObject* type, Value iterable) {
  return make_set(type, iterable);
}

bool set_add(SetObject* s, Value key) {
  int64_t h = key_hash(key);
  return h != -1 && add_entry(s, key, h);
}

int set_contains(SetObject* s, Value key) { return contains_key(s, key); }

int set_discard(SetObject* s, Value key) { return discard_key(s, key); }

bool set_next(SetObject* s, int64_t* pos, Value* key, int64_t* hash) {
  int64_t i = *pos;
  while (i <= s->mask && !is_active(s->table[i])) ++i;
  *pos = i + 1;
  if (i > s->mask) return false;
  if (key) *key = s->table[i].key;
  if (hash) *hash = s->table[i].hash;
  return true;
}

void set_clear(SetObject* s) {
  SetEntry* table = s->table;
  int64_t used = s->used;
  bool malloced = table != s->small_table;
  SetEntry small_copy[kMinSize];
  // Empty the set before releasing the keys: their finalizers may use it.
  if (malloced) {
    reset_to_small_table(s);
  } else if (s->fill > 0) {
    std::copy(table, table + kMinSize, small_copy);
    table = small_copy;
    reset_to_small_table(s);
  }
  for (SetEntry* entry = table; used > 0; ++entry) {
    if (is_active(*entry)) {
      --used;
      decref(entry->key);
    }
  }
  if (malloced) block_free(table);
}

bool set_update(SetObject* s, Value iterable) {
  if (is_anyset(iterable)) return merge_set(s, as_set(iterable));
  if (is_exact_dict(iterable)) {
    DictObject* d = as_dict(iterable);
    if ((s->fill + d->used) * 5 >= s->mask * 3 && !table_resize(s, (s->used + d->used) * 2)) {
      return false;
    }
    int64_t pos = 0, h;
    Value key;
    while (dict_next_with_hash(d, &pos, &key, nullptr, &h)) {
      if (!add_entry(s, key, h)) return false;
    }
    return true;
  }
  return for_each(iterable, [&](Value key) { return set_add(s, key); });
}

Ref<SetObject> set_union(SetObject* a, SetObject* b) {
  Ref<SetObject> result = set_copy(a);
  if (!result) return nullptr;
  if (a != b && !set_update(result.get(), Value(b))) return nullptr;
  return result;
}

Ref<SetObject> set_union_small_int(SetObject* a, Value key) {
  Ref<SetObject> result = set_copy(a);
  if (!result) return nullptr;
  SetObject* s = result.get();
  // merge_set's steps for a one-item set: its resize up front (an empty copy takes the
  // one-item table, which is where an insertion puts the key), then the insertion.
  if (s->fill > 0 && (s->fill + 1) * 5 >= s->mask * 3 && !table_resize(s, (s->used + 1) * 2)) return nullptr;
  if (!add_entry(s, key, key_hash(key))) return nullptr;
  return result;
}

Ref<SetObject> set_intersection(SetObject* s, Value other) {
  if (Value(s) == other) return set_copy(s);
  Ref<SetObject> result = make_set_of_base_type(s->type, Value());
  if (!result) return nullptr;
  if (is_anyset(other)) {
    // Walk the smaller set, test membership in the larger.
    SetObject* walk = as_set(other);
    SetObject* test = s;
    if (walk->used > test->used) std::swap(walk, test);
    int64_t pos = 0, h;
    Value k;
    while (set_next(walk, &pos, &k, &h)) {
      Ref<> key = new_ref(k);
      int found = contains_entry(test, key, h);
      if (found < 0) return nullptr;
      if (found && !add_entry(result.get(), key, h)) return nullptr;
    }
    return result;
  }
  Ref<> iterator = get_iter(other);
  if (!iterator) return nullptr;
  for (;;) {
    Ref<> key = iter_next(iterator);
    if (!key) {
      if (error_occurred()) return nullptr;
      return result;
    }
    int64_t h = key_hash(key);
    if (h == -1) return nullptr;
    int found = contains_entry(s, key, h);
    if (found < 0) return nullptr;
    if (found) {
      if (!add_entry(result.get(), key, h)) return nullptr;
      if (result->used >= s->used) return result;  // nothing more can match
    }
  }
}

bool set_difference_update(SetObject* s, Value other) {
  if (Value(s) == other) {
    set_clear(s);
    return true;
  }
  if (is_anyset(other)) {
    // A much larger other set is replaced by the intersection, which is all that matters.
    Ref<SetObject> walk =
        as_set(other)->used >> 3 > s->used ? set_intersection(s, other) : new_ref(as_set(other));
    if (!walk) return false;
    int64_t pos = 0, h;
    Value k;
    while (set_next(walk.get(), &pos, &k, &h)) {
      Ref<> key = new_ref(k);
      if (discard_entry(s, key, h) < 0) return false;
    }
  } else {
    bool ok = for_each(other, [&](Value key) { return discard_key(s, key) >= 0; });
    if (!ok) return false;
  }
  // More than a quarter dummies: rebuild.
  if (uint64_t(s->fill - s->used) <= uint64_t(s->mask) / 4) return true;
  return table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

bool set_symmetric_difference_update(SetObject* s, Value other) {
  if (Value(s) == other) {
    set_clear(s);
    return true;
  }
  auto toggle = [&](Value k, int64_t h) {
    Ref<> key = new_ref(k);
    int removed = discard_entry(s, key, h);
    if (removed < 0) return false;
    return removed == 1 || add_entry(s, key, h);
  };
  if (is_exact_dict(other)) {
    DictObject* d = as_dict(other);
    int64_t pos = 0, h;
    Value k;
    while (dict_next_with_hash(d, &pos, &k, nullptr, &h)) {
      if (!toggle(k, h)) return false;
    }
    return true;
  }
  Ref<SetObject> other_set =
      is_anyset(other) ? new_ref(as_set(other)) : make_set_of_base_type(s->type, other);
  if (!other_set) return false;
  int64_t pos = 0, h;
  Value k;
  while (set_next(other_set.get(), &pos, &k, &h)) {
    if (!toggle(k, h)) return false;
  }
  return true;
}

// --- Set operations behind the methods ---

namespace {

SetObject* self_set(Value v) { return as_set(v); }

Ref<SetObject> set_difference(SetObject* s, Value other) {
  int64_t other_size;
  if (is_anyset(other)) {
    other_size = as_set(other)->used;
  } else if (is_exact_dict(other)) {
    other_size = as_dict(other)->used;
  } else {
    Ref<SetObject> result = set_copy(s);
    if (!result || !set_difference_update(result.get(), other)) return nullptr;
    return result;
  }
  // Much bigger than other: copying and removing is cheaper than rebuilding.
  if ((s->used >> 2) > other_size) {
    Ref<SetObject> result = set_copy(s);
    if (!result || !set_difference_update(result.get(), other)) return nullptr;
    return result;
  }
  Ref<SetObject> result = make_set_of_base_type(s->type, Value());
  if (!result) return nullptr;
  int64_t pos = 0, h;
  Value k;
  while (set_next(s, &pos, &k, &h)) {
    Ref<> key = new_ref(k);
    int found;
    if (is_exact_dict(other)) {
      int64_t ix = dict_lookup(as_dict(other), key, h);
      found = ix == kDictError ? -1 : ix >= 0;
    } else {
      found = contains_entry(as_set(other), key, h);
    }
    if (found < 0) return nullptr;
    if (!found && !add_entry(result.get(), key, h)) return nullptr;
  }
  return result;
}

// The result is built from `other` and then toggled with s's items, as CPython does.
Ref<SetObject> set_symmetric_difference(SetObject* s, Value other) {
  Ref<SetObject> result = make_set_of_base_type(s->type, other);
  if (!result || !set_symmetric_difference_update(result.get(), Value(s))) return nullptr;
  return result;
}

int is_subset(SetObject* s, Value other);

// s >= other
int is_superset(SetObject* s, Value other) {
  if (is_anyset(other)) return is_subset(as_set(other), Value(s));
  Ref<> iterator = get_iter(other);
  if (!iterator) return -1;
  for (;;) {
    Ref<> key = iter_next(iterator);
    if (!key) return error_occurred() ? -1 : 1;
    int found = contains_key(s, key);
    if (found <= 0) return found;
  }
}

// s <= other
int is_subset(SetObject* s, Value other) {
  if (!is_anyset(other)) {
    Ref<SetObject> temp = make_set(&set_type, other);
    if (!temp) return -1;
    return is_subset(s, temp.value());
  }
  if (s->used > as_set(other)->used) return 0;
  int64_t pos = 0, h;
  Value k;
  while (set_next(s, &pos, &k, &h)) {
    Ref<> key = new_ref(k);
    int found = contains_entry(as_set(other), key, h);
    if (found <= 0) return found;
  }
  return 1;
}

Ref<> bool_result(int r) {
  if (r < 0) return nullptr;
  return new_bool(r);
}

// For `x in s`, s.remove(x), s.discard(x): an unhashable set argument is looked up as
// the frozenset of its items.
template <class Operation>
[[gnu::always_inline]] inline int with_frozen_retry(SetObject* s, Value key, Operation operation) {
  int r = operation(s, key);
  if (r >= 0 || !is_mutable_set(key) || !error_matches(&exc::TypeError)) return r;
  clear_error();
  Ref<SetObject> frozen = make_set(&frozenset_type, key);
  if (!frozen) return -1;
  return operation(s, frozen.value());
}

// --- Slots ---

void set_dealloc(Object* o) {
  auto* s = static_cast<SetObject*>(o);
  gc_untrack(o);
  if (s->weakreflist) clear_weakrefs(o);
  // A table of small ints has no counts to change. Otherwise each slot's state is counted
  // and its key released without a branch on it (see counted_object); only a count
  // reaching zero branches.
  int64_t used = s->holds_objects ? s->used : 0;
  Object scratch{kStaticRefcount, &object_type};
  for (SetEntry* entry = s->table; used > 0; ++entry) {
    Value key = entry->key;
    used -= int64_t(key.bits() != 0) & int64_t(key != dummy());
    Object* counted = counted_object(key, &scratch);
    if (--counted->refcount == 0) [[unlikely]] dealloc_object(counted);
  }
  if (s->table != s->small_table) block_free(s->table);
  free_object(o);
}

void set_traverse(Object* o, VisitFn visit, void* arg) {
  auto* s = static_cast<SetObject*>(o);
  int64_t pos = 0;
  Value key;
  while (set_next(s, &pos, &key, nullptr)) {
    if (key.is_object()) visit(key.as_object(), arg);
  }
}

void set_clear_slot(Object* o) { set_clear(static_cast<SetObject*>(o)); }

Ref<> set_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type == &set_type && kwnames && kwnames->length > 0) {
    return type_error("set() takes no keyword arguments");
  }
  return set_new(type);
}

int set_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0) return type_error("set() takes no keyword arguments");
  if (nargs > 1) {
    return type_error("{} expected at most 1 argument, got {}", type_of(self)->name, nargs);
  }
  SetObject* s = self_set(self);
  if (s->fill) set_clear(s);
  s->hash = -1;
  if (nargs == 0) return 0;
  return set_update(s, args[0]) ? 0 : -1;
}

Ref<> frozenset_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0 &&
      (type == &frozenset_type || type->init == frozenset_type.init)) {
    return type_error("frozenset() takes no keyword arguments");
  }
  if (nargs > 1) return type_error("{} expected at most 1 argument, got {}", type->name, nargs);
  Value iterable = nargs ? args[0] : Value();
  // frozenset(f) is f itself.
  if (type == &frozenset_type && iterable && is_type(iterable, &frozenset_type))
    return new_ref(iterable);
  return make_set(type, iterable);
}

Ref<> set_repr(Value self) {
  SetObject* s = self_set(self);
  const char* name = type_of(self)->name;
  ReprGuard guard(s);
  if (guard.recursive()) return str_from_utf8(format_message("{}(...)", name));
  if (s->used == 0) return str_from_utf8(format_message("{}()", name));
  Ref<ListObject> keys = list_from_iterable(self);
  if (!keys) return nullptr;
  Ref<StrObject> text = repr(keys.value());
  if (!text) return nullptr;
  StrBuilder out;
  bool exact = is_type(self, &set_type);
  if (!exact) {
    out.append_utf8(name);
    out.append(U'(');
  }
  out.append(U'{');
  out.append(text.get(), 1, text->length - 1);
  out.append(U'}');
  if (!exact) out.append(U')');
  return out.finish();
}

// Sets compare as subsets: a <= b is "a is a subset of b".
Ref<> set_compare(Value a, Value b, CompareOp op) {
  if (!is_anyset(b)) return new_not_implemented();
  SetObject* v = self_set(a);
  SetObject* w = self_set(b);
  switch (op) {
    case CompareOp::Eq:
      if (v->used != w->used) return new_bool(false);
      if (v->hash != -1 && w->hash != -1 && v->hash != w->hash) return new_bool(false);
      return bool_result(is_subset(v, b));
    case CompareOp::Ne: {
      Ref<> equal = set_compare(a, b, CompareOp::Eq);
      if (!equal) return nullptr;
      int truth = is_true(equal);
      if (truth < 0) return nullptr;
      return new_bool(!truth);
    }
    case CompareOp::Le:
      return bool_result(is_subset(v, b));
    case CompareOp::Ge:
      return bool_result(is_superset(v, b));
    case CompareOp::Lt:
      if (v->used >= w->used) return new_bool(false);
      return bool_result(is_subset(v, b));
    case CompareOp::Gt:
      if (v->used <= w->used) return new_bool(false);
      return bool_result(is_superset(v, b));
  }
  return new_not_implemented();
}

inline uint64_t shuffle_bits(uint64_t h) { return ((h ^ 89869747ULL) ^ (h << 16)) * 3644798167ULL; }

// Order-independent: xor of the shuffled entry hashes, then mixed with the size and
// dispersed so nested frozensets spread out (CPython's constants).
int64_t frozenset_hash(Value self) {
  SetObject* s = self_set(self);
  if (s->hash != -1) return s->hash;
  uint64_t h = 0;
  for (int64_t i = 0; i <= s->mask; ++i) {
    if (is_active(s->table[i])) h ^= shuffle_bits(uint64_t(s->table[i].hash));
  }
  h ^= (uint64_t(s->used) + 1) * 1927868237ULL;
  h ^= (h >> 11) ^ (h >> 25);
  h = h * 69069U + 907133923ULL;
  if (h == uint64_t(-1)) h = 590923713ULL;
  s->hash = int64_t(h);
  return s->hash;
}

int64_t set_length(Value self) { return self_set(self)->used; }

int set_contains_slot(Value self, Value key) {
  return with_frozen_retry(self_set(self), key, contains_key);
}

Ref<> set_iter(Value self);

// The operators take sets only; the methods take any iterable.
Ref<> set_or(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return new_not_implemented();
  return set_union(self_set(a), self_set(b));
}

Ref<> set_and(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return new_not_implemented();
  return set_intersection(self_set(a), b);
}

Ref<> set_subtract(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return new_not_implemented();
  return set_difference(self_set(a), b);
}

Ref<> set_xor(Value a, Value b) {
  if (!is_anyset(a) || !is_anyset(b)) return new_not_implemented();
  return set_symmetric_difference(self_set(a), b);
}

Ref<> set_inplace_or(Value self, Value other) {
  if (!is_anyset(other)) return new_not_implemented();
  if (!set_update(self_set(self), other)) return nullptr;
  return new_ref(self);
}

Ref<> set_inplace_and(Value self, Value other) {
  if (!is_anyset(other)) return new_not_implemented();
  Ref<SetObject> result = set_intersection(self_set(self), other);
  if (!result) return nullptr;
  swap_bodies(self_set(self), result.get());
  return new_ref(self);
}

Ref<> set_inplace_subtract(Value self, Value other) {
  if (!is_anyset(other)) return new_not_implemented();
  if (!set_difference_update(self_set(self), other)) return nullptr;
  return new_ref(self);
}

Ref<> set_inplace_xor(Value self, Value other) {
  if (!is_anyset(other)) return new_not_implemented();
  if (!set_symmetric_difference_update(self_set(self), other)) return nullptr;
  return new_ref(self);
}

// --- Methods ---

Ref<> set_add_method(Value self, const Value* args) {
  if (!set_add(self_set(self), args[0])) return nullptr;
  return new_none();
}

Ref<> set_clear_method(Value self, const Value* args) {
  set_clear(self_set(self));
  return new_none();
}

Ref<> set_contains_method(Value self, const Value* args) {
  return bool_result(set_contains_slot(self, args[0]));
}

Ref<> set_copy_method(Value self, const Value* args) { return set_copy(self_set(self)); }

Ref<> frozenset_copy_method(Value self, const Value* args) {
  if (is_type(self, &frozenset_type)) return new_ref(self);
  return set_copy(self_set(self));
}

Ref<> set_discard_method(Value self, const Value* args) {
  if (with_frozen_retry(self_set(self), args[0], discard_key) < 0) return nullptr;
  return new_none();
}

Ref<> set_remove_method(Value self, const Value* args) {
  int removed = with_frozen_retry(self_set(self), args[0], discard_key);
  if (removed < 0) return nullptr;
  if (removed == 0) return raise_key_error(args[0]);
  return new_none();
}

Ref<> set_pop_method(Value self, const Value* args) {
  SetObject* s = self_set(self);
  if (s->used == 0) return raise(exc::KeyError, "pop from an empty set");
  // Resume where the last pop stopped, so repeated pops do not rescan the front.
  int64_t i = s->finger & s->mask;
  while (!is_active(s->table[i])) {
    if (++i > s->mask) i = 0;
  }
  Value key = s->table[i].key;
  s->table[i] = {dummy(), -1};
  --s->used;
  s->finger = uint32_t(i + 1);
  return Ref<>::steal(key);
}

Ref<> set_union_method(Value self, const Value* args) {
  SetObject* s = self_set(self);
  Ref<SetObject> result = set_copy(s);
  if (!result) return nullptr;
  TupleObject* others = as_tuple(args[0]);
  for (int64_t i = 0; i < others->length; ++i) {
    if (others->items[i] == self) continue;
    if (!set_update(result.get(), others->items[i])) return nullptr;
  }
  return result;
}

Ref<> set_update_method(Value self, const Value* args) {
  TupleObject* others = as_tuple(args[0]);
  for (int64_t i = 0; i < others->length; ++i) {
    if (!set_update(self_set(self), others->items[i])) return nullptr;
  }
  return new_none();
}

Ref<SetObject> intersection_of_all(Value self, TupleObject* others) {
  if (others->length == 0) return set_copy(self_set(self));
  Ref<SetObject> result = new_ref(self_set(self));
  for (int64_t i = 0; i < others->length; ++i) {
    result = set_intersection(result.get(), others->items[i]);
    if (!result) return nullptr;
  }
  return result;
}

Ref<> set_intersection_method(Value self, const Value* args) {
  return intersection_of_all(self, as_tuple(args[0]));
}

Ref<> set_intersection_update_method(Value self, const Value* args) {
  Ref<SetObject> result = intersection_of_all(self, as_tuple(args[0]));
  if (!result) return nullptr;
  swap_bodies(self_set(self), result.get());
  return new_none();
}

Ref<> set_difference_method(Value self, const Value* args) {
  TupleObject* others = as_tuple(args[0]);
  if (others->length == 0) return set_copy(self_set(self));
  Ref<SetObject> result = set_difference(self_set(self), others->items[0]);
  if (!result) return nullptr;
  for (int64_t i = 1; i < others->length; ++i) {
    if (!set_difference_update(result.get(), others->items[i])) return nullptr;
  }
  return result;
}

Ref<> set_difference_update_method(Value self, const Value* args) {
  TupleObject* others = as_tuple(args[0]);
  for (int64_t i = 0; i < others->length; ++i) {
    if (!set_difference_update(self_set(self), others->items[i])) return nullptr;
  }
  return new_none();
}

Ref<> set_symmetric_difference_method(Value self, const Value* args) {
  return set_symmetric_difference(self_set(self), args[0]);
}

Ref<> set_symmetric_difference_update_method(Value self, const Value* args) {
  if (!set_symmetric_difference_update(self_set(self), args[0])) return nullptr;
  return new_none();
}

Ref<> set_isdisjoint_method(Value self, const Value* args) {
  SetObject* s = self_set(self);
  Value other = args[0];
  if (other == self) return new_bool(s->used == 0);
  if (is_type(other, &set_type) || is_type(other, &frozenset_type)) {
    SetObject* walk = as_set(other);
    SetObject* test = s;
    if (walk->used > test->used) std::swap(walk, test);
    int64_t pos = 0, h;
    Value k;
    while (set_next(walk, &pos, &k, &h)) {
      Ref<> key = new_ref(k);
      int found = contains_entry(test, key, h);
      if (found < 0) return nullptr;
      if (found) return new_bool(false);
    }
    return new_bool(true);
  }
  Ref<> iterator = get_iter(other);
  if (!iterator) return nullptr;
  for (;;) {
    Ref<> key = iter_next(iterator);
    if (!key) {
      if (error_occurred()) return nullptr;
      return new_bool(true);
    }
    int found = contains_key(s, key);
    if (found < 0) return nullptr;
    if (found) return new_bool(false);
  }
}

Ref<> set_issubset_method(Value self, const Value* args) {
  return bool_result(is_subset(self_set(self), args[0]));
}

Ref<> set_issuperset_method(Value self, const Value* args) {
  return bool_result(is_superset(self_set(self), args[0]));
}

// (type(s), (list(s),), s.__getstate__())
Ref<> set_reduce_method(Value self, const Value* args) {
  Ref<ListObject> keys = list_from_iterable(self);
  if (!keys) return nullptr;
  Ref<TupleObject> call_args = tuple_of({keys.value()});
  if (!call_args) return nullptr;
  Ref<> state = call_method0(self, ID(__getstate__));
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), call_args.value(), state.value()});
}

Ref<> set_sizeof_method(Value self, const Value* args) {
  SetObject* s = self_set(self);
  int64_t size = type_of(self)->basic_size;
  if (s->table != s->small_table) size += (s->mask + 1) * int64_t(sizeof(SetEntry));
  return int_from_int64(size);
}

// CPython's set methods are not Argument Clinic functions: no __text_signature__.
#define SET_METHOD(method_name, function, signature_text, doc_text)                       \
  {.name = method_name, .impl = function, .signature = signature_text, .doc = doc_text, \
   .flags = kMethodNoTextSignature}

const MethodDef set_methods[] = {
    SET_METHOD("add", set_add_method, "($self, object, /)",
               "Add an element to a set.\n\nThis has no effect if the element is already present."),
    SET_METHOD("clear", set_clear_method, "($self, /)", "Remove all elements from this set."),
    SET_METHOD("__contains__", set_contains_method, "($self, object, /)",
               "x.__contains__(y) <==> y in x."),
    SET_METHOD("copy", set_copy_method, "($self, /)", "Return a shallow copy of a set."),
    SET_METHOD("discard", set_discard_method, "($self, object, /)",
               "Remove an element from a set if it is a member.\n\nUnlike set.remove(), the "
               "discard() method does not raise\nan exception when an element is missing from the "
               "set."),
    SET_METHOD("difference", set_difference_method, "($self, /, *others)",
               "Return the difference of two or more sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in this set but not the others.)"),
    SET_METHOD("difference_update", set_difference_update_method, "($self, /, *others)",
               "Remove all elements of another set from this set."),
    SET_METHOD("intersection", set_intersection_method, "($self, /, *others)",
               "Return the intersection of two sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in both sets.)"),
    SET_METHOD("intersection_update", set_intersection_update_method, "($self, /, *others)",
               "Update a set with the intersection of itself and another."),
    SET_METHOD("isdisjoint", set_isdisjoint_method, "($self, other, /)",
               "Return True if two sets have a null intersection."),
    SET_METHOD("issubset", set_issubset_method, "($self, other, /)",
               "Report whether another set contains this set."),
    SET_METHOD("issuperset", set_issuperset_method, "($self, other, /)",
               "Report whether this set contains another set."),
    SET_METHOD("pop", set_pop_method, "($self, /)",
               "Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."),
    SET_METHOD("__reduce__", set_reduce_method, "($self, /)",
               "Return state information for pickling."),
    SET_METHOD("remove", set_remove_method, "($self, object, /)",
               "Remove an element from a set; it must be a member.\n\nIf the element is not a "
               "member, raise a KeyError."),
    SET_METHOD("__sizeof__", set_sizeof_method, "($self, /)",
               "S.__sizeof__() -> size of S in memory, in bytes"),
    SET_METHOD("symmetric_difference", set_symmetric_difference_method, "($self, other, /)",
               "Return the symmetric difference of two sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in exactly one of the sets.)"),
    SET_METHOD("symmetric_difference_update", set_symmetric_difference_update_method, "($self, other, /)",
               "Update a set with the symmetric difference of itself and another."),
    SET_METHOD("union", set_union_method, "($self, /, *others)",
               "Return the union of sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in either set.)"),
    SET_METHOD("update", set_update_method, "($self, /, *others)",
               "Update a set with the union of itself and others."),
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

const MethodDef frozenset_methods[] = {
    SET_METHOD("__contains__", set_contains_method, "($self, object, /)",
               "x.__contains__(y) <==> y in x."),
    SET_METHOD("copy", frozenset_copy_method, "($self, /)", "Return a shallow copy of a set."),
    SET_METHOD("difference", set_difference_method, "($self, /, *others)",
               "Return the difference of two or more sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in this set but not the others.)"),
    SET_METHOD("intersection", set_intersection_method, "($self, /, *others)",
               "Return the intersection of two sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in both sets.)"),
    SET_METHOD("isdisjoint", set_isdisjoint_method, "($self, other, /)",
               "Return True if two sets have a null intersection."),
    SET_METHOD("issubset", set_issubset_method, "($self, other, /)",
               "Report whether another set contains this set."),
    SET_METHOD("issuperset", set_issuperset_method, "($self, other, /)",
               "Report whether this set contains another set."),
    SET_METHOD("__reduce__", set_reduce_method, "($self, /)",
               "Return state information for pickling."),
    SET_METHOD("__sizeof__", set_sizeof_method, "($self, /)",
               "S.__sizeof__() -> size of S in memory, in bytes"),
    SET_METHOD("symmetric_difference", set_symmetric_difference_method, "($self, other, /)",
               "Return the symmetric difference of two sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in exactly one of the sets.)"),
    SET_METHOD("union", set_union_method, "($self, /, *others)",
               "Return the union of sets as a new set.\n"
               "\n"
               "(i.e. all elements that are in either set.)"),
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

#undef SET_METHOD

// --- set_iterator ---

struct SetIteratorObject : Object {
  SetObject* set;     // owned; null once exhausted
  int64_t used;       // the set's size when iteration started (-1 after a size error)
  int64_t position;   // next table slot to look at
  int64_t remaining;  // items still expected
};

SetIteratorObject* as_set_iterator(Value v) {
  return static_cast<SetIteratorObject*>(v.as_object());
}

void set_iterator_dealloc(Object* o) {
  auto* it = static_cast<SetIteratorObject*>(o);
  gc_untrack(o);
  if (it->set) decref(it->set);
  free_object(o);
}

void set_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<SetIteratorObject*>(o);
  if (it->set) visit(it->set, arg);
}

Ref<> set_iterator_next(Value self) {
  SetIteratorObject* it = as_set_iterator(self);
  SetObject* s = it->set;
  if (!s) return nullptr;
  if (it->used != s->used) {
    runtime_error("Set changed size during iteration");
    it->used = -1;  // sticky
    return nullptr;
  }
  int64_t i = it->position;
  while (i <= s->mask && !is_active(s->table[i])) ++i;
  it->position = i + 1;
  if (i > s->mask) {
    it->set = nullptr;
    decref(s);
    return nullptr;
  }
  --it->remaining;
  return new_ref(s->table[i].key);
}

Ref<> set_iterator_length_hint(Value self, const Value* args) {
  SetIteratorObject* it = as_set_iterator(self);
  bool valid = it->set && it->used == it->set->used;
  return int_from_int64(valid ? it->remaining : 0);
}

SetIteratorObject* allocate_set_iterator(SetObject* s, int64_t used, int64_t position,
                                         int64_t remaining) {
  auto* it = allocate<SetIteratorObject>(&set_iterator_type);
  if (!it) return nullptr;
  it->set = s;
  if (s) incref(s);
  it->used = used;
  it->position = position;
  it->remaining = remaining;
  gc_track(it);
  return it;
}

// (iter, (list of the remaining items,))
Ref<> set_iterator_reduce(Value self, const Value* args) {
  Ref<> iter = builtin_named("iter");
  if (!iter) return nullptr;
  SetIteratorObject* it = as_set_iterator(self);
  SetIteratorObject* copy = allocate_set_iterator(it->set, it->used, it->position, it->remaining);
  if (!copy) return nullptr;
  Ref<> hold = Ref<>::steal(Value(copy));
  Ref<ListObject> rest = list_from_iterable(hold);
  if (!rest) return nullptr;
  Ref<TupleObject> call_args = tuple_of({rest.value()});
  if (!call_args) return nullptr;
  return tuple_of({iter.value(), call_args.value()});
}

const MethodDef set_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = set_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = set_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling.", .flags = kMethodNoTextSignature},
    {},
};

Ref<> set_iter(Value self) {
  SetObject* s = self_set(self);
  SetIteratorObject* it = allocate_set_iterator(s, s->used, 0, s->used);
  if (!it) return nullptr;
  return Ref<>::steal(Value(it));
}

}  // namespace

TypeObject set_type{TypeSpec{
    .name = "set",
    .doc = "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered "
           "collection of unique elements.",
    .basic_size = sizeof(SetObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .weaklist_offset = offsetof(SetObject, weakreflist),
    .slots = {.dealloc = set_dealloc,
              .traverse = set_traverse,
              .clear = set_clear_slot,
              .new_instance = set_new_slot,
              .init = set_init,
              .repr = set_repr,
              .compare = set_compare,
              .getattr = generic_get_attr,
              .iter = set_iter,
              .length = set_length,
              .contains = set_contains_slot,
              .subtract = set_subtract,
              .bit_and = set_and,
              .bit_or = set_or,
              .bit_xor = set_xor,
              .inplace_subtract = set_inplace_subtract,
              .inplace_bit_and = set_inplace_and,
              .inplace_bit_or = set_inplace_or,
              .inplace_bit_xor = set_inplace_xor},
    .methods = set_methods,
}};

TypeObject frozenset_type{TypeSpec{
    .name = "frozenset",
    .doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\n"
           "Build an immutable unordered collection of unique elements.",
    .basic_size = sizeof(SetObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .weaklist_offset = offsetof(SetObject, weakreflist),
    .slots = {.dealloc = set_dealloc,
              .traverse = set_traverse,
              .clear = set_clear_slot,
              .new_instance = frozenset_new_slot,
              .repr = set_repr,
              .hash = frozenset_hash,
              .compare = set_compare,
              .getattr = generic_get_attr,
              .iter = set_iter,
              .length = set_length,
              .contains = set_contains_slot,
              .subtract = set_subtract,
              .bit_and = set_and,
              .bit_or = set_or,
              .bit_xor = set_xor},
    .methods = frozenset_methods,
}};

TypeObject set_iterator_type{TypeSpec{
    .name = "set_iterator",
    .basic_size = sizeof(SetIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = set_iterator_dealloc,
              .traverse = set_iterator_traverse,
              .getattr = generic_get_attr,
              .iter = iter_self,
              .iternext = set_iterator_next},
    .methods = set_iterator_methods,
}};

}  // namespace krait
