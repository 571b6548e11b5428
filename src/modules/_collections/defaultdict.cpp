// collections.defaultdict: a dict subclass whose __missing__ calls default_factory.
#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/_collections/collections_internal.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::collections {

namespace {

struct DefaultDictObject : DictObject {
  Value factory;  // null or None: no default
};

DefaultDictObject* as_defaultdict(Value v) {
  return static_cast<DefaultDictObject*>(v.as_object());
}
Value factory_or_none(Value self) {
  Value factory = as_defaultdict(self)->factory;
  return factory ? factory : None();
}

int defaultdict_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value factory;
  if (nargs > 0) {
    factory = args[0];
    if (!is_none(factory) && !is_callable(factory))
      return type_error("first argument must be callable or None");
    ++args;
    --nargs;
  }
  DefaultDictObject* d = as_defaultdict(self);
  if (factory) incref(factory);
  Value old = d->factory;
  d->factory = factory;
  decref(old);
  return dict_type.init(self, args, nargs, kwnames);
}

void defaultdict_dealloc(Object* o) {
  auto* d = static_cast<DefaultDictObject*>(o);
  Value factory = d->factory;
  d->factory = Value();
  decref(factory);
  dict_type.dealloc(o);
}

void defaultdict_traverse(Object* o, VisitFn visit, void* arg) {
  Value factory = static_cast<DefaultDictObject*>(o)->factory;
  if (factory.is_object()) visit(factory.as_object(), arg);
  dict_type.traverse(o, visit, arg);
}

void defaultdict_clear(Object* o) {
  auto* d = static_cast<DefaultDictObject*>(o);
  Value factory = d->factory;
  d->factory = Value();
  decref(factory);
  dict_type.clear(o);
}

Ref<> defaultdict_missing(Value self, const Value* args) {
  Value factory = as_defaultdict(self)->factory;
  Value key = args[0];
  if (!factory || is_none(factory)) {
    return raise_with_args(&exc::KeyError, &key, 1);
  }
  Ref<> value = call0(factory);
  if (!value || !set_item(self, key, value)) return nullptr;
  return value;
}

// type(self)(factory, arg): copy() and | build their result through the class.
Ref<> rebuild(Value self, Value arg) {
  return call2(Value(type_of(self)), factory_or_none(self), arg);
}

Ref<> defaultdict_copy(Value self, const Value* args) { return rebuild(self, self); }

Ref<> defaultdict_reduce(Value self, const Value* args) {
  Value factory = factory_or_none(self);
  Ref<TupleObject> arguments = is_none(factory) ? tuple_empty() : tuple_of({factory});
  Ref<> items = call_method0(self, ID(items));
  Ref<> iterator = items ? get_iter(items) : Ref<>();
  if (!arguments || !iterator) return nullptr;
  return tuple_of({Value(type_of(self)), arguments.value(), None(), None(), iterator.value()});
}

Ref<> defaultdict_repr(Value self) {
  Ref<> base = dict_type.repr(self);
  if (!base) return nullptr;
  Value factory = as_defaultdict(self)->factory;
  std::string factory_text = "None";
  if (factory) {
    ReprGuard guard(factory.is_object() ? factory.as_object() : nullptr);
    if (guard.recursive()) {
      factory_text = "...";
    } else {
      Ref<StrObject> text = repr(factory);
      if (!text) return nullptr;
      factory_text = str_utf8(text.get());
    }
  }
  return str_from_utf8(type_short_name(type_of(self)) + "(" + factory_text + ", " +
                       std::string(str_utf8(base.value())) + ")");
}

Ref<> defaultdict_or(Value left, Value right) {
  bool left_is_self = is_instance_of(left, &defaultdict_type);
  Value self = left_is_self ? left : right;
  Value other = left_is_self ? right : left;
  if (!is_dict(other)) return new_not_implemented();
  Ref<> result = rebuild(self, left);
  if (!result || !dict_update(as_dict(result), right)) return nullptr;
  return result;
}

const MethodDef defaultdict_methods[] = {
    {.name = "__missing__",
     .impl = defaultdict_missing,
     .signature = "($self, key, /)",
     .doc =
         "__missing__(key) # Called by __getitem__ for missing key; pseudo-code:\n  if "
         "self.default_factory is None: "
         "raise KeyError((key,))\n  self[key] = value = self.default_factory()\n  return value\n"},
    {.name = "copy",
     .impl = defaultdict_copy,
     .signature = "($self, /)",
     .doc = "D.copy() -> a shallow copy of D."},
    {.name = "__copy__",
     .impl = defaultdict_copy,
     .signature = "($self, /)",
     .doc = "D.copy() -> a shallow copy of D."},
    {.name = "__reduce__",
     .impl = defaultdict_reduce,
     .signature = "($self, /)",
     .doc = "Return state information for pickling."},
    {},
};

const MemberDef defaultdict_members[] = {
    {"default_factory", MemberKind::ObjectOrNone, offsetof(DefaultDictObject, factory), false,
     "Factory for default value called by __missing__()."},
    {},
};

}  // namespace

TypeObject defaultdict_type{TypeSpec{
    .name = "collections.defaultdict",
    .doc = "defaultdict(default_factory=None, /, [...]) --> dict with default factory\n\nThe "
           "default factory is called "
           "without arguments to produce\na new value when a key is not present, in __getitem__ "
           "only.\nA defaultdict "
           "compares equal to a dict with the same items.\nAll remaining arguments are treated the "
           "same as if they "
           "were\npassed to the dict constructor, including keyword arguments.\n",
    .basic_size = sizeof(DefaultDictObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .base = &dict_type,
    .slots = {.dealloc = defaultdict_dealloc,
              .traverse = defaultdict_traverse,
              .clear = defaultdict_clear,
              .init = defaultdict_init,
              .repr = defaultdict_repr,
              .bit_or = defaultdict_or},
    .methods = defaultdict_methods,
    .members = defaultdict_members,
}};

}  // namespace krait::collections
