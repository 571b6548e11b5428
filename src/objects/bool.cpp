// bool: the int subclass with exactly two instances, True and False (statically allocated
// IntObjects holding 1 and 0, so every int operation reads them like any other int).
// bool cannot be subclassed; & | ^ between two bools give a bool, everything else is int's.
#include "core/error.h"
#include "core/ops.h"
#include "objects/int_internal.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

// The limbs of True and False; GMP only reads them.
mp_limb_t true_limb = 1;
mp_limb_t false_limb = 0;

}  // namespace

IntObject true_object{{kStaticRefcount, &bool_type}, {{1, 1, &true_limb}}};
IntObject false_object{{kStaticRefcount, &bool_type}, {{1, 0, &false_limb}}};

namespace {

Ref<> bool_new(TypeObject*, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length > 0) return type_error("bool() takes no keyword arguments");
  if (nargs > 1) return type_error("bool expected at most 1 argument, got {}", nargs);
  if (nargs == 0) return new_bool(false);
  int truth = is_true(args[0]);
  if (truth < 0) return nullptr;
  return new_bool(truth);
}

Ref<> bool_repr(Value v) {
  static StrObject* const true_text = str_intern_utf8("True");
  static StrObject* const false_text = str_intern_utf8("False");
  return new_ref(v == True() ? true_text : false_text);
}

inline bool is_bool(Value v) { return v == True() || v == False(); }

Ref<> bool_and(Value a, Value b) {
  if (is_bool(a) && is_bool(b)) return new_bool(a == True() && b == True());
  return int_bit_and(a, b);
}

Ref<> bool_or(Value a, Value b) {
  if (is_bool(a) && is_bool(b)) return new_bool(a == True() || b == True());
  return int_bit_or(a, b);
}

Ref<> bool_xor(Value a, Value b) {
  if (is_bool(a) && is_bool(b)) return new_bool((a == True()) != (b == True()));
  return int_bit_xor(a, b);
}

}  // namespace

TypeObject bool_type{TypeSpec{
    .name = "bool",
    .doc = "bool(x) -> bool\n"
           "\n"
           "Returns True when the argument x is true, False otherwise.\n"
           "The builtins True and False are the only two instances of the class bool.\n"
           "The class bool is a subclass of the class int, and cannot be subclassed.",
    .basic_size = sizeof(IntObject),
    .flags = kTypeIntSubclass,
    .base = &int_type,
    .slots = {.new_instance = bool_new,
              .repr = bool_repr,
              .bit_and = bool_and,
              .bit_or = bool_or,
              .bit_xor = bool_xor},
}};

}  // namespace krait
