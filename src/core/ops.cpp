// The generic object protocols (attribute access, calls, repr/str/hash, comparison, truth,
// number operators, containers, iteration, isinstance/issubclass), dispatching through the
// type slots. The rules follow the Language Reference's data model chapter; where CPython's
// behaviour is subtler than the reference (operator reflection order) the steps are
// numbered in comments.
#include "core/ops.h"

#include <cstring>
#include <iterator>
#include <memory>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/iterators.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/recursion_guard.h"
#include "runtime/thread_state.h"
#include "vm/call.h"

namespace krait {
bool is_builtin_print(Value v);  // modules/builtins.cpp
}

namespace krait {

// --- Attributes ---

Ref<> get_attr(Value obj, StrObject* name) {
  GetAttrFn getattr = type_of(obj)->getattr;
  if (!getattr) {
    return attribute_error("'{}' object has no attribute '{}'", type_name(obj), str_utf8(name));
  }
  if (name->hash == -1) str_hash(name);
  Ref<> result = getattr(obj, name);
  if (!result) add_attribute_error_context(obj, name);
  return result;
}

Ref<> get_attr(Value obj, std::string_view name) {
  StrObject* interned = str_intern_utf8(name);
  if (!interned) return nullptr;
  return get_attr(obj, interned);
}

int get_attr_optional(Value obj, StrObject* name, Ref<>* out) {
  GetAttrFn getattr = type_of(obj)->getattr;
  if (!getattr) {
    *out = nullptr;
    return 0;
  }
  if (name->hash == -1) str_hash(name);
  *out = getattr(obj, name);
  if (*out) return 1;
  if (!error_matches(&exc::AttributeError)) return -1;
  clear_error();
  return 0;
}

bool set_attr(Value obj, StrObject* name, Value value) {
  SetAttrFn setattr = type_of(obj)->setattr;
  if (name->hash == -1) str_hash(name);
  if (!setattr) {
    // Types without __setattr__ (int, str, ...) have read-only or no attributes.
    if (type_lookup(type_of(obj), name)) {
      return attribute_error("'{}' object attribute '{}' is read-only", type_name(obj), str_utf8(name));
    }
    return attribute_error("'{}' object has no attribute '{}'", type_name(obj), str_utf8(name));
  }
  return setattr(obj, name, value) == 0;
}

bool set_attr(Value obj, std::string_view name, Value value) {
  StrObject* interned = str_intern_utf8(name);
  return interned && set_attr(obj, interned, value);
}

bool delete_attr(Value obj, StrObject* name) { return set_attr(obj, name, Value()); }

int has_attr(Value obj, StrObject* name) {
  Ref<> value;
  return get_attr_optional(obj, name, &value);
}

Ref<> lookup_special(Value obj, StrObject* name) {
  Value attribute = type_lookup(type_of(obj), name);
  if (!attribute) return nullptr;
  DescrGetFn get = type_of(attribute)->descr_get;
  if (get) return get(attribute, obj, Value(type_of(obj)));
  return new_ref(attribute);
}

Ref<> call_special(Value obj, StrObject* name, const Value* args, size_t nargs, bool* found) {
  Value attribute = type_lookup(type_of(obj), name);
  *found = bool(attribute);
  if (!attribute) return nullptr;
  Ref<> hold = new_ref(attribute);  // the call could drop it from the type's dict
  // A plain method gets obj as its first argument: no bound method, and a wrapper of
  // another class's slot reports "requires a 'str' object" instead of binding.
  if (type_of(attribute)->has_flag(kTypeMethodDescriptor) && nargs < 8) {
    Value with_self[8];
    with_self[0] = obj;
    for (size_t i = 0; i < nargs; ++i) with_self[i + 1] = args[i];
    return call(attribute, with_self, nargs + 1);
  }
  if (DescrGetFn get = type_of(attribute)->descr_get) {
    Ref<> bound = get(attribute, obj, Value(type_of(obj)));
    if (!bound) return nullptr;
    return call(bound, args, nargs);
  }
  return call(attribute, args, nargs);
}

// --- Calls ---

Ref<> call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  CallFn call_slot = type_of(callable)->call;
  if (!call_slot) return type_error("'{}' object is not callable", type_name(callable));
  ThreadState* thread = current_thread();
  // Native re-entry is bounded so that C++ recursion can never overflow the stack (the
  // depth alone is not enough where frames are big: sanitizer builds).
  auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (++thread->native_depth > kMaxNativeDepth || here < reinterpret_cast<uintptr_t>(thread->stack_limit))
      [[unlikely]] {
    --thread->native_depth;
    return raise(exc::RecursionError, "maximum recursion depth exceeded while calling a Python object");
  }
  Ref<> result = call_slot(callable, args, nargs, kwnames);
  --thread->native_depth;
  return result;
}

