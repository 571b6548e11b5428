// _typing: the accelerator typing.py imports first. CPython 3.11's has one function,
// _idfunc, NewType's __call__: a builtin does not bind, so nt(x) calls _idfunc(x) -> x.
#include "modules/module_def.h"

namespace krait {

namespace {

Ref<> typing_idfunc(Value, const Value* args) { return new_ref(args[0]); }

const MethodDef typing_methods[] = {
    {.name = "_idfunc", .impl = typing_idfunc, .signature = "($module, x, /)"},
    {},
};

}  // namespace

extern const ModuleDef module__typing = {
    .name = "_typing",
    .doc = "Accelerators for the typing module.\n",
    .methods = typing_methods,
};

}  // namespace krait
