// Internals shared by the files that make up the type system: type.cpp (type objects,
// readying, MRO, lookup), type_new.cpp (class creation), slots.cpp (dunder <-> slot
// mapping) and object.cpp (the `object` type).
#pragma once

#include <string>

#include "core/type.h"

namespace krait {

struct StrObject;
struct TupleObject;
struct DictObject;

// Offsets of the pre-header slots (core/alloc.h) relative to the object.
constexpr int64_t kPreheaderDictOffset = -24;      // relative to the object
constexpr int64_t kPreheaderWeaklistOffset = -32;

// __name__ of a type: the heap name, or tp_name after its last dot.
std::string type_short_name(const TypeObject* type);

// Fills the dict, MRO and inherited slots of a static type; idempotent. Called for every
// built-in type at start-up (runtime/bootstrap.cpp) and lazily for module types.
bool type_ready(TypeObject* type);
// C3 linearisation of `type` with its bases; null with TypeError when inconsistent.
Ref<TupleObject> type_compute_mro(TypeObject* type);
// dir() of a class: adds the keys of cls.__dict__ and, recursively, of its __bases__.
bool merge_class_dict(DictObject* names, Value cls);
// Copies slots the type leaves empty from its base.
void type_inherit_slots(TypeObject* type, TypeObject* base);
// Invalidates inline caches keyed on the type (and its subclasses) after a change.
void type_modified(TypeObject* type);
uint32_t type_assign_version(TypeObject* type);
void type_add_subclass(TypeObject* base, TypeObject* sub);

// Slot wrappers: exposes a built-in type's slots as dunder methods in its dict
// (int.__add__), and points a heap type's slots at dispatchers calling its dunders.
bool slots_add_wrappers(TypeObject* type);
void slots_fixup_heap_type(TypeObject* type);
// After `type.name = value` for a dunder name: recompute that slot here and in subclasses.
void slots_update_for_name(TypeObject* type, StrObject* name);
// Whether a type's new_instance slot calls a __new__ written in Python.
bool is_python_new_slot(NewFn slot);

// The nearest base of `type` with a different instance layout; the base of `bases` whose
// layout the others extend (TypeError when they conflict or one is not a class).
TypeObject* solid_base(TypeObject* type);
TypeObject* best_base(TupleObject* bases);
// The MRO for `type` from its current bases: the metaclass's mro() when overridden.
Ref<TupleObject> type_mro_for(TypeObject* type);
// Whether instances of `old_type` may become instances of `new_type` (same layout); if
// not, TypeError "{attr} assignment: ... differs from ...".
bool compatible_for_assignment(TypeObject* old_type, TypeObject* new_type, const char* attr);

// Class creation (type.__new__ with 3 arguments).
Ref<> type_new_class(TypeObject* metatype, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> type_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames);
// The deallocation, traversal and clearing of instances of heap types.
void subtype_dealloc(Object* o);
void subtype_traverse(Object* o, VisitFn visit, void* arg);
void subtype_clear(Object* o);
// A new __dict__ for `obj` on its first attribute: owned by the instance (runtime/gc.h)
// when the class added the dict, a plain dict when a built-in base manages it.
Ref<DictObject> new_instance_dict(Value obj);
// The instance dict in `slot` as Python code will see it: an owned dict becomes ordinary.
Value expose_instance_dict(Object* dict);

// object's own slots, reused by types that inherit them.
Ref<> object_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
// CPython's PyType_GenericNew: a zeroed instance, the arguments left to __init__ (the
// __new__ of classmethod, staticmethod and property).
Ref<> generic_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
int object_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> object_repr(Value self);
Ref<> object_str(Value self);
int64_t object_hash(Value self);
Ref<> object_compare(Value a, Value b, CompareOp op);

// Runs PEP 442 finalization (__del__) if the type has one and it has not run yet;
// returns true if the object was resurrected.
bool call_finalizer_from_dealloc(Object* o);
void clear_weakrefs(Object* o);

}  // namespace krait
