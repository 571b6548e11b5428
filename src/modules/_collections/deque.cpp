// collections.deque: a ring buffer of Values (power-of-two capacity) with an optional
// maxlen, O(1) at both ends and O(1) indexing. `state` changes on every mutation so that
// iterators and comparisons can report "deque mutated during iteration".
#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_collections/collections_internal.h"
#include "objects/container_util.h"
#include "objects/descriptors.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::collections {

namespace {

constexpr int64_t kMinCapacity = 8;

struct DequeObject : Object {
  Value* items;      // ring of `capacity` slots; null until the first item
  int64_t capacity;  // a power of two, or 0
  int64_t head;      // slot of the first item
  int64_t length;
  int64_t maxlen;  // -1: unbounded
  uint64_t state;  // bumped by every mutation
  Object* weakrefs;
};

DequeObject* as_deque(Value v) { return static_cast<DequeObject*>(v.as_object()); }
bool is_deque(Value v) { return is_instance_of(v, &deque_type); }

Value& slot(DequeObject* d, int64_t i) { return d->items[(d->head + i) & (d->capacity - 1)]; }

// Moves the items into a ring of `capacity` slots starting at slot 0.
bool resize(DequeObject* d, int64_t capacity) {
  auto* items = static_cast<Value*>(std::malloc(size_t(capacity) * sizeof(Value)));
  if (!items) return bool(raise_memory_error());
  for (int64_t i = 0; i < d->length; ++i) items[i] = slot(d, i);
  std::free(d->items);
  d->items = items;
  d->capacity = capacity;
  d->head = 0;
  return true;
}

bool reserve_one(DequeObject* d) {
  if (d->length < d->capacity) return true;
  return resize(d, d->capacity ? d->capacity * 2 : kMinCapacity);
}

// Gives memory back once the deque is mostly empty (never fails: shrinking is optional).
void maybe_shrink(DequeObject* d) {
  if (d->capacity > kMinCapacity && d->length * 4 <= d->capacity) {
    auto* items = static_cast<Value*>(std::malloc(size_t(d->capacity / 2) * sizeof(Value)));
    if (!items) return;
    for (int64_t i = 0; i < d->length; ++i) items[i] = slot(d, i);
    std::free(d->items);
    d->items = items;
    d->capacity /= 2;
    d->head = 0;
  }
}

// The raw operations take ownership of `item` and never run Python code, except through the
// decref of an item pushed out by maxlen (returned to the caller to release).
Value push_right(DequeObject* d, Value item) {
  ++d->state;
  Value evicted;
  if (d->maxlen >= 0 && d->length == d->maxlen) {
    if (d->maxlen == 0) return item;
    evicted = slot(d, 0);
    d->head = (d->head + 1) & (d->capacity - 1);
    --d->length;
  }
  slot(d, d->length) = item;
  ++d->length;
  return evicted;
}

Value push_left(DequeObject* d, Value item) {
  ++d->state;
  Value evicted;
  if (d->maxlen >= 0 && d->length == d->maxlen) {
    if (d->maxlen == 0) return item;
    evicted = slot(d, d->length - 1);
    --d->length;
  }
  d->head = (d->head - 1) & (d->capacity - 1);
  slot(d, 0) = item;
  ++d->length;
  return evicted;
}

bool append(DequeObject* d, Value item) {
  if (!reserve_one(d)) return false;
  incref(item);
  decref(push_right(d, item));
  return true;
}

bool append_left(DequeObject* d, Value item) {
  if (!reserve_one(d)) return false;
  incref(item);
  decref(push_left(d, item));
  return true;
}

Value pop_right_owned(DequeObject* d) {
  ++d->state;
  Value item = slot(d, d->length - 1);
  --d->length;
  return item;
}

Value pop_left_owned(DequeObject* d) {
  ++d->state;
  Value item = slot(d, 0);
  d->head = (d->head + 1) & (d->capacity - 1);
  --d->length;
  return item;
}

void clear(DequeObject* d) {
  // Detach first: releasing an item may run code that uses the deque.
  ++d->state;
  Value* items = d->items;
  int64_t capacity = d->capacity, head = d->head, length = d->length;
  d->items = nullptr;
  d->capacity = d->head = d->length = 0;
  for (int64_t i = 0; i < length; ++i) decref(items[(head + i) & (capacity - 1)]);
  std::free(items);
}

// Rotates right by n (left when negative), moving the fewest items.
void rotate(DequeObject* d, int64_t n) {
  int64_t length = d->length;
  if (length <= 1) return;
  n %= length;
  if (n < 0) n += length;
  if (n == 0) return;
  ++d->state;
  if (n <= length / 2) {
    for (int64_t i = 0; i < n; ++i) {
      Value item = slot(d, length - 1);
      d->head = (d->head - 1) & (d->capacity - 1);
      slot(d, 0) = item;
    }
  } else {
    for (int64_t i = 0; i < length - n; ++i) {
      Value item = slot(d, 0);
      d->head = (d->head + 1) & (d->capacity - 1);
      slot(d, length - 1) = item;
    }
  }
}

bool extend(DequeObject* d, Value iterable, bool left) {
  // Extending with itself reads a snapshot.
  Ref<> source = Value(d) == iterable ? Ref<>(list_from_iterable(iterable)) : new_ref(iterable);
  if (!source) return false;
  Ref<> iterator = get_iter(source);
  if (!iterator) return false;
  while (Ref<> item = iter_next(iterator)) {
    if (!reserve_one(d)) return false;
    Value evicted = left ? push_left(d, item.release()) : push_right(d, item.release());
    decref(evicted);
  }
  return !error_occurred();
}

Ref<> new_deque(TypeObject* type) {
  auto* d = allocate<DequeObject>(type, size_t(type->basic_size));
  if (!d) return nullptr;
  d->maxlen = -1;
  gc_track(d);
  return Ref<>::steal(Value(d));
}

Ref<> deque_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return new_deque(type);
}

