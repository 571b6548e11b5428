// The math module's two files share this: math_module.cpp has the floating-point
// functions and the module table, math_integer.cpp the functions over integers (gcd, lcm,
// isqrt, factorial, comb, perm) and prod.
#pragma once

#include "core/type.h"

namespace krait::math_module {

Ref<> math_gcd(Value, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> math_lcm(Value, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> math_isqrt(Value, const Value* args);
Ref<> math_factorial(Value, const Value* args);
Ref<> math_comb(Value, const Value* args);
Ref<> math_perm(Value, const Value* args);
Ref<> math_prod(Value, const Value* args);

}  // namespace krait::math_module
