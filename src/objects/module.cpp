// module objects: a namespace dict with a name; __getattr__ fallback (PEP 562), __dir__,
// the repr that names the file or says (built-in), and native module definitions.
#include "objects/module.h"

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "modules/module_def.h"
#include "runtime/import.h"

namespace krait {

Ref<ModuleObject> module_new(Value name) {
  auto* m = allocate<ModuleObject>(&module_type);
  if (!m) return nullptr;
  Ref<DictObject> dict = dict_new();
  if (!dict) {
    free_object(m);
    return nullptr;
  }
  m->dict = dict.release_object();
  auto* d = static_cast<DictObject*>(m->dict);
  if (!dict_set(d, Value(ID(__name__)), name) || !dict_set(d, Value(ID(__doc__)), None()) ||
      !dict_set(d, Value(ID(__package__)), None()) || !dict_set(d, Value(ID(__loader__)), None()) ||
      !dict_set(d, Value(ID(__spec__)), None())) {
    decref(Value(m));
    return nullptr;
  }
  gc_track(m);
  return Ref<ModuleObject>::steal(Value(m));
}

Value module_dict(Value module) { return Value(as_module(module)->dict); }

Ref<> module_name(Value module) {
  Value name = dict_get_str(as_dict(module_dict(module)), ID(__name__));
  if (!name || !is_str(name)) return raise(exc::SystemError, "nameless module");
  return new_ref(name);
}

namespace {

void module_dealloc(Object* o) {
  auto* m = static_cast<ModuleObject*>(o);
  gc_untrack(o);
  if (m->weakreflist) clear_weakrefs(o);
  module_free_state(m);
  if (m->dict) decref(m->dict);
  free_object(o);
}

void module_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<ModuleObject*>(o);
  if (m->dict) visit(m->dict, arg);
  module_traverse_state(m, visit, arg);
}

void module_clear(Object* o) {
  auto* m = static_cast<ModuleObject*>(o);
  if (m->dict) dict_clear(static_cast<DictObject*>(m->dict));
}

// Attribute lookup falls back to a module-level __getattr__ (PEP 562).
Ref<> module_getattr(Value self, StrObject* name) {
  Ref<> v = generic_get_attr(self, name);
  if (v || !error_matches(&exc::AttributeError)) return v;
  clear_error();
  auto* dict = static_cast<DictObject*>(as_module(self)->dict);
  Value hook = dict_get_str(dict, ID(__getattr__));
  if (hook) {
    Ref<> keep = new_ref(hook);
    return call1(hook, Value(name));
  }
  Value mod_name = dict_get_str(dict, ID(__name__));
  if (mod_name && is_str(mod_name)) {
    // A partially initialised module gets CPython's circular-import hint.
    Value spec = dict_get_str(dict, ID(__spec__));
    if (spec && module_spec_is_initializing(spec)) {
      return attribute_error(
          "partially initialized module '{}' has no attribute '{}' (most likely due to a circular import)",
          str_utf8(mod_name), str_utf8(name));
    }
    return attribute_error("module '{}' has no attribute '{}'", str_utf8(mod_name), str_utf8(name));
  }
  return attribute_error("module has no attribute '{}'", str_utf8(name));
}

Ref<> module_repr(Value self) { return module_repr_via_importlib(self); }

int module_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "module", .signature = "(name, doc=None)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  Value name = bound.values()[0];
  if (!is_str(name)) {
    return type_error("module.__init__() argument 'name' must be str, not {}", type_name(name));
  }
  auto* m = as_module(self);
  if (!m->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return -1;
    m->dict = dict.release_object();
  }
  auto* d = static_cast<DictObject*>(m->dict);
  if (!dict_set(d, Value(ID(__name__)), name) || !dict_set(d, Value(ID(__doc__)), bound.values()[1]) ||
      !dict_set(d, Value(ID(__package__)), None()) || !dict_set(d, Value(ID(__loader__)), None()) ||
      !dict_set(d, Value(ID(__spec__)), None())) {
    return -1;
  }
  return 0;
}

Ref<> module_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> m = object_new(type, nullptr, 0, nullptr);
  if (!m) return nullptr;
  Ref<DictObject> dict = dict_new();
  if (!dict) return nullptr;
  as_module(m)->dict = dict.release_object();
  return m;
}

Ref<> module_dir(Value self, const Value* args) {
  // self.__dict__ through getattr: a module subclass may shadow it.
  Ref<> dict = get_attr(self, ID(__dict__));
  if (!dict) return nullptr;
  if (!is_dict(dict)) return type_error("<module>.__dict__ is not a dictionary");
  Value hook = dict_get_str(as_dict(dict), str_intern_utf8("__dir__"));
  if (hook) return call0(hook);
  if (error_occurred()) return nullptr;
  return dict_keys_list(as_dict(dict));
}

Ref<> module_get_dict(Value self) { return new_ref(Value(as_module(self)->dict)); }

Ref<> module_get_annotations(Value self) {
  auto* dict = static_cast<DictObject*>(as_module(self)->dict);
  Value annotations = dict_get_str(dict, ID(__annotations__));
  if (annotations) return new_ref(annotations);
  Ref<DictObject> fresh = dict_new();
  if (!fresh || !dict_set(dict, Value(ID(__annotations__)), fresh.value())) return nullptr;
  return fresh;
}

int module_set_annotations(Value self, Value value) {
  auto* dict = static_cast<DictObject*>(as_module(self)->dict);
  if (value) return dict_set(dict, Value(ID(__annotations__)), value) ? 0 : -1;
  int removed = dict_remove(dict, Value(ID(__annotations__)));
  if (removed == 0) return attribute_error("__annotations__");
  return removed < 0 ? -1 : 0;
}

const MethodDef module_methods[] = {
    {.name = "__dir__", .impl = module_dir, .signature = "($self, /)",
     .doc = "__dir__() -> list\nspecialized dir() implementation"},
    {},
};

const GetSetDef module_getsets[] = {
    {"__dict__", module_get_dict},
    {"__annotations__", module_get_annotations, module_set_annotations},
    {},
};

}  // namespace

TypeObject module_type{TypeSpec{
    .name = "module",
    .doc = "Create a module object.\n\nThe name must be a string; the optional doc argument can have any type.",
    .basic_size = sizeof(ModuleObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(ModuleObject, dict),
    .weaklist_offset = offsetof(ModuleObject, weakreflist),
    .slots = {.dealloc = module_dealloc,
              .traverse = module_traverse,
              .clear = module_clear,
              .new_instance = module_new_slot,
              .init = module_init,
              .repr = module_repr,
              .getattr = module_getattr,
              .setattr = generic_set_attr},
    .methods = module_methods,
    .getsets = module_getsets,
}};

}  // namespace krait
