// Building and analysing the symbol table (CPython 3.11's symtable.c, rewritten): a first
// pass over the AST records what each scope does with each name, a second pass
// (analyze_block) resolves every name to local/global/free/cell following the rules of
// the Language Reference §4.2 ("Naming and binding").
#include "compile/symtable.h"

#include <set>

namespace krait::compile {

// --- SymbolMap ------------------------------------------------------------------------

Symbol* SymbolMap::find(std::string_view name) {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &symbols_[it->second];
}

const Symbol* SymbolMap::find(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &symbols_[it->second];
}

Symbol& SymbolMap::get_or_add(std::string_view name) {
  auto it = index_.find(name);
  if (it != index_.end()) return symbols_[it->second];
  index_.emplace(std::string(name), names_.size());
  names_.emplace_back(name);
  symbols_.emplace_back();
  return symbols_.back();
}

Scope SymbolTableEntry::scope_of(std::string_view name) const {
  const Symbol* s = symbols.find(name);
  return s ? s->scope : Scope::None;
}

uint32_t SymbolTableEntry::flags_of(std::string_view name) const {
  const Symbol* s = symbols.find(name);
  return s ? s->flags : 0;
}

SymbolTableEntry* SymbolTable::lookup(const void* key) const {
  auto it = by_key_.find(key);
  return it == by_key_.end() ? nullptr : it->second;
}

SymbolTableEntry* SymbolTable::new_entry() {
  entries_.push_back(std::make_unique<SymbolTableEntry>());
  return entries_.back().get();
}

// --- Name mangling --------------------------------------------------------------------

bool needs_mangling(std::string_view private_name, std::string_view name) {
  if (private_name.empty() || name.size() < 2 || name[0] != '_' || name[1] != '_') return false;
  // __dunder__ names and dotted (import) names are left alone.
  if (name[name.size() - 1] == '_' && name[name.size() - 2] == '_') return false;
  if (name.find('.') != std::string_view::npos) return false;
  // A class named only with underscores mangles nothing.
  return private_name.find_first_not_of('_') != std::string_view::npos;
}

std::string mangle(std::string_view private_name, std::string_view name) {
  if (!needs_mangling(private_name, name)) return std::string(name);
  std::string out = "_";
  out += private_name.substr(private_name.find_first_not_of('_'));
  out += name;
  return out;
}

// --- First pass: recording definitions and uses ---------------------------------------

using namespace ast;

namespace {
constexpr const char* kGlobalParam = "name '{}' is parameter and global";
constexpr const char* kNonlocalParam = "name '{}' is parameter and nonlocal";
constexpr const char* kGlobalAfterAssign = "name '{}' is assigned to before global declaration";
constexpr const char* kNonlocalAfterAssign = "name '{}' is assigned to before nonlocal declaration";
constexpr const char* kGlobalAfterUse = "name '{}' is used prior to global declaration";
constexpr const char* kNonlocalAfterUse = "name '{}' is used prior to nonlocal declaration";
constexpr const char* kGlobalAnnot = "annotated name '{}' can't be global";
constexpr const char* kNonlocalAnnot = "annotated name '{}' can't be nonlocal";

std::string format_name(const char* fmt, std::string_view name) {
  std::string out;
  std::string_view f(fmt);
  size_t at = f.find("{}");
  out.append(f.substr(0, at));
  out.append(name);
  out.append(f.substr(at + 2));
  return out;
}

SourceRange range_of(const Located* node) {
  return {node->lineno, node->col_offset, node->end_lineno, node->end_col_offset};
}
}  // namespace

class SymbolTableBuilder {
 public:
  SymbolTableBuilder(SymbolTable* table, bool future_annotations, int recursion_limit,
                     CompileError* error)
      : table_(table), future_annotations_(future_annotations),
        recursion_limit_(recursion_limit), error_(error) {}

  bool build(const Mod* module);

 private:
  // Errors. Symbol-table SyntaxErrors carry only the message in args; the location is set
  // as attributes (PyErr_RangedSyntaxLocationObject), offsets 1-based.
  bool fail(std::string message, int lineno, int col, int end_lineno, int end_col) {
    error_->kind = CompileError::Kind::SyntaxError;
    error_->style = CompileError::Style::Short;
    error_->message = std::move(message);
    error_->lineno = lineno;
    error_->offset = col + 1;
    error_->end_lineno = end_lineno;
    error_->end_offset = end_col + 1;
    return false;
  }
  bool fail(std::string message, const SourceRange& r) {
    return fail(std::move(message), r.lineno, r.col_offset, r.end_lineno, r.end_col_offset);
  }
  bool fail(std::string message, const Located* node) { return fail(std::move(message), range_of(node)); }

  bool enter_block(std::string_view name, BlockType type, const void* key, SourceRange range);
  void exit_block();

  bool add_def(std::string_view name, uint32_t flag, const SourceRange& r) {
    return add_def_in(name, flag, current_, r);
  }
  bool add_def_in(std::string_view name, uint32_t flag, SymbolTableEntry* entry,
                  const SourceRange& r);
  uint32_t lookup(std::string_view name) {
    return current_->flags_of(mangle(private_name_, name));
  }
  void record_directive(std::string_view name, const SourceRange& r) {
    current_->directives.emplace_back(mangle(private_name_, name), r);
  }

