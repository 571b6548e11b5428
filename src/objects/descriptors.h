// The descriptor types built-in types are made of: method descriptors (a MethodDef bound
// to a type), builtin functions/bound builtin methods, getset and member descriptors, and
// slot wrappers (type.__add__ calling the add slot). property, classmethod and
// staticmethod are in their own files.
#pragma once

#include <string_view>

#include "core/type.h"

namespace krait {

struct Signature;

extern TypeObject method_descriptor_type;
extern TypeObject classmethod_descriptor_type;
extern TypeObject builtin_function_type;  // builtin_function_or_method
extern TypeObject getset_descriptor_type;
extern TypeObject member_descriptor_type;
extern TypeObject wrapper_descriptor_type;
extern TypeObject method_wrapper_type;
extern TypeObject method_type;            // bound Python method
extern TypeObject classmethod_type;
extern TypeObject staticmethod_type;
extern TypeObject property_type;

// A MethodDef on a type: `list.append`.
struct MethodDescriptorObject : Object {
  const MethodDef* def;
  TypeObject* owner;         // owned reference
};

// A MethodDef bound to self (or a module function, self = the module): `[].append`, `len`.
struct BuiltinFunctionObject : Object {
  const MethodDef* def;
  Value self;                // owned, may be null (static methods)
  Value module;              // __module__ (str or None), owned, may be null
  TypeObject* owner;         // for methods: the defining type (error messages), borrowed
  Object* weakreflist;
};

struct GetSetDescriptorObject : Object {
  const GetSetDef* def;
  TypeObject* owner;
};

struct MemberDescriptorObject : Object {
  const MemberDef* def;
  TypeObject* owner;
  Object* name;              // for __slots__ members: the str name (def is owned then)
};

struct MethodObject : Object {  // a function bound to an instance
  Value function;
  Value self;
  Object* weakreflist;
};

struct StaticOrClassMethodObject : Object {
  Value callable;
  Object* dict;
};

struct PropertyObject : Object {
  Value getter;   // each may be null (None)
  Value setter;
  Value deleter;
  Value doc;
  Value name;
  bool getter_doc;
};

// CPython's convention for native docstrings that carry their signature:
// "name(sig)\n--\n\n" followed by the documentation. `signature` is "(sig)" (empty when
// the doc has none) and `body` the rest.
struct InternalDoc {
  std::string_view signature;
  std::string_view body;
};
InternalDoc split_internal_doc(std::string_view name, const char* doc);

Ref<> method_descriptor_new(TypeObject* owner, const MethodDef* def);
Ref<> builtin_function_new(const MethodDef* def, Value self, Value module);
Ref<> getset_descriptor_new(TypeObject* owner, const GetSetDef* def);
Ref<> member_descriptor_new(TypeObject* owner, const MemberDef* def);
Ref<> method_new(Value function, Value self);
Ref<> staticmethod_new(Value callable);
Ref<> classmethod_new(Value callable);

// Calls a MethodDef: binds the arguments to its signature and runs it. owner_name is the
// defining type's name for error messages, or null for module functions.
Ref<> call_method_def(const MethodDef* def, const char* owner_name, Value self,
                      const Value* args, size_t nargs, TupleObject* kwnames);

// The CALL instruction's shortcut to call_method_def for a built-in method called through
// LOAD_METHOD on an instance of exactly its owner type (`s.upper()`, `lst.append(x)`) or a
// built-in function (`len(x)`), once its signature is parsed: it skips call()'s slot
// dispatch and the descriptor's self check. Returns the def with *self and *self_in_args
// (1: args[0] is self) set, or null when the generic call() must run.
inline const MethodDef* direct_native_target(Value callable, const Value* args, size_t nargs, Value* self,
                                             size_t* self_in_args) {
  if (!callable.is_object()) return nullptr;
  TypeObject* type = callable.as_object()->type;
  const MethodDef* def;
  if (type == &method_descriptor_type) {
    auto* descriptor = static_cast<MethodDescriptorObject*>(callable.as_object());
    def = descriptor->def;
    if (nargs == 0 || type_of(args[0]) != descriptor->owner || (def->flags & kMethodClass)) return nullptr;
    *self = args[0];
    *self_in_args = 1;
  } else if (type == &builtin_function_type) {
    auto* function = static_cast<BuiltinFunctionObject*>(callable.as_object());
    def = function->def;
    *self = function->self;
    *self_in_args = 0;
  } else {
    return nullptr;
  }
  return def->raw || def->parsed_signature ? def : nullptr;
}

}  // namespace krait
