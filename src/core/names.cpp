// The interned identifier table of names.def.
#include "core/names.h"

#include "objects/str.h"

namespace krait::names {

StrObject* table[kCount];

void init_names() {
  static const char* const kTexts[] = {
#define KRAIT_NAME(name) #name,
#include "core/names.def"
#undef KRAIT_NAME
  };
  for (int i = 0; i < kCount; ++i) table[i] = str_intern_utf8(kTexts[i]);
}

}  // namespace krait::names
