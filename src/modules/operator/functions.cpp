// The _operator module: one native function per operator (operator.py re-exports them and
// adds the dunder aliases), the sequence helpers (concat, countOf, indexOf, ...), and the
// registration of the getter types from getters.cpp.
#include "core/ops.h"
#include "modules/hashlib/hash_common.h"
#include "modules/module_def.h"
#include "modules/operator/operator_internal.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait::operator_module {

namespace {

template <BinaryOperator op>
Ref<> binary(Value, const Value* args) {
  return binary_op(args[0], args[1], op);
}

template <CompareOp op>
Ref<> compare(Value, const Value* args) {
  return rich_compare(args[0], args[1], op);
}

Ref<> op_pow(Value, const Value* args) { return power(args[0], args[1], None()); }
Ref<> op_abs(Value, const Value* args) { return absolute(args[0]); }
Ref<> op_neg(Value, const Value* args) { return unary_negative(args[0]); }
Ref<> op_pos(Value, const Value* args) { return unary_positive(args[0]); }
Ref<> op_invert(Value, const Value* args) { return unary_invert(args[0]); }
Ref<> op_index(Value, const Value* args) { return number_index(args[0]); }

Ref<> op_truth(Value, const Value* args) {
  int truth = is_true(args[0]);
  if (truth < 0) return nullptr;
  return new_bool(truth != 0);
}
Ref<> op_not(Value, const Value* args) {
  int truth = is_true(args[0]);
  if (truth < 0) return nullptr;
  return new_bool(truth == 0);
}
Ref<> op_is(Value, const Value* args) { return new_bool(args[0] == args[1]); }
Ref<> op_is_not(Value, const Value* args) { return new_bool(args[0] != args[1]); }

Ref<> op_contains(Value, const Value* args) {
  int found = contains(args[0], args[1]);
  if (found < 0) return nullptr;
  return new_bool(found != 0);
}

Ref<> op_getitem(Value, const Value* args) { return get_item(args[0], args[1]); }
Ref<> op_setitem(Value, const Value* args) {
  if (!set_item(args[0], args[1], args[2])) return nullptr;
  return new_none();
}
Ref<> op_delitem(Value, const Value* args) {
  if (!delete_item(args[0], args[1])) return nullptr;
  return new_none();
}

// PySequence_Check: has item access and is not a dict.
bool is_sequence(Value v) { return type_of(v)->getitem && !is_dict(v); }

// concat / iconcat (PySequence_Concat / PySequence_InPlaceConcat): the sequence slots
// first; types that only define __add__ qualify when both operands are sequences.
Ref<> concat_common(Value a, Value b, bool inplace) {
  TypeObject* type = type_of(a);
  if (inplace && type->inplace_concat) return type->inplace_concat(a, b);
  if (type->concat) return type->concat(a, b);
  if (is_sequence(a) && is_sequence(b)) {
    return binary_op(a, b, inplace ? BinaryOperator::InplaceAdd : BinaryOperator::Add);
  }
  return type_error("'{}' object can't be concatenated", type_name(a));
}
Ref<> op_concat(Value, const Value* args) { return concat_common(args[0], args[1], false); }
Ref<> op_iconcat(Value, const Value* args) { return concat_common(args[0], args[1], true); }

// Walks `sequence` until an item is (or equals) `item`: countOf counts them all, indexOf
// stops at the first. CPython's _PySequence_IterSearch.
Ref<> iter_search(Value sequence, Value item, bool count_all) {
  Ref<> iterator = get_iter(sequence);
  if (!iterator) {
    if (!error_matches(&exc::TypeError)) return nullptr;
    clear_error();
    return type_error("argument of type '{}' is not iterable", type_name(sequence));
  }
  int64_t index = 0, count = 0;
  for (;; ++index) {
    Ref<> next = iter_next(iterator);
    if (!next) {
      if (error_occurred()) return nullptr;
      break;
    }
    int same = rich_compare_bool(next, item, CompareOp::Eq);
    if (same < 0) return nullptr;
    if (same) {
      if (!count_all) return int_from_int64(index);
      ++count;
    }
  }
  if (!count_all) return value_error("sequence.index(x): x not in sequence");
  return int_from_int64(count);
}
Ref<> op_count_of(Value, const Value* args) { return iter_search(args[0], args[1], true); }
Ref<> op_index_of(Value, const Value* args) { return iter_search(args[0], args[1], false); }

Ref<> op_length_hint(Value, const Value* args) {
  int64_t default_value;
  if (!index_to_int64(args[1], &default_value)) return nullptr;
  int64_t hint = length_hint(args[0], default_value);
  if (hint < 0) return nullptr;
  return int_from_int64(hint);
}

// call(obj, /, *args, **kwargs): the arguments go on untouched.
Ref<> op_call(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs == 0) return type_error("call expected at least 1 argument, got 0");
  return call(args[0], args + 1, nargs - 1, kwnames);
}

