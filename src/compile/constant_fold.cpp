// AST-level constant folding, as CPython 3.11's ast_opt.c does it before the symbol table:
// operators on constants (within size limits, so `"x" * 10**9` is left for run time),
// tuples of constants, constant subscripts, __debug__, `in [..]`/`in {..}` and
// `for x in [..]` iterables as tuple/frozenset constants, `not (a is b)` as `a is not b`,
// and "%s" % (...) formatting as an f-string. Folded values are Python objects kept by
// the ConstantFolder, keyed by the Constant node that replaces the folded expression.
#include <gmp.h>

#include "compile/compiler_internal.h"
#include "core/error.h"
#include "core/ops.h"
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
constexpr int64_t kMaxIntSize = 128;         // bits
constexpr int64_t kMaxCollectionSize = 256;  // items
constexpr int64_t kMaxStrSize = 4096;        // characters
constexpr int64_t kMaxTotalItems = 1024;     // including nested collections

int64_t int_bits(Value v) {
  if (v.is_small_int()) {
    int64_t i = v.as_small_int();
    uint64_t a = i < 0 ? uint64_t(-i) : uint64_t(i);
    return a ? 64 - __builtin_clzll(a) : 0;
  }
  mpz_t z;
  mpz_init(z);
  int_to_mpz(v, z);
  int64_t bits = mpz_sgn(z) ? int64_t(mpz_sizeinbase(z, 2)) : 0;
  mpz_clear(z);
  return bits;
}

bool is_frozenset(Value v) { return v.is_object() && v.as_object()->type == &frozenset_type; }

int64_t collection_size(Value v) {
  return is_tuple(v) ? as_tuple(v)->length : as_set(v)->used;
}

// How many items may still be added to a constant before it is too big to fold.
int64_t check_complexity(Value obj, int64_t limit) {
  if (is_tuple(obj)) {
    TupleObject* t = as_tuple(obj);
    limit -= t->length;
    for (int64_t i = 0; limit >= 0 && i < t->length; i++) limit = check_complexity(t->items[i], limit);
  } else if (is_frozenset(obj)) {
    limit -= as_set(obj)->used;
    int64_t pos = 0;
    Value item;
    int64_t hash;
    while (limit >= 0 && set_next(as_set(obj), &pos, &item, &hash)) limit = check_complexity(item, limit);
  }
  return limit;
}

// The folding operations return null (without caring about the exception) when the
// expression is not folded.
Ref<> safe_multiply(Value v, Value w) {
  if (is_int(v) && is_int(w) && int_sign(v) && int_sign(w)) {
    if (int_bits(v) + int_bits(w) > kMaxIntSize) return nullptr;
  } else if (is_int(v) && (is_tuple(w) || is_frozenset(w))) {
    int64_t size = collection_size(w);
    if (size) {
      int64_t n;
      if (!int_to_int64(v, &n)) return nullptr;
      if (n < 0 || n > kMaxCollectionSize / size) return nullptr;
      if (n && check_complexity(w, kMaxTotalItems / n) < 0) return nullptr;
    }
  } else if (is_int(v) && (is_str(w) || is_bytes(w))) {
    int64_t size = is_str(w) ? as_str(w)->length : int64_t(bytes_view(w).size());
    if (size) {
      int64_t n;
      if (!int_to_int64(v, &n)) return nullptr;
      if (n < 0 || n > kMaxStrSize / size) return nullptr;
    }
  } else if (is_int(w) && (is_tuple(v) || is_frozenset(v) || is_str(v) || is_bytes(v))) {
    return safe_multiply(w, v);
  }
  return binary_op(v, w, BinaryOperator::Multiply);
}

Ref<> safe_power(Value v, Value w) {
  if (is_int(v) && is_int(w) && int_sign(v) && int_sign(w) > 0) {
    int64_t vbits = int_bits(v);
    int64_t wbits;
    if (!int_to_int64(w, &wbits)) return nullptr;
    if (vbits > kMaxIntSize / wbits) return nullptr;
  }
  return power(v, w, None());
}

