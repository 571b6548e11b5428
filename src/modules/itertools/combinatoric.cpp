// itertools' combinatoric iterators: product, permutations, combinations,
// combinations_with_replacement. Each keeps index arrays into tuples of the pooled items
// and updates its result tuple in place when the caller has let go of it.
#include <algorithm>
#include <cstdlib>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/itertools/itertools_internal.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::itertools {

namespace {

// Shared layout: `pools` is a tuple (of tuples for product, of items otherwise).
struct CombinatoricObject : Object {
  Value pools;
  int64_t* indices;  // product/combinations*: one per result slot; permutations: one per item
  int64_t* cycles;   // permutations only
  Value result;      // null before the first result
  int64_t r;
  bool stopped;
};

CombinatoricObject* as_combinatoric(Value v) {
  return static_cast<CombinatoricObject*>(v.as_object());
}

Ref<> combinatoric_create(TypeObject* type, Ref<TupleObject> pools, int64_t r, int64_t index_count,
                          int64_t cycle_count) {
  auto* c = allocate<CombinatoricObject>(type);
  if (!c) return nullptr;
  Ref<> holder = Ref<>::steal(Value(c));
  c->pools = pools.release();
  c->r = r;
  c->indices =
      static_cast<int64_t*>(std::calloc(size_t(index_count ? index_count : 1), sizeof(int64_t)));
  if (cycle_count >= 0)
    c->cycles =
        static_cast<int64_t*>(std::calloc(size_t(cycle_count ? cycle_count : 1), sizeof(int64_t)));
  if (!c->indices || (cycle_count >= 0 && !c->cycles)) return raise_memory_error();
  gc_track(c);
  return holder;
}

void combinatoric_dealloc(Object* o) {
  gc_untrack(o);
  auto* c = static_cast<CombinatoricObject*>(o);
  decref(c->pools);
  decref(c->result);
  std::free(c->indices);
  std::free(c->cycles);
  free_object(o);
}

void combinatoric_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<CombinatoricObject*>(o);
  visit_value(c->pools, visit, arg);
  visit_value(c->result, visit, arg);
}

TupleObject* pool_of(CombinatoricObject* c) { return as_tuple(c->pools); }

// A result tuple of pool[indices[i]] for i < n.
Ref<TupleObject> gather(TupleObject* pool, const int64_t* indices, int64_t n) {
  Ref<TupleObject> result = tuple_allocate(n);
  if (!result) return nullptr;
  for (int64_t i = 0; i < n; ++i) result->items[i] = new_ref(pool->items[indices[i]]).release();
  return result;
}

Ref<TupleObject> indices_tuple(const int64_t* indices, int64_t n) {
  Ref<TupleObject> result = tuple_allocate(n);
  if (!result) return nullptr;
  for (int64_t i = 0; i < n; ++i) {
    Ref<> index = int_from_int64(indices[i]);
    if (!index) {
      for (int64_t j = i; j < n; ++j) result->items[j] = None();
      return nullptr;
    }
    result->items[i] = index.release();
  }
  return result;
}

// The common __sizeof__: the object plus its index arrays.
Ref<> combinatoric_sizeof(Value self, int64_t index_count, int64_t cycle_count) {
  return int_from_int64(type_of(self)->basic_size +
                        (index_count + cycle_count) * int64_t(sizeof(int64_t)));
}

// --- product ---

