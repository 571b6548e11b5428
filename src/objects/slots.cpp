// The two-way mapping between dunder methods and type slots (CPython's slotdefs):
//  - a built-in type's slots appear in its dict as wrapper descriptors (int.__add__);
//  - a class defining dunders gets dispatcher functions in its slots that look the
//    dunder up and call it (so `a + b` on instances runs __add__/__radd__).
// A class that merely inherits a built-in's dunder keeps the built-in's slot function.
#include <algorithm>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/iterators.h"
#include "runtime/errors.h"
#include "runtime/thread_state.h"
#include "objects/function.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/wrapper.h"

namespace krait {

namespace {

// --- Calling a dunder found on the type ---

// call_special, with AttributeError when the type has no such attribute.
Ref<> call_dunder_required(Value self, StrObject* name, const Value* args, size_t nargs) {
  bool found;
  Ref<> result = call_special(self, name, args, nargs, &found);
  if (!found) return attribute_error("{}", str_utf8(name));
  return result;
}

// --- Dispatchers installed in the slots of classes ---

template <names::Index N>
Ref<> dispatch_unary(Value self) {
  return call_dunder_required(self, names::table[N], nullptr, 0);
}

Ref<> dispatch_repr(Value self) {
  Ref<> result = call_dunder_required(self, ID(__repr__), nullptr, 0);
  if (result && !is_str(result)) {
    return type_error("__repr__ returned non-string (type {})", type_name(result));
  }
  return result;
}

Ref<> dispatch_str(Value self) {
  Ref<> result = call_dunder_required(self, ID(__str__), nullptr, 0);
  if (result && !is_str(result)) {
    return type_error("__str__ returned non-string (type {})", type_name(result));
  }
  return result;
}

int64_t dispatch_hash(Value self) {
  Value attribute = type_lookup(type_of(self), ID(__hash__));
  if (!attribute || is_none(attribute)) return unhashable_error(self), -1;
  Ref<> result = call_dunder_required(self, ID(__hash__), nullptr, 0);
  if (!result) return -1;
  if (!is_int(result)) return type_error("__hash__ method should return an integer"), -1;
  // Kept as is when it fits in 64 bits (as CPython's Py_ssize_t), else reduced as int's
  // own hash does; -1 is reserved for errors.
  int64_t h;
  if (!int_to_int64(result, &h)) h = int_hash(result);
  return h == -1 ? -2 : h;
}

Ref<> dispatch_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value attribute = type_lookup(type_of(self), ID(__call__));
  if (!attribute) return type_error("'{}' object is not callable", type_name(self));
  Ref<> hold = new_ref(attribute);
  DescrGetFn get = type_of(attribute)->descr_get;
  if (!get) return call(attribute, args, nargs, kwnames);
  Ref<> bound = get(attribute, self, Value(type_of(self)));
  if (!bound) return nullptr;
  return call(bound, args, nargs, kwnames);
}

// Attribute access: __getattribute__, then __getattr__ if that raised AttributeError.
Ref<> dispatch_getattr(Value self, StrObject* name) {
  TypeObject* type = type_of(self);
  Value getattribute = type_lookup(type, ID(__getattribute__));
  Ref<> result;
  bool is_default = getattribute && is_type(getattribute, &wrapper_descriptor_type) &&
                    wrapper_slot_function(getattribute) == reinterpret_cast<void*>(&generic_get_attr);
  if (is_default || !getattribute) {
    result = generic_get_attr(self, name);
  } else {
    Value arg = Value(name);
    result = call_dunder_required(self, ID(__getattribute__), &arg, 1);
  }
  if (result || !error_matches(&exc::AttributeError)) return result;
  Value getattr_hook = type_lookup(type, ID(__getattr__));
  if (getattr_hook) {
    clear_error();
    Value arg = Value(name);
    result = call_dunder_required(self, ID(__getattr__), &arg, 1);
  }
  // `raise AttributeError()` in a hook learns what failed, for "Did you mean" (3.11 does
  // this in PyObject_GetAttr; here only classes with hooks can raise one without it).
  if (!result) add_attribute_error_context(self, name);
  return result;
}

int dispatch_setattr(Value self, StrObject* name, Value value) {
  Ref<> result;
  if (value) {
    Value args[2] = {Value(name), value};
    result = call_dunder_required(self, ID(__setattr__), args, 2);
  } else {
    Value arg = Value(name);
    result = call_dunder_required(self, ID(__delattr__), &arg, 1);
  }
  return result ? 0 : -1;
}

Ref<> dispatch_compare(Value self, Value other, CompareOp op) {
  static StrObject** const kNames[] = {&ID(__lt__), &ID(__le__), &ID(__eq__),
                                       &ID(__ne__), &ID(__gt__), &ID(__ge__)};
  StrObject* name = *kNames[int(op)];
  Value attribute = type_lookup(type_of(self), name);
  if (!attribute) return new_not_implemented();
  if (type_of(attribute)->has_flag(kTypeMethodDescriptor)) {
    Value args[2] = {self, other};
    Ref<> hold = new_ref(attribute);
    return call(attribute, args, 2);
  }
  // As CPython: a comparison dunder whose __get__ fails counts as missing.
  Ref<> bound;
  if (DescrGetFn get = type_of(attribute)->descr_get) {
    Ref<> hold = new_ref(attribute);
    bound = get(attribute, self, Value(type_of(self)));
    if (!bound) {
      clear_error();
      return new_not_implemented();
    }
  } else {
    bound = new_ref(attribute);
  }
  return call(bound, &other, 1);
}

int64_t dispatch_length(Value self) {
  Ref<> result = call_dunder_required(self, ID(__len__), nullptr, 0);
  if (!result) return -1;
  if (!is_int(result) && !type_of(result)->to_index) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(result));
  }
  Ref<> index = number_index(result);
  if (!index) return -1;
  if (int_sign(index) < 0) return value_error("__len__() should return >= 0");
  int64_t n;
  if (!int_to_int64(index, &n)) {
    return overflow_error("cannot fit '{}' into an index-sized integer", type_name(index));
  }
  return n;
}

