// Code generation for expressions (CPython 3.11's compiler_visit_expr1 and helpers):
// operators, comparisons and chained comparisons, conditional jumps, calls (including the
// LOAD_METHOD form and CALL_FUNCTION_EX for *args/**kwargs), displays with unpacking,
// subscripts, f-strings, attribute access, yield/await, and the SyntaxWarnings CPython
// gives for calling or subscripting a literal.
#include "compile/compiler_internal.h"
#include "core/error.h"
#include "objects/bytes.h"
#include "objects/complex.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

using namespace ast;

namespace {
// Beyond this many items, displays and calls are built incrementally so the value stack
// stays small (CPython's STACK_USE_GUIDELINE).
constexpr size_t kStackUseGuideline = 30;

BinaryOperator binary_operator(Operator op) {
  switch (op) {
    case Operator::Add: return BinaryOperator::Add;
    case Operator::Sub: return BinaryOperator::Subtract;
    case Operator::Mult: return BinaryOperator::Multiply;
    case Operator::MatMult: return BinaryOperator::MatrixMultiply;
    case Operator::Div: return BinaryOperator::TrueDivide;
    case Operator::Mod: return BinaryOperator::Remainder;
    case Operator::Pow: return BinaryOperator::Power;
    case Operator::LShift: return BinaryOperator::LShift;
    case Operator::RShift: return BinaryOperator::RShift;
    case Operator::BitOr: return BinaryOperator::Or;
    case Operator::BitXor: return BinaryOperator::Xor;
    case Operator::BitAnd: return BinaryOperator::And;
    case Operator::FloorDiv: return BinaryOperator::FloorDivide;
  }
  return BinaryOperator::Add;
}

Opcode unary_opcode(UnaryOperator op) {
  switch (op) {
    case UnaryOperator::Invert: return Opcode::UNARY_INVERT;
    case UnaryOperator::Not: return Opcode::UNARY_NOT;
    case UnaryOperator::UAdd: return Opcode::UNARY_POSITIVE;
    case UnaryOperator::USub: return Opcode::UNARY_NEGATIVE;
  }
  return Opcode::NOP;
}

int64_t utf8_code_points(std::string_view s) {
  int64_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) n++;
  return n;
}
}  // namespace

Value Compiler::const_value(const Expr* e) {
  auto* c = e ? e->as<Constant>() : nullptr;
  return c ? folder_->value_of(c) : Value();
}

bool Compiler::visit_exprs(const Seq<Expr*>& exprs) {
  for (Expr* e : exprs)
    if (!visit_expr(e)) return false;
  return true;
}

// Each expression's instructions get its own span; the enclosing span is restored after.
bool Compiler::visit_expr(Expr* e) {
  if (compile_stack_exhausted()) return recursion_error();
  Location saved = u_->loc;
  set_loc(e);
  bool ok = visit_expr_inner(e);
  u_->loc = saved;
  return ok;
}

void Compiler::add_yield() {
  if (u_->ste->generator && u_->ste->coroutine) addop(Opcode::ASYNC_GEN_WRAP);
  addop(Opcode::YIELD_VALUE, 0);
  addop(Opcode::RESUME, 1);
}

// The SEND loop of `yield from` and `await`: [.., receiver, value] until the receiver
// returns, leaving its return value.
void Compiler::add_yield_from(bool await) {
  BasicBlock* start = new_block();
  BasicBlock* resume = new_block();
  BasicBlock* exit = new_block();
  use_next_block(start);
  addop_jump(Opcode::SEND, exit);
  use_next_block(resume);
  addop(Opcode::YIELD_VALUE, 1);
  addop(Opcode::RESUME, await ? 3 : 2);
  addop_jump(Opcode::JUMP, start);
  use_next_block(exit);
}