Ref<> product_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  int64_t repeat = 1;
  if (kwnames && kwnames->length) {
    for (int64_t i = 0; i < kwnames->length; ++i) {
      if (!str_equal_ascii(as_str(kwnames->items[i]), "repeat")) {
        return type_error("'{}' is an invalid keyword argument for product()",
                          str_utf8(kwnames->items[i]));
      }
    }
    if (kwnames->length > 1)
      return type_error("argument for product() given by name ('repeat') and position (1)");
    if (!index_to_int64(args[nargs], &repeat)) return nullptr;
    if (repeat < 0) return value_error("repeat argument cannot be negative");
  }
  int64_t count = repeat == 0 ? 0 : int64_t(nargs);
  if (count && count > INT64_MAX / 8 / repeat)
    return raise(exc::OverflowError, "repeat argument too large");
  int64_t pool_count = count * repeat;
  Ref<TupleObject> pools = tuple_allocate(pool_count);
  if (!pools) return nullptr;
  for (int64_t i = 0; i < pool_count; ++i) pools->items[i] = None();
  for (int64_t i = 0; i < count; ++i) {
    Ref<TupleObject> pool = tuple_from_iterable(args[i]);
    if (!pool) return nullptr;
    set_value(&pools->items[i], pool.release());
  }
  for (int64_t i = count; i < pool_count; ++i) {
    incref(pools->items[i - count]);
    set_value(&pools->items[i], pools->items[i - count]);
  }
  return combinatoric_create(type, std::move(pools), pool_count, pool_count, -1);
}

Ref<> product_next(Value self) {
  CombinatoricObject* c = as_combinatoric(self);
  if (c->stopped) return nullptr;
  TupleObject* pools = pool_of(c);
  int64_t n = pools->length;
  if (!c->result) {
    // The first result: the first item of every pool.
    for (int64_t i = 0; i < n; ++i) {
      if (as_tuple(pools->items[i])->length == 0) {
        c->stopped = true;
        return nullptr;
      }
    }
    Ref<TupleObject> result = tuple_allocate(n);
    if (!result) return nullptr;
    for (int64_t i = 0; i < n; ++i)
      result->items[i] = new_ref(as_tuple(pools->items[i])->items[0]).release();
    c->result = new_ref(result.value()).release();
    return result;
  }
  Ref<TupleObject> result = reusable_result(&c->result);
  if (!result) return nullptr;
  // Advance the indices like an odometer, rightmost first.
  int64_t i = n - 1;
  for (; i >= 0; --i) {
    TupleObject* pool = as_tuple(pools->items[i]);
    if (++c->indices[i] == pool->length) {
      c->indices[i] = 0;
      tuple_replace(result.get(), i, pool->items[0]);
    } else {
      tuple_replace(result.get(), i, pool->items[c->indices[i]]);
      break;
    }
  }
  if (i < 0) {
    c->stopped = true;
    return nullptr;
  }
  return result;
}

