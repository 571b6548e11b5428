// None, NotImplemented and Ellipsis: immortal singletons with their types. Their hashes are
// the values CPython's (non-PIE, Debian) build gives, so sets holding them iterate alike.
#include "objects/none.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"

namespace krait {

Object none_object{kStaticRefcount, &none_type};
Object not_implemented_object{kStaticRefcount, &not_implemented_type};
Object ellipsis_object{kStaticRefcount, &ellipsis_type};

namespace {

Ref<> singleton_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames,
                    Value singleton) {
  if (nargs || (kwnames && kwnames->length)) {
    return type_error("{} takes no arguments", type_short_name(type));
  }
  return new_ref(singleton);
}

Ref<> none_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return singleton_new(type, args, nargs, kwnames, None());
}
Ref<> none_repr(Value) { return str_from_ascii("None"); }
int none_bool(Value) { return 0; }
int64_t none_hash(Value) { return 611532; }

Ref<> not_implemented_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return singleton_new(type, args, nargs, kwnames, NotImplemented());
}
Ref<> not_implemented_repr(Value) { return str_from_ascii("NotImplemented"); }
int not_implemented_bool(Value) {
  if (warn(exc::DeprecationWarning,
           "NotImplemented should not be used in a boolean context", 1) < 0) {
    return -1;
  }
  return 1;
}
int64_t not_implemented_hash(Value) { return 606843; }
Ref<> not_implemented_reduce(Value, const Value*) { return str_from_ascii("NotImplemented"); }

Ref<> ellipsis_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return singleton_new(type, args, nargs, kwnames, Ellipsis());
}
Ref<> ellipsis_repr(Value) { return str_from_ascii("Ellipsis"); }
int64_t ellipsis_hash(Value) { return 606842; }
Ref<> ellipsis_reduce(Value, const Value*) { return str_from_ascii("Ellipsis"); }

const MethodDef not_implemented_methods[] = {
    {.name = "__reduce__", .impl = not_implemented_reduce, .signature = "($self, /)"},
    {},
};
const MethodDef ellipsis_methods[] = {
    {.name = "__reduce__", .impl = ellipsis_reduce, .signature = "($self, /)"},
    {},
};

}  // namespace

TypeObject none_type{TypeSpec{
    .name = "NoneType",
    .basic_size = sizeof(Object),
    .slots = {.dealloc = dealloc_plain, .new_instance = none_new, .repr = none_repr,
              .hash = none_hash, .getattr = generic_get_attr, .to_bool = none_bool},
}};

TypeObject not_implemented_type{TypeSpec{
    .name = "NotImplementedType",
    .basic_size = sizeof(Object),
    .slots = {.dealloc = dealloc_plain, .new_instance = not_implemented_new,
              .repr = not_implemented_repr, .hash = not_implemented_hash,
              .getattr = generic_get_attr, .to_bool = not_implemented_bool},
    .methods = not_implemented_methods,
}};

TypeObject ellipsis_type{TypeSpec{
    .name = "ellipsis",
    .basic_size = sizeof(Object),
    .slots = {.dealloc = dealloc_plain, .new_instance = ellipsis_new, .repr = ellipsis_repr,
              .hash = ellipsis_hash, .getattr = generic_get_attr},
    .methods = ellipsis_methods,
}};

}  // namespace krait
