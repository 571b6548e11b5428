// Code generation for the match statement (PEP 634; CPython 3.11's compiler_match and
// compiler_pattern_*). Captured values stay on the stack until the whole pattern has
// matched, then are stored; each failure point jumps to a "fail_pop" block that pops
// exactly what is on the stack at that point.
#include <algorithm>

#include "compile/compiler_internal.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

using namespace ast;

namespace {
bool is_wildcard(const Pattern* p) {
  auto* a = p->as<MatchAs>();
  return a && is_none(a->name);
}
bool is_wildcard_star(const Pattern* p) {
  auto* s = p->as<MatchStar>();
  return s && is_none(s->name);
}
std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }
}  // namespace

// fail_pop[n] pops n items and falls into fail_pop[n - 1]; fail_pop[0] is the failure.
void Compiler::ensure_fail_pop(PatternContext& pc, int n) {
  while (int(pc.fail_pop.size()) < n + 1) pc.fail_pop.push_back(new_block());
}

void Compiler::jump_to_fail_pop(PatternContext& pc, Opcode op) {
  // Pop what is on top of the subject, plus the captures not yet stored.
  int pops = pc.on_top + int(pc.stores.size());
  ensure_fail_pop(pc, pops);
  addop_jump(op, pc.fail_pop[pops]);
}

void Compiler::emit_and_reset_fail_pop(PatternContext& pc) {
  if (pc.fail_pop.empty()) {
    return;
  }
  for (size_t i = pc.fail_pop.size() - 1; i > 0; i--) {
    use_next_block(pc.fail_pop[i]);
    addop(Opcode::POP_TOP);
  }
  use_next_block(pc.fail_pop[0]);
  pc.fail_pop.clear();
}

// Moves the top of the stack `count - 1` places down (3.10's ROT_N).
void Compiler::pattern_rotate(int count) {
  while (count > 1) addop(Opcode::SWAP, count--);
}

bool Compiler::pattern_store_name(Identifier name, bool has_name, PatternContext& pc) {
  if (!has_name) {
    addop(Opcode::POP_TOP);
    return true;
  }
  if (forbidden_name(name, ExprContext::Store)) return false;
  if (std::find(pc.stores.begin(), pc.stores.end(), name) != pc.stores.end())
    return error("multiple assignments to name " + quoted(name) + " in pattern");
  // Rotate the value under the items that must be preserved.
  pattern_rotate(pc.on_top + int(pc.stores.size()) + 1);
  pc.stores.emplace_back(name);
  return true;
}

bool Compiler::pattern_unpack_helper(const Seq<Pattern*>& elts) {
  size_t n = elts.size();
  bool seen_star = false;
  for (size_t i = 0; i < n; i++) {
    if (!elts[i]->is<MatchStar>()) continue;
    if (seen_star) return error("multiple starred expressions in sequence pattern");
    if (i >= (1u << 8) || n - i - 1 >= (INT32_MAX >> 8))
      return error("too many expressions in star-unpacking sequence pattern");
    addop(Opcode::UNPACK_EX, int(i + ((n - i - 1) << 8)));
    seen_star = true;
  }
  if (!seen_star) addop(Opcode::UNPACK_SEQUENCE, int(n));
  return true;
}

bool Compiler::pattern_sequence_unpack(const Seq<Pattern*>& patterns, PatternContext& pc) {
  if (!pattern_unpack_helper(patterns)) return false;
  int size = int(patterns.size());
  // The unpacked items are new subjects; each stays until its subpattern matched.
  pc.on_top += size;
  for (Pattern* p : patterns) {
    pc.on_top--;
    if (!compile_pattern_subpattern(p, pc)) return false;
  }
  return true;
}

