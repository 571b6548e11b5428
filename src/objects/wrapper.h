// Slot wrappers: a built-in type's slot exposed as a dunder method (int.__add__ is a
// wrapper_descriptor; (1).__add__ a method-wrapper), and T.__new__ for built-in T.
#pragma once

#include <vector>

#include "core/type.h"

namespace krait {

struct WrapperDescriptorObject : Object {
  TypeObject* owner;
  const void* slot_def;  // the SlotDef (objects/slots.cpp)
  void* function;        // the owner's slot function
};

struct MethodWrapperObject : Object {
  Object* descriptor;    // WrapperDescriptorObject
  Value self;
};

Ref<> wrapper_descriptor_new(TypeObject* owner, const void* slot_def, void* function);
void* wrapper_slot_function(Value wrapper);
const void* wrapper_slot_def(Value wrapper);
// Calls the wrapped slot per the slot's calling convention (slots.cpp).
Ref<> wrapper_call_slot(const void* slot_def, void* function, Value self, const Value* args,
                        size_t nargs, TupleObject* kwnames);
const char* wrapper_slot_name(const void* slot_def);
const char* wrapper_slot_doc(const void* slot_def);
const char* wrapper_slot_signature(const void* slot_def);  // null: none

// T.__new__ for a built-in T: a builtin function taking the class first.
Ref<> new_wrapper_for_type(TypeObject* type);
bool is_builtin_new_wrapper(Value v);
void* builtin_new_wrapper_function(Value v);

// The hash slot of unhashable classes (__hash__ = None).
int64_t hash_not_implemented(Value self);
// Direct subclasses of a type (type.__subclasses__()).
std::vector<TypeObject*> type_subclasses(TypeObject* type);

}  // namespace krait
