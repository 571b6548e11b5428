// itertools' iterators over other iterators: accumulate, chain, compress, dropwhile,
// filterfalse, islice, pairwise, starmap, takewhile, zip_longest.
#include <vector>

#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/itertools/itertools_internal.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::itertools {

namespace {

TypeObject* as_type_value(Value v) { return static_cast<TypeObject*>(v.as_object()); }

// Most of these objects are a function (or other value) and an iterator.
struct FunctionIteratorObject : Object {
  Value function;
  Value iterator;
  int64_t flag;  // dropwhile: started; takewhile: stopped
};

FunctionIteratorObject* as_function_iterator(Value v) {
  return static_cast<FunctionIteratorObject*>(v.as_object());
}

Ref<> function_iterator_create(Value type, Value function, Value iterable) {
  Ref<> iterator = get_iter(iterable);
  if (!iterator) return nullptr;
  auto* f = allocate<FunctionIteratorObject>(as_type_value(type));
  if (!f) return nullptr;
  incref(function);
  f->function = function;
  f->iterator = iterator.release();
  gc_track(f);
  return Ref<>::steal(Value(f));
}

Ref<> function_iterator_impl(Value type, const Value* args) {
  return function_iterator_create(type, args[0], args[1]);
}

void function_iterator_dealloc(Object* o) {
  gc_untrack(o);
  auto* f = static_cast<FunctionIteratorObject*>(o);
  decref(f->function);
  decref(f->iterator);
  free_object(o);
}

void function_iterator_traverse(Object* o, VisitFn visit, void* arg) {
  auto* f = static_cast<FunctionIteratorObject*>(o);
  visit_value(f->function, visit, arg);
  visit_value(f->iterator, visit, arg);
}

// (type, (function, iterator)) and, for dropwhile/takewhile, their flag as the state.
Ref<> function_iterator_reduce(Value self, const Value* args) {
  FunctionIteratorObject* f = as_function_iterator(self);
  Ref<TupleObject> arguments = tuple_of({f->function, f->iterator});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

Ref<> flagged_reduce(Value self, const Value* args) {
  FunctionIteratorObject* f = as_function_iterator(self);
  Ref<TupleObject> arguments = tuple_of({f->function, f->iterator});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value(), Value::small_int(f->flag)});
}

Ref<> flagged_setstate(Value self, const Value* args) {
  int truth = is_true(args[0]);
  if (truth < 0) return nullptr;
  as_function_iterator(self)->flag = truth;
  return new_none();
}

const MethodDef reduce_only_methods[] = {
    {.name = "__reduce__",
     .impl = function_iterator_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

const MethodDef flagged_methods[] = {
    {.name = "__reduce__",
     .impl = flagged_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = flagged_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- dropwhile, takewhile, filterfalse, starmap ---

const MethodDef dropwhile_new_def = {.name = "dropwhile",
                                     .impl = function_iterator_impl,
                                     .signature = "($type, predicate, iterable, /)",
                                     .flags = kMethodConstructor};
const MethodDef takewhile_new_def = {.name = "takewhile",
                                     .impl = function_iterator_impl,
                                     .signature = "($type, predicate, iterable, /)",
                                     .flags = kMethodConstructor};
const MethodDef filterfalse_new_def = {.name = "filterfalse",
                                       .impl = function_iterator_impl,
                                       .signature = "($type, function, iterable, /)",
                                       .flags = kMethodConstructor};
const MethodDef starmap_new_def = {.name = "starmap",
                                   .impl = function_iterator_impl,
                                   .signature = "($type, function, iterable, /)",
                                   .flags = kMethodConstructor};

Ref<> dropwhile_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(dropwhile_new_def, &dropwhile_type, type, args, nargs, kwnames);
}
Ref<> takewhile_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(takewhile_new_def, &takewhile_type, type, args, nargs, kwnames);
}
Ref<> filterfalse_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(filterfalse_new_def, &filterfalse_type, type, args, nargs, kwnames);
}
Ref<> starmap_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(starmap_new_def, &starmap_type, type, args, nargs, kwnames);
}

