// The _functools module: reduce, cmp_to_key (with its KeyWrapper type) and the
// registration of partial and _lru_cache_wrapper. functools.py imports these in place of
// its pure-Python versions.
#include "core/alloc.h"
#include "core/ops.h"
#include "modules/functools/functools_internal.h"
#include "modules/module_def.h"
#include "objects/descriptors.h"
#include "objects/none.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::functools {

namespace {

// --- reduce ---

Ref<> reduce_impl(Value, const Value* args) {
  Value function = args[0], initial = args[2];
  Ref<> iterator = get_iter(args[1]);
  if (!iterator) {
    if (error_matches(&exc::TypeError)) {
      clear_error();
      return type_error("reduce() arg 2 must support iteration");
    }
    return nullptr;
  }
  Ref<> result = initial ? new_ref(initial) : Ref<>();
  for (;;) {
    Ref<> item = iter_next(iterator);
    if (!item) {
      if (error_occurred()) return nullptr;
      break;
    }
    if (!result) {
      result = std::move(item);
      continue;
    }
    result = call2(function, result, item);
    if (!result) return nullptr;
  }
  if (!result) return type_error("reduce() of empty iterable with no initial value");
  return result;
}

// --- cmp_to_key ---

// A key made by cmp_to_key(mycmp): `obj` is the wrapped value (null before the wrapper is
// applied to one); comparisons call mycmp(a, b) and compare its result with 0.
struct KeyObject : Object {
  Value cmp;
  Value object;
};

KeyObject* as_key(Value v) { return static_cast<KeyObject*>(v.as_object()); }

Ref<> key_new(Value cmp, Value object) {
  auto* k = allocate<KeyObject>(&key_wrapper_type);
  if (!k) return nullptr;
  k->cmp = new_ref(cmp).release();
  if (object) k->object = new_ref(object).release();
  gc_track(k);
  return Ref<>::steal(Value(k));
}

void key_clear(Object* o) {
  clear_slot(&static_cast<KeyObject*>(o)->cmp);
  clear_slot(&static_cast<KeyObject*>(o)->object);
}

void key_dealloc(Object* o) {
  gc_untrack(o);
  key_clear(o);
  free_object(o);
}

void key_traverse(Object* o, VisitFn visit, void* arg) {
  visit_value(static_cast<KeyObject*>(o)->cmp, visit, arg);
  visit_value(static_cast<KeyObject*>(o)->object, visit, arg);
}

Ref<> key_call_impl(Value self, const Value* args) { return key_new(as_key(self)->cmp, args[0]); }

const MethodDef key_call_def = {.name = "K", .impl = key_call_impl, .signature = "($self, obj)"};

Ref<> key_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&key_call_def, nullptr, self, args, nargs, kwnames);
}

Ref<> key_compare(Value self, Value other, CompareOp op) {
  if (type_of(other) != type_of(self)) return type_error("other argument must be K instance");
  KeyObject *a = as_key(self), *b = as_key(other);
  if (!a->object || !b->object) return attribute_error("object");
  Ref<> cmp = new_ref(a->cmp);
  Ref<> x = new_ref(a->object), y = new_ref(b->object);
  Ref<> result = call2(cmp, x, y);
  if (!result) return nullptr;
  return rich_compare(result, Value::small_int(0), op);
}

const MemberDef key_members[] = {
    {"obj", MemberKind::ObjectOrNone, offsetof(KeyObject, object), false,
     "Value wrapped by a key function."},
    {},
};

Ref<> cmp_to_key_impl(Value, const Value* args) { return key_new(args[0], Value()); }

// --- the module ---

const MethodDef functools_functions[] = {
    {.name = "reduce",
     .impl = reduce_impl,
     .signature = "($module, function, iterable, initial=?, /)",
     .doc = "reduce(function, iterable[, initial]) -> value\n\n"
            "Apply a function of two arguments cumulatively to the items of a sequence\n"
            "or iterable, from left to right, so as to reduce the iterable to a single\n"
            "value.  For example, reduce(lambda x, y: x+y, [1, 2, 3, 4, 5]) calculates\n"
            "((((1+2)+3)+4)+5).  If initial is present, it is placed before the items\n"
            "of the iterable in the calculation, and serves as a default when the\n"
            "iterable is empty.",
     .flags = kMethodVarargs},
    {.name = "cmp_to_key",
     .impl = cmp_to_key_impl,
     .signature = "($module, mycmp)",
     .doc = "Convert a cmp= function into a key= function."},
    {},
};

bool functools_exec(ModuleObject* module) {
  if (!type_ready(&key_wrapper_type) || !lru_cache_ready()) return false;
  return module_add_type(module, &partial_type) &&
         module_add_type(module, &lru_cache_wrapper_type);
}

}  // namespace

TypeObject key_wrapper_type{TypeSpec{
    .name = "functools.KeyWrapper",
    .basic_size = sizeof(KeyObject),
    .flags = kTypeHaveGC | kTypeDisallowInstantiation,
    .slots = {.dealloc = key_dealloc,
              .traverse = key_traverse,
              .clear = key_clear,
              .compare = key_compare,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr,
              .call = key_call},
    .members = key_members,
}};

}  // namespace krait::functools

namespace krait {

extern const ModuleDef module__functools = {
    .name = "_functools",
    .doc = "Tools that operate on functions.",
    .methods = functools::functools_functions,
    .exec = functools::functools_exec,
};

}  // namespace krait
