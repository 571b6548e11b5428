// ID(name): the interned str for an identifier listed in names.def, e.g. ID(__init__).
#pragma once

#include "core/object.h"

namespace krait {

struct StrObject;

namespace names {
// Enumerators are prefixed: some dunders (__complex__, __func__) are GCC keywords.
enum Index : int {
#define KRAIT_NAME(name) id_##name,
#include "core/names.def"
#undef KRAIT_NAME
  kCount
};
extern StrObject* table[kCount];
// Interns every name; called once at start-up before any other string is interned.
void init_names();
}  // namespace names

#define NAME_INDEX(name) (::krait::names::id_##name)
#define ID(name) (::krait::names::table[NAME_INDEX(name)])

}  // namespace krait