  bool visit_stmt(const Stmt* s);
  bool visit_expr(const Expr* e);
  bool visit_stmts(const Seq<Stmt*>& body) {
    for (const Stmt* s : body)
      if (!visit_stmt(s)) return false;
    return true;
  }
  bool visit_exprs(const Seq<Expr*>& exprs) {
    for (const Expr* e : exprs)
      if (e && !visit_expr(e)) return false;  // null entries: Dict `**`, missing kw defaults
    return true;
  }
  bool visit_function(const Stmt* s, Identifier name, const Arguments* args,
                      const Seq<Stmt*>& body, const Seq<Expr*>& decorators, const Expr* returns,
                      bool is_async);
  bool visit_arguments(const Arguments* a);
  bool visit_params(const Seq<Arg*>& params);
  bool visit_annotation(const Expr* annotation);
  bool visit_annotations(const Stmt* s, const Arguments* a, const Expr* returns);
  bool visit_arg_annotations(const Seq<Arg*>& args);
  bool visit_alias(const Alias* a);
  bool visit_pattern(const Pattern* p);
  bool visit_comprehension(const Comprehension* c);
  bool handle_comprehension(const Expr* e, std::string_view scope_name,
                            const Seq<Comprehension*>& generators, const Expr* elt,
                            const Expr* value);
  bool extend_namedexpr_scope(const Expr* target);
  bool raise_if_annotation_block(const char* what, const Expr* e);
  bool raise_if_comprehension_block(const Expr* e);
  bool global_or_nonlocal(const Stmt* s, const Seq<Identifier>& names, bool is_global);

  bool enter_recursion() {
    if (++depth_ > recursion_limit_ || compile_stack_exhausted()) {
      error_->kind = CompileError::Kind::RecursionError;
      error_->message = "maximum recursion depth exceeded during compilation";
      return false;
    }
    return true;
  }