Ref<> safe_lshift(Value v, Value w) {
  if (is_int(v) && is_int(w) && int_sign(v) && int_sign(w)) {
    int64_t vbits = int_bits(v);
    int64_t wbits;
    if (!int_to_int64(w, &wbits) || wbits < 0) return nullptr;
    if (wbits > kMaxIntSize || vbits > kMaxIntSize - wbits) return nullptr;
  }
  return binary_op(v, w, BinaryOperator::LShift);
}

Ref<> safe_mod(Value v, Value w) {
  // str % x and bytes % x are formatting, left for run time (or optimize_format).
  if (is_str(v) || is_bytes(v)) return nullptr;
  return binary_op(v, w, BinaryOperator::Remainder);
}

bool has_starred(const Seq<Expr*>& elts) {
  for (Expr* e : elts)
    if (e->is<Starred>()) return true;
  return false;
}
}  // namespace

// --- ConstantFolder -------------------------------------------------------------------

Ref<> ConstantFolder::materialize(const ConstantValue& v) {
  switch (v.kind) {
    case ConstantKind::None: return new_none();
    case ConstantKind::True: return new_bool(true);
    case ConstantKind::False: return new_bool(false);
    case ConstantKind::Ellipsis: return new_ref(Ellipsis());
    case ConstantKind::Int: return int_from_literal(v.text);
    case ConstantKind::Float: return float_from_double(v.number);
    case ConstantKind::Complex: return complex_from_doubles(0.0, v.number);
    case ConstantKind::Str: return str_from_utf8(v.text);
    case ConstantKind::Bytes: return bytes_from(v.text);
    case ConstantKind::Object: return new_ref(v.object);
  }
  return new_none();
}

Value ConstantFolder::value_of(const Constant* c) {
  auto it = values_.find(c);
  if (it != values_.end()) return it->second;
  Ref<> value = materialize(c->value);
  if (!value) return Value();
  Value v = value;
  values_.emplace(c, std::move(value));
  return v;
}

Constant* ConstantFolder::make_constant(const Located* at, Ref<> value) {
  Constant* c = make_node<Constant>(*arena_);
  c->lineno = at->lineno;
  c->col_offset = at->col_offset;
  c->end_lineno = at->end_lineno;
  c->end_col_offset = at->end_col_offset;
  values_.emplace(c, std::move(value));
  return c;
}

// --- The folding pass -----------------------------------------------------------------

class FoldPass {
 public:
  FoldPass(ConstantFolder& folder, CompileError* error) : f_(folder), error_(error) {}

  bool mod(Mod* m);

 private:
  bool expr(Expr*& e);
  bool exprs(Seq<Expr*>& seq) {
    for (Expr*& e : seq)
      if (e && !expr(e)) return false;
    return true;
  }
  bool stmt(Stmt* s);
  bool stmts(Seq<Stmt*>& seq) {
    for (Stmt* s : seq)
      if (!stmt(s)) return false;
    return true;
  }
  bool body(Seq<Stmt*>& seq);
  bool arguments(Arguments* a);
  bool arg(Arg* a) { return f_.future_annotations_ || !a || !a->annotation || expr(a->annotation); }
  bool comprehension(Comprehension* c) {
    return expr(c->target) && expr(c->iter) && exprs(c->ifs) && fold_iter(c->iter);
  }
  bool pattern(Pattern* p);

  // Replaces e by a constant; a null value means "not folded" (any error is cleared).
  bool make_const(Expr*& e, Ref<> value) {
    if (!value) {
      if (error_occurred()) {
        if (error_matches(&exc::KeyboardInterrupt)) return false;
        clear_error();
      }
      return true;
    }
    e = f_.make_constant(e, std::move(value));
    return true;
  }
  Value value(const Expr* e) {
    auto* c = e->as<Constant>();
    return c ? f_.value_of(c) : Value();
  }
  Ref<> make_const_tuple(const Seq<Expr*>& elts);
  bool fold_binop(Expr*& e);
  bool fold_unaryop(Expr*& e);
  bool fold_iter(Expr*& e);
  bool optimize_format(Expr*& e, StrObject* fmt, const Seq<Expr*>& elts);
  Constant* make_str(const Located* at, Ref<StrObject> s) {
    return s ? f_.make_constant(at, std::move(s)) : nullptr;
  }

