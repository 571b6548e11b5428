// Code generation for everything that makes a new code object (CPython 3.11's
// compiler_enter_scope, compiler_function, compiler_class, compiler_lambda,
// compiler_comprehension): units and qualified names, default arguments, annotations,
// closures, decorators, the class body protocol with __classcell__, and comprehensions
// as functions called with their outermost iterator.
#include <algorithm>

#include "compile/compiler_internal.h"
#include "core/error.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

using namespace ast;

bool module_needs_annotations(const Seq<Stmt*>& stmts);

// --- Units ----------------------------------------------------------------------------

bool Compiler::enter_scope(std::string_view name, ScopeType type, const void* key,
                           int firstlineno) {
  auto unit = std::make_unique<Unit>();
  unit->scope_type = type;
  unit->name = std::string(name);
  unit->ste = symtable_->lookup(key);
  if (!unit->ste) return system_error("no symbol table entry for a scope");
  for (const std::string& param : unit->ste->varnames) unit->varnames.add(param);
  // Cells and free variables are numbered in sorted order.
  std::vector<std::string> cells, frees;
  for (size_t i = 0; i < unit->ste->symbols.size(); i++) {
    const Symbol& symbol = unit->ste->symbols.symbol_at(i);
    const std::string& symbol_name = unit->ste->symbols.name_at(i);
    if (symbol.scope == Scope::Cell) cells.push_back(symbol_name);
    if (symbol.scope == Scope::Free || (symbol.flags & kDefFreeClass)) frees.push_back(symbol_name);
  }
  std::sort(cells.begin(), cells.end());
  std::sort(frees.begin(), frees.end());
  // A class whose methods use super() or __class__ gets an implicit __class__ cell.
  if (unit->ste->needs_class_closure) unit->cellvars.add("__class__");
  for (const std::string& c : cells) unit->cellvars.add(c);
  for (const std::string& f : frees) unit->freevars.add(f);
  unit->firstlineno = firstlineno;
  unit->loc = Location{firstlineno, firstlineno, 0, 0};
  if (u_) unit->private_name = u_->private_name;

  stack_.push_back(std::move(unit));
  u_ = stack_.back().get();
  nest_level_++;
  u_->entry = u_->current = new_block();
  if (type == ScopeType::Module) {
    u_->loc.lineno = 0;
  } else {
    set_qualname();
  }
  addop(Opcode::RESUME, 0);
  if (type == ScopeType::Module) u_->loc.lineno = -1;
  return true;
}

void Compiler::exit_scope() {
  nest_level_--;
  stack_.pop_back();
  u_ = stack_.empty() ? nullptr : stack_.back().get();
}

// f.<locals>.g, C.m, ... (PEP 3155). A function declared `global` in its parent is
// qualified by its bare name.
void Compiler::set_qualname() {
  if (stack_.size() <= 2) {
    u_->qualname = u_->name;
    return;
  }
  Unit* parent = stack_[stack_.size() - 2].get();
  if (u_->scope_type == ScopeType::Function || u_->scope_type == ScopeType::AsyncFunction ||
      u_->scope_type == ScopeType::Class) {
    std::string mangled = mangle(parent->private_name, u_->name);
    if (parent->ste->scope_of(mangled) == Scope::GlobalExplicit) {
      u_->qualname = u_->name;
      return;
    }
  }
  if (parent->scope_type == ScopeType::Function || parent->scope_type == ScopeType::AsyncFunction ||
      parent->scope_type == ScopeType::Lambda) {
    u_->qualname = parent->qualname + ".<locals>." + u_->name;
  } else {
    u_->qualname = parent->qualname + "." + u_->name;
  }
}

Ref<CodeObject> Compiler::assemble_unit(bool add_none) {
  // Code falling off the end returns None.
  BasicBlock* last = u_->current;
  if (last->instrs.empty() || last->instrs.back().opcode != int(Opcode::RETURN_VALUE)) {
    unset_loc();
    if (add_none && !addop_load_none()) return nullptr;
    addop(Opcode::RETURN_VALUE);
  }
  SymbolTableEntry* ste = u_->ste;
  int flags = 0;
  if (ste->type == BlockType::Function) {
    flags |= kCodeNewLocals | kCodeOptimized;
    if (ste->nested) flags |= kCodeNested;
    if (ste->generator && !ste->coroutine) flags |= kCodeGenerator;
    if (!ste->generator && ste->coroutine) flags |= kCodeCoroutine;
    if (ste->generator && ste->coroutine) flags |= kCodeAsyncGenerator;
    if (ste->varargs) flags |= kCodeVarargs;
    if (ste->varkeywords) flags |= kCodeVarkeywords;
  }
  flags |= flags_ & kCompileFutureMask;
  if (top_level_await() && ste->coroutine && !ste->generator) flags |= kCodeCoroutine;
  Ref<CodeObject> code = assemble(*this, *u_, flags);
  if (!code && error_->kind != CompileError::Kind::SyntaxError &&
      error_->kind != CompileError::Kind::SystemError)
    error_->kind = CompileError::Kind::Raised;
  return code;
}

