// enumerate, filter, map, reversed, zip (with strict=), and anext's awaitable.
#include "objects/builtin_iterators.h"

#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/exceptions.h"
#include "objects/generator.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

namespace {

Ref<> self_iter(Value self) { return new_ref(self); }

void visit_value(Value v, VisitFn visit, void* arg) {
  if (v.is_object()) visit(v.as_object(), arg);
}

// A subclass that keeps the built-in __init__ gets the built-in's "no keywords" check
// (one with its own __init__ may take keywords), as CPython's.
bool no_keywords(const char* name, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return bool(type_error("{}() takes no keyword arguments", name));
  return true;
}

// --- enumerate ---

struct EnumerateObject : Object {
  Value iterator;
  int64_t index;      // while it fits
  Value long_index;   // null unless the count went past int64 (or start was big)
  Object* result;     // the last (index, item) tuple, refilled when only we hold it
};

// The result tuple of an enumerate or zip step: `cached` refilled in place when nothing
// else holds it (a loop unpacked and dropped the previous one), as CPython does, so a loop
// allocates no tuple per item; else a new tuple (cache_result keeps it once filled). The
// caller fills the items (null in a new tuple; a refilled one keeps its old items, which
// the caller replaces with replace_item).
TupleObject* reusable_result(Object** cached, int64_t n, bool* reused) {
  if (*cached && (*cached)->refcount == 1) {
    *reused = true;
    // The collector may have untracked it while it held only atomic items.
    if (!gc_is_tracked(*cached)) gc_track(*cached);
    incref(*cached);
    return static_cast<TupleObject*>(*cached);
  }
  *reused = false;
  Ref<TupleObject> fresh = tuple_allocate(n);
  return fresh ? fresh.release_object() : nullptr;
}

// A new, filled result becomes the one to refill when there is none yet.
inline void cache_result(Object** cached, TupleObject* result) {
  if (*cached) return;
  incref(result);
  *cached = result;
}

// Puts a new item in a refilled result; the old one is released after, as its __del__
// may run code.
inline void replace_item(TupleObject* t, int64_t i, Value item) {
  Value old = t->items[i];
  t->items[i] = item;
  decref(old);
}

// enumerate itself (not a subclass) parses its arguments by hand in CPython (its
// vectorcall), with messages of its own; false with the TypeError set.
bool enumerate_exact_arguments_valid(size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  auto keyword_is = [&](size_t i, const char* expected) {
    if (str_equal_ascii(as_str(kwnames->items[i]), expected)) return true;
    return bool(type_error("{} is an invalid keyword argument for enumerate()", repr_for_message(kwnames->items[i])));
  };
  if (nargs + nkw == 2) {
    if (nkw == 1) return keyword_is(0, "start");
    if (nkw == 2) {
      if (str_equal_ascii(as_str(kwnames->items[0]), "start")) return keyword_is(1, "iterable");
      return keyword_is(0, "iterable") && keyword_is(1, "start");
    }
    return true;
  }
  if (nargs + nkw == 1) return nkw == 0 || keyword_is(0, "iterable");
  if (nargs == 0) return bool(type_error("enumerate() missing required argument 'iterable'"));
  return bool(type_error("enumerate() takes at most 2 arguments ({} given)", nargs + nkw));
}

Ref<> enumerate_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type == &enumerate_type && !enumerate_exact_arguments_valid(nargs, kwnames)) return nullptr;
  static const MethodDef def = {.name = "enumerate", .signature = "(iterable, start=0)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return nullptr;
  Ref<> iterator = get_iter(bound.values()[0]);
  if (!iterator) return nullptr;
  Ref<> start = number_index(bound.values()[1]);
  if (!start) return nullptr;
  auto* e = allocate<EnumerateObject>(type);
  if (!e) return nullptr;
  e->iterator = iterator.release();
  if (!int_to_int64(start, &e->index) || e->index > Value::kSmallIntMax) e->long_index = start.release();
  gc_track(e);
  return Ref<>::steal(Value(e));
}

void enumerate_dealloc(Object* o) {
  auto* e = static_cast<EnumerateObject*>(o);
  gc_untrack(o);
  decref(e->iterator);
  decref(e->long_index);
  if (e->result) decref(e->result);
  free_object(o);
}

