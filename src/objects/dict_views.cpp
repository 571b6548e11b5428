// The dict views (dict_keys, dict_values, dict_items) with their set operations, and the
// six dict iterators (keys/values/items, forwards and reversed). An iterator remembers
// the dict's size when it started: a size change is reported as "dictionary changed size
// during iteration", and a same-size change of the keys as "dictionary keys changed
// during iteration" once the iterator finds more items than it expected.
#include <algorithm>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/container_util.h"
#include "objects/dict_internal.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/mappingproxy.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait {

namespace {

struct DictIteratorObject : Object {
  DictObject* dict;   // owned; null once exhausted
  int64_t used;       // the dict's size when iteration started (-1 after a size error)
  int64_t position;   // next entry to look at (reversed: the entry before it); in a
                      // split dict, a position in its insertion order
  int64_t remaining;  // items this iterator still expects
};

struct DictViewObject : Object {
  DictObject* dict;  // owned
};

TypeObject* iterator_type_for(DictIterKind kind, bool reversed) {
  switch (kind) {
    case DictIterKind::Keys:
      return reversed ? &dict_reverse_keyiterator_type : &dict_keyiterator_type;
    case DictIterKind::Values:
      return reversed ? &dict_reverse_valueiterator_type : &dict_valueiterator_type;
    default:
      return reversed ? &dict_reverse_itemiterator_type : &dict_itemiterator_type;
  }
}

DictIterKind kind_of_iterator(Value it) {
  TypeObject* type = type_of(it);
  if (type == &dict_keyiterator_type || type == &dict_reverse_keyiterator_type)
    return DictIterKind::Keys;
  if (type == &dict_valueiterator_type || type == &dict_reverse_valueiterator_type) {
    return DictIterKind::Values;
  }
  return DictIterKind::Items;
}

DictIteratorObject* as_dict_iterator(Value v) {
  return static_cast<DictIteratorObject*>(v.as_object());
}

Ref<> iterator_result(DictIterKind kind, Value key, Value value) {
  switch (kind) {
    case DictIterKind::Keys:
      return new_ref(key);
    case DictIterKind::Values:
      return new_ref(value);
    default:
      return tuple_of({key, value});
  }
}

// The key and value at a position of a split dict's order.
Ref<> split_iterator_result(DictIterKind kind, DictObject* d, int64_t position) {
  int64_t ix = split_order(d)[position];
  return iterator_result(kind, d->keys->entries()[ix].key, split_values(d)[ix]);
}

// Exhausts the iterator: drops its dict.
Ref<> finish(DictIteratorObject* it) {
  DictObject* d = it->dict;
  it->dict = nullptr;
  decref(d);
  return nullptr;
}

bool size_changed(DictIteratorObject* it) {
  if (it->used == it->dict->used) return false;
  runtime_error("dictionary changed size during iteration");
  it->used = -1;  // sticky: the dict cannot be trusted any more
  return true;
}

Ref<> dict_iterator_next(Value self) {
  DictIteratorObject* it = as_dict_iterator(self);
  DictObject* d = it->dict;
  if (!d) return nullptr;
  if (size_changed(it)) return nullptr;
  DictKeys* keys = d->keys;
  DictEntry* entries = keys->entries();
  int64_t i = it->position;
  bool split = keys->shared;
  if (!split) {
    while (i < keys->nentries && !entries[i].key) ++i;
  }
  if (i >= (split ? d->used : keys->nentries)) return finish(it);
  if (it->remaining == 0) {
    runtime_error("dictionary keys changed during iteration");
    return finish(it);
  }
  it->position = i + 1;
  --it->remaining;
  if (split) return split_iterator_result(kind_of_iterator(self), d, i);
  return iterator_result(kind_of_iterator(self), entries[i].key, entries[i].value);
}

Ref<> dict_reverse_iterator_next(Value self) {
  DictIteratorObject* it = as_dict_iterator(self);
  DictObject* d = it->dict;
  if (!d) return nullptr;
  if (size_changed(it)) return nullptr;
  DictKeys* keys = d->keys;
  DictEntry* entries = keys->entries();
  if (keys->shared) {
    int64_t i = std::min(it->position, d->used - 1);
    if (i < 0) return finish(it);
    it->position = i - 1;
    --it->remaining;
    return split_iterator_result(kind_of_iterator(self), d, i);
  }
  // The table may have been compacted meanwhile (same size, keys swapped).
  int64_t i = std::min(it->position, keys->nentries - 1);
  while (i >= 0 && !entries[i].key) --i;
  if (i < 0) return finish(it);
  it->position = i - 1;
  --it->remaining;
  return iterator_result(kind_of_iterator(self), entries[i].key, entries[i].value);
}

void dict_iterator_dealloc(Object* o) {
  auto* it = static_cast<DictIteratorObject*>(o);
  gc_untrack(o);
  if (it->dict) decref(it->dict);
  free_object(o);
}

void dict_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<DictIteratorObject*>(o);
  if (it->dict) visit(it->dict, arg);
}