// [first, *_, last]: index the subject instead of unpacking it all.
bool Compiler::pattern_sequence_subscr(const Seq<Pattern*>& patterns, int star,
                                       PatternContext& pc) {
  pc.on_top++;  // the subject stays for indexing
  int size = int(patterns.size());
  for (int i = 0; i < size; i++) {
    Pattern* p = patterns[i];
    if (is_wildcard(p) || i == star) continue;
    addop(Opcode::COPY, 1);
    if (i < star) {
      if (!addop_load_int(i)) return false;
    } else {
      // The subject may not support negative indices: compute len(subject) - k.
      addop(Opcode::GET_LEN);
      if (!addop_load_int(size - i)) return false;
      addop(Opcode::BINARY_OP, int(BinaryOperator::Subtract));
    }
    addop(Opcode::BINARY_SUBSCR);
    if (!compile_pattern_subpattern(p, pc)) return false;
  }
  pc.on_top--;
  addop(Opcode::POP_TOP);
  return true;
}

bool Compiler::compile_pattern_subpattern(Pattern* p, PatternContext& pc) {
  bool allow_irrefutable = pc.allow_irrefutable;
  pc.allow_irrefutable = true;
  if (!compile_pattern(p, pc)) return false;
  pc.allow_irrefutable = allow_irrefutable;
  return true;
}

bool Compiler::pattern_as(MatchAs* p, PatternContext& pc) {
  if (!p->pattern) {
    // An irrefutable capture or wildcard.
    if (!pc.allow_irrefutable) {
      if (!is_none(p->name))
        return error("name capture " + quoted(p->name) + " makes remaining patterns unreachable");
      return error("wildcard makes remaining patterns unreachable");
    }
    return pattern_store_name(p->name, !is_none(p->name), pc);
  }
  // Keep a copy of the subject to store on success.
  pc.on_top++;
  addop(Opcode::COPY, 1);
  if (!compile_pattern(p->pattern, pc)) return false;
  pc.on_top--;
  return pattern_store_name(p->name, !is_none(p->name), pc);
}

bool Compiler::pattern_star(MatchStar* p, PatternContext& pc) {
  return pattern_store_name(p->name, !is_none(p->name), pc);
}

bool Compiler::pattern_class(MatchClass* p, PatternContext& pc) {
  size_t nargs = p->patterns.size();
  size_t nattrs = p->kwd_attrs.size();
  if (nattrs != p->kwd_patterns.size())
    return error("kwd_attrs (" + std::to_string(nattrs) + ") / kwd_patterns (" +
                 std::to_string(p->kwd_patterns.size()) + ") length mismatch in class pattern");
  if (nattrs) {
    // Errors point at the pattern: the parser supplies only the attribute names.
    for (size_t i = 0; i < nattrs; i++) {
      Identifier attr = p->kwd_attrs[i];
      set_loc(p->kwd_patterns[i]);
      if (forbidden_name(attr, ExprContext::Store)) return false;
      for (size_t j = i + 1; j < nattrs; j++) {
        if (p->kwd_attrs[j] == attr) {
          set_loc(p->kwd_patterns[j]);
          return error("attribute name repeated in class pattern: " + std::string(attr));
        }
      }
    }
    set_loc(p);
  }
  if (!visit_expr(p->cls)) return false;
  Ref<TupleObject> names = tuple_allocate(int64_t(nattrs));
  if (!names) return raised();
  for (size_t i = 0; i < nattrs; i++) {
    StrObject* name = str_intern_utf8(p->kwd_attrs[i]);
    if (!name) return raised();
    names->items[i] = new_ref(Value(name)).release();
  }
  if (!addop_load_const(Ref<>(std::move(names)))) return false;
  addop(Opcode::MATCH_CLASS, int(nargs));
  addop(Opcode::COPY, 1);
  if (!addop_load_none()) return false;
  addop(Opcode::IS_OP, 1);
  // On top: a tuple of the nargs + nattrs attributes (or None).
  pc.on_top++;
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  addop(Opcode::UNPACK_SEQUENCE, int(nargs + nattrs));
  pc.on_top += int(nargs + nattrs) - 1;
  for (size_t i = 0; i < nargs + nattrs; i++) {
    pc.on_top--;
    Pattern* sub = i < nargs ? p->patterns[i] : p->kwd_patterns[i - nargs];
    if (is_wildcard(sub)) {
      addop(Opcode::POP_TOP);
      continue;
    }
    if (!compile_pattern_subpattern(sub, pc)) return false;
  }
  return true;
}

