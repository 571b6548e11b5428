// The passes over a unit's control-flow graph that run between code generation and
// assembly (flowgraph.cpp), in the order assembler.cpp calls them.
#pragma once

#include "compile/compiler_internal.h"

namespace krait::compile {

// Jumps to empty blocks go to the first non-empty block after them.
void normalize_jump_targets(Unit& u);
// A block ending in a jump to a small exit block gets a copy of that block instead.
void extend_blocks(Unit& u);
// Peephole optimisation and dead-code elimination. False with a Python exception set.
bool optimize_cfg(Compiler& c, Unit& u);
void duplicate_exits_without_lineno(Unit& u);
void propagate_line_numbers(Unit& u);
void guarantee_lineno_for_exits(Unit& u);
// The maximum stack depth; sets each block's start_depth. -1 if the stack underflows.
int compute_stack_depth(Unit& u, bool generator);
// Sets each instruction's handler from the SETUP_*/POP_BLOCK pseudo-instructions.
void label_exception_targets(Unit& u);
void convert_exception_handlers_to_nops(Unit& u);
void clean_all_blocks(Unit& u);
// LOAD_FAST -> LOAD_FAST_CHECK where the local may be unbound.
void add_checks_for_loads_of_unknown_variables(Unit& u, int nlocals, int nparams);

}  // namespace krait::compile