// predicate(item) as a truth value: 1, 0, or -1 on error.
int predicate_truth(Value predicate, Value item) {
  Ref<> result = call1(predicate, item);
  if (!result) return -1;
  return is_true(result);
}

Ref<> dropwhile_next(Value self) {
  FunctionIteratorObject* f = as_function_iterator(self);
  for (;;) {
    Ref<> item = next_of(f->iterator);
    if (!item || f->flag) return item;
    int truth = predicate_truth(f->function, item);
    if (truth < 0) return nullptr;
    if (truth == 0) {
      f->flag = 1;
      return item;
    }
  }
}

Ref<> takewhile_next(Value self) {
  FunctionIteratorObject* f = as_function_iterator(self);
  if (f->flag) return nullptr;
  Ref<> item = next_of(f->iterator);
  if (!item) return nullptr;
  int truth = predicate_truth(f->function, item);
  if (truth > 0) return item;
  if (truth == 0) f->flag = 1;
  return nullptr;
}

Ref<> filterfalse_next(Value self) {
  FunctionIteratorObject* f = as_function_iterator(self);
  bool plain_truth = is_none(f->function) || f->function.as_object() == &bool_type;
  for (;;) {
    Ref<> item = next_of(f->iterator);
    if (!item) return nullptr;
    int truth = plain_truth ? is_true(item) : predicate_truth(f->function, item);
    if (truth < 0) return nullptr;
    if (truth == 0) return item;
  }
}

Ref<> starmap_next(Value self) {
  FunctionIteratorObject* f = as_function_iterator(self);
  Ref<> arguments = next_of(f->iterator);
  if (!arguments) return nullptr;
  if (!is_exact_tuple(arguments)) {
    Ref<TupleObject> converted = tuple_from_iterable(arguments);
    if (!converted) return nullptr;
    arguments = std::move(converted);
  }
  TupleObject* t = as_tuple(arguments);
  return call(f->function, t->items, size_t(t->length));
}

// --- compress ---

Ref<> compress_impl(Value type, const Value* args) {
  Ref<> data = get_iter(args[0]);
  if (!data) return nullptr;
  Ref<> selectors = get_iter(args[1]);
  if (!selectors) return nullptr;
  auto* f = allocate<FunctionIteratorObject>(as_type_value(type));
  if (!f) return nullptr;
  f->iterator = data.release();
  f->function = selectors.release();  // the selectors iterator
  gc_track(f);
  return Ref<>::steal(Value(f));
}

const MethodDef compress_new_def = {.name = "compress",
                                    .impl = compress_impl,
                                    .signature = "($type, data, selectors)",
                                    .flags = kMethodConstructor};

Ref<> compress_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(compress_new_def, &compress_type, type, args, nargs, kwnames);
}

Ref<> compress_next(Value self) {
  FunctionIteratorObject* f = as_function_iterator(self);
  for (;;) {
    Ref<> datum = next_of(f->iterator);
    if (!datum) return nullptr;
    Ref<> selector = next_of(f->function);
    if (!selector) return nullptr;
    int truth = is_true(selector);
    if (truth < 0) return nullptr;
    if (truth) return datum;
  }
}

