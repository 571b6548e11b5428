// Passes over a unit's control-flow graph, as CPython 3.11's compile.c runs them before
// assembly: peephole optimisation (constant conditions, jump threading, constant tuples),
// dead-code elimination, line-number propagation (PEP 626: every instruction that can
// raise or return has a line), stack depth, the exception handler of every instruction,
// and LOAD_FAST_CHECK where a local may be unbound.
#include "compile/flowgraph.h"

#include <algorithm>

#include "core/error.h"
#include "core/ops.h"
#include "objects/none.h"
#include "objects/tuple.h"

namespace krait::compile {

namespace {

constexpr size_t kMaxCopySize = 4;  // exit blocks up to this size are copied, not jumped to

bool is_jump(const Instruction& i) { return is_jump_opcode(i.opcode); }
bool is_block_push_instr(const Instruction& i) { return is_block_push(i.opcode); }

BasicBlock* skip_empty(BasicBlock* b) {
  while (b->instrs.empty() && b->next) b = b->next;
  return b;
}

// Retargets `inst` to the target of the jump `target` with `opcode`, unless that would
// lose a line event (different lines) or change nothing (bpo-45773).
bool jump_thread(Instruction& inst, const Instruction& target, Opcode opcode) {
  if (inst.loc.lineno == target.loc.lineno && inst.target != target.target) {
    inst.target = target.target;
    inst.opcode = int(opcode);
    return true;
  }
  return false;
}

// Replaces LOAD_CONST x n; BUILD_TUPLE n with one LOAD_CONST of the tuple.
bool fold_tuple_on_constants(Compiler& c, Unit& u, std::vector<Instruction>& instrs, size_t at,
                             int n) {
  for (int i = 0; i < n; i++)
    if (instrs[at - n + i].opcode != int(Opcode::LOAD_CONST)) return true;
  Ref<TupleObject> tuple = tuple_allocate(n);
  if (!tuple) return false;
  for (int i = 0; i < n; i++) tuple->items[i] = new_ref(Value(u.consts[instrs[at - n + i].oparg])).release();
  int index = c.add_const(Ref<>(std::move(tuple)));
  if (index < 0) return false;
  for (int i = 0; i < n; i++) instrs[at - n + i].opcode = int(Opcode::NOP);
  instrs[at].opcode = int(Opcode::LOAD_CONST);
  instrs[at].oparg = index;
  return true;
}

// --- SWAP elimination -----------------------------------------------------------------

// Replaces a run of SWAPs (and NOPs) starting at *at by the shortest run with the same
// effect: the permutation is computed, then written back as cycles of swaps with the top.
void swaptimize(std::vector<Instruction>& instrs, size_t* at) {
  size_t start = *at;
  int depth = instrs[start].oparg;
  size_t len = 0;
  bool more = false;
  while (++len < instrs.size() - start) {
    const Instruction& i = instrs[start + len];
    if (i.opcode == int(Opcode::SWAP)) {
      depth = std::max(depth, i.oparg);
      more = true;
    } else if (i.opcode != int(Opcode::NOP)) {
      break;
    }
  }
  if (!more) return;  // a single SWAP is already optimal
  constexpr int kVisited = -1;
  std::vector<int> stack(static_cast<size_t>(depth), 0);
  for (int i = 0; i < depth; i++) stack[size_t(i)] = i;
  for (size_t i = 0; i < len; i++) {
    const Instruction& instr = instrs[start + i];
    if (instr.opcode == int(Opcode::SWAP)) std::swap(stack[0], stack[size_t(instr.oparg - 1)]);
  }
  // Write the cycles of the permutation backwards from the end of the run.
  int64_t current = int64_t(len) - 1;
  for (int i = 0; i < depth; i++) {
    if (stack[size_t(i)] == kVisited || stack[size_t(i)] == i) continue;
    int j = i;
    while (true) {
      if (j) {
        Instruction& instr = instrs[start + size_t(current--)];
        instr.opcode = int(Opcode::SWAP);
        instr.oparg = j + 1;
      }
      if (stack[size_t(j)] == kVisited) break;
      int next = stack[size_t(j)];
      stack[size_t(j)] = kVisited;
      j = next;
    }
  }
  while (current >= 0) instrs[start + size_t(current--)].opcode = int(Opcode::NOP);
  *at = start + len - 1;
}

bool is_swappable(int opcode) {
  return opcode == int(Opcode::STORE_FAST) || opcode == int(Opcode::POP_TOP);
}
int stores_to(const Instruction& i) {
  return i.opcode == int(Opcode::STORE_FAST) ? i.oparg : -1;
}

// The next STORE_FAST/POP_TOP after i (skipping NOPs), or -1; with lineno >= 0 it must
// stay on that line, so the names bound between line events do not change.
int64_t next_swappable_instruction(const std::vector<Instruction>& instrs, int64_t i, int lineno) {
  while (++i < int64_t(instrs.size())) {
    const Instruction& instr = instrs[size_t(i)];
    if (lineno >= 0 && instr.loc.lineno != lineno) return -1;
    if (instr.opcode == int(Opcode::NOP)) continue;
    if (is_swappable(instr.opcode)) return i;
    return -1;
  }
  return -1;
}

// Applies SWAPs at compile time by exchanging the stores that follow them instead of the
// values at run time (a, b = b, a becomes two stores), erasing the SWAP.
void apply_static_swaps(std::vector<Instruction>& instrs, int64_t i) {
  for (; i >= 0; i--) {
    Instruction& swap = instrs[size_t(i)];
    if (swap.opcode != int(Opcode::SWAP)) {
      if (swap.opcode == int(Opcode::NOP) || is_swappable(swap.opcode)) continue;
      return;
    }
    int64_t j = next_swappable_instruction(instrs, i, -1);
    if (j < 0) return;
    int64_t k = j;
    int lineno = instrs[size_t(j)].loc.lineno;
    for (int count = swap.oparg - 1; count > 0; count--) {
      k = next_swappable_instruction(instrs, k, lineno);
      if (k < 0) return;
    }
    // Not when the two stores (or one in between) store to the same local.
    int store_j = stores_to(instrs[size_t(j)]);
    int store_k = stores_to(instrs[size_t(k)]);
    if (store_j >= 0 || store_k >= 0) {
      if (store_j == store_k) return;
      for (int64_t idx = j + 1; idx < k; idx++) {
        int store_idx = stores_to(instrs[size_t(idx)]);
        if (store_idx >= 0 && (store_idx == store_j || store_idx == store_k)) return;
      }
    }
    swap.opcode = int(Opcode::NOP);
    std::swap(instrs[size_t(j)], instrs[size_t(k)]);
  }
}

bool optimize_basic_block(Compiler& c, Unit& u, BasicBlock* bb) {
  std::vector<Instruction>& instrs = bb->instrs;
  static const Instruction kNop{int(Opcode::NOP), 0, nullptr, nullptr, Location{}};
  for (size_t i = 0; i < instrs.size(); i++) {
    Instruction* inst = &instrs[i];
    int oparg = inst->oparg;
    int nextop = i + 1 < instrs.size() ? instrs[i + 1].opcode : -1;
    const Instruction* target = &kNop;
    if (is_jump(*inst) || is_block_push_instr(*inst)) {
      inst->target = skip_empty(inst->target);
      if (!inst->target->instrs.empty()) target = &inst->target->instrs[0];
    }
    if (is_pseudo(inst->opcode)) continue;
    switch (Opcode(inst->opcode)) {
      case Opcode::LOAD_CONST: {
        // A constant condition decides the jump at compile time.
        if (nextop == int(Opcode::POP_JUMP_IF_FALSE) || nextop == int(Opcode::POP_JUMP_IF_TRUE)) {
          int truth = is_true(u.consts[oparg]);
          if (truth < 0) return false;
          inst->opcode = int(Opcode::NOP);
          bool jump_if_true = nextop == int(Opcode::POP_JUMP_IF_TRUE);
          instrs[i + 1].opcode = int(bool(truth) == jump_if_true ? Opcode::JUMP : Opcode::NOP);
        } else if (nextop == int(Opcode::JUMP_IF_FALSE_OR_POP) ||
                   nextop == int(Opcode::JUMP_IF_TRUE_OR_POP)) {
          int truth = is_true(u.consts[oparg]);
          if (truth < 0) return false;
          bool jump_if_true = nextop == int(Opcode::JUMP_IF_TRUE_OR_POP);
          if (bool(truth) == jump_if_true) {
            instrs[i + 1].opcode = int(Opcode::JUMP);
          } else {
            inst->opcode = int(Opcode::NOP);
            instrs[i + 1].opcode = int(Opcode::NOP);
          }
        } else if (nextop == int(Opcode::IS_OP)) {
          // x is None + conditional jump -> POP_JUMP_IF_(NOT_)NONE.
          int jump_op = i + 2 < instrs.size() ? instrs[i + 2].opcode : -1;
          if (is_none(u.consts[oparg]) &&
              (jump_op == int(Opcode::POP_JUMP_IF_FALSE) || jump_op == int(Opcode::POP_JUMP_IF_TRUE))) {
            bool is_not = instrs[i + 1].oparg != 0;
            inst->opcode = int(Opcode::NOP);
            instrs[i + 1].opcode = int(Opcode::NOP);
            instrs[i + 2].opcode = int(is_not != (jump_op == int(Opcode::POP_JUMP_IF_FALSE))
                                           ? Opcode::POP_JUMP_IF_NOT_NONE
                                           : Opcode::POP_JUMP_IF_NONE);
          }
        }
        break;
      }
      case Opcode::BUILD_TUPLE:
        if (nextop == int(Opcode::UNPACK_SEQUENCE) && oparg == instrs[i + 1].oparg) {
          if (oparg == 1) {
            inst->opcode = int(Opcode::NOP);
            instrs[i + 1].opcode = int(Opcode::NOP);
            continue;
          }
          if (oparg == 2 || oparg == 3) {
            inst->opcode = int(Opcode::NOP);
            instrs[i + 1].opcode = int(Opcode::SWAP);
            continue;
          }
        }
        if (int(i) >= oparg && !fold_tuple_on_constants(c, u, instrs, i, oparg)) return false;
        break;
      // "a and b or c" and the like: a jump to a jump whose outcome is implied.
      case Opcode::JUMP_IF_FALSE_OR_POP:
        switch (Opcode(target->opcode)) {
          case Opcode::POP_JUMP_IF_FALSE:
            if (jump_thread(*inst, *target, Opcode::POP_JUMP_IF_FALSE)) i--;
            break;
          case Opcode::JUMP:
          case Opcode::JUMP_IF_FALSE_OR_POP:
            if (jump_thread(*inst, *target, Opcode::JUMP_IF_FALSE_OR_POP)) i--;
            break;
          case Opcode::JUMP_IF_TRUE_OR_POP:
          case Opcode::POP_JUMP_IF_TRUE:
            if (inst->loc.lineno == target->loc.lineno) {
              inst->opcode = int(Opcode::POP_JUMP_IF_FALSE);
              inst->target = inst->target->next;
              i--;
            }
            break;
          default:
            break;
        }
        break;
      case Opcode::JUMP_IF_TRUE_OR_POP:
        switch (Opcode(target->opcode)) {
          case Opcode::POP_JUMP_IF_TRUE:
            if (jump_thread(*inst, *target, Opcode::POP_JUMP_IF_TRUE)) i--;
            break;
          case Opcode::JUMP:
          case Opcode::JUMP_IF_TRUE_OR_POP:
            if (jump_thread(*inst, *target, Opcode::JUMP_IF_TRUE_OR_POP)) i--;
            break;
          case Opcode::JUMP_IF_FALSE_OR_POP:
          case Opcode::POP_JUMP_IF_FALSE:
            if (inst->loc.lineno == target->loc.lineno) {
              inst->opcode = int(Opcode::POP_JUMP_IF_TRUE);
              inst->target = inst->target->next;
              i--;
            }
            break;
          default:
            break;
        }
        break;
      case Opcode::POP_JUMP_IF_NOT_NONE:
      case Opcode::POP_JUMP_IF_NONE:
      case Opcode::POP_JUMP_IF_FALSE:
      case Opcode::POP_JUMP_IF_TRUE:
      case Opcode::JUMP:
        if (target->opcode == int(Opcode::JUMP) &&
            jump_thread(*inst, *target, Opcode(inst->opcode)))
          i--;
        break;
      case Opcode::SWAP:
        if (oparg == 1) {
          inst->opcode = int(Opcode::NOP);
          break;
        }
        swaptimize(instrs, &i);
        apply_static_swaps(instrs, int64_t(i));
        break;
      case Opcode::PUSH_NULL:
        // PUSH_NULL; LOAD_GLOBAL x -> LOAD_GLOBAL x with its push-NULL bit.
        if (nextop == int(Opcode::LOAD_GLOBAL) && (instrs[i + 1].oparg & 1) == 0) {
          inst->opcode = int(Opcode::NOP);
          inst->oparg = 0;
          instrs[i + 1].oparg |= 1;
        }
        break;
      default:
        break;
    }
  }
  return true;
}

// Removes NOPs that carry no line information of their own.
void clean_basic_block(BasicBlock* bb) {
  std::vector<Instruction>& instrs = bb->instrs;
  size_t dest = 0;
  int prev_lineno = -1;
  for (size_t src = 0; src < instrs.size(); src++) {
    int lineno = instrs[src].loc.lineno;
    if (instrs[src].opcode == int(Opcode::NOP)) {
      if (lineno < 0) continue;
      if (prev_lineno == lineno) continue;
      if (src + 1 < instrs.size()) {
        int next_lineno = instrs[src + 1].loc.lineno;
        if (next_lineno == lineno) continue;
        if (next_lineno < 0) {
          instrs[src + 1].loc = instrs[src].loc;
          continue;
        }
      } else {
        BasicBlock* next = bb->next;
        while (next && next->instrs.empty()) next = next->next;
        if (next && lineno == next->instrs[0].loc.lineno) continue;
      }
    }
    if (dest != src) instrs[dest] = instrs[src];
    dest++;
    prev_lineno = lineno;
  }
  instrs.resize(dest);
}

// If the block ends with an unconditional jump to a small exit block, copy the exit
// block instead of jumping.
void extend_block(BasicBlock* bb) {
  if (bb->instrs.empty()) return;
  Instruction& last = bb->instrs.back();
  if (last.opcode != int(Opcode::JUMP)) return;
  BasicBlock* to_copy = last.target;
  if (!is_exit_block(to_copy) || to_copy->instrs.size() > kMaxCopySize) return;
  // Only blocks without a line (such as an implicit `return None`) are copied.
  for (const Instruction& i : to_copy->instrs)
    if (i.loc.lineno > 0) return;
  last.opcode = int(Opcode::NOP);
  for (const Instruction& i : to_copy->instrs) bb->instrs.push_back(i);
}

void mark_reachable(Unit& u) {
  for (auto& b : u.blocks) b->predecessors = 0;
  std::vector<BasicBlock*> stack;
  u.entry->predecessors = 1;
  stack.push_back(u.entry);
  while (!stack.empty()) {
    BasicBlock* b = stack.back();
    stack.pop_back();
    if (b->next && has_fallthrough(b)) {
      if (b->next->predecessors == 0) stack.push_back(b->next);
      b->next->predecessors++;
    }
    for (Instruction& i : b->instrs) {
      if (is_jump(i) || is_block_push_instr(i)) {
        if (i.target->predecessors == 0) stack.push_back(i.target);
        i.target->predecessors++;
      }
    }
  }
}

void eliminate_empty_basic_blocks(BasicBlock* entry) {
  for (BasicBlock* b = entry; b; b = b->next) {
    BasicBlock* next = b->next;
    if (next) {
      while (next->instrs.empty() && next->next) next = next->next;
      b->next = next;
    }
  }
  for (BasicBlock* b = entry; b; b = b->next) {
    for (Instruction& i : b->instrs) {
      if (is_jump(i) || is_block_push_instr(i)) {
        BasicBlock* target = i.target;
        while (target->instrs.empty()) target = target->next;
        i.target = target;
      }
    }
  }
}

bool is_exit_without_lineno(const BasicBlock* b) {
  if (!is_exit_block(b)) return false;
  for (const Instruction& i : b->instrs)
    if (i.loc.has_line()) return false;
  return true;
}

}  // namespace

void normalize_jump_targets(Unit& u) {
  for (auto& b : u.blocks)
    for (Instruction& i : b->instrs)
      if (is_jump(i) || is_block_push_instr(i)) i.target = skip_empty(i.target);
}

void extend_blocks(Unit& u) {
  // Newest block first, as CPython walks its block list.
  for (size_t k = u.blocks.size(); k-- > 0;) extend_block(u.blocks[k].get());
}

bool optimize_cfg(Compiler& c, Unit& u) {
  for (BasicBlock* b = u.entry; b; b = b->next) {
    if (!optimize_basic_block(c, u, b)) return false;
    clean_basic_block(b);
  }
  extend_blocks(u);
  mark_reachable(u);
  // Unreachable code is deleted.
  for (BasicBlock* b = u.entry; b; b = b->next)
    if (b->predecessors == 0) b->instrs.clear();
  eliminate_empty_basic_blocks(u.entry);
  for (BasicBlock* b = u.entry; b; b = b->next) clean_basic_block(b);
  // A jump to the block that follows anyway is a NOP.
  bool maybe_empty = false;
  for (BasicBlock* b = u.entry; b; b = b->next) {
    Instruction* last = b->last();
    if (last && last->opcode == int(Opcode::JUMP) && last->target == b->next) {
      last->opcode = int(Opcode::NOP);
      maybe_empty = true;
    }
  }
  if (maybe_empty) eliminate_empty_basic_blocks(u.entry);
  return true;
}

// PEP 626: after a frame exits, f_lineno must be right. Exit blocks without a line that
// several jumps reach are duplicated so each copy can inherit its predecessor's line.
void duplicate_exits_without_lineno(Unit& u) {
  size_t count = u.blocks.size();
  for (size_t k = count; k-- > 0;) {
    BasicBlock* b = u.blocks[k].get();
    Instruction* last = b->last();
    if (!last || !is_jump(*last)) continue;
    BasicBlock* target = last->target;
    if (is_exit_without_lineno(target) && target->predecessors > 1) {
      u.blocks.push_back(std::make_unique<BasicBlock>());
      BasicBlock* copy = u.blocks.back().get();
      copy->instrs = target->instrs;
      copy->instrs[0].loc = last->loc;
      last->target = copy;
      target->predecessors--;
      copy->predecessors = 1;
      copy->next = target->next;
      target->next = copy;
    }
  }
  for (auto& b : u.blocks)
    while (b->next && b->next->instrs.empty()) b->next = b->next->next;
  // Exit blocks still without a line are only reached by falling through.
  for (auto& b : u.blocks) {
    if (has_fallthrough(b.get()) && b->next && !b->instrs.empty() &&
        is_exit_without_lineno(b->next))
      b->next->instrs[0].loc = b->instrs.back().loc;
  }
}

// An instruction without a location inherits its predecessor's (within the block, and
// across a fall-through or jump into a block that has a single predecessor).
void propagate_line_numbers(Unit& u) {
  for (BasicBlock* b = u.entry; b; b = b->next) {
    if (b->instrs.empty()) continue;
    Location prev;
    for (Instruction& i : b->instrs) {
      if (!i.loc.has_line()) i.loc = prev;
      else prev = i.loc;
    }
    if (has_fallthrough(b) && b->next && b->next->predecessors == 1 && !b->next->instrs.empty() &&
        !b->next->instrs[0].loc.has_line())
      b->next->instrs[0].loc = prev;
    Instruction& last = b->instrs.back();
    if (is_jump(last) && last.target->predecessors == 1 && !last.target->instrs.empty() &&
        !last.target->instrs[0].loc.has_line())
      last.target->instrs[0].loc = prev;
  }
}

// Any return still without a line gets the last line seen (not exact, but never none).
void guarantee_lineno_for_exits(Unit& u) {
  int lineno = u.firstlineno;
  for (BasicBlock* b = u.entry; b; b = b->next) {
    if (b->instrs.empty()) continue;
    Instruction& last = b->instrs.back();
    if (!last.loc.has_line()) {
      if (last.opcode == int(Opcode::RETURN_VALUE))
        for (Instruction& i : b->instrs) i.loc.lineno = lineno;
    } else {
      lineno = last.loc.lineno;
    }
  }
}

int compute_stack_depth(Unit& u, bool generator) {
  for (auto& b : u.blocks) b->start_depth = -1;
  std::vector<BasicBlock*> stack;
  int max_depth = 0;
  auto push = [&](BasicBlock* b, int depth) {
    if (b->start_depth < depth && b->start_depth < 100) {
      b->start_depth = depth;
      stack.push_back(b);
    }
  };
  // A generator's frame is resumed with the sent value pushed (popped by the POP_TOP
  // after RETURN_GENERATOR).
  push(u.entry, generator ? 1 : 0);
  while (!stack.empty()) {
    BasicBlock* b = stack.back();
    stack.pop_back();
    int depth = b->start_depth;
    BasicBlock* next = b->next;
    for (Instruction& i : b->instrs) {
      int new_depth = depth + stack_effect(i.opcode, i.oparg, false);
      if (new_depth > max_depth) max_depth = new_depth;
      if (new_depth < 0) return -1;
      if (is_jump(i) || is_block_push_instr(i)) {
        int target_depth = depth + stack_effect(i.opcode, i.oparg, true);
        if (target_depth > max_depth) max_depth = target_depth;
        if (target_depth < 0) return -1;
        push(i.target, target_depth);
      }
      depth = new_depth;
      if (i.opcode == int(Opcode::JUMP) || is_scope_exit(i.opcode)) {
        next = nullptr;  // the rest is dead
        break;
      }
    }
    if (next) push(next, depth);
  }
  return max_depth;
}

// --- Exception handlers ---------------------------------------------------------------

struct ExceptStack {
  std::vector<BasicBlock*> handlers;  // handlers[0] is null: no handler
};

void label_exception_targets(Unit& u) {
  for (BasicBlock* b = u.entry; b; b = b->next) b->visited = false;
  std::vector<std::unique_ptr<ExceptStack>> stacks;
  auto make_stack = [&](const ExceptStack* from) {
    stacks.push_back(std::make_unique<ExceptStack>());
    if (from) stacks.back()->handlers = from->handlers;
    else stacks.back()->handlers.push_back(nullptr);
    return stacks.back().get();
  };
  std::vector<BasicBlock*> todo;
  u.entry->except_stack = make_stack(nullptr);
  u.entry->visited = true;
  todo.push_back(u.entry);
  while (!todo.empty()) {
    BasicBlock* b = todo.back();
    todo.pop_back();
    ExceptStack* except_stack = b->except_stack;
    b->except_stack = nullptr;
    BasicBlock* handler = except_stack->handlers.back();
    for (Instruction& i : b->instrs) {
      if (is_block_push_instr(i)) {
        if (!i.target->visited) {
          i.target->except_stack = make_stack(except_stack);
          i.target->visited = true;
          todo.push_back(i.target);
        }
        // SETUP_WITH and SETUP_CLEANUP handlers get lasti pushed too.
        if (i.opcode == kSetupWith || i.opcode == kSetupCleanup) i.target->preserve_lasti = true;
        i.target->except_handler = true;
        except_stack->handlers.push_back(i.target);
        handler = i.target;
      } else if (i.opcode == kPopBlock) {
        except_stack->handlers.pop_back();
        handler = except_stack->handlers.back();
      } else if (is_jump(i)) {
        i.except = handler;
        if (!i.target->visited) {
          i.target->except_stack =
              has_fallthrough(b) ? make_stack(except_stack) : except_stack;
          i.target->visited = true;
          todo.push_back(i.target);
        }
      } else {
        i.except = handler;
      }
    }
    if (has_fallthrough(b) && b->next && !b->next->visited) {
      b->next->except_stack = except_stack;
      b->next->visited = true;
      todo.push_back(b->next);
    }
  }
}

void convert_exception_handlers_to_nops(Unit& u) {
  for (BasicBlock* b = u.entry; b; b = b->next)
    for (Instruction& i : b->instrs)
      if (is_block_push_instr(i) || i.opcode == kPopBlock) i.opcode = int(Opcode::NOP);
}

void clean_all_blocks(Unit& u) {
  for (BasicBlock* b = u.entry; b; b = b->next) clean_basic_block(b);
}

// --- Possibly unbound locals ----------------------------------------------------------

namespace {

void maybe_push(BasicBlock* b, uint64_t unsafe_mask, std::vector<BasicBlock*>& stack) {
  uint64_t both = b->unsafe_locals | unsafe_mask;
  if (b->unsafe_locals != both) {
    b->unsafe_locals = both;
    if (!b->visited) {
      stack.push_back(b);
      b->visited = true;
    }
  }
}

void scan_block_for_locals(BasicBlock* b, std::vector<BasicBlock*>& stack) {
  uint64_t unsafe = b->unsafe_locals;  // bit i: local i may be unbound here
  for (Instruction& i : b->instrs) {
    if (i.except) maybe_push(i.except, unsafe, stack);
    if (i.oparg >= 64) continue;
    uint64_t bit = uint64_t(1) << i.oparg;
    switch (Opcode(i.opcode)) {
      case Opcode::DELETE_FAST:
        unsafe |= bit;
        break;
      case Opcode::STORE_FAST:
      case Opcode::LOAD_FAST_CHECK:  // if it does not raise, the local is bound
        unsafe &= ~bit;
        break;
      case Opcode::LOAD_FAST:
        if (unsafe & bit) i.opcode = int(Opcode::LOAD_FAST_CHECK);
        unsafe &= ~bit;
        break;
      default:
        break;
    }
  }
  if (b->next && has_fallthrough(b)) maybe_push(b->next, unsafe, stack);
  Instruction* last = b->last();
  if (last && is_jump(*last)) maybe_push(last->target, unsafe, stack);
}

// Locals past the first 64 are only tracked within a block (linear time).
void fast_scan_many_locals(Unit& u, int nlocals) {
  std::vector<int64_t> states(size_t(nlocals - 64), 0);
  int64_t blocknum = 0;
  for (BasicBlock* b = u.entry; b; b = b->next) {
    blocknum++;
    for (Instruction& i : b->instrs) {
      if (i.oparg < 64) continue;
      int64_t& state = states[size_t(i.oparg - 64)];
      switch (Opcode(i.opcode)) {
        case Opcode::DELETE_FAST: state = blocknum - 1; break;
        case Opcode::STORE_FAST: state = blocknum; break;
        case Opcode::LOAD_FAST:
          if (state != blocknum) i.opcode = int(Opcode::LOAD_FAST_CHECK);
          state = blocknum;
          break;
        default: break;
      }
    }
  }
}

}  // namespace

void add_checks_for_loads_of_unknown_variables(Unit& u, int nlocals, int nparams) {
  if (nlocals == 0) return;
  if (nlocals > 64) {
    fast_scan_many_locals(u, nlocals);
    nlocals = 64;
  }
  for (BasicBlock* b = u.entry; b; b = b->next) {
    b->visited = false;
    b->unsafe_locals = 0;
  }
  std::vector<BasicBlock*> stack;
  // Non-parameter locals are unbound on entry.
  uint64_t start_mask = 0;
  for (int i = nparams; i < nlocals; i++) start_mask |= uint64_t(1) << i;
  maybe_push(u.entry, start_mask, stack);
  // DELETE_FAST anywhere is another source: scan every block at least once.
  for (BasicBlock* b = u.entry; b; b = b->next) scan_block_for_locals(b, stack);
  while (!stack.empty()) {
    BasicBlock* b = stack.back();
    stack.pop_back();
    b->visited = false;
    scan_block_for_locals(b, stack);
  }
}

}  // namespace krait::compile