void enumerate_traverse(Object* o, VisitFn visit, void* arg) {
  auto* e = static_cast<EnumerateObject*>(o);
  visit_value(e->iterator, visit, arg);
  visit_value(e->long_index, visit, arg);
  if (e->result) visit(e->result, arg);
}

Ref<> enumerate_next(Value self) {
  auto* e = static_cast<EnumerateObject*>(self.as_object());
  Ref<> item = type_of(e->iterator)->iternext(e->iterator);
  if (!item) return nullptr;
  Ref<> index;
  if (!e->long_index) {
    index = int_from_small(e->index);
    if (e->index == Value::kSmallIntMax) {
      Ref<> next = binary_op(index, Value::small_int(1), BinaryOperator::Add);
      if (!next) return nullptr;
      e->long_index = next.release();
    } else {
      ++e->index;
    }
  } else {
    index = new_ref(e->long_index);
    Ref<> next = binary_op(e->long_index, Value::small_int(1), BinaryOperator::Add);
    if (!next) return nullptr;
    decref(e->long_index);
    e->long_index = next.release();
  }
  bool reused;
  TupleObject* result = reusable_result(&e->result, 2, &reused);
  if (!result) return nullptr;
  if (reused) {
    replace_item(result, 0, index.release());
    replace_item(result, 1, item.release());
  } else {
    result->items[0] = index.release();
    result->items[1] = item.release();
    cache_result(&e->result, result);
  }
  return Ref<>::steal(Value(result));
}

Ref<> enumerate_reduce(Value self, const Value* args) {
  auto* e = static_cast<EnumerateObject*>(self.as_object());
  Ref<> index = e->long_index ? new_ref(e->long_index) : int_from_small(e->index);
  Ref<TupleObject> state = tuple_of({e->iterator, index.value()});
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), state.value()});
}

const MethodDef enumerate_methods[] = {
    {.name = "__reduce__", .impl = enumerate_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling.", .flags = kMethodNoTextSignature},
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass | kMethodNoTextSignature},
    {},
};

// --- filter ---

struct FilterObject : Object {
  Value function;  // None: truth of the item
  Value iterator;
};

Ref<> filter_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if ((type == &filter_type || type->init == filter_type.init) && !no_keywords("filter", kwnames)) return nullptr;
  if (nargs != 2) return type_error("filter expected 2 arguments, got {}", nargs);
  Ref<> iterator = get_iter(args[1]);
  if (!iterator) return nullptr;
  auto* f = allocate<FilterObject>(type);
  if (!f) return nullptr;
  incref(args[0]);
  f->function = args[0];
  f->iterator = iterator.release();
  gc_track(f);
  return Ref<>::steal(Value(f));
}

void filter_dealloc(Object* o) {
  auto* f = static_cast<FilterObject*>(o);
  gc_untrack(o);
  decref(f->function);
  decref(f->iterator);
  free_object(o);
}

void filter_traverse(Object* o, VisitFn visit, void* arg) {
  auto* f = static_cast<FilterObject*>(o);
  visit_value(f->function, visit, arg);
  visit_value(f->iterator, visit, arg);
}

Ref<> filter_next(Value self) {
  auto* f = static_cast<FilterObject*>(self.as_object());
  UnaryFn next = type_of(f->iterator)->iternext;
  bool use_truth = is_none(f->function) || f->function == Value(&bool_type);
  for (;;) {
    Ref<> item = next(f->iterator);
    if (!item) return nullptr;
    int keep;
    if (use_truth) {
      keep = is_true(item);
    } else {
      Ref<> verdict = call1(f->function, item);
      if (!verdict) return nullptr;
      keep = is_true(verdict);
    }
    if (keep < 0) return nullptr;
    if (keep) return item;
  }
}

Ref<> filter_reduce(Value self, const Value* args) {
  auto* f = static_cast<FilterObject*>(self.as_object());
  Ref<TupleObject> state = tuple_of({f->function, f->iterator});
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), state.value()});
}

const MethodDef filter_methods[] = {
    {.name = "__reduce__", .impl = filter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling.",
     .flags = kMethodNoTextSignature},
    {},
};

// --- map ---

struct MapObject : Object {
  Value function;
  Object* iterators;  // tuple
};