Ref<> call_tuple_dict(Value callable, Value args, Value kwargs) {
  TupleObject* positional = as_tuple(args);
  if (!kwargs || as_dict(kwargs)->used == 0) return call(callable, positional->items, size_t(positional->length));
  DictObject* keywords = as_dict(kwargs);
  // The arguments in a row (borrowed): on the stack unless there are many.
  size_t count = size_t(positional->length + keywords->used);
  Value inline_values[16];
  std::unique_ptr<Value[]> heap_values;
  Value* all = inline_values;
  if (count > std::size(inline_values)) {
    heap_values = std::make_unique<Value[]>(count);
    all = heap_values.get();
  }
  for (int64_t i = 0; i < positional->length; ++i) all[size_t(i)] = positional->items[i];
  Ref<TupleObject> names = tuple_allocate(keywords->used);
  if (!names) return nullptr;
  int64_t pos = 0, k = 0;
  Value key, value;
  while (dict_next(keywords, &pos, &key, &value)) {
    if (!is_str(key)) return type_error("keywords must be strings");
    incref(key);
    names->items[k] = key;
    all[size_t(positional->length + k)] = value;
    ++k;
  }
  return call(callable, all, size_t(positional->length), names.get());
}

Ref<> call_method(Value obj, StrObject* name, const Value* args, size_t nargs) {
  Ref<> method = get_attr(obj, name);
  if (!method) return nullptr;
  return call(method, args, nargs);
}

int is_callable(Value v) { return type_of(v)->call != nullptr; }

// --- Presentation ---

Ref<StrObject> repr(Value v) {
  UnaryFn repr_slot = type_of(v)->repr;
  Ref<> result;
  {
    RecursionGuard guard(" while getting the repr of an object");
    if (guard.failed()) return nullptr;
    result = repr_slot ? repr_slot(v) : object_repr(v);
  }
  if (!result) return nullptr;
  if (!is_str(result)) return type_error("__repr__ returned non-string (type {})", type_name(result));
  return std::move(result).cast<StrObject>();
}

Ref<StrObject> str(Value v) {
  if (is_exact_str(v)) return new_ref(as_str(v));
  UnaryFn str_slot = type_of(v)->str;
  if (!str_slot) return repr(v);
  Ref<> result;
  {
    RecursionGuard guard(" while getting the str of an object");
    if (guard.failed()) return nullptr;
    result = str_slot(v);
  }
  if (!result) return nullptr;
  if (!is_str(result)) return type_error("__str__ returned non-string (type {})", type_name(result));
  return std::move(result).cast<StrObject>();
}

Ref<StrObject> ascii(Value v) {
  Ref<StrObject> text = repr(v);
  if (!text || text->ascii) return text;
  StrBuilder out;
  static const char kHex[] = "0123456789abcdef";
  for (int64_t i = 0; i < text->length; ++i) {
    char32_t c = text->at(i);
    if (c < 0x80) {
      out.append(c);
    } else if (c <= 0xFF) {
      out.append_ascii("\\x");
      out.append(char32_t(kHex[c >> 4]));
      out.append(char32_t(kHex[c & 15]));
    } else if (c <= 0xFFFF) {
      out.append_ascii("\\u");
      for (int shift = 12; shift >= 0; shift -= 4) out.append(char32_t(kHex[(c >> shift) & 15]));
    } else {
      out.append_ascii("\\U");
      for (int shift = 28; shift >= 0; shift -= 4) out.append(char32_t(kHex[(c >> shift) & 15]));
    }
  }
  return out.finish();
}