bool Compiler::visit_expr_inner(Expr* e) {
  switch (e->node_kind) {
    case NodeKind::NamedExpr: {
      auto* n = static_cast<NamedExpr*>(e);
      if (!visit_expr(n->value)) return false;
      addop(Opcode::COPY, 1);
      return visit_expr(n->target);
    }
    case NodeKind::BoolOp:
      return compile_boolop(static_cast<BoolOp*>(e));
    case NodeKind::BinOp: {
      auto* b = static_cast<BinOp*>(e);
      if (!visit_expr(b->left) || !visit_expr(b->right)) return false;
      addop(Opcode::BINARY_OP, int(binary_operator(b->op)));
      return true;
    }
    case NodeKind::UnaryOp: {
      auto* u = static_cast<UnaryOp*>(e);
      if (!visit_expr(u->operand)) return false;
      addop(unary_opcode(u->op));
      return true;
    }
    case NodeKind::Lambda:
      return compile_lambda(static_cast<Lambda*>(e));
    case NodeKind::IfExp:
      return compile_ifexp(static_cast<IfExp*>(e));
    case NodeKind::Dict:
      return compile_dict(static_cast<Dict*>(e));
    case NodeKind::Set:
      return starunpack_helper(static_cast<ast::Set*>(e)->elts, 0, Opcode::BUILD_SET,
                               Opcode::SET_ADD, Opcode::SET_UPDATE, false);
    case NodeKind::GeneratorExp: {
      auto* g = static_cast<GeneratorExp*>(e);
      return compile_comprehension(e, e->node_kind, "<genexpr>", g->generators, g->elt, nullptr);
    }
    case NodeKind::ListComp: {
      auto* c = static_cast<ListComp*>(e);
      return compile_comprehension(e, e->node_kind, "<listcomp>", c->generators, c->elt, nullptr);
    }
    case NodeKind::SetComp: {
      auto* c = static_cast<SetComp*>(e);
      return compile_comprehension(e, e->node_kind, "<setcomp>", c->generators, c->elt, nullptr);
    }
    case NodeKind::DictComp: {
      auto* c = static_cast<DictComp*>(e);
      return compile_comprehension(e, e->node_kind, "<dictcomp>", c->generators, c->key,
                                   c->value);
    }
    case NodeKind::Yield: {
      if (u_->ste->type != BlockType::Function) return error("'yield' outside function");
      auto* y = static_cast<Yield*>(e);
      if (y->value) {
        if (!visit_expr(y->value)) return false;
      } else if (!addop_load_none()) {
        return false;
      }
      add_yield();
      return true;
    }
    case NodeKind::YieldFrom: {
      if (u_->ste->type != BlockType::Function) return error("'yield' outside function");
      if (u_->scope_type == ScopeType::AsyncFunction)
        return error("'yield from' inside async function");
      if (!visit_expr(static_cast<YieldFrom*>(e)->value)) return false;
      addop(Opcode::GET_YIELD_FROM_ITER);
      if (!addop_load_none()) return false;
      add_yield_from(false);
      return true;
    }
    case NodeKind::Await: {
      if (!top_level_await()) {
        if (u_->ste->type != BlockType::Function) return error("'await' outside function");
        if (u_->scope_type != ScopeType::AsyncFunction &&
            u_->scope_type != ScopeType::Comprehension)
          return error("'await' outside async function");
      }
      if (!visit_expr(static_cast<Await*>(e)->value)) return false;
      addop(Opcode::GET_AWAITABLE, 0);
      if (!addop_load_none()) return false;
      add_yield_from(true);
      return true;
    }
    case NodeKind::Compare:
      return compile_compare(static_cast<Compare*>(e));
    case NodeKind::Call:
      return compile_call(static_cast<Call*>(e));
    case NodeKind::Constant: {
      Value v = const_value(e);
      if (!v) return raised();
      return addop_load_const(v);
    }
    case NodeKind::JoinedStr:
      return compile_joined_str(static_cast<JoinedStr*>(e));
    case NodeKind::FormattedValue:
      return compile_formatted_value(static_cast<FormattedValue*>(e));
    case NodeKind::Attribute:
      return compile_attribute(static_cast<Attribute*>(e));
    case NodeKind::Subscript:
      return compile_subscript(static_cast<Subscript*>(e));
    case NodeKind::Starred:
      // Legitimate starred expressions were consumed by the enclosing display or call.
      if (static_cast<Starred*>(e)->ctx == ExprContext::Store)
        return error("starred assignment target must be in a list or tuple");
      return error("can't use starred expression here");
    case NodeKind::Slice:
      return compile_slice(static_cast<Slice*>(e));
    case NodeKind::Name: {
      auto* n = static_cast<Name*>(e);
      return nameop(n->id, n->ctx);
    }
    case NodeKind::List: {
      auto* l = static_cast<List*>(e);
      if (l->ctx == ExprContext::Store) return assignment_helper(l->elts);
      if (l->ctx == ExprContext::Load)
        return starunpack_helper(l->elts, 0, Opcode::BUILD_LIST, Opcode::LIST_APPEND,
                                 Opcode::LIST_EXTEND, false);
      return visit_exprs(l->elts);
    }
    case NodeKind::Tuple: {
      auto* t = static_cast<Tuple*>(e);
      if (t->ctx == ExprContext::Store) return assignment_helper(t->elts);
      if (t->ctx == ExprContext::Load)
        return starunpack_helper(t->elts, 0, Opcode::BUILD_LIST, Opcode::LIST_APPEND,
                                 Opcode::LIST_EXTEND, true);
      return visit_exprs(t->elts);
    }
    default:
      return system_error("unexpected expression node");
  }
}