Ref<> map_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if ((type == &map_type || type->init == map_type.init) && !no_keywords("map", kwnames)) return nullptr;
  if (nargs < 2) return type_error("map() must have at least two arguments.");
  Ref<TupleObject> iterators = tuple_allocate(int64_t(nargs - 1));
  if (!iterators) return nullptr;
  for (size_t i = 1; i < nargs; ++i) {
    Ref<> it = get_iter(args[i]);
    if (!it) return nullptr;
    iterators->items[i - 1] = it.release();
  }
  auto* m = allocate<MapObject>(type);
  if (!m) return nullptr;
  incref(args[0]);
  m->function = args[0];
  m->iterators = iterators.release_object();
  gc_track(m);
  return Ref<>::steal(Value(m));
}

void map_dealloc(Object* o) {
  auto* m = static_cast<MapObject*>(o);
  gc_untrack(o);
  decref(m->function);
  decref(m->iterators);
  free_object(o);
}

void map_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<MapObject*>(o);
  visit_value(m->function, visit, arg);
  visit(m->iterators, arg);
}

Ref<> map_next(Value self) {
  auto* m = static_cast<MapObject*>(self.as_object());
  TupleObject* iterators = as_tuple(Value(m->iterators));
  Value stack_args[4];
  std::vector<Value> heap_args;
  Value* call_args = stack_args;
  if (iterators->length > 4) {
    heap_args.resize(size_t(iterators->length));
    call_args = heap_args.data();
  }
  std::vector<Ref<>> items;
  items.reserve(size_t(iterators->length));
  for (int64_t i = 0; i < iterators->length; ++i) {
    Value it = iterators->items[i];
    Ref<> item = type_of(it)->iternext(it);
    if (!item) return nullptr;
    call_args[i] = item.value();
    items.push_back(std::move(item));
  }
  return call(m->function, call_args, size_t(iterators->length));
}

Ref<> map_reduce(Value self, const Value* args) {
  auto* m = static_cast<MapObject*>(self.as_object());
  TupleObject* iterators = as_tuple(Value(m->iterators));
  Ref<TupleObject> state = tuple_allocate(iterators->length + 1);
  if (!state) return nullptr;
  incref(m->function);
  state->items[0] = m->function;
  for (int64_t i = 0; i < iterators->length; ++i) {
    incref(iterators->items[i]);
    state->items[i + 1] = iterators->items[i];
  }
  return tuple_of({Value(type_of(self)), state.value()});
}

const MethodDef map_methods[] = {
    {.name = "__reduce__", .impl = map_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling.",
     .flags = kMethodNoTextSignature},
    {},
};

// --- reversed ---

struct ReversedObject : Object {
  Value sequence;  // null once exhausted
  int64_t index;
};

Ref<> reversed_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if ((type == &reversed_type || type->init == reversed_type.init) && !no_keywords("reversed", kwnames)) return nullptr;
  if (nargs != 1) return type_error("reversed expected 1 argument, got {}", nargs);
  Value sequence = args[0];
  Ref<> reversed_method = lookup_special(sequence, ID(__reversed__));
  if (reversed_method) {
    if (is_none(reversed_method)) {
      return type_error("'{}' object is not reversible", type_name(sequence));
    }
    return call0(reversed_method);
  }
  if (error_occurred()) return nullptr;
  Value reversed_attr = type_lookup(type_of(sequence), ID(__reversed__));
  if (reversed_attr && is_none(reversed_attr)) {
    return type_error("'{}' object is not reversible", type_name(sequence));
  }
  if (!type_of(sequence)->getitem || !type_of(sequence)->length || type_has_flag(sequence, kTypeDictSubclass)) {
    return type_error("'{}' object is not reversible", type_name(sequence));
  }
  int64_t n = length(sequence);
  if (n < 0) return nullptr;
  auto* r = allocate<ReversedObject>(type);
  if (!r) return nullptr;
  incref(sequence);
  r->sequence = sequence;
  r->index = n - 1;
  gc_track(r);
  return Ref<>::steal(Value(r));
}

void reversed_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<ReversedObject*>(o)->sequence);
  free_object(o);
}

void reversed_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<ReversedObject*>(o)->sequence, visit, arg);
}

Ref<> reversed_next(Value self) {
  auto* r = static_cast<ReversedObject*>(self.as_object());
  if (!r->sequence) return nullptr;
  if (r->index >= 0) {
    // A user sequence's __len__ may be up to sys.maxsize, past the small-int range.
    Ref<> index = int_from_int64(r->index);
    if (!index) return nullptr;
    Ref<> item = get_item(r->sequence, index.value());
    if (item) {
      --r->index;
      return item;
    }
    if (!error_matches(&exc::IndexError) && !error_matches(&exc::StopIteration)) return nullptr;
    clear_error();
  }
  r->index = -1;
  Value sequence = r->sequence;
  r->sequence = Value();
  decref(sequence);
  return nullptr;
}