  // CPython's parser converts decimal literals under the current sys.int_max_str_digits
  // limit (set at run time, so the parser's fixed check cannot see it) and reports a
  // failure as a SyntaxError on the literal's lines with offsets 0.
  bool check_int_literal(const Constant* c) {
    if (c->value.kind != ConstantKind::Int) return true;
    std::string_view text = c->value.text;
    if (text.size() > 1 && text[0] == '0') return true;  // 0x/0o/0b, or zeros
    int64_t limit = int_max_str_digits();
    if (limit <= 0 || int64_t(text.size()) <= limit) return true;
    error_->kind = CompileError::Kind::SyntaxError;
    error_->style = CompileError::Style::Full;
    error_->message = "Exceeds the limit (" + std::to_string(limit) +
                      " digits) for integer string conversion: value has " +
                      std::to_string(text.size()) +
                      " digits; use sys.set_int_max_str_digits() to increase the limit - "
                      "Consider hexadecimal for huge integer literals to avoid decimal "
                      "conversion limits.";
    error_->lineno = c->lineno;
    error_->offset = 0;
    error_->end_lineno = c->end_lineno;
    error_->end_offset = 0;
    if (!f_.source_.empty()) {
      // The literal's line, with a '\n' end as the parser's buffer has it.
      std::string_view src = f_.source_;
      size_t start = 0;
      for (int line = 1; line < c->lineno && start != src.npos; line++) {
        start = src.find('\n', start);
        if (start != src.npos) start++;
      }
      if (start != src.npos) {
        size_t end = src.find_first_of("\r\n", start);
        error_->text = std::string(src.substr(start, end == src.npos ? src.npos : end - start)) + "\n";
      }
    }
    return false;
  }

  bool enter() {
    if (++depth_ > f_.recursion_limit_ || compile_stack_exhausted()) {
      error_->kind = CompileError::Kind::RecursionError;
      error_->message = "maximum recursion depth exceeded during compilation";
      return false;
    }
    return true;
  }

  ConstantFolder& f_;
  CompileError* error_;
  int depth_ = 0;
};

bool ConstantFolder::fold_module(Mod* module, CompileError* error) {
  FoldPass pass(*this, error);
  CompileError::Kind initial = error->kind;
  error->kind = CompileError::Kind::Raised;  // unless the pass says otherwise
  if (pass.mod(module)) {
    error->kind = initial;
    return true;
  }
  return false;
}

bool FoldPass::mod(Mod* m) {
  switch (m->node_kind) {
    case NodeKind::Module: return body(static_cast<ast::Module*>(m)->body);
    case NodeKind::Interactive: return stmts(static_cast<Interactive*>(m)->body);
    case NodeKind::Expression: return expr(static_cast<Expression*>(m)->body);
    default: return true;
  }
}

// A body whose first statement becomes a string constant through folding must not gain
// a docstring: the string is wrapped in a JoinedStr (as CPython does).
bool FoldPass::body(Seq<Stmt*>& seq) {
  auto docstring = [&]() -> bool {
    if (seq.empty()) return false;
    auto* first = seq[0]->as<ExprStmt>();
    if (!first) return false;
    Value v = value(first->value);
    return v && is_exact_str(v);
  };
  bool had_docstring = docstring();
  if (!stmts(seq)) return false;
  if (!had_docstring && docstring()) {
    auto* first = static_cast<ExprStmt*>(seq[0]);
    JoinedStr* joined = make_node<JoinedStr>(*f_.arena_);
    joined->lineno = first->lineno;
    joined->col_offset = first->col_offset;
    joined->end_lineno = first->end_lineno;
    joined->end_col_offset = first->end_col_offset;
    Expr* items[1] = {first->value};
    joined->values = Seq<Expr*>::copy_of(*f_.arena_, items, 1);
    first->value = joined;
  }
  return true;
}

