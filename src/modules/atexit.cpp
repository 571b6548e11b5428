// atexit: register functions to run at interpreter exit.
#include "modules/atexit.h"

#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"
#include "runtime/errors.h"

namespace krait {

namespace {

struct Callback {
  Value function;  // owned
  Value args;      // tuple, owned
  Value kwargs;    // dict or null, owned
};

std::vector<Callback>& callbacks() {
  static std::vector<Callback> list;  // interpreter state: the process has one interpreter
  return list;
}

void release(Callback& c) {
  decref(c.function);
  decref(c.args);
  decref(c.kwargs);
}

Ref<> atexit_register(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs < 1) return type_error("register() takes at least 1 argument (0 given)");
  if (!is_callable(args[0])) return type_error("the first argument must be callable");
  Ref<TupleObject> positional = tuple_from_array(args + 1, int64_t(nargs - 1));
  if (!positional) return nullptr;
  Ref<DictObject> keywords;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nkw) {
    keywords = dict_new();
    if (!keywords) return nullptr;
    for (size_t i = 0; i < nkw; ++i) {
      if (!dict_set(keywords.get(), kwnames->items[i], args[nargs + i])) return nullptr;
    }
  }
  incref(args[0]);
  callbacks().push_back({args[0], positional.release(), keywords ? keywords.release() : Value()});
  return new_ref(args[0]);
}

Ref<> atexit_unregister(Value, const Value* args) {
  auto& list = callbacks();
  for (size_t i = 0; i < list.size();) {
    int equal = rich_compare_bool(list[i].function, args[0], CompareOp::Eq);
    if (equal < 0) return nullptr;
    if (equal) {
      Callback c = list[i];
      list.erase(list.begin() + long(i));
      release(c);
    } else {
      ++i;
    }
  }
  return new_none();
}

Ref<> atexit_run_exitfuncs(Value, const Value* args) {
  run_atexit_callbacks();
  return new_none();
}

Ref<> atexit_clear(Value, const Value* args) {
  auto list = std::move(callbacks());
  callbacks().clear();
  for (Callback& c : list) release(c);
  return new_none();
}

Ref<> atexit_ncallbacks(Value, const Value* args) { return int_from_int64(int64_t(callbacks().size())); }

const MethodDef atexit_methods[] = {
    {.name = "register", .raw = atexit_register,
     .doc = "register(func, *args, **kwargs) -> func\n\nRegister a function to be executed upon normal program termination"},
    {.name = "unregister", .impl = atexit_unregister, .signature = "($module, func, /)",
     .doc = "Unregister an exit function which was previously registered using\natexit.register"},
    {.name = "_run_exitfuncs", .impl = atexit_run_exitfuncs, .signature = "($module, /)",
     .doc = "Run all registered exit functions."},
    {.name = "_clear", .impl = atexit_clear, .signature = "($module, /)",
     .doc = "Clear the list of previously registered exit functions."},
    {.name = "_ncallbacks", .impl = atexit_ncallbacks, .signature = "($module, /)",
     .doc = "Return the number of registered exit functions."},
    {},
};

}  // namespace

void run_atexit_callbacks() {
  auto& list = callbacks();
  while (!list.empty()) {
    Callback c = list.back();
    list.pop_back();
    Ref<> pending = fetch_error();
    Ref<> result = call_tuple_dict(c.function, c.args, c.kwargs);
    if (!result) {
      if (error_matches(&exc::SystemExit)) clear_error();
      else write_unraisable_exception("Exception ignored in atexit callback", c.function);
    }
    restore_error(std::move(pending));
    release(c);
  }
}

extern const ModuleDef module_atexit = {
    .name = "atexit",
    .doc = "allow programmer to define multiple exit functions to be executed\n"
           "upon normal program termination.\n\n"
           "Two public functions, register and unregister, are defined.\n",
    .methods = atexit_methods,
};

}  // namespace krait
