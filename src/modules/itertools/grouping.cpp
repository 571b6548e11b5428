// itertools.groupby (and its _grouper) and tee (with _tee and _tee_dataobject, the shared
// buffer: a linked list of fixed-size blocks of items that the tee iterators walk).
#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/itertools/itertools_internal.h"
#include "objects/container_util.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::itertools {

namespace {

// --- groupby ---

struct GroupbyObject : Object {
  Value iterator;
  Value key_function;       // None: the items themselves
  Value target_key;         // key of the group being handed out
  Value current_key;        // key of current_value
  Value current_value;      // the item read ahead, or null
  Object* current_grouper;  // borrowed: the _grouper that may still advance
};

struct GrouperObject : Object {
  Value parent;  // the groupby
  Value target_key;
};

GroupbyObject* as_groupby(Value v) { return static_cast<GroupbyObject*>(v.as_object()); }

Ref<> groupby_impl(Value type, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  auto* g = allocate<GroupbyObject>(static_cast<TypeObject*>(type.as_object()));
  if (!g) return nullptr;
  g->iterator = iterator.release();
  incref(args[1]);
  g->key_function = args[1];
  gc_track(g);
  return Ref<>::steal(Value(g));
}

const MethodDef groupby_new_def = {.name = "groupby",
                                   .impl = groupby_impl,
                                   .signature = "($type, iterable, key=None)",
                                   .flags = kMethodConstructor};

Ref<> groupby_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(groupby_new_def, &groupby_type, type, args, nargs, kwnames);
}

void groupby_dealloc(Object* o) {
  gc_untrack(o);
  auto* g = static_cast<GroupbyObject*>(o);
  decref(g->iterator);
  decref(g->key_function);
  decref(g->target_key);
  decref(g->current_key);
  decref(g->current_value);
  free_object(o);
}

void groupby_traverse(Object* o, VisitFn visit, void* arg) {
  auto* g = static_cast<GroupbyObject*>(o);
  visit_value(g->iterator, visit, arg);
  visit_value(g->key_function, visit, arg);
  visit_value(g->target_key, visit, arg);
  visit_value(g->current_key, visit, arg);
  visit_value(g->current_value, visit, arg);
}

// Reads the next item and its key into current_value/current_key; false at the end or on error.
bool groupby_step(GroupbyObject* g) {
  Ref<> value = iter_next(g->iterator);
  if (!value) return false;
  Ref<> key = is_none(g->key_function) ? new_ref(value) : call1(g->key_function, value);
  if (!key) return false;
  set_value(&g->current_value, value.release());
  set_value(&g->current_key, key.release());
  return true;
}

Ref<> grouper_create(GroupbyObject* parent, Value target_key);

Ref<> groupby_next(Value self) {
  GroupbyObject* g = as_groupby(self);
  g->current_grouper = nullptr;
  // Skip what is left of the current group.
  for (;;) {
    if (g->current_key) {
      if (!g->target_key) break;
      int equal_keys = equal(g->target_key, g->current_key);
      if (equal_keys < 0) return nullptr;
      if (equal_keys == 0) break;
    }
    if (!groupby_step(g)) return nullptr;
  }
  incref(g->current_key);
  set_value(&g->target_key, g->current_key);
  Ref<> grouper = grouper_create(g, g->target_key);
  if (!grouper) return nullptr;
  return tuple_of({g->current_key, grouper.value()});
}

Ref<> groupby_reduce(Value self, const Value* args) {
  GroupbyObject* g = as_groupby(self);
  Ref<TupleObject> arguments = tuple_of({g->iterator, g->key_function});
  if (!arguments) return nullptr;
  if (g->target_key && g->current_key && g->current_value) {
    Ref<TupleObject> state = tuple_of({g->current_key, g->current_value, g->target_key});
    if (!state) return nullptr;
    return tuple_of({Value(type_of(self)), arguments.value(), state.value()});
  }
  return tuple_of({Value(type_of(self)), arguments.value()});
}

Ref<> groupby_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (!check_state_tuple(state)) return nullptr;
  TupleObject* t = as_tuple(state);
  if (t->length != 3) return type_error("function takes exactly 3 arguments ({} given)", t->length);
  GroupbyObject* g = as_groupby(self);
  for (Value v : {t->items[0], t->items[1], t->items[2]}) incref(v);
  set_value(&g->current_key, t->items[0]);
  set_value(&g->current_value, t->items[1]);
  set_value(&g->target_key, t->items[2]);
  return new_none();
}