bool FoldPass::arguments(Arguments* a) {
  for (Arg* x : a->posonlyargs)
    if (!arg(x)) return false;
  for (Arg* x : a->args)
    if (!arg(x)) return false;
  if (!arg(a->vararg)) return false;
  for (Arg* x : a->kwonlyargs)
    if (!arg(x)) return false;
  if (!exprs(a->kw_defaults)) return false;
  if (!arg(a->kwarg)) return false;
  return exprs(a->defaults);
}

bool FoldPass::stmt(Stmt* s) {
  if (!enter()) return false;
  bool ok = true;
  bool annotations = !f_.future_annotations_;
  switch (s->node_kind) {
    case NodeKind::FunctionDef: {
      auto* f = static_cast<FunctionDef*>(s);
      ok = arguments(f->args) && body(f->body) && exprs(f->decorator_list) &&
           (!annotations || !f->returns || expr(f->returns));
      break;
    }
    case NodeKind::AsyncFunctionDef: {
      auto* f = static_cast<AsyncFunctionDef*>(s);
      ok = arguments(f->args) && body(f->body) && exprs(f->decorator_list) &&
           (!annotations || !f->returns || expr(f->returns));
      break;
    }
    case NodeKind::ClassDef: {
      auto* c = static_cast<ClassDef*>(s);
      ok = exprs(c->bases);
      for (Keyword* k : c->keywords) ok = ok && expr(k->value);
      ok = ok && body(c->body) && exprs(c->decorator_list);
      break;
    }
    case NodeKind::Return: {
      auto* r = static_cast<Return*>(s);
      ok = !r->value || expr(r->value);
      break;
    }
    case NodeKind::Delete:
      ok = exprs(static_cast<Delete*>(s)->targets);
      break;
    case NodeKind::Assign: {
      auto* a = static_cast<Assign*>(s);
      ok = exprs(a->targets) && expr(a->value);
      break;
    }
    case NodeKind::AugAssign: {
      auto* a = static_cast<AugAssign*>(s);
      ok = expr(a->target) && expr(a->value);
      break;
    }
    case NodeKind::AnnAssign: {
      auto* a = static_cast<AnnAssign*>(s);
      ok = expr(a->target) && (!annotations || expr(a->annotation)) && (!a->value || expr(a->value));
      break;
    }
    case NodeKind::For: {
      auto* f = static_cast<For*>(s);
      ok = expr(f->target) && expr(f->iter) && stmts(f->body) && stmts(f->orelse) &&
           fold_iter(f->iter);
      break;
    }
    case NodeKind::AsyncFor: {
      auto* f = static_cast<AsyncFor*>(s);
      ok = expr(f->target) && expr(f->iter) && stmts(f->body) && stmts(f->orelse);
      break;
    }
    case NodeKind::While: {
      auto* w = static_cast<While*>(s);
      ok = expr(w->test) && stmts(w->body) && stmts(w->orelse);
      break;
    }
    case NodeKind::If: {
      auto* i = static_cast<If*>(s);
      ok = expr(i->test) && stmts(i->body) && stmts(i->orelse);
      break;
    }
    case NodeKind::With:
    case NodeKind::AsyncWith: {
      Seq<WithItem*>& items =
          s->is<With>() ? static_cast<With*>(s)->items : static_cast<AsyncWith*>(s)->items;
      for (WithItem* item : items)
        ok = ok && expr(item->context_expr) && (!item->optional_vars || expr(item->optional_vars));
      ok = ok && stmts(s->is<With>() ? static_cast<With*>(s)->body : static_cast<AsyncWith*>(s)->body);
      break;
    }
    case NodeKind::Raise: {
      auto* r = static_cast<Raise*>(s);
      ok = (!r->exc || expr(r->exc)) && (!r->cause || expr(r->cause));
      break;
    }
    case NodeKind::Try:
    case NodeKind::TryStar: {
      Seq<Stmt*>* body_seq;
      Seq<ExceptHandlerBase*>* handlers;
      Seq<Stmt*>* orelse;
      Seq<Stmt*>* finalbody;
      if (auto* t = s->as<Try>()) {
        body_seq = &t->body, handlers = &t->handlers, orelse = &t->orelse, finalbody = &t->finalbody;
      } else {
        auto* t2 = static_cast<TryStar*>(s);
        body_seq = &t2->body, handlers = &t2->handlers, orelse = &t2->orelse,
        finalbody = &t2->finalbody;
      }
      ok = stmts(*body_seq);
      for (ExceptHandlerBase* hb : *handlers) {
        auto* h = static_cast<ExceptHandler*>(hb);
        ok = ok && (!h->type || expr(h->type)) && stmts(h->body);
      }
      ok = ok && stmts(*orelse) && stmts(*finalbody);
      break;
    }
    case NodeKind::Assert: {
      auto* a = static_cast<Assert*>(s);
      ok = expr(a->test) && (!a->msg || expr(a->msg));
      break;
    }
    case NodeKind::ExprStmt:
      ok = expr(static_cast<ExprStmt*>(s)->value);
      break;
    case NodeKind::Match: {
      auto* m = static_cast<Match*>(s);
      ok = expr(m->subject);
      for (MatchCase* c : m->cases)
        ok = ok && pattern(c->pattern) && (!c->guard || expr(c->guard)) && stmts(c->body);
      break;
    }
    default:
      break;
  }
  --depth_;
  return ok;
}

