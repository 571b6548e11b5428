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

Opcode unfused_opcode(Opcode op) {
  switch (op) {
    case Opcode::COMPARE_OP_INT_JUMP: return Opcode::COMPARE_OP_INT;
    case Opcode::COMPARE_OP_FLOAT_JUMP: return Opcode::COMPARE_OP_FLOAT;
    case Opcode::LOAD_FAST__LOAD_FAST:
    case Opcode::LOAD_FAST__LOAD_CONST:
    case Opcode::LOAD_FAST__LOAD_ATTR:
    case Opcode::LOAD_FAST__LOAD_METHOD: return Opcode::LOAD_FAST;
    case Opcode::STORE_FAST__LOAD_FAST:
    case Opcode::STORE_FAST__STORE_FAST: return Opcode::STORE_FAST;
    case Opcode::LOAD_CONST__LOAD_FAST: return Opcode::LOAD_CONST;
    case Opcode::BUILD_SLICE__BINARY_SUBSCR:
    case Opcode::BUILD_SLICE__STORE_SUBSCR: return Opcode::BUILD_SLICE;
    default: return op;
  }
}

Opcode unspecialized_opcode(Opcode op) {
  switch (op) {
    case Opcode::LOAD_NAME_CACHED: return Opcode::LOAD_NAME;
    case Opcode::STORE_NAME_CACHED: return Opcode::STORE_NAME;
    case Opcode::CALL_NATIVE_METHOD:
    case Opcode::CALL_NATIVE_FUNCTION:
    case Opcode::CALL_BUILTIN:
    case Opcode::CALL_BUILTIN_LEN:
    case Opcode::CALL_BUILTIN_ISINSTANCE:
    case Opcode::CALL_TYPE_1:
    case Opcode::CALL_LIST_APPEND: return Opcode::CALL;
    case Opcode::LOAD_GLOBAL_CACHED: return Opcode::LOAD_GLOBAL;
    case Opcode::LOAD_ATTR_INSTANCE:
    case Opcode::LOAD_ATTR_TYPE_ATTR:
    case Opcode::LOAD_ATTR_SLOT:
    case Opcode::LOAD_ATTR_MODULE: return Opcode::LOAD_ATTR;
    case Opcode::LOAD_METHOD_CACHED:
    case Opcode::LOAD_METHOD_MODULE: return Opcode::LOAD_METHOD;
    case Opcode::STORE_ATTR_INSTANCE:
    case Opcode::STORE_ATTR_SLOT: return Opcode::STORE_ATTR;
    case Opcode::BINARY_OP_OR_SET:
    case Opcode::BINARY_OP_INT:
    case Opcode::BINARY_OP_FLOAT:
    case Opcode::BINARY_OP_ADD_INT:
    case Opcode::BINARY_OP_SUBTRACT_INT:
    case Opcode::BINARY_OP_ADD_FLOAT:
    case Opcode::BINARY_OP_SUBTRACT_FLOAT:
    case Opcode::BINARY_OP_MULTIPLY_FLOAT:
    case Opcode::BINARY_OP_FLOAT_INT:
    case Opcode::BINARY_OP_ADD_STR: return Opcode::BINARY_OP;
    case Opcode::COMPARE_OP_INT:
    case Opcode::COMPARE_OP_FLOAT:
    case Opcode::COMPARE_OP_STR:
    case Opcode::COMPARE_OP_INT_JUMP:
    case Opcode::COMPARE_OP_FLOAT_JUMP: return Opcode::COMPARE_OP;
    case Opcode::BINARY_SUBSCR_LIST_INT:
    case Opcode::BINARY_SUBSCR_TUPLE_INT:
    case Opcode::BINARY_SUBSCR_DICT: return Opcode::BINARY_SUBSCR;
    case Opcode::STORE_SUBSCR_LIST_INT:
    case Opcode::STORE_SUBSCR_DICT: return Opcode::STORE_SUBSCR;
    case Opcode::FOR_ITER_LIST:
    case Opcode::FOR_ITER_RANGE:
    case Opcode::FOR_ITER_TUPLE:
    case Opcode::FOR_ITER_GEN: return Opcode::FOR_ITER;
    default: return op;
  }
}

namespace {

Opcode superinstruction(Opcode first, Opcode second) {
  switch (first) {
    case Opcode::LOAD_FAST:
      if (second == Opcode::LOAD_FAST) return Opcode::LOAD_FAST__LOAD_FAST;
      if (second == Opcode::LOAD_CONST) return Opcode::LOAD_FAST__LOAD_CONST;
      if (second == Opcode::LOAD_ATTR) return Opcode::LOAD_FAST__LOAD_ATTR;
      if (second == Opcode::LOAD_METHOD) return Opcode::LOAD_FAST__LOAD_METHOD;
      break;
    case Opcode::STORE_FAST:
      if (second == Opcode::LOAD_FAST) return Opcode::STORE_FAST__LOAD_FAST;
      if (second == Opcode::STORE_FAST) return Opcode::STORE_FAST__STORE_FAST;
      break;
    case Opcode::LOAD_CONST:
      if (second == Opcode::LOAD_FAST) return Opcode::LOAD_CONST__LOAD_FAST;
      break;
    case Opcode::BUILD_SLICE:
      if (second == Opcode::BINARY_SUBSCR) return Opcode::BUILD_SLICE__BINARY_SUBSCR;
      if (second == Opcode::STORE_SUBSCR) return Opcode::BUILD_SLICE__STORE_SUBSCR;
      break;
    default: break;
  }
  return first;
}

}  // namespace

void fuse_superinstructions(CodeUnit* code, int64_t ncodeunits) {
  // The first instructions of the pairs have no cache units, and a second instruction that
  // needed an EXTENDED_ARG would be that prefix, which pairs with nothing.
  for (int64_t i = 0; i + 1 < ncodeunits; i += 1 + kCacheUnits[code[i] & 0xFF]) {
    Opcode fused = superinstruction(unit_opcode(code[i]), unit_opcode(code[i + 1]));
    if (fused != unit_opcode(code[i])) code[i] = make_unit(fused, unit_oparg(code[i]));
  }
}

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
