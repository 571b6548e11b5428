// compile_dump: compiles a Python file with krait's compiler and prints the disassembly
// (default), or, with --normalized, a listing in the neutral format that
// tools/compare_bytecode.py also produces from python3.11, so the two compilers can be
// diffed instruction by instruction (opcodes, arguments, source positions, exception
// table, code object attributes).
//   compile_dump [--normalized] [--mode exec|eval|single] [-O|-OO] FILE
//   compile_dump --time N FILE prints the average time of N compilations
//   compile_dump --run FILE    runs the module on the core runtime only (builtins, no
//                              import system), for testing the compiler before the rest
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "compile/compiler.h"
#include "compile/disassembler.h"
#include "core/error.h"
#include "core/ops.h"
#include "core/names.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/bootstrap.h"
#include "runtime/errors.h"
#include "vm/eval.h"

namespace {

using namespace krait;

std::string repr_text(Value v) {
  if (is_code(v)) return "code";
  Ref<StrObject> r = repr(v);
  if (!r) {
    clear_error();
    return "<repr failed>";
  }
  return std::string(str_utf8(r.get()));
}

std::string name_at(Object* tuple, uint32_t i) {
  auto* t = as_tuple(Value(tuple));
  return int64_t(i) < t->length ? std::string(str_utf8(t->items[i])) : "?";
}

std::string position_text(const SourcePosition& p) {
  auto field = [](int v) { return v < 0 ? std::string("None") : std::to_string(v); };
  if (p.line < 0) return "(None, None, None, None)";
  return "(" + field(p.line) + ", " + field(p.end_line) + ", " + field(p.column) + ", " +
         field(p.end_column) + ")";
}

std::string names_of_kind(CodeObject* code, uint8_t kind, bool exclusive_plain) {
  std::string out = "(";
  bool first = true;
  for (int32_t i = 0; i < code->nlocalsplus; i++) {
    uint8_t k = code->localspluskinds[i];
    bool match = exclusive_plain ? (k & kLocalPlain) : (k & kind);
    if (!match) continue;
    if (!first) out += ", ";
    first = false;
    out += "'" + name_at(code->localsplusnames, uint32_t(i)) + "'";
  }
  if (!first && out.find(',') == std::string::npos) out += ",";
  return out + ")";
}

void normalized(CodeObject* code, int depth, std::string& out) {
  std::string indent(size_t(depth) * 2, ' ');
  out += indent + "CODE " + std::string(str_utf8(code->name)) + " " +
         std::string(str_utf8(code->qualname)) + " " + std::to_string(code->firstlineno) + " " +
         std::to_string(code->flags) + " " + std::to_string(code->argcount) + " " +
         std::to_string(code->posonlyargcount) + " " + std::to_string(code->kwonlyargcount) +
         " " + names_of_kind(code, kLocalPlain, true) + " " +
         names_of_kind(code, kLocalCell, false) + " " + names_of_kind(code, kLocalFree, false) +
         "\n";
  auto* consts = as_tuple(Value(code->consts));
  out += indent + "CONSTS [";
  for (int64_t i = 0; i < consts->length; i++) {
    if (i) out += ", ";
    out += repr_text(consts->items[i]);
  }
  out += "]\n";
  // Instruction index of each code unit, for jump targets and the exception table.
  std::vector<int> index_of(size_t(code->ncodeunits) + 1, -1);
  int count = 0;
  for (int64_t i = 0; i < code->ncodeunits;) {
    Opcode op = unit_opcode(code->code[i]);
    if (op != Opcode::EXTENDED_ARG) index_of[size_t(i)] = count++;
    i += 1 + opcode_cache_units(op);
  }
  index_of[size_t(code->ncodeunits)] = count;
  uint32_t extended = 0;
  int n = 0;
  for (int64_t i = 0; i < code->ncodeunits;) {
    Opcode op = unit_opcode(code->code[i]);
    uint32_t oparg = unit_oparg(code->code[i]) | extended;
    extended = op == Opcode::EXTENDED_ARG ? oparg << kOpargBits : 0;
    if (op != Opcode::EXTENDED_ARG) {
      std::string arg;
      switch (opcode_oparg_kind(op)) {
        case OpargKind::None:
          break;
        case OpargKind::Const:
          arg = repr_text(consts->items[oparg]);
          break;
        case OpargKind::Local:
          arg = name_at(code->localsplusnames, oparg);
          break;
        case OpargKind::Name:
          arg = op == Opcode::LOAD_GLOBAL
                    ? std::string(oparg & 1 ? "NULL + " : "") + name_at(code->names, oparg >> 1)
                    : name_at(code->names, oparg);
          break;
        case OpargKind::Jump:
          arg = "-> " + std::to_string(index_of[oparg]);
          break;
        case OpargKind::BinaryOp:
          arg = binary_operator_symbol(BinaryOperator(oparg));
          break;
        case OpargKind::CompareOp: {
          static const char* const kOps[] = {"<", "<=", "==", "!=", ">", ">="};
          arg = kOps[oparg % 6];
          break;
        }
        default:
          if (op != Opcode::YIELD_VALUE) arg = std::to_string(oparg);
          break;
      }
      out += indent + std::to_string(n++) + " " + opcode_name(op) + " " + arg + " " +
             position_text(code_position_of(code, i)) + "\n";
    }
    i += 1 + opcode_cache_units(op);
  }
  for (int32_t e = 0; e < code->nexception_entries; e++) {
    const ExceptionTableEntry& entry = code->exception_table[e];
    out += indent + "EXC " + std::to_string(index_of[entry.start]) + " " +
           std::to_string(index_of[entry.end]) + " " + std::to_string(index_of[entry.handler]) +
           " " + std::to_string(entry.depth) + " " + (entry.push_lasti ? "lasti" : "-") + "\n";
  }
  for (int64_t i = 0; i < consts->length; i++)
    if (is_code(consts->items[i])) normalized(as_code(consts->items[i]), depth + 1, out);
}

// --run has no io module: sys.stdout/stderr are minimal objects whose write() goes to the
// C streams.
Ref<> dev_write(Value self, const Value* args) {
  if (!is_str(args[0])) return type_error("write() argument must be str");
  std::string_view text = str_utf8(args[0]);
  std::fwrite(text.data(), 1, text.size(), self.is_small_int() && self.as_small_int() == 2 ? stderr : stdout);
  return int_from_int64(int64_t(as_str(args[0])->length));
}
Ref<> dev_flush(Value self, const Value* args) {
  std::fflush(stdout);
  return new_none();
}
const MethodDef kWriteDef{.name = "write", .impl = dev_write, .signature = "($self, text, /)"};
const MethodDef kFlushDef{.name = "flush", .impl = dev_flush, .signature = "($self, /)"};

bool install_dev_streams() {
  Ref<DictObject> ns = dict_new();
  if (!ns || !dict_set(ns.get(), Value(ID(__builtins__)), Value(runtime().builtins_module))) return false;
  Ref<StrObject> name = str_from_ascii("<dev streams>");
  Ref<CodeObject> code = compile_source("class Stream:\n    pass\n", name.value(), CompileMode::Exec, 0, 0);
  if (!code || !eval_code(code.get(), ns.value(), ns.value())) return false;
  Value stream_class = dict_get_utf8(ns.get(), "Stream");
  for (int fd : {1, 2}) {
    Ref<> stream = call0(stream_class);
    Ref<> write = builtin_function_new(&kWriteDef, Value::small_int(fd), None());
    Ref<> flush = builtin_function_new(&kFlushDef, Value::small_int(fd), None());
    if (!stream || !write || !flush || !set_attr(stream.value(), "write", write.value()) ||
        !set_attr(stream.value(), "flush", flush.value()))
      return false;
    auto* sys = static_cast<DictObject*>(runtime().sys_dict);
    if (!dict_set_str(sys, fd == 1 ? "stdout" : "stderr", stream.value()) ||
        !dict_set_str(sys, fd == 1 ? "__stdout__" : "__stderr__", stream.value()))
      return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  bool normalize = false;
  bool run = false;
  int repeat = 0;
  CompileMode mode = CompileMode::Exec;
  int optimize = 0;
  std::string path;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "--normalized") normalize = true;
    else if (a == "--run") run = true;
    else if (a == "--time" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else if (a == "-O") optimize = 1;
    else if (a == "-OO") optimize = 2;
    else if (a == "--mode" && i + 1 < argc) {
      std::string m = argv[++i];
      mode = m == "eval" ? CompileMode::Eval : m == "single" ? CompileMode::Single : CompileMode::Exec;
    } else {
      path = a;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: compile_dump [--normalized] [--mode M] [-O|-OO] FILE\n");
    return 2;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "compile_dump: cannot open %s\n", path.c_str());
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string source = buffer.str();

  Config config;
  config.argv = {path};
  // PYTHONHASHSEED=0 makes frozenset constants print in CPython's order.
  if (const char* seed = std::getenv("PYTHONHASHSEED")) config.hash_seed = std::atoi(seed);
  if (!runtime_core_start(config)) return 1;
  Ref<StrObject> filename = str_from_utf8(path);
  if (repeat > 0) {
    // Compile time (parse + compile), for comparing with python3.11's compile(): the best
    // run is the stable figure on a loaded machine.
    double total = 0, best = 1e9;
    for (int i = 0; i < repeat; i++) {
      auto start = std::chrono::steady_clock::now();
      Ref<CodeObject> code = compile_source(source, filename.value(), mode, 0, optimize);
      if (!code) return 1;
      std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      total += elapsed.count();
      best = std::min(best, elapsed.count());
    }
    std::printf("%.6f s per compile (best), %.6f s (mean)\n", best, total / repeat);
    return 0;
  }
  Ref<CodeObject> code = compile_source(source, filename.value(), mode, 0, optimize);
  if (!code) {
    Ref<> exception = fetch_error();
    std::string line = "ERROR " + repr_text(exception.value());
    if (is_instance_of(exception.value(), &exc::SyntaxError)) {
      for (const char* attr : {"filename", "lineno", "offset", "end_lineno", "end_offset", "text"}) {
        Ref<> v = get_attr(exception.value(), attr);
        line += std::string(" ") + attr + "=" + (v ? repr_text(v.value()) : "?");
        if (!v) clear_error();
      }
    }
    std::printf("%s\n", line.c_str());
    return 0;
  }
  if (run) {
    if (!install_dev_streams()) {
      print_uncaught_exception();
      return 1;
    }
    Ref<DictObject> globals = dict_new();
    Ref<StrObject> main_name = str_from_ascii("__main__");
    if (!globals || !main_name || !dict_set(globals.get(), Value(ID(__name__)), main_name) ||
        !dict_set(globals.get(), Value(ID(__builtins__)), Value(runtime().builtins_module)))
      return 1;
    Ref<> result = eval_code(code.get(), globals, globals);
    std::fflush(stdout);
    if (!result) {
      print_uncaught_exception();
      return 1;
    }
    return 0;
  }
  std::string out;
  if (normalize) normalized(code.get(), 0, out);
  else out = disassemble(code.get());
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
