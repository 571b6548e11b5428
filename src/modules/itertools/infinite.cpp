// itertools' infinite iterators: count, cycle, repeat.
#include <algorithm>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/itertools/itertools_internal.h"
#include "objects/complex.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::itertools {

namespace {

// --- count ---

// Fast mode counts in `fast` while the value stays a small int and the step is 1; otherwise
// `slow` holds the next value and each step adds `step` with the + operator.
struct CountObject : Object {
  int64_t fast;
  Value slow;  // null in fast mode
  Value step;
};

CountObject* as_count(Value v) { return static_cast<CountObject*>(v.as_object()); }

bool step_is_int_one(Value step) {
  int64_t value;
  return is_int(step) && int_to_int64(step, &value) && value == 1;
}

bool is_number(Value v) {
  TypeObject* type = type_of(v);
  return type->to_index || type->to_int || type->to_float || is_instance_of(v, &complex_type);
}

Ref<> count_impl(Value type, const Value* args) {
  Value start = args[0], step = args[1];
  if (!is_number(start) || !is_number(step)) return type_error("a number is required");
  auto* c = allocate<CountObject>(static_cast<TypeObject*>(type.as_object()));
  if (!c) return nullptr;
  Ref<> holder = Ref<>::steal(Value(c));
  int64_t first;
  if (step_is_int_one(step) && is_exact_int(start) && start.is_small_int() &&
      (first = start.as_small_int()) < Value::kSmallIntMax) {
    c->fast = first;
  } else {
    incref(start);
    c->slow = start;
  }
  incref(step);
  c->step = step;
  gc_track(c);
  return holder;
}

const MethodDef count_new_def = {.name = "count",
                                 .impl = count_impl,
                                 .signature = "($type, start=0, step=1)",
                                 .flags = kMethodConstructor};

Ref<> count_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(count_new_def, &count_type, type, args, nargs, kwnames);
}

void count_dealloc(Object* o) {
  gc_untrack(o);
  auto* c = static_cast<CountObject*>(o);
  decref(c->slow);
  decref(c->step);
  free_object(o);
}

void count_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<CountObject*>(o);
  visit_value(c->slow, visit, arg);
  visit_value(c->step, visit, arg);
}

Ref<> count_next(Value self) {
  CountObject* c = as_count(self);
  if (!c->slow) {
    int64_t value = c->fast++;
    if (c->fast == Value::kSmallIntMax) c->slow = Value::small_int(c->fast);  // continue slowly
    return int_from_small(value);
  }
  Ref<> next = binary_op(c->slow, c->step, BinaryOperator::Add);
  if (!next) return nullptr;
  Value current = c->slow;
  c->slow = next.release();
  return Ref<>::steal(current);
}

// The value the next call returns (an owned reference).
Ref<> count_current(CountObject* c) { return c->slow ? new_ref(c->slow) : int_from_small(c->fast); }

Ref<> count_repr(Value self) {
  CountObject* c = as_count(self);
  std::string name = type_short_name(type_of(self));
  Ref<> current = count_current(c);
  Ref<StrObject> start_text = repr(current);
  if (!start_text) return nullptr;
  if (step_is_int_one(c->step))
    return str_from_utf8(name + "(" + std::string(str_utf8(start_text.get())) + ")");
  Ref<StrObject> step_text = repr(c->step);
  if (!step_text) return nullptr;
  return str_from_utf8(name + "(" + std::string(str_utf8(start_text.get())) + ", " +
                       std::string(str_utf8(step_text.get())) + ")");
}

Ref<> count_reduce(Value self, const Value* args) {
  CountObject* c = as_count(self);
  Ref<> current = count_current(c);
  Ref<TupleObject> state =
      c->slow ? tuple_of({current.value(), c->step}) : tuple_of({current.value()});
  if (!state) return nullptr;
  return tuple_of({Value(type_of(self)), state.value()});
}