Ref<> reversed_length_hint(Value self, const Value* args) {
  auto* r = static_cast<ReversedObject*>(self.as_object());
  if (!r->sequence) return int_from_small(0);
  int64_t n = length(r->sequence);
  if (n < 0) return nullptr;
  return int_from_int64(n < r->index + 1 ? 0 : r->index + 1);
}

Ref<> reversed_reduce(Value self, const Value* args) {
  auto* r = static_cast<ReversedObject*>(self.as_object());
  if (!r->sequence) {
    Ref<TupleObject> empty = tuple_empty();
    Ref<TupleObject> state = tuple_of({empty.value()});
    return tuple_of({Value(type_of(self)), state.value()});
  }
  Ref<TupleObject> state = tuple_of({r->sequence});
  Ref<> index = int_from_int64(r->index);
  if (!state || !index) return nullptr;
  return tuple_of({Value(type_of(self)), state.value(), index.value()});
}

Ref<> reversed_setstate(Value self, const Value* args) {
  auto* r = static_cast<ReversedObject*>(self.as_object());
  int64_t index;
  if (!index_to_int64(args[0], &index)) return nullptr;
  if (r->sequence) {
    int64_t n = length(r->sequence);
    if (n < 0) return nullptr;
    if (index < -1) index = -1;
    if (index > n - 1) index = n - 1;
    r->index = index;
  }
  return new_none();
}

const MethodDef reversed_methods[] = {
    {.name = "__length_hint__", .impl = reversed_length_hint, .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it)).",
     .flags = kMethodNoTextSignature},
    {.name = "__reduce__", .impl = reversed_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling.",
     .flags = kMethodNoTextSignature},
    {.name = "__setstate__", .impl = reversed_setstate, .signature = "($self, state, /)",
     .doc = "Set state information for unpickling.",
     .flags = kMethodNoTextSignature},
    {},
};

// --- zip ---

struct ZipObject : Object {
  Object* iterators;  // tuple
  bool strict;
  Object* result;     // the last tuple of items, refilled when only we hold it
};

Ref<> zip_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  bool strict = false;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  for (size_t i = 0; i < nkw; ++i) {
    if (!str_equal_ascii(as_str(kwnames->items[i]), "strict")) {
      return type_error("'{}' is an invalid keyword argument for zip()", str_utf8(kwnames->items[i]));
    }
    int truth = is_true(args[nargs + i]);
    if (truth < 0) return nullptr;
    strict = truth;
  }
  Ref<TupleObject> iterators = tuple_allocate(int64_t(nargs));
  if (!iterators) return nullptr;
  for (size_t i = 0; i < nargs; ++i) {
    Ref<> it = get_iter(args[i]);
    if (!it) return nullptr;
    iterators->items[i] = it.release();
  }
  auto* z = allocate<ZipObject>(type);
  if (!z) return nullptr;
  z->iterators = iterators.release_object();
  z->strict = strict;
  gc_track(z);
  return Ref<>::steal(Value(z));
}

void zip_dealloc(Object* o) {
  gc_untrack(o);
  auto* z = static_cast<ZipObject*>(o);
  decref(z->iterators);
  if (z->result) decref(z->result);
  free_object(o);
}

void zip_traverse(Object* o, VisitFn visit, void* arg) {
  auto* z = static_cast<ZipObject*>(o);
  visit(z->iterators, arg);
  if (z->result) visit(z->result, arg);
}