bool FoldPass::pattern(Pattern* p) {
  if (!enter()) return false;
  bool ok = true;
  switch (p->node_kind) {
    case NodeKind::MatchValue:
      ok = expr(static_cast<MatchValue*>(p)->value);
      break;
    case NodeKind::MatchSequence:
      for (Pattern* sub : static_cast<MatchSequence*>(p)->patterns) ok = ok && pattern(sub);
      break;
    case NodeKind::MatchMapping: {
      auto* m = static_cast<MatchMapping*>(p);
      ok = exprs(m->keys);
      for (Pattern* sub : m->patterns) ok = ok && pattern(sub);
      break;
    }
    case NodeKind::MatchClass: {
      auto* c = static_cast<MatchClass*>(p);
      ok = expr(c->cls);
      for (Pattern* sub : c->patterns) ok = ok && pattern(sub);
      for (Pattern* sub : c->kwd_patterns) ok = ok && pattern(sub);
      break;
    }
    case NodeKind::MatchAs: {
      auto* a = static_cast<MatchAs*>(p);
      ok = !a->pattern || pattern(a->pattern);
      break;
    }
    case NodeKind::MatchOr:
      for (Pattern* sub : static_cast<MatchOr*>(p)->patterns) ok = ok && pattern(sub);
      break;
    default:
      break;
  }
  --depth_;
  return ok;
}