Ref<> deque_init_impl(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  int64_t maxlen = -1;
  if (args[1] && !is_none(args[1])) {
    if (!is_int(args[1])) return type_error("an integer is required");
    if (!index_to_int64(args[1], &maxlen)) return nullptr;
    if (maxlen < 0) return value_error("maxlen must be non-negative");
  }
  d->maxlen = maxlen;
  if (d->length > 0) clear(d);
  if (args[0] && !extend(d, args[0], false)) return nullptr;
  return new_none();
}

const MethodDef deque_init_def = {.name = "deque",
                                  .impl = deque_init_impl,
                                  .signature = "($self, iterable=?, maxlen=None)",
                                  .flags = kMethodConstructor};

int deque_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&deque_init_def, nullptr, self, args, nargs, kwnames) ? 0 : -1;
}

void deque_dealloc(Object* o) {
  gc_untrack(o);
  auto* d = static_cast<DequeObject*>(o);
  if (d->weakrefs) clear_weakrefs(o);
  clear(d);
  free_object(o);
}

void deque_traverse(Object* o, VisitFn visit, void* arg) {
  auto* d = static_cast<DequeObject*>(o);
  for (int64_t i = 0; i < d->length; ++i) {
    Value item = slot(d, i);
    if (item.is_object()) visit(item.as_object(), arg);
  }
}

void deque_clear_slot(Object* o) { clear(static_cast<DequeObject*>(o)); }

// A new deque like `d` (same type and maxlen) holding its items.
Ref<> copy(Value self) {
  DequeObject* d = as_deque(self);
  if (type_of(self) == &deque_type) {
    Ref<> result = new_deque(&deque_type);
    if (!result) return nullptr;
    DequeObject* r = as_deque(result);
    r->maxlen = d->maxlen;
    if (d->length) {
      int64_t capacity = kMinCapacity;
      while (capacity < d->length) capacity *= 2;
      r->items = static_cast<Value*>(std::malloc(size_t(capacity) * sizeof(Value)));
      if (!r->items) return raise_memory_error();
      r->capacity = capacity;
      for (int64_t i = 0; i < d->length; ++i) r->items[i] = new_ref(slot(d, i)).release();
      r->length = d->length;
    }
    return result;
  }
  if (d->maxlen < 0) return call1(Value(type_of(self)), self);
  Ref<> maxlen = int_from_int64(d->maxlen);
  return maxlen ? call2(Value(type_of(self)), self, maxlen.value()) : Ref<>();
}

