// The itertools module: its functions, the shared helpers of itertools_internal.h, and the
// registration of the iterator types.
#include "core/ops.h"
#include "modules/itertools/itertools_internal.h"
#include "modules/module_def.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::itertools {

Ref<> self_iter(Value self) { return new_ref(self); }

Ref<> construct(const MethodDef& def, TypeObject* base, TypeObject* type, const Value* args,
                size_t nargs, TupleObject* kwnames) {
  if (kwnames && type != base && type->init != base->init) kwnames = nullptr;
  return call_method_def(&def, nullptr, Value(type), args, nargs, kwnames);
}

Ref<TupleObject> reusable_result(Value* cached) {
  TupleObject* result = static_cast<TupleObject*>(cached->as_object());
  if (result->refcount == 1) {
    // Only we hold it: hand it out again (the caller updates it before anyone sees it).
    // The collector may have untracked it as holding only atoms; new items may not be.
    if (!gc_is_tracked(result)) gc_track(result);
    return new_ref(result);
  }
  Ref<TupleObject> copy = tuple_from_array(result->items, result->length);
  if (!copy) return nullptr;
  set_value(cached, new_ref(copy.value()).release());
  return copy;
}

bool check_state_tuple(Value state) {
  if (!is_tuple(state)) return bool(type_error("state is not a tuple"));
  return true;
}

namespace {

const MethodDef itertools_functions[] = {
    {.name = "tee",
     .impl = tee_function,
     .signature = "($module, iterable, n=2, /)",
     .doc = "Returns a tuple of n independent iterators."},
    {},
};

bool itertools_exec(ModuleObject* module) {
  for (TypeObject* type :
       {&accumulate_type,     &combinations_type, &combinations_with_replacement_type,
        &compress_type,       &count_type,        &cycle_type,
        &dropwhile_type,      &filterfalse_type,  &groupby_type,
        &grouper_type,        &islice_type,       &pairwise_type,
        &permutations_type,   &product_type,      &repeat_type,
        &starmap_type,        &takewhile_type,    &tee_type,
        &tee_dataobject_type, &zip_longest_type,  &chain_type}) {
    if (!module_add_type(module, type)) return false;
  }
  return true;
}

}  // namespace

}  // namespace krait::itertools

namespace krait {

extern const ModuleDef module_itertools = {
    .name = "itertools",
    .doc =
        "Functional tools for creating and using iterators.\n\nInfinite iterators:\ncount(start=0, "
        "step=1) --> "
        "start, start+step, start+2*step, ...\ncycle(p) --> p0, p1, ... plast, p0, p1, "
        "...\nrepeat(elem [,n]) --> "
        "elem, elem, elem, ... endlessly or up to n times\n\nIterators terminating on the shortest "
        "input "
        "sequence:\naccumulate(p[, func]) --> p0, p0+p1, p0+p1+p2\nchain(p, q, ...) --> p0, p1, "
        "... plast, q0, q1, "
        "...\nchain.from_iterable([p, q, ...]) --> p0, p1, ... plast, q0, q1, ...\ncompress(data, "
        "selectors) --> "
        "(d[0] if s[0]), (d[1] if s[1]), ...\ndropwhile(pred, seq) --> seq[n], seq[n+1], starting "
        "when pred "
        "fails\ngroupby(iterable[, keyfunc]) --> sub-iterators grouped by value of "
        "keyfunc(v)\nfilterfalse(pred, "
        "seq) --> elements of seq where pred(elem) is False\nislice(seq, [start,] stop [, step]) "
        "--> elements "
        "from\n       seq[start:stop:step]\npairwise(s) --> (s[0],s[1]), (s[1],s[2]), (s[2], "
        "s[3]), "
        "...\nstarmap(fun, seq) --> fun(*seq[0]), fun(*seq[1]), ...\ntee(it, n=2) --> (it1, it2 , "
        "... itn) splits "
        "one iterator into n\ntakewhile(pred, seq) --> seq[0], seq[1], until pred "
        "fails\nzip_longest(p, q, ...) "
        "--> (p[0], q[0]), (p[1], q[1]), ...\n\nCombinatoric generators:\nproduct(p, q, ... "
        "[repeat=1]) --> "
        "cartesian product\npermutations(p[, r])\ncombinations(p, "
        "r)\ncombinations_with_replacement(p, "
        "r)\n",
    .methods = itertools::itertools_functions,
    .exec = itertools::itertools_exec,
};

}  // namespace krait
