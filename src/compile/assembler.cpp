// Turning a unit's control-flow graph into a code object (CPython 3.11's assemble()):
// the prefix instructions (COPY_FREE_VARS, MAKE_CELL, RETURN_GENERATOR), cell and free
// variable numbering in the localsplus layout, the CFG passes of flowgraph.cpp, block
// layout with jump targets as absolute code-unit indices (inline cache units reserved,
// EXTENDED_ARG where an oparg needs more than 24 bits), per-unit source positions and
// the exception table.
#include <algorithm>

#include "compile/flowgraph.h"
#include "core/error.h"
#include "objects/code.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

namespace {

bool is_deref_opcode(int op) {
  if (is_pseudo(op)) return false;
  switch (Opcode(op)) {
    case Opcode::MAKE_CELL:
    case Opcode::LOAD_CLOSURE:
    case Opcode::LOAD_DEREF:
    case Opcode::STORE_DEREF:
    case Opcode::DELETE_DEREF:
    case Opcode::LOAD_CLASSDEREF:
      return true;
    default:
      return false;
  }
}

// Where each cell/free variable lives in localsplus: a cell that is also an argument
// shares the argument's slot, the others follow the locals.
std::vector<int> build_cell_offsets(const Unit& u) {
  int nlocals = int(u.varnames.size());
  int ncells = int(u.cellvars.size());
  int noffsets = ncells + int(u.freevars.size());
  std::vector<int> fixed(static_cast<size_t>(noffsets), 0);
  for (int i = 0; i < noffsets; i++) fixed[i] = nlocals + i;
  for (int i = 0; i < ncells; i++) {
    int var = u.varnames.index_of(u.cellvars[i]);
    if (var >= 0) fixed[i] = var;
  }
  return fixed;
}

void insert_prefix_instructions(Unit& u, const std::vector<int>& fixed, int code_flags) {
  std::vector<Instruction>& entry = u.entry->instrs;
  Location none;
  if (code_flags & (kCodeGenerator | kCodeCoroutine | kCodeAsyncGenerator)) {
    Location first{u.firstlineno, u.firstlineno, -1, -1};
    entry.insert(entry.begin(), Instruction{int(Opcode::POP_TOP), 0, nullptr, nullptr, none});
    entry.insert(entry.begin(),
                 Instruction{int(Opcode::RETURN_GENERATOR), 0, nullptr, nullptr, first});
  }
  // MAKE_CELL for each cell, in localsplus order.
  int ncells = int(u.cellvars.size());
  if (ncells) {
    std::vector<int> order(static_cast<size_t>(ncells), 0);
    for (int i = 0; i < ncells; i++) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return fixed[a] < fixed[b]; });
    std::vector<Instruction> cells;
    for (int i : order)
      cells.push_back(Instruction{int(Opcode::MAKE_CELL), i, nullptr, nullptr, none});
    entry.insert(entry.begin(), cells.begin(), cells.end());
  }
  if (u.freevars.size() > 0) {
    entry.insert(entry.begin(), Instruction{int(Opcode::COPY_FREE_VARS),
                                            int(u.freevars.size()), nullptr, nullptr, none});
  }
}

void fix_cell_offsets(Unit& u, std::vector<int>& fixed) {
  int nlocals = int(u.varnames.size());
  int dropped = 0;
  for (size_t i = 0; i < fixed.size(); i++) {
    if (fixed[i] == int(i) + nlocals) fixed[i] -= dropped;
    else dropped++;  // an argument cell
  }
  for (auto& b : u.blocks)
    for (Instruction& i : b->instrs)
      if (is_deref_opcode(i.opcode)) i.oparg = fixed[size_t(i.oparg)];
}

// Constants past the last one used are dropped (the first, a docstring slot, is kept).
void trim_unused_consts(Unit& u) {
  int max_index = 0;
  for (BasicBlock* b = u.entry; b; b = b->next)
    for (const Instruction& i : b->instrs)
      if (i.opcode == int(Opcode::LOAD_CONST) || i.opcode == int(Opcode::KW_NAMES))
        max_index = std::max(max_index, i.oparg);
  if (size_t(max_index) + 1 < u.consts.size()) u.consts.resize(size_t(max_index) + 1);
}