// --- Module ---------------------------------------------------------------------------

Ref<CodeObject> Compiler::compile_module(Mod* module) {
  if (!enter_scope("<module>", ScopeType::Module, module, 1)) return nullptr;
  u_->loc.lineno = 1;
  bool add_none = true;
  bool ok = true;
  switch (module->node_kind) {
    case NodeKind::Module:
      ok = visit_body(static_cast<ast::Module*>(module)->body);
      break;
    case NodeKind::Interactive: {
      auto* body = &static_cast<Interactive*>(module)->body;
      if (module_needs_annotations(*body)) addop(Opcode::SETUP_ANNOTATIONS);
      interactive_ = true;
      ok = visit_stmts(*body);
      break;
    }
    case NodeKind::Expression:
      ok = visit_expr(static_cast<Expression*>(module)->body);
      add_none = false;
      break;
    default:
      ok = system_error("unsupported module kind");
      break;
  }
  Ref<CodeObject> code = ok ? assemble_unit(add_none) : nullptr;
  exit_scope();
  return code;
}

// --- Functions ------------------------------------------------------------------------

bool Compiler::check_debug_args(const Arguments* args) {
  auto check = [&](const Arg* a) { return !a || !forbidden_name(a->arg, ExprContext::Store); };
  for (const Arg* a : args->posonlyargs)
    if (!check(a)) return false;
  for (const Arg* a : args->args)
    if (!check(a)) return false;
  if (!check(args->vararg)) return false;
  for (const Arg* a : args->kwonlyargs)
    if (!check(a)) return false;
  return check(args->kwarg);
}

// Pushes the defaults tuple and the keyword-only defaults dict; returns MAKE_FUNCTION's
// flags for them.
int Compiler::default_arguments(const Arguments* args) {
  int flags = 0;
  if (!args->defaults.empty()) {
    if (!visit_exprs(args->defaults)) return -1;
    addop(Opcode::BUILD_TUPLE, int(args->defaults.size()));
    flags |= 0x01;
  }
  std::vector<std::string> keys;
  for (size_t i = 0; i < args->kwonlyargs.size(); i++) {
    Expr* default_value = args->kw_defaults[i];
    if (!default_value) continue;
    keys.push_back(mangle_name(args->kwonlyargs[i]->arg));
    if (!visit_expr(default_value)) return -1;
  }
  if (!keys.empty()) {
    Ref<TupleObject> key_tuple = tuple_allocate(int64_t(keys.size()));
    if (!key_tuple) return raised() ? 0 : -1;
    for (size_t i = 0; i < keys.size(); i++) {
      StrObject* key = str_intern_utf8(keys[i]);
      if (!key) return raised() ? 0 : -1;
      key_tuple->items[i] = new_ref(Value(key)).release();
    }
    if (!addop_load_const(Ref<>(std::move(key_tuple)))) return -1;
    addop(Opcode::BUILD_CONST_KEY_MAP, int(keys.size()));
    flags |= 0x02;
  }
  return flags;
}

bool Compiler::visit_annexpr(Expr* annotation) {
  std::string text;
  if (!unparse_expression(annotation, *folder_, &text)) return raised();
  return addop_load_str(text);
}

bool Compiler::visit_arg_annotation(Identifier name, Expr* annotation, int* count) {
  if (!annotation) return true;
  if (!addop_load_str(mangle_name(name))) return false;
  if (future_annotations()) {
    if (!visit_annexpr(annotation)) return false;
  } else if (auto* starred = annotation->as<Starred>()) {
    // *args: *Ts — the annotation is the single item of [*Ts].
    if (!visit_expr(starred->value)) return false;
    addop(Opcode::UNPACK_SEQUENCE, 1);
  } else if (!visit_expr(annotation)) {
    return false;
  }
  *count += 2;
  return true;
}