Ref<> format(Value v, Value spec) {
  Ref<> empty;
  if (!spec) {
    empty = str_empty();
    spec = empty.value();
    // format(x) with an empty spec is str(x) for exact str and int.
    if (is_exact_str(v)) return new_ref(v);
    if (is_exact_int(v)) return int_repr(v);
  } else if (is_exact_int(v) && is_str(spec)) {
    // int.__format__ (which a subclass could override, not an exact int's) without the
    // method call.
    return as_str(spec)->length == 0 ? int_repr(v) : int_format(v, str_utf8(spec));
  }
  bool found;
  Ref<> result = call_special(v, ID(__format__), &spec, 1, &found);
  if (!found) return type_error("Type {} doesn't define __format__", type_name(v));
  if (result && !is_str(result)) {
    return type_error("__format__ must return a str, not {}", type_name(result));
  }
  return result;
}

Raised unhashable_error(Value v) { return type_error("unhashable type: '{}'", type_name(v)); }

int64_t hash(Value v) {
  if (v.is_small_int()) return int_hash(v);
  if (is_exact_str(v)) return str_hash(as_str(v));
  HashFn hash_slot = type_of(v)->hash;
  if (!hash_slot) return unhashable_error(v), -1;
  return hash_slot(v);
}

// --- Comparison ---

namespace {

constexpr CompareOp kSwapped[] = {CompareOp::Gt, CompareOp::Ge, CompareOp::Eq,
                                  CompareOp::Ne, CompareOp::Lt, CompareOp::Le};
const char* const kCompareSymbols[] = {"<", "<=", "==", "!=", ">", ">="};

}  // namespace

// Rich comparison (Language Reference 6.10.1):
//  1. if type(b) is a proper subclass of type(a) that overrides the reflected method,
//     b's reflected comparison goes first;
//  2. then a's comparison, then b's reflected one;
//  3. if all return NotImplemented, == and != fall back to identity, others raise.
namespace {

// Comparisons of two small ints, two exact floats or two exact strs, answered without the
// slot dispatch and recursion guard (sorting and tuple comparison live on these): 1/0, or
// -1 when another pair of types needs the general path.
inline int compare_common_pair(Value a, Value b, CompareOp op) {
  if (a.is_small_int()) {
    if (!b.is_small_int()) return -1;
    return compare_ordered(op, a.as_small_int(), b.as_small_int());
  }
  if (!b.is_object()) return -1;
  TypeObject* type = a.as_object()->type;
  if (type != b.as_object()->type) return -1;
  if (type == &float_type) return compare_ordered(op, float_value(a), float_value(b));
  if (type == &str_type) {
    if (op == CompareOp::Eq || op == CompareOp::Ne) return str_equal(as_str(a), as_str(b)) == (op == CompareOp::Eq);
    return compare_ordered(op, str_compare(as_str(a), as_str(b)), 0);
  }
  return -1;
}

}  // namespace

Ref<> rich_compare(Value a, Value b, CompareOp op) {
  if (int known = compare_common_pair(a, b, op); known >= 0) return new_bool(known);
  TypeObject* type_a = type_of(a);
  TypeObject* type_b = type_of(b);
  RecursionGuard guard(" in comparison");
  if (guard.failed()) return nullptr;
  bool checked_reflected = false;
  if (type_a != type_b && is_subtype(type_b, type_a) && type_b->compare) {
    checked_reflected = true;
    Ref<> result = type_b->compare(b, a, kSwapped[int(op)]);
    if (!result || !is_not_implemented(result)) return result;
  }
  if (type_a->compare) {
    Ref<> result = type_a->compare(a, b, op);
    if (!result || !is_not_implemented(result)) return result;
  }
  if (!checked_reflected && type_b->compare) {
    Ref<> result = type_b->compare(b, a, kSwapped[int(op)]);
    if (!result || !is_not_implemented(result)) return result;
  }
  switch (op) {
    case CompareOp::Eq: return new_bool(a == b);
    case CompareOp::Ne: return new_bool(a != b);
    default:
      return type_error("'{}' not supported between instances of '{}' and '{}'",
                        kCompareSymbols[int(op)], type_name(a), type_name(b));
  }
}