  SymbolTable* table_;
  bool future_annotations_;
  int recursion_limit_;
  int depth_ = 0;
  CompileError* error_;
  std::vector<SymbolTableEntry*> stack_;
  SymbolTableEntry* current_ = nullptr;
  SymbolMap* globals_ = nullptr;    // the module's symbols (st_global)
  std::string_view private_name_;  // the enclosing class name, for mangling
};

bool SymbolTableBuilder::enter_block(std::string_view name, BlockType type, const void* key,
                                     SourceRange range) {
  SymbolTableEntry* entry = table_->new_entry();
  entry->name = std::string(name);
  entry->type = type;
  entry->key = key;
  entry->range = range;
  if (current_ && (current_->nested || current_->type == BlockType::Function))
    entry->nested = true;
  // bpo-37757: no assignment expressions anywhere inside a comprehension's outermost
  // iterable, even in nested lambdas or comprehensions.
  if (current_) entry->comp_iter_expr = current_->comp_iter_expr;
  SymbolTableEntry* previous = current_;
  stack_.push_back(entry);
  current_ = entry;
  // Annotation blocks (future annotations) only exist to check their contents; they
  // become strings and affect no scope.
  if (type == BlockType::Annotation) return true;
  if (key) table_->by_key_[key] = entry;
  if (type == BlockType::Module) globals_ = &entry->symbols;
  if (previous) previous->children.push_back(entry);
  return true;
}

void SymbolTableBuilder::exit_block() {
  stack_.pop_back();
  current_ = stack_.empty() ? nullptr : stack_.back();
}

bool SymbolTableBuilder::add_def_in(std::string_view name, uint32_t flag, SymbolTableEntry* entry,
                                    const SourceRange& r) {
  std::string mangled = mangle(private_name_, name);
  Symbol& symbol = entry->symbols.get_or_add(mangled);
  uint32_t value = symbol.flags;
  if ((flag & kDefParam) && (value & kDefParam))
    return fail(format_name("duplicate argument '{}' in function definition", name), r);
  value |= flag;
  if (entry->comp_iter_target) {
    // An iteration variable of a comprehension: it may not also be the target of an
    // assignment expression in the comprehension.
    if (value & (kDefGlobal | kDefNonlocal))
      return fail(format_name("comprehension inner loop cannot rebind assignment expression "
                              "target '{}'",
                              name),
                  r);
    value |= kDefCompIter;
  }
  symbol.flags = value;
  if (flag & kDefParam) {
    entry->varnames.push_back(mangled);
  } else if (flag & kDefGlobal) {
    globals_->get_or_add(mangled).flags |= flag;
  }
  return true;
}

bool SymbolTableBuilder::build(const Mod* module) {
  if (!enter_block("top", BlockType::Module, module, SourceRange{0, 0, 0, 0})) return false;
  table_->top_ = current_;
  bool ok = true;
  switch (module->node_kind) {
    case NodeKind::Module:
      ok = visit_stmts(static_cast<const ast::Module*>(module)->body);
      break;
    case NodeKind::Interactive:
      ok = visit_stmts(static_cast<const Interactive*>(module)->body);
      break;
    case NodeKind::Expression:
      ok = visit_expr(static_cast<const Expression*>(module)->body);
      break;
    default:
      error_->kind = CompileError::Kind::SystemError;
      error_->message = "unsupported AST node for the symbol table";
      return false;
  }
  if (!ok) return false;
  exit_block();
  return true;
}

bool SymbolTableBuilder::global_or_nonlocal(const Stmt* s, const Seq<Identifier>& names,
                                            bool is_global) {
  for (Identifier name : names) {
    uint32_t current = lookup(name);
    if (current & (kDefParam | kDefLocal | kUse | kDefAnnot)) {
      const char* msg;
      if (current & kDefParam) msg = is_global ? kGlobalParam : kNonlocalParam;
      else if (current & kUse) msg = is_global ? kGlobalAfterUse : kNonlocalAfterUse;
      else if (current & kDefAnnot) msg = is_global ? kGlobalAnnot : kNonlocalAnnot;
      else msg = is_global ? kGlobalAfterAssign : kNonlocalAfterAssign;
      return fail(format_name(msg, name), s);
    }
    if (!add_def(name, is_global ? kDefGlobal : kDefNonlocal, range_of(s))) return false;
    record_directive(name, range_of(s));
  }
  return true;
}

bool SymbolTableBuilder::visit_function(const Stmt* s, Identifier name, const Arguments* args,
                                        const Seq<Stmt*>& body, const Seq<Expr*>& decorators,
                                        const Expr* returns, bool is_async) {
  if (!add_def(name, kDefLocal, range_of(s))) return false;
  if (!visit_exprs(args->defaults) || !visit_exprs(args->kw_defaults)) return false;
  if (!visit_annotations(s, args, returns)) return false;
  if (!visit_exprs(decorators)) return false;
  if (!enter_block(name, BlockType::Function, s, range_of(s))) return false;
  if (is_async) current_->coroutine = true;
  if (!visit_arguments(args) || !visit_stmts(body)) return false;
  exit_block();
  return true;
}

bool SymbolTableBuilder::visit_stmt(const Stmt* s) {
  if (!enter_recursion()) return false;
  bool ok = true;
  switch (s->node_kind) {
    case NodeKind::FunctionDef: {
      auto* f = static_cast<const FunctionDef*>(s);
      ok = visit_function(s, f->name, f->args, f->body, f->decorator_list, f->returns, false);
      break;
    }
    case NodeKind::AsyncFunctionDef: {
      auto* f = static_cast<const AsyncFunctionDef*>(s);
      ok = visit_function(s, f->name, f->args, f->body, f->decorator_list, f->returns, true);
      break;
    }
    case NodeKind::ClassDef: {
      auto* c = static_cast<const ClassDef*>(s);
      if (!add_def(c->name, kDefLocal, range_of(s)) || !visit_exprs(c->bases)) return false;
      for (const Keyword* k : c->keywords)
        if (!visit_expr(k->value)) return false;
      if (!visit_exprs(c->decorator_list)) return false;
      if (!enter_block(c->name, BlockType::Class, s, range_of(s))) return false;
      std::string_view saved = private_name_;
      private_name_ = c->name;
      ok = visit_stmts(c->body);
      private_name_ = saved;
      if (!ok) return false;
      exit_block();
      break;
    }
    case NodeKind::Return: {
      auto* r = static_cast<const Return*>(s);
      if (r->value) {
        ok = visit_expr(r->value);
        current_->returns_value = true;
      }
      break;
    }
    case NodeKind::Delete:
      ok = visit_exprs(static_cast<const Delete*>(s)->targets);
      break;
    case NodeKind::Assign: {
      auto* a = static_cast<const Assign*>(s);
      ok = visit_exprs(a->targets) && visit_expr(a->value);
      break;
    }
    case NodeKind::AnnAssign: {
      auto* a = static_cast<const AnnAssign*>(s);
      if (auto* name = a->target->as<Name>()) {
        uint32_t current = lookup(name->id);
        if ((current & (kDefGlobal | kDefNonlocal)) && &current_->symbols != globals_ &&
            a->simple)
          return fail(format_name(current & kDefGlobal ? kGlobalAnnot : kNonlocalAnnot, name->id),
                      s);
        if (a->simple) {
          if (!add_def(name->id, kDefAnnot | kDefLocal, range_of(name))) return false;
        } else if (a->value) {
          if (!add_def(name->id, kDefLocal, range_of(name))) return false;
        }
      } else if (!visit_expr(a->target)) {
        return false;
      }
      ok = visit_annotation(a->annotation) && (!a->value || visit_expr(a->value));
      break;
    }
    case NodeKind::AugAssign: {
      auto* a = static_cast<const AugAssign*>(s);
      ok = visit_expr(a->target) && visit_expr(a->value);
      break;
    }
    case NodeKind::For: {
      auto* f = static_cast<const For*>(s);
      ok = visit_expr(f->target) && visit_expr(f->iter) && visit_stmts(f->body) &&
           visit_stmts(f->orelse);
      break;
    }
    case NodeKind::AsyncFor: {
      auto* f = static_cast<const AsyncFor*>(s);
      ok = visit_expr(f->target) && visit_expr(f->iter) && visit_stmts(f->body) &&
           visit_stmts(f->orelse);
      break;
    }
    case NodeKind::While: {
      auto* w = static_cast<const While*>(s);
      ok = visit_expr(w->test) && visit_stmts(w->body) && visit_stmts(w->orelse);
      break;
    }
    case NodeKind::If: {
      auto* i = static_cast<const If*>(s);
      ok = visit_expr(i->test) && visit_stmts(i->body) && visit_stmts(i->orelse);
      break;
    }
    case NodeKind::Match: {
      auto* m = static_cast<const Match*>(s);
      if (!visit_expr(m->subject)) return false;
      for (const MatchCase* c : m->cases) {
        if (!visit_pattern(c->pattern)) return false;
        if (c->guard && !visit_expr(c->guard)) return false;
        if (!visit_stmts(c->body)) return false;
      }
      break;
    }
    case NodeKind::Raise: {
      auto* r = static_cast<const Raise*>(s);
      ok = (!r->exc || visit_expr(r->exc)) && (!r->cause || visit_expr(r->cause));
      break;
    }
    case NodeKind::Try:
    case NodeKind::TryStar: {
      // Try and TryStar have the same fields.
      const Seq<Stmt*>* body;
      const Seq<ExceptHandlerBase*>* handlers;
      const Seq<Stmt*>* orelse;
      const Seq<Stmt*>* finalbody;
      if (auto* t = s->as<Try>()) {
        body = &t->body, handlers = &t->handlers, orelse = &t->orelse, finalbody = &t->finalbody;
      } else {
        auto* ts = static_cast<const TryStar*>(s);
        body = &ts->body, handlers = &ts->handlers, orelse = &ts->orelse,
        finalbody = &ts->finalbody;
      }
      if (!visit_stmts(*body) || !visit_stmts(*orelse)) return false;
      for (const ExceptHandlerBase* hb : *handlers) {
        auto* h = static_cast<const ExceptHandler*>(hb);
        if (h->type && !visit_expr(h->type)) return false;
        if (!is_none(h->name) && !add_def(h->name, kDefLocal, range_of(h))) return false;
        if (!visit_stmts(h->body)) return false;
      }
      ok = visit_stmts(*finalbody);
      break;
    }
    case NodeKind::Assert: {
      auto* a = static_cast<const Assert*>(s);
      ok = visit_expr(a->test) && (!a->msg || visit_expr(a->msg));
      break;
    }
    case NodeKind::Import:
      for (const Alias* a : static_cast<const Import*>(s)->names)
        if (!visit_alias(a)) return false;
      break;
    case NodeKind::ImportFrom:
      for (const Alias* a : static_cast<const ImportFrom*>(s)->names)
        if (!visit_alias(a)) return false;
      break;
    case NodeKind::Global:
      ok = global_or_nonlocal(s, static_cast<const Global*>(s)->names, true);
      break;
    case NodeKind::Nonlocal:
      ok = global_or_nonlocal(s, static_cast<const Nonlocal*>(s)->names, false);
      break;
    case NodeKind::ExprStmt:
      ok = visit_expr(static_cast<const ExprStmt*>(s)->value);
      break;
    case NodeKind::Pass:
    case NodeKind::Break:
    case NodeKind::Continue:
      break;
    case NodeKind::With:
    case NodeKind::AsyncWith: {
      const Seq<WithItem*>& items =
          s->is<With>() ? static_cast<const With*>(s)->items : static_cast<const AsyncWith*>(s)->items;
      const Seq<Stmt*>& body =
          s->is<With>() ? static_cast<const With*>(s)->body : static_cast<const AsyncWith*>(s)->body;
      for (const WithItem* item : items) {
        if (!visit_expr(item->context_expr)) return false;
        if (item->optional_vars && !visit_expr(item->optional_vars)) return false;
      }
      ok = visit_stmts(body);
      break;
    }
    default:
      break;
  }
  --depth_;
  return ok;
}

bool SymbolTableBuilder::raise_if_annotation_block(const char* what, const Expr* e) {
  if (current_->type != BlockType::Annotation) return true;
  return fail(std::string("'") + what + "' can not be used within an annotation", e);
}

bool SymbolTableBuilder::raise_if_comprehension_block(const Expr* e) {
  const char* msg;
  switch (current_->comprehension) {
    case ComprehensionKind::List: msg = "'yield' inside list comprehension"; break;
    case ComprehensionKind::Set: msg = "'yield' inside set comprehension"; break;
    case ComprehensionKind::Dict: msg = "'yield' inside dict comprehension"; break;
    default: msg = "'yield' inside generator expression"; break;
  }
  return fail(msg, e);
}

// An assignment expression inside a comprehension binds in the nearest enclosing scope
// that is not a comprehension (PEP 572).
bool SymbolTableBuilder::extend_namedexpr_scope(const Expr* target) {
  auto* name = target->as<Name>();
  if (!name) return true;  // the parser only allows names; compile() of odd ASTs may not
  Identifier target_name = name->id;
  SourceRange r = range_of(target);
  for (size_t i = stack_.size(); i-- > 0;) {
    SymbolTableEntry* entry = stack_[i];
    if (entry->comprehension != ComprehensionKind::None) {
      if (entry->flags_of(mangle(private_name_, target_name)) & kDefCompIter)
        return fail(format_name("assignment expression cannot rebind comprehension iteration "
                                "variable '{}'",
                                target_name),
                    r);
      continue;
    }
    if (entry->type == BlockType::Function) {
      uint32_t in_scope = entry->flags_of(mangle(private_name_, target_name));
      if (!add_def(target_name, (in_scope & kDefGlobal) ? kDefGlobal : kDefNonlocal, r))
        return false;
      record_directive(target_name, r);
      return add_def_in(target_name, kDefLocal, entry, r);
    }
    if (entry->type == BlockType::Module) {
      if (!add_def(target_name, kDefGlobal, r)) return false;
      record_directive(target_name, r);
      return add_def_in(target_name, kDefGlobal, entry, r);
    }
    if (entry->type == BlockType::Class)
      return fail("assignment expression within a comprehension cannot be used in a class body",
                  r);
  }
  return true;
}

bool SymbolTableBuilder::visit_expr(const Expr* e) {
  if (!enter_recursion()) return false;
  bool ok = true;
  switch (e->node_kind) {
    case NodeKind::NamedExpr: {
      auto* n = static_cast<const NamedExpr*>(e);
      if (!raise_if_annotation_block("named expression", e)) return false;
      if (current_->comp_iter_expr > 0)
        return fail("assignment expression cannot be used in a comprehension iterable expression",
                    e);
      if (current_->comprehension != ComprehensionKind::None && !extend_namedexpr_scope(n->target))
        return false;
      ok = visit_expr(n->value) && visit_expr(n->target);
      break;
    }
    case NodeKind::BoolOp:
      ok = visit_exprs(static_cast<const BoolOp*>(e)->values);
      break;
    case NodeKind::BinOp: {
      auto* b = static_cast<const BinOp*>(e);
      ok = visit_expr(b->left) && visit_expr(b->right);
      break;
    }
    case NodeKind::UnaryOp:
      ok = visit_expr(static_cast<const UnaryOp*>(e)->operand);
      break;
    case NodeKind::Lambda: {
      auto* l = static_cast<const Lambda*>(e);
      if (!visit_exprs(l->args->defaults) || !visit_exprs(l->args->kw_defaults)) return false;
      if (!enter_block("lambda", BlockType::Function, e, range_of(e))) return false;
      if (!visit_arguments(l->args) || !visit_expr(l->body)) return false;
      exit_block();
      break;
    }
    case NodeKind::IfExp: {
      auto* i = static_cast<const IfExp*>(e);
      ok = visit_expr(i->test) && visit_expr(i->body) && visit_expr(i->orelse);
      break;
    }
    case NodeKind::Dict: {
      auto* d = static_cast<const Dict*>(e);
      ok = visit_exprs(d->keys) && visit_exprs(d->values);
      break;
    }
    case NodeKind::Set:
      ok = visit_exprs(static_cast<const ast::Set*>(e)->elts);
      break;
    case NodeKind::GeneratorExp: {
      auto* g = static_cast<const GeneratorExp*>(e);
      ok = handle_comprehension(e, "genexpr", g->generators, g->elt, nullptr);
      break;
    }
    case NodeKind::ListComp: {
      auto* c = static_cast<const ListComp*>(e);
      ok = handle_comprehension(e, "listcomp", c->generators, c->elt, nullptr);
      break;
    }
    case NodeKind::SetComp: {
      auto* c = static_cast<const SetComp*>(e);
      ok = handle_comprehension(e, "setcomp", c->generators, c->elt, nullptr);
      break;
    }
    case NodeKind::DictComp: {
      auto* c = static_cast<const DictComp*>(e);
      ok = handle_comprehension(e, "dictcomp", c->generators, c->key, c->value);
      break;
    }
    case NodeKind::Yield:
    case NodeKind::YieldFrom: {
      if (!raise_if_annotation_block("yield expression", e)) return false;
      const Expr* value = e->is<Yield>() ? static_cast<const Yield*>(e)->value
                                         : static_cast<const YieldFrom*>(e)->value;
      if (value && !visit_expr(value)) return false;
      current_->generator = true;
      if (current_->comprehension != ComprehensionKind::None) return raise_if_comprehension_block(e);
      break;
    }
    case NodeKind::Await:
      if (!raise_if_annotation_block("await expression", e)) return false;
      ok = visit_expr(static_cast<const Await*>(e)->value);
      current_->coroutine = true;
      break;
    case NodeKind::Compare: {
      auto* c = static_cast<const Compare*>(e);
      ok = visit_expr(c->left) && visit_exprs(c->comparators);
      break;
    }
    case NodeKind::Call: {
      auto* c = static_cast<const Call*>(e);
      if (!visit_expr(c->func) || !visit_exprs(c->args)) return false;
      for (const Keyword* k : c->keywords)
        if (!visit_expr(k->value)) return false;
      break;
    }
    case NodeKind::FormattedValue: {
      auto* f = static_cast<const FormattedValue*>(e);
      ok = visit_expr(f->value) && (!f->format_spec || visit_expr(f->format_spec));
      break;
    }
    case NodeKind::JoinedStr:
      ok = visit_exprs(static_cast<const JoinedStr*>(e)->values);
      break;
    case NodeKind::Constant:
      break;
    case NodeKind::Attribute:
      ok = visit_expr(static_cast<const Attribute*>(e)->value);
      break;
    case NodeKind::Subscript: {
      auto* s = static_cast<const Subscript*>(e);
      ok = visit_expr(s->value) && visit_expr(s->slice);
      break;
    }
    case NodeKind::Starred:
      ok = visit_expr(static_cast<const Starred*>(e)->value);
      break;
    case NodeKind::Slice: {
      auto* s = static_cast<const Slice*>(e);
      ok = (!s->lower || visit_expr(s->lower)) && (!s->upper || visit_expr(s->upper)) &&
           (!s->step || visit_expr(s->step));
      break;
    }
    case NodeKind::Name: {
      auto* n = static_cast<const Name*>(e);
      if (!add_def(n->id, n->ctx == ExprContext::Load ? kUse : kDefLocal, range_of(e)))
        return false;
      // super() implicitly uses __class__ (PEP 3135).
      if (n->ctx == ExprContext::Load && current_->type == BlockType::Function &&
          n->id == "super" && !add_def("__class__", kUse, range_of(e)))
        return false;
      break;
    }
    case NodeKind::List:
      ok = visit_exprs(static_cast<const List*>(e)->elts);
      break;
    case NodeKind::Tuple:
      ok = visit_exprs(static_cast<const Tuple*>(e)->elts);
      break;
    default:
      break;
  }
  --depth_;
  return ok;
}

bool SymbolTableBuilder::visit_params(const Seq<Arg*>& params) {
  for (const Arg* a : params)
    if (!add_def(a->arg, kDefParam, range_of(a))) return false;
  return true;
}

bool SymbolTableBuilder::visit_arguments(const Arguments* a) {
  if (!visit_params(a->posonlyargs) || !visit_params(a->args) || !visit_params(a->kwonlyargs))
    return false;
  if (a->vararg) {
    if (!add_def(a->vararg->arg, kDefParam, range_of(a->vararg))) return false;
    current_->varargs = true;
  }
  if (a->kwarg) {
    if (!add_def(a->kwarg->arg, kDefParam, range_of(a->kwarg))) return false;
    current_->varkeywords = true;
  }
  return true;
}

bool SymbolTableBuilder::visit_annotation(const Expr* annotation) {
  if (future_annotations_ &&
      !enter_block("_annotation", BlockType::Annotation, annotation, range_of(annotation)))
    return false;
  if (!visit_expr(annotation)) return false;
  if (future_annotations_) exit_block();
  return true;
}

bool SymbolTableBuilder::visit_arg_annotations(const Seq<Arg*>& args) {
  for (const Arg* a : args)
    if (a->annotation && !visit_expr(a->annotation)) return false;
  return true;
}

bool SymbolTableBuilder::visit_annotations(const Stmt* s, const Arguments* a,
                                           const Expr* returns) {
  if (future_annotations_ &&
      !enter_block("_annotation", BlockType::Annotation, s, range_of(s)))
    return false;
  if (!visit_arg_annotations(a->posonlyargs) || !visit_arg_annotations(a->args)) return false;
  if (a->vararg && a->vararg->annotation && !visit_expr(a->vararg->annotation)) return false;
  if (a->kwarg && a->kwarg->annotation && !visit_expr(a->kwarg->annotation)) return false;
  if (!visit_arg_annotations(a->kwonlyargs)) return false;
  if (future_annotations_) exit_block();
  return !returns || visit_annotation(returns);
}

bool SymbolTableBuilder::visit_alias(const Alias* a) {
  // The name bound by the import: `import spam.eggs` binds `spam`.
  Identifier name = is_none(a->asname) ? a->name : a->asname;
  if (name == "*") {
    if (current_->type != BlockType::Module)
      return fail("import * only allowed at module level", a);
    return true;
  }
  size_t dot = name.find('.');
  return add_def(dot == std::string_view::npos ? name : name.substr(0, dot), kDefImport,
                 range_of(a));
}

bool SymbolTableBuilder::visit_pattern(const Pattern* p) {
  if (!enter_recursion()) return false;
  bool ok = true;
  switch (p->node_kind) {
    case NodeKind::MatchValue:
      ok = visit_expr(static_cast<const MatchValue*>(p)->value);
      break;
    case NodeKind::MatchSingleton:
      break;
    case NodeKind::MatchSequence:
      for (const Pattern* sub : static_cast<const MatchSequence*>(p)->patterns)
        if (!visit_pattern(sub)) return false;
      break;
    case NodeKind::MatchStar: {
      auto* s = static_cast<const MatchStar*>(p);
      if (!is_none(s->name)) ok = add_def(s->name, kDefLocal, range_of(p));
      break;
    }
    case NodeKind::MatchMapping: {
      auto* m = static_cast<const MatchMapping*>(p);
      if (!visit_exprs(m->keys)) return false;
      for (const Pattern* sub : m->patterns)
        if (!visit_pattern(sub)) return false;
      if (!is_none(m->rest)) ok = add_def(m->rest, kDefLocal, range_of(p));
      break;
    }
    case NodeKind::MatchClass: {
      auto* c = static_cast<const MatchClass*>(p);
      if (!visit_expr(c->cls)) return false;
      for (const Pattern* sub : c->patterns)
        if (!visit_pattern(sub)) return false;
      for (const Pattern* sub : c->kwd_patterns)
        if (!visit_pattern(sub)) return false;
      break;
    }
    case NodeKind::MatchAs: {
      auto* a = static_cast<const MatchAs*>(p);
      if (a->pattern && !visit_pattern(a->pattern)) return false;
      if (!is_none(a->name)) ok = add_def(a->name, kDefLocal, range_of(p));
      break;
    }
    case NodeKind::MatchOr:
      for (const Pattern* sub : static_cast<const MatchOr*>(p)->patterns)
        if (!visit_pattern(sub)) return false;
      break;
    default:
      break;
  }
  --depth_;
  return ok;
}

bool SymbolTableBuilder::visit_comprehension(const Comprehension* c) {
  current_->comp_iter_target = true;
  if (!visit_expr(c->target)) return false;
  current_->comp_iter_target = false;
  current_->comp_iter_expr++;
  if (!visit_expr(c->iter)) return false;
  current_->comp_iter_expr--;
  if (!visit_exprs(c->ifs)) return false;
  if (c->is_async) current_->coroutine = true;
  return true;
}

// A comprehension is a function called with its outermost iterable, which is evaluated
// in the enclosing scope (PEP 289).
bool SymbolTableBuilder::handle_comprehension(const Expr* e, std::string_view scope_name,
                                              const Seq<Comprehension*>& generators,
                                              const Expr* elt, const Expr* value) {
  bool is_generator = e->is<GeneratorExp>();
  const Comprehension* outermost = generators[0];
  current_->comp_iter_expr++;
  if (!visit_expr(outermost->iter)) return false;
  current_->comp_iter_expr--;
  if (!enter_block(scope_name, BlockType::Function, e, range_of(e))) return false;
  switch (e->node_kind) {
    case NodeKind::ListComp: current_->comprehension = ComprehensionKind::List; break;
    case NodeKind::SetComp: current_->comprehension = ComprehensionKind::Set; break;
    case NodeKind::DictComp: current_->comprehension = ComprehensionKind::Dict; break;
    default: current_->comprehension = ComprehensionKind::Generator; break;
  }
  if (outermost->is_async) current_->coroutine = true;
  // The outermost iterator arrives as the implicit parameter ".0".
  if (!add_def(".0", kDefParam, range_of(e))) return false;
  current_->comp_iter_target = true;
  if (!visit_expr(outermost->target)) return false;
  current_->comp_iter_target = false;
  if (!visit_exprs(outermost->ifs)) return false;
  for (size_t i = 1; i < generators.size(); i++)
    if (!visit_comprehension(generators[i])) return false;
  if (value && !visit_expr(value)) return false;
  if (!visit_expr(elt)) return false;
  current_->generator = is_generator;
  bool is_async = current_->coroutine && !is_generator;
  exit_block();
  if (is_async) current_->coroutine = true;
  return true;
}

// --- Second pass: resolving names ----------------------------------------------------

namespace {

using NameSet = std::set<std::string, std::less<>>;

class Analyzer {
 public:
  explicit Analyzer(CompileError* error) : error_(error) {}

