// mappingproxy (types.MappingProxyType): a read-only view of a mapping. Reads are
// forwarded to the mapping (its own get/keys/values/items/copy are called, so any mapping
// type works); there are no ways to write.
#include "objects/mappingproxy.h"

#include "compile/opcodes.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/genericalias.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"

namespace krait {

namespace {

MappingProxyObject* as_proxy(Value v) { return static_cast<MappingProxyObject*>(v.as_object()); }
Value mapping_of(Value self) { return as_proxy(self)->mapping; }

// Lists and tuples have __getitem__ too, but they are sequences.
bool check_mapping(Value mapping) {
  if (!type_of(mapping)->getitem || is_list(mapping) || is_tuple(mapping)) {
    return type_error("mappingproxy() argument must be a mapping, not {}", type_of(mapping)->name);
  }
  return true;
}

Ref<> proxy_for(TypeObject* type, Value mapping) {
  if (!check_mapping(mapping)) return nullptr;
  auto* proxy = allocate<MappingProxyObject>(type);
  if (!proxy) return nullptr;
  proxy->mapping = new_ref(mapping).release();
  gc_track(proxy);
  return Ref<>::steal(Value(proxy));
}

void proxy_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<MappingProxyObject*>(o)->mapping);
  free_object(o);
}

void proxy_traverse(Object* o, VisitFn visit, void* arg) {
  Value mapping = static_cast<MappingProxyObject*>(o)->mapping;
  if (mapping.is_object()) visit(mapping.as_object(), arg);
}

// mappingproxy(mapping), with Argument Clinic's messages: too many arguments first, then
// a missing `mapping`, before any unknown keyword.
Ref<> proxy_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs + nkw > 1) {
    return type_error("mappingproxy() takes at most 1 argument ({} given)", nargs + nkw);
  }
  Value mapping = nargs ? args[0] : Value();
  if (nkw == 1) {
    Value name = kwnames->items[0];
    if (is_str(name) && str_equal_ascii(as_str(name), "mapping")) mapping = args[0];
  }
  if (!mapping) return type_error("mappingproxy() missing required argument 'mapping' (pos 1)");
  return proxy_for(type, mapping);
}

int64_t proxy_length(Value self) { return length(mapping_of(self)); }

Ref<> proxy_getitem(Value self, Value key) { return get_item(mapping_of(self), key); }

int proxy_contains(Value self, Value key) {
  Value mapping = mapping_of(self);
  if (is_exact_dict(mapping)) return dict_contains(as_dict(mapping), key);
  return contains(mapping, key);
}

Ref<> proxy_iter(Value self) { return get_iter(mapping_of(self)); }

Ref<> proxy_repr(Value self) {
  Ref<StrObject> inner = repr(mapping_of(self));
  if (!inner) return nullptr;
  StrBuilder out;
  out.append_ascii("mappingproxy(");
  out.append(inner.get());
  out.append(U')');
  return out.finish();
}

Ref<> proxy_str(Value self) { return str(mapping_of(self)); }

Ref<> proxy_compare(Value self, Value other, CompareOp op) {
  return rich_compare(mapping_of(self), other, op);
}

// proxy | other and other | proxy: the underlying mappings are or-ed (a new dict).
Ref<> proxy_or(Value a, Value b) {
  if (is_instance_of(a, &mappingproxy_type)) a = mapping_of(a);
  if (is_instance_of(b, &mappingproxy_type)) b = mapping_of(b);
  return binary_op(a, b, BinaryOperator::Or);
}

Ref<> proxy_inplace_or(Value self, Value other) {
  return type_error("'|=' is not supported by {}; use '|' instead", type_of(self)->name);
}

Ref<> proxy_get(Value self, const Value* args) {
  Value call_args[2] = {args[0], args[1]};
  return call_method(mapping_of(self), ID(get), call_args, 2);
}

Ref<> proxy_keys(Value self, const Value* args) { return call_method0(mapping_of(self), ID(keys)); }
Ref<> proxy_values(Value self, const Value* args) {
  return call_method0(mapping_of(self), ID(values));
}
Ref<> proxy_items(Value self, const Value* args) {
  return call_method0(mapping_of(self), ID(items));
}

Ref<> proxy_copy(Value self, const Value* args) {
  Ref<> method = get_attr(mapping_of(self), "copy");
  if (!method) return nullptr;
  return call0(method);
}

Ref<> proxy_reversed(Value self, const Value* args) {
  Ref<> reversed = builtin_named("reversed");
  if (!reversed) return nullptr;
  return call1(reversed, mapping_of(self));
}

const MethodDef proxy_methods[] = {
    {.name = "get",
     .impl = proxy_get,
     .signature = "($self, key, default=None, /)",
     .doc = "Return the value for key if key is in the mapping, else default."},
    {.name = "keys",
     .impl = proxy_keys,
     .signature = "($self, /)",
     .doc = "D.keys() -> a set-like object providing a view on D's keys"},
    {.name = "values",
     .impl = proxy_values,
     .signature = "($self, /)",
     .doc = "D.values() -> an object providing a view on D's values"},
    {.name = "items",
     .impl = proxy_items,
     .signature = "($self, /)",
     .doc = "D.items() -> a set-like object providing a view on D's items"},
    {.name = "copy",
     .impl = proxy_copy,
     .signature = "($self, /)",
     .doc = "D.copy() -> a shallow copy of D"},
    {.name = "__class_getitem__",
     .impl = class_getitem_generic_alias,
     .signature = "($type, item, /)",
     .doc = "See PEP 585",
     .flags = kMethodClass},
    {.name = "__reversed__",
     .impl = proxy_reversed,
     .signature = "($self, /)",
     .doc = "D.__reversed__() -> reverse iterator"},
    {},
};

}  // namespace

Ref<> mappingproxy_new(Value mapping) { return proxy_for(&mappingproxy_type, mapping); }

TypeObject mappingproxy_type{TypeSpec{
    .name = "mappingproxy",
    .doc = "Read-only proxy of a mapping.",
    .basic_size = sizeof(MappingProxyObject),
    .flags = kTypeHaveGC | kTypeMapping,
    .slots = {.dealloc = proxy_dealloc,
              .traverse = proxy_traverse,
              .new_instance = proxy_new_slot,
              .repr = proxy_repr,
              .str = proxy_str,
              .compare = proxy_compare,
              .getattr = generic_get_attr,
              .iter = proxy_iter,
              .length = proxy_length,
              .getitem = proxy_getitem,
              .contains = proxy_contains,
              .bit_or = proxy_or,
              .inplace_bit_or = proxy_inplace_or},
    .methods = proxy_methods,
}};

}  // namespace krait