int dispatch_bool(Value self) {
  bool found;
  Ref<> result = call_special(self, ID(__bool__), nullptr, 0, &found);
  if (!found) {
    // No __bool__: truth is len() != 0, or true if there is no __len__ either.
    if (!type_lookup(type_of(self), ID(__len__))) return 1;
    int64_t n = dispatch_length(self);
    return n < 0 ? -1 : n > 0;
  }
  if (!result) return -1;
  if (!is_type(result, &bool_type)) {
    return type_error("__bool__ should return bool, returned {}", type_name(result));
  }
  return result.value() == True();
}

Ref<> dispatch_getitem(Value self, Value key) {
  return call_dunder_required(self, ID(__getitem__), &key, 1);
}

int dispatch_setitem(Value self, Value key, Value value) {
  Ref<> result;
  if (value) {
    Value args[2] = {key, value};
    result = call_dunder_required(self, ID(__setitem__), args, 2);
  } else {
    result = call_dunder_required(self, ID(__delitem__), &key, 1);
  }
  return result ? 0 : -1;
}

int dispatch_contains(Value self, Value item) {
  bool found;
  Ref<> result = call_special(self, ID(__contains__), &item, 1, &found);
  if (!found) return contains_by_iteration(self, item);
  if (!result) return -1;
  return is_true(result);
}

Ref<> dispatch_iter(Value self) {
  Value attribute = type_lookup(type_of(self), ID(__iter__));
  if (attribute && is_none(attribute)) {
    return type_error("'{}' object is not iterable", type_name(self));
  }
  if (!attribute) return sequence_iter_new(self);  // the __getitem__ protocol
  Ref<> result = call_dunder_required(self, ID(__iter__), nullptr, 0);
  if (result && !is_iterator_type(type_of(result))) {
    return type_error("iter() returned non-iterator of type '{}'", type_name(result));
  }
  return result;
}

Ref<> dispatch_next(Value self) {
  Ref<> result = call_dunder_required(self, ID(__next__), nullptr, 0);
  if (!result && error_matches(&exc::StopIteration)) {
    // The slot protocol reports exhaustion without an exception, unless a value needs the
    // StopIteration to carry it (`yield from` returns it), as generators do.
    Value value = static_cast<StopIterationObject*>(current_thread()->current_exception.get())->value;
    if (!value || is_none(value)) clear_error();
  }
  return result;
}

Ref<> dispatch_descr_get(Value self, Value instance, Value owner) {
  Value args[2] = {instance ? instance : None(), owner ? owner : None()};
  return call_dunder_required(self, ID(__get__), args, 2);
}

int dispatch_descr_set(Value self, Value instance, Value value) {
  Ref<> result;
  if (value) {
    Value args[2] = {instance, value};
    result = call_dunder_required(self, ID(__set__), args, 2);
  } else {
    result = call_dunder_required(self, ID(__delete__), &instance, 1);
  }
  return result ? 0 : -1;
}

int dispatch_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value attribute = type_lookup(type_of(self), ID(__init__));
  if (!attribute) return 0;
  Ref<> hold = new_ref(attribute);
  Ref<> result;
  if (is_function(attribute)) {
    size_t total = nargs + (kwnames ? size_t(kwnames->length) : 0);
    std::vector<Value> full(total + 1);
    full[0] = self;
    for (size_t i = 0; i < total; ++i) full[i + 1] = args[i];
    result = call(attribute, full.data(), nargs + 1, kwnames);
  } else {
    DescrGetFn get = type_of(attribute)->descr_get;
    Ref<> bound = get ? get(attribute, self, Value(type_of(self))) : new_ref(attribute);
    if (!bound) return -1;
    result = call(bound, args, nargs, kwnames);
  }
  if (!result) return -1;
  if (!is_none(result)) {
    return type_error("__init__() should return None, not '{}'", type_name(result));
  }
  return 0;
}

Ref<> dispatch_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  // __new__ is a static method: call it with the class prepended.
  Ref<> function = get_attr(Value(type), ID(__new__));
  if (!function) return nullptr;
  size_t total = nargs + (kwnames ? size_t(kwnames->length) : 0);
  std::vector<Value> full(total + 1);
  full[0] = Value(type);
  for (size_t i = 0; i < total; ++i) full[i + 1] = args[i];
  return call(function, full.data(), nargs + 1, kwnames);
}

void dispatch_finalize(Object* self) {
  // __del__ may run from a decref while an exception is propagating: it must neither see
  // nor clobber that exception.
  Ref<> pending = fetch_error();
  Value function = type_lookup(self->type, ID(__del__));
  if (function) {
    // As CPython, a failure names the __del__ function: "Exception ignored in: <function C.__del__".
    Ref<> hold = new_ref(function);
    bool found;
    Ref<> result = call_special(Value(self), ID(__del__), nullptr, 0, &found);
    if (!result) write_unraisable_exception("Exception ignored in", function);
  }
  restore_error(std::move(pending));
}

Ref<> dispatch_index(Value self) {
  Ref<> result = call_dunder_required(self, ID(__index__), nullptr, 0);
  if (result && !is_int(result)) {
    return type_error("__index__ returned non-int (type {})", type_name(result));
  }
  return result;
}