Ref<> zip_next(Value self) {
  auto* z = static_cast<ZipObject*>(self.as_object());
  TupleObject* iterators = as_tuple(Value(z->iterators));
  int64_t n = iterators->length;
  if (n == 0) return nullptr;
  bool reused;
  TupleObject* raw_result = reusable_result(&z->result, n, &reused);
  if (!raw_result) return nullptr;
  Ref<TupleObject> result = Ref<TupleObject>::steal(Value(raw_result));
  for (int64_t i = 0; i < n; ++i) {
    Value it = iterators->items[i];
    Ref<> item = type_of(it)->iternext(it);
    if (item) {
      if (reused) {
        replace_item(result.get(), i, item.release());
      } else {
        result->items[i] = item.release();
      }
      continue;
    }
    if (error_occurred() || !z->strict) return nullptr;
    // strict=True: every iterator must end together.
    if (i > 0) {
      return value_error("zip() argument {} is shorter than argument{} {}", i + 1, i == 1 ? "" : "s 1-",
                         i == 1 ? std::string("1") : std::to_string(i));
    }
    for (int64_t j = 1; j < n; ++j) {
      Value other = iterators->items[j];
      Ref<> extra = type_of(other)->iternext(other);
      if (extra) {
        return value_error("zip() argument {} is longer than argument{} {}", j + 1, j == 1 ? "" : "s 1-",
                           j == 1 ? std::string("1") : std::to_string(j));
      }
      if (error_occurred()) return nullptr;
    }
    return nullptr;
  }
  if (!reused) cache_result(&z->result, result.get());
  return result;
}

Ref<> zip_reduce(Value self, const Value* args) {
  auto* z = static_cast<ZipObject*>(self.as_object());
  if (z->strict) return tuple_of({Value(type_of(self)), Value(z->iterators), True()});
  return tuple_of({Value(type_of(self)), Value(z->iterators)});
}

Ref<> zip_setstate(Value self, const Value* args) {
  int truth = is_true(args[0]);
  if (truth < 0) return nullptr;
  static_cast<ZipObject*>(self.as_object())->strict = truth;
  return new_none();
}

const MethodDef zip_methods[] = {
    {.name = "__reduce__", .impl = zip_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling.",
     .flags = kMethodNoTextSignature},
    {.name = "__setstate__", .impl = zip_setstate, .signature = "($self, state, /)",
     .doc = "Set state information for unpickling.",
     .flags = kMethodNoTextSignature},
    {},
};

// --- anext(aiterator, default) ---

struct AnextAwaitableObject : Object {
  Value wrapped;
  Value default_value;
};

void anext_dealloc(Object* o) {
  auto* a = static_cast<AnextAwaitableObject*>(o);
  gc_untrack(o);
  decref(a->wrapped);
  decref(a->default_value);
  free_object(o);
}

void anext_traverse(Object* o, VisitFn visit, void* arg) {
  auto* a = static_cast<AnextAwaitableObject*>(o);
  visit_value(a->wrapped, visit, arg);
  visit_value(a->default_value, visit, arg);
}

// The iterator that awaiting the wrapped awaitable runs (a coroutine's __await__()).
Ref<> anext_awaitable_iter(AnextAwaitableObject* a) {
  Ref<> awaitable = awaitable_iter(a->wrapped);
  if (!awaitable || type_of(awaitable)->iternext) return awaitable;
  // A coroutine: iterate its __await__() wrapper.
  awaitable = type_of(awaitable)->await(awaitable);
  if (awaitable && !type_of(awaitable)->iternext) return type_error("__await__ returned a non-iterable");
  return awaitable;
}

// StopAsyncIteration from the wrapped awaitable becomes StopIteration(default).
Ref<> anext_finish(AnextAwaitableObject* a, Ref<> result) {
  if (!result && error_matches(&exc::StopAsyncIteration)) {
    clear_error();
    return raise_stop_iteration(a->default_value);
  }
  return result;
}

Ref<> anext_iternext(Value self) {
  auto* a = static_cast<AnextAwaitableObject*>(self.as_object());
  Ref<> awaitable = anext_awaitable_iter(a);
  if (!awaitable) return nullptr;
  return anext_finish(a, type_of(awaitable)->iternext(awaitable));
}

// send/throw/close: the same method of the awaitable's iterator.
Ref<> anext_proxy(Value self, StrObject* method, const Value* args, size_t nargs) {
  auto* a = static_cast<AnextAwaitableObject*>(self.as_object());
  Ref<> awaitable = anext_awaitable_iter(a);
  if (!awaitable) return nullptr;
  Ref<> bound = get_attr(awaitable, method);
  if (!bound) return nullptr;
  return anext_finish(a, call(bound, args, nargs));
}

Ref<> anext_send(Value self, const Value* args) { return anext_proxy(self, ID(send), args, 1); }

Ref<> anext_throw(Value self, const Value* args) {
  return anext_proxy(self, ID(throw), args, args[2] ? 3 : args[1] ? 2 : 1);
}