// `a.b` loads with the attribute name's position as the start of the span, so a
// traceback through a multi-line chain points at the right line.
void Compiler::update_start_location_to_match_attr(Attribute* attr) {
  Location& loc = u_->loc;
  if (loc.lineno == attr->end_lineno) return;
  loc.lineno = attr->end_lineno;
  int64_t len = utf8_code_points(attr->attr);
  if (len <= attr->end_col_offset) {
    loc.col_offset = int(attr->end_col_offset - len);
  } else {
    // Odd hand-made ASTs: drop the columns.
    loc.col_offset = -1;
    loc.end_col_offset = -1;
  }
  loc.end_lineno = std::max(loc.lineno, loc.end_lineno);
  if (loc.lineno == loc.end_lineno) loc.end_col_offset = std::max(loc.col_offset, loc.end_col_offset);
}

bool Compiler::compile_attribute(Attribute* e) {
  if (!visit_expr(e->value)) return false;
  update_start_location_to_match_attr(e);
  switch (e->ctx) {
    case ExprContext::Load:
      addop_name(Opcode::LOAD_ATTR, e->attr);
      return true;
    case ExprContext::Store:
      if (forbidden_name(e->attr, e->ctx)) return false;
      addop_name(Opcode::STORE_ATTR, e->attr);
      return true;
    case ExprContext::Del:
      addop_name(Opcode::DELETE_ATTR, e->attr);
      return true;
  }
  return true;
}

// --- Boolean operators, comparisons, conditional jumps --------------------------------

bool Compiler::compile_boolop(BoolOp* e) {
  Opcode jump = e->op == BoolOperator::And ? Opcode::JUMP_IF_FALSE_OR_POP
                                            : Opcode::JUMP_IF_TRUE_OR_POP;
  BasicBlock* end = new_block();
  size_t n = e->values.size() - 1;
  for (size_t i = 0; i < n; i++) {
    if (!visit_expr(e->values[i])) return false;
    addop_jump(jump, end);
    next_block();
  }
  if (!visit_expr(e->values[n])) return false;
  use_next_block(end);
  return true;
}

void Compiler::add_compare(CmpOperator op) {
  switch (op) {
    case CmpOperator::Eq: addop(Opcode::COMPARE_OP, int(CompareOp::Eq)); return;
    case CmpOperator::NotEq: addop(Opcode::COMPARE_OP, int(CompareOp::Ne)); return;
    case CmpOperator::Lt: addop(Opcode::COMPARE_OP, int(CompareOp::Lt)); return;
    case CmpOperator::LtE: addop(Opcode::COMPARE_OP, int(CompareOp::Le)); return;
    case CmpOperator::Gt: addop(Opcode::COMPARE_OP, int(CompareOp::Gt)); return;
    case CmpOperator::GtE: addop(Opcode::COMPARE_OP, int(CompareOp::Ge)); return;
    case CmpOperator::Is: addop(Opcode::IS_OP, 0); return;
    case CmpOperator::IsNot: addop(Opcode::IS_OP, 1); return;
    case CmpOperator::In: addop(Opcode::CONTAINS_OP, 0); return;
    case CmpOperator::NotIn: addop(Opcode::CONTAINS_OP, 1); return;
  }
}

// `x is <literal>` is almost always a bug (identity of literals is an implementation
// detail): warn, except for the singletons None, True, False and Ellipsis.
bool Compiler::check_compare(Compare* e) {
  auto is_singleton_or_not_constant = [&](Expr* operand) {
    Value v = const_value(operand);
    if (!v) return true;
    return is_none(v) || v == True() || v == False() || v == Ellipsis();
  };
  bool left = is_singleton_or_not_constant(e->left);
  for (size_t i = 0; i < e->ops.size(); i++) {
    CmpOperator op = e->ops[i];
    bool right = is_singleton_or_not_constant(e->comparators[i]);
    if ((op == CmpOperator::Is || op == CmpOperator::IsNot) && (!right || !left)) {
      return warn(op == CmpOperator::Is ? "\"is\" with a literal. Did you mean \"==\"?"
                                        : "\"is not\" with a literal. Did you mean \"!=\"?");
    }
    left = right;
  }
  return true;
}