int rich_compare_bool(Value a, Value b, CompareOp op) {
  if (a == b) {
    if (op == CompareOp::Eq) return 1;
    if (op == CompareOp::Ne) return 0;
  }
  if (int known = compare_common_pair(a, b, op); known >= 0) return known;
  Ref<> result = rich_compare(a, b, op);
  if (!result) return -1;
  if (result.value() == True()) return 1;
  if (result.value() == False()) return 0;
  return is_true(result);
}

int is_true(Value v) {
  if (v == True()) return 1;
  if (v == False() || is_none(v)) return 0;
  if (v.is_small_int()) return v.as_small_int() != 0;
  TypeObject* type = type_of(v);
  if (type->to_bool) return type->to_bool(v);
  if (type->length) {
    int64_t n = type->length(v);
    return n < 0 ? -1 : n > 0;
  }
  return 1;
}

// --- Numbers ---

namespace {

using BinarySlot = BinaryFn TypeSlots::*;
constexpr BinarySlot kBinarySlots[] = {
    &TypeSlots::add, &TypeSlots::bit_and, &TypeSlots::floor_divide, &TypeSlots::lshift,
    &TypeSlots::matrix_multiply, &TypeSlots::multiply, &TypeSlots::remainder, &TypeSlots::bit_or,
    nullptr /* power: ternary */, &TypeSlots::rshift, &TypeSlots::subtract,
    &TypeSlots::true_divide, &TypeSlots::bit_xor};
constexpr BinarySlot kInplaceSlots[] = {
    &TypeSlots::inplace_add, &TypeSlots::inplace_bit_and, &TypeSlots::inplace_floor_divide,
    &TypeSlots::inplace_lshift, &TypeSlots::inplace_matrix_multiply,
    &TypeSlots::inplace_multiply, &TypeSlots::inplace_remainder, &TypeSlots::inplace_bit_or,
    nullptr, &TypeSlots::inplace_rshift, &TypeSlots::inplace_subtract,
    &TypeSlots::inplace_true_divide, &TypeSlots::inplace_bit_xor};

// CPython's binary_op1:
//  1. slot of type(a) and slot of type(b) (if the types differ and the slots differ);
//  2. if type(b) is a subclass of type(a), b's slot goes first;
//  3. the first result that is not NotImplemented wins.
Ref<> binary_op1(Value a, Value b, BinarySlot slot) {
  TypeObject* type_a = type_of(a);
  TypeObject* type_b = type_of(b);
  BinaryFn slot_a = type_a->*slot;
  BinaryFn slot_b = type_a != type_b ? type_b->*slot : nullptr;
  if (slot_b == slot_a) slot_b = nullptr;
  if (slot_a) {
    if (slot_b && is_subtype(type_b, type_a)) {
      Ref<> result = slot_b(a, b);
      if (!result || !is_not_implemented(result)) return result;
      slot_b = nullptr;
    }
    Ref<> result = slot_a(a, b);
    if (!result || !is_not_implemented(result)) return result;
  }
  if (slot_b) {
    Ref<> result = slot_b(a, b);
    if (!result || !is_not_implemented(result)) return result;
  }
  return new_not_implemented();
}

Ref<> ternary_op1(Value a, Value b, Value c, TernaryFn TypeSlots::*slot) {
  TypeObject* type_a = type_of(a);
  TypeObject* type_b = type_of(b);
  TernaryFn slot_a = type_a->*slot;
  TernaryFn slot_b = type_a != type_b ? type_b->*slot : nullptr;
  if (slot_b == slot_a) slot_b = nullptr;
  if (slot_a) {
    if (slot_b && is_subtype(type_b, type_a)) {
      Ref<> result = slot_b(a, b, c);
      if (!result || !is_not_implemented(result)) return result;
      slot_b = nullptr;
    }
    Ref<> result = slot_a(a, b, c);
    if (!result || !is_not_implemented(result)) return result;
  }
  if (slot_b) {
    Ref<> result = slot_b(a, b, c);
    if (!result || !is_not_implemented(result)) return result;
  }
  if (!is_none(c)) {
    TernaryFn slot_c = type_of(c)->*slot;
    if (slot_c && slot_c != slot_a && slot_c != slot_b) {
      Ref<> result = slot_c(a, b, c);
      if (!result || !is_not_implemented(result)) return result;
    }
  }
  return new_not_implemented();
}

Raised unsupported_operands(const char* symbol, Value a, Value b) {
  return type_error("unsupported operand type(s) for {}: '{}' and '{}'", symbol, type_name(a), type_name(b));
}

bool can_repeat_with(Value count) { return is_int(count) || type_of(count)->to_index; }

Ref<> sequence_repeat(Ref<> (*repeat)(Value, int64_t), Value sequence, Value count) {
  int64_t n;
  if (!index_to_int64(count, &n, &exc::OverflowError)) {
    if (error_matches(&exc::OverflowError)) {
      clear_error();
      return overflow_error("cannot fit '{}' into an index-sized integer", type_name(count));
    }
    return nullptr;
  }
  return repeat(sequence, n);
}

}  // namespace