Ref<> dispatch_int(Value self) {
  Ref<> result = call_dunder_required(self, ID(__int__), nullptr, 0);
  if (result && !is_int(result)) {
    return type_error("__int__ returned non-int (type {})", type_name(result));
  }
  return result;
}

Ref<> dispatch_float(Value self) {
  Ref<> result = call_dunder_required(self, ID(__float__), nullptr, 0);
  if (result && !is_instance_of(result, &float_type)) {
    return type_error("{}.__float__ returned non-float (type {})", type_name(self), type_name(result));
  }
  return result;
}

// Binary operators (Offset: the slot's offset in TypeSlots). The slot receives the operands in source order; it tries
// self.__op__(other) and/or other.__rop__(self) following CPython's rules: the reflected
// method of a subclass operand that overrides it goes first.
inline void* slot_pointer(TypeObject* type, size_t offset) {
  return *reinterpret_cast<void**>(reinterpret_cast<char*>(static_cast<TypeSlots*>(type)) + offset);
}

bool method_is_overloaded(TypeObject* left, TypeObject* right, StrObject* name) {
  Value b = type_lookup(right, name);
  if (!b) return false;
  Value a = type_lookup(left, name);
  return a != b;
}

// `self_fn` is the dispatcher itself: an operand whose type has it in the slot is one of
// ours (its dunders are Python-level); others were handled by binary_op already.
Ref<> binary_dispatch(Value a, Value b, StrObject* op, StrObject* reflected, size_t offset,
                      void* self_fn) {
  TypeObject* type_a = type_of(a);
  TypeObject* type_b = type_of(b);
  bool a_is_ours = slot_pointer(type_a, offset) == self_fn;
  bool do_other = type_a != type_b && slot_pointer(type_b, offset) == self_fn &&
                  type_lookup(type_b, reflected);
  if (a_is_ours) {
    if (do_other && is_subtype(type_b, type_a) && method_is_overloaded(type_a, type_b, reflected)) {
      bool found;
      Ref<> result = call_special(b, reflected, &a, 1, &found);
      if (found && (!result || !is_not_implemented(result))) return result;
      do_other = false;
    }
    bool found;
    Ref<> result = call_special(a, op, &b, 1, &found);
    if (found && (!result || !is_not_implemented(result) || type_a == type_b)) return result;
    if (!found && type_a == type_b) return new_not_implemented();
  }
  if (do_other) {
    bool found;
    Ref<> result = call_special(b, reflected, &a, 1, &found);
    if (found) return result;
  }
  return new_not_implemented();
}

template <names::Index Op, names::Index ReflectedOp, size_t Offset>
Ref<> dispatch_binary(Value a, Value b) {
  return binary_dispatch(a, b, names::table[Op], names::table[ReflectedOp], Offset,
                         reinterpret_cast<void*>(&dispatch_binary<Op, ReflectedOp, Offset>));
}

Ref<> dispatch_power(Value a, Value b, Value modulus) {
  if (is_none(modulus)) {
    return binary_dispatch(a, b, ID(__pow__), ID(__rpow__), offsetof(TypeSlots, power),
                           reinterpret_cast<void*>(&dispatch_power));
  }
  // Three-argument pow() only tries a.__pow__(b, modulus).
  if (type_lookup(type_of(a), ID(__pow__))) {
    Value args[2] = {b, modulus};
    return call_dunder_required(a, ID(__pow__), args, 2);
  }
  return new_not_implemented();
}

template <names::Index N>
Ref<> dispatch_inplace(Value a, Value b) {
  return call_dunder_required(a, names::table[N], &b, 1);
}

Ref<> dispatch_inplace_power(Value a, Value b, Value modulus) {
  return call_dunder_required(a, ID(__ipow__), &b, 1);
}

// The dispatcher binary_op1 finds in a class whose operator method is Python code, for
// binary_op_python_method; in BinaryOperator order (none for **, which is ternary).
struct BinaryMethodSlot {
  names::Index name;
  size_t offset;
  void* dispatcher;
};
#define BINARY_METHOD(op, rop, field)          \
  {NAME_INDEX(op), offsetof(TypeSlots, field), \
   reinterpret_cast<void*>(&dispatch_binary<NAME_INDEX(op), NAME_INDEX(rop), offsetof(TypeSlots, field)>)}
const BinaryMethodSlot* binary_method_slot(BinaryOperator op) {
  static const BinaryMethodSlot kSlots[] = {
      BINARY_METHOD(__add__, __radd__, add),
      BINARY_METHOD(__and__, __rand__, bit_and),
      BINARY_METHOD(__floordiv__, __rfloordiv__, floor_divide),
      BINARY_METHOD(__lshift__, __rlshift__, lshift),
      BINARY_METHOD(__matmul__, __rmatmul__, matrix_multiply),
      BINARY_METHOD(__mul__, __rmul__, multiply),
      BINARY_METHOD(__mod__, __rmod__, remainder),
      BINARY_METHOD(__or__, __ror__, bit_or),
      {names::Index(), 0, nullptr},
      BINARY_METHOD(__rshift__, __rrshift__, rshift),
      BINARY_METHOD(__sub__, __rsub__, subtract),
      BINARY_METHOD(__truediv__, __rtruediv__, true_divide),
      BINARY_METHOD(__xor__, __rxor__, bit_xor),
  };
  static_assert(std::size(kSlots) == size_t(BinaryOperator::InplaceAdd));
  return int(op) < int(BinaryOperator::InplaceAdd) && kSlots[int(op)].dispatcher ? &kSlots[int(op)] : nullptr;
}
#undef BINARY_METHOD

}  // namespace