bool Compiler::compile_compare(Compare* e) {
  if (!check_compare(e)) return false;
  if (!visit_expr(e->left)) return false;
  size_t n = e->ops.size() - 1;
  if (n == 0) {
    if (!visit_expr(e->comparators[0])) return false;
    add_compare(e->ops[0]);
    return true;
  }
  // a < b < c: each middle operand is compared twice, and evaluated once.
  BasicBlock* cleanup = new_block();
  for (size_t i = 0; i < n; i++) {
    if (!visit_expr(e->comparators[i])) return false;
    addop(Opcode::SWAP, 2);
    addop(Opcode::COPY, 2);
    add_compare(e->ops[i]);
    addop_jump(Opcode::JUMP_IF_FALSE_OR_POP, cleanup);
  }
  if (!visit_expr(e->comparators[n])) return false;
  add_compare(e->ops[n]);
  BasicBlock* end = new_block();
  addop_jump_noline(Opcode::JUMP, end);
  use_next_block(cleanup);
  addop(Opcode::SWAP, 2);
  addop(Opcode::POP_TOP);
  use_next_block(end);
  return true;
}

// Jumps to `next` if the truth of e equals `cond`, without materialising bools for
// not/and/or/conditional expressions and chained comparisons.
bool Compiler::jump_if(Expr* e, BasicBlock* next, bool cond) {
  switch (e->node_kind) {
    case NodeKind::UnaryOp: {
      auto* u = static_cast<UnaryOp*>(e);
      if (u->op == UnaryOperator::Not) return jump_if(u->operand, next, !cond);
      break;
    }
    case NodeKind::BoolOp: {
      auto* b = static_cast<BoolOp*>(e);
      size_t n = b->values.size() - 1;
      bool cond2 = b->op == BoolOperator::Or;
      BasicBlock* next2 = next;
      if (cond2 != cond) next2 = new_block();
      for (size_t i = 0; i < n; i++)
        if (!jump_if(b->values[i], next2, cond2)) return false;
      if (!jump_if(b->values[n], next, cond)) return false;
      if (next2 != next) use_next_block(next2);
      return true;
    }
    case NodeKind::IfExp: {
      auto* i = static_cast<IfExp*>(e);
      BasicBlock* end = new_block();
      BasicBlock* next2 = new_block();
      if (!jump_if(i->test, next2, false)) return false;
      if (!jump_if(i->body, next, cond)) return false;
      addop_jump_noline(Opcode::JUMP, end);
      use_next_block(next2);
      if (!jump_if(i->orelse, next, cond)) return false;
      use_next_block(end);
      return true;
    }
    case NodeKind::Compare: {
      // The jumps of a comparison get its location (and it is not restored: CPython
      // 3.11 leaves it for the instructions that follow).
      set_loc(e);
      auto* c = static_cast<Compare*>(e);
      size_t n = c->ops.size() - 1;
      if (n == 0) break;
      if (!check_compare(c)) return false;
      BasicBlock* cleanup = new_block();
      if (!visit_expr(c->left)) return false;
      for (size_t i = 0; i < n; i++) {
        if (!visit_expr(c->comparators[i])) return false;
        addop(Opcode::SWAP, 2);
        addop(Opcode::COPY, 2);
        add_compare(c->ops[i]);
        addop_jump(Opcode::POP_JUMP_IF_FALSE, cleanup);
      }
      if (!visit_expr(c->comparators[n])) return false;
      add_compare(c->ops[n]);
      addop_jump(cond ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, next);
      BasicBlock* end = new_block();
      addop_jump_noline(Opcode::JUMP, end);
      use_next_block(cleanup);
      addop(Opcode::POP_TOP);
      if (!cond) addop_jump_noline(Opcode::JUMP, next);
      use_next_block(end);
      return true;
    }
    default:
      break;
  }
  if (!visit_expr(e)) return false;
  addop_jump(cond ? Opcode::POP_JUMP_IF_TRUE : Opcode::POP_JUMP_IF_FALSE, next);
  return true;
}

bool Compiler::compile_ifexp(IfExp* e) {
  BasicBlock* end = new_block();
  BasicBlock* next = new_block();
  if (!jump_if(e->test, next, false)) return false;
  if (!visit_expr(e->body)) return false;
  addop_jump_noline(Opcode::JUMP, end);
  use_next_block(next);
  if (!visit_expr(e->orelse)) return false;
  use_next_block(end);
  return true;
}

// --- Literal misuse warnings ----------------------------------------------------------