Ref<> deque_copy(Value self, const Value* args) { return copy(self); }

Ref<> deque_append(Value self, const Value* args) {
  if (!append(as_deque(self), args[0])) return nullptr;
  return new_none();
}
Ref<> deque_appendleft(Value self, const Value* args) {
  if (!append_left(as_deque(self), args[0])) return nullptr;
  return new_none();
}

Ref<> deque_pop(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  if (d->length == 0) return raise(exc::IndexError, "pop from an empty deque");
  Ref<> item = Ref<>::steal(pop_right_owned(d));
  maybe_shrink(d);
  return item;
}

Ref<> deque_popleft(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  if (d->length == 0) return raise(exc::IndexError, "pop from an empty deque");
  Ref<> item = Ref<>::steal(pop_left_owned(d));
  maybe_shrink(d);
  return item;
}

Ref<> deque_extend(Value self, const Value* args) {
  if (!extend(as_deque(self), args[0], false)) return nullptr;
  return new_none();
}
Ref<> deque_extendleft(Value self, const Value* args) {
  if (!extend(as_deque(self), args[0], true)) return nullptr;
  return new_none();
}

Ref<> deque_clear_method(Value self, const Value* args) {
  clear(as_deque(self));
  return new_none();
}

Ref<> deque_rotate(Value self, const Value* args) {
  int64_t n = 1;
  if (args[0] && !index_to_int64(args[0], &n)) return nullptr;
  rotate(as_deque(self), n);
  return new_none();
}

Ref<> deque_reverse(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  ++d->state;
  for (int64_t i = 0, j = d->length - 1; i < j; ++i, --j) std::swap(slot(d, i), slot(d, j));
  return new_none();
}

// Position of the first item equal to `value` in [start, stop), -1 if none, -2 on error.
int64_t find(DequeObject* d, Value value, int64_t start, int64_t stop) {
  uint64_t state = d->state;
  for (int64_t i = start; i < stop && i < d->length; ++i) {
    Ref<> item = new_ref(slot(d, i));
    int same = equal(item, value);
    if (same < 0) return -2;
    if (state != d->state) {
      raise(exc::RuntimeError, "deque mutated during iteration");
      return -2;
    }
    if (same) return i;
  }
  return -1;
}

Ref<> deque_count(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  uint64_t state = d->state;
  int64_t count = 0;
  for (int64_t i = 0; i < d->length; ++i) {
    Ref<> item = new_ref(slot(d, i));
    int same = equal(item, args[0]);
    if (same < 0) return nullptr;
    if (state != d->state) return raise(exc::RuntimeError, "deque mutated during iteration");
    count += same;
  }
  return int_from_int64(count);
}

// index(value, [start, [stop]]) with list.index's handling of negative bounds.
Ref<> deque_index(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("index() takes no keyword arguments");
  if (nargs < 1) return type_error("index() takes at least 1 argument ({} given)", nargs);
  if (nargs > 3) return type_error("index() takes at most 3 arguments ({} given)", nargs);
  DequeObject* d = as_deque(self);
  int64_t start = 0, stop = INT64_MAX;
  if (nargs >= 2 && !index_to_int64_clamped(args[1], &start)) return nullptr;
  if (nargs >= 3 && !index_to_int64_clamped(args[2], &stop)) return nullptr;
  int64_t n = d->length;
  if (start < 0) start = std::max<int64_t>(start + n, 0);
  if (stop < 0) stop = std::max<int64_t>(stop + n, 0);
  stop = std::min(stop, n);
  int64_t found = find(d, args[0], start, stop);
  if (found == -2) return nullptr;
  if (found < 0) {
    Ref<StrObject> text = repr(args[0]);
    if (!text) return nullptr;
    return value_error("{} is not in deque", str_utf8(text.get()));
  }
  return int_from_int64(found);
}

// Deletes item i (0 <= i < length), shifting the shorter side.
void delete_at(DequeObject* d, int64_t i) {
  ++d->state;
  Value item = slot(d, i);
  if (i < d->length / 2) {
    for (int64_t j = i; j > 0; --j) slot(d, j) = slot(d, j - 1);
    d->head = (d->head + 1) & (d->capacity - 1);
  } else {
    for (int64_t j = i; j < d->length - 1; ++j) slot(d, j) = slot(d, j + 1);
  }
  --d->length;
  decref(item);
}