const MethodDef groupby_methods[] = {
    {.name = "__reduce__",
     .impl = groupby_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = groupby_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- _grouper ---

Ref<> grouper_create(GroupbyObject* parent, Value target_key) {
  auto* r = allocate<GrouperObject>(&grouper_type);
  if (!r) return nullptr;
  incref(Value(parent));
  r->parent = Value(parent);
  incref(target_key);
  r->target_key = target_key;
  parent->current_grouper = r;
  gc_track(r);
  return Ref<>::steal(Value(r));
}

Ref<> grouper_impl(Value type, const Value* args) {
  if (!is_instance_of(args[0], &groupby_type)) {
    return type_error("_grouper() argument 1 must be itertools.groupby, not {}",
                      type_name(args[0]));
  }
  return grouper_create(as_groupby(args[0]), args[1]);
}

const MethodDef grouper_new_def = {.name = "_grouper",
                                   .impl = grouper_impl,
                                   .signature = "($type, parent, tgtkey, /)",
                                   .flags = kMethodConstructor};

Ref<> grouper_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(grouper_new_def, &grouper_type, type, args, nargs, kwnames);
}

void grouper_dealloc(Object* o) {
  gc_untrack(o);
  auto* r = static_cast<GrouperObject*>(o);
  decref(r->parent);
  decref(r->target_key);
  free_object(o);
}

void grouper_traverse(Object* o, VisitFn visit, void* arg) {
  auto* r = static_cast<GrouperObject*>(o);
  visit_value(r->parent, visit, arg);
  visit_value(r->target_key, visit, arg);
}

Ref<> grouper_next(Value self) {
  auto* r = static_cast<GrouperObject*>(self.as_object());
  GroupbyObject* g = as_groupby(r->parent);
  if (g->current_grouper != r) return nullptr;
  if (!g->current_value && !groupby_step(g)) return nullptr;
  int same = equal(r->target_key, g->current_key);
  if (same <= 0) return nullptr;
  Value value = g->current_value;
  g->current_value = Value();
  clear_value(&g->current_key);
  return Ref<>::steal(value);
}

Ref<> grouper_reduce(Value self, const Value* args) {
  auto* r = static_cast<GrouperObject*>(self.as_object());
  if (as_groupby(r->parent)->current_grouper != r) {
    // A group that can no longer advance pickles as an empty iterator.
    Ref<> iter_function = builtin_named("iter");
    Ref<TupleObject> empty = tuple_empty();
    Ref<TupleObject> arguments = empty ? tuple_of({empty.value()}) : Ref<TupleObject>();
    if (!iter_function || !arguments) return nullptr;
    return tuple_of({iter_function.value(), arguments.value()});
  }
  Ref<TupleObject> arguments = tuple_of({r->parent, r->target_key});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

const MethodDef grouper_methods[] = {
    {.name = "__reduce__",
     .impl = grouper_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

// --- _tee_dataobject ---

constexpr int64_t kLinkCells = 57;  // items per block, as CPython (pickles carry it)

struct TeeDataObject : Object {
  Value iterator;
  int64_t count;    // items read into `values`
  bool running;     // guards against re-entering the shared iterator
  Value next_link;  // the following block, or null
  Value values[kLinkCells];
};

TeeDataObject* as_tee_data(Value v) { return static_cast<TeeDataObject*>(v.as_object()); }

Ref<> tee_data_create(Value iterator) {
  auto* d = allocate<TeeDataObject>(&tee_dataobject_type);
  if (!d) return nullptr;
  incref(iterator);
  d->iterator = iterator;
  gc_track(d);
  return Ref<>::steal(Value(d));
}

Ref<> tee_data_impl(Value type, const Value* args) {
  Value iterator = args[0], values = args[1], next = args[2];
  if (!is_list(values))
    return type_error("teedataobject() argument 2 must be list, not {}", type_name(values));
  Ref<> result = tee_data_create(iterator);
  if (!result) return nullptr;
  TeeDataObject* d = as_tee_data(result);
  ListObject* list = as_list(values);
  if (list->length > kLinkCells) return value_error("Invalid arguments");
  for (int64_t i = 0; i < list->length; ++i) d->values[i] = new_ref(list->items[i]).release();
  d->count = list->length;
  // Only a full block may have a successor.
  if (list->length == kLinkCells && !is_none(next)) {
    if (type_of(next) != &tee_dataobject_type) return value_error("Invalid arguments");
    incref(next);
    d->next_link = next;
  } else if (list->length != kLinkCells && !is_none(next)) {
    return value_error("Invalid arguments");
  }
  return result;
}

const MethodDef tee_data_new_def = {.name = "teedataobject",
                                    .impl = tee_data_impl,
                                    .signature = "($type, iterable, values, next, /)",
                                    .flags = kMethodConstructor};

Ref<> tee_data_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(tee_data_new_def, &tee_dataobject_type, type, args, nargs, kwnames);
}

void tee_data_clear_items(TeeDataObject* d) {
  for (int64_t i = 0; i < d->count; ++i) clear_value(&d->values[i]);
  d->count = 0;
  clear_value(&d->iterator);
}

void tee_data_dealloc(Object* o) {
  gc_untrack(o);
  auto* d = static_cast<TeeDataObject*>(o);
  tee_data_clear_items(d);
  // Release the chain of following blocks iteratively: a long tee would otherwise recurse
  // once per block.
  Value next = d->next_link;
  d->next_link = Value();
  while (next && next.as_object()->refcount == 1) {
    auto* link = as_tee_data(next);
    Value after = link->next_link;
    link->next_link = Value();
    decref(next);
    next = after;
  }
  decref(next);
  free_object(o);
}

void tee_data_traverse(Object* o, VisitFn visit, void* arg) {
  auto* d = static_cast<TeeDataObject*>(o);
  visit_value(d->iterator, visit, arg);
  for (int64_t i = 0; i < d->count; ++i) visit_value(d->values[i], visit, arg);
  visit_value(d->next_link, visit, arg);
}

void tee_data_clear(Object* o) {
  auto* d = static_cast<TeeDataObject*>(o);
  tee_data_clear_items(d);
  clear_value(&d->next_link);
}

// The item at index i of the block, reading it from the shared iterator if this is the
// leading tee.
Ref<> tee_data_item(TeeDataObject* d, int64_t i) {
  if (i < d->count) return new_ref(d->values[i]);
  if (d->running) return raise(exc::RuntimeError, "cannot re-enter the tee iterator");
  d->running = true;
  Ref<> value = iter_next(d->iterator);
  d->running = false;
  if (!value) return nullptr;
  d->values[d->count++] = new_ref(value).release();
  return value;
}

Ref<> tee_data_next_link(TeeDataObject* d) {
  if (!d->next_link) {
    Ref<> link = tee_data_create(d->iterator);
    if (!link) return nullptr;
    d->next_link = link.release();
  }
  return new_ref(d->next_link);
}

Ref<> tee_data_reduce(Value self, const Value* args) {
  TeeDataObject* d = as_tee_data(self);
  Ref<ListObject> values = list_from_array(d->values, d->count);
  if (!values) return nullptr;
  Ref<TupleObject> arguments = tuple_of(
      {d->iterator ? d->iterator : None(), values.value(), d->next_link ? d->next_link : None()});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

const MethodDef tee_data_methods[] = {
    {.name = "__reduce__",
     .impl = tee_data_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

// --- _tee ---

struct TeeObject : Object {
  Value data;     // the current _tee_dataobject
  int64_t index;  // position in it
  Object* weakrefs;
};

TeeObject* as_tee(Value v) { return static_cast<TeeObject*>(v.as_object()); }

Ref<> tee_create(Value data, int64_t index) {
  auto* t = allocate<TeeObject>(&tee_type);
  if (!t) return nullptr;
  incref(data);
  t->data = data;
  t->index = index;
  gc_track(t);
  return Ref<>::steal(Value(t));
}

Ref<> tee_copy(Value self, const Value* args) {
  return tee_create(as_tee(self)->data, as_tee(self)->index);
}

// A tee over `iterable`: a copy if it already is one.
Ref<> tee_from_iterable(Value iterable) {
  Ref<> iterator = get_iter(iterable);
  if (!iterator) return nullptr;
  if (type_of(iterator) == &tee_type) return tee_copy(iterator, nullptr);
  Ref<> data = tee_data_create(iterator);
  if (!data) return nullptr;
  return tee_create(data, 0);
}

Ref<> tee_impl(Value type, const Value* args) { return tee_from_iterable(args[0]); }

const MethodDef tee_new_def = {.name = "_tee",
                               .impl = tee_impl,
                               .signature = "($type, iterable, /)",
                               .flags = kMethodConstructor};

Ref<> tee_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(tee_new_def, &tee_type, type, args, nargs, kwnames);
}

void tee_dealloc(Object* o) {
  gc_untrack(o);
  auto* t = static_cast<TeeObject*>(o);
  if (t->weakrefs) clear_weakrefs(o);
  decref(t->data);
  free_object(o);
}

void tee_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<TeeObject*>(o)->data, visit, arg);
}

void tee_clear(Object* o) { clear_value(&static_cast<TeeObject*>(o)->data); }

Ref<> tee_next(Value self) {
  TeeObject* t = as_tee(self);
  if (!t->data) return nullptr;
  if (t->index >= kLinkCells) {
    Ref<> link = tee_data_next_link(as_tee_data(t->data));
    if (!link) return nullptr;
    set_value(&t->data, link.release());
    t->index = 0;
  }
  Ref<> value = tee_data_item(as_tee_data(t->data), t->index);
  if (!value) return nullptr;
  ++t->index;
  return value;
}

Ref<> tee_reduce(Value self, const Value* args) {
  TeeObject* t = as_tee(self);
  Ref<TupleObject> empty = tuple_empty();
  Ref<TupleObject> arguments = empty ? tuple_of({empty.value()}) : Ref<TupleObject>();
  Ref<> index = int_from_int64(t->index);
  Ref<TupleObject> state =
      index ? tuple_of({t->data ? t->data : None(), index.value()}) : Ref<TupleObject>();
  if (!arguments || !state) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value(), state.value()});
}

Ref<> tee_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (!check_state_tuple(state)) return nullptr;
  TupleObject* s = as_tuple(state);
  if (s->length != 2) return type_error("function takes exactly 2 arguments ({} given)", s->length);
  if (type_of(s->items[0]) != &tee_dataobject_type) {
    return type_error("argument 1 must be itertools._tee_dataobject, not {}",
                      type_name(s->items[0]));
  }
  int64_t index;
  if (!index_to_int64(s->items[1], &index)) return nullptr;
  if (index < 0 || index > kLinkCells) return value_error("Index out of range");
  TeeObject* t = as_tee(self);
  incref(s->items[0]);
  set_value(&t->data, s->items[0]);
  t->index = index;
  return new_none();
}

