// Resolving globals['__builtins__'], and the wrapper for builtins that are not a dict.
// The LOAD_GLOBAL/LOAD_NAME caches (vm/eval.cpp cached_global) read frame->builtins as a
// DictObject and compare its key-table version, with no type check on a hit. A wrapper
// is a DictObject whose key table never gets a version, so those guards always miss and
// the generic lookup (vm/eval_support.cpp) indexes the wrapped object, raising what its
// __getitem__ raises (TypeError for 123) as CPython does at the first builtin lookup.
#include "vm/builtins_namespace.h"

#include "core/alloc.h"
#include "core/names.h"
#include "objects/dict.h"
#include "objects/module.h"
#include "objects/none.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

namespace {

struct ForeignBuiltinsObject : DictObject {
  Value mapping;  // owned: the object globals['__builtins__'] held
};

// The key table of every wrapper: empty, and its version stays 0 (never a cache's) since
// only exact dicts are versioned for the global caches.
DictKeys unversioned_empty_keys{};

void foreign_builtins_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<ForeignBuiltinsObject*>(o)->mapping);
  free_object(o);
}

void foreign_builtins_traverse(Object* o, VisitFn visit, void* arg) {
  Value mapping = static_cast<ForeignBuiltinsObject*>(o)->mapping;
  if (mapping.is_object()) visit(mapping.as_object(), arg);
}

void foreign_builtins_clear(Object* o) {
  auto* wrapper = static_cast<ForeignBuiltinsObject*>(o);
  Value old = wrapper->mapping;
  wrapper->mapping = None();
  decref(old);
}

}  // namespace

TypeObject foreign_builtins_type{TypeSpec{
    .name = "foreign_builtins",
    .basic_size = sizeof(ForeignBuiltinsObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = foreign_builtins_dealloc,
              .traverse = foreign_builtins_traverse,
              .clear = foreign_builtins_clear},
}};

Ref<> builtins_for_globals(Value globals) {
  if (globals && is_dict(globals)) {
    Value b = dict_get_str(as_dict(globals), ID(__builtins__));
    if (b) {
      if (is_module(b)) return new_ref(module_dict(b));
      if (is_dict(b)) return new_ref(b);
      auto* wrapper = allocate<ForeignBuiltinsObject>(&foreign_builtins_type);
      if (!wrapper) return nullptr;
      wrapper->keys = &unversioned_empty_keys;
      incref(b);
      wrapper->mapping = b;
      gc_track(wrapper);
      return Ref<>::steal(Value(wrapper));
    }
  }
  // No __builtins__: the running frame's builtins (CPython's _PyEval_GetBuiltins).
  Frame* frame = current_thread()->frame;
  return new_ref(frame ? Value(frame->builtins) : Value(runtime().builtins));
}

Value visible_builtins(Value builtins) {
  if (builtins.is_object() && builtins.as_object()->type == &foreign_builtins_type) {
    return static_cast<ForeignBuiltinsObject*>(builtins.as_object())->mapping;
  }
  return builtins;
}

}  // namespace krait
