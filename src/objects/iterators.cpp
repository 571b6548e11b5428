// The __getitem__-protocol iterator and iter(callable, sentinel).
#include "objects/iterators.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

namespace {

struct SequenceIteratorObject : Object {
  int64_t index;
  Value sequence;  // null once exhausted
};

struct CallableIteratorObject : Object {
  Value callable;  // null once exhausted
  Value sentinel;
};

void sequence_iter_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<SequenceIteratorObject*>(o)->sequence);
  free_object(o);
}

void sequence_iter_traverse(Object* o, VisitFn visit, void* arg) {
  Value v = static_cast<SequenceIteratorObject*>(o)->sequence;
  if (v.is_object()) visit(v.as_object(), arg);
}

Ref<> sequence_iter_next(Value self) {
  auto* it = static_cast<SequenceIteratorObject*>(self.as_object());
  if (!it->sequence) return nullptr;
  // __setstate__ accepts any index up to sys.maxsize, past the small-int range.
  if (it->index == INT64_MAX) return overflow_error("iter index too large");
  Ref<> index = int_from_int64(it->index);
  if (!index) return nullptr;
  Ref<> item = get_item(it->sequence, index.value());
  if (item) {
    ++it->index;
    return item;
  }
  if (error_matches(&exc::IndexError) || error_matches(&exc::StopIteration)) {
    clear_error();
    Value sequence = it->sequence;
    it->sequence = Value();
    decref(sequence);
  }
  return nullptr;
}

Ref<> self_iter(Value self) { return new_ref(self); }

Ref<> sequence_iter_length_hint(Value self, const Value* args) {
  auto* it = static_cast<SequenceIteratorObject*>(self.as_object());
  if (!it->sequence) return int_from_small(0);
  int64_t n = length(it->sequence);
  if (n < 0) {
    if (!error_matches(&exc::TypeError)) return nullptr;
    clear_error();
    return new_not_implemented();
  }
  return int_from_int64(n > it->index ? n - it->index : 0);
}

Ref<> sequence_iter_reduce(Value self, const Value* args) {
  auto* it = static_cast<SequenceIteratorObject*>(self.as_object());
  Ref<> iter_fn = builtin_function("iter");
  if (!iter_fn) return nullptr;
  if (!it->sequence) {
    Ref<TupleObject> empty = tuple_of({});
    Ref<TupleObject> args_tuple = tuple_of({empty.value()});
    return tuple_of({iter_fn.value(), args_tuple.value()});
  }
  Ref<TupleObject> args_tuple = tuple_of({it->sequence});
  Ref<> index = int_from_int64(it->index);
  if (!args_tuple || !index) return nullptr;
  return tuple_of({iter_fn.value(), args_tuple.value(), index.value()});
}

Ref<> sequence_iter_setstate(Value self, const Value* args) {
  auto* it = static_cast<SequenceIteratorObject*>(self.as_object());
  int64_t index;
  if (!index_to_int64(args[0], &index)) return nullptr;
  if (it->sequence) it->index = index < 0 ? 0 : index;
  return new_none();
}

const MethodDef sequence_iter_methods[] = {
    {.name = "__length_hint__", .impl = sequence_iter_length_hint, .signature = "($self, /)",
     .doc = "Private method returning an estimate of len(list(it))."},
    {.name = "__reduce__", .impl = sequence_iter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__", .impl = sequence_iter_setstate, .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {},
};

void callable_iter_dealloc(Object* o) {
  auto* it = static_cast<CallableIteratorObject*>(o);
  gc_untrack(o);
  decref(it->callable);
  decref(it->sentinel);
  free_object(o);
}

void callable_iter_traverse(Object* o, VisitFn visit, void* arg) {
  auto* it = static_cast<CallableIteratorObject*>(o);
  if (it->callable.is_object()) visit(it->callable.as_object(), arg);
  if (it->sentinel.is_object()) visit(it->sentinel.as_object(), arg);
}

Ref<> callable_iter_next(Value self) {
  auto* it = static_cast<CallableIteratorObject*>(self.as_object());
  if (!it->callable) return nullptr;
  Ref<> result = call0(it->callable);
  if (!result) {
    if (error_matches(&exc::StopIteration)) {
      clear_error();
      Value callable = it->callable;
      it->callable = Value();
      decref(callable);
    }
    return nullptr;
  }
  int equal = rich_compare_bool(result, it->sentinel, CompareOp::Eq);
  if (equal < 0) return nullptr;
  if (equal) {
    Value callable = it->callable;
    it->callable = Value();
    decref(callable);
    return nullptr;
  }
  return result;
}

Ref<> callable_iter_reduce(Value self, const Value* args) {
  auto* it = static_cast<CallableIteratorObject*>(self.as_object());
  Ref<> iter_fn = builtin_function("iter");
  if (!iter_fn) return nullptr;
  if (!it->callable) {
    Ref<TupleObject> empty = tuple_of({});
    Ref<TupleObject> args_tuple = tuple_of({empty.value()});
    return tuple_of({iter_fn.value(), args_tuple.value()});
  }
  Ref<TupleObject> args_tuple = tuple_of({it->callable, it->sentinel});
  if (!args_tuple) return nullptr;
  return tuple_of({iter_fn.value(), args_tuple.value()});
}

const MethodDef callable_iter_methods[] = {
    {.name = "__reduce__", .impl = callable_iter_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

}  // namespace

Ref<> sequence_iter_new(Value sequence) {
  auto* it = allocate<SequenceIteratorObject>(&sequence_iterator_type);
  if (!it) return nullptr;
  incref(sequence);
  it->sequence = sequence;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

Ref<> callable_iter_new(Value callable, Value sentinel) {
  auto* it = allocate<CallableIteratorObject>(&callable_iterator_type);
  if (!it) return nullptr;
  incref(callable);
  incref(sentinel);
  it->callable = callable;
  it->sentinel = sentinel;
  gc_track(it);
  return Ref<>::steal(Value(it));
}

TypeObject sequence_iterator_type{TypeSpec{
    .name = "iterator",
    .basic_size = sizeof(SequenceIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = sequence_iter_dealloc,
              .traverse = sequence_iter_traverse,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = sequence_iter_next},
    .methods = sequence_iter_methods,
}};

TypeObject callable_iterator_type{TypeSpec{
    .name = "callable_iterator",
    .basic_size = sizeof(CallableIteratorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = callable_iter_dealloc,
              .traverse = callable_iter_traverse,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = callable_iter_next},
    .methods = callable_iter_methods,
}};

}  // namespace krait
