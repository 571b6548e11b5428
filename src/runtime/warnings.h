// Warnings, natively (CPython's Python/_warnings.c behaviour): the filters, the
// per-module __warningregistry__ and "once" registries, the frame walk behind stacklevel,
// and the display through warnings._showwarnmsg when warnings.py is loaded (else printed
// here). warn() in core/error.h is the common entry from C++; the _warnings module
// (modules/_warnings.cpp) exposes the same machinery to Python.
#pragma once

#include "core/error.h"

namespace krait {

// _warnings.warn(message, category, stacklevel, source): message is a str or a Warning;
// category null/None means UserWarning (or the message's class). source may be null.
int warn_object(Value message, Value category, int64_t stack_level, Value source);
// warnings.warn_explicit(message, category, filename, lineno): the compiler's warnings.
int warn_explicit(TypeObject& category, std::string_view message, Value filename, int lineno);
// The RuntimeWarning for a coroutine that was never awaited (through
// warnings._warn_unawaited_coroutine when it can); errors are reported as unraisable.
void warn_unawaited_coroutine(Value coroutine, Value qualname);
// _warnings.warn_explicit with its arguments checked: module null derives it from the
// filename; registry, module_globals and source may be null or None.
int warn_explicit_object(Value message, Value category, Value filename, int lineno, Value module,
                         Value registry, Value module_globals, Value source);

// The state behind the _warnings module's attributes (borrowed; null with an exception
// if it could not be made): the filter list, the "once" registry, the default action.
Value warnings_filters();
Value warnings_once_registry();
Value warnings_default_action();
// _warnings._filters_mutated(): invalidates every __warningregistry__.
void warnings_filters_mutated();

}  // namespace krait
