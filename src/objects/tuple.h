// tuple: immutable array of Values stored inline after the header. The empty tuple is a
// singleton; small tuples come from per-size freelists.
#pragma once

#include <initializer_list>

#include "core/type.h"
#include "runtime/gc.h"

namespace krait {

extern TypeObject tuple_type;
extern TypeObject tuple_iterator_type;

struct TupleObject : Object {
  int64_t length;
  int64_t hash_cache_unused;  // keeps items 16-byte aligned; tuples do not cache hashes
  Value items[];
};

// The tuple iterator (the VM may read it directly, as it does the list iterator).
struct TupleIteratorObject : Object {
  int64_t index;
  TupleObject* tuple;  // owned; null once exhausted
};

inline bool is_tuple(Value v) { return v.is_object() && type_has_flag(v, kTypeTupleSubclass); }
inline bool is_exact_tuple(Value v) { return v.is_object() && v.as_object()->type == &tuple_type; }
inline TupleObject* as_tuple(Value v) { return static_cast<TupleObject*>(v.as_object()); }

// A tuple of n null items, to be filled with owned references before it is used.
Ref<TupleObject> tuple_allocate(int64_t n);
// Copies (increfs) the values.
Ref<TupleObject> tuple_from_array(const Value* items, int64_t n);
Ref<TupleObject> tuple_of(std::initializer_list<Value> items);
// Takes ownership of the references.
Ref<TupleObject> tuple_steal(std::initializer_list<Value> items);
Ref<TupleObject> tuple_empty();
// tuple(iterable): an exact tuple is returned as is.
Ref<TupleObject> tuple_from_iterable(Value iterable);
// For the cycle collector, called on each tracked tuple it examines: stops tracking t
// if none of its items can be part of a cycle (CPython's _PyTuple_MaybeUntrack).
void tuple_maybe_untrack(TupleObject* t);
// Can v be part of a reference cycle (CPython's _PyObject_GC_MAY_BE_TRACKED)? A GC
// object, except a tuple the collector has already found to hold only atoms.
inline bool gc_may_be_tracked(Value v) {
  if (!v.is_object() || !type_of(v)->has_flag(kTypeHaveGC)) return false;
  return v.as_object()->type != &tuple_type || gc_is_tracked(v.as_object());
}
// The tuple of items[start:stop] (clipped).
Ref<TupleObject> tuple_slice(TupleObject* tuple, int64_t start, int64_t stop);
// tuple[start:stop:step] with the indices as slice_unpack gives them (not yet clipped).
Ref<> tuple_get_slice(TupleObject* tuple, int64_t start, int64_t stop, int64_t step);

}  // namespace krait