Ref<> dict_iterator_length_hint(Value self, const Value* args) {
  DictIteratorObject* it = as_dict_iterator(self);
  bool valid = it->dict && it->used == it->dict->used;
  return int_from_int64(valid ? it->remaining : 0);
}

DictIteratorObject* allocate_iterator(TypeObject* type, DictObject* d, int64_t used,
                                      int64_t position, int64_t remaining) {
  auto* it = allocate<DictIteratorObject>(type);
  if (!it) return nullptr;
  it->dict = d;
  if (d) incref(d);
  it->used = used;
  it->position = position;
  it->remaining = remaining;
  gc_track(it);
  return it;
}

// (iter, (list of the remaining items,)): what a copy of the iterator would still yield.
Ref<> dict_iterator_reduce(Value self, const Value* args) {
  Ref<> iter = builtin_named("iter");
  if (!iter) return nullptr;
  DictIteratorObject* it = as_dict_iterator(self);
  DictIteratorObject* copy =
      allocate_iterator(type_of(self), it->dict, it->used, it->position, it->remaining);
  if (!copy) return nullptr;
  Ref<> hold = Ref<>::steal(Value(copy));
  Ref<ListObject> rest = list_from_iterable(hold);
  if (!rest) return nullptr;
  Ref<TupleObject> call_args = tuple_of({rest.value()});
  if (!call_args) return nullptr;
  return tuple_of({iter.value(), call_args.value()});
}

const MethodDef dict_iterator_methods[] = {
    {.name = "__length_hint__",
     .impl = dict_iterator_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = dict_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

// --- Views ---

DictViewObject* as_view(Value v) { return static_cast<DictViewObject*>(v.as_object()); }

bool is_keys_view(Value v) { return v.is_object() && type_of(v) == &dict_keys_type; }
bool is_items_view(Value v) { return v.is_object() && type_of(v) == &dict_items_type; }
// The set-like views (CPython's PyDictViewSet_Check).
bool is_set_view(Value v) { return is_keys_view(v) || is_items_view(v); }

DictIterKind kind_of_view(Value v) {
  TypeObject* type = type_of(v);
  return type == &dict_keys_type     ? DictIterKind::Keys
         : type == &dict_values_type ? DictIterKind::Values
                                     : DictIterKind::Items;
}

void view_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<DictViewObject*>(o)->dict);
  free_object(o);
}

void view_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<DictViewObject*>(o)->dict, arg);
}

int64_t view_length(Value self) { return as_view(self)->dict->used; }

Ref<> view_iter(Value self) {
  return dict_iterator_new(as_view(self)->dict, kind_of_view(self), false);
}

Ref<> view_reversed(Value self, const Value* args) {
  return dict_iterator_new(as_view(self)->dict, kind_of_view(self), true);
}

Ref<> view_mapping(Value self) { return mappingproxy_new(Value(as_view(self)->dict)); }

// dict_keys(['a', 'b']), or "..." for a view inside its own repr.
Ref<> view_repr(Value self) {
  ReprGuard guard(self.as_object());
  if (guard.recursive()) return str_from_ascii("...");
  Ref<ListObject> items = list_from_iterable(self);
  if (!items) return nullptr;
  Ref<StrObject> text = repr(items.value());
  if (!text) return nullptr;
  StrBuilder out;
  out.append_ascii(type_of(self)->name);
  out.append(U'(');
  out.append(text.get());
  out.append(U')');
  return out.finish();
}

int keys_contains(Value self, Value key) { return dict_contains(as_view(self)->dict, key); }

// (key, value) in d.items(): the key is present and its value is equal.
int items_contains(Value self, Value item) {
  if (!is_tuple(item) || as_tuple(item)->length != 2) return 0;
  DictObject* d = as_view(self)->dict;
  Value found = dict_get(d, as_tuple(item)->items[0]);
  if (!found) return error_occurred() ? -1 : 0;
  Ref<> value = new_ref(found);
  return rich_compare_bool(value, as_tuple(item)->items[1], CompareOp::Eq);
}

// Every item of `self` is in `other` (1/0, -1 on error).
int all_contained_in(Value self, Value other) {
  Ref<> iterator = get_iter(self);
  if (!iterator) return -1;
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) return error_occurred() ? -1 : 1;
    int found = contains(other, item);
    if (found <= 0) return found;
  }
}

