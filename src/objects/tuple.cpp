// tuple: creation (the empty singleton, per-size freelists), the type's slots and methods,
// and tuple_iterator. The hash is CPython's xxHash-based tuple hash (core/hash.h), so
// tuples hash, and order in sets, exactly as in CPython.
#include "objects/tuple.h"

#include <algorithm>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/ops.h"
#include "objects/container_util.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/slice.h"
#include "objects/str.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"

namespace krait {

// --- Allocation ---
//
// Freed exact tuples of 1..20 items are kept (up to 2000 per size, as CPython does) and
// reused; a kept tuple's first item slot links it to the next one of its size.

namespace {

constexpr int64_t kFreelistLargestSize = 20;
constexpr int kFreelistCapacity = 2000;

struct TupleFreelist {
  TupleObject* head = nullptr;
  int count = 0;
};
TupleFreelist freelists[kFreelistLargestSize + 1];

TupleObject* empty_tuple = nullptr;

TupleObject* freelist_pop(int64_t n) {
  TupleFreelist& list = freelists[n];
  TupleObject* t = list.head;
  if (!t) return nullptr;
  list.head = reinterpret_cast<TupleObject*>(t->items[0].bits());
  --list.count;
  t->refcount = 1;
  std::fill_n(t->items, n, Value());
  return t;
}

bool freelist_push(TupleObject* t) {
  int64_t n = t->length;
  if (t->type != &tuple_type || n < 1 || n > kFreelistLargestSize) return false;
  TupleFreelist& list = freelists[n];
  if (list.count >= kFreelistCapacity) return false;
  t->items[0] = Value::from_bits(reinterpret_cast<uintptr_t>(list.head));
  list.head = t;
  ++list.count;
  return true;
}

// An untracked, uninitialised (null items) instance of `type`, which may be a subclass.
TupleObject* allocate_tuple_of_type(TypeObject* type, int64_t n) {
  if (n > (INT64_MAX - type->basic_size) / int64_t(sizeof(Value))) {
    raise_memory_error();
    return nullptr;
  }
  auto* t = allocate<TupleObject>(type, var_size(type, n));
  if (t) t->length = n;
  return t;
}

}  // namespace

void tuple_clear_freelists() {
  for (TupleFreelist& list : freelists) {
    while (TupleObject* t = list.head) {
      list.head = reinterpret_cast<TupleObject*>(t->items[0].bits());
      free_object(t);
    }
    list.count = 0;
  }
}

Ref<TupleObject> tuple_empty() {
  if (!empty_tuple) {
    // Made once and never freed; untracked, as CPython's empty tuple is.
    empty_tuple = allocate_tuple_of_type(&tuple_type, 0);
    if (!empty_tuple) return nullptr;
    empty_tuple->refcount = kStaticRefcount;
  }
  return new_ref(empty_tuple);
}

Ref<TupleObject> tuple_allocate(int64_t n) {
  if (n == 0) return tuple_empty();
  TupleObject* t = n <= kFreelistLargestSize ? freelist_pop(n) : nullptr;
  if (!t) {
    t = allocate_tuple_of_type(&tuple_type, n);
    if (!t) return nullptr;
  }
  gc_track(t);
  return Ref<TupleObject>::steal(t);
}

Ref<TupleObject> tuple_from_array(const Value* items, int64_t n) {
  Ref<TupleObject> t = tuple_allocate(n);
  if (!t) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    incref(items[i]);
    t->items[i] = items[i];
  }
  return t;
}

Ref<TupleObject> tuple_of(std::initializer_list<Value> items) {
  return tuple_from_array(items.begin(), int64_t(items.size()));
}

Ref<TupleObject> tuple_steal(std::initializer_list<Value> items) {
  Ref<TupleObject> t = tuple_allocate(int64_t(items.size()));
  if (!t) {
    for (Value v : items) decref(v);
    return nullptr;
  }
  int64_t i = 0;
  for (Value v : items) t->items[i++] = v;
  return t;
}

Ref<TupleObject> tuple_slice(TupleObject* tuple, int64_t start, int64_t stop) {
  if (start < 0) start = 0;
  if (stop > tuple->length) stop = tuple->length;
  if (stop < start) stop = start;
  if (start == 0 && stop == tuple->length && tuple->type == &tuple_type) return new_ref(tuple);
  return tuple_from_array(tuple->items + start, stop - start);
}

Ref<> tuple_get_slice(TupleObject* tuple, int64_t start, int64_t stop, int64_t step) {
  int64_t n = slice_adjust_indices(tuple->length, &start, &stop, step);
  if (step == 1) return tuple_slice(tuple, start, start + n);
  Ref<TupleObject> result = tuple_allocate(n);
  if (!result) return nullptr;
  // Unsigned: stepping past the last item must not overflow (steps may be huge).
  uint64_t at = uint64_t(start);
  for (int64_t k = 0; k < n; ++k, at += uint64_t(step)) {
    incref(tuple->items[at]);
    result->items[k] = tuple->items[at];
  }
  return result;
}