Ref<> binary_op(Value a, Value b, BinaryOperator op) {
  int index = int(op);
  bool inplace = index >= int(BinaryOperator::InplaceAdd);
  int base = inplace ? index - int(BinaryOperator::InplaceAdd) : index;
  if (BinaryOperator(base) == BinaryOperator::Power) {
    if (inplace && type_of(a)->inplace_power) {
      Ref<> result = type_of(a)->inplace_power(a, b, None());
      if (!result || !is_not_implemented(result)) return result;
    }
    Ref<> result = ternary_op1(a, b, None(), &TypeSlots::power);
    if (!result || !is_not_implemented(result)) return result;
    return unsupported_operands(inplace ? "**=" : "** or pow()", a, b);
  }
  TypeObject* type_a = type_of(a);
  if (inplace) {
    BinaryFn inplace_slot = type_a->*kInplaceSlots[base];
    if (inplace_slot) {
      Ref<> result = inplace_slot(a, b);
      if (!result || !is_not_implemented(result)) return result;
    }
  }
  Ref<> result = binary_op1(a, b, kBinarySlots[base]);
  if (!result || !is_not_implemented(result)) return result;
  return binary_op_declined(a, b, op);
}

Ref<> binary_op_left_declined(Value a, Value b, BinaryOperator op) {
  BinarySlot slot = kBinarySlots[int(op)];
  TypeObject* type_b = type_of(b);
  if (type_b != type_of(a)) {
    BinaryFn slot_b = type_b->*slot;
    if (slot_b && slot_b != type_of(a)->*slot) {
      Ref<> result = slot_b(a, b);
      if (!result || !is_not_implemented(result)) return result;
    }
  }
  return binary_op_declined(a, b, op);
}

Ref<> binary_op_declined(Value a, Value b, BinaryOperator op) {
  int index = int(op);
  bool inplace = index >= int(BinaryOperator::InplaceAdd);
  int base = inplace ? index - int(BinaryOperator::InplaceAdd) : index;
  TypeObject* type_a = type_of(a);
  // Sequences: concatenation and repetition come after the number protocol declined.
  if (BinaryOperator(base) == BinaryOperator::Add) {
    BinaryFn concat = inplace && type_a->inplace_concat ? type_a->inplace_concat : type_a->concat;
    if (concat) return concat(a, b);
  } else if (BinaryOperator(base) == BinaryOperator::Multiply) {
    auto repeat = inplace && type_a->inplace_repeat ? type_a->inplace_repeat : type_a->repeat;
    if (repeat) {
      if (!can_repeat_with(b)) {
        return type_error("can't multiply sequence by non-int of type '{}'", type_name(b));
      }
      return sequence_repeat(repeat, a, b);
    }
    if (type_of(b)->repeat) {
      if (!can_repeat_with(a)) {
        return type_error("can't multiply sequence by non-int of type '{}'", type_name(a));
      }
      return sequence_repeat(type_of(b)->repeat, b, a);
    }
  }
  if (BinaryOperator(base) == BinaryOperator::RShift && is_builtin_print(a)) {
    return type_error(
        "unsupported operand type(s) for >>: 'builtin_function_or_method' and '{}'. Did you mean "
        "\"print(<message>, file=<output_stream>)\"?",
        type_name(b));
  }
  return unsupported_operands(binary_operator_symbol(op), a, b);
}