Ref<> deque_remove(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  uint64_t state = d->state;
  for (int64_t i = 0; i < d->length; ++i) {
    Ref<> item = new_ref(slot(d, i));
    int same = equal(item, args[0]);
    if (same < 0) return nullptr;
    if (state != d->state) return raise(exc::IndexError, "deque mutated during iteration");
    if (same) {
      delete_at(d, i);
      return new_none();
    }
  }
  Ref<StrObject> text = repr(args[0]);
  if (!text) return nullptr;
  return value_error("{} is not in deque", str_utf8(text.get()));
}

Ref<> deque_insert(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  int64_t index;
  if (!index_to_int64_clamped(args[0], &index)) return nullptr;
  if (d->maxlen == d->length) return raise(exc::IndexError, "deque already at its maximum size");
  int64_t n = d->length;
  if (index < 0) index = std::max<int64_t>(index + n, 0);
  index = std::min(index, n);
  if (!reserve_one(d)) return nullptr;
  ++d->state;
  incref(args[1]);
  if (index < n / 2) {
    d->head = (d->head - 1) & (d->capacity - 1);
    for (int64_t j = 0; j < index; ++j) slot(d, j) = slot(d, j + 1);
  } else {
    for (int64_t j = n; j > index; --j) slot(d, j) = slot(d, j - 1);
  }
  slot(d, index) = args[1];
  ++d->length;
  return new_none();
}

// A sequence index into the deque: negative counts from the end; IndexError when outside.
bool item_index(DequeObject* d, Value key, int64_t* out) {
  if (!has_index(key))
    return bool(type_error("sequence index must be integer, not '{}'", type_name(key)));
  int64_t i;
  if (!index_to_int64(key, &i, &exc::IndexError)) return false;
  if (i < 0) i += d->length;
  if (i < 0 || i >= d->length) return bool(raise(exc::IndexError, "deque index out of range"));
  *out = i;
  return true;
}

Ref<> deque_getitem(Value self, Value key) {
  DequeObject* d = as_deque(self);
  int64_t i;
  if (!item_index(d, key, &i)) return nullptr;
  return new_ref(slot(d, i));
}

int deque_setitem(Value self, Value key, Value value) {
  DequeObject* d = as_deque(self);
  int64_t i;
  if (!item_index(d, key, &i)) return -1;
  if (!value) {
    delete_at(d, i);
    return 0;
  }
  incref(value);
  Value old = slot(d, i);
  slot(d, i) = value;
  decref(old);
  return 0;
}

int64_t deque_length(Value self) { return as_deque(self)->length; }

int deque_contains(Value self, Value value) {
  DequeObject* d = as_deque(self);
  int64_t found = find(d, value, 0, d->length);
  return found == -2 ? -1 : found >= 0;
}

Ref<> deque_repr(Value self) {
  std::string name = type_short_name(type_of(self));
  ReprGuard guard(self.as_object());
  if (guard.recursive()) return str_from_ascii("[...]");
  Ref<ListObject> items = list_from_iterable(self);
  if (!items) return nullptr;
  Ref<StrObject> text = repr(items.value());
  if (!text) return nullptr;
  std::string result = name + "(" + std::string(str_utf8(text.get()));
  DequeObject* d = as_deque(self);
  if (d->maxlen >= 0) result += ", maxlen=" + std::to_string(d->maxlen);
  return str_from_utf8(result + ")");
}