const MethodDef count_methods[] = {
    {.name = "__reduce__",
     .impl = count_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

// --- cycle ---

struct CycleObject : Object {
  Value iterator;   // null once exhausted
  Value saved;      // list of the items seen
  int64_t index;    // position in `saved` once the iterator is exhausted
  bool first_pass;  // set by __setstate__: the items are not saved again
};

CycleObject* as_cycle(Value v) { return static_cast<CycleObject*>(v.as_object()); }

Ref<> cycle_impl(Value type, const Value* args) {
  Ref<> iterator = get_iter(args[0]);
  if (!iterator) return nullptr;
  Ref<ListObject> saved = list_new();
  if (!saved) return nullptr;
  auto* c = allocate<CycleObject>(static_cast<TypeObject*>(type.as_object()));
  if (!c) return nullptr;
  c->iterator = iterator.release();
  c->saved = saved.release();
  gc_track(c);
  return Ref<>::steal(Value(c));
}

const MethodDef cycle_new_def = {.name = "cycle",
                                 .impl = cycle_impl,
                                 .signature = "($type, iterable, /)",
                                 .flags = kMethodConstructor};

Ref<> cycle_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(cycle_new_def, &cycle_type, type, args, nargs, kwnames);
}

void cycle_dealloc(Object* o) {
  gc_untrack(o);
  auto* c = static_cast<CycleObject*>(o);
  decref(c->iterator);
  decref(c->saved);
  free_object(o);
}

void cycle_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<CycleObject*>(o);
  visit_value(c->iterator, visit, arg);
  visit_value(c->saved, visit, arg);
}

Ref<> cycle_next(Value self) {
  CycleObject* c = as_cycle(self);
  if (c->iterator) {
    Ref<> item = next_of(c->iterator);
    if (item) {
      if (!c->first_pass && !list_append(as_list(c->saved), item)) return nullptr;
      return item;
    }
    if (error_occurred()) {
      if (!error_matches(&exc::StopIteration)) return nullptr;
      clear_error();
    }
    clear_value(&c->iterator);
  }
  ListObject* saved = as_list(c->saved);
  if (saved->length == 0) return nullptr;
  Value item = saved->items[c->index];
  if (++c->index >= saved->length) c->index = 0;
  return new_ref(item);
}

Ref<> cycle_reduce(Value self, const Value* args) {
  CycleObject* c = as_cycle(self);
  if (!c->iterator) {
    // Exhausted: restart from the saved items at the current position.
    Ref<> iterator = get_iter(c->saved);
    if (!iterator) return nullptr;
    if (c->index != 0) {
      Ref<> done =
          call_method1(iterator, str_intern_utf8("__setstate__"), Value::small_int(c->index));
      if (!done) return nullptr;
    }
    Ref<TupleObject> arguments = tuple_of({iterator.value()});
    Ref<TupleObject> state = tuple_of({c->saved, True()});
    if (!arguments || !state) return nullptr;
    return tuple_of({Value(type_of(self)), arguments.value(), state.value()});
  }
  Ref<TupleObject> arguments = tuple_of({c->iterator});
  Ref<TupleObject> state = tuple_of({c->saved, c->first_pass ? True() : False()});
  if (!arguments || !state) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value(), state.value()});
}

Ref<> cycle_setstate(Value self, const Value* args) {
  Value state = args[0];
  if (!check_state_tuple(state)) return nullptr;
  TupleObject* t = as_tuple(state);
  if (t->length != 2) {
    return type_error("function takes exactly 2 arguments ({} given)", t->length);
  }
  if (!is_list(t->items[0])) {
    return type_error("argument 1 must be list, not {}", type_name(t->items[0]));
  }
  int64_t first_pass;
  if (!index_to_int64(t->items[1], &first_pass)) return nullptr;
  CycleObject* c = as_cycle(self);
  incref(t->items[0]);
  set_value(&c->saved, t->items[0]);
  c->first_pass = first_pass != 0;
  c->index = 0;
  return new_none();
}