bool FoldPass::expr(Expr*& e) {
  if (!enter()) return false;
  bool ok = true;
  switch (e->node_kind) {
    case NodeKind::BoolOp:
      ok = exprs(static_cast<BoolOp*>(e)->values);
      break;
    case NodeKind::BinOp: {
      auto* b = static_cast<BinOp*>(e);
      ok = expr(b->left) && expr(b->right) && fold_binop(e);
      break;
    }
    case NodeKind::UnaryOp:
      ok = expr(static_cast<UnaryOp*>(e)->operand) && fold_unaryop(e);
      break;
    case NodeKind::Lambda: {
      auto* l = static_cast<Lambda*>(e);
      ok = arguments(l->args) && expr(l->body);
      break;
    }
    case NodeKind::IfExp: {
      auto* i = static_cast<IfExp*>(e);
      ok = expr(i->test) && expr(i->body) && expr(i->orelse);
      break;
    }
    case NodeKind::Dict: {
      auto* d = static_cast<Dict*>(e);
      ok = exprs(d->keys) && exprs(d->values);
      break;
    }
    case NodeKind::Set:
      ok = exprs(static_cast<ast::Set*>(e)->elts);
      break;
    case NodeKind::ListComp: {
      auto* c = static_cast<ListComp*>(e);
      ok = expr(c->elt);
      for (Comprehension* g : c->generators) ok = ok && comprehension(g);
      break;
    }
    case NodeKind::SetComp: {
      auto* c = static_cast<SetComp*>(e);
      ok = expr(c->elt);
      for (Comprehension* g : c->generators) ok = ok && comprehension(g);
      break;
    }
    case NodeKind::DictComp: {
      auto* c = static_cast<DictComp*>(e);
      ok = expr(c->key) && expr(c->value);
      for (Comprehension* g : c->generators) ok = ok && comprehension(g);
      break;
    }
    case NodeKind::GeneratorExp: {
      auto* c = static_cast<GeneratorExp*>(e);
      ok = expr(c->elt);
      for (Comprehension* g : c->generators) ok = ok && comprehension(g);
      break;
    }
    case NodeKind::Await:
      ok = expr(static_cast<Await*>(e)->value);
      break;
    case NodeKind::Yield: {
      auto* y = static_cast<Yield*>(e);
      ok = !y->value || expr(y->value);
      break;
    }
    case NodeKind::YieldFrom:
      ok = expr(static_cast<YieldFrom*>(e)->value);
      break;
    case NodeKind::Compare: {
      auto* c = static_cast<Compare*>(e);
      ok = expr(c->left) && exprs(c->comparators);
      // `x in [a, b]` / `x in {a, b}`: the last comparator can be a tuple/frozenset.
      CmpOperator last = c->ops[c->ops.size() - 1];
      if (ok && (last == CmpOperator::In || last == CmpOperator::NotIn))
        ok = fold_iter(c->comparators[c->comparators.size() - 1]);
      break;
    }
    case NodeKind::Call: {
      auto* c = static_cast<Call*>(e);
      ok = expr(c->func) && exprs(c->args);
      for (Keyword* k : c->keywords) ok = ok && expr(k->value);
      break;
    }
    case NodeKind::FormattedValue: {
      auto* f = static_cast<FormattedValue*>(e);
      ok = expr(f->value) && (!f->format_spec || expr(f->format_spec));
      break;
    }
    case NodeKind::JoinedStr:
      ok = exprs(static_cast<JoinedStr*>(e)->values);
      break;
    case NodeKind::Attribute:
      ok = expr(static_cast<Attribute*>(e)->value);
      break;
    case NodeKind::Subscript: {
      auto* s = static_cast<Subscript*>(e);
      ok = expr(s->value) && expr(s->slice);
      if (ok && s->ctx == ExprContext::Load) {
        Value container = value(s->value);
        Value index = value(s->slice);
        if (container && index) ok = make_const(e, get_item(container, index));
      }
      break;
    }
    case NodeKind::Starred:
      ok = expr(static_cast<Starred*>(e)->value);
      break;
    case NodeKind::Slice: {
      auto* s = static_cast<Slice*>(e);
      ok = (!s->lower || expr(s->lower)) && (!s->upper || expr(s->upper)) &&
           (!s->step || expr(s->step));
      break;
    }
    case NodeKind::List:
      ok = exprs(static_cast<List*>(e)->elts);
      break;
    case NodeKind::Tuple: {
      auto* t = static_cast<Tuple*>(e);
      ok = exprs(t->elts);
      if (ok && t->ctx == ExprContext::Load) ok = make_const(e, make_const_tuple(t->elts));
      break;
    }
    case NodeKind::Name: {
      auto* n = static_cast<Name*>(e);
      if (n->ctx == ExprContext::Load && n->id == "__debug__")
        ok = make_const(e, new_bool(f_.optimize_ == 0));
      break;
    }
    case NodeKind::NamedExpr:
      ok = expr(static_cast<NamedExpr*>(e)->value);
      break;
    case NodeKind::Constant:
      ok = check_int_literal(static_cast<Constant*>(e));
      break;
    default:
      break;
  }
  --depth_;
  return ok;
}

Ref<> FoldPass::make_const_tuple(const Seq<Expr*>& elts) {
  for (Expr* e : elts)
    if (!e->is<Constant>()) return nullptr;
  Ref<TupleObject> t = tuple_allocate(int64_t(elts.size()));
  if (!t) return nullptr;
  for (size_t i = 0; i < elts.size(); i++) {
    Value v = value(elts[i]);
    if (!v) return nullptr;
    t->items[i] = new_ref(v).release();
  }
  return t;
}

