// Issuing warnings from C++ (warn() in core/error.h is the common entry): forwarded to the
// warnings module when it is loaded; before that, printed the way CPython's C fallback
// prints them ("file:line: Category: message"), honouring -W error/ignore for the category.
#pragma once

#include "core/error.h"

namespace krait {

// warnings.warn(message, category, stacklevel, source): message is a str or a Warning.
int warn_object(Value message, Value category, int stack_level, Value source);
// warnings.warn_explicit(message, category, filename, lineno): the compiler's warnings.
int warn_explicit(TypeObject& category, std::string_view message, Value filename, int lineno);
// _warnings.warn_explicit(...) with the vectorcall arguments as given.
int warn_explicit_forward(const Value* args, size_t nargs, TupleObject* kwnames);

}  // namespace krait
