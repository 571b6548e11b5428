// Shared by the itertools files: the types (one C++ TypeObject each), and the small
// helpers their constructors and __next__ methods have in common.
#pragma once

#include "core/args.h"
#include "core/error.h"
#include "core/object.h"
#include "core/type.h"
#include "objects/descriptors.h"
#include "objects/tuple.h"

namespace krait::itertools {

extern TypeObject count_type, cycle_type, repeat_type;  // infinite.cpp
extern TypeObject accumulate_type, chain_type, compress_type, dropwhile_type, filterfalse_type,
    islice_type, pairwise_type, starmap_type, takewhile_type, zip_longest_type;  // iterators.cpp
extern TypeObject groupby_type, grouper_type, tee_type, tee_dataobject_type;     // grouping.cpp
extern TypeObject product_type, permutations_type, combinations_type,
    combinations_with_replacement_type;  // combinatoric.cpp

// tee(iterable, n=2), the module function.
Ref<> tee_function(Value module, const Value* args);

inline void visit_value(Value v, VisitFn visit, void* arg) {
  if (v.is_object()) visit(v.as_object(), arg);
}
inline void clear_value(Value* slot) {
  Value old = *slot;
  *slot = Value();
  decref(old);
}
inline void set_value(Value* slot, Value owned) {
  Value old = *slot;
  *slot = owned;
  decref(old);
}

Ref<> self_iter(Value self);

// The next item of an iterator through its slot: null at the end (an exception set or not).
inline Ref<> next_of(Value iterator) { return type_of(iterator)->iternext(iterator); }

// Calls a constructor described by `def` (its impl receives the type as `self` and one Value
// per parameter). Subclasses that define their own __init__ may take keywords the signature
// does not know; those are ignored here, as CPython's constructors do.
Ref<> construct(const MethodDef& def, TypeObject* base, TypeObject* type, const Value* args,
                size_t nargs, TupleObject* kwnames);

// The result tuple of a combinatoric iterator: reused when nobody else holds it (CPython's
// trick, which makes `for t in product(...)` allocation-free), else a fresh copy.
Ref<TupleObject> reusable_result(Value* cached);
// Replaces item i of a tuple the caller owns exclusively.
inline void tuple_replace(TupleObject* t, int64_t i, Value item) {
  incref(item);
  Value old = t->items[i];
  t->items[i] = item;
  decref(old);
}

// "state is not a tuple" for __setstate__.
bool check_state_tuple(Value state);

}  // namespace krait::itertools