Ref<> deque_compare(Value a, Value b, CompareOp op) {
  if (!is_deque(a) || !is_deque(b)) return new_not_implemented();
  DequeObject* x = as_deque(a);
  DequeObject* y = as_deque(b);
  if ((op == CompareOp::Eq || op == CompareOp::Ne) && x->length != y->length)
    return new_bool(op == CompareOp::Ne);
  // Through iterators, so that mutation during the comparison is reported.
  Ref<> xi = get_iter(a), yi = get_iter(b);
  if (!xi || !yi) return nullptr;
  for (;;) {
    Ref<> xv = iter_next(xi);
    if (!xv && error_occurred()) return nullptr;
    Ref<> yv = iter_next(yi);
    if (!yv && error_occurred()) return nullptr;
    if (!xv || !yv) {
      // One ran out: compare the lengths.
      int64_t lx = xv ? 1 : 0, ly = yv ? 1 : 0;
      switch (op) {
        case CompareOp::Lt:
          return new_bool(lx < ly);
        case CompareOp::Le:
          return new_bool(lx <= ly);
        case CompareOp::Eq:
          return new_bool(lx == ly);
        case CompareOp::Ne:
          return new_bool(lx != ly);
        case CompareOp::Gt:
          return new_bool(lx > ly);
        case CompareOp::Ge:
          return new_bool(lx >= ly);
      }
    }
    int same = equal(xv, yv);
    if (same < 0) return nullptr;
    if (!same) {
      if (op == CompareOp::Eq) return new_bool(false);
      if (op == CompareOp::Ne) return new_bool(true);
      int result = rich_compare_bool(xv, yv, op);
      if (result < 0) return nullptr;
      return new_bool(result);
    }
  }
}

Ref<> deque_concat(Value self, Value other) {
  if (!is_deque(other)) {
    return type_error("can only concatenate deque (not \"{}\") to deque", type_name(other));
  }
  Ref<> result = copy(self);
  if (!result || !extend(as_deque(result), other, false)) return nullptr;
  return result;
}

Ref<> deque_inplace_concat(Value self, Value other) {
  if (!extend(as_deque(self), other, false)) return nullptr;
  return new_ref(self);
}

Ref<> deque_inplace_repeat(Value self, int64_t n) {
  DequeObject* d = as_deque(self);
  if (n <= 0 || d->length == 0) {
    if (n <= 0) clear(d);
    return new_ref(self);
  }
  if (n == 1) return new_ref(self);
  int64_t size = d->length;
  if (size > INT64_MAX / n) return raise_memory_error();
  // Only the last maxlen items survive: skip copies that would be pushed out anyway.
  int64_t copies = n - 1;
  if (d->maxlen >= 0 && size * copies > d->maxlen) copies = std::min(copies, d->maxlen / size + 1);
  std::vector<Value> snapshot;
  snapshot.reserve(size_t(size));
  for (int64_t i = 0; i < size; ++i) snapshot.push_back(new_ref(slot(d, i)).release());
  bool ok = true;
  for (int64_t c = 0; c < copies && ok; ++c) {
    for (Value item : snapshot) {
      if (!append(d, item)) {
        ok = false;
        break;
      }
    }
  }
  for (Value item : snapshot) decref(item);
  if (!ok) return nullptr;
  return new_ref(self);
}

Ref<> deque_repeat(Value self, int64_t n) {
  Ref<> result = copy(self);
  if (!result) return nullptr;
  return deque_inplace_repeat(result, n);
}

Ref<> deque_reduce(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  // The state is __getstate__()'s, as CPython's _PyObject_GetState: __dict__ and __slots__.
  Ref<> dict = call_method0(self, ID(__getstate__));
  if (!dict) return nullptr;
  Ref<> iterator = get_iter(self);
  if (!iterator) return nullptr;
  Ref<TupleObject> empty = tuple_empty();
  Ref<TupleObject> arguments;
  if (d->maxlen < 0) {
    arguments = tuple_empty();
  } else {
    Ref<> maxlen = int_from_int64(d->maxlen);
    if (!maxlen) return nullptr;
    arguments = tuple_of({empty.value(), maxlen.value()});
  }
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value(), dict.value(), iterator.value()});
}

Ref<> deque_sizeof(Value self, const Value* args) {
  DequeObject* d = as_deque(self);
  return int_from_int64(type_of(self)->basic_size + d->capacity * int64_t(sizeof(Value)));
}

Ref<> deque_get_maxlen(Value self) {
  DequeObject* d = as_deque(self);
  return d->maxlen < 0 ? new_none() : int_from_int64(d->maxlen);
}

Ref<> deque_iter(Value self);
Ref<> deque_reversed(Value self, const Value* args);