bool Compiler::pattern_mapping(MatchMapping* p, PatternContext& pc) {
  size_t size = p->keys.size();
  if (size != p->patterns.size())
    return error("keys (" + std::to_string(size) + ") / patterns (" +
                 std::to_string(p->patterns.size()) + ") length mismatch in mapping pattern");
  bool has_rest = !is_none(p->rest);
  // The subject stays on top during the mapping and length checks.
  pc.on_top++;
  addop(Opcode::MATCH_MAPPING);
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  if (!size && !has_rest) {
    // Just {}: done.
    pc.on_top--;
    addop(Opcode::POP_TOP);
    return true;
  }
  if (size) {
    addop(Opcode::GET_LEN);
    if (!addop_load_int(int64_t(size))) return false;
    addop(Opcode::COMPARE_OP, int(CompareOp::Ge));
    jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  }
  // The keys, checked for duplicate literals.
  Ref<SetObject> seen = set_new();
  if (!seen) return raised();
  for (size_t i = 0; i < size; i++) {
    Expr* key = p->keys[i];
    if (!key) {
      set_loc(p->patterns[i]);
      return error("can't use NULL keys in MatchMapping (set 'rest' parameter instead)");
    }
    if (Value v = const_value(key)) {
      int in_seen = set_contains(seen.get(), v);
      if (in_seen < 0) return raised();
      if (in_seen) {
        Ref<StrObject> r = repr(v);
        if (!r) return raised();
        return error("mapping pattern checks duplicate key (" + std::string(str_utf8(r.get())) +
                     ")");
      }
      if (!set_add(seen.get(), v)) return raised();
    } else if (!key->is<Attribute>()) {
      return error("mapping pattern keys may only match literals and attribute lookups");
    }
    if (!visit_expr(key)) return false;
  }
  addop(Opcode::BUILD_TUPLE, int(size));
  addop(Opcode::MATCH_KEYS);
  // On top of the subject: the keys tuple and the values tuple (or None).
  pc.on_top += 2;
  addop(Opcode::COPY, 1);
  if (!addop_load_none()) return false;
  addop(Opcode::IS_OP, 1);
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  addop(Opcode::UNPACK_SEQUENCE, int(size));
  pc.on_top += int(size) - 1;
  for (size_t i = 0; i < size; i++) {
    pc.on_top--;
    if (!compile_pattern_subpattern(p->patterns[i], pc)) return false;
  }
  // Matched: what follows consumes the keys tuple and the subject.
  pc.on_top -= 2;
  if (has_rest) {
    // rest = dict(subject); del rest[key] for each key
    addop(Opcode::BUILD_MAP, 0);     // [subject, keys, empty]
    addop(Opcode::SWAP, 3);          // [empty, keys, subject]
    addop(Opcode::DICT_UPDATE, 2);   // [copy, keys]
    addop(Opcode::UNPACK_SEQUENCE, int(size));  // [copy, keys...]
    for (int remaining = int(size); remaining > 0;) {
      addop(Opcode::COPY, 1 + remaining--);  // [copy, keys..., copy]
      addop(Opcode::SWAP, 2);                // [copy, keys..., copy, key]
      addop(Opcode::DELETE_SUBSCR);          // [copy, keys...]
    }
    return pattern_store_name(p->rest, true, pc);
  }
  addop(Opcode::POP_TOP);  // keys
  addop(Opcode::POP_TOP);  // subject
  return true;
}