Ref<> anext_close(Value self, const Value* args) { return anext_proxy(self, ID(close), args, 0); }

const MethodDef anext_methods[] = {
    {.name = "send", .impl = anext_send, .signature = "($self, value, /)"},
    {.name = "throw", .impl = anext_throw, .signature = "($self, typ, val=?, tb=?, /)"},
    {.name = "close", .impl = anext_close, .signature = "($self, /)"},
    {},
};

}  // namespace

Ref<> anext_awaitable_new(Value awaitable, Value default_value) {
  auto* a = allocate<AnextAwaitableObject>(&anext_awaitable_type);
  if (!a) return nullptr;
  incref(awaitable);
  incref(default_value);
  a->wrapped = awaitable;
  a->default_value = default_value;
  gc_track(a);
  return Ref<>::steal(Value(a));
}

TypeObject enumerate_type{TypeSpec{
    .name = "enumerate",
    .doc = "enumerate(iterable, start=0)\n--\n\nReturn an enumerate object.\n\n  iterable\n    an object supporting iteration\n\n"
           "The enumerate object yields pairs containing a count (from start, which\n"
           "defaults to zero) and a value yielded by the iterable argument.\n\n"
           "enumerate is useful for obtaining an indexed list:\n"
           "    (0, seq[0]), (1, seq[1]), (2, seq[2]), ...",
    .basic_size = sizeof(EnumerateObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = enumerate_dealloc, .traverse = enumerate_traverse, .new_instance = enumerate_new,
              .getattr = generic_get_attr, .iter = self_iter, .iternext = enumerate_next},
    .methods = enumerate_methods,
}};

TypeObject filter_type{TypeSpec{
    .name = "filter",
    .doc = "filter(function or None, iterable) --> filter object\n\n"
           "Return an iterator yielding those items of iterable for which function(item)\n"
           "is true. If function is None, return the items that are true.",
    .basic_size = sizeof(FilterObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = filter_dealloc, .traverse = filter_traverse, .new_instance = filter_new,
              .getattr = generic_get_attr, .iter = self_iter, .iternext = filter_next},
    .methods = filter_methods,
}};

TypeObject map_type{TypeSpec{
    .name = "map",
    .doc = "map(func, *iterables) --> map object\n\n"
           "Make an iterator that computes the function using arguments from\n"
           "each of the iterables.  Stops when the shortest iterable is exhausted.",
    .basic_size = sizeof(MapObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = map_dealloc, .traverse = map_traverse, .new_instance = map_new,
              .getattr = generic_get_attr, .iter = self_iter, .iternext = map_next},
    .methods = map_methods,
}};

TypeObject reversed_type{TypeSpec{
    .name = "reversed",
    .doc = "reversed(sequence, /)\n--\n\nReturn a reverse iterator over the values of the given sequence.",
    .basic_size = sizeof(ReversedObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = reversed_dealloc, .traverse = reversed_traverse, .new_instance = reversed_new,
              .getattr = generic_get_attr, .iter = self_iter, .iternext = reversed_next},
    .methods = reversed_methods,
}};

TypeObject zip_type{TypeSpec{
    .name = "zip",
    .doc = "zip(*iterables, strict=False) --> Yield tuples until an input is exhausted.\n\n"
           "   >>> list(zip('abcdefg', range(3), range(4)))\n"
           "   [('a', 0, 0), ('b', 1, 1), ('c', 2, 2)]\n\n"
           "The zip object yields n-length tuples, where n is the number of iterables\n"
           "passed as positional arguments to zip().  The i-th element in every tuple\n"
           "comes from the i-th iterable argument to zip().  This continues until the\n"
           "shortest argument is exhausted.\n\n"
           "If strict is true and one of the arguments is exhausted before the others,\n"
           "raise a ValueError.",
    .basic_size = sizeof(ZipObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = zip_dealloc, .traverse = zip_traverse, .new_instance = zip_new,
              .getattr = generic_get_attr, .iter = self_iter, .iternext = zip_next},
    .methods = zip_methods,
}};

TypeObject anext_awaitable_type{TypeSpec{
    .name = "anext_awaitable",
    .basic_size = sizeof(AnextAwaitableObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = anext_dealloc, .traverse = anext_traverse, .getattr = generic_get_attr,
              .iter = self_iter, .iternext = anext_iternext, .await = self_iter},
    .methods = anext_methods,
}};

}  // namespace krait