Ref<> product_reduce(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  Value type = Value(type_of(self));
  if (c->stopped) {
    Ref<TupleObject> empty = tuple_empty();
    Ref<TupleObject> arguments = empty ? tuple_of({empty.value()}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({type, arguments.value()});
  }
  if (!c->result) return tuple_of({type, c->pools});
  Ref<TupleObject> indices = indices_tuple(c->indices, pool_of(c)->length);
  if (!indices) return nullptr;
  return tuple_of({type, c->pools, indices.value()});
}

Ref<> product_setstate(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  TupleObject* pools = pool_of(c);
  int64_t n = pools->length;
  Value state = args[0];
  if (!is_tuple(state) || as_tuple(state)->length != n) return value_error("invalid arguments");
  for (int64_t i = 0; i < n; ++i) {
    int64_t index;
    if (!index_to_int64(as_tuple(state)->items[i], &index)) return nullptr;
    int64_t size = as_tuple(pools->items[i])->length;
    if (size == 0) {
      c->stopped = true;
      return new_none();
    }
    c->indices[i] = std::clamp<int64_t>(index, 0, size - 1);
  }
  Ref<TupleObject> result = tuple_allocate(n);
  if (!result) return nullptr;
  for (int64_t i = 0; i < n; ++i)
    result->items[i] = new_ref(as_tuple(pools->items[i])->items[c->indices[i]]).release();
  set_value(&c->result, result.release());
  return new_none();
}

Ref<> product_sizeof(Value self, const Value* args) {
  return combinatoric_sizeof(self, pool_of(as_combinatoric(self))->length, 0);
}

const MethodDef product_methods[] = {
    {.name = "__reduce__",
     .impl = product_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = product_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {.name = "__sizeof__",
     .impl = product_sizeof,
     .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

// --- combinations and combinations_with_replacement ---

bool parse_r(Value value, int64_t* r) {
  if (!index_to_int64(value, r)) return false;
  if (*r < 0) return bool(value_error("r must be non-negative"));
  return true;
}

Ref<> combinations_impl(Value type, const Value* args) {
  Ref<TupleObject> pool = tuple_from_iterable(args[0]);
  if (!pool) return nullptr;
  int64_t r;
  if (!parse_r(args[1], &r)) return nullptr;
  int64_t n = pool->length;
  Ref<> result =
      combinatoric_create(static_cast<TypeObject*>(type.as_object()), std::move(pool), r, r, -1);
  if (!result) return nullptr;
  CombinatoricObject* c = as_combinatoric(result);
  for (int64_t i = 0; i < r; ++i) c->indices[i] = i;
  c->stopped = r > n;
  return result;
}

Ref<> combinations_with_replacement_impl(Value type, const Value* args) {
  Ref<TupleObject> pool = tuple_from_iterable(args[0]);
  if (!pool) return nullptr;
  int64_t r;
  if (!parse_r(args[1], &r)) return nullptr;
  int64_t n = pool->length;
  Ref<> result =
      combinatoric_create(static_cast<TypeObject*>(type.as_object()), std::move(pool), r, r, -1);
  if (!result) return nullptr;
  as_combinatoric(result)->stopped = n == 0 && r > 0;
  return result;
}

const MethodDef combinations_new_def = {.name = "combinations",
                                        .impl = combinations_impl,
                                        .signature = "($type, iterable, r)",
                                        .flags = kMethodConstructor};
const MethodDef combinations_with_replacement_new_def = {.name = "combinations_with_replacement",
                                                         .impl = combinations_with_replacement_impl,
                                                         .signature = "($type, iterable, r)",
                                                         .flags = kMethodConstructor};

Ref<> combinations_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(combinations_new_def, &combinations_type, type, args, nargs, kwnames);
}
Ref<> combinations_with_replacement_new(TypeObject* type, const Value* args, size_t nargs,
                                        TupleObject* kwnames) {
  return construct(combinations_with_replacement_new_def, &combinations_with_replacement_type, type,
                   args, nargs, kwnames);
}

Ref<> combinations_next(Value self) {
  CombinatoricObject* c = as_combinatoric(self);
  if (c->stopped) return nullptr;
  TupleObject* pool = pool_of(c);
  int64_t n = pool->length, r = c->r;
  if (!c->result) {
    Ref<TupleObject> result = gather(pool, c->indices, r);
    if (!result) return nullptr;
    c->result = new_ref(result.value()).release();
    return result;
  }
  Ref<TupleObject> result = reusable_result(&c->result);
  if (!result) return nullptr;
  // The rightmost index not at its maximum (i + n - r) moves up; those after it follow.
  int64_t i = r - 1;
  while (i >= 0 && c->indices[i] == i + n - r) --i;
  if (i < 0) {
    c->stopped = true;
    return nullptr;
  }
  ++c->indices[i];
  for (int64_t j = i + 1; j < r; ++j) c->indices[j] = c->indices[j - 1] + 1;
  for (; i < r; ++i) tuple_replace(result.get(), i, pool->items[c->indices[i]]);
  return result;
}

Ref<> combinations_with_replacement_next(Value self) {
  CombinatoricObject* c = as_combinatoric(self);
  if (c->stopped) return nullptr;
  TupleObject* pool = pool_of(c);
  int64_t n = pool->length, r = c->r;
  if (!c->result) {
    Ref<TupleObject> result = tuple_allocate(r);
    if (!result) return nullptr;
    for (int64_t i = 0; i < r; ++i) result->items[i] = new_ref(pool->items[0]).release();
    c->result = new_ref(result.value()).release();
    return result;
  }
  Ref<TupleObject> result = reusable_result(&c->result);
  if (!result) return nullptr;
  // The rightmost index below n - 1 moves up; all those after it take its new value.
  int64_t i = r - 1;
  while (i >= 0 && c->indices[i] == n - 1) --i;
  if (i < 0) {
    c->stopped = true;
    return nullptr;
  }
  int64_t index = c->indices[i] + 1;
  for (; i < r; ++i) {
    c->indices[i] = index;
    tuple_replace(result.get(), i, pool->items[index]);
  }
  return result;
}

Ref<> combinations_reduce(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  Value type = Value(type_of(self));
  Ref<> r = int_from_int64(c->r);
  if (!r) return nullptr;
  if (!c->result || c->stopped) {
    Ref<TupleObject> pool = c->result ? tuple_empty() : new_ref(c->pools).cast<TupleObject>();
    Ref<TupleObject> arguments = pool ? tuple_of({pool.value(), r.value()}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({type, arguments.value()});
  }
  Ref<TupleObject> arguments = tuple_of({c->pools, r.value()});
  Ref<TupleObject> indices = indices_tuple(c->indices, c->r);
  if (!arguments || !indices) return nullptr;
  return tuple_of({type, arguments.value(), indices.value()});
}

// __setstate__ of both combinations: clamp each index into [0, max(i)] and rebuild the result.
Ref<> combinations_setstate_with(Value self, Value state, bool with_replacement) {
  CombinatoricObject* c = as_combinatoric(self);
  TupleObject* pool = pool_of(c);
  int64_t n = pool->length;
  if (!is_tuple(state) || as_tuple(state)->length != c->r) return value_error("invalid arguments");
  for (int64_t i = 0; i < c->r; ++i) {
    int64_t index;
    if (!index_to_int64(as_tuple(state)->items[i], &index)) return nullptr;
    int64_t max = with_replacement ? n - 1 : i + n - c->r;
    if (index > max) index = max;
    if (index < 0) index = 0;
    c->indices[i] = index;
  }
  Ref<TupleObject> result = gather(pool, c->indices, c->r);
  if (!result) return nullptr;
  set_value(&c->result, result.release());
  return new_none();
}

Ref<> combinations_setstate(Value self, const Value* args) {
  return combinations_setstate_with(self, args[0], false);
}
Ref<> combinations_with_replacement_setstate(Value self, const Value* args) {
  return combinations_setstate_with(self, args[0], true);
}

Ref<> combinations_sizeof(Value self, const Value* args) {
  return combinatoric_sizeof(self, as_combinatoric(self)->r, 0);
}

const MethodDef combinations_methods[] = {
    {.name = "__reduce__",
     .impl = combinations_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = combinations_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {.name = "__sizeof__",
     .impl = combinations_sizeof,
     .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

const MethodDef combinations_with_replacement_methods[] = {
    {.name = "__reduce__",
     .impl = combinations_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = combinations_with_replacement_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {.name = "__sizeof__",
     .impl = combinations_sizeof,
     .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

// --- permutations ---

Ref<> permutations_impl(Value type, const Value* args) {
  Ref<TupleObject> pool = tuple_from_iterable(args[0]);
  if (!pool) return nullptr;
  int64_t n = pool->length, r = n;
  if (!is_none(args[1])) {
    if (!is_int(args[1])) return type_error("Expected int as r");
    if (!int_as_int64(args[1], &r)) return nullptr;
    if (r < 0) return value_error("r must be non-negative");
  }
  Ref<> result =
      combinatoric_create(static_cast<TypeObject*>(type.as_object()), std::move(pool), r, n, r);
  if (!result) return nullptr;
  CombinatoricObject* c = as_combinatoric(result);
  for (int64_t i = 0; i < n; ++i) c->indices[i] = i;
  for (int64_t i = 0; i < r; ++i) c->cycles[i] = n - i;
  c->stopped = r > n;
  return result;
}

const MethodDef permutations_new_def = {.name = "permutations",
                                        .impl = permutations_impl,
                                        .signature = "($type, iterable, r=None)",
                                        .flags = kMethodConstructor};

Ref<> permutations_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return construct(permutations_new_def, &permutations_type, type, args, nargs, kwnames);
}

Ref<> permutations_next(Value self) {
  CombinatoricObject* c = as_combinatoric(self);
  if (c->stopped) return nullptr;
  TupleObject* pool = pool_of(c);
  int64_t n = pool->length, r = c->r;
  if (!c->result) {
    Ref<TupleObject> result = gather(pool, c->indices, r);
    if (!result) return nullptr;
    c->result = new_ref(result.value()).release();
    return result;
  }
  if (n == 0) {
    c->stopped = true;
    return nullptr;
  }
  Ref<TupleObject> result = reusable_result(&c->result);
  if (!result) return nullptr;
  int64_t* indices = c->indices;
  int64_t* cycles = c->cycles;
  // Decrement the rightmost cycle; on reaching zero rotate indices[i:] left and move on
  // leftwards, else swap one index into place and emit.
  int64_t i = r - 1;
  for (; i >= 0; --i) {
    if (--cycles[i] == 0) {
      int64_t first = indices[i];
      for (int64_t j = i; j < n - 1; ++j) indices[j] = indices[j + 1];
      indices[n - 1] = first;
      cycles[i] = n - i;
    } else {
      int64_t j = cycles[i];
      std::swap(indices[i], indices[n - j]);
      for (int64_t k = i; k < r; ++k) tuple_replace(result.get(), k, pool->items[indices[k]]);
      break;
    }
  }
  if (i < 0) {
    c->stopped = true;
    return nullptr;
  }
  return result;
}

Ref<> permutations_reduce(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  Value type = Value(type_of(self));
  Ref<> r = int_from_int64(c->r);
  if (!r) return nullptr;
  if (!c->result || c->stopped) {
    Ref<TupleObject> pool = c->result ? tuple_empty() : new_ref(c->pools).cast<TupleObject>();
    Ref<TupleObject> arguments = pool ? tuple_of({pool.value(), r.value()}) : Ref<TupleObject>();
    if (!arguments) return nullptr;
    return tuple_of({type, arguments.value()});
  }
  Ref<TupleObject> arguments = tuple_of({c->pools, r.value()});
  Ref<TupleObject> indices = indices_tuple(c->indices, pool_of(c)->length);
  Ref<TupleObject> cycles = indices_tuple(c->cycles, c->r);
  Ref<TupleObject> state =
      indices && cycles ? tuple_of({indices.value(), cycles.value()}) : Ref<TupleObject>();
  if (!arguments || !state) return nullptr;
  return tuple_of({type, arguments.value(), state.value()});
}

Ref<> permutations_setstate(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  Value state = args[0];
  if (!check_state_tuple(state)) return nullptr;
  TupleObject* s = as_tuple(state);
  if (s->length != 2) return type_error("function takes exactly 2 arguments ({} given)", s->length);
  for (int i = 0; i < 2; ++i) {
    if (!is_tuple(s->items[i]))
      return type_error("argument {} must be tuple, not {}", i + 1, type_name(s->items[i]));
  }
  TupleObject* pool = pool_of(c);
  int64_t n = pool->length;
  TupleObject* indices = as_tuple(s->items[0]);
  TupleObject* cycles = as_tuple(s->items[1]);
  if (indices->length != n || cycles->length != c->r) return value_error("invalid arguments");
  for (int64_t i = 0; i < n; ++i) {
    int64_t index;
    if (!index_to_int64(indices->items[i], &index)) return nullptr;
    c->indices[i] = std::clamp<int64_t>(index, 0, std::max<int64_t>(n - 1, 0));
  }
  for (int64_t i = 0; i < c->r; ++i) {
    int64_t cycle;
    if (!index_to_int64(cycles->items[i], &cycle)) return nullptr;
    if (cycle < 1)
      cycle = 1;
    else if (cycle > n - i)
      cycle = n - i;
    c->cycles[i] = cycle;
  }
  Ref<TupleObject> result = gather(pool, c->indices, c->r);
  if (!result) return nullptr;
  set_value(&c->result, result.release());
  return new_none();
}

Ref<> permutations_sizeof(Value self, const Value* args) {
  CombinatoricObject* c = as_combinatoric(self);
  return combinatoric_sizeof(self, pool_of(c)->length, c->r);
}

const MethodDef permutations_methods[] = {
    {.name = "__reduce__",
     .impl = permutations_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {.name = "__setstate__",
     .impl = permutations_setstate,
     .signature = "($self, state, /)",
     .doc = "Set state information for unpickling."},
    {.name = "__sizeof__",
     .impl = permutations_sizeof,
     .signature = "($self, /)",
     .doc = "Returns size in memory, in bytes."},
    {},
};

constexpr uint64_t kCombinatoricFlags = kTypeBaseType | kTypeHaveGC;

}  // namespace

TypeObject product_type{TypeSpec{
    .name = "itertools.product",
    .doc = "product(*iterables, repeat=1) --> product object\n\nCartesian product of input "
           "iterables.  Equivalent to "
           "nested for-loops.\n\nFor example, product(A, B) returns the same as:  ((x,y) for x in "
           "A for y in B).\nThe "
           "leftmost iterators are in the outermost for-loop, so the output tuples\ncycle in a "
           "manner similar to an "
           "odometer (with the rightmost element changing\non every iteration).\n\nTo compute the "
           "product of an "
           "iterable with itself, specify the number\nof repetitions with the optional repeat "
           "keyword argument. For "
           "example,\nproduct(A, repeat=4) means the same as product(A, A, A, A).\n\nproduct('ab', "
           "range(3)) --> "
           "('a',0) ('a',1) ('a',2) ('b',0) ('b',1) ('b',2)\nproduct((0,1), (0,1), (0,1)) --> "
           "(0,0,0) (0,0,1) "
           "(0,1,0) (0,1,1) (1,0,0) ...",
    .basic_size = sizeof(CombinatoricObject),
    .flags = kCombinatoricFlags,
    .slots = {.dealloc = combinatoric_dealloc,
              .traverse = combinatoric_traverse,
              .new_instance = product_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = product_next},
    .methods = product_methods,
}};

TypeObject combinations_type{TypeSpec{
    .name = "itertools.combinations",
    .doc = "combinations(iterable, r)\n--\n\nReturn successive r-length combinations of elements "
           "in the iterable.\n\n"
           "combinations(range(4), 3) --> (0,1,2), (0,1,3), (0,2,3), (1,2,3)",
    .basic_size = sizeof(CombinatoricObject),
    .flags = kCombinatoricFlags,
    .slots = {.dealloc = combinatoric_dealloc,
              .traverse = combinatoric_traverse,
              .new_instance = combinations_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = combinations_next},
    .methods = combinations_methods,
}};

TypeObject combinations_with_replacement_type{TypeSpec{
    .name = "itertools.combinations_with_replacement",
    .doc = "combinations_with_replacement(iterable, r)\n--\n\nReturn successive r-length "
           "combinations of elements in "
           "the iterable allowing individual elements to have successive repeats.\n\n"
           "combinations_with_replacement('ABC', 2) --> ('A','A'), ('A','B'), ('A','C'), "
           "('B','B'), ('B','C'), "
           "('C','C')",
    .basic_size = sizeof(CombinatoricObject),
    .flags = kCombinatoricFlags,
    .slots = {.dealloc = combinatoric_dealloc,
              .traverse = combinatoric_traverse,
              .new_instance = combinations_with_replacement_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = combinations_with_replacement_next},
    .methods = combinations_with_replacement_methods,
}};

TypeObject permutations_type{TypeSpec{
    .name = "itertools.permutations",
    .doc = "permutations(iterable, r=None)\n--\n\nReturn successive r-length permutations of "
           "elements in the "
           "iterable.\n\npermutations(range(3), 2) --> (0,1), (0,2), (1,0), (1,2), (2,0), (2,1)",
    .basic_size = sizeof(CombinatoricObject),
    .flags = kCombinatoricFlags,
    .slots = {.dealloc = combinatoric_dealloc,
              .traverse = combinatoric_traverse,
              .new_instance = permutations_new,
              .getattr = generic_get_attr,
              .iter = self_iter,
              .iternext = permutations_next},
    .methods = permutations_methods,
}};

}  // namespace krait::itertools