bool Compiler::pattern_or(MatchOr* p, PatternContext& pc) {
  BasicBlock* end = new_block();
  size_t size = p->patterns.size();
  PatternContext old_pc = pc;
  // The names bound by the first alternative; the others must bind the same ones, and
  // their values are reordered on the stack to match.
  std::vector<std::string> control;
  for (size_t i = 0; i < size; i++) {
    Pattern* alt = p->patterns[i];
    set_loc(alt);
    pc.stores.clear();
    pc.allow_irrefutable = i == size - 1 && old_pc.allow_irrefutable;
    pc.fail_pop.clear();
    pc.on_top = 0;
    addop(Opcode::COPY, 1);
    if (!compile_pattern(alt, pc)) return false;
    size_t nstores = pc.stores.size();
    if (i == 0) {
      control = pc.stores;
    } else if (nstores != control.size()) {
      return error("alternative patterns bind different names");
    } else if (nstores) {
      for (size_t icontrol = nstores; icontrol-- > 0;) {
        const std::string& name = control[icontrol];
        auto found = std::find(pc.stores.begin(), pc.stores.end(), name);
        if (found == pc.stores.end()) return error("alternative patterns bind different names");
        size_t istores = size_t(found - pc.stores.begin());
        if (icontrol != istores) {
          // Move stores[istores] to position icontrol, on the stack and in pc.stores.
          size_t rotations = istores + 1;
          std::vector<std::string> rotated(pc.stores.begin(), pc.stores.begin() + long(rotations));
          pc.stores.erase(pc.stores.begin(), pc.stores.begin() + long(rotations));
          pc.stores.insert(pc.stores.begin() + long(icontrol - istores), rotated.begin(),
                           rotated.end());
          while (rotations--) pattern_rotate(int(icontrol) + 1);
        }
      }
    }
    addop_jump(Opcode::JUMP, end);
    emit_and_reset_fail_pop(pc);
  }
  pc = old_pc;
  // No alternative matched: pop the copy of the subject and fail.
  addop(Opcode::POP_TOP);
  jump_to_fail_pop(pc, Opcode::JUMP);
  use_next_block(end);
  // Rotate each capture to its place under the items on top and earlier captures.
  int nrots = int(control.size()) + 1 + pc.on_top + int(pc.stores.size());
  for (const std::string& name : control) {
    pattern_rotate(nrots);
    if (std::find(pc.stores.begin(), pc.stores.end(), name) != pc.stores.end())
      return error("multiple assignments to name " + quoted(name) + " in pattern");
    pc.stores.push_back(name);
  }
  addop(Opcode::POP_TOP);  // the copy of the subject
  return true;
}

bool Compiler::pattern_sequence(MatchSequence* p, PatternContext& pc) {
  const Seq<Pattern*>& patterns = p->patterns;
  int size = int(patterns.size());
  int star = -1;
  bool only_wildcard = true;
  bool star_wildcard = false;
  for (int i = 0; i < size; i++) {
    Pattern* sub = patterns[i];
    if (sub->is<MatchStar>()) {
      if (star >= 0) return error("multiple starred names in sequence pattern");
      star_wildcard = is_wildcard_star(sub);
      only_wildcard &= star_wildcard;
      star = i;
      continue;
    }
    only_wildcard &= is_wildcard(sub);
  }
  // The subject stays on top during the sequence and length checks.
  pc.on_top++;
  addop(Opcode::MATCH_SEQUENCE);
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  if (star < 0) {
    addop(Opcode::GET_LEN);
    if (!addop_load_int(size)) return false;
    addop(Opcode::COMPARE_OP, int(CompareOp::Eq));
    jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  } else if (size > 1) {
    // len(subject) >= size - 1
    addop(Opcode::GET_LEN);
    if (!addop_load_int(size - 1)) return false;
    addop(Opcode::COMPARE_OP, int(CompareOp::Ge));
    jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  }
  pc.on_top--;
  if (only_wildcard) {
    addop(Opcode::POP_TOP);  // [] / [_] / [*_] / [_, *_] ...
    return true;
  }
  if (star_wildcard) return pattern_sequence_subscr(patterns, star, pc);
  return pattern_sequence_unpack(patterns, pc);
}

