// ID(name): the interned str for an identifier listed in names.def, e.g. ID(__init__).
#pragma once

#include "core/object.h"

namespace krait {

struct StrObject;

namespace names {
enum Index : int {
#define KRAIT_NAME(name) name,
#include "core/names.def"
#undef KRAIT_NAME
  kCount
};
extern StrObject* table[kCount];
// Interns every name; called once at start-up before any other string is interned.
void init_names();
}  // namespace names

#define ID(name) (::krait::names::table[::krait::names::name])

}  // namespace krait