const MethodDef deque_methods[] = {
    {.name = "append",
     .impl = deque_append,
     .signature = "($self, item, /)",
     .doc = "Add an element to the right side of the deque."},
    {.name = "appendleft",
     .impl = deque_appendleft,
     .signature = "($self, item, /)",
     .doc = "Add an element to the left side of the deque."},
    {.name = "clear",
     .impl = deque_clear_method,
     .signature = "($self, /)",
     .doc = "Remove all elements from the deque."},
    {.name = "__copy__",
     .impl = deque_copy,
     .signature = "($self, /)",
     .doc = "Return a shallow copy of a deque."},
    {.name = "copy",
     .impl = deque_copy,
     .signature = "($self, /)",
     .doc = "Return a shallow copy of a deque."},
    {.name = "count",
     .impl = deque_count,
     .signature = "($self, value, /)",
     .doc = "D.count(value) -- return number of occurrences of value"},
    {.name = "extend",
     .impl = deque_extend,
     .signature = "($self, iterable, /)",
     .doc = "Extend the right side of the deque with elements from the iterable"},
    {.name = "extendleft",
     .impl = deque_extendleft,
     .signature = "($self, iterable, /)",
     .doc = "Extend the left side of the deque with elements from the iterable"},
    {.name = "index",
     .raw = deque_index,
     .doc = "D.index(value, [start, [stop]]) -- return first index of value.\nRaises ValueError if "
            "the value is not present."},
    {.name = "insert",
     .impl = deque_insert,
     .signature = "($self, index, value, /)",
     .doc = "D.insert(index, object) -- insert object before index"},
    {.name = "pop",
     .impl = deque_pop,
     .signature = "($self, /)",
     .doc = "Remove and return the rightmost element."},
    {.name = "popleft",
     .impl = deque_popleft,
     .signature = "($self, /)",
     .doc = "Remove and return the leftmost element."},
    {.name = "__reduce__",
     .impl = deque_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "remove",
     .impl = deque_remove,
     .signature = "($self, value, /)",
     .doc = "D.remove(value) -- remove first occurrence of value."},
    {.name = "__reversed__",
     .impl = deque_reversed,
     .signature = "($self, /)",
     .doc = "D.__reversed__() -- return a reverse iterator over the deque"},
    {.name = "reverse",
     .impl = deque_reverse,
     .signature = "($self, /)",
     .doc = "D.reverse() -- reverse *IN PLACE*"},
    {.name = "rotate",
     .impl = deque_rotate,
     .signature = "($self, n=?, /)",
     .doc =
         "Rotate the deque n steps to the right (default n=1).  If n is negative, rotates left."},
    {.name = "__sizeof__",
     .impl = deque_sizeof,
     .signature = "($self, /)",
     .doc = "D.__sizeof__() -- size of D in memory, in bytes"},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {},
};

const GetSetDef deque_getsets[] = {
    {"maxlen", deque_get_maxlen, nullptr, "maximum size of a deque or None if unbounded"},
    {},
};

// --- iterators ---

struct DequeIteratorObject : Object {
  Value deque;
  int64_t index;      // next position (from the left, or from the right when reversed)
  int64_t remaining;  // items left to produce
  uint64_t state;     // the deque's state when the iterator was made
};

DequeIteratorObject* as_iterator(Value v) {
  return static_cast<DequeIteratorObject*>(v.as_object());
}

