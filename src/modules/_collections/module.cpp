// The _collections module: deque and defaultdict (their own files), _count_elements (the
// loop of Counter.update) and _tuplegetter (the field descriptors of namedtuple classes).
#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_collections/collections_internal.h"
#include "modules/module_def.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"

namespace krait::collections {

namespace {

// mapping[elem] = mapping.get(elem, 0) + 1 for each element, straight on the dict when
// `mapping` is a dict whose get/__setitem__ are dict's own.
Ref<> count_elements(Value module, const Value* args) {
  Value mapping = args[0];
  Ref<> iterator = get_iter(args[1]);
  if (!iterator) return nullptr;
  bool plain_dict = is_exact_dict(mapping);
  Ref<> get_method;
  if (!plain_dict) {
    get_method = get_attr(mapping, ID(get));
    if (!get_method) return nullptr;
  }
  Value one = Value::small_int(1), zero = Value::small_int(0);
  while (Ref<> key = iter_next(iterator)) {
    Ref<> count;
    if (plain_dict) {
      Value current = dict_get(as_dict(mapping), key);
      if (!current && error_occurred()) return nullptr;
      count = current ? binary_op(current, one, BinaryOperator::Add) : new_ref(one);
    } else {
      Ref<> current = call2(get_method, key, zero);
      count = current ? binary_op(current, one, BinaryOperator::Add) : Ref<>();
    }
    if (!count || !set_item(mapping, key, count)) return nullptr;
  }
  if (error_occurred()) return nullptr;
  return new_none();
}

// --- _tuplegetter ---

struct TupleGetterObject : Object {
  int64_t index;
  Value doc;
};

TupleGetterObject* as_getter(Value v) { return static_cast<TupleGetterObject*>(v.as_object()); }

Ref<> tuplegetter_impl(Value type, const Value* args) {
  int64_t index;
  if (!index_to_int64(args[0], &index)) return nullptr;
  auto* g = allocate<TupleGetterObject>(static_cast<TypeObject*>(type.as_object()));
  if (!g) return nullptr;
  g->index = index;
  incref(args[1]);
  g->doc = args[1];
  return Ref<>::steal(Value(g));
}

const MethodDef tuplegetter_new_def = {.name = "_tuplegetter",
                                       .impl = tuplegetter_impl,
                                       .signature = "($type, index, doc, /)",
                                       .flags = kMethodConstructor};

Ref<> tuplegetter_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&tuplegetter_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void tuplegetter_dealloc(Object* o) {
  decref(static_cast<TupleGetterObject*>(o)->doc);
  free_object(o);
}

Ref<> tuplegetter_get(Value self, Value instance, Value owner) {
  TupleGetterObject* g = as_getter(self);
  if (!instance || is_none(instance)) return new_ref(self);
  if (!is_tuple(instance)) {
    return type_error("descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
                      g->index, type_name(instance));
  }
  TupleObject* t = as_tuple(instance);
  if (g->index < 0 || g->index >= t->length)
    return raise(exc::IndexError, "tuple index out of range");
  return new_ref(t->items[g->index]);
}

int tuplegetter_set(Value self, Value instance, Value value) {
  if (value) return raise(exc::AttributeError, "can't set attribute");
  return raise(exc::AttributeError, "can't delete attribute");
}

Ref<> tuplegetter_reduce(Value self, const Value* args) {
  TupleGetterObject* g = as_getter(self);
  Ref<> index = int_from_int64(g->index);
  Ref<TupleObject> arguments = index ? tuple_of({index.value(), g->doc}) : Ref<TupleObject>();
  if (!arguments) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value()});
}

Ref<> tuplegetter_repr(Value self) {
  TupleGetterObject* g = as_getter(self);
  Ref<StrObject> doc = repr(g->doc);
  if (!doc) return nullptr;
  return str_from_utf8(type_short_name(type_of(self)) + "(" + std::to_string(g->index) + ", " +
                       std::string(str_utf8(doc.get())) + ")");
}

const MethodDef tuplegetter_methods[] = {
    {.name = "__reduce__", .impl = tuplegetter_reduce, .signature = "($self, /)"},
    {},
};

const MemberDef tuplegetter_members[] = {
    {"__doc__", MemberKind::Object, offsetof(TupleGetterObject, doc), false},
    {},
};

const MethodDef collections_functions[] = {
    {.name = "_count_elements",
     .impl = count_elements,
     .signature = "($module, mapping, iterable, /)",
     .doc = "Count elements in the iterable, updating the mapping"},
    {},
};

bool collections_exec(ModuleObject* module) {
  for (TypeObject* type : {&deque_type, &defaultdict_type, &deque_iterator_type,
                           &deque_reverse_iterator_type, &tuplegetter_type}) {
    if (!module_add_type(module, type)) return false;
  }
  return true;
}

}  // namespace

TypeObject tuplegetter_type{TypeSpec{
    .name = "_collections._tuplegetter",
    .basic_size = sizeof(TupleGetterObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = tuplegetter_dealloc,
              .new_instance = tuplegetter_new,
              .repr = tuplegetter_repr,
              .getattr = generic_get_attr,
              .descr_get = tuplegetter_get,
              .descr_set = tuplegetter_set},
    .methods = tuplegetter_methods,
    .members = tuplegetter_members,
}};

}  // namespace krait::collections

namespace krait {

extern const ModuleDef module__collections = {
    .name = "_collections",
    .doc =
        "High performance data structures.\n- deque:        ordered collection accessible from "
        "endpoints only\n- "
        "defaultdict:  dict subclass with a default value factory\n",
    .methods = collections::collections_functions,
    .exec = collections::collections_exec,
};

}  // namespace krait