// Pushes the annotations as a tuple of alternating names and values (MAKE_FUNCTION flag 4).
int Compiler::visit_annotations(const Arguments* args, Expr* returns) {
  int count = 0;
  for (Arg* a : args->args)
    if (!visit_arg_annotation(a->arg, a->annotation, &count)) return -1;
  for (Arg* a : args->posonlyargs)
    if (!visit_arg_annotation(a->arg, a->annotation, &count)) return -1;
  if (args->vararg && !visit_arg_annotation(args->vararg->arg, args->vararg->annotation, &count))
    return -1;
  for (Arg* a : args->kwonlyargs)
    if (!visit_arg_annotation(a->arg, a->annotation, &count)) return -1;
  if (args->kwarg && !visit_arg_annotation(args->kwarg->arg, args->kwarg->annotation, &count))
    return -1;
  if (!visit_arg_annotation("return", returns, &count)) return -1;
  if (count == 0) return 0;
  addop(Opcode::BUILD_TUPLE, count);
  return 1;
}

bool Compiler::decorators(const Seq<Expr*>& decorator_list) { return visit_exprs(decorator_list); }

// Each decorator was pushed before the function: CALL 0 sees [decorator, function] as a
// method/self pair and calls decorator(function).
void Compiler::apply_decorators(const Seq<Expr*>& decorator_list) {
  Location saved = u_->loc;
  for (size_t i = decorator_list.size(); i-- > 0;) {
    set_loc(decorator_list[i]);
    addop(Opcode::CALL, 0);
  }
  u_->loc = saved;
}

// Pushes the closure cells the new code needs (from this unit's cells and free variables)
// and makes the function.
bool Compiler::make_closure(Ref<CodeObject>&& code, int flags) {
  CodeObject* co = code.get();
  if (co->nfreevars) {
    auto* names = as_tuple(Value(co->localsplusnames));
    for (int32_t i = co->nlocalsplus - co->nfreevars; i < co->nlocalsplus; i++) {
      std::string_view name = str_utf8(names->items[i]);
      // A class body's own __class__ is its implicit cell.
      Scope scope = u_->scope_type == ScopeType::Class && name == "__class__"
                        ? Scope::Cell
                        : u_->ste->scope_of(name);
      int index;
      if (scope == Scope::Cell) {
        index = u_->cellvars.index_of(name);
      } else {
        index = u_->freevars.index_of(name);
        if (index >= 0) index += int(u_->cellvars.size());
      }
      if (index < 0)
        return system_error("compiler_lookup_arg(name='" + std::string(name) + "') failed in " +
                            u_->name);
      addop(Opcode::LOAD_CLOSURE, index);
    }
    flags |= 0x08;
    addop(Opcode::BUILD_TUPLE, co->nfreevars);
  }
  if (!addop_load_const(Ref<>(std::move(code)))) return false;
  addop(Opcode::MAKE_FUNCTION, flags);
  return true;
}

bool Compiler::compile_function(Stmt* s, bool is_async) {
  Arguments* args;
  Expr* returns;
  Seq<Expr*>* decos;
  Identifier name;
  Seq<Stmt*>* body;
  if (is_async) {
    auto* f = static_cast<AsyncFunctionDef*>(s);
    args = f->args, returns = f->returns, decos = &f->decorator_list, name = f->name,
    body = &f->body;
  } else {
    auto* f = static_cast<FunctionDef*>(s);
    args = f->args, returns = f->returns, decos = &f->decorator_list, name = f->name,
    body = &f->body;
  }
  if (!check_debug_args(args) || !decorators(*decos)) return false;
  int firstlineno = decos->empty() ? s->lineno : (*decos)[0]->lineno;
  int flags = default_arguments(args);
  if (flags < 0) return false;
  int annotations = visit_annotations(args, returns);
  if (annotations < 0) return false;
  if (annotations) flags |= 0x04;
  if (!enter_scope(name, is_async ? ScopeType::AsyncFunction : ScopeType::Function, s,
                   firstlineno))
    return false;
  // co_consts[0] is the docstring, or None (so a function never takes a stray string).
  Value docstring;
  if (optimize_ < 2 && !body->empty()) {
    if (auto* first = (*body)[0]->as<ExprStmt>()) {
      Value v = const_value(first->value);
      if (v && is_exact_str(v)) docstring = v;
    }
  }
  bool ok = add_const(docstring ? docstring : None()) >= 0;
  u_->argcount = int(args->args.size());
  u_->posonlyargcount = int(args->posonlyargs.size());
  u_->kwonlyargcount = int(args->kwonlyargs.size());
  for (size_t i = docstring ? 1 : 0; ok && i < body->size(); i++) ok = visit_stmt((*body)[i]);
  Ref<CodeObject> code = ok ? assemble_unit(true) : nullptr;
  exit_scope();
  if (!code) return false;
  if (!make_closure(std::move(code), flags)) return false;
  apply_decorators(*decos);
  return nameop(name, ExprContext::Store);
}

