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

}  // namespace krait