namespace {
// The type a literal-like expression evaluates to (CPython's infer_type), or null.
const char* inferred_type_name(Compiler& c, Expr* e) {
  switch (e->node_kind) {
    case NodeKind::Tuple: return "tuple";
    case NodeKind::List:
    case NodeKind::ListComp: return "list";
    case NodeKind::Dict:
    case NodeKind::DictComp: return "dict";
    case NodeKind::Set:
    case NodeKind::SetComp: return "set";
    case NodeKind::GeneratorExp: return "generator";
    case NodeKind::Lambda: return "function";
    case NodeKind::JoinedStr:
    case NodeKind::FormattedValue: return "str";
    case NodeKind::Slice: return "slice";
    case NodeKind::Constant: {
      Value v = c.const_value(e);
      return v ? type_of(v)->name : nullptr;
    }
    default: return nullptr;
  }
}
}  // namespace

bool Compiler::check_caller(Expr* e) {
  switch (e->node_kind) {
    case NodeKind::Constant:
    case NodeKind::Tuple:
    case NodeKind::List:
    case NodeKind::ListComp:
    case NodeKind::Dict:
    case NodeKind::DictComp:
    case NodeKind::Set:
    case NodeKind::SetComp:
    case NodeKind::GeneratorExp:
    case NodeKind::JoinedStr:
    case NodeKind::FormattedValue:
      return warn(std::string("'") + inferred_type_name(*this, e) +
                  "' object is not callable; perhaps you missed a comma?");
    default:
      return true;
  }
}

bool Compiler::check_subscripter(Expr* e) {
  switch (e->node_kind) {
    case NodeKind::Constant: {
      Value v = const_value(e);
      if (!(is_none(v) || v == Ellipsis() || is_int(v) || is_float(v) || is_complex(v) ||
            is_anyset(v)))
        return true;
      [[fallthrough]];
    }
    case NodeKind::Set:
    case NodeKind::SetComp:
    case NodeKind::GeneratorExp:
    case NodeKind::Lambda:
      return warn(std::string("'") + inferred_type_name(*this, e) +
                  "' object is not subscriptable; perhaps you missed a comma?");
    default:
      return true;
  }
}

bool Compiler::check_index(Expr* e, Expr* s) {
  const char* index_type = inferred_type_name(*this, s);
  if (!index_type) return true;
  if (Value v = const_value(s); v && is_int(v)) return true;
  if (std::string_view(index_type) == "slice") return true;
  switch (e->node_kind) {
    case NodeKind::Constant: {
      Value v = const_value(e);
      if (!(is_str(v) || is_bytes(v) || is_tuple(v))) return true;
      [[fallthrough]];
    }
    case NodeKind::Tuple:
    case NodeKind::List:
    case NodeKind::ListComp:
    case NodeKind::JoinedStr:
    case NodeKind::FormattedValue:
      return warn(std::string(inferred_type_name(*this, e)) +
                  " indices must be integers or slices, not " + index_type +
                  "; perhaps you missed a comma?");
    default:
      return true;
  }
}

// --- Calls ----------------------------------------------------------------------------

bool Compiler::compile_call(Call* e) {
  if (!validate_keywords(e->keywords)) return false;
  int optimized = maybe_optimize_method_call(e);
  if (optimized >= 0) return optimized == 1;
  if (!check_caller(e->func)) return false;
  set_loc(e->func);
  addop(Opcode::PUSH_NULL);
  set_loc(e);
  if (!visit_expr(e->func)) return false;
  return call_helper(0, e->args, e->keywords);
}

// obj.meth(args) as LOAD_METHOD + CALL, which avoids making a bound method. Not for names
// imported at module level (likely modules, whose attributes are plain functions).
int Compiler::maybe_optimize_method_call(Call* e) {
  auto* meth = e->func->as<Attribute>();
  if (!meth || meth->ctx != ExprContext::Load) return -1;
  if (auto* base = meth->value->as<Name>()) {
    if (symtable_->top()->flags_of(base->id) & kDefImport) return -1;
  }
  size_t nargs = e->args.size();
  size_t nkw = e->keywords.size();
  if (nargs + nkw + (nkw != 0) >= kStackUseGuideline) return -1;
  for (Expr* a : e->args)
    if (a->is<Starred>()) return -1;
  for (Keyword* k : e->keywords)
    if (is_none(k->arg)) return -1;
  if (!visit_expr(meth->value)) return 0;
  set_loc(meth);
  update_start_location_to_match_attr(meth);
  addop_name(Opcode::LOAD_METHOD, meth->attr);
  if (!visit_exprs(e->args)) return 0;
  if (nkw) {
    for (Keyword* k : e->keywords)
      if (!visit_expr(k->value)) return 0;
    if (!call_simple_kw_helper(e->keywords)) return 0;
  }
  set_loc(e);
  update_start_location_to_match_attr(meth);
  addop(Opcode::CALL, int(nargs + nkw));
  return 1;
}

