// The import system's C++ side. Finding and loading modules is CPython's own importlib
// (Lib/importlib/_bootstrap*.py, loaded from source at start-up as CPython loads its
// frozen copies); this file bootstraps it, implements the `import` statement's fast path
// (a module already in sys.modules costs no Python call), relative-name resolution,
// `from m import x` errors and `from m import *`, and small helpers for C++ code that needs
// a module.
#pragma once

#include <string_view>

#include "core/error.h"

namespace krait {

struct StrObject;

// Loads importlib from the stdlib and installs it (sys.meta_path, sys.path_hooks).
bool import_bootstrap();

// __import__(name, globals, locals, fromlist, level) with the builtins' __import__ honoured
// (`builtins` is the dict of the importing frame).
Ref<> import_module_level(Value name, Value globals, Value locals, Value fromlist, Value level,
                          Value builtins);
// The default __import__.
Ref<> import_default(Value name, Value globals, Value locals, Value fromlist, Value level);
// A built-in (native) module by name, created on first use and kept in sys.modules.
Ref<> import_builtin_module(std::string_view name);
// `import a.b.c` as importlib.import_module: returns the module a.b.c itself.
Ref<> import_module_by_name(std::string_view name);
// module.function(*args)
template <class... Args>
Ref<> call_function_in_module(std::string_view module, std::string_view function, const Args&... args);
Ref<> call_function_in_module_array(std::string_view module, std::string_view function,
                                    const Value* args, size_t nargs);
// builtins.<name>
Ref<> builtin_function(std::string_view name);

// ImportError for `from module import name` when the name is missing.
Raised import_from_error(Value module, StrObject* name, Value package_name);
// `from module import *` into the mapping `locals`.
bool import_all_from(Value locals, Value module);
// Whether a module's __spec__ says it is still being imported (circular imports).
bool module_spec_is_initializing(Value spec);
// repr(module): <module 'name' from 'path'>, <module 'name' (built-in)>, ...
Ref<> module_repr_via_importlib(Value module);

template <class... Args>
Ref<> call_function_in_module(std::string_view module, std::string_view function, const Args&... args) {
  Value values[sizeof...(Args) + 1] = {Value(args)...};
  return call_function_in_module_array(module, function, values, sizeof...(Args));
}

}  // namespace krait