Ref<> divmod(Value a, Value b) {
  Ref<> result = binary_op1(a, b, &TypeSlots::divmod);
  if (!result || !is_not_implemented(result)) return result;
  return unsupported_operands("divmod()", a, b);
}

Ref<> power(Value base, Value exponent, Value modulus) {
  Ref<> result = ternary_op1(base, exponent, modulus, &TypeSlots::power);
  if (!result || !is_not_implemented(result)) return result;
  if (is_none(modulus)) return unsupported_operands("** or pow()", base, exponent);
  return type_error("unsupported operand type(s) for ** or pow(): '{}', '{}', '{}'", type_name(base),
                    type_name(exponent), type_name(modulus));
}

#define KRAIT_UNARY_OP(function, slot, symbol)                                        \
  Ref<> function(Value v) {                                                           \
    UnaryFn fn = type_of(v)->slot;                                                    \
    if (!fn) return type_error("bad operand type for " symbol ": '{}'", type_name(v)); \
    return fn(v);                                                                     \
  }
KRAIT_UNARY_OP(unary_negative, negative, "unary -")
KRAIT_UNARY_OP(unary_positive, positive, "unary +")
KRAIT_UNARY_OP(unary_invert, invert, "unary ~")
KRAIT_UNARY_OP(absolute, absolute, "abs()")
#undef KRAIT_UNARY_OP

Ref<> number_to_float(Value v) {
  if (is_exact_float(v)) return new_ref(v);
  double d;
  if (!number_to_double(v, &d)) return nullptr;
  return float_from_double(d);
}

// --- Containers ---

Ref<> get_item(Value container, Value key) {
  TypeObject* type = type_of(container);
  if (type->getitem) return type->getitem(container, key);
  if (type_has_flag(container, kTypeTypeSubclass)) {
    // Generic aliases: list[int] calls __class_getitem__.
    if (container == Value(&type_type)) return generic_alias_new(container, key);
    Ref<> class_getitem;
    if (get_attr_optional(container, ID(__class_getitem__), &class_getitem) < 0) return nullptr;
    // __class_getitem__ = None opts out, as CPython's.
    if (class_getitem && !is_none(class_getitem)) return call1(class_getitem, key);
    return type_error("type '{}' is not subscriptable", static_cast<TypeObject*>(container.as_object())->name);
  }
  return type_error("'{}' object is not subscriptable", type_name(container));
}

bool set_item(Value container, Value key, Value value) {
  SetItemFn setitem = type_of(container)->setitem;
  if (!setitem) return type_error("'{}' object does not support item assignment", type_name(container));
  return setitem(container, key, value) == 0;
}

bool delete_item(Value container, Value key) {
  SetItemFn setitem = type_of(container)->setitem;
  if (!setitem) return type_error("'{}' object does not support item deletion", type_name(container));
  return setitem(container, key, Value()) == 0;
}

int64_t length(Value v) {
  LengthFn length_slot = type_of(v)->length;
  if (!length_slot) return type_error("object of type '{}' has no len()", type_name(v));
  return length_slot(v);
}

