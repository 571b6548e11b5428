// The builtins namespace code runs with: globals['__builtins__'], resolved once when a
// function is made or exec/eval starts a frame (CPython's _PyEval_BuiltinsFromGlobals),
// never per name lookup. A non-dict object there (exec(code, {'__builtins__': 123})) is
// held in a ForeignBuiltins wrapper shaped like an empty dict, see builtins_namespace.cpp.
#pragma once

#include "core/object.h"

namespace krait {

// The builtins for code running with `globals`: a module's dict for a module, a dict as
// it is, any other object wrapped; without a '__builtins__' key, the running frame's
// builtins (the interpreter's when no frame runs). What frame->builtins and
// FunctionObject::builtins hold.
Ref<> builtins_for_globals(Value globals);

// The object Python code sees for stored builtins (f_builtins, function.__builtins__,
// name lookups, __import__): the wrapped object for a ForeignBuiltins. Borrowed.
Value visible_builtins(Value builtins);

}  // namespace krait
