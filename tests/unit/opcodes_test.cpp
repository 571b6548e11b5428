// unspecialized_opcode (compile/opcodes.h) against the layout of opcodes.def: every
// specialised instruction (the VM-only section) maps back to a generic one with the same
// inline cache, so marshal and co_code write what the compiler made; nothing else moves.
#include "compile/opcodes.h"

#include <gtest/gtest.h>

namespace krait {
namespace {

TEST(OpcodesTest, SpecialisedFormsMapToTheirGenericInstruction) {
  for (int i = 0; i < int(Opcode::kCount); ++i) {
    auto op = Opcode(i);
    bool specialised = op >= Opcode::LOAD_GLOBAL_CACHED && op < Opcode::LOAD_FAST__LOAD_FAST;
    Opcode generic = unspecialized_opcode(op);
    if (!specialised) {
      EXPECT_EQ(generic, op) << opcode_name(op);
      continue;
    }
    EXPECT_LT(generic, Opcode::LOAD_GLOBAL_CACHED) << opcode_name(op) << " has no generic form";
    EXPECT_EQ(opcode_cache_units(generic), opcode_cache_units(op)) << opcode_name(op);
    EXPECT_EQ(opcode_oparg_kind(generic), opcode_oparg_kind(op)) << opcode_name(op);
  }
}

}  // namespace
}  // namespace krait
