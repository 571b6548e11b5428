// types.SimpleNamespace (also the type of sys.implementation).
#include "objects/namespace.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/container_util.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait {

namespace {

struct NamespaceObject : Object {
  Object* dict;
};

Ref<> namespace_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* ns = allocate<NamespaceObject>(type);
  if (!ns) return nullptr;
  Ref<> holder = Ref<>::steal(Value(ns));
  Ref<DictObject> dict = dict_new();
  if (!dict) return nullptr;
  ns->dict = dict.release_object();
  gc_track(ns);
  return holder;
}

int namespace_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs) return type_error("no positional arguments expected");
  auto* ns = static_cast<NamespaceObject*>(self.as_object());
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  for (size_t i = 0; i < nkw; ++i) {
    if (!dict_set(static_cast<DictObject*>(ns->dict), kwnames->items[i], args[i])) return -1;
  }
  return 0;
}

void namespace_dealloc(Object* o) {
  gc_untrack(o);
  auto* ns = static_cast<NamespaceObject*>(o);
  if (ns->dict) decref(ns->dict);
  free_object(o);
}

void namespace_traverse(Object* o, VisitFn visit, void* arg) {
  auto* ns = static_cast<NamespaceObject*>(o);
  if (ns->dict) visit(ns->dict, arg);
}

void namespace_clear(Object* o) {
  auto* ns = static_cast<NamespaceObject*>(o);
  if (ns->dict) dict_clear(static_cast<DictObject*>(ns->dict));
}

// namespace(a=1, b=2) — "namespace" for the exact type, the class name for subclasses;
// "..." for a recursive reference.
Ref<> namespace_repr(Value self) {
  std::string name = type_of(self) == &namespace_type ? "namespace" : type_name(self);
  ReprGuard guard(self.as_object());
  if (guard.recursive()) return str_from_utf8(name + "(...)");
  std::string out = name + "(";
  auto* dict = static_cast<DictObject*>(static_cast<NamespaceObject*>(self.as_object())->dict);
  Ref<DictObject> snapshot = dict_copy(dict);
  if (!snapshot) return nullptr;
  int64_t pos = 0;
  Value key, value;
  bool first = true;
  while (dict_next(snapshot.get(), &pos, &key, &value)) {
    if (!is_str(key)) continue;
    Ref<StrObject> r = repr(value);
    if (!r) return nullptr;
    if (!first) out += ", ";
    first = false;
    out += str_utf8(key);
    out += "=";
    out += str_utf8(r.get());
  }
  return str_from_utf8(out + ")");
}

Ref<> namespace_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_instance_of(b, &namespace_type)) {
    return new_not_implemented();
  }
  Value da = Value(static_cast<NamespaceObject*>(a.as_object())->dict);
  Value db = Value(static_cast<NamespaceObject*>(b.as_object())->dict);
  return rich_compare(da, db, op);
}

Ref<> namespace_reduce(Value self, const Value* args) {
  Ref<TupleObject> empty = tuple_empty();
  Value dict = Value(static_cast<NamespaceObject*>(self.as_object())->dict);
  return tuple_of({Value(type_of(self)), empty.value(), dict});
}

const MethodDef namespace_methods[] = {
    {.name = "__reduce__", .impl = namespace_reduce, .signature = "($self, /)",
     .doc = "Return state information for pickling"},
    {},
};

const MemberDef namespace_members[] = {
    {"__dict__", MemberKind::Object, offsetof(NamespaceObject, dict), true},
    {},
};

}  // namespace

Ref<> make_namespace(std::initializer_list<std::pair<const char*, Ref<>>> attributes) {
  Ref<> ns = namespace_new(&namespace_type, nullptr, 0, nullptr);
  if (!ns) return nullptr;
  auto* dict = static_cast<DictObject*>(static_cast<NamespaceObject*>(ns.get())->dict);
  for (const auto& [name, value] : attributes) {
    if (!value || !dict_set_str(dict, name, value)) return nullptr;
  }
  return ns;
}

TypeObject namespace_type{TypeSpec{
    .name = "types.SimpleNamespace",
    .doc = "A simple attribute-based namespace.\n\nSimpleNamespace(**kwargs)",
    .basic_size = sizeof(NamespaceObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(NamespaceObject, dict),
    .slots = {.dealloc = namespace_dealloc, .traverse = namespace_traverse, .clear = namespace_clear,
              .new_instance = namespace_new, .init = namespace_init, .repr = namespace_repr,
              .compare = namespace_compare, .getattr = generic_get_attr, .setattr = generic_set_attr},
    .methods = namespace_methods,
    .members = namespace_members,
}};

}  // namespace krait