bool Compiler::pattern_value(MatchValue* p, PatternContext& pc) {
  Expr* value = p->value;
  if (!value->is<Constant>() && !value->is<Attribute>())
    return error("patterns may only match literals and attribute lookups");
  if (!visit_expr(value)) return false;
  addop(Opcode::COMPARE_OP, int(CompareOp::Eq));
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  return true;
}

bool Compiler::pattern_singleton(MatchSingleton* p, PatternContext& pc) {
  Value v = p->value.kind == ConstantKind::True    ? True()
            : p->value.kind == ConstantKind::False ? False()
                                                   : None();
  if (!addop_load_const(v)) return false;
  addop(Opcode::IS_OP, 0);
  jump_to_fail_pop(pc, Opcode::POP_JUMP_IF_FALSE);
  return true;
}

bool Compiler::compile_pattern(Pattern* p, PatternContext& pc) {
  set_loc(p);
  switch (p->node_kind) {
    case NodeKind::MatchValue: return pattern_value(static_cast<MatchValue*>(p), pc);
    case NodeKind::MatchSingleton: return pattern_singleton(static_cast<MatchSingleton*>(p), pc);
    case NodeKind::MatchSequence: return pattern_sequence(static_cast<MatchSequence*>(p), pc);
    case NodeKind::MatchMapping: return pattern_mapping(static_cast<MatchMapping*>(p), pc);
    case NodeKind::MatchClass: return pattern_class(static_cast<MatchClass*>(p), pc);
    case NodeKind::MatchStar: return pattern_star(static_cast<MatchStar*>(p), pc);
    case NodeKind::MatchAs: return pattern_as(static_cast<MatchAs*>(p), pc);
    case NodeKind::MatchOr: return pattern_or(static_cast<MatchOr*>(p), pc);
    default: return error("invalid match pattern node in AST");
  }
}

bool Compiler::compile_match(Match* s) {
  if (!visit_expr(s->subject)) return false;
  BasicBlock* end = new_block();
  size_t cases = s->cases.size();
  MatchCase* last = s->cases[cases - 1];
  // A trailing `case _:` needs no copy of the subject and no test.
  bool has_default = is_wildcard(last->pattern) && cases > 1;
  PatternContext pc;
  for (size_t i = 0; i < cases - has_default; i++) {
    MatchCase* m = s->cases[i];
    set_loc(m->pattern);
    bool last_tested = i == cases - has_default - 1;
    if (!last_tested) addop(Opcode::COPY, 1);
    pc.stores.clear();
    // Irrefutable cases must be guarded, last, or both.
    pc.allow_irrefutable = m->guard != nullptr || i == cases - 1;
    pc.fail_pop.clear();
    pc.on_top = 0;
    if (!compile_pattern(m->pattern, pc)) return false;
    // Matched: store the captures (they are on the stack).
    for (const std::string& name : pc.stores)
      if (!nameop(name, ExprContext::Store)) return false;
    if (m->guard) {
      ensure_fail_pop(pc, 0);
      if (!jump_if(m->guard, pc.fail_pop[0], false)) return false;
    }
    if (!last_tested) addop(Opcode::POP_TOP);  // the subject
    if (!visit_stmts(m->body)) return false;
    addop_jump(Opcode::JUMP, end);
    // A failed pattern's cleanup has the pattern's line, not the body's last line.
    set_loc(m->pattern);
    emit_and_reset_fail_pop(pc);
  }
  if (has_default) {
    set_loc(last->pattern);
    if (cases == 1) {
      addop(Opcode::POP_TOP);
    } else {
      addop(Opcode::NOP);  // line coverage for the default case
    }
    if (last->guard && !jump_if(last->guard, end, false)) return false;
    if (!visit_stmts(last->body)) return false;
  }
  use_next_block(end);
  return true;
}

}  // namespace krait::compile