bool Compiler::compile_class(ClassDef* s) {
  if (!decorators(s->decorator_list)) return false;
  int firstlineno = s->decorator_list.empty() ? s->lineno : s->decorator_list[0]->lineno;
  // The body becomes a function run by __build_class__(func, name, *bases, **keywords)
  // with the class namespace as its locals.
  if (!enter_scope(s->name, ScopeType::Class, s, firstlineno)) return false;
  u_->private_name = std::string(s->name);
  bool ok = nameop("__name__", ExprContext::Load) && nameop("__module__", ExprContext::Store) &&
            addop_load_str(u_->qualname) && nameop("__qualname__", ExprContext::Store) &&
            visit_body(s->body);
  if (ok) {
    unset_loc();
    if (u_->ste->needs_class_closure) {
      // Return the __class__ cell (and store it as __classcell__ for type.__new__).
      addop(Opcode::LOAD_CLOSURE, u_->cellvars.index_of("__class__"));
      addop(Opcode::COPY, 1);
      ok = nameop("__classcell__", ExprContext::Store);
    } else {
      ok = addop_load_none();
    }
    if (ok) addop(Opcode::RETURN_VALUE);
  }
  Ref<CodeObject> code = ok ? assemble_unit(true) : nullptr;
  exit_scope();
  if (!code) return false;
  addop(Opcode::PUSH_NULL);
  addop(Opcode::LOAD_BUILD_CLASS);
  if (!make_closure(std::move(code), 0)) return false;
  if (!addop_load_str(s->name)) return false;
  if (!call_helper(2, s->bases, s->keywords)) return false;
  apply_decorators(s->decorator_list);
  return nameop(s->name, ExprContext::Store);
}

bool Compiler::compile_lambda(Lambda* e) {
  Arguments* args = e->args;
  if (!check_debug_args(args)) return false;
  int flags = default_arguments(args);
  if (flags < 0) return false;
  if (!enter_scope("<lambda>", ScopeType::Lambda, e, e->lineno)) return false;
  // None first, so a lambda never has a docstring.
  bool ok = add_const(None()) >= 0;
  u_->argcount = int(args->args.size());
  u_->posonlyargcount = int(args->posonlyargs.size());
  u_->kwonlyargcount = int(args->kwonlyargs.size());
  ok = ok && visit_expr(e->body);
  Ref<CodeObject> code;
  if (ok) {
    if (u_->ste->generator) {
      code = assemble_unit(false);
    } else {
      addop(Opcode::RETURN_VALUE);
      code = assemble_unit(true);
    }
  }
  exit_scope();
  if (!code) return false;
  return make_closure(std::move(code), flags);
}

// --- Comprehensions -------------------------------------------------------------------

bool Compiler::compile_comprehension(Expr* e, NodeKind kind, std::string_view name,
                                     const Seq<Comprehension*>& generators, Expr* elt,
                                     Expr* value) {
  ScopeType outer_scope = u_->scope_type;
  bool is_top_level_await = top_level_await();
  Comprehension* outermost = generators[0];
  if (!enter_scope(name, ScopeType::Comprehension, e, e->lineno)) return false;
  set_loc(e);
  bool is_async_generator = u_->ste->coroutine;
  bool ok = true;
  if (is_async_generator && kind != NodeKind::GeneratorExp &&
      outer_scope != ScopeType::AsyncFunction && outer_scope != ScopeType::Comprehension &&
      !is_top_level_await) {
    ok = error("asynchronous comprehension outside of an asynchronous function");
  }
  if (ok) {
    if (kind == NodeKind::ListComp) addop(Opcode::BUILD_LIST, 0);
    else if (kind == NodeKind::SetComp) addop(Opcode::BUILD_SET, 0);
    else if (kind == NodeKind::DictComp) addop(Opcode::BUILD_MAP, 0);
    ok = comprehension_generator(generators, 0, 0, elt, value, kind);
    if (ok && kind != NodeKind::GeneratorExp) addop(Opcode::RETURN_VALUE);
  }
  Ref<CodeObject> code = ok ? assemble_unit(true) : nullptr;
  exit_scope();
  if (is_top_level_await && is_async_generator) u_->ste->coroutine = true;
  if (!code) return false;
  if (!make_closure(std::move(code), 0)) return false;
  // Call the function with the outermost iterator (CALL 0 on [function, iterator]).
  if (!visit_expr(outermost->iter)) return false;
  addop(outermost->is_async ? Opcode::GET_AITER : Opcode::GET_ITER);
  addop(Opcode::CALL, 0);
  if (is_async_generator && kind != NodeKind::GeneratorExp) {
    addop(Opcode::GET_AWAITABLE, 0);
    if (!addop_load_none()) return false;
    add_yield_from(true);
  }
  return true;
}