Ref<> make_iterator(TypeObject* type, Value deque) {
  auto* it = allocate<DequeIteratorObject>(type);
  if (!it) return nullptr;
  incref(deque);
  it->deque = deque;
  it->remaining = as_deque(deque)->length;
  it->state = as_deque(deque)->state;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

Ref<> deque_iter(Value self) { return make_iterator(&deque_iterator_type, self); }
Ref<> deque_reversed(Value self, const Value* args) {
  return make_iterator(&deque_reverse_iterator_type, self);
}

Ref<> iterator_next(Value self, bool reversed) {
  DequeIteratorObject* it = as_iterator(self);
  DequeObject* d = as_deque(it->deque);
  if (d->state != it->state) {
    it->remaining = 0;
    return raise(exc::RuntimeError, "deque mutated during iteration");
  }
  if (it->remaining == 0) return nullptr;
  int64_t position = reversed ? d->length - 1 - it->index : it->index;
  ++it->index;
  --it->remaining;
  return new_ref(slot(d, position));
}

Ref<> forward_next(Value self) { return iterator_next(self, false); }
Ref<> reverse_next(Value self) { return iterator_next(self, true); }

// _deque_iterator(deque, index=0): an iterator advanced by `index` items (for unpickling).
Ref<> iterator_new_with(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames,
                        bool reversed) {
  const char* name = reversed ? "_deque_reverse_iterator" : "_deque_iterator";
  if (kwnames && kwnames->length) return type_error("{}() takes no keyword arguments", name);
  if (nargs < 1 || nargs > 2) {
    return type_error("{} expected {} argument{}, got {}", name,
                      nargs < 1 ? "at least 1" : "at most 2", nargs < 1 ? "" : "s", nargs);
  }
  if (!is_deque(args[0]))
    return type_error("{}() argument 1 must be collections.deque, not {}", name,
                      type_name(args[0]));
  int64_t index = 0;
  if (nargs == 2 && !index_to_int64(args[1], &index)) return nullptr;
  Ref<> it = make_iterator(type, args[0]);
  if (!it) return nullptr;
  for (int64_t i = 0; i < index; ++i) {
    Ref<> item = iterator_next(it, reversed);
    if (!item) {
      if (as_iterator(it)->remaining) return nullptr;
      break;
    }
  }
  return it;
}

Ref<> forward_iterator_new(TypeObject* type, const Value* args, size_t nargs,
                           TupleObject* kwnames) {
  return iterator_new_with(type, args, nargs, kwnames, false);
}
Ref<> reverse_iterator_new(TypeObject* type, const Value* args, size_t nargs,
                           TupleObject* kwnames) {
  return iterator_new_with(type, args, nargs, kwnames, true);
}

void iterator_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<DequeIteratorObject*>(o)->deque);
  free_object(o);
}

void iterator_traverse(Object* o, VisitFn visit, void* arg) {
  Value d = static_cast<DequeIteratorObject*>(o)->deque;
  if (d.is_object()) visit(d.as_object(), arg);
}

Ref<> iterator_length_hint(Value self, const Value* args) {
  return int_from_int64(as_iterator(self)->remaining);
}

Ref<> iterator_reduce(Value self, const Value* args) {
  DequeIteratorObject* it = as_iterator(self);
  Ref<> consumed = int_from_int64(as_deque(it->deque)->length - it->remaining);
  Ref<TupleObject> arguments =
      consumed ? tuple_of({it->deque, consumed.value()}) : Ref<TupleObject>();
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

Ref<> self_iter(Value self) { return new_ref(self); }

const MethodDef iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

}  // namespace

TypeObject deque_type{TypeSpec{
    .name = "collections.deque",
    .doc = "deque([iterable[, maxlen]]) --> deque object\n\nA list-like sequence optimized for "
           "data accesses near its "
           "endpoints.",
    .basic_size = sizeof(DequeObject),
    .flags = kTypeBaseType | kTypeHaveGC | kTypeSequence,
    .weaklist_offset = offsetof(DequeObject, weakrefs),
    .slots = {.dealloc = deque_dealloc,
              .traverse = deque_traverse,
              .clear = deque_clear_slot,
              .new_instance = deque_new,
              .init = deque_init,
              .repr = deque_repr,
              .compare = deque_compare,
              .getattr = generic_get_attr,
              .iter = deque_iter,
              .length = deque_length,
              .getitem = deque_getitem,
              .setitem = deque_setitem,
              .contains = deque_contains,
              .concat = deque_concat,
              .repeat = deque_repeat,
              .inplace_concat = deque_inplace_concat,
              .inplace_repeat = deque_inplace_repeat},
    .methods = deque_methods,
    .getsets = deque_getsets,
}};

TypeObject deque_iterator_type{TypeSpec{
    .name = "_collections._deque_iterator",
    .basic_size = sizeof(DequeIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = iterator_dealloc,
              .traverse = iterator_traverse,
              .new_instance = forward_iterator_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = forward_next},
    .methods = iterator_methods,
}};

TypeObject deque_reverse_iterator_type{TypeSpec{
    .name = "_collections._deque_reverse_iterator",
    .basic_size = sizeof(DequeIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = iterator_dealloc,
              .traverse = iterator_traverse,
              .new_instance = reverse_iterator_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = reverse_next},
    .methods = iterator_methods,
}};

}  // namespace krait::collections