const MethodDef tee_methods[] = {
    {.name = "__copy__",
     .impl = tee_copy,
     .signature = "($self, /)",
     .doc = "Returns an independent iterator."},
    {.name = "__reduce__",
     .impl = tee_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = tee_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

}  // namespace

Ref<> tee_function(Value module, const Value* args) {
  int64_t n;
  if (!index_to_int64(args[1], &n)) return nullptr;
  if (n < 0) return value_error("n must be >= 0");
  Ref<TupleObject> result = tuple_allocate(n);
  if (!result) return nullptr;
  for (int64_t i = 0; i < n; ++i) result->items[i] = None();
  if (n == 0) return result;
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  // An iterator that can copy itself (a tee, or anything with __copy__) is copied directly.
  Ref<> copy_function;
  if (get_attr_optional(iterator, str_intern_utf8("__copy__"), &copy_function) < 0) return nullptr;
  Ref<> first;
  if (copy_function) {
    first = std::move(iterator);
  } else {
    first = tee_from_iterable(iterator);
    if (!first) return nullptr;
    copy_function = get_attr(first, str_intern_utf8("__copy__"));
    if (!copy_function) return nullptr;
  }
  set_value(&result->items[0], first.release());
  for (int64_t i = 1; i < n; ++i) {
    Ref<> copy = call0(copy_function);
    if (!copy) return nullptr;
    set_value(&result->items[i], copy.release());
  }
  return result;
}

TypeObject groupby_type{TypeSpec{
    .name = "itertools.groupby",
    .doc = "groupby(iterable, key=None)\n--\n\nmake an iterator that returns consecutive keys and "
           "groups from the "
           "iterable\n\n  iterable\n    Elements to divide into groups according to the key "
           "function.\n  key\n    A "
           "function for computing the group category for each element.\n    If the key function "
           "is not specified or "
           "is None, the element itself\n    is used for grouping.",
    .basic_size = sizeof(GroupbyObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = groupby_dealloc,
              .traverse = groupby_traverse,
              .new_instance = groupby_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = groupby_next},
    .methods = groupby_methods,
}};

TypeObject grouper_type{TypeSpec{
    .name = "itertools._grouper",
    .basic_size = sizeof(GrouperObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = grouper_dealloc,
              .traverse = grouper_traverse,
              .new_instance = grouper_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = grouper_next},
    .methods = grouper_methods,
}};

TypeObject tee_dataobject_type{TypeSpec{
    .name = "itertools._tee_dataobject",
    .doc = "teedataobject(iterable, values, next, /)\n--\n\nData container common to multiple tee "
           "objects.",
    .basic_size = sizeof(TeeDataObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = tee_data_dealloc,
              .traverse = tee_data_traverse,
              .clear = tee_data_clear,
              .new_instance = tee_data_new,
              .getattr = generic_get_attr},
    .methods = tee_data_methods,
}};

TypeObject tee_type{TypeSpec{
    .name = "itertools._tee",
    .doc = "_tee(iterable, /)\n--\n\nIterator wrapped to make it copyable.",
    .basic_size = sizeof(TeeObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(TeeObject, weakrefs),
    .slots = {.dealloc = tee_dealloc,
              .traverse = tee_traverse,
              .clear = tee_clear,
              .new_instance = tee_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = tee_next},
    .methods = tee_methods,
}};

}  // namespace krait::itertools