// For operands of the same class, or when b's class has no Python method for op (its slot
// is not this dispatcher), binary_dispatch calls a's method alone and returns what it
// returns (NotImplemented included), which binary_op then finishes: the eval loop may do the
// same.
namespace {

// The Python method binary_op_python_method found last for a (type version, operator),
// borrowed: the class's dict holds it while the version is unchanged (versions are never
// reused). Saves the type_lookup of `v + w` on vectors.
struct BinaryMethodCacheEntry {
  uint32_t type_version;  // 0: empty
  BinaryOperator op;
  FunctionObject* function;
};
BinaryMethodCacheEntry binary_method_cache[64];

}  // namespace

FunctionObject* binary_op_python_method(Value a, Value b, BinaryOperator op) {
  TypeObject* type = type_of(a);
  if (!type->has_flag(kTypeHeap)) return nullptr;
  const BinaryMethodSlot* slot = binary_method_slot(op);
  if (!slot || slot_pointer(type, slot->offset) != slot->dispatcher) return nullptr;
  TypeObject* type_b = type_of(b);
  if (type_b != type && slot_pointer(type_b, slot->offset) == slot->dispatcher) return nullptr;
  constexpr uint32_t kNotPlain = kCodeGenerator | kCodeCoroutine | kCodeIterableCoroutine | kCodeAsyncGenerator;
  uint32_t version = type->version_tag;
  BinaryMethodCacheEntry& entry = binary_method_cache[(version * 13 + uint32_t(op)) & 63];
  FunctionObject* function;
  if (version != 0 && entry.type_version == version && entry.op == op) {
    function = entry.function;
  } else {
    Value method = type_lookup(type, names::table[slot->name]);
    if (!method || !is_function(method)) return nullptr;
    function = as_function(method);
    if (uint32_t tag = type_assign_version(type)) entry = {tag, op, function};
  }
  return function->code->flags & kNotPlain ? nullptr : function;
}

// --- The slot table ---