const MethodDef cycle_methods[] = {
    {.name = "__reduce__",
     .impl = cycle_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = cycle_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

// --- repeat ---

struct RepeatObject : Object {
  Value element;
  int64_t remaining;  // -1: forever
};

RepeatObject* as_repeat(Value v) { return static_cast<RepeatObject*>(v.as_object()); }

Ref<> repeat_impl(Value type, const Value* args) {
  int64_t times = -1;
  if (args[1] && !index_to_int64(args[1], &times)) return nullptr;
  auto* r = allocate<RepeatObject>(static_cast<TypeObject*>(type.as_object()));
  if (!r) return nullptr;
  incref(args[0]);
  r->element = args[0];
  // A negative count repeats zero times, but only an omitted one repeats forever.
  r->remaining = args[1] ? std::max<int64_t>(times, 0) : -1;
  gc_track(r);
  return Ref<>::steal(Value(r));
}

const MethodDef repeat_new_def = {.name = "repeat",
                                  .impl = repeat_impl,
                                  .signature = "($type, object, times=?)",
                                  .flags = kMethodConstructor};

Ref<> repeat_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(repeat_new_def, &repeat_type, type, args, nargs, kwnames);
}

void repeat_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<RepeatObject*>(o)->element);
  free_object(o);
}

void repeat_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<RepeatObject*>(o)->element, visit, arg);
}

Ref<> repeat_next(Value self) {
  RepeatObject* r = as_repeat(self);
  if (r->remaining == 0) return nullptr;
  if (r->remaining > 0) --r->remaining;
  return new_ref(r->element);
}

Ref<> repeat_repr(Value self) {
  RepeatObject* r = as_repeat(self);
  Ref<StrObject> element = repr(r->element);
  if (!element) return nullptr;
  std::string text = type_short_name(type_of(self)) + "(" + std::string(str_utf8(element.get()));
  if (r->remaining >= 0) text += ", " + std::to_string(r->remaining);
  return str_from_utf8(text + ")");
}

Ref<> repeat_length_hint(Value self, const Value* args) {
  RepeatObject* r = as_repeat(self);
  if (r->remaining < 0) return type_error("len() of unsized object");
  return int_from_int64(r->remaining);
}

Ref<> repeat_reduce(Value self, const Value* args) {
  RepeatObject* r = as_repeat(self);
  Ref<> times = int_from_int64(r->remaining);
  if (!times) return nullptr;
  Ref<TupleObject> arguments =
      r->remaining >= 0 ? tuple_of({r->element, times.value()}) : tuple_of({r->element});
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

const MethodDef repeat_methods[] = {
    {.name = "__length_hint__",
     .impl = repeat_length_hint,
     .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__",
     .impl = repeat_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

}  // namespace

TypeObject count_type{TypeSpec{
    .name = "itertools.count",
    .doc = "count(start=0, step=1)\n--\n\nReturn a count object whose .__next__() method returns "
           "consecutive values.\n\n"
           "Equivalent to:\n    def count(firstval=0, step=1):\n        x = firstval\n        "
           "while 1:\n"
           "            yield x\n            x += step",
    .basic_size = sizeof(CountObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = count_dealloc,
              .traverse = count_traverse,
              .new_instance = count_new,
              .repr = count_repr,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = count_next},
    .methods = count_methods,
}};

TypeObject cycle_type{TypeSpec{
    .name = "itertools.cycle",
    .doc = "cycle(iterable, /)\n--\n\nReturn elements from the iterable until it is exhausted. "
           "Then repeat the sequence "
           "indefinitely.",
    .basic_size = sizeof(CycleObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = cycle_dealloc,
              .traverse = cycle_traverse,
              .new_instance = cycle_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = cycle_next},
    .methods = cycle_methods,
}};

TypeObject repeat_type{TypeSpec{
    .name = "itertools.repeat",
    .doc = "repeat(object [,times]) -> create an iterator which returns the object\nfor the "
           "specified number of times.  "
           "If not specified, returns the object\nendlessly.",
    .basic_size = sizeof(RepeatObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = repeat_dealloc,
              .traverse = repeat_traverse,
              .new_instance = repeat_new,
              .repr = repeat_repr,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = repeat_next},
    .methods = repeat_methods,
}};

}  // namespace krait::itertools
