// The Opcode enum and per-opcode facts, generated from opcodes.def.
#pragma once

#include <cstdint>

namespace krait {

enum class Opcode : uint8_t {
#define OPCODE(name, arg, pops, pushes, cache) name,
#include "compile/opcodes.def"
#undef OPCODE
  kCount
};

enum class OpargKind : uint8_t { None, Unsigned, Const, Local, Name, Jump, BinaryOp, CompareOp };

// One code unit: opcode in the low 8 bits, oparg in the high 24.
using CodeUnit = uint32_t;
constexpr int kOpargBits = 24;
constexpr uint32_t kMaxOparg = (1u << kOpargBits) - 1;
inline constexpr CodeUnit make_unit(Opcode op, uint32_t oparg) {
  return uint32_t(op) | (oparg << 8);
}
inline constexpr Opcode unit_opcode(CodeUnit u) { return Opcode(u & 0xFF); }
inline constexpr uint32_t unit_oparg(CodeUnit u) { return u >> 8; }

// Inline cache units per opcode (compile-time table).
constexpr uint8_t kCacheUnits[] = {
#define OPCODE(name, arg, pops, pushes, cache) cache,
#include "compile/opcodes.def"
#undef OPCODE
};

const char* opcode_name(Opcode op);
OpargKind opcode_oparg_kind(Opcode op);
int opcode_cache_units(Opcode op);
bool opcode_is_jump(Opcode op);
// The instruction a superinstruction or a fused comparison-and-jump starts with: what
// traced code runs, one instruction per dispatch.
Opcode unfused_opcode(Opcode op);
// The instruction a specialised form (vm/specialize.h) was quickened from: LOAD_ATTR for
// LOAD_ATTR_SLOT, ...; other opcodes, superinstructions included, map to themselves.
Opcode unspecialized_opcode(Opcode op);
// Rewrites the first of each pair of instructions that has a superinstruction (the
// assembler's last pass over finished code units).
void fuse_superinstructions(CodeUnit* code, int64_t ncodeunits);
// Stack effect (pushes - pops) of an instruction; `jump` selects the branch-taken effect.
int opcode_stack_effect(Opcode op, uint32_t oparg, bool jump);

// BINARY_OP's oparg, in CPython's NB_* order (the in-place forms follow the plain ones).
enum class BinaryOperator : uint8_t {
  Add, And, FloorDivide, LShift, MatrixMultiply, Multiply, Remainder, Or, Power, RShift,
  Subtract, TrueDivide, Xor,
  InplaceAdd, InplaceAnd, InplaceFloorDivide, InplaceLShift, InplaceMatrixMultiply,
  InplaceMultiply, InplaceRemainder, InplaceOr, InplacePower, InplaceRShift,
  InplaceSubtract, InplaceTrueDivide, InplaceXor,
  kCount
};
const char* binary_operator_symbol(BinaryOperator op);  // "+", "+=", ...

}  // namespace krait