namespace {

enum class WrapperKind : uint8_t {
  Unary, Binary, BinaryReflected, Ternary, TernaryReflected, Compare, Hash, Length, Bool,
  GetAttr, SetAttr, DelAttr, GetItem, SetItem, DelItem, Contains, Call, Init, New,
  DescrGet, DescrSet, DescrDelete, Next, Del, Inplace, InplaceTernary, Repeat
};

struct SlotDef {
  const char* name;
  size_t offset;          // of the slot in TypeSlots
  WrapperKind kind;
  void* dispatcher;       // installed in classes that define the dunder
  CompareOp compare_op;   // for WrapperKind::Compare
  const char* doc;
};

#define SLOT_OFFSET(field) offsetof(TypeSlots, field)
#define FN(f) reinterpret_cast<void*>(f)
#define BINARY_DOCS(op, rop, field, doc, reflected_doc)                                          \
  {#op, SLOT_OFFSET(field), WrapperKind::Binary,                                                  \
   FN((&dispatch_binary<NAME_INDEX(op), NAME_INDEX(rop), SLOT_OFFSET(field)>)), CompareOp::Eq, doc}, \
  {#rop, SLOT_OFFSET(field), WrapperKind::BinaryReflected,                                        \
   FN((&dispatch_binary<NAME_INDEX(op), NAME_INDEX(rop), SLOT_OFFSET(field)>)), CompareOp::Eq,      \
   reflected_doc}
#define BINARY(op, rop, field, docop) \
  BINARY_DOCS(op, rop, field, "Return self" docop "value.", "Return value" docop "self.")
#define INPLACE(op, field, docop) \
  {#op, SLOT_OFFSET(field), WrapperKind::Inplace, FN(&dispatch_inplace<NAME_INDEX(op)>), CompareOp::Eq, "Return self" docop "value."}
#define UNARY(op, field, doc) \
  {#op, SLOT_OFFSET(field), WrapperKind::Unary, FN(&dispatch_unary<NAME_INDEX(op)>), CompareOp::Eq, doc}
#define COMPARE(op, cmp, docop) \
  {#op, SLOT_OFFSET(compare), WrapperKind::Compare, FN(&dispatch_compare), CompareOp::cmp, "Return self" docop "value."}

const SlotDef kSlotDefs[] = {
    {"__getattribute__", SLOT_OFFSET(getattr), WrapperKind::GetAttr, FN(&dispatch_getattr), CompareOp::Eq, "Return getattr(self, name)."},
    {"__getattr__", SLOT_OFFSET(getattr), WrapperKind::GetAttr, FN(&dispatch_getattr), CompareOp::Eq, nullptr},
    {"__setattr__", SLOT_OFFSET(setattr), WrapperKind::SetAttr, FN(&dispatch_setattr), CompareOp::Eq, "Implement setattr(self, name, value)."},
    {"__delattr__", SLOT_OFFSET(setattr), WrapperKind::DelAttr, FN(&dispatch_setattr), CompareOp::Eq, "Implement delattr(self, name)."},
    {"__repr__", SLOT_OFFSET(repr), WrapperKind::Unary, FN(&dispatch_repr), CompareOp::Eq, "Return repr(self)."},
    {"__hash__", SLOT_OFFSET(hash), WrapperKind::Hash, FN(&dispatch_hash), CompareOp::Eq, "Return hash(self)."},
    {"__call__", SLOT_OFFSET(call), WrapperKind::Call, FN(&dispatch_call), CompareOp::Eq, "Call self as a function."},
    {"__str__", SLOT_OFFSET(str), WrapperKind::Unary, FN(&dispatch_str), CompareOp::Eq, "Return str(self)."},
    COMPARE(__lt__, Lt, "<"),
    COMPARE(__le__, Le, "<="),
    COMPARE(__eq__, Eq, "=="),
    COMPARE(__ne__, Ne, "!="),
    COMPARE(__gt__, Gt, ">"),
    COMPARE(__ge__, Ge, ">="),
    {"__iter__", SLOT_OFFSET(iter), WrapperKind::Unary, FN(&dispatch_iter), CompareOp::Eq, "Implement iter(self)."},
    {"__next__", SLOT_OFFSET(iternext), WrapperKind::Next, FN(&dispatch_next), CompareOp::Eq, "Implement next(self)."},
    {"__get__", SLOT_OFFSET(descr_get), WrapperKind::DescrGet, FN(&dispatch_descr_get), CompareOp::Eq, "Return an attribute of instance, which is of type owner."},
    {"__set__", SLOT_OFFSET(descr_set), WrapperKind::DescrSet, FN(&dispatch_descr_set), CompareOp::Eq, "Set an attribute of instance to value."},
    {"__delete__", SLOT_OFFSET(descr_set), WrapperKind::DescrDelete, FN(&dispatch_descr_set), CompareOp::Eq, "Delete an attribute of instance."},
    {"__init__", SLOT_OFFSET(init), WrapperKind::Init, FN(&dispatch_init), CompareOp::Eq, "Initialize self.  See help(type(self)) for accurate signature."},
    {"__new__", SLOT_OFFSET(new_instance), WrapperKind::New, FN(&dispatch_new), CompareOp::Eq, "Create and return a new object.  See help(type) for accurate signature."},
    {"__del__", SLOT_OFFSET(finalize), WrapperKind::Del, FN(&dispatch_finalize), CompareOp::Eq, nullptr},
    UNARY(__await__, await, "Return an iterator to be used in await expression."),
    UNARY(__aiter__, aiter, "Return an awaitable, that resolves in asynchronous iterator."),
    UNARY(__anext__, anext, "Return a value or raise StopAsyncIteration."),
    BINARY(__add__, __radd__, add, "+"),
    BINARY(__sub__, __rsub__, subtract, "-"),
    BINARY(__mul__, __rmul__, multiply, "*"),
    BINARY(__mod__, __rmod__, remainder, "%"),
    BINARY_DOCS(__divmod__, __rdivmod__, divmod, "Return divmod(self, value).", "Return divmod(value, self)."),
    {"__pow__", SLOT_OFFSET(power), WrapperKind::Ternary, FN(&dispatch_power), CompareOp::Eq, "Return pow(self, value, mod)."},
    {"__rpow__", SLOT_OFFSET(power), WrapperKind::TernaryReflected, FN(&dispatch_power), CompareOp::Eq, "Return pow(value, self, mod)."},
    UNARY(__neg__, negative, "-self"),
    UNARY(__pos__, positive, "+self"),
    UNARY(__abs__, absolute, "abs(self)"),
    {"__bool__", SLOT_OFFSET(to_bool), WrapperKind::Bool, FN(&dispatch_bool), CompareOp::Eq, "True if self else False"},
    UNARY(__invert__, invert, "~self"),
    BINARY(__lshift__, __rlshift__, lshift, "<<"),
    BINARY(__rshift__, __rrshift__, rshift, ">>"),
    BINARY(__and__, __rand__, bit_and, "&"),
    BINARY(__xor__, __rxor__, bit_xor, "^"),
    BINARY(__or__, __ror__, bit_or, "|"),
    {"__int__", SLOT_OFFSET(to_int), WrapperKind::Unary, FN(&dispatch_int), CompareOp::Eq, "int(self)"},
    {"__float__", SLOT_OFFSET(to_float), WrapperKind::Unary, FN(&dispatch_float), CompareOp::Eq, "float(self)"},
    INPLACE(__iadd__, inplace_add, "+="),
    INPLACE(__isub__, inplace_subtract, "-="),
    INPLACE(__imul__, inplace_multiply, "*="),
    INPLACE(__imod__, inplace_remainder, "%="),
    {"__ipow__", SLOT_OFFSET(inplace_power), WrapperKind::InplaceTernary, FN(&dispatch_inplace_power), CompareOp::Eq, "Return self**=value."},
    INPLACE(__ilshift__, inplace_lshift, "<<="),
    INPLACE(__irshift__, inplace_rshift, ">>="),
    INPLACE(__iand__, inplace_bit_and, "&="),
    INPLACE(__ixor__, inplace_bit_xor, "^="),
    INPLACE(__ior__, inplace_bit_or, "|="),
    BINARY(__floordiv__, __rfloordiv__, floor_divide, "//"),
    BINARY(__truediv__, __rtruediv__, true_divide, "/"),
    INPLACE(__ifloordiv__, inplace_floor_divide, "//="),
    INPLACE(__itruediv__, inplace_true_divide, "/="),
    {"__index__", SLOT_OFFSET(to_index), WrapperKind::Unary, FN(&dispatch_index), CompareOp::Eq, "Return self converted to an integer, if self is suitable for use as an index into a list."},
    BINARY(__matmul__, __rmatmul__, matrix_multiply, "@"),
    INPLACE(__imatmul__, inplace_matrix_multiply, "@="),
    {"__len__", SLOT_OFFSET(length), WrapperKind::Length, FN(&dispatch_length), CompareOp::Eq, "Return len(self)."},
    {"__getitem__", SLOT_OFFSET(getitem), WrapperKind::GetItem, FN(&dispatch_getitem), CompareOp::Eq, "Return self[key]."},
    {"__setitem__", SLOT_OFFSET(setitem), WrapperKind::SetItem, FN(&dispatch_setitem), CompareOp::Eq, "Set self[key] to value."},
    {"__delitem__", SLOT_OFFSET(setitem), WrapperKind::DelItem, FN(&dispatch_setitem), CompareOp::Eq, "Delete self[key]."},
    {"__contains__", SLOT_OFFSET(contains), WrapperKind::Contains, FN(&dispatch_contains), CompareOp::Eq, "Return key in self."},
    // Sequence slots: classes never get dispatchers for these (their __add__ goes to the
    // number slot); they only keep a built-in base's function.
    {"__add__", SLOT_OFFSET(concat), WrapperKind::Binary, nullptr, CompareOp::Eq, "Return self+value."},
    {"__mul__", SLOT_OFFSET(repeat), WrapperKind::Repeat, nullptr, CompareOp::Eq, "Return self*value."},
    {"__rmul__", SLOT_OFFSET(repeat), WrapperKind::Repeat, nullptr, CompareOp::Eq, "Return value*self."},
    {"__iadd__", SLOT_OFFSET(inplace_concat), WrapperKind::Inplace, nullptr, CompareOp::Eq, "Implement self+=value."},
    {"__imul__", SLOT_OFFSET(inplace_repeat), WrapperKind::Repeat, nullptr, CompareOp::Eq, "Implement self*=value."},
};

#undef SLOT_OFFSET
#undef FN
#undef BINARY
#undef BINARY_DOCS
#undef INPLACE
#undef UNARY
#undef COMPARE

void*& slot_at(TypeObject* type, size_t offset) {
  return *reinterpret_cast<void**>(reinterpret_cast<char*>(static_cast<TypeSlots*>(type)) + offset);
}

// object.__setattr__(str, "x", 1) must not bypass type's own __setattr__ (Carlo Verre's
// hack): a setattr slot wrapper applies only if no native class between the one that
// gives `self` its setattr slot and the wrapper's own owner overrides the slot.
bool setattr_wrapper_applies(Value self, void* function, const char* what) {
  TypeObject* type = type_of(self);
  if (!type->mro) return true;
  auto* mro = static_cast<TupleObject*>(type->mro);
  // Python classes only forward to __setattr__, so skip them when looking for the class
  // whose native setattr `self` actually uses.
  TypeObject* defining = type;
  for (int64_t i = mro->length - 1; i >= 0; --i) {
    auto* base = static_cast<TypeObject*>(mro->items[i].as_object());
    if (base->setattr != &dispatch_setattr && base->setattr == type->setattr) {
      defining = base;
      break;
    }
  }
  for (TypeObject* base = defining; base; base = base->base) {
    if (reinterpret_cast<void*>(base->setattr) == function) break;
    if (base->setattr != &dispatch_setattr) {
      type_error("can't apply this {} to {} object", what, type->name);
      return false;
    }
  }
  return true;
}

}  // namespace

// --- Wrapper descriptors: calling a built-in's slot as a method ---

Ref<> wrapper_call_slot(const void* slot_def, void* function, Value self, const Value* args,
                        size_t nargs, TupleObject* kwnames) {
  const auto* def = static_cast<const SlotDef*>(slot_def);
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  auto expect = [&](size_t n) -> bool {
    if (nkw && def->kind != WrapperKind::Call && def->kind != WrapperKind::Init &&
        def->kind != WrapperKind::New) {
      type_error("wrapper {}() takes no keyword arguments", def->name);
      return false;
    }
    if (nargs != n) {
      type_error("expected {} argument{}, got {}", n, n == 1 ? "" : "s", nargs);
      return false;
    }
    return true;
  };
  switch (def->kind) {
    case WrapperKind::Unary:
      if (!expect(0)) return nullptr;
      return reinterpret_cast<UnaryFn>(function)(self);
    case WrapperKind::Next: {
      if (!expect(0)) return nullptr;
      Ref<> result = reinterpret_cast<UnaryFn>(function)(self);
      if (!result && !error_occurred()) return raise_stop_iteration(Value());
      return result;
    }
    case WrapperKind::Binary:
    case WrapperKind::Inplace:
      if (!expect(1)) return nullptr;
      return reinterpret_cast<BinaryFn>(function)(self, args[0]);
    case WrapperKind::BinaryReflected:
      if (!expect(1)) return nullptr;
      return reinterpret_cast<BinaryFn>(function)(args[0], self);
    case WrapperKind::Ternary:
    case WrapperKind::InplaceTernary:
      if (nargs < 1 || nargs > 2) return type_error("expected 1 or 2 arguments, got {}", nargs);
      return reinterpret_cast<TernaryFn>(function)(self, args[0], nargs == 2 ? args[1] : None());
    case WrapperKind::TernaryReflected:
      if (nargs < 1 || nargs > 2) return type_error("expected 1 or 2 arguments, got {}", nargs);
      return reinterpret_cast<TernaryFn>(function)(args[0], self, nargs == 2 ? args[1] : None());
    case WrapperKind::Compare:
      if (!expect(1)) return nullptr;
      return reinterpret_cast<CompareFn>(function)(self, args[0], def->compare_op);
    case WrapperKind::Hash: {
      if (!expect(0)) return nullptr;
      int64_t h = reinterpret_cast<HashFn>(function)(self);
      if (h == -1) return nullptr;
      return int_from_int64(h);
    }
    case WrapperKind::Length: {
      if (!expect(0)) return nullptr;
      int64_t n = reinterpret_cast<LengthFn>(function)(self);
      if (n < 0) return nullptr;
      return int_from_int64(n);
    }
    case WrapperKind::Bool: {
      if (!expect(0)) return nullptr;
      int truth = reinterpret_cast<PredicateFn>(function)(self);
      if (truth < 0) return nullptr;
      return new_bool(truth);
    }
    case WrapperKind::Contains: {
      if (!expect(1)) return nullptr;
      int found = reinterpret_cast<ContainsFn>(function)(self, args[0]);
      if (found < 0) return nullptr;
      return new_bool(found);
    }
    case WrapperKind::GetAttr:
      if (!expect(1)) return nullptr;
      if (!is_str(args[0])) {
        return type_error("attribute name must be string, not '{}'", type_name(args[0]));
      }
      return reinterpret_cast<GetAttrFn>(function)(self, as_str(args[0]));
    case WrapperKind::SetAttr:
    case WrapperKind::DelAttr: {
      size_t want = def->kind == WrapperKind::SetAttr ? 2 : 1;
      if (!expect(want)) return nullptr;
      if (!is_str(args[0])) {
        return type_error("attribute name must be string, not '{}'", type_name(args[0]));
      }
      if (!setattr_wrapper_applies(self, function, def->name)) return nullptr;
      Value value = want == 2 ? args[1] : Value();
      if (reinterpret_cast<SetAttrFn>(function)(self, as_str(args[0]), value) < 0) return nullptr;
      return new_none();
    }
    case WrapperKind::GetItem:
      if (!expect(1)) return nullptr;
      return reinterpret_cast<BinaryFn>(function)(self, args[0]);
    case WrapperKind::SetItem:
    case WrapperKind::DelItem: {
      size_t want = def->kind == WrapperKind::SetItem ? 2 : 1;
      if (!expect(want)) return nullptr;
      Value value = want == 2 ? args[1] : Value();
      if (reinterpret_cast<SetItemFn>(function)(self, args[0], value) < 0) return nullptr;
      return new_none();
    }
    case WrapperKind::Call:
      return reinterpret_cast<CallFn>(function)(self, args, nargs, kwnames);
    case WrapperKind::Init:
      if (reinterpret_cast<InitFn>(function)(self, args, nargs, kwnames) < 0) return nullptr;
      return new_none();
    case WrapperKind::New:
      return nullptr;  // __new__ is exposed as a static builtin (see new_wrapper below)
    case WrapperKind::DescrGet: {
      if (nargs < 1 || nargs > 2) return type_error("expected 1 or 2 arguments, got {}", nargs);
      Value instance = is_none(args[0]) ? Value() : args[0];
      Value owner = nargs == 2 && !is_none(args[1]) ? args[1] : Value();
      if (!instance && !owner) return type_error("__get__(None, None) is invalid");
      return reinterpret_cast<DescrGetFn>(function)(self, instance, owner);
    }
    case WrapperKind::DescrSet:
    case WrapperKind::DescrDelete: {
      size_t want = def->kind == WrapperKind::DescrSet ? 2 : 1;
      if (!expect(want)) return nullptr;
      Value value = want == 2 ? args[1] : Value();
      if (reinterpret_cast<DescrSetFn>(function)(self, args[0], value) < 0) return nullptr;
      return new_none();
    }
    case WrapperKind::Repeat: {
      if (!expect(1)) return nullptr;
      int64_t count;
      if (!index_to_int64(args[0], &count, &exc::OverflowError)) return nullptr;
      return reinterpret_cast<Ref<> (*)(Value, int64_t)>(function)(self, count);
    }
    case WrapperKind::Del:
      if (!expect(0)) return nullptr;
      reinterpret_cast<FinalizeFn>(function)(self.as_object());
      return new_none();
  }
  return nullptr;
}

// The __text_signature__ of a slot wrapper, from its calling convention (CPython keeps
// it at the head of the slot's doc).
const char* wrapper_slot_signature(const void* slot_def) {
  switch (static_cast<const SlotDef*>(slot_def)->kind) {
    case WrapperKind::Unary:
    case WrapperKind::Next:
    case WrapperKind::Hash:
    case WrapperKind::Length:
    case WrapperKind::Bool:
      return "($self, /)";
    case WrapperKind::Binary:
    case WrapperKind::BinaryReflected:
    case WrapperKind::Inplace:
    case WrapperKind::InplaceTernary:
    case WrapperKind::Compare:
    case WrapperKind::Repeat:
      return "($self, value, /)";
    case WrapperKind::Ternary:
    case WrapperKind::TernaryReflected:
      return "($self, value, mod=None, /)";
    case WrapperKind::GetAttr:
    case WrapperKind::DelAttr:
      return "($self, name, /)";
    case WrapperKind::SetAttr:
      return "($self, name, value, /)";
    case WrapperKind::GetItem:
    case WrapperKind::DelItem:
    case WrapperKind::Contains:
      return "($self, key, /)";
    case WrapperKind::SetItem:
      return "($self, key, value, /)";
    case WrapperKind::Call:
    case WrapperKind::Init:
      return "($self, /, *args, **kwargs)";
    case WrapperKind::DescrGet:
      return "($self, instance, owner=None, /)";
    case WrapperKind::DescrSet:
      return "($self, instance, value, /)";
    case WrapperKind::DescrDelete:
      return "($self, instance, /)";
    case WrapperKind::New:
    case WrapperKind::Del:
      return nullptr;
  }
  return nullptr;
}

const char* wrapper_slot_name(const void* slot_def) { return static_cast<const SlotDef*>(slot_def)->name; }
const char* wrapper_slot_doc(const void* slot_def) { return static_cast<const SlotDef*>(slot_def)->doc; }

// The interned name of each kSlotDefs entry, and the entries grouped by slot (one slot
// such as `compare` or `getattr` is fed by several dunders). Built once, on first use:
// every class creation and every static type's set-up walks the table.
namespace {
struct SlotTable {
  StrObject* names[std::size(kSlotDefs)];
  std::vector<std::vector<uint16_t>> groups;
};

const SlotTable& slot_table() {
  static const SlotTable table = [] {
    SlotTable built;
    std::vector<size_t> group_offsets;
    for (uint16_t i = 0; i < std::size(kSlotDefs); ++i) {
      built.names[i] = str_intern_utf8(kSlotDefs[i].name);
      auto at = std::find(group_offsets.begin(), group_offsets.end(), kSlotDefs[i].offset);
      if (at == group_offsets.end()) {
        group_offsets.push_back(kSlotDefs[i].offset);
        built.groups.push_back({i});
      } else {
        built.groups[at - group_offsets.begin()].push_back(i);
      }
    }
    return built;
  }();
  return table;
}
}  // namespace

bool slots_add_wrappers(TypeObject* type) {
  DictObject* dict = as_dict(Value(type->dict));
  const SlotTable& table = slot_table();
  for (size_t i = 0; i < std::size(kSlotDefs); ++i) {
    const SlotDef& def = kSlotDefs[i];
    void* function = slot_at(type, def.offset);
    // __del__ has no doc but is exposed, so that subclasses keep a native finalizer.
    if (!function || (!def.doc && def.kind != WrapperKind::Del)) continue;
    // A static type's inherited slot is not its own: only wrap slots that differ from the
    // base's (type_ready runs this before inheriting).
    StrObject* name = table.names[i];
    if (dict_get_str(dict, name)) continue;
    Ref<> wrapper;
    if (def.kind == WrapperKind::New) {
      wrapper = new_wrapper_for_type(type);
    } else {
      wrapper = wrapper_descriptor_new(type, &def, function);
    }
    if (!wrapper || !dict_set(dict, Value(name), wrapper)) return false;
  }
  return true;
}

// Chooses the function of one slot (given by its group of kSlotDefs entries) in a class:
// the built-in's own function when every dunder of that slot found on the MRO is a
// wrapper of it; the dispatcher otherwise.
static void update_one_slot(TypeObject* type, const std::vector<uint16_t>& group) {
  const SlotTable& table = slot_table();
  size_t offset = kSlotDefs[group[0]].offset;
  void* chosen = nullptr;
  void* dispatcher = nullptr;
  bool use_dispatcher = false;
  bool hash_none = false;
  for (uint16_t index : group) {
    const SlotDef& def = kSlotDefs[index];
    dispatcher = def.dispatcher;
    Value found = type_lookup(type, table.names[index]);
    if (!found) continue;
    if (def.kind == WrapperKind::Hash && is_none(found)) {
      hash_none = true;
      continue;
    }
    // A wrapper taken from an unrelated class (__eq__ = str.__eq__ in an int subclass)
    // goes through the dispatcher, whose call of the wrapper rejects the instance.
    if (is_type(found, &wrapper_descriptor_type) && wrapper_slot_def(found) != nullptr &&
        static_cast<const SlotDef*>(wrapper_slot_def(found))->offset == offset &&
        is_subtype(type, static_cast<WrapperDescriptorObject*>(found.as_object())->owner)) {
      void* function = wrapper_slot_function(found);
      if (!chosen) chosen = function;
      else if (chosen != function) use_dispatcher = true;
      continue;
    }
    if (def.kind == WrapperKind::New && is_builtin_new_wrapper(found)) {
      // A built-in __new__ found on the MRO means the solid base's allocator, as in
      // CPython: class E(Exception, BaseExceptionGroup) finds Exception.__new__ first
      // but must allocate (and validate) as BaseExceptionGroup.
      void* function = type->base ? reinterpret_cast<void*>(type->base->new_instance)
                                  : builtin_new_wrapper_function(found);
      if (!chosen) chosen = function;
      else if (chosen != function) use_dispatcher = true;
      continue;
    }
    use_dispatcher = true;
  }
  void*& slot = slot_at(type, offset);
  if (use_dispatcher) slot = dispatcher;  // null for the sequence slots: CPython's rule
  else if (chosen) slot = chosen;
  else if (hash_none) slot = reinterpret_cast<void*>(&hash_not_implemented);
  // A deleted __next__ leaves a slot that raises: code that already holds the object as
  // an iterator calls iternext without checking it (CPython's rule).
  else if (offset == offsetof(TypeSlots, iternext) && slot) {
    slot = reinterpret_cast<void*>(&iternext_not_implemented);
  } else {
    slot = nullptr;
  }
}

bool is_python_new_slot(NewFn slot) { return slot == &dispatch_new; }

void slots_fixup_heap_type(TypeObject* type) {
  for (const std::vector<uint16_t>& group : slot_table().groups) update_one_slot(type, group);
}

static void update_slot_recursive(TypeObject* type, const std::vector<uint16_t>& group) {
  update_one_slot(type, group);
  for (TypeObject* sub : type_subclasses(type)) {
    if (sub->has_flag(kTypeHeap)) update_slot_recursive(sub, group);
  }
}

void slots_update_for_name(TypeObject* type, StrObject* name) {
  const SlotTable& table = slot_table();
  for (const std::vector<uint16_t>& group : table.groups) {
    for (uint16_t index : group) {
      // `name` need not be interned (setattr(cls, "__e" + "q__", f)).
      if (table.names[index] != name && !str_equal_ascii(name, kSlotDefs[index].name)) continue;
      update_slot_recursive(type, group);
      break;
    }
  }
}

}  // namespace krait