Ref<TupleObject> tuple_from_iterable(Value iterable) {
  if (is_exact_tuple(iterable)) return new_ref(as_tuple(iterable));
  if (is_exact_list(iterable)) return list_as_tuple(as_list(iterable)).cast<TupleObject>();
  Ref<> iterator = get_iter(iterable);
  if (!iterator) return nullptr;
  int64_t hint = length_hint(iterable, 10);
  if (hint < 0) return nullptr;
  std::vector<Value> items;  // owned references
  items.reserve(size_t(hint));
  struct Release {
    std::vector<Value>& items;
    ~Release() {
      for (Value v : items) decref(v);
    }
  } release{items};
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      break;
    }
    items.push_back(item.release());
  }
  Ref<TupleObject> t = tuple_allocate(int64_t(items.size()));
  if (!t) return nullptr;
  std::copy(items.begin(), items.end(), t->items);
  items.clear();  // the tuple owns them now
  return t;
}

void tuple_maybe_untrack(TupleObject* t) {
  if (t->type != &tuple_type || !gc_is_tracked(t)) return;
  for (int64_t i = 0; i < t->length; ++i) {
    // A tuple still being filled (null items) stays tracked.
    if (!t->items[i] || gc_may_be_tracked(t->items[i])) return;
  }
  gc_untrack(t);
}

// --- The tuple type's slots ---

namespace {

TupleObject* self_tuple(Value v) { return as_tuple(v); }

void tuple_dealloc(Object* o) {
  auto* t = static_cast<TupleObject*>(o);
  if (gc_is_tracked(o)) gc_untrack(o);
  for (int64_t i = t->length; --i >= 0;) decref(t->items[i]);
  if (!freelist_push(t)) free_object(o);
}

void tuple_traverse(Object* o, VisitFn visit, void* arg) {
  auto* t = static_cast<TupleObject*>(o);
  for (int64_t i = 0; i < t->length; ++i) {
    if (t->items[i].is_object()) visit(t->items[i].as_object(), arg);
  }
}

Ref<> tuple_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0 && (type == &tuple_type || type->init == tuple_type.init)) {
    return type_error("tuple() takes no keyword arguments");
  }
  if (nargs > 1) return type_error("tuple expected at most 1 argument, got {}", nargs);
  Ref<TupleObject> items = nargs ? tuple_from_iterable(args[0]) : tuple_empty();
  if (!items || type == &tuple_type) return items;
  // A subclass instance gets its own memory (and maybe a __dict__), filled from a plain tuple.
  TupleObject* t = allocate_tuple_of_type(type, items->length);
  if (!t) return nullptr;
  for (int64_t i = 0; i < items->length; ++i) {
    incref(items->items[i]);
    t->items[i] = items->items[i];
  }
  gc_track(t);
  return Ref<>::steal(Value(t));
}

Ref<> tuple_repr(Value self) {
  TupleObject* t = self_tuple(self);
  if (t->length == 0) return str_from_ascii("()");
  // Immutable, but a tuple can still contain itself through a mutable object.
  ReprGuard guard(t);
  if (guard.recursive()) return str_from_ascii("(...)");
  StrBuilder out;
  out.append(U'(');
  for (int64_t i = 0; i < t->length; ++i) {
    if (i) out.append_ascii(", ");
    Ref<StrObject> text = repr(t->items[i]);
    if (!text) return nullptr;
    out.append(text.get());
  }
  if (t->length == 1) out.append(U',');
  out.append(U')');
  return out.finish();
}

int64_t tuple_hash(Value self) {
  TupleObject* t = self_tuple(self);
  TupleHasher hasher;
  for (int64_t i = 0; i < t->length; ++i) {
    int64_t h = hash(t->items[i]);
    if (h == -1) return -1;
    hasher.add(h);
  }
  return hasher.finish(size_t(t->length));
}