bool FoldPass::fold_unaryop(Expr*& e) {
  auto* u = static_cast<UnaryOp*>(e);
  Value operand = value(u->operand);
  if (!operand) {
    // not (a is b) -> a is not b, and likewise for `in`. (Not for ==/< etc.: __ne__
    // need not be the negation of __eq__, and sets use < for subsets.)
    auto* c = u->operand->as<Compare>();
    if (u->op == UnaryOperator::Not && c && c->ops.size() == 1) {
      CmpOperator& op = c->ops[0];
      switch (op) {
        case CmpOperator::Is: op = CmpOperator::IsNot; break;
        case CmpOperator::IsNot: op = CmpOperator::Is; break;
        case CmpOperator::In: op = CmpOperator::NotIn; break;
        case CmpOperator::NotIn: op = CmpOperator::In; break;
        default: return true;
      }
      e = c;
    }
    return true;
  }
  switch (u->op) {
    case UnaryOperator::Invert: return make_const(e, unary_invert(operand));
    case UnaryOperator::Not: {
      int truth = is_true(operand);
      return make_const(e, truth < 0 ? nullptr : new_bool(!truth));
    }
    case UnaryOperator::UAdd: return make_const(e, unary_positive(operand));
    case UnaryOperator::USub: return make_const(e, unary_negative(operand));
  }
  return true;
}

bool FoldPass::fold_binop(Expr*& e) {
  auto* b = static_cast<BinOp*>(e);
  Value lv = value(b->left);
  if (!lv) return true;
  if (auto* t = b->right->as<Tuple>(); t && b->op == Operator::Mod && is_str(lv) &&
                                         !has_starred(t->elts))
    return optimize_format(e, as_str(lv), t->elts);
  Value rv = value(b->right);
  if (!rv) return true;
  Ref<> result;
  switch (b->op) {
    case Operator::Add: result = binary_op(lv, rv, BinaryOperator::Add); break;
    case Operator::Sub: result = binary_op(lv, rv, BinaryOperator::Subtract); break;
    case Operator::Mult: result = safe_multiply(lv, rv); break;
    case Operator::Div: result = binary_op(lv, rv, BinaryOperator::TrueDivide); break;
    case Operator::FloorDiv: result = binary_op(lv, rv, BinaryOperator::FloorDivide); break;
    case Operator::Mod: result = safe_mod(lv, rv); break;
    case Operator::Pow: result = safe_power(lv, rv); break;
    case Operator::LShift: result = safe_lshift(lv, rv); break;
    case Operator::RShift: result = binary_op(lv, rv, BinaryOperator::RShift); break;
    case Operator::BitOr: result = binary_op(lv, rv, BinaryOperator::Or); break;
    case Operator::BitXor: result = binary_op(lv, rv, BinaryOperator::Xor); break;
    case Operator::BitAnd: result = binary_op(lv, rv, BinaryOperator::And); break;
    case Operator::MatMult: return true;  // no constant supports @
  }
  return make_const(e, std::move(result));
}

// A list display iterated over (`for`, `in`, comprehensions) becomes a tuple, a constant
// one when it can; a set display of constants becomes a frozenset.
bool FoldPass::fold_iter(Expr*& e) {
  if (auto* l = e->as<List>()) {
    if (has_starred(l->elts)) return true;
    Tuple* t = make_node<Tuple>(*f_.arena_);
    t->lineno = l->lineno;
    t->col_offset = l->col_offset;
    t->end_lineno = l->end_lineno;
    t->end_col_offset = l->end_col_offset;
    t->elts = l->elts;
    t->ctx = l->ctx;
    e = t;
    return make_const(e, make_const_tuple(t->elts));
  }
  if (auto* s = e->as<ast::Set>()) {
    Ref<> items = make_const_tuple(s->elts);
    if (!items) return make_const(e, nullptr);
    return make_const(e, set_from_iterable(&frozenset_type, items));
  }
  return true;
}