bool Compiler::validate_keywords(const Seq<Keyword*>& keywords) {
  for (size_t i = 0; i < keywords.size(); i++) {
    Keyword* key = keywords[i];
    if (is_none(key->arg)) continue;
    if (forbidden_name(key->arg, ExprContext::Store)) return false;
    for (size_t j = i + 1; j < keywords.size(); j++) {
      Keyword* other = keywords[j];
      if (!is_none(other->arg) && other->arg == key->arg) {
        set_loc(other);
        return error("keyword argument repeated: " + std::string(key->arg));
      }
    }
  }
  return true;
}

bool Compiler::call_simple_kw_helper(const Seq<Keyword*>& keywords) {
  Ref<TupleObject> names = tuple_allocate(int64_t(keywords.size()));
  if (!names) return raised();
  for (size_t i = 0; i < keywords.size(); i++) {
    StrObject* name = str_intern_utf8(keywords[i]->arg);
    if (!name) return raised();
    names->items[i] = new_ref(Value(name)).release();
  }
  int index = add_const(Ref<>(std::move(names)));
  if (index < 0) return false;
  addop(Opcode::KW_NAMES, index);
  return true;
}

// A dict of keyword arguments keywords[begin:end] (all named) for CALL_FUNCTION_EX.
bool Compiler::subkwargs(const Seq<Keyword*>& keywords, size_t begin, size_t end) {
  size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  if (n > 1 && !big) {
    for (size_t i = begin; i < end; i++)
      if (!visit_expr(keywords[i]->value)) return false;
    Ref<TupleObject> keys = tuple_allocate(int64_t(n));
    if (!keys) return raised();
    for (size_t i = begin; i < end; i++) {
      StrObject* key = str_intern_utf8(keywords[i]->arg);
      if (!key) return raised();
      keys->items[i - begin] = new_ref(Value(key)).release();
    }
    if (!addop_load_const(Ref<>(std::move(keys)))) return false;
    addop(Opcode::BUILD_CONST_KEY_MAP, int(n));
    return true;
  }
  if (big) addop_noline(Opcode::BUILD_MAP, 0);
  for (size_t i = begin; i < end; i++) {
    if (!addop_load_str(keywords[i]->arg) || !visit_expr(keywords[i]->value)) return false;
    if (big) addop_noline(Opcode::MAP_ADD, 1);
  }
  if (!big) addop(Opcode::BUILD_MAP, int(n));
  return true;
}

// The arguments of a call whose callable (and `pushed` leading arguments) are on the
// stack: CALL for plain arguments, CALL_FUNCTION_EX with a tuple and dict otherwise.
bool Compiler::call_helper(int pushed, const Seq<Expr*>& args, const Seq<Keyword*>& keywords) {
  if (!validate_keywords(keywords)) return false;
  size_t nargs = args.size();
  size_t nkw = keywords.size();
  bool ex_call = nargs + nkw * 2 > kStackUseGuideline;
  for (Expr* a : args)
    if (a->is<Starred>()) ex_call = true;
  for (Keyword* k : keywords)
    if (is_none(k->arg)) ex_call = true;
  if (!ex_call) {
    if (!visit_exprs(args)) return false;
    if (nkw) {
      for (Keyword* k : keywords)
        if (!visit_expr(k->value)) return false;
      if (!call_simple_kw_helper(keywords)) return false;
    }
    addop(Opcode::CALL, int(pushed + nargs + nkw));
    return true;
  }
  // Positional arguments as one tuple.
  if (pushed == 0 && nargs == 1 && args[0]->is<Starred>()) {
    if (!visit_expr(static_cast<Starred*>(args[0])->value)) return false;
  } else if (!starunpack_helper(args, pushed, Opcode::BUILD_LIST, Opcode::LIST_APPEND,
                                Opcode::LIST_EXTEND, true)) {
    return false;
  }
  // Keyword arguments as one dict, merging **mappings.
  if (nkw) {
    bool have_dict = false;
    size_t seen = 0;  // named keywords not yet in the dict
    for (size_t i = 0; i < nkw; i++) {
      Keyword* kw = keywords[i];
      if (is_none(kw->arg)) {
        if (seen) {
          if (!subkwargs(keywords, i - seen, i)) return false;
          if (have_dict) addop(Opcode::DICT_MERGE, 1);
          have_dict = true;
          seen = 0;
        }
        if (!have_dict) {
          addop(Opcode::BUILD_MAP, 0);
          have_dict = true;
        }
        if (!visit_expr(kw->value)) return false;
        addop(Opcode::DICT_MERGE, 1);
      } else {
        seen++;
      }
    }
    if (seen) {
      if (!subkwargs(keywords, nkw - seen, nkw)) return false;
      if (have_dict) addop(Opcode::DICT_MERGE, 1);
    }
  }
  addop(Opcode::CALL_FUNCTION_EX, nkw > 0 ? 1 : 0);
  return true;
}

