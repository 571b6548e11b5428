// The checks compile() makes on a tree built from `ast` objects before compiling it
// (CPython 3.11's PyAST_Validate, Python/ast.c): expression contexts, non-empty bodies,
// matching list lengths, constant types, position ranges, pattern shapes — with CPython's
// messages. A None where CPython would crash (a handler, pattern or identifier list item)
// is rejected too. Parsed trees never come here: the parser only makes valid trees.
#include <climits>

#include "core/ops.h"
#include "modules/ast/ast_internal.h"
#include "objects/bytes.h"
#include "objects/complex.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"

namespace krait::ast_module {

namespace {

using namespace ast;

const char* context_name(ExprContext ctx) { return python_name(ctx); }

class Validator {
 public:
  Validator() {
    // CPython counts three levels per unit of the recursion limit here.
    ThreadState* thread = current_thread();
    limit_ = runtime().recursion_limit * 3;
    depth_ = thread->python_depth * 3;
    stack_limit_ = thread->stack_limit;
  }

  bool mod(const Mod* m);

 private:
  bool enter() {
    if (++depth_ > limit_ ||
        (stack_limit_ && static_cast<char*>(__builtin_frame_address(0)) < stack_limit_)) {
      --depth_;
      return raise(exc::RecursionError, "maximum recursion depth exceeded during compilation");
    }
    return true;
  }
  void leave() { --depth_; }

  static bool positions(const Located* n) {
    if (n->lineno > n->end_lineno) {
      return value_error("AST node line range ({}, {}) is not valid", n->lineno, n->end_lineno);
    }
    if ((n->lineno < 0 && n->end_lineno != n->lineno) ||
        (n->col_offset < 0 && n->col_offset != n->end_col_offset)) {
      return value_error("AST node column range ({}, {}) for line range ({}, {}) is not valid",
                         n->col_offset, n->end_col_offset, n->lineno, n->end_lineno);
    }
    if (n->lineno == n->end_lineno && n->col_offset > n->end_col_offset) {
      return value_error("line {}, column {}-{} is not a valid range", n->lineno, n->col_offset,
                         n->end_col_offset);
    }
    return true;
  }

  static bool name(Identifier id) {
    for (const char* constant : {"None", "True", "False"}) {
      if (id == constant) return value_error("identifier field can't represent '{}' constant", constant);
    }
    return true;
  }
  static bool identifiers(const Seq<Identifier>& ids) {
    for (Identifier id : ids) {
      if (is_none(id)) return type_error("AST identifier must be of type str");
    }
    return true;
  }
  static bool capture(Identifier id) {
    if (id == "_") return value_error("can't capture name '_' in patterns");
    return name(id);
  }
  static bool nonempty(size_t size, const char* what, const char* owner) {
    if (size) return true;
    return value_error("empty {} on {}", what, owner);
  }

  bool constant(Value v);
  bool constant(const ConstantValue& c) {
    return c.kind != ConstantKind::Object || constant(c.object);
  }

  bool expr(const Expr* e, ExprContext ctx);
  bool expr_body(const Expr* e, ExprContext ctx);
  bool exprs(const Seq<Expr*>& seq, ExprContext ctx, bool null_ok) {
    for (const Expr* e : seq) {
      if (e) {
        if (!expr(e, ctx)) return false;
      } else if (!null_ok) {
        return value_error("None disallowed in expression list");
      }
    }
    return true;
  }
  bool optional(const Expr* e) { return !e || expr(e, ExprContext::Load); }
  bool stmt(const Stmt* s);
  bool stmt_body(const Stmt* s);
  bool stmts(const Seq<Stmt*>& seq) {
    for (const Stmt* s : seq) {
      if (!s) return value_error("None disallowed in statement list");
      if (!stmt(s)) return false;
    }
    return true;
  }
  bool body(const Seq<Stmt*>& seq, const char* owner) {
    return nonempty(seq.size(), "body", owner) && stmts(seq);
  }
  bool comprehensions(const Seq<Comprehension*>& generators);
  bool keywords(const Seq<Keyword*>& seq) {
    for (const Keyword* k : seq) {
      if (!expr(k->value, ExprContext::Load)) return false;
    }
    return true;
  }
  bool args(const Seq<Arg*>& seq) {
    for (const Arg* a : seq) {
      if (!positions(a) || !optional(a->annotation)) return false;
    }
    return true;
  }
  bool arguments(const Arguments* a);
  bool with_items(const Seq<WithItem*>& items, const char* owner);
  bool handlers(const Seq<ExceptHandlerBase*>& seq, bool check_positions);
  bool try_statement(const Seq<Stmt*>& try_body, const Seq<ExceptHandlerBase*>& try_handlers,
                     const Seq<Stmt*>& orelse, const Seq<Stmt*>& finalbody, const char* owner,
                     bool check_positions);
  bool pattern(const Pattern* p, bool star_ok);
  bool pattern_body(const Pattern* p, bool star_ok);
  bool patterns(const Seq<Pattern*>& seq, bool star_ok) {
    for (const Pattern* p : seq) {
      if (!p) return type_error("expected some sort of pattern, but got None");
      if (!pattern(p, star_ok)) return false;
    }
    return true;
  }
  bool match_value(const Expr* e);

