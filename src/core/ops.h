// The generic object protocols — what Python's operators and builtins do — dispatching
// through type slots (CPython's abstract.c and object.c). All of these may run Python code.
#pragma once

#include <string_view>

#include "compile/opcodes.h"
#include "core/error.h"
#include "core/type.h"

namespace krait {

struct FunctionObject;
struct StrObject;
struct TupleObject;

// --- Attributes ---
Ref<> get_attr(Value obj, StrObject* name);
Ref<> get_attr(Value obj, std::string_view name);
// getattr(obj, name, <missing>): 1 found (*out set), 0 AttributeError swallowed, -1 error.
int get_attr_optional(Value obj, StrObject* name, Ref<>* out);
bool set_attr(Value obj, StrObject* name, Value value);
bool set_attr(Value obj, std::string_view name, Value value);
bool delete_attr(Value obj, StrObject* name);
int has_attr(Value obj, StrObject* name);  // 1/0, -1 on error other than AttributeError
// The attribute as found on the type's MRO (borrowed, no descriptor binding); null if absent.
Value type_lookup(TypeObject* type, StrObject* name);
// A special method looked up on the type and bound to obj (CPython's _PyObject_LookupSpecial):
// null without an exception if the type has no such attribute.
Ref<> lookup_special(Value obj, StrObject* name);
// Calls obj's special method `name`, looked up on its type (CPython's vectorcall_method /
// lookup_maybe_method): a plain method (kTypeMethodDescriptor: a Python function, a
// built-in method) gets obj as its first argument instead of being bound to it first.
// *found is false (null result, no exception) when the type has no such attribute.
Ref<> call_special(Value obj, StrObject* name, const Value* args, size_t nargs, bool* found);
// AttributeError "'X' object has no attribute 'y'" with .name/.obj set (3.10+).
Raised no_attribute_error(Value obj, StrObject* name);
// An AttributeError being raised for obj.name that does not say which attribute failed
// (raise AttributeError() in __getattr__) learns name and obj, for "Did you mean" (3.11).
void add_attribute_error_context(Value obj, StrObject* name);
// object.__getattribute__ and object.__setattr__, for types that keep the default.
Ref<> generic_get_attr(Value obj, StrObject* name);
int generic_set_attr(Value obj, StrObject* name, Value value);
// The instance __dict__ pointer slot of obj, or null if its type has none.
Object** instance_dict_slot(Value obj);

// --- Calls ---
Ref<> call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames = nullptr);
inline Ref<> call0(Value callable) { return call(callable, nullptr, 0); }
inline Ref<> call1(Value callable, Value a) { return call(callable, &a, 1); }
inline Ref<> call2(Value callable, Value a, Value b) {
  Value args[2] = {a, b};
  return call(callable, args, 2);
}
inline Ref<> call3(Value callable, Value a, Value b, Value c) {
  Value args[3] = {a, b, c};
  return call(callable, args, 3);
}
// callable(*args_tuple, **kwargs_dict); kwargs may be null.
Ref<> call_tuple_dict(Value callable, Value args, Value kwargs);
// obj.name(*args)
Ref<> call_method(Value obj, StrObject* name, const Value* args, size_t nargs);
inline Ref<> call_method0(Value obj, StrObject* name) { return call_method(obj, name, nullptr, 0); }
inline Ref<> call_method1(Value obj, StrObject* name, Value a) { return call_method(obj, name, &a, 1); }
inline Ref<> call_method2(Value obj, StrObject* name, Value a, Value b) {
  Value args[2] = {a, b};
  return call_method(obj, name, args, 2);
}
int is_callable(Value v);

// --- Presentation ---
Ref<StrObject> repr(Value v);
Ref<StrObject> str(Value v);
Ref<StrObject> ascii(Value v);
Ref<> format(Value v, Value spec);  // format(v, spec); spec may be null for ''
int64_t hash(Value v);              // -1 on error (TypeError for unhashable)
Raised unhashable_error(Value v);

// --- Comparison and truth ---
// `x op y` for plain C++ values (the fast paths for small ints, floats and strs).
template <class T>
inline bool compare_ordered(CompareOp op, T x, T y) {
  switch (op) {
    case CompareOp::Lt: return x < y;
    case CompareOp::Le: return x <= y;
    case CompareOp::Eq: return x == y;
    case CompareOp::Ne: return x != y;
    case CompareOp::Gt: return x > y;
    case CompareOp::Ge: return x >= y;
  }
  return false;
}
Ref<> rich_compare(Value a, Value b, CompareOp op);
// As a bool; for Eq/Ne, identical objects compare equal without calling __eq__.
int rich_compare_bool(Value a, Value b, CompareOp op);
inline int equal(Value a, Value b) { return rich_compare_bool(a, b, CompareOp::Eq); }
int is_true(Value v);  // bool(v): 0/1, -1 on error

// --- Numbers ---
Ref<> binary_op(Value a, Value b, BinaryOperator op);
// For the eval loop, which runs a Python operator method in a frame of its own: the
// function `a op b` would call first and alone when a's class is a heap type whose method
// for op (not in-place, not **) is a plain Python function, e.g. Vector.__mul__, and b is
// of the same class or of one with no Python method for op (`v * 2.0`); null otherwise
// (binary_op then does it all). Defined in objects/slots.cpp.
FunctionObject* binary_op_python_method(Value a, Value b, BinaryOperator op);
// The rest of binary_op once that method has returned NotImplemented: b's slot, then
// binary_op_declined.
Ref<> binary_op_left_declined(Value a, Value b, BinaryOperator op);
// The rest of binary_op once the number slots of a and b have returned NotImplemented.
Ref<> binary_op_declined(Value a, Value b, BinaryOperator op);
Ref<> power(Value base, Value exponent, Value modulus);  // modulus None for 2-arg pow
Ref<> divmod(Value a, Value b);
Ref<> unary_negative(Value v);
Ref<> unary_positive(Value v);
Ref<> unary_invert(Value v);
Ref<> absolute(Value v);
Ref<> number_to_int(Value v);    // int(v)
Ref<> number_to_float(Value v);  // float(v)

// --- Containers and iteration ---
Ref<> get_item(Value container, Value key);
bool set_item(Value container, Value key, Value value);
bool delete_item(Value container, Value key);
int64_t length(Value v);  // len(v); -1 on error
// len(v) if v has __len__, else __length_hint__, else default_value (operator.length_hint).
int64_t length_hint(Value v, int64_t default_value);
int contains(Value container, Value item);  // `item in container`: 1/0, -1 on error
// `in` by iterating (for types without __contains__).
int contains_by_iteration(Value container, Value item);
Ref<> get_iter(Value v);
// next(iterator): null without an exception set when exhausted.
Ref<> iter_next(Value iterator);
// The iternext slot of a class whose __next__ was deleted (CPython's
// _PyObject_NextNotImplemented): raises TypeError, and does not make an iterator.
Ref<> iternext_not_implemented(Value self);
inline bool is_iterator_type(TypeObject* type) {
  return type->iternext && type->iternext != iternext_not_implemented;
}
// Calls fn(item) for each item of iterable; fn returns false to report an error.
template <class Fn>
bool for_each(Value iterable, Fn&& fn);

// --- Types ---
int is_instance(Value obj, Value cls);   // isinstance(), __instancecheck__ included
int is_subclass(Value derived, Value cls);
// The checks without the __instancecheck__/__subclasscheck__ hooks (type's own versions of them).
int real_is_instance(Value obj, Value cls);
int real_is_subclass(Value derived, Value cls);

}  // namespace krait

#include "core/ops_inline.h"
