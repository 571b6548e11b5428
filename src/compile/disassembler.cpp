// A `dis`-style listing of a code object (for `krait -X dis` and compiler debugging):
// line starts, code-unit offsets, jump-target markers, opcode names from opcodes.def, the
// oparg and what it means, the exception table, then each nested code object.
#include "compile/disassembler.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

std::string repr_text(Value v) {
  Ref<StrObject> r = repr(v);
  if (!r) {
    clear_error();
    return "<repr failed>";
  }
  return std::string(str_utf8(r.get()));
}

std::string tuple_item_text(Object* tuple, uint32_t index) {
  auto* t = as_tuple(Value(tuple));
  if (int64_t(index) >= t->length) return "<out of range>";
  return std::string(str_utf8(t->items[index]));
}

std::string make_function_flags(uint32_t oparg) {
  static const char* const kNames[] = {"defaults", "kwdefaults", "annotations", "closure"};
  std::string out;
  for (int i = 0; i < 4; i++) {
    if (!(oparg & (1u << i))) continue;
    if (!out.empty()) out += ", ";
    out += kNames[i];
  }
  return out;
}

std::string oparg_meaning(CodeObject* code, Opcode op, uint32_t oparg) {
  switch (opcode_oparg_kind(op)) {
    case OpargKind::Const: {
      auto* consts = as_tuple(Value(code->consts));
      if (int64_t(oparg) >= consts->length) return "<out of range>";
      return repr_text(consts->items[oparg]);
    }
    case OpargKind::Local:
      return tuple_item_text(code->localsplusnames, oparg);
    case OpargKind::Name:
      if (op == Opcode::LOAD_GLOBAL)
        return std::string(oparg & 1 ? "NULL + " : "") + tuple_item_text(code->names, oparg >> 1);
      return tuple_item_text(code->names, oparg);
    case OpargKind::Jump:
      return "to " + std::to_string(oparg);
    case OpargKind::BinaryOp:
      return oparg < uint32_t(BinaryOperator::kCount) ? binary_operator_symbol(BinaryOperator(oparg))
                                                       : "?";
    case OpargKind::CompareOp: {
      static const char* const kOps[] = {"<", "<=", "==", "!=", ">", ">="};
      return oparg < 6 ? kOps[oparg] : "?";
    }
    default:
      break;
  }
  switch (op) {
    case Opcode::FORMAT_VALUE: {
      static const char* const kConversions[] = {"", "str", "repr", "ascii"};
      std::string out = kConversions[oparg & 3];
      if (oparg & 4) out += out.empty() ? "with format" : ", with format";
      return out;
    }
    case Opcode::MAKE_FUNCTION:
      return make_function_flags(oparg);
    case Opcode::IS_OP:
    case Opcode::CONTAINS_OP:
      return oparg ? "not" : "";
    default:
      return "";
  }
}

void disassemble_one(CodeObject* code, std::string& out) {
  int64_t n = code->ncodeunits;
  std::vector<bool> targets(size_t(n) + 1, false);
  for (int64_t i = 0; i < n;) {
    Opcode op = unit_opcode(code->code[i]);
    if (opcode_is_jump(op) && unit_oparg(code->code[i]) <= uint32_t(n)) targets[unit_oparg(code->code[i])] = true;
    i += 1 + opcode_cache_units(op);
  }
  for (int32_t e = 0; e < code->nexception_entries; e++)
    if (code->exception_table[e].handler <= uint32_t(n)) targets[code->exception_table[e].handler] = true;

  std::vector<SourcePosition> positions = decode_positions(code);
  int max_line = code->firstlineno;
  for (const SourcePosition& p : positions) max_line = std::max(max_line, p.line);
  int line_width = max_line >= 1000 ? int(std::to_string(max_line).size()) : 3;
  int offset_width = n >= 10000 ? int(std::to_string(n - 1).size()) : 4;

  int last_line = -2;
  uint32_t extended = 0;
  for (int64_t i = 0; i < n;) {
    CodeUnit unit = code->code[i];
    Opcode op = unit_opcode(unit);
    uint32_t oparg = unit_oparg(unit) | extended;
    extended = op == Opcode::EXTENDED_ARG ? oparg << kOpargBits : 0;
    int line = positions[size_t(i)].line;
    bool starts_line = line >= 0 && line != last_line;
    if (starts_line && i > 0) out += "\n";
    if (line >= 0) last_line = line;
    char buf[64];
    if (starts_line) std::snprintf(buf, sizeof buf, "%*d", line_width, line);
    else std::snprintf(buf, sizeof buf, "%*s", line_width, "");
    std::string text = buf;
    text += "    ";
    text += targets[size_t(i)] ? ">> " : "   ";
    std::snprintf(buf, sizeof buf, "%*lld ", offset_width, static_cast<long long>(i));
    text += buf;
    std::snprintf(buf, sizeof buf, "%-20s", opcode_name(op));
    text += buf;
    if (opcode_oparg_kind(op) != OpargKind::None) {
      std::snprintf(buf, sizeof buf, " %5u", oparg);
      text += buf;
      std::string meaning = oparg_meaning(code, op, oparg);
      if (!meaning.empty()) text += " (" + meaning + ")";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += text;
    out += "\n";
    i += 1 + opcode_cache_units(op);
  }
  if (code->nexception_entries) {
    out += "ExceptionTable:\n";
    for (int32_t e = 0; e < code->nexception_entries; e++) {
      const ExceptionTableEntry& entry = code->exception_table[e];
      out += "  " + std::to_string(entry.start) + " to " + std::to_string(entry.end - 1) + " -> " +
             std::to_string(entry.handler) + " [" + std::to_string(entry.depth) + "]" +
             (entry.push_lasti ? " lasti" : "") + "\n";
    }
  }
}

void disassemble_recursive(CodeObject* code, std::string& out) {
  disassemble_one(code, out);
  auto* consts = as_tuple(Value(code->consts));
  for (int64_t i = 0; i < consts->length; i++) {
    Value c = consts->items[i];
    if (!is_code(c)) continue;
    out += "\nDisassembly of " + repr_text(c) + ":\n";
    disassemble_recursive(as_code(c), out);
  }
}

}  // namespace

std::string disassemble(CodeObject* code) {
  std::string out;
  disassemble_recursive(code, out);
  return out;
}

}  // namespace krait