Ref<> compress_reduce(Value self, const Value* args) {
  FunctionIteratorObject* f = as_function_iterator(self);
  Ref<TupleObject> arguments = tuple_of({f->iterator, f->function});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

const MethodDef compress_methods[] = {
    {.name = "__reduce__",
     .impl = compress_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

// --- accumulate ---

struct AccumulateObject : Object {
  Value iterator;
  Value function;  // null: +
  Value total;     // null before the first item
  Value initial;   // None once used
};

AccumulateObject* as_accumulate(Value v) { return static_cast<AccumulateObject*>(v.as_object()); }

Ref<> accumulate_impl(Value type, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  auto* a = allocate<AccumulateObject>(as_type_value(type));
  if (!a) return nullptr;
  a->iterator = iterator.release();
  if (!is_none(args[1])) {
    incref(args[1]);
    a->function = args[1];
  }
  incref(args[2]);
  a->initial = args[2];
  gc_track(a);
  return Ref<>::steal(Value(a));
}

const MethodDef accumulate_new_def = {.name = "accumulate",
                                      .impl = accumulate_impl,
                                      .signature = "($type, iterable, func=None, *, initial=None)",
                                      .flags = kMethodConstructor};

Ref<> accumulate_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(accumulate_new_def, &accumulate_type, type, args, nargs, kwnames);
}

void accumulate_dealloc(Object* o) {
  gc_untrack(o);
  auto* a = static_cast<AccumulateObject*>(o);
  decref(a->iterator);
  decref(a->function);
  decref(a->total);
  decref(a->initial);
  free_object(o);
}

void accumulate_traverse(Object* o, VisitFn visit, void* arg) {
  auto* a = static_cast<AccumulateObject*>(o);
  visit_value(a->iterator, visit, arg);
  visit_value(a->function, visit, arg);
  visit_value(a->total, visit, arg);
  visit_value(a->initial, visit, arg);
}

Ref<> accumulate_next(Value self) {
  AccumulateObject* a = as_accumulate(self);
  if (!is_none(a->initial)) {
    set_value(&a->total, a->initial);
    a->initial = None();
    return new_ref(a->total);
  }
  Ref<> item = next_of(a->iterator);
  if (!item) return nullptr;
  if (!a->total) {
    a->total = item.release();
    return new_ref(a->total);
  }
  Ref<> total = a->function ? call2(a->function, a->total, item)
                            : binary_op(a->total, item, BinaryOperator::Add);
  if (!total) return nullptr;
  set_value(&a->total, total.release());
  return new_ref(a->total);
}

Ref<> accumulate_reduce(Value self, const Value* args) {
  AccumulateObject* a = as_accumulate(self);
  Value function = a->function ? a->function : None();
  Value type = Value(type_of(self));
  if (!is_none(a->initial)) {
    // Not started: the initial value goes first in a chain.
    Ref<TupleObject> head = tuple_of({a->initial});
    Ref<> chained = head ? call2(Value(&chain_type), head.value(), a->iterator) : Ref<>();
    Ref<TupleObject> arguments =
        chained ? tuple_of({chained.value(), function}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({type, arguments.value(), None()});
  }
  if (a->total && is_none(a->total)) {
    // A None total cannot be restored by __setstate__ (None means "no total"): rebuild it as
    // islice(accumulate(chain((None,), it), func), 1, None).
    Ref<TupleObject> head = tuple_of({a->total});
    Ref<> chained = head ? call2(Value(&chain_type), head.value(), a->iterator) : Ref<>();
    Ref<> restarted = chained ? call2(type, chained.value(), function) : Ref<>();
    Ref<TupleObject> arguments =
        restarted ? tuple_of({restarted.value(), Value::small_int(1), None()}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({Value(&islice_type), arguments.value()});
  }
  Ref<TupleObject> arguments = tuple_of({a->iterator, function});
  if (!arguments) return nullptr;
  return tuple_of({type, arguments.value(), a->total ? a->total : None()});
}

Ref<> accumulate_setstate(Value self, const Value* args) {
  AccumulateObject* a = as_accumulate(self);
  incref(args[0]);
  set_value(&a->total, args[0]);
  return new_none();
}

const MethodDef accumulate_methods[] = {
    {.name = "__reduce__",
     .impl = accumulate_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = accumulate_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- chain ---

struct ChainObject : Object {
  Value source;  // iterator over the iterables; null when exhausted
  Value active;  // iterator over the current iterable, or null
};

ChainObject* as_chain(Value v) { return static_cast<ChainObject*>(v.as_object()); }

Ref<> chain_from_source(TypeObject* type, Ref<> source) {
  auto* c = allocate<ChainObject>(type);
  if (!c) return nullptr;
  c->source = source.release();
  gc_track(c);
  return Ref<>::steal(Value(c));
}

Ref<> chain_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length && (type == &chain_type || type->init == chain_type.init)) {
    return type_error("chain() takes no keyword arguments");
  }
  Ref<TupleObject> iterables = tuple_from_array(args, int64_t(nargs));
  Ref<> source = iterables ? get_iter(iterables.value()) : Ref<>();
  if (!source) return nullptr;
  return chain_from_source(type, std::move(source));
}

Ref<> chain_from_iterable(Value type, const Value* args) {
  Ref<> source = get_iter(args[0]);
  if (!source) return nullptr;
  return chain_from_source(as_type_value(type), std::move(source));
}

void chain_dealloc(Object* o) {
  gc_untrack(o);
  auto* c = static_cast<ChainObject*>(o);
  decref(c->source);
  decref(c->active);
  free_object(o);
}

void chain_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<ChainObject*>(o);
  visit_value(c->source, visit, arg);
  visit_value(c->active, visit, arg);
}

Ref<> chain_next(Value self) {
  ChainObject* c = as_chain(self);
  while (c->source) {
    if (!c->active) {
      Ref<> iterable = iter_next(c->source);
      Ref<> active = iterable ? get_iter(iterable) : Ref<>();
      if (!active) {
        clear_value(&c->source);
        return nullptr;
      }
      c->active = active.release();
    }
    Ref<> item = next_of(c->active);
    if (item) return item;
    if (error_occurred()) {
      if (!error_matches(&exc::StopIteration)) return nullptr;
      clear_error();
    }
    clear_value(&c->active);
  }
  return nullptr;
}

Ref<> chain_reduce(Value self, const Value* args) {
  ChainObject* c = as_chain(self);
  Ref<TupleObject> empty = tuple_empty();
  Value type = Value(type_of(self));
  if (!c->source) return tuple_of({type, empty.value()});
  Ref<TupleObject> state = c->active ? tuple_of({c->source, c->active}) : tuple_of({c->source});
  if (!state) return nullptr;
  return tuple_of({type, empty.value(), state.value()});
}

Ref<> chain_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (!check_state_tuple(state)) return nullptr;
  TupleObject* t = as_tuple(state);
  if (t->length < 1 || t->length > 2) {
    return type_error("function takes {} {} argument{} ({} given)",
                      t->length < 1 ? "at least" : "at most", t->length < 1 ? 1 : 2,
                      t->length < 1 ? "" : "s", t->length);
  }
  Value source = t->items[0];
  Value active = t->length == 2 ? t->items[1] : Value();
  if (!type_of(source)->iternext || (active && !type_of(active)->iternext)) {
    return type_error("Arguments must be iterators.");
  }
  ChainObject* c = as_chain(self);
  incref(source);
  set_value(&c->source, source);
  if (active) incref(active);
  set_value(&c->active, active);
  return new_none();
}

const MethodDef chain_methods[] = {
    {.name = "from_iterable",
     .impl = chain_from_iterable,
     .signature = "($type, iterable, /)",
     .doc =
         "Alternative chain() constructor taking a single iterable argument that evaluates lazily.",
     .flags = kMethodClass},
    {.name = "__reduce__",
     .impl = chain_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = chain_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {},
};

// --- islice ---

struct IsliceObject : Object {
  Value iterator;  // null once exhausted
  int64_t next;    // index of the next item to return
  int64_t stop;    // -1: no limit
  int64_t step;
  int64_t count;  // items consumed so far
};

IsliceObject* as_islice(Value v) { return static_cast<IsliceObject*>(v.as_object()); }

// An islice() argument as a non-negative index; -1 when it is invalid (the caller words the
// error), as CPython converts them.
int64_t islice_index(Value v) {
  int64_t result;
  if (!index_to_int64(v, &result)) {
    clear_error();
    return -1;
  }
  return result;
}

Ref<> islice_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length && (type == &islice_type || type->init == islice_type.init)) {
    return type_error("islice() takes no keyword arguments");
  }
  if (nargs < 2) return type_error("islice expected at least 2 arguments, got {}", nargs);
  if (nargs > 4) return type_error("islice expected at most 4 arguments, got {}", nargs);
  int64_t start = 0, stop = -1, step = 1;
  constexpr const char* kStopError =
      "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
  if (nargs == 2) {
    if (!is_none(args[1]) && (stop = islice_index(args[1])) == -1) return value_error(kStopError);
  } else {
    if (!is_none(args[1])) start = islice_index(args[1]);
    if (!is_none(args[2]) && (stop = islice_index(args[2])) == -1) return value_error(kStopError);
  }
  if (start < 0 || stop < -1) {
    return value_error("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
  }
  if (nargs == 4 && !is_none(args[3])) step = islice_index(args[3]);
  if (step < 1) return value_error("Step for islice() must be a positive integer or None.");
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  auto* s = allocate<IsliceObject>(type);
  if (!s) return nullptr;
  s->iterator = iterator.release();
  s->next = start;
  s->stop = stop;
  s->step = step;
  gc_track(s);
  return Ref<>::steal(Value(s));
}

void islice_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<IsliceObject*>(o)->iterator);
  free_object(o);
}