constexpr const char* kUnary = "($module, a, /)";
constexpr const char* kBinary = "($module, a, b, /)";

const MethodDef operator_functions[] = {
    {.name = "truth", .impl = op_truth, .signature = kUnary,
     .doc = "Return True if a is true, False otherwise."},
    {.name = "contains", .impl = op_contains, .signature = kBinary,
     .doc = "Same as b in a (note reversed operands)."},
    {.name = "indexOf", .impl = op_index_of, .signature = kBinary,
     .doc = "Return the first index of b in a."},
    {.name = "countOf", .impl = op_count_of, .signature = kBinary,
     .doc = "Return the number of items in a which are, or which equal, b."},
    {.name = "is_", .impl = op_is, .signature = kBinary, .doc = "Same as a is b."},
    {.name = "is_not", .impl = op_is_not, .signature = kBinary, .doc = "Same as a is not b."},
    {.name = "index", .impl = op_index, .signature = kUnary, .doc = "Same as a.__index__()"},
    {.name = "add", .impl = binary<BinaryOperator::Add>, .signature = kBinary,
     .doc = "Same as a + b."},
    {.name = "sub", .impl = binary<BinaryOperator::Subtract>, .signature = kBinary,
     .doc = "Same as a - b."},
    {.name = "mul", .impl = binary<BinaryOperator::Multiply>, .signature = kBinary,
     .doc = "Same as a * b."},
    {.name = "matmul", .impl = binary<BinaryOperator::MatrixMultiply>, .signature = kBinary,
     .doc = "Same as a @ b."},
    {.name = "floordiv", .impl = binary<BinaryOperator::FloorDivide>, .signature = kBinary,
     .doc = "Same as a // b."},
    {.name = "truediv", .impl = binary<BinaryOperator::TrueDivide>, .signature = kBinary,
     .doc = "Same as a / b."},
    {.name = "mod", .impl = binary<BinaryOperator::Remainder>, .signature = kBinary,
     .doc = "Same as a % b."},
    {.name = "neg", .impl = op_neg, .signature = kUnary, .doc = "Same as -a."},
    {.name = "pos", .impl = op_pos, .signature = kUnary, .doc = "Same as +a."},
    {.name = "abs", .impl = op_abs, .signature = kUnary, .doc = "Same as abs(a)."},
    {.name = "inv", .impl = op_invert, .signature = kUnary, .doc = "Same as ~a."},
    {.name = "invert", .impl = op_invert, .signature = kUnary, .doc = "Same as ~a."},
    {.name = "lshift", .impl = binary<BinaryOperator::LShift>, .signature = kBinary,
     .doc = "Same as a << b."},
    {.name = "rshift", .impl = binary<BinaryOperator::RShift>, .signature = kBinary,
     .doc = "Same as a >> b."},
    {.name = "not_", .impl = op_not, .signature = kUnary, .doc = "Same as not a."},
    {.name = "and_", .impl = binary<BinaryOperator::And>, .signature = kBinary,
     .doc = "Same as a & b."},
    {.name = "xor", .impl = binary<BinaryOperator::Xor>, .signature = kBinary,
     .doc = "Same as a ^ b."},
    {.name = "or_", .impl = binary<BinaryOperator::Or>, .signature = kBinary,
     .doc = "Same as a | b."},
    {.name = "iadd", .impl = binary<BinaryOperator::InplaceAdd>, .signature = kBinary,
     .doc = "Same as a += b."},
    {.name = "isub", .impl = binary<BinaryOperator::InplaceSubtract>, .signature = kBinary,
     .doc = "Same as a -= b."},
    {.name = "imul", .impl = binary<BinaryOperator::InplaceMultiply>, .signature = kBinary,
     .doc = "Same as a *= b."},
    {.name = "imatmul", .impl = binary<BinaryOperator::InplaceMatrixMultiply>,
     .signature = kBinary, .doc = "Same as a @= b."},
    {.name = "ifloordiv", .impl = binary<BinaryOperator::InplaceFloorDivide>,
     .signature = kBinary, .doc = "Same as a //= b."},
    {.name = "itruediv", .impl = binary<BinaryOperator::InplaceTrueDivide>, .signature = kBinary,
     .doc = "Same as a /= b."},
    {.name = "imod", .impl = binary<BinaryOperator::InplaceRemainder>, .signature = kBinary,
     .doc = "Same as a %= b."},
    {.name = "ilshift", .impl = binary<BinaryOperator::InplaceLShift>, .signature = kBinary,
     .doc = "Same as a <<= b."},
    {.name = "irshift", .impl = binary<BinaryOperator::InplaceRShift>, .signature = kBinary,
     .doc = "Same as a >>= b."},
    {.name = "iand", .impl = binary<BinaryOperator::InplaceAnd>, .signature = kBinary,
     .doc = "Same as a &= b."},
    {.name = "ixor", .impl = binary<BinaryOperator::InplaceXor>, .signature = kBinary,
     .doc = "Same as a ^= b."},
    {.name = "ior", .impl = binary<BinaryOperator::InplaceOr>, .signature = kBinary,
     .doc = "Same as a |= b."},
    {.name = "concat", .impl = op_concat, .signature = kBinary,
     .doc = "Same as a + b, for a and b sequences."},
    {.name = "iconcat", .impl = op_iconcat, .signature = kBinary,
     .doc = "Same as a += b, for a and b sequences."},
    {.name = "getitem", .impl = op_getitem, .signature = kBinary, .doc = "Same as a[b]."},
    {.name = "setitem", .impl = op_setitem, .signature = "($module, a, b, c, /)",
     .doc = "Same as a[b] = c."},
    {.name = "delitem", .impl = op_delitem, .signature = kBinary, .doc = "Same as del a[b]."},
    {.name = "pow", .impl = op_pow, .signature = kBinary, .doc = "Same as a ** b."},
    {.name = "ipow", .impl = binary<BinaryOperator::InplacePower>, .signature = kBinary,
     .doc = "Same as a **= b."},
    {.name = "eq", .impl = compare<CompareOp::Eq>, .signature = kBinary, .doc = "Same as a == b."},
    {.name = "ne", .impl = compare<CompareOp::Ne>, .signature = kBinary, .doc = "Same as a != b."},
    {.name = "lt", .impl = compare<CompareOp::Lt>, .signature = kBinary, .doc = "Same as a < b."},
    {.name = "le", .impl = compare<CompareOp::Le>, .signature = kBinary, .doc = "Same as a <= b."},
    {.name = "gt", .impl = compare<CompareOp::Gt>, .signature = kBinary, .doc = "Same as a > b."},
    {.name = "ge", .impl = compare<CompareOp::Ge>, .signature = kBinary, .doc = "Same as a >= b."},
    {.name = "_compare_digest",
     .impl = compare_digest_function,
     .signature = kBinary,
     .doc = "Return 'a == b'.\n\nThis function uses an approach designed to prevent\n"
            "timing analysis, making it appropriate for cryptography.\n\n"
            "a and b must both be of the same type: either str (ASCII only),\n"
            "or any bytes-like object.\n\n"
            "Note: If a and b are of different lengths, or if an error occurs,\n"
            "a timing attack could theoretically reveal information about the\n"
            "types and lengths of a and b--but not their values."},
    {.name = "length_hint",
     .impl = op_length_hint,
     .signature = "($module, obj, default=0, /)",
     .doc = "Return an estimate of the number of items in obj.\n\n"
            "This is useful for presizing containers when building from an iterable.\n\n"
            "If the object supports len(), the result will be exact.\n"
            "Otherwise, it may over- or under-estimate by an arbitrary amount.\n"
            "The result will be an integer >= 0."},
    {.name = "call",
     .raw = op_call,
     .signature = "($module, obj, /, *args, **kwargs)",
     .doc = "Same as obj(*args, **kwargs)."},
    {},
};

bool operator_exec(ModuleObject* module) {
  return module_add_type(module, &itemgetter_type) && module_add_type(module, &attrgetter_type) &&
         module_add_type(module, &methodcaller_type);
}

}  // namespace

}  // namespace krait::operator_module

namespace krait {

extern const ModuleDef module__operator = {
    .name = "_operator",
    .doc = "Operator interface.\n\n"
           "This module exports a set of functions implemented in C corresponding\n"
           "to the intrinsic operators of Python.  For example, operator.add(x, y)\n"
           "is equivalent to the expression x+y.  The function names are those\n"
           "used for special methods; variants without leading and trailing\n"
           "'__' are also provided for convenience.",
    .methods = operator_module::operator_functions,
    .exec = operator_module::operator_exec,
};

}  // namespace krait