int64_t length_hint(Value v, int64_t default_value) {
  if (type_of(v)->length) {
    int64_t n = type_of(v)->length(v);
    if (n >= 0) return n;
    if (!error_matches(&exc::TypeError)) return -1;
    clear_error();
  }
  Ref<> hint = lookup_special(v, ID(__length_hint__));
  if (!hint) return error_occurred() ? -1 : default_value;
  Ref<> result = call0(hint);
  if (!result) {
    if (!error_matches(&exc::TypeError)) return -1;
    clear_error();
    return default_value;
  }
  if (is_not_implemented(result)) return default_value;
  if (!is_int(result)) {
    return type_error("__length_hint__ must be an integer, not {}", type_name(result));
  }
  int64_t n;
  if (!int_as_int64(result, &n)) return -1;
  if (n < 0) return value_error("__length_hint__() should return >= 0");
  return n;
}

int contains_by_iteration(Value container, Value item) {
  Ref<> iterator = get_iter(container);
  if (!iterator) return -1;
  for (;;) {
    Ref<> element = iter_next(iterator);
    if (!element) return error_occurred() ? -1 : 0;
    int equal = rich_compare_bool(element, item, CompareOp::Eq);
    if (equal != 0) return equal;
  }
}

int contains(Value container, Value item) {
  ContainsFn contains_slot = type_of(container)->contains;
  if (contains_slot) return contains_slot(container, item);
  if (!type_of(container)->iter && !type_of(container)->getitem) {
    return type_error("argument of type '{}' is not iterable", type_name(container));
  }
  return contains_by_iteration(container, item);
}

Ref<> get_iter(Value v) {
  TypeObject* type = type_of(v);
  if (type->iter) {
    Ref<> iterator = type->iter(v);
    if (iterator && !is_iterator_type(type_of(iterator))) {
      return type_error("iter() returned non-iterator of type '{}'", type_name(iterator));
    }
    return iterator;
  }
  if (type->getitem && !type_has_flag(v, kTypeDictSubclass)) return sequence_iter_new(v);
  return type_error("'{}' object is not iterable", type_name(v));
}

Ref<> iternext_not_implemented(Value self) {
  return type_error("'{}' object is not iterable", type_name(self));
}

Ref<> iter_next(Value iterator) {
  UnaryFn next = type_of(iterator)->iternext;
  if (!is_iterator_type(type_of(iterator))) return type_error("'{}' object is not an iterator", type_name(iterator));
  Ref<> item = next(iterator);
  // An iterator may signal exhaustion with StopIteration set (a generator's return value).
  if (!item && error_matches(&exc::StopIteration)) clear_error();
  return item;
}

// --- isinstance / issubclass ---

namespace {

// The "abstract" fallback for objects that are not types but have __bases__.
Ref<> abstract_bases(Value cls) {
  Ref<> bases;
  if (get_attr_optional(cls, ID(__bases__), &bases) < 0) return nullptr;
  if (bases && !is_tuple(bases)) return new_none();
  return bases;
}

int abstract_issubclass(Value derived, Value cls) {
  for (;;) {
    if (derived == cls) return 1;
    Ref<> bases = abstract_bases(derived);
    if (!bases) return error_occurred() ? -1 : 0;
    if (is_none(bases)) return 0;
    TupleObject* tuple = as_tuple(bases);
    if (tuple->length == 0) return 0;
    if (tuple->length == 1) {
      derived = tuple->items[0];
      Ref<> keep = std::move(bases);
      int r = abstract_issubclass(derived, cls);
      return r;
    }
    for (int64_t i = 0; i < tuple->length; ++i) {
      int r = abstract_issubclass(tuple->items[i], cls);
      if (r != 0) return r;
    }
    return 0;
  }
}

bool check_class(Value cls, const char* message) {
  if (type_has_flag(cls, kTypeTypeSubclass)) return true;
  Ref<> bases = abstract_bases(cls);
  if (bases && !is_none(bases)) return true;
  if (!error_occurred()) type_error("{}", message);
  return false;
}

}  // namespace