void islice_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<IsliceObject*>(o)->iterator, visit, arg);
}

Ref<> islice_next(Value self) {
  IsliceObject* s = as_islice(self);
  if (!s->iterator) return nullptr;
  while (s->count < s->next) {
    Ref<> skipped = next_of(s->iterator);
    if (!skipped) {
      clear_value(&s->iterator);
      return nullptr;
    }
    ++s->count;
  }
  if (s->stop != -1 && s->count >= s->stop) {
    clear_value(&s->iterator);
    return nullptr;
  }
  Ref<> item = next_of(s->iterator);
  if (!item) {
    clear_value(&s->iterator);
    return nullptr;
  }
  ++s->count;
  int64_t previous = s->next;
  s->next = int64_t(uint64_t(s->next) + uint64_t(s->step));
  if (s->next < previous || (s->stop != -1 && s->next > s->stop)) s->next = s->stop;
  return item;
}

Ref<> islice_reduce(Value self, const Value* args) {
  IsliceObject* s = as_islice(self);
  Value type = Value(type_of(self));
  if (!s->iterator) {
    Ref<ListObject> empty = list_new();
    Ref<> iterator = empty ? get_iter(empty.value()) : Ref<>();
    Ref<TupleObject> arguments =
        iterator ? tuple_of({iterator.value(), Value::small_int(0)}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({type, arguments.value(), Value::small_int(0)});
  }
  Ref<> next = int_from_int64(s->next);
  Ref<> stop = s->stop == -1 ? new_none() : int_from_int64(s->stop);
  Ref<> step = int_from_int64(s->step);
  Ref<> count = int_from_int64(s->count);
  if (!next || !stop || !step || !count) return nullptr;
  Ref<TupleObject> arguments =
      s->step == 1 ? tuple_of({s->iterator, next.value(), stop.value()})
                   : tuple_of({s->iterator, next.value(), stop.value(), step.value()});
  if (!arguments) return nullptr;
  return tuple_of({type, arguments.value(), count.value()});
}

Ref<> islice_setstate(Value self, const Value* args) {
  int64_t count;
  if (!is_int(args[0])) return type_error("an integer is required");
  if (!int_as_int64(args[0], &count)) return nullptr;
  as_islice(self)->count = count;
  return new_none();
}

const MethodDef islice_methods[] = {
    {.name = "__reduce__",
     .impl = islice_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = islice_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- pairwise ---

struct PairwiseObject : Object {
  Value iterator;  // null once exhausted
  Value previous;  // null before the first item
};

PairwiseObject* as_pairwise(Value v) { return static_cast<PairwiseObject*>(v.as_object()); }

Ref<> pairwise_impl(Value type, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  auto* p = allocate<PairwiseObject>(as_type_value(type));
  if (!p) return nullptr;
  p->iterator = iterator.release();
  gc_track(p);
  return Ref<>::steal(Value(p));
}

const MethodDef pairwise_new_def = {.name = "pairwise",
                                    .impl = pairwise_impl,
                                    .signature = "($type, iterable, /)",
                                    .flags = kMethodConstructor};

Ref<> pairwise_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(pairwise_new_def, &pairwise_type, type, args, nargs, kwnames);
}

void pairwise_dealloc(Object* o) {
  gc_untrack(o);
  auto* p = static_cast<PairwiseObject*>(o);
  decref(p->iterator);
  decref(p->previous);
  free_object(o);
}

void pairwise_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<PairwiseObject*>(o);
  visit_value(p->iterator, visit, arg);
  visit_value(p->previous, visit, arg);
}

Ref<> pairwise_next(Value self) {
  PairwiseObject* p = as_pairwise(self);
  if (!p->iterator) return nullptr;
  if (!p->previous) {
    Ref<> first = next_of(p->iterator);
    if (!first) {
      clear_value(&p->iterator);
      return nullptr;
    }
    p->previous = first.release();
  }
  Ref<> item = next_of(p->iterator);
  if (!item) {
    clear_value(&p->iterator);
    clear_value(&p->previous);
    return nullptr;
  }
  Ref<TupleObject> pair = tuple_of({p->previous, item.value()});
  set_value(&p->previous, item.release());
  return pair;
}

// --- zip_longest ---

struct ZipLongestObject : Object {
  int64_t size;
  int64_t active;    // iterators not yet exhausted
  Value* iterators;  // size entries; null once that iterator is exhausted
  Value fill;
};

ZipLongestObject* as_zip_longest(Value v) { return static_cast<ZipLongestObject*>(v.as_object()); }

Ref<> zip_longest_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value fill = None();
  if (kwnames && kwnames->length) {
    if (kwnames->length != 1 || !str_equal_ascii(as_str(kwnames->items[0]), "fillvalue")) {
      return type_error("zip_longest() got an unexpected keyword argument");
    }
    fill = args[nargs];
  }
  std::vector<Ref<>> iterators;
  for (size_t i = 0; i < nargs; ++i) {
    Ref<> iterator = get_iter(args[i]);
    if (!iterator) return nullptr;
    iterators.push_back(std::move(iterator));
  }
  auto* z = allocate<ZipLongestObject>(type);
  if (!z) return nullptr;
  Ref<> holder = Ref<>::steal(Value(z));
  z->iterators = static_cast<Value*>(std::calloc(nargs ? nargs : 1, sizeof(Value)));
  if (!z->iterators) return raise_memory_error();
  for (size_t i = 0; i < nargs; ++i) z->iterators[i] = iterators[i].release();
  z->size = z->active = int64_t(nargs);
  incref(fill);
  z->fill = fill;
  gc_track(z);
  return holder;
}