// --- Displays and unpacking -----------------------------------------------------------

namespace {
bool all_constant(const Seq<Expr*>& elts, size_t begin, size_t end) {
  for (size_t i = begin; i < end; i++)
    if (!elts[i] || !elts[i]->is<Constant>()) return false;
  return true;
}
}  // namespace

// Builds a list/tuple/set display (or a call's positional tuple): constants become one
// constant tuple (frozenset for sets), *iterables are merged with the `extend` opcode.
bool Compiler::starunpack_helper(const Seq<Expr*>& elts, int pushed, Opcode build, Opcode add,
                                 Opcode extend, bool tuple) {
  size_t n = elts.size();
  if (n > 2 && all_constant(elts, 0, n)) {
    Ref<TupleObject> folded = tuple_allocate(int64_t(n));
    if (!folded) return raised();
    for (size_t i = 0; i < n; i++) {
      Value v = const_value(elts[i]);
      if (!v) return raised();
      folded->items[i] = new_ref(v).release();
    }
    if (tuple && !pushed) return addop_load_const(Ref<>(std::move(folded)));
    Ref<> constant = std::move(folded);
    if (add == Opcode::SET_ADD) {
      constant = set_from_iterable(&frozenset_type, constant);
      if (!constant) return raised();
    }
    addop(build, pushed);
    if (!addop_load_const(std::move(constant))) return false;
    addop(extend, 1);
    if (tuple) addop(Opcode::LIST_TO_TUPLE);
    return true;
  }
  bool big = n + pushed > kStackUseGuideline;
  bool seen_star = false;
  for (Expr* elt : elts)
    if (elt->is<Starred>()) seen_star = true;
  if (!seen_star && !big) {
    if (!visit_exprs(elts)) return false;
    addop(tuple ? Opcode::BUILD_TUPLE : build, int(n + pushed));
    return true;
  }
  bool sequence_built = false;
  if (big) {
    addop(build, pushed);
    sequence_built = true;
  }
  for (size_t i = 0; i < n; i++) {
    Expr* elt = elts[i];
    if (auto* starred = elt->as<Starred>()) {
      if (!sequence_built) {
        addop(build, int(i + pushed));
        sequence_built = true;
      }
      if (!visit_expr(starred->value)) return false;
      addop(extend, 1);
    } else {
      if (!visit_expr(elt)) return false;
      if (sequence_built) addop(add, 1);
    }
  }
  if (tuple) addop(Opcode::LIST_TO_TUPLE);
  return true;
}

bool Compiler::unpack_helper(const Seq<Expr*>& elts) {
  size_t n = elts.size();
  bool seen_star = false;
  for (size_t i = 0; i < n; i++) {
    if (!elts[i]->is<Starred>()) continue;
    if (seen_star) return error("multiple starred expressions in assignment");
    if (i >= (1u << 8) || n - i - 1 >= (INT32_MAX >> 8))
      return error("too many expressions in star-unpacking assignment");
    addop(Opcode::UNPACK_EX, int(i + ((n - i - 1) << 8)));
    seen_star = true;
  }
  if (!seen_star) addop(Opcode::UNPACK_SEQUENCE, int(n));
  return true;
}

bool Compiler::assignment_helper(const Seq<Expr*>& elts) {
  if (!unpack_helper(elts)) return false;
  for (Expr* elt : elts) {
    auto* starred = elt->as<Starred>();
    if (!visit_expr(starred ? starred->value : elt)) return false;
  }
  return true;
}