// The set-like views compare as sets, with sets and other set-like views.
Ref<> view_compare(Value self, Value other, CompareOp op) {
  if (!is_anyset(other) && !is_set_view(other)) return new_not_implemented();
  int64_t len_self = length(self);
  if (len_self < 0) return nullptr;
  int64_t len_other = length(other);
  if (len_other < 0) return nullptr;
  int ok = 0;
  switch (op) {
    case CompareOp::Eq:
    case CompareOp::Ne:
      if (len_self == len_other) ok = all_contained_in(self, other);
      if (op == CompareOp::Ne && ok >= 0) ok = !ok;
      break;
    case CompareOp::Lt:
      if (len_self < len_other) ok = all_contained_in(self, other);
      break;
    case CompareOp::Le:
      if (len_self <= len_other) ok = all_contained_in(self, other);
      break;
    case CompareOp::Gt:
      if (len_self > len_other) ok = all_contained_in(other, self);
      break;
    case CompareOp::Ge:
      if (len_self >= len_other) ok = all_contained_in(other, self);
      break;
  }
  if (ok < 0) return nullptr;
  return new_bool(ok);
}

// The set the binary operators start from: set(self), reading a keys view's dict directly.
Ref<SetObject> view_to_set(Value self) {
  Value source = self;
  if (is_keys_view(self) && is_exact_dict(Value(as_view(self)->dict)))
    source = Value(as_view(self)->dict);
  return set_from_iterable(&set_type, source);
}

Ref<> view_subtract(Value a, Value b) {
  Ref<SetObject> result = view_to_set(a);
  if (!result || !set_difference_update(result.get(), b)) return nullptr;
  return result;
}

Ref<> view_or(Value a, Value b) {
  Ref<SetObject> result = view_to_set(a);
  if (!result || !set_update(result.get(), b)) return nullptr;
  return result;
}

// CPython's _PyDictView_Intersect: iterate the smaller side, test membership in the view.
Ref<> view_and(Value a, Value b) {
  Value self = a, other = b;
  // `x & view` arrives here with the view second.
  if (!is_set_view(self)) std::swap(self, other);
  int64_t len_self = view_length(self);
  if (is_type(other, &set_type)) {
    int64_t len_other = length(other);
    if (len_other < 0) return nullptr;
    if (len_self <= len_other) return set_intersection(as_set(other), self);
  }
  if (is_set_view(other) && view_length(other) > len_self) std::swap(self, other);
  Ref<SetObject> result = set_new();
  if (!result) return nullptr;
  ContainsFn view_contains = is_keys_view(self) ? keys_contains : items_contains;
  bool ok = for_each(other, [&](Value item) {
    int found = view_contains(self, item);
    if (found < 0) return false;
    return !found || set_add(result.get(), item);
  });
  if (!ok) return nullptr;
  return result;
}

// items ^ items: built from a copy of the first dict, keeping the pairs that differ.
Ref<> items_xor(Value a, Value b) {
  Ref<DictObject> remaining = dict_copy(as_view(a)->dict);
  if (!remaining) return nullptr;
  Ref<SetObject> result = set_new();
  if (!result) return nullptr;
  DictObject* other = as_view(b)->dict;
  int64_t pos = 0, h;
  Value k, v;
  while (dict_next_with_hash(other, &pos, &k, &v, &h)) {
    Ref<> key = new_ref(k);
    Ref<> value = new_ref(v);
    int64_t ix = dict_lookup(remaining.get(), key, h);
    if (ix == kDictError) return nullptr;
    int same = 0;
    if (ix >= 0) {
      Ref<> mine = new_ref(dict_value_at(remaining.get(), ix));
      same = rich_compare_bool(mine, value, CompareOp::Eq);
      if (same < 0) return nullptr;
    }
    if (same) {
      if (dict_remove_with_hash(remaining.get(), key, h) < 0) return nullptr;
    } else {
      Ref<TupleObject> pair = tuple_of({key.value(), value.value()});
      if (!pair || !set_add(result.get(), pair.value())) return nullptr;
    }
  }
  Ref<> rest = dict_view_new(remaining.get(), DictIterKind::Items);
  if (!rest || !set_update(result.get(), rest)) return nullptr;
  return result;
}

Ref<> view_xor(Value a, Value b) {
  if (is_items_view(a) && is_items_view(b)) return items_xor(a, b);
  Ref<SetObject> result = view_to_set(a);
  if (!result || !set_symmetric_difference_update(result.get(), b)) return nullptr;
  return result;
}

Ref<> view_isdisjoint(Value self, const Value* args) {
  Value other = args[0];
  if (self == other) return new_bool(view_length(self) == 0);
  Value iterate = other, test = self;
  // Iterate the smaller side when the other one is cheap to test too.
  if (is_anyset(other) || is_set_view(other)) {
    int64_t len_other = length(other);
    if (len_other < 0) return nullptr;
    if (len_other > view_length(self)) std::swap(iterate, test);
  }
  Ref<> iterator = get_iter(iterate);
  if (!iterator) return nullptr;
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      return new_bool(true);
    }
    int found = contains(test, item);
    if (found < 0) return nullptr;
    if (found) return new_bool(false);
  }
}