bool Compiler::comprehension_generator(const Seq<Comprehension*>& generators, size_t index,
                                       int depth, Expr* elt, Expr* value, NodeKind kind) {
  if (generators[index]->is_async)
    return async_comprehension_generator(generators, index, depth, elt, value, kind);
  return sync_comprehension_generator(generators, index, depth, elt, value, kind);
}

bool Compiler::comprehension_element(Expr* elt, Expr* value, NodeKind kind, int depth) {
  switch (kind) {
    case NodeKind::GeneratorExp:
      if (!visit_expr(elt)) return false;
      add_yield();
      addop(Opcode::POP_TOP);
      return true;
    case NodeKind::ListComp:
      if (!visit_expr(elt)) return false;
      addop(Opcode::LIST_APPEND, depth + 1);
      return true;
    case NodeKind::SetComp:
      if (!visit_expr(elt)) return false;
      addop(Opcode::SET_ADD, depth + 1);
      return true;
    default:
      // {k: v}: the key is evaluated first.
      if (!visit_expr(elt) || !visit_expr(value)) return false;
      addop(Opcode::MAP_ADD, depth + 1);
      return true;
  }
}

bool Compiler::sync_comprehension_generator(const Seq<Comprehension*>& generators, size_t index,
                                            int depth, Expr* elt, Expr* value, NodeKind kind) {
  BasicBlock* start = new_block();
  BasicBlock* if_cleanup = new_block();
  BasicBlock* anchor = new_block();
  Comprehension* gen = generators[index];
  if (index == 0) {
    // The outermost iterator is the implicit argument .0.
    u_->argcount = 1;
    addop(Opcode::LOAD_FAST, 0);
  } else {
    // `for y in [expr]` binds y without a loop.
    const Seq<Expr*>* elts = nullptr;
    if (auto* l = gen->iter->as<List>()) elts = &l->elts;
    else if (auto* t = gen->iter->as<Tuple>()) elts = &t->elts;
    if (elts && elts->size() == 1 && !(*elts)[0]->is<Starred>()) {
      if (!visit_expr((*elts)[0])) return false;
      start = nullptr;
    }
    if (start) {
      if (!visit_expr(gen->iter)) return false;
      addop(Opcode::GET_ITER);
    }
  }
  if (start) {
    depth++;
    use_next_block(start);
    addop_jump(Opcode::FOR_ITER, anchor);
  }
  if (!visit_expr(gen->target)) return false;
  for (Expr* test : gen->ifs) {
    if (!jump_if(test, if_cleanup, false)) return false;
  }
  if (++index < generators.size()) {
    if (!comprehension_generator(generators, index, depth, elt, value, kind)) return false;
  } else if (!comprehension_element(elt, value, kind, depth)) {
    return false;
  }
  use_next_block(if_cleanup);
  if (start) {
    addop_jump(Opcode::JUMP, start);
    use_next_block(anchor);
  }
  return true;
}

bool Compiler::async_comprehension_generator(const Seq<Comprehension*>& generators,
                                             size_t index, int depth, Expr* elt, Expr* value,
                                             NodeKind kind) {
  BasicBlock* start = new_block();
  BasicBlock* except = new_block();
  BasicBlock* if_cleanup = new_block();
  Comprehension* gen = generators[index];
  if (index == 0) {
    u_->argcount = 1;
    addop(Opcode::LOAD_FAST, 0);
  } else {
    if (!visit_expr(gen->iter)) return false;
    addop(Opcode::GET_AITER);
  }
  use_next_block(start);
  if (!push_frame_block(FrameBlock{FrameBlockType::AsyncComprehensionGenerator, start, nullptr}))
    return false;
  addop_jump(kSetupFinally, except);
  addop(Opcode::GET_ANEXT);
  if (!addop_load_none()) return false;
  add_yield_from(true);
  addop(kPopBlock);
  if (!visit_expr(gen->target)) return false;
  for (Expr* test : gen->ifs) {
    if (!jump_if(test, if_cleanup, false)) return false;
  }
  depth++;
  if (++index < generators.size()) {
    if (!comprehension_generator(generators, index, depth, elt, value, kind)) return false;
  } else if (!comprehension_element(elt, value, kind, depth)) {
    return false;
  }
  use_next_block(if_cleanup);
  addop_jump(Opcode::JUMP, start);
  pop_frame_block(FrameBlockType::AsyncComprehensionGenerator, start);
  use_next_block(except);
  addop(Opcode::END_ASYNC_FOR);
  return true;
}

}  // namespace krait::compile
