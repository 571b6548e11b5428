// types.GenericAlias (list[int]) and types.UnionType (int | str).
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject generic_alias_type;
extern TypeObject union_type;
extern TypeObject generic_alias_iterator_type;  // iter(list[int])

Ref<> generic_alias_new(Value origin, Value args);
// __class_getitem__ = classmethod(GenericAlias), as a MethodDef impl ($type, item, /).
Ref<> class_getitem_generic_alias(Value cls, const Value* args);
bool is_union_type(Value v);
Value union_args(Value v);  // borrowed tuple
Ref<> type_or(Value a, Value b);

}  // namespace krait