// The position co_positions() reports for an instruction, as CPython's location table
// encodes it: a location without columns on one line has end_line == line (so is every
// location without debug ranges).
SourcePosition source_position(const Location& loc, bool debug_ranges) {
  if (!loc.has_line()) return {-1, -1, -1, -1};
  if (!debug_ranges) return {loc.lineno, loc.lineno, -1, -1};
  if ((loc.col_offset < 0 || loc.end_col_offset < 0) &&
      (loc.end_lineno == loc.lineno || loc.end_lineno == -1))
    return {loc.lineno, loc.lineno, -1, -1};
  return {loc.lineno, loc.end_lineno, loc.col_offset, loc.end_col_offset};
}

int instruction_size(const Instruction& i) {
  int size = 1 + opcode_cache_units(Opcode(i.opcode));
  if (uint32_t(i.oparg) > kMaxOparg) size++;  // one EXTENDED_ARG
  return size;
}

Ref<TupleObject> names_tuple(const std::vector<const std::string*>& names) {
  Ref<TupleObject> t = tuple_allocate(int64_t(names.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < names.size(); i++) {
    StrObject* s = str_intern_utf8(*names[i]);
    if (!s) return nullptr;
    t->items[i] = new_ref(Value(s)).release();
  }
  return t;
}

Ref<TupleObject> names_tuple(const NameTable& table) {
  std::vector<const std::string*> names;
  for (size_t i = 0; i < table.size(); i++) names.push_back(&table[i]);
  return names_tuple(names);
}

}  // namespace

