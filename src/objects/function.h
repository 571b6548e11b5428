// function: a code object plus the environment it runs in (globals, defaults, closure).
// Calls to Python functions from the VM push a frame without C++ recursion (vm/call.cpp);
// from C++ they enter the eval loop (vm/eval.h).
#pragma once

#include "core/type.h"

namespace krait {

struct CodeObject;
struct DictObject;

extern TypeObject function_type;
extern TypeObject cell_type;

struct FunctionObject : Object {
  CodeObject* code;       // owned
  Object* globals;        // dict, owned
  Object* builtins;       // dict, owned (looked up when the function is made)
  Object* name;           // str
  Object* qualname;       // str
  Object* defaults;       // tuple or null
  Object* kwdefaults;     // dict or null
  Object* closure;        // tuple of cells or null
  Value doc;              // any object (None by default)
  Object* dict;           // __dict__, made on demand
  Object* annotations;    // dict or null (made on demand)
  Value module;           // __module__ (any object)
  Object* weakreflist;
  uint32_t version;       // changes when code/defaults change; 0 disables call caching
};

inline bool is_function(Value v) { return v.is_object() && v.as_object()->type == &function_type; }
inline FunctionObject* as_function(Value v) { return static_cast<FunctionObject*>(v.as_object()); }

Ref<FunctionObject> function_new(CodeObject* code, Value globals, Value qualname);

// cell: one variable shared between a function and the functions nested in it.
struct CellObject : Object {
  Value contents;  // owned; null when the variable is unbound
};
inline CellObject* as_cell(Value v) { return static_cast<CellObject*>(v.as_object()); }
Ref<CellObject> cell_new(Value contents);

}  // namespace krait