bool Compiler::compile_subdict(Dict* e, size_t begin, size_t end) {
  size_t n = end - begin;
  bool big = n * 2 > kStackUseGuideline;
  if (n > 1 && !big && all_constant(e->keys, begin, end)) {
    for (size_t i = begin; i < end; i++)
      if (!visit_expr(e->values[i])) return false;
    Ref<TupleObject> keys = tuple_allocate(int64_t(n));
    if (!keys) return raised();
    for (size_t i = begin; i < end; i++) {
      Value v = const_value(e->keys[i]);
      if (!v) return raised();
      keys->items[i - begin] = new_ref(v).release();
    }
    if (!addop_load_const(Ref<>(std::move(keys)))) return false;
    addop(Opcode::BUILD_CONST_KEY_MAP, int(n));
    return true;
  }
  if (big) addop(Opcode::BUILD_MAP, 0);
  for (size_t i = begin; i < end; i++) {
    if (!visit_expr(e->keys[i]) || !visit_expr(e->values[i])) return false;
    if (big) addop(Opcode::MAP_ADD, 1);
  }
  if (!big) addop(Opcode::BUILD_MAP, int(n));
  return true;
}

bool Compiler::compile_dict(Dict* e) {
  size_t n = e->values.size();
  bool have_dict = false;
  size_t elements = 0;
  for (size_t i = 0; i < n; i++) {
    if (!e->keys[i]) {
      // {**mapping}
      if (elements) {
        if (!compile_subdict(e, i - elements, i)) return false;
        if (have_dict) addop(Opcode::DICT_UPDATE, 1);
        have_dict = true;
        elements = 0;
      }
      if (!have_dict) {
        addop(Opcode::BUILD_MAP, 0);
        have_dict = true;
      }
      if (!visit_expr(e->values[i])) return false;
      addop(Opcode::DICT_UPDATE, 1);
    } else if (elements * 2 > kStackUseGuideline) {
      if (!compile_subdict(e, i - elements, i + 1)) return false;
      if (have_dict) addop(Opcode::DICT_UPDATE, 1);
      have_dict = true;
      elements = 0;
    } else {
      elements++;
    }
  }
  if (elements) {
    if (!compile_subdict(e, n - elements, n)) return false;
    if (have_dict) addop(Opcode::DICT_UPDATE, 1);
    have_dict = true;
  }
  if (!have_dict) addop(Opcode::BUILD_MAP, 0);
  return true;
}

// --- Subscripts, slices, f-strings ----------------------------------------------------

bool Compiler::compile_subscript(Subscript* e) {
  if (e->ctx == ExprContext::Load) {
    if (!check_subscripter(e->value) || !check_index(e->value, e->slice)) return false;
  }
  if (!visit_expr(e->value) || !visit_expr(e->slice)) return false;
  switch (e->ctx) {
    case ExprContext::Load: addop(Opcode::BINARY_SUBSCR); break;
    case ExprContext::Store: addop(Opcode::STORE_SUBSCR); break;
    case ExprContext::Del: addop(Opcode::DELETE_SUBSCR); break;
  }
  return true;
}

bool Compiler::compile_slice(Slice* e) {
  int n = 2;
  if (e->lower ? !visit_expr(e->lower) : !addop_load_none()) return false;
  if (e->upper ? !visit_expr(e->upper) : !addop_load_none()) return false;
  if (e->step) {
    n++;
    if (!visit_expr(e->step)) return false;
  }
  addop(Opcode::BUILD_SLICE, n);
  return true;
}

bool Compiler::compile_joined_str(JoinedStr* e) {
  size_t n = e->values.size();
  if (n > kStackUseGuideline) {
    // "".join([...]) keeps the stack small for huge f-strings.
    if (!addop_load_str("")) return false;
    addop_name_unmangled(Opcode::LOAD_METHOD, "join");
    addop(Opcode::BUILD_LIST, 0);
    for (Expr* value : e->values) {
      if (!visit_expr(value)) return false;
      addop(Opcode::LIST_APPEND, 1);
    }
    addop(Opcode::CALL, 1);
    return true;
  }
  if (!visit_exprs(e->values)) return false;
  if (n != 1) addop(Opcode::BUILD_STRING, int(n));
  return true;
}

bool Compiler::compile_formatted_value(FormattedValue* e) {
  if (!visit_expr(e->value)) return false;
  int oparg;
  switch (e->conversion) {
    case 's': oparg = 1; break;
    case 'r': oparg = 2; break;
    case 'a': oparg = 3; break;
    case -1: oparg = 0; break;
    default: return system_error("Unrecognized conversion character " + std::to_string(e->conversion));
  }
  if (e->format_spec) {
    if (!visit_expr(e->format_spec)) return false;
    oparg |= 4;
  }
  addop(Opcode::FORMAT_VALUE, oparg);
  return true;
}

}  // namespace krait::compile