// "%s, %r" % (a, b) -> f"{a!s}, {b!r}" when the format only uses %s/%r/%a with optional
// width and precision and the item count matches.
bool FoldPass::optimize_format(Expr*& e, StrObject* fmt, const Seq<Expr*>& elts) {
  int64_t len = fmt->length;
  int64_t pos = 0;
  size_t count = 0;
  std::vector<Expr*> pieces;
  Located none_location{};
  none_location.lineno = none_location.col_offset = none_location.end_lineno =
      none_location.end_col_offset = -1;
  while (true) {
    // A literal run, with %% as %.
    int64_t start = pos;
    bool has_percents = false;
    while (pos < len) {
      if (fmt->at(pos) != '%') {
        pos++;
      } else if (pos + 1 < len && fmt->at(pos + 1) == '%') {
        has_percents = true;
        pos += 2;
      } else {
        break;
      }
    }
    if (pos != start) {
      Ref<StrObject> literal;
      if (has_percents) {
        StrBuilder builder;
        for (int64_t i = start; i < pos; i++) {
          builder.append(fmt->at(i));
          if (fmt->at(i) == '%') i++;
        }
        literal = builder.finish();
      } else {
        literal = str_substring(fmt, start, pos);
      }
      Constant* c = make_str(&none_location, std::move(literal));
      if (!c) return false;
      pieces.push_back(c);
    }
    if (pos >= len) break;
    if (count >= elts.size()) return true;  // more format units than items
    pos++;  // '%'
    // Flags, width, precision, conversion.
    auto next = [&](char32_t* ch) {
      if (pos >= len) return false;
      *ch = fmt->at(pos++);
      return true;
    };
    char32_t ch;
    bool left_justify = false;
    while (true) {
      if (!next(&ch)) return true;
      if (ch == '-') left_justify = true;
      else if (ch == '+' || ch == ' ' || ch == '#' || ch == '0') {}
      else break;
    }
    // Width and precision have at most two digits (CPython's MAXDIGITS).
    constexpr int kMaxDigits = 3;
    int width = -1, precision = -1;
    if (ch >= '0' && ch <= '9') {
      width = 0;
      int digits = 0;
      while (ch >= '0' && ch <= '9') {
        width = width * 10 + int(ch - '0');
        if (!next(&ch)) return true;
        if (++digits >= kMaxDigits) return true;
      }
    }
    if (ch == '.') {
      if (!next(&ch)) return true;
      precision = 0;
      int digits = 0;
      while (ch >= '0' && ch <= '9') {
        precision = precision * 10 + int(ch - '0');
        if (!next(&ch)) return true;
        if (++digits >= kMaxDigits) return true;
      }
    }
    if (ch != 's' && ch != 'r' && ch != 'a') return true;  // unsupported: leave as is
    Expr* arg = elts[count++];
    std::string spec;
    if (!left_justify && width > 0) spec += '>';
    if (width >= 0) spec += std::to_string(width);
    if (precision >= 0) spec += "." + std::to_string(precision);
    FormattedValue* fv = make_node<FormattedValue>(*f_.arena_);
    fv->lineno = arg->lineno;
    fv->col_offset = arg->col_offset;
    fv->end_lineno = arg->end_lineno;
    fv->end_col_offset = arg->end_col_offset;
    fv->value = arg;
    fv->conversion = int(ch);
    if (!spec.empty()) {
      Constant* c = make_str(&none_location, str_from_ascii(spec));
      if (!c) return false;
      fv->format_spec = c;
    }
    pieces.push_back(fv);
  }
  if (count < elts.size()) return true;  // more items than format units
  JoinedStr* joined = make_node<JoinedStr>(*f_.arena_);
  joined->lineno = e->lineno;
  joined->col_offset = e->col_offset;
  joined->end_lineno = e->end_lineno;
  joined->end_col_offset = e->end_col_offset;
  joined->values = Seq<Expr*>::copy_of(*f_.arena_, pieces);
  e = joined;
  return true;
}

}  // namespace krait::compile