// Lexicographic: find the first position where the items differ (by ==), then compare
// those items with the requested operator; if none differ, compare the lengths.
Ref<> tuple_compare(Value a, Value b, CompareOp op) {
  if (!is_tuple(a) || !is_tuple(b)) return new_not_implemented();
  TupleObject* x = self_tuple(a);
  TupleObject* y = self_tuple(b);
  int64_t i = 0;
  for (; i < x->length && i < y->length; ++i) {
    int equal = rich_compare_bool(x->items[i], y->items[i], CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (!equal) break;
  }
  if (i >= x->length || i >= y->length) return new_bool(compare_lengths(x->length, y->length, op));
  if (op == CompareOp::Eq) return new_bool(false);
  if (op == CompareOp::Ne) return new_bool(true);
  return rich_compare(x->items[i], y->items[i], op);
}

int64_t tuple_length(Value self) { return self_tuple(self)->length; }

int tuple_contains(Value self, Value item) {
  TupleObject* t = self_tuple(self);
  for (int64_t i = 0; i < t->length; ++i) {
    int equal = rich_compare_bool(t->items[i], item, CompareOp::Eq);
    if (equal != 0) return equal;
  }
  return 0;
}

Ref<> tuple_subscript(Value self, Value key) {
  TupleObject* t = self_tuple(self);
  int64_t i;
  if (key.is_small_int()) {
    i = key.as_small_int();
  } else if (has_index(key)) {
    if (!index_to_int64(key, &i, &exc::IndexError)) return nullptr;
  } else if (is_slice(key)) {
    int64_t start, stop, step;
    if (!slice_unpack(key, &start, &stop, &step)) return nullptr;
    return tuple_get_slice(t, start, stop, step);
  } else {
    return type_error("tuple indices must be integers or slices, not {}", type_name(key));
  }
  if (i < 0) i += t->length;
  if (i < 0 || i >= t->length) return index_error("tuple index out of range");
  return new_ref(t->items[i]);
}

Ref<> tuple_concat(Value a, Value b) {
  if (!is_tuple(b)) {
    return type_error("can only concatenate tuple (not \"{}\") to tuple", type_name(b));
  }
  TupleObject* x = self_tuple(a);
  TupleObject* y = self_tuple(b);
  if (y->length == 0 && is_exact_tuple(a)) return new_ref(a);
  if (x->length == 0 && is_exact_tuple(b)) return new_ref(b);
  Ref<TupleObject> result = tuple_allocate(x->length + y->length);
  if (!result) return nullptr;
  for (int64_t i = 0; i < x->length; ++i) {
    incref(x->items[i]);
    result->items[i] = x->items[i];
  }
  for (int64_t i = 0; i < y->length; ++i) {
    incref(y->items[i]);
    result->items[x->length + i] = y->items[i];
  }
  return result;
}

Ref<> tuple_repeat(Value self, int64_t count) {
  TupleObject* t = self_tuple(self);
  if ((t->length == 0 || count == 1) && is_exact_tuple(self)) return new_ref(self);
  if (t->length == 0 || count <= 0) return tuple_empty();
  if (count > INT64_MAX / int64_t(sizeof(Value)) / t->length) return raise_memory_error();
  Ref<TupleObject> result = tuple_allocate(t->length * count);
  if (!result) return nullptr;
  Value* out = result->items;
  for (int64_t k = 0; k < count; ++k) {
    for (int64_t i = 0; i < t->length; ++i) {
      incref(t->items[i]);
      *out++ = t->items[i];
    }
  }
  return result;
}

Ref<> tuple_iter(Value self);

// --- Methods ---

Ref<> tuple_getnewargs(Value self, const Value* args) {
  Ref<TupleObject> copy = tuple_slice(self_tuple(self), 0, self_tuple(self)->length);
  if (!copy) return nullptr;
  return tuple_steal({copy.release()});
}

Ref<> tuple_index(Value self, const Value* args) {
  TupleObject* t = self_tuple(self);
  int64_t start = 0, stop = INT64_MAX;
  if (!slice_index_not_none(args[1], &start) || !slice_index_not_none(args[2], &stop))
    return nullptr;
  if (start < 0) {
    start += t->length;
    if (start < 0) start = 0;
  }
  if (stop < 0) {
    stop += t->length;
  } else if (stop > t->length) {
    stop = t->length;
  }
  for (int64_t i = start; i < stop; ++i) {
    int equal = rich_compare_bool(t->items[i], args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (equal) return int_from_int64(i);
  }
  return value_error("tuple.index(x): x not in tuple");
}

Ref<> tuple_count(Value self, const Value* args) {
  TupleObject* t = self_tuple(self);
  int64_t count = 0;
  for (int64_t i = 0; i < t->length; ++i) {
    int equal = rich_compare_bool(t->items[i], args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    count += equal;
  }
  return int_from_int64(count);
}

// CPython's numbers: a 24-byte header plus 8 bytes per item.
Ref<> tuple_sizeof(Value self, const Value* args) {
  return int_from_int64(24 + 8 * self_tuple(self)->length);
}

const MethodDef tuple_methods[] = {
    {.name = "__getnewargs__", .impl = tuple_getnewargs, .signature = "($self, /)"},
    {.name = "index",
     .impl = tuple_index,
     .signature = "($self, value, start=0, stop=9223372036854775807, /)",
     .doc = "index($self, value, start=0, stop=sys.maxsize, /)\n--\n\n"
     "Return first index of value.\n\nRaises ValueError if the value is not present."},
    {.name = "count",
     .impl = tuple_count,
     .signature = "($self, value, /)",
     .doc = "Return number of occurrences of value."},
    {.name = "__sizeof__",
     .impl = tuple_sizeof,
     .signature = "($self, /)",
     .doc = "Size of object in memory, in bytes."},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

// --- tuple_iterator ---

TupleIteratorObject* as_tuple_iterator(Value v) {
  return static_cast<TupleIteratorObject*>(v.as_object());
}

void tuple_iterator_dealloc(Object* o) {
  auto* it = static_cast<TupleIteratorObject*>(o);
  gc_untrack(o);
  if (it->tuple) decref(it->tuple);
  free_object(o);
}

void tuple_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<TupleIteratorObject*>(o);
  if (it->tuple) visit(it->tuple, arg);
}

Ref<> tuple_iterator_next(Value self) {
  TupleIteratorObject* it = as_tuple_iterator(self);
  TupleObject* t = it->tuple;
  if (!t) return nullptr;
  if (it->index < t->length) return new_ref(t->items[it->index++]);
  it->tuple = nullptr;
  decref(t);
  return nullptr;
}

Ref<> tuple_iterator_length_hint(Value self, const Value* args) {
  TupleIteratorObject* it = as_tuple_iterator(self);
  return int_from_int64(it->tuple ? it->tuple->length - it->index : 0);
}

Ref<> tuple_iterator_reduce(Value self, const Value* args) {
  Ref<> iter = builtin_named("iter");
  if (!iter) return nullptr;
  TupleIteratorObject* it = as_tuple_iterator(self);
  if (!it->tuple) {
    Ref<TupleObject> empty = tuple_empty();
    Ref<TupleObject> call_args = tuple_of({empty.value()});
    if (!call_args) return nullptr;
    return tuple_of({iter.value(), call_args.value()});
  }
  Ref<TupleObject> call_args = tuple_of({Value(it->tuple)});
  Ref<> index = int_from_int64(it->index);
  if (!call_args || !index) return nullptr;
  return tuple_of({iter.value(), call_args.value(), index.value()});
}

Ref<> tuple_iterator_setstate(Value self, const Value* args) {
  TupleIteratorObject* it = as_tuple_iterator(self);
  if (!is_int(args[0])) return type_error("an integer is required");
  int64_t index;
  if (!int_as_int64(args[0], &index)) return nullptr;
  if (it->tuple) {
    if (index < 0) index = 0;
    if (index > it->tuple->length) index = it->tuple->length;  // exhausted
    it->index = index;
  }
  return new_none();
}

const MethodDef tuple_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = tuple_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = tuple_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = tuple_iterator_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

Ref<> tuple_iter(Value self) {
  auto* it = allocate<TupleIteratorObject>(&tuple_iterator_type);
  if (!it) return nullptr;
  it->tuple = self_tuple(self);
  incref(it->tuple);
  gc_track(it);
  return Ref<>::steal(Value(it));
}

}  // namespace

TypeObject tuple_type{TypeSpec{
    .name = "tuple",
    .doc = "tuple(iterable=(), /)\n--\n\nBuilt-in immutable sequence.\n\nIf no argument is given, the constructor returns an "
           "empty tuple.\nIf iterable is specified the tuple is initialized from iterable's "
           "items.\n\nIf the argument is a tuple, the return value is the same object.",
    .basic_size = sizeof(TupleObject),
    .item_size = sizeof(Value),
    .flags = kTypeBaseType | kTypeHaveGC | kTypeTupleSubclass | kTypeSequence,
    .slots = {.dealloc = tuple_dealloc,
              .traverse = tuple_traverse,
              .new_instance = tuple_new_slot,
              .repr = tuple_repr,
              .hash = tuple_hash,
              .compare = tuple_compare,
              .getattr = generic_get_attr,
              .iter = tuple_iter,
              .length = tuple_length,
              .getitem = tuple_subscript,
              .contains = tuple_contains,
              .concat = tuple_concat,
              .repeat = tuple_repeat},
    .methods = tuple_methods,
}};

TypeObject tuple_iterator_type{TypeSpec{
    .name = "tuple_iterator",
    .basic_size = sizeof(TupleIteratorObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = tuple_iterator_dealloc,
              .traverse = tuple_iterator_traverse,
              .getattr = generic_get_attr,
              .iter = iter_self,
              .iternext = tuple_iterator_next},
    .methods = tuple_iterator_methods,
}};

}  // namespace krait
