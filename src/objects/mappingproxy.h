// types.MappingProxyType: a read-only view of a mapping (what type.__dict__ returns).
#pragma once

#include "core/type.h"

namespace krait {

extern TypeObject mappingproxy_type;

struct MappingProxyObject : Object {
  Value mapping;  // owned
};

// mappingproxy(mapping); TypeError if mapping is not a mapping (or is a list or tuple).
Ref<> mappingproxy_new(Value mapping);

}  // namespace krait