  int depth_;
  int limit_;
  char* stack_limit_;
};

// None, Ellipsis, exact int/float/complex/str/bytes, bool, and exact tuples and frozensets
// of those.
bool Validator::constant(Value v) {
  if (is_none(v) || v == Ellipsis() || is_exact_int(v) || is_exact_float(v) ||
      is_type(v, &complex_type) || is_type(v, &bool_type) || is_exact_str(v) || is_exact_bytes(v)) {
    return true;
  }
  if (is_exact_tuple(v) || is_type(v, &frozenset_type)) {
    if (!enter()) return false;
    bool ok = for_each(v, [&](Value item) { return constant(item); });
    leave();
    return ok;
  }
  if (error_occurred()) return false;
  return type_error("got an invalid type in Constant: {}", type_short_name(type_of(v)));
}

bool Validator::expr(const Expr* e, ExprContext ctx) {
  if (!positions(e) || !enter()) return false;
  bool ok = expr_body(e, ctx);
  leave();
  return ok;
}

bool Validator::expr_body(const Expr* e, ExprContext ctx) {
  constexpr ExprContext Load = ExprContext::Load;
  // 1. The context of the expressions that have one must be the one asked for; the others
  //    can only be loaded.
  const ExprContext* actual = nullptr;
  switch (e->node_kind) {
    case NodeKind::Attribute: actual = &e->as<Attribute>()->ctx; break;
    case NodeKind::Subscript: actual = &e->as<Subscript>()->ctx; break;
    case NodeKind::Starred: actual = &e->as<Starred>()->ctx; break;
    case NodeKind::Name:
      if (!name(e->as<Name>()->id)) return false;
      actual = &e->as<Name>()->ctx;
      break;
    case NodeKind::List: actual = &e->as<List>()->ctx; break;
    case NodeKind::Tuple: actual = &e->as<Tuple>()->ctx; break;
    default:
      if (ctx != Load) {
        return value_error("expression which can't be assigned to in {} context", context_name(ctx));
      }
  }
  if (actual && *actual != ctx) {
    return value_error("expression must have {} context but has {} instead", context_name(ctx),
                       context_name(*actual));
  }
  // 2. The expression itself.
  switch (e->node_kind) {
    case NodeKind::BoolOp: {
      auto* x = e->as<BoolOp>();
      if (x->values.size() < 2) return value_error("BoolOp with less than 2 values");
      return exprs(x->values, Load, false);
    }
    case NodeKind::BinOp: {
      auto* x = e->as<BinOp>();
      return expr(x->left, Load) && expr(x->right, Load);
    }
    case NodeKind::UnaryOp: return expr(e->as<UnaryOp>()->operand, Load);
    case NodeKind::Lambda: {
      auto* x = e->as<Lambda>();
      return arguments(x->args) && expr(x->body, Load);
    }
    case NodeKind::IfExp: {
      auto* x = e->as<IfExp>();
      return expr(x->test, Load) && expr(x->body, Load) && expr(x->orelse, Load);
    }
    case NodeKind::Dict: {
      auto* x = e->as<Dict>();
      if (x->keys.size() != x->values.size()) {
        return value_error("Dict doesn't have the same number of keys as values");
      }
      // A None key is `**mapping`.
      return exprs(x->keys, Load, true) && exprs(x->values, Load, false);
    }
    case NodeKind::Set: return exprs(e->as<Set>()->elts, Load, false);
    case NodeKind::ListComp: {
      auto* x = e->as<ListComp>();
      return comprehensions(x->generators) && expr(x->elt, Load);
    }
    case NodeKind::SetComp: {
      auto* x = e->as<SetComp>();
      return comprehensions(x->generators) && expr(x->elt, Load);
    }
    case NodeKind::GeneratorExp: {
      auto* x = e->as<GeneratorExp>();
      return comprehensions(x->generators) && expr(x->elt, Load);
    }
    case NodeKind::DictComp: {
      auto* x = e->as<DictComp>();
      return comprehensions(x->generators) && expr(x->key, Load) && expr(x->value, Load);
    }
    case NodeKind::Yield: return optional(e->as<Yield>()->value);
    case NodeKind::YieldFrom: return expr(e->as<YieldFrom>()->value, Load);
    case NodeKind::Await: return expr(e->as<Await>()->value, Load);
    case NodeKind::Compare: {
      auto* x = e->as<Compare>();
      if (x->comparators.empty()) return value_error("Compare with no comparators");
      if (x->comparators.size() != x->ops.size()) {
        return value_error("Compare has a different number of comparators and operands");
      }
      return exprs(x->comparators, Load, false) && expr(x->left, Load);
    }
    case NodeKind::Call: {
      auto* x = e->as<Call>();
      return expr(x->func, Load) && exprs(x->args, Load, false) && keywords(x->keywords);
    }
    case NodeKind::Constant: return constant(e->as<Constant>()->value);
    case NodeKind::JoinedStr: return exprs(e->as<JoinedStr>()->values, Load, false);
    case NodeKind::FormattedValue: {
      auto* x = e->as<FormattedValue>();
      return expr(x->value, Load) && optional(x->format_spec);
    }
    case NodeKind::Attribute: return expr(e->as<Attribute>()->value, Load);
    case NodeKind::Subscript: {
      auto* x = e->as<Subscript>();
      return expr(x->slice, Load) && expr(x->value, Load);
    }
    case NodeKind::Starred: return expr(e->as<Starred>()->value, ctx);
    case NodeKind::Slice: {
      auto* x = e->as<Slice>();
      return optional(x->lower) && optional(x->upper) && optional(x->step);
    }
    case NodeKind::List: return exprs(e->as<List>()->elts, ctx, false);
    case NodeKind::Tuple: return exprs(e->as<Tuple>()->elts, ctx, false);
    case NodeKind::NamedExpr: return expr(e->as<NamedExpr>()->value, Load);
    case NodeKind::Name: return true;
    default: break;
  }
  return system_error("unexpected expression");
}

bool Validator::comprehensions(const Seq<Comprehension*>& generators) {
  if (generators.empty()) return value_error("comprehension with no generators");
  for (const Comprehension* c : generators) {
    if (!expr(c->target, ExprContext::Store) || !expr(c->iter, ExprContext::Load) ||
        !exprs(c->ifs, ExprContext::Load, false)) {
      return false;
    }
  }
  return true;
}

bool Validator::arguments(const Arguments* a) {
  if (!args(a->posonlyargs) || !args(a->args)) return false;
  if (a->vararg && !optional(a->vararg->annotation)) return false;
  if (!args(a->kwonlyargs)) return false;
  if (a->kwarg && !optional(a->kwarg->annotation)) return false;
  if (a->defaults.size() > a->posonlyargs.size() + a->args.size()) {
    return value_error("more positional defaults than args on arguments");
  }
  if (a->kw_defaults.size() != a->kwonlyargs.size()) {
    return value_error("length of kwonlyargs is not the same as kw_defaults on arguments");
  }
  // A None keyword-only default means "no default".
  return exprs(a->defaults, ExprContext::Load, false) && exprs(a->kw_defaults, ExprContext::Load, true);
}

bool Validator::with_items(const Seq<WithItem*>& items, const char* owner) {
  if (!nonempty(items.size(), "items", owner)) return false;
  for (const WithItem* item : items) {
    if (!expr(item->context_expr, ExprContext::Load)) return false;
    if (item->optional_vars && !expr(item->optional_vars, ExprContext::Store)) return false;
  }
  return true;
}

bool Validator::handlers(const Seq<ExceptHandlerBase*>& seq, bool check_positions) {
  for (const ExceptHandlerBase* base : seq) {
    if (!base) return type_error("expected some sort of excepthandler, but got None");
    auto* h = base->as<ExceptHandler>();
    if (check_positions && !positions(h)) return false;
    if (!optional(h->type) || !body(h->body, "ExceptHandler")) return false;
  }
  return true;
}

// CPython checks the positions of the handlers of `try`, not of `try*`.
bool Validator::try_statement(const Seq<Stmt*>& try_body, const Seq<ExceptHandlerBase*>& try_handlers,
                              const Seq<Stmt*>& orelse, const Seq<Stmt*>& finalbody,
                              const char* owner, bool check_positions) {
  if (!body(try_body, owner)) return false;
  if (try_handlers.empty() && finalbody.empty()) {
    return value_error("{} has neither except handlers nor finalbody", owner);
  }
  if (try_handlers.empty() && !orelse.empty()) {
    return value_error("{} has orelse but no except handlers", owner);
  }
  return handlers(try_handlers, check_positions) && stmts(finalbody) && stmts(orelse);
}

bool Validator::stmt(const Stmt* s) {
  if (!positions(s) || !enter()) return false;
  bool ok = stmt_body(s);
  leave();
  return ok;
}

bool Validator::stmt_body(const Stmt* s) {
  constexpr ExprContext Load = ExprContext::Load;
  constexpr ExprContext Store = ExprContext::Store;
  switch (s->node_kind) {
    case NodeKind::FunctionDef: {
      auto* x = s->as<FunctionDef>();
      return body(x->body, "FunctionDef") && arguments(x->args) &&
             exprs(x->decorator_list, Load, false) && optional(x->returns);
    }
    case NodeKind::AsyncFunctionDef: {
      auto* x = s->as<AsyncFunctionDef>();
      return body(x->body, "AsyncFunctionDef") && arguments(x->args) &&
             exprs(x->decorator_list, Load, false) && optional(x->returns);
    }
    case NodeKind::ClassDef: {
      auto* x = s->as<ClassDef>();
      return body(x->body, "ClassDef") && exprs(x->bases, Load, false) && keywords(x->keywords) &&
             exprs(x->decorator_list, Load, false);
    }
    case NodeKind::Return: return optional(s->as<Return>()->value);
    case NodeKind::Delete: {
      auto* x = s->as<Delete>();
      return nonempty(x->targets.size(), "targets", "Delete") &&
             exprs(x->targets, ExprContext::Del, false);
    }
    case NodeKind::Assign: {
      auto* x = s->as<Assign>();
      return nonempty(x->targets.size(), "targets", "Assign") && exprs(x->targets, Store, false) &&
             expr(x->value, Load);
    }
    case NodeKind::AugAssign: {
      auto* x = s->as<AugAssign>();
      return expr(x->target, Store) && expr(x->value, Load);
    }
    case NodeKind::AnnAssign: {
      auto* x = s->as<AnnAssign>();
      if (!x->target->is<Name>() && x->simple) {
        return type_error("AnnAssign with simple non-Name target");
      }
      return expr(x->target, Store) && optional(x->value) && expr(x->annotation, Load);
    }
    case NodeKind::For: {
      auto* x = s->as<For>();
      return expr(x->target, Store) && expr(x->iter, Load) && body(x->body, "For") && stmts(x->orelse);
    }
    case NodeKind::AsyncFor: {
      auto* x = s->as<AsyncFor>();
      return expr(x->target, Store) && expr(x->iter, Load) && body(x->body, "AsyncFor") &&
             stmts(x->orelse);
    }
    case NodeKind::While: {
      auto* x = s->as<While>();
      return expr(x->test, Load) && body(x->body, "While") && stmts(x->orelse);
    }
    case NodeKind::If: {
      auto* x = s->as<If>();
      return expr(x->test, Load) && body(x->body, "If") && stmts(x->orelse);
    }
    case NodeKind::With: {
      auto* x = s->as<With>();
      return with_items(x->items, "With") && body(x->body, "With");
    }
    case NodeKind::AsyncWith: {
      auto* x = s->as<AsyncWith>();
      return with_items(x->items, "AsyncWith") && body(x->body, "AsyncWith");
    }
    case NodeKind::Match: {
      auto* x = s->as<Match>();
      if (!expr(x->subject, Load) || !nonempty(x->cases.size(), "cases", "Match")) return false;
      for (const MatchCase* c : x->cases) {
        if (!pattern(c->pattern, false) || !optional(c->guard) || !body(c->body, "match_case")) {
          return false;
        }
      }
      return true;
    }
    case NodeKind::Raise: {
      auto* x = s->as<Raise>();
      if (x->exc) return expr(x->exc, Load) && optional(x->cause);
      if (x->cause) return value_error("Raise with cause but no exception");
      return true;
    }
    case NodeKind::Try: {
      auto* x = s->as<Try>();
      return try_statement(x->body, x->handlers, x->orelse, x->finalbody, "Try", true);
    }
    case NodeKind::TryStar: {
      auto* x = s->as<TryStar>();
      return try_statement(x->body, x->handlers, x->orelse, x->finalbody, "TryStar", false);
    }
    case NodeKind::Assert: {
      auto* x = s->as<Assert>();
      return expr(x->test, Load) && optional(x->msg);
    }
    case NodeKind::Import: return nonempty(s->as<Import>()->names.size(), "names", "Import");
    case NodeKind::ImportFrom: {
      auto* x = s->as<ImportFrom>();
      if (x->level < 0) return value_error("Negative ImportFrom level");
      return nonempty(x->names.size(), "names", "ImportFrom");
    }
    case NodeKind::Global: {
      auto* x = s->as<Global>();
      return nonempty(x->names.size(), "names", "Global") && identifiers(x->names);
    }
    case NodeKind::Nonlocal: {
      auto* x = s->as<Nonlocal>();
      return nonempty(x->names.size(), "names", "Nonlocal") && identifiers(x->names);
    }
    case NodeKind::ExprStmt: return expr(s->as<ExprStmt>()->value, Load);
    case NodeKind::Pass:
    case NodeKind::Break:
    case NodeKind::Continue: return true;
    default: break;
  }
  return system_error("unexpected statement");
}

// A value pattern: literals (negative numbers and complex sums included), attribute
// lookups, and f-strings (which the compiler rejects with a SyntaxError).
bool Validator::match_value(const Expr* e) {
  if (!expr(e, ExprContext::Load)) return false;
  auto number = [](const Expr* x, bool real, bool imaginary) {
    auto* c = x->as<Constant>();
    if (!c) return false;
    if (c->value.kind == ConstantKind::Int || c->value.kind == ConstantKind::Float) return real;
    if (c->value.kind == ConstantKind::Complex) return imaginary;
    if (c->value.kind != ConstantKind::Object) return false;
    Value v = c->value.object;
    return ((is_exact_int(v) || is_exact_float(v)) && real) ||
           (is_type(v, &complex_type) && imaginary);
  };
  auto negative = [&](const Expr* x, bool real, bool imaginary) {
    auto* u = x->as<UnaryOp>();
    return u && u->op == UnaryOperator::USub && number(u->operand, real, imaginary);
  };
  switch (e->node_kind) {
    case NodeKind::Constant: {
      const ConstantValue& c = e->as<Constant>()->value;
      bool ok = c.kind == ConstantKind::Str || c.kind == ConstantKind::Bytes || number(e, true, true);
      if (c.kind == ConstantKind::Object && is_exact_bytes(c.object)) ok = true;
      if (ok) return true;
      return value_error("unexpected constant inside of a literal pattern");
    }
    case NodeKind::Attribute:
    case NodeKind::JoinedStr: return true;
    case NodeKind::UnaryOp:
      if (negative(e, true, true)) return true;
      break;
    case NodeKind::BinOp: {
      auto* b = e->as<BinOp>();
      if ((b->op == Operator::Add || b->op == Operator::Sub) &&
          (number(b->left, true, false) || negative(b->left, true, false)) &&
          number(b->right, false, true)) {
        return true;
      }
      break;
    }
    default: break;
  }
  return value_error("patterns may only match literals and attribute lookups");
}

bool Validator::pattern(const Pattern* p, bool star_ok) {
  if (!positions(p) || !enter()) return false;
  bool ok = pattern_body(p, star_ok);
  leave();
  return ok;
}

bool Validator::pattern_body(const Pattern* p, bool star_ok) {
  switch (p->node_kind) {
    case NodeKind::MatchValue: return match_value(p->as<MatchValue>()->value);
    case NodeKind::MatchSingleton: {
      ConstantKind kind = p->as<MatchSingleton>()->value.kind;
      if (kind == ConstantKind::None || kind == ConstantKind::True || kind == ConstantKind::False) {
        return true;
      }
      return value_error("MatchSingleton can only contain True, False and None");
    }
    case NodeKind::MatchSequence: return patterns(p->as<MatchSequence>()->patterns, true);
    case NodeKind::MatchMapping: {
      auto* x = p->as<MatchMapping>();
      if (x->keys.size() != x->patterns.size()) {
        return value_error("MatchMapping doesn't have the same number of keys as patterns");
      }
      if (!is_none(x->rest) && !capture(x->rest)) return false;
      for (const Expr* key : x->keys) {
        if (!key) return value_error("None disallowed in expression list");
        // None, True and False are valid keys though not valid value patterns.
        if (auto* c = key->as<Constant>()) {
          ConstantKind kind = c->value.kind;
          if (kind == ConstantKind::None || kind == ConstantKind::True || kind == ConstantKind::False) {
            continue;
          }
        }
        if (!match_value(key)) return false;
      }
      return patterns(x->patterns, false);
    }
    case NodeKind::MatchClass: {
      auto* x = p->as<MatchClass>();
      if (x->kwd_attrs.size() != x->kwd_patterns.size()) {
        return value_error("MatchClass doesn't have the same number of keyword attributes as patterns");
      }
      if (!expr(x->cls, ExprContext::Load)) return false;
      for (const Expr* cls = x->cls; !cls->is<Name>(); cls = cls->as<Attribute>()->value) {
        if (!cls->is<Attribute>()) {
          return value_error("MatchClass cls field can only contain Name or Attribute nodes.");
        }
      }
      if (!identifiers(x->kwd_attrs)) return false;
      for (Identifier id : x->kwd_attrs) {
        if (!name(id)) return false;
      }
      return patterns(x->patterns, false) && patterns(x->kwd_patterns, false);
    }
    case NodeKind::MatchStar: {
      if (!star_ok) return value_error("can't use MatchStar here");
      Identifier id = p->as<MatchStar>()->name;
      return is_none(id) || capture(id);
    }
    case NodeKind::MatchAs: {
      auto* x = p->as<MatchAs>();
      if (!is_none(x->name) && !capture(x->name)) return false;
      if (!x->pattern) return true;
      if (is_none(x->name)) {
        return value_error("MatchAs must specify a target name if a pattern is given");
      }
      return pattern(x->pattern, false);
    }
    case NodeKind::MatchOr: {
      auto* x = p->as<MatchOr>();
      if (x->patterns.size() < 2) return value_error("MatchOr requires at least 2 patterns");
      return patterns(x->patterns, false);
    }
    default: break;
  }
  return system_error("unexpected pattern");
}

bool Validator::mod(const Mod* m) {
  switch (m->node_kind) {
    case NodeKind::Module: return stmts(m->as<ast::Module>()->body);
    case NodeKind::Interactive: return stmts(m->as<Interactive>()->body);
    case NodeKind::Expression: return expr(m->as<Expression>()->body, ExprContext::Load);
    case NodeKind::FunctionType: {
      auto* x = m->as<FunctionType>();
      return exprs(x->argtypes, ExprContext::Load, false) && expr(x->returns, ExprContext::Load);
    }
    default: break;
  }
  return system_error("impossible module node");
}

}  // namespace

bool validate_tree(const ast::Mod* tree) { return Validator().mod(tree); }

}  // namespace krait::ast_module
