// "Did you mean" suggestions for NameError and AttributeError (CPython 3.11's
// Python/suggestions.c): the closest name by a Levenshtein distance with CPython's costs and
// limits, computed when the exception is printed.
#pragma once

#include <string_view>

#include "core/object.h"

namespace krait {

// The suggested name (a str) for an exception of exact type NameError or AttributeError;
// null when there is none (an error raised meanwhile is left set for the caller to clear).
Ref<> offer_suggestions(Value exception);

// The distance CPython uses (costs: 2 for an edit, 1 for a case change); a result above
// max_cost means "too far".
int64_t suggestion_distance(std::string_view a, std::string_view b, int64_t max_cost);

}  // namespace krait