Ref<CodeObject> assemble(Compiler& c, Unit& u, int code_flags) {
  normalize_jump_targets(u);
  extend_blocks(u);
  std::vector<int> fixed = build_cell_offsets(u);
  insert_prefix_instructions(u, fixed, code_flags);
  fix_cell_offsets(u, fixed);
  if (!optimize_cfg(c, u)) return nullptr;
  duplicate_exits_without_lineno(u);
  trim_unused_consts(u);
  propagate_line_numbers(u);
  guarantee_lineno_for_exits(u);
  bool generator = code_flags & (kCodeGenerator | kCodeCoroutine | kCodeAsyncGenerator);
  int max_depth = compute_stack_depth(u, generator);
  if (max_depth < 0) {
    c.system_error("stack underflow while compiling " + u.name);
    return nullptr;
  }
  label_exception_targets(u);
  convert_exception_handlers_to_nops(u);
  clean_all_blocks(u);
  int nlocals = int(u.varnames.size());
  int nparams = int(u.ste->varnames.size());
  add_checks_for_loads_of_unknown_variables(u, nlocals, nparams);

  // Jump targets are absolute unit indices; an EXTENDED_ARG changes the sizes, so
  // iterate until the layout is stable.
  while (true) {
    int offset = 0;
    for (BasicBlock* b = u.entry; b; b = b->next) {
      b->offset = offset;
      for (const Instruction& i : b->instrs) offset += instruction_size(i);
    }
    bool changed = false;
    for (BasicBlock* b = u.entry; b; b = b->next) {
      for (Instruction& i : b->instrs) {
        if (!is_jump_opcode(i.opcode)) continue;
        int before = instruction_size(i);
        i.oparg = i.target->offset;
        if (instruction_size(i) != before) changed = true;
      }
    }
    if (!changed) break;
  }

  std::vector<CodeUnit> code;
  std::vector<SourcePosition> positions;
  bool debug_ranges = compile_debug_ranges();
  std::vector<ExceptionTableEntry> exception_table;
  BasicBlock* handler = nullptr;
  uint32_t handler_start = 0;
  auto close_entry = [&](uint32_t end) {
    if (!handler) return;
    int depth = handler->start_depth - 1 - (handler->preserve_lasti ? 1 : 0);
    exception_table.push_back(ExceptionTableEntry{handler_start, end, uint32_t(handler->offset),
                                                  uint16_t(depth), handler->preserve_lasti});
  };
  for (BasicBlock* b = u.entry; b; b = b->next) {
    for (const Instruction& i : b->instrs) {
      uint32_t at = uint32_t(code.size());
      if (i.except != handler) {
        close_entry(at);
        handler = i.except;
        handler_start = at;
      }
      SourcePosition pos = source_position(i.loc, debug_ranges);
      uint32_t oparg = uint32_t(i.oparg);
      if (oparg > kMaxOparg) {
        code.push_back(make_unit(Opcode::EXTENDED_ARG, oparg >> kOpargBits));
        positions.push_back(pos);
        oparg &= kMaxOparg;
      }
      code.push_back(make_unit(Opcode(i.opcode), oparg));
      positions.push_back(pos);
      for (int k = opcode_cache_units(Opcode(i.opcode)); k > 0; k--) {
        code.push_back(0);
        positions.push_back(pos);
      }
    }
  }
  close_entry(uint32_t(code.size()));
  fuse_superinstructions(code.data(), int64_t(code.size()));

  // localsplus: locals (arguments first), cells that are not arguments, free variables.
  std::vector<const std::string*> plus_names;
  std::vector<uint8_t> kinds;
  for (size_t i = 0; i < u.varnames.size(); i++) {
    plus_names.push_back(&u.varnames[i]);
    uint8_t kind = kLocalPlain;
    if (u.cellvars.index_of(u.varnames[i]) >= 0) kind |= kLocalCell;
    if (int(i) < nparams) kind |= kLocalArg;
    kinds.push_back(kind);
  }
  for (size_t i = 0; i < u.cellvars.size(); i++) {
    if (u.varnames.index_of(u.cellvars[i]) >= 0) continue;
    plus_names.push_back(&u.cellvars[i]);
    kinds.push_back(kLocalCell);
  }
  for (size_t i = 0; i < u.freevars.size(); i++) {
    plus_names.push_back(&u.freevars[i]);
    kinds.push_back(kLocalFree);
  }

  Ref<TupleObject> consts = tuple_allocate(int64_t(u.consts.size()));
  if (!consts) return nullptr;
  for (size_t i = 0; i < u.consts.size(); i++) consts->items[i] = new_ref(Value(u.consts[i])).release();
  if (!intern_string_constants(consts.get(), nullptr)) return nullptr;
  Ref<TupleObject> names = names_tuple(u.names);
  Ref<TupleObject> localsplusnames = names_tuple(plus_names);
  Ref<StrObject> name = str_from_utf8(u.name);
  Ref<StrObject> qualname = str_from_utf8(u.qualname.empty() ? u.name : u.qualname);
  if (!names || !localsplusnames || !name || !qualname) return nullptr;
  // Equal tuples of the compilation are shared between code objects, as in CPython.
  for (Ref<TupleObject>* tuple : {&consts, &names, &localsplusnames}) {
    Ref<> merged = c.merge_constant(std::move(*tuple), nullptr);
    if (!merged) return nullptr;
    *tuple = std::move(merged).cast<TupleObject>();
  }

  CodeSpec spec;
  spec.argcount = u.posonlyargcount + u.argcount;
  spec.posonlyargcount = u.posonlyargcount;
  spec.kwonlyargcount = u.kwonlyargcount;
  spec.flags = code_flags;
  spec.stacksize = max_depth;
  spec.firstlineno = u.firstlineno;
  spec.code = code.data();
  spec.ncodeunits = int64_t(code.size());
  spec.positions = positions.data();
  spec.exception_table = exception_table.data();
  spec.nexception_entries = int32_t(exception_table.size());
  spec.consts = consts;
  spec.names = names;
  spec.localsplusnames = localsplusnames;
  spec.localspluskinds = kinds.data();
  spec.filename = c.filename_;
  spec.name = name;
  spec.qualname = qualname;
  return code_new(spec);
}

}  // namespace krait::compile