const GetSetDef view_getsets[] = {
    {"mapping", view_mapping, nullptr, "dictionary that this view refers to"},
    {},
};

const MethodDef set_view_methods[] = {
    {.name = "isdisjoint",
     .impl = view_isdisjoint,
     .signature = "($self, other, /)",
     .doc = "Return True if the view and the given iterable have a null intersection."},
    {.name = "__reversed__",
     .impl = view_reversed,
     .signature = "($self, /)",
     .doc = "Return a reverse iterator over the dict keys."},
    {},
};

const MethodDef values_view_methods[] = {
    {.name = "__reversed__",
     .impl = view_reversed,
     .signature = "($self, /)",
     .doc = "Return a reverse iterator over the dict values."},
    {},
};

}  // namespace

Ref<> dict_iterator_new(DictObject* d, DictIterKind kind, bool reversed) {
  int64_t last = dict_is_split(d) ? d->used - 1 : d->keys->nentries - 1;
  int64_t position = reversed ? last : 0;
  DictIteratorObject* it =
      allocate_iterator(iterator_type_for(kind, reversed), d, d->used, position, d->used);
  if (!it) return nullptr;
  return Ref<>::steal(Value(it));
}

Ref<> dict_view_new(DictObject* d, DictIterKind kind) {
  TypeObject* type = kind == DictIterKind::Keys     ? &dict_keys_type
                     : kind == DictIterKind::Values ? &dict_values_type
                                                    : &dict_items_type;
  auto* view = allocate<DictViewObject>(type);
  if (!view) return nullptr;
  view->dict = d;
  incref(d);
  gc_track(view);
  return Ref<>::steal(Value(view));
}

#define KRAIT_DICT_ITERATOR_TYPE(variable, python_name, next_fn) \
  TypeObject variable{TypeSpec{                                  \
      .name = python_name,                                       \
      .basic_size = sizeof(DictIteratorObject),                  \
      .flags = kTypeHaveGC | kTypeDisallowInstantiation,         \
      .slots = {.dealloc = dict_iterator_dealloc,                \
                .traverse = dict_iterator_traverse,              \
                .getattr = generic_get_attr,                     \
                .iter = iter_self,                               \
                .iternext = next_fn},                            \
      .methods = dict_iterator_methods,                          \
  }};
KRAIT_DICT_ITERATOR_TYPE(dict_keyiterator_type, "dict_keyiterator", dict_iterator_next)
KRAIT_DICT_ITERATOR_TYPE(dict_valueiterator_type, "dict_valueiterator", dict_iterator_next)
KRAIT_DICT_ITERATOR_TYPE(dict_itemiterator_type, "dict_itemiterator", dict_iterator_next)
KRAIT_DICT_ITERATOR_TYPE(dict_reverse_keyiterator_type, "dict_reversekeyiterator",
                         dict_reverse_iterator_next)
KRAIT_DICT_ITERATOR_TYPE(dict_reverse_valueiterator_type, "dict_reversevalueiterator",
                         dict_reverse_iterator_next)
KRAIT_DICT_ITERATOR_TYPE(dict_reverse_itemiterator_type, "dict_reverseitemiterator",
                         dict_reverse_iterator_next)
#undef KRAIT_DICT_ITERATOR_TYPE

TypeObject dict_keys_type{TypeSpec{
    .name = "dict_keys",
    .basic_size = sizeof(DictViewObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = view_dealloc,
              .traverse = view_traverse,
              .repr = view_repr,
              .compare = view_compare,
              .getattr = generic_get_attr,
              .iter = view_iter,
              .length = view_length,
              .contains = keys_contains,
              .subtract = view_subtract,
              .bit_and = view_and,
              .bit_or = view_or,
              .bit_xor = view_xor},
    .methods = set_view_methods,
    .getsets = view_getsets,
}};

TypeObject dict_items_type{TypeSpec{
    .name = "dict_items",
    .basic_size = sizeof(DictViewObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = view_dealloc,
              .traverse = view_traverse,
              .repr = view_repr,
              .compare = view_compare,
              .getattr = generic_get_attr,
              .iter = view_iter,
              .length = view_length,
              .contains = items_contains,
              .subtract = view_subtract,
              .bit_and = view_and,
              .bit_or = view_or,
              .bit_xor = view_xor},
    .methods = set_view_methods,
    .getsets = view_getsets,
}};

TypeObject dict_values_type{TypeSpec{
    .name = "dict_values",
    .basic_size = sizeof(DictViewObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = view_dealloc,
              .traverse = view_traverse,
              .repr = view_repr,
              .getattr = generic_get_attr,
              .iter = view_iter,
              .length = view_length},
    .methods = values_view_methods,
    .getsets = view_getsets,
}};

}  // namespace krait