void zip_longest_dealloc(Object* o) {
  gc_untrack(o);
  auto* z = static_cast<ZipLongestObject*>(o);
  if (z->iterators) {
    for (int64_t i = 0; i < z->size; ++i) decref(z->iterators[i]);
    std::free(z->iterators);
  }
  decref(z->fill);
  free_object(o);
}

void zip_longest_traverse(Object* o, VisitFn visit, void* arg) {
  auto* z = static_cast<ZipLongestObject*>(o);
  for (int64_t i = 0; i < z->size; ++i) visit_value(z->iterators[i], visit, arg);
  visit_value(z->fill, visit, arg);
}

Ref<> zip_longest_next(Value self) {
  ZipLongestObject* z = as_zip_longest(self);
  if (z->size == 0 || z->active == 0) return nullptr;
  Ref<TupleObject> result = tuple_allocate(z->size);
  if (!result) return nullptr;
  for (int64_t i = 0; i < z->size; ++i) {
    Value iterator = z->iterators[i];
    Ref<> item;
    if (iterator) {
      item = iter_next(iterator);
      if (!item) {
        if (--z->active == 0 || error_occurred()) {
          z->active = 0;
          for (int64_t j = i; j < z->size; ++j) result->items[j] = None();  // keep the tuple valid
          return nullptr;
        }
        z->iterators[i] = Value();
        decref(iterator);
      }
    }
    if (!item) item = new_ref(z->fill);
    result->items[i] = item.release();
  }
  return result;
}