// True when `obj.__class__` is certainly type(obj): the generic getattr finds object's own
// __class__ descriptor (a data descriptor, which nothing in the instance can shadow). The
// failing isinstance() then skips the attribute lookup.
namespace {
bool class_attribute_is_type(Value obj) {
  TypeObject* type = type_of(obj);
  if (type->getattr != generic_get_attr) return false;
  Value found = type_lookup(type, ID(__class__));
  return found && found == type_lookup(&object_type, ID(__class__));
}
}  // namespace

int real_is_instance(Value obj, Value cls) {
  if (type_has_flag(cls, kTypeTypeSubclass)) {
    if (is_instance_of(obj, static_cast<TypeObject*>(cls.as_object()))) return 1;
    if (class_attribute_is_type(obj)) return 0;
    Ref<> icls;
    if (get_attr_optional(obj, ID(__class__), &icls) < 0) return -1;
    if (icls && icls.value() != Value(type_of(obj)) && type_has_flag(icls, kTypeTypeSubclass)) {
      return is_subtype(static_cast<TypeObject*>(icls.get()), static_cast<TypeObject*>(cls.as_object()));
    }
    return 0;
  }
  if (!check_class(cls, "isinstance() arg 2 must be a type, a tuple of types, or a union")) return -1;
  Ref<> icls;
  if (get_attr_optional(obj, ID(__class__), &icls) < 0) return -1;
  if (!icls) return 0;
  return abstract_issubclass(icls, cls);
}

int real_is_subclass(Value derived, Value cls) {
  if (type_has_flag(cls, kTypeTypeSubclass) && type_has_flag(derived, kTypeTypeSubclass)) {
    return is_subtype(static_cast<TypeObject*>(derived.as_object()), static_cast<TypeObject*>(cls.as_object()));
  }
  if (!check_class(derived, "issubclass() arg 1 must be a class")) return -1;
  if (!is_union_type(cls) &&
      !check_class(cls, "issubclass() arg 2 must be a class, a tuple of classes, or a union")) {
    return -1;
  }
  return abstract_issubclass(derived, cls);
}

int is_instance(Value obj, Value cls) {
  if (Value(type_of(obj)) == cls) return 1;
  if (is_type(cls, &type_type)) return real_is_instance(obj, cls);
  if (is_union_type(cls)) cls = union_args(cls);
  if (is_tuple(cls)) {
    RecursionGuard guard(" in __instancecheck__");
    if (guard.failed()) return -1;
    Ref<> keep = new_ref(cls);
    TupleObject* tuple = as_tuple(cls);
    for (int64_t i = 0; i < tuple->length; ++i) {
      int r = is_instance(obj, tuple->items[i]);
      if (r != 0) return r;
    }
    return 0;
  }
  if (type_lookup(type_of(cls), ID(__instancecheck__))) {
    RecursionGuard guard(" in __instancecheck__");
    if (guard.failed()) return -1;
    bool found;
    Ref<> result = call_special(cls, ID(__instancecheck__), &obj, 1, &found);
    if (!result) return -1;
    return is_true(result);
  }
  return real_is_instance(obj, cls);
}

int is_subclass(Value derived, Value cls) {
  if (is_type(cls, &type_type) && type_has_flag(derived, kTypeTypeSubclass)) {
    if (derived == cls) return 1;
    return real_is_subclass(derived, cls);
  }
  if (is_union_type(cls)) cls = union_args(cls);
  if (is_tuple(cls)) {
    RecursionGuard guard(" in __subclasscheck__");
    if (guard.failed()) return -1;
    Ref<> keep = new_ref(cls);
    TupleObject* tuple = as_tuple(cls);
    for (int64_t i = 0; i < tuple->length; ++i) {
      int r = is_subclass(derived, tuple->items[i]);
      if (r != 0) return r;
    }
    return 0;
  }
  if (type_lookup(type_of(cls), ID(__subclasscheck__))) {
    RecursionGuard guard(" in __subclasscheck__");
    if (guard.failed()) return -1;
    bool found;
    Ref<> result = call_special(cls, ID(__subclasscheck__), &derived, 1, &found);
    if (!result) return -1;
    return is_true(result);
  }
  return real_is_subclass(derived, cls);
}

}  // namespace krait