  bool analyze_block(SymbolTableEntry* entry, NameSet* bound, NameSet& free, NameSet& global);

 private:
  bool error_at_directive(SymbolTableEntry* entry, const std::string& name, std::string msg) {
    error_->kind = CompileError::Kind::SyntaxError;
    error_->style = CompileError::Style::Short;
    error_->message = std::move(msg);
    for (auto& [directive_name, r] : entry->directives) {
      if (directive_name == name) {
        error_->lineno = r.lineno;
        error_->offset = r.col_offset + 1;
        error_->end_lineno = r.end_lineno;
        error_->end_offset = r.end_col_offset + 1;
        break;
      }
    }
    return false;
  }

  bool analyze_name(SymbolTableEntry* entry, std::vector<Scope>& scopes, size_t index,
                    NameSet* bound, NameSet& local, NameSet& free, NameSet& global);
  bool analyze_child_block(SymbolTableEntry* entry, const NameSet& bound, NameSet& free,
                           const NameSet& global, NameSet& child_free);

  CompileError* error_;
};

bool Analyzer::analyze_name(SymbolTableEntry* entry, std::vector<Scope>& scopes, size_t index,
                            NameSet* bound, NameSet& local, NameSet& free,
                            NameSet& global) {
  const std::string& name = entry->symbols.name_at(index);
  uint32_t flags = entry->symbols.symbol_at(index).flags;
  if (flags & kDefGlobal) {
    if (flags & kDefNonlocal)
      return error_at_directive(entry, name, format_name("name '{}' is nonlocal and global", name));
    scopes[index] = Scope::GlobalExplicit;
    global.insert(name);
    // `bound` is this block's own copy: nested scopes must not see the enclosing binding.
    if (bound) bound->erase(name);
    return true;
  }
  if (flags & kDefNonlocal) {
    if (!bound)
      return error_at_directive(entry, name, "nonlocal declaration not allowed at module level");
    if (!bound->count(name))
      return error_at_directive(entry, name,
                                format_name("no binding for nonlocal '{}' found", name));
    scopes[index] = Scope::Free;
    entry->free = true;
    free.insert(name);
    return true;
  }
  if (flags & kDefBound) {
    scopes[index] = Scope::Local;
    local.insert(name);
    global.erase(name);
    return true;
  }
  // A name bound in an enclosing function is free here rather than global.
  if (bound && bound->count(name)) {
    scopes[index] = Scope::Free;
    entry->free = true;
    free.insert(name);
    return true;
  }
  if (global.count(name)) {
    scopes[index] = Scope::GlobalImplicit;
    return true;
  }
  if (entry->nested) entry->free = true;
  scopes[index] = Scope::GlobalImplicit;
  return true;
}

bool Analyzer::analyze_child_block(SymbolTableEntry* entry, const NameSet& bound, NameSet& free,
                                   const NameSet& global, NameSet& child_free) {
  // Each child gets copies: what one child does must not affect its siblings.
  NameSet temp_bound = bound;
  NameSet temp_free;
  NameSet temp_global = global;
  if (!analyze_block(entry, &temp_bound, temp_free, temp_global)) return false;
  child_free.insert(temp_free.begin(), temp_free.end());
  return true;
}

bool Analyzer::analyze_block(SymbolTableEntry* entry, NameSet* bound, NameSet& free,
                             NameSet& global) {
  NameSet local;
  std::vector<Scope> scopes(entry->symbols.size(), Scope::None);
  NameSet new_global, new_free, new_bound;

  // Class scopes are invisible to the functions nested in them: their children see the
  // names visible *around* the class, so those sets are filled before the class's names.
  if (entry->type == BlockType::Class) {
    new_global = global;
    if (bound) new_bound = *bound;
  }
  for (size_t i = 0; i < entry->symbols.size(); i++)
    if (!analyze_name(entry, scopes, i, bound, local, free, global)) return false;

  if (entry->type != BlockType::Class) {
    if (entry->type == BlockType::Function) new_bound.insert(local.begin(), local.end());
    if (bound) new_bound.insert(bound->begin(), bound->end());
    new_global.insert(global.begin(), global.end());
  } else {
    // Methods see the implicit __class__ cell of their class.
    new_bound.insert("__class__");
  }

  NameSet all_free;
  for (SymbolTableEntry* child : entry->children) {
    if (!analyze_child_block(child, new_bound, new_free, new_global, all_free)) return false;
    if (child->free || child->child_free) entry->child_free = true;
  }
  new_free.insert(all_free.begin(), all_free.end());

  if (entry->type == BlockType::Function) {
    // Locals used by nested functions become cells.
    for (size_t i = 0; i < scopes.size(); i++) {
      if (scopes[i] != Scope::Local) continue;
      auto it = new_free.find(entry->symbols.name_at(i));
      if (it == new_free.end()) continue;
      scopes[i] = Scope::Cell;
      new_free.erase(it);
    }
  } else if (entry->type == BlockType::Class) {
    if (new_free.erase("__class__")) entry->needs_class_closure = true;
  }

  // Record the scopes, then the free variables of children that pass through this block.
  for (size_t i = 0; i < scopes.size(); i++) entry->symbols.symbol_at(i).scope = scopes[i];
  bool is_class = entry->type == BlockType::Class;
  for (const std::string& name : new_free) {
    if (Symbol* symbol = entry->symbols.find(name)) {
      // A method's free variable with the same name as a class-level binding: the class
      // body still needs the enclosing cell to build the method's closure.
      if (is_class && (symbol->flags & (kDefBound | kDefGlobal))) symbol->flags |= kDefFreeClass;
      continue;
    }
    if (bound && !bound->count(name)) continue;  // a global
    Symbol& symbol = entry->symbols.get_or_add(name);
    symbol.scope = Scope::Free;
  }
  free.insert(new_free.begin(), new_free.end());
  return true;
}

}  // namespace

std::unique_ptr<SymbolTable> SymbolTable::build(const Mod* module, bool future_annotations,
                                                int recursion_limit, CompileError* error) {
  auto table = std::make_unique<SymbolTable>();
  SymbolTableBuilder builder(table.get(), future_annotations, recursion_limit, error);
  if (!builder.build(module)) return nullptr;
  NameSet free, global;
  Analyzer analyzer(error);
  if (!analyzer.analyze_block(table->top_, nullptr, free, global)) return nullptr;
  return table;
}

}  // namespace krait::compile