Ref<> zip_longest_reduce(Value self, const Value* args) {
  ZipLongestObject* z = as_zip_longest(self);
  Ref<TupleObject> iterators = tuple_allocate(z->size);
  if (!iterators) return nullptr;
  for (int64_t i = 0; i < z->size; ++i) {
    Value iterator = z->iterators[i];
    iterators->items[i] = iterator ? new_ref(iterator).release() : tuple_empty().release();
  }
  return tuple_of({Value(type_of(self)), iterators.value(), z->fill});
}

Ref<> zip_longest_setstate(Value self, const Value* args) {
  incref(args[0]);
  set_value(&as_zip_longest(self)->fill, args[0]);
  return new_none();
}

const MethodDef zip_longest_methods[] = {
    {.name = "__reduce__",
     .impl = zip_longest_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = zip_longest_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

constexpr uint64_t kIteratorFlags = kTypeBaseType | kTypeHaveGC;

}  // namespace

TypeObject accumulate_type{TypeSpec{
    .name = "itertools.accumulate",
    .doc = "accumulate(iterable, func=None, *, initial=None)\n--\n\n"
           "Return series of accumulated sums (or other binary function results).",
    .basic_size = sizeof(AccumulateObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = accumulate_dealloc,
              .traverse = accumulate_traverse,
              .new_instance = accumulate_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = accumulate_next},
    .methods = accumulate_methods,
}};

TypeObject chain_type{TypeSpec{
    .name = "itertools.chain",
    .doc = "chain(*iterables) --> chain object\n\nReturn a chain object whose .__next__() method "
           "returns elements from "
           "the\nfirst iterable until it is exhausted, then elements from the next\niterable, "
           "until all of the "
           "iterables are exhausted.",
    .basic_size = sizeof(ChainObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = chain_dealloc,
              .traverse = chain_traverse,
              .new_instance = chain_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = chain_next},
    .methods = chain_methods,
}};

TypeObject compress_type{TypeSpec{
    .name = "itertools.compress",
    .doc = "compress(data, selectors)\n--\n\nReturn data elements corresponding to true selector "
           "elements.\n\n"
           "Forms a shorter iterator from selected data elements using the selectors to\nchoose "
           "the data elements.",
    .basic_size = sizeof(FunctionIteratorObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = function_iterator_dealloc,
              .traverse = function_iterator_traverse,
              .new_instance = compress_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = compress_next},
    .methods = compress_methods,
}};

TypeObject dropwhile_type{TypeSpec{
    .name = "itertools.dropwhile",
    .doc = "dropwhile(predicate, iterable, /)\n--\n\nDrop items from the iterable while "
           "predicate(item) is true.\n\n"
           "Afterwards, return every element until the iterable is exhausted.",
    .basic_size = sizeof(FunctionIteratorObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = function_iterator_dealloc,
              .traverse = function_iterator_traverse,
              .new_instance = dropwhile_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = dropwhile_next},
    .methods = flagged_methods,
}};

TypeObject filterfalse_type{TypeSpec{
    .name = "itertools.filterfalse",
    .doc = "filterfalse(function, iterable, /)\n--\n\nReturn those items of iterable for which "
           "function(item) is false.\n\n"
           "If function is None, return the items that are false.",
    .basic_size = sizeof(FunctionIteratorObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = function_iterator_dealloc,
              .traverse = function_iterator_traverse,
              .new_instance = filterfalse_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = filterfalse_next},
    .methods = reduce_only_methods,
}};

TypeObject islice_type{TypeSpec{
    .name = "itertools.islice",
    .doc = "islice(iterable, stop) --> islice object\nislice(iterable, start, stop[, step]) --> "
           "islice object\n\n"
           "Return an iterator whose next() method returns selected values from an\niterable.  If "
           "start is specified, "
           "will skip all preceding elements;\notherwise, start defaults to zero.  Step defaults "
           "to one.  If\n"
           "specified as another value, step determines how many values are\nskipped between "
           "successive calls.  Works "
           "like a slice() on a list\nbut returns an iterator.",
    .basic_size = sizeof(IsliceObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = islice_dealloc,
              .traverse = islice_traverse,
              .new_instance = islice_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = islice_next},
    .methods = islice_methods,
}};

TypeObject pairwise_type{TypeSpec{
    .name = "itertools.pairwise",
    .doc = "pairwise(iterable, /)\n--\n\nReturn an iterator of overlapping pairs taken from the "
           "input iterator.\n\n"
           "    s -> (s0,s1), (s1,s2), (s2, s3), ...",
    .basic_size = sizeof(PairwiseObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = pairwise_dealloc,
              .traverse = pairwise_traverse,
              .new_instance = pairwise_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = pairwise_next},
}};

TypeObject starmap_type{TypeSpec{
    .name = "itertools.starmap",
    .doc = "starmap(function, iterable, /)\n--\n\nReturn an iterator whose values are returned "
           "from the function "
           "evaluated with an argument tuple taken from the given sequence.",
    .basic_size = sizeof(FunctionIteratorObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = function_iterator_dealloc,
              .traverse = function_iterator_traverse,
              .new_instance = starmap_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = starmap_next},
    .methods = reduce_only_methods,
}};

TypeObject takewhile_type{TypeSpec{
    .name = "itertools.takewhile",
    .doc = "takewhile(predicate, iterable, /)\n--\n\nReturn successive entries from an iterable as "
           "long as the predicate "
           "evaluates to true for each entry.",
    .basic_size = sizeof(FunctionIteratorObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = function_iterator_dealloc,
              .traverse = function_iterator_traverse,
              .new_instance = takewhile_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = takewhile_next},
    .methods = flagged_methods,
}};

TypeObject zip_longest_type{TypeSpec{
    .name = "itertools.zip_longest",
    .doc = "zip_longest(iter1 [,iter2 [...]], [fillvalue=None]) --> zip_longest object\n\nReturn a "
           "zip_longest object "
           "whose .__next__() method returns a tuple where\nthe i-th element comes from the i-th "
           "iterable argument.  "
           "The .__next__()\nmethod continues until the longest iterable in the argument "
           "sequence\nis exhausted and "
           "then it raises StopIteration.  When the shorter iterables\nare exhausted, the "
           "fillvalue is substituted in "
           "their place.  The fillvalue\ndefaults to None or can be specified by a keyword "
           "argument.\n",
    .basic_size = sizeof(ZipLongestObject),
    .flags = kIteratorFlags,
    .slots = {.dealloc = zip_longest_dealloc,
              .traverse = zip_longest_traverse,
              .new_instance = zip_longest_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = zip_longest_next},
    .methods = zip_longest_methods,
}};

}  // namespace krait::itertools
