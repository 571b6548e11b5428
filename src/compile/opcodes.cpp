// Per-opcode tables derived from opcodes.def.
#include "compile/opcodes.h"

namespace krait {

namespace {
struct OpcodeInfo {
  const char* name;
  OpargKind arg;
  int cache;
};
constexpr OpcodeInfo kOpcodeInfo[] = {
#define OPCODE(name, arg, pops, pushes, cache) {#name, OpargKind::arg, cache},
#include "compile/opcodes.def"
#undef OPCODE
};
}  // namespace

const char* opcode_name(Opcode op) { return kOpcodeInfo[int(op)].name; }
OpargKind opcode_oparg_kind(Opcode op) { return kOpcodeInfo[int(op)].arg; }
int opcode_cache_units(Opcode op) { return kOpcodeInfo[int(op)].cache; }
bool opcode_is_jump(Opcode op) { return kOpcodeInfo[int(op)].arg == OpargKind::Jump; }

int opcode_stack_effect(Opcode op, uint32_t oparg, bool jump) {
  switch (op) {
#define OPCODE(name, arg, pops, pushes, cache) \
  case Opcode::name:                           \
    return int(pushes) - int(pops);
#include "compile/opcodes.def"
#undef OPCODE
    default:
      return 0;
  }
}

const char* binary_operator_symbol(BinaryOperator op) {
  static const char* const kSymbols[] = {"+",  "&",  "//",  "<<",  "@",  "*",  "%",  "|",  "**",
                                         ">>", "-",  "/",   "^",   "+=", "&=", "//=", "<<=", "@=",
                                         "*=", "%=", "|=",  "**=", ">>=", "-=", "/=", "^="};
  return kSymbols[int(op)];
}

}  // namespace krait
