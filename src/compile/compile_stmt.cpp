// Code generation for statements (CPython 3.11's compiler_visit_stmt and friends):
// control flow, loops with break/continue unwinding through enclosing try/with blocks,
// try/except/finally and except* with the exception-table protocol, with/async with,
// imports, assignments and assertions.
#include "compile/compiler_internal.h"
#include "core/error.h"
#include "objects/code.h"
#include "parse/parser.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::compile {

using namespace ast;

namespace {
// CPython's CO_MAXBLOCKS: statically nested blocks allowed in one function.
constexpr size_t kMaxBlocks = 20;

// find_ann: does the body (not counting nested functions/classes) contain an annotated
// assignment? Then the module or class needs __annotations__.
bool find_ann(const Seq<Stmt*>& stmts) {
  for (const Stmt* s : stmts) {
    switch (s->node_kind) {
      case NodeKind::AnnAssign:
        return true;
      case NodeKind::For: {
        auto* f = static_cast<const For*>(s);
        if (find_ann(f->body) || find_ann(f->orelse)) return true;
        break;
      }
      case NodeKind::AsyncFor: {
        auto* f = static_cast<const AsyncFor*>(s);
        if (find_ann(f->body) || find_ann(f->orelse)) return true;
        break;
      }
      case NodeKind::While: {
        auto* w = static_cast<const While*>(s);
        if (find_ann(w->body) || find_ann(w->orelse)) return true;
        break;
      }
      case NodeKind::If: {
        auto* i = static_cast<const If*>(s);
        if (find_ann(i->body) || find_ann(i->orelse)) return true;
        break;
      }
      case NodeKind::With:
        if (find_ann(static_cast<const With*>(s)->body)) return true;
        break;
      case NodeKind::AsyncWith:
        if (find_ann(static_cast<const AsyncWith*>(s)->body)) return true;
        break;
      case NodeKind::Try: {
        auto* t = static_cast<const Try*>(s);
        for (const ExceptHandlerBase* h : t->handlers)
          if (find_ann(static_cast<const ExceptHandler*>(h)->body)) return true;
        if (find_ann(t->body) || find_ann(t->finalbody) || find_ann(t->orelse)) return true;
        break;
      }
      case NodeKind::TryStar: {
        auto* t = static_cast<const TryStar*>(s);
        for (const ExceptHandlerBase* h : t->handlers)
          if (find_ann(static_cast<const ExceptHandler*>(h)->body)) return true;
        if (find_ann(t->body) || find_ann(t->finalbody) || find_ann(t->orelse)) return true;
        break;
      }
      case NodeKind::Match:
        for (const MatchCase* c : static_cast<const Match*>(s)->cases)
          if (find_ann(c->body)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
}  // namespace

bool module_needs_annotations(const Seq<Stmt*>& stmts) { return find_ann(stmts); }

bool Compiler::visit_stmts(const Seq<Stmt*>& body) {
  for (Stmt* s : body)
    if (!visit_stmt(s)) return false;
  return true;
}

// A module or class body: SETUP_ANNOTATIONS if needed, then the docstring as __doc__.
bool Compiler::visit_body(const Seq<Stmt*>& stmts) {
  // SETUP_ANNOTATIONS takes the line of the first statement of a module.
  if (u_->scope_type == ScopeType::Module && !stmts.empty()) set_loc(stmts[0]);
  if (find_ann(stmts)) addop(Opcode::SETUP_ANNOTATIONS);
  if (stmts.empty()) return true;
  size_t i = 0;
  if (optimize_ < 2) {
    if (auto* first = stmts[0]->as<ExprStmt>()) {
      Value doc = const_value(first->value);
      if (doc && is_exact_str(doc)) {
        i = 1;
        set_loc(first);
        if (!visit_expr(first->value)) return false;
        unset_loc();
        if (!nameop("__doc__", ExprContext::Store)) return false;
      }
    }
  }
  for (; i < stmts.size(); i++)
    if (!visit_stmt(stmts[i])) return false;
  return true;
}

bool Compiler::visit_stmt(Stmt* s) {
  if (compile_stack_exhausted()) return recursion_error();
  // Every statement's first instruction gets the statement's line.
  set_loc(s);
  switch (s->node_kind) {
    case NodeKind::FunctionDef:
      return compile_function(s, false);
    case NodeKind::AsyncFunctionDef:
      return compile_function(s, true);
    case NodeKind::ClassDef:
      return compile_class(static_cast<ClassDef*>(s));
    case NodeKind::Return:
      return compile_return(static_cast<Return*>(s));
    case NodeKind::Delete:
      return visit_exprs(static_cast<Delete*>(s)->targets);
    case NodeKind::Assign: {
      auto* a = static_cast<Assign*>(s);
      if (!visit_expr(a->value)) return false;
      for (size_t i = 0; i < a->targets.size(); i++) {
        if (i + 1 < a->targets.size()) addop(Opcode::COPY, 1);
        if (!visit_expr(a->targets[i])) return false;
      }
      return true;
    }
    case NodeKind::AugAssign:
      return compile_augassign(static_cast<AugAssign*>(s));
    case NodeKind::AnnAssign:
      return compile_annassign(static_cast<AnnAssign*>(s));
    case NodeKind::For:
      return compile_for(static_cast<For*>(s));
    case NodeKind::AsyncFor:
      return compile_async_for(static_cast<AsyncFor*>(s));
    case NodeKind::While:
      return compile_while(static_cast<While*>(s));
    case NodeKind::If:
      return compile_if(static_cast<If*>(s));
    case NodeKind::With:
      return compile_with(static_cast<With*>(s), 0);
    case NodeKind::AsyncWith:
      return compile_async_with(static_cast<AsyncWith*>(s), 0);
    case NodeKind::Match:
      return compile_match(static_cast<Match*>(s));
    case NodeKind::Raise:
      return compile_raise(static_cast<Raise*>(s));
    case NodeKind::Try:
      return compile_try(static_cast<Try*>(s));
    case NodeKind::TryStar: {
      auto* t = static_cast<TryStar*>(s);
      if (!t->finalbody.empty())
        return compile_try_finally(s, t->body, t->handlers, t->orelse, t->finalbody, true);
      return compile_try_star_except(t->body, t->handlers, t->orelse);
    }
    case NodeKind::Assert:
      return compile_assert(static_cast<Assert*>(s));
    case NodeKind::Import:
      return compile_import(static_cast<Import*>(s));
    case NodeKind::ImportFrom:
      return compile_import_from(static_cast<ImportFrom*>(s));
    case NodeKind::Global:
    case NodeKind::Nonlocal:
      return true;
    case NodeKind::ExprStmt:
      return compile_stmt_expr(static_cast<ExprStmt*>(s)->value);
    case NodeKind::Pass:
      addop(Opcode::NOP);
      return true;
    case NodeKind::Break:
      return compile_break();
    case NodeKind::Continue:
      return compile_continue();
    default:
      return system_error("unexpected statement node");
  }
}

bool Compiler::compile_stmt_expr(Expr* value) {
  if (interactive_ && nest_level_ <= 1) {
    if (!visit_expr(value)) return false;
    addop(Opcode::PRINT_EXPR);
    return true;
  }
  if (value->is<Constant>()) {
    // A constant statement does nothing; the NOP keeps its line for tracing.
    addop(Opcode::NOP);
    return true;
  }
  if (!visit_expr(value)) return false;
  unset_loc();  // the POP_TOP is artificial
  addop(Opcode::POP_TOP);
  return true;
}

bool Compiler::compile_raise(Raise* s) {
  int n = 0;
  if (s->exc) {
    if (!visit_expr(s->exc)) return false;
    n++;
    if (s->cause) {
      if (!visit_expr(s->cause)) return false;
      n++;
    }
  }
  addop(Opcode::RAISE_VARARGS, n);
  return true;
}

// --- Frame blocks and unwinding -------------------------------------------------------

bool Compiler::push_frame_block(FrameBlock block) {
  if (u_->frame_blocks.size() >= kMaxBlocks) return error("too many statically nested blocks");
  u_->frame_blocks.push_back(block);
  return true;
}

void Compiler::pop_frame_block(FrameBlockType type, BasicBlock* block) {
  u_->frame_blocks.pop_back();
}

void Compiler::pop_except_and_reraise() {
  addop(Opcode::COPY, 3);
  addop(Opcode::POP_EXCEPT);
  addop(Opcode::RERAISE, 1);
}

bool Compiler::call_exit_with_nones() {
  for (int i = 0; i < 3; i++)
    if (!addop_load_none()) return false;
  addop(Opcode::CALL, 2);
  return true;
}

// Emits the code that leaves one enclosing block early (for return/break/continue).
bool Compiler::unwind_frame_block(const FrameBlock& info, bool preserve_tos) {
  switch (info.type) {
    case FrameBlockType::WhileLoop:
    case FrameBlockType::ExceptionHandler:
    case FrameBlockType::ExceptionGroupHandler:
    case FrameBlockType::AsyncComprehensionGenerator:
      return true;
    case FrameBlockType::ForLoop:
      // Pop the iterator.
      if (preserve_tos) addop(Opcode::SWAP, 2);
      addop(Opcode::POP_TOP);
      return true;
    case FrameBlockType::TryExcept:
      addop(kPopBlock);
      return true;
    case FrameBlockType::FinallyTry:
      // The POP_BLOCK gets the line of the unwinding statement.
      addop(kPopBlock);
      if (preserve_tos &&
          !push_frame_block(FrameBlock{FrameBlockType::PopValue, nullptr, nullptr}))
        return false;
      if (!visit_stmts(*info.finalbody)) return false;
      if (preserve_tos) pop_frame_block(FrameBlockType::PopValue, nullptr);
      // The finally body should appear to run after the statement causing the
      // unwinding, so the instructions that follow are artificial.
      unset_loc();
      return true;
    case FrameBlockType::FinallyEnd:
      if (preserve_tos) addop(Opcode::SWAP, 2);
      addop(Opcode::POP_TOP);  // exc_value
      if (preserve_tos) addop(Opcode::SWAP, 2);
      addop(kPopBlock);
      addop(Opcode::POP_EXCEPT);
      return true;
    case FrameBlockType::With:
    case FrameBlockType::AsyncWith:
      set_loc(info.with);
      addop(kPopBlock);
      if (preserve_tos) addop(Opcode::SWAP, 2);
      if (!call_exit_with_nones()) return false;
      if (info.type == FrameBlockType::AsyncWith) {
        addop(Opcode::GET_AWAITABLE, 2);
        if (!addop_load_none()) return false;
        add_yield_from(true);
      }
      addop(Opcode::POP_TOP);
      unset_loc();
      return true;
    case FrameBlockType::HandlerCleanup:
      if (info.has_handler_name) addop(kPopBlock);
      if (preserve_tos) addop(Opcode::SWAP, 2);
      addop(kPopBlock);
      addop(Opcode::POP_EXCEPT);
      if (info.has_handler_name) {
        if (!addop_load_none() || !nameop(info.handler_name, ExprContext::Store) ||
            !nameop(info.handler_name, ExprContext::Del))
          return false;
      }
      return true;
    case FrameBlockType::PopValue:
      if (preserve_tos) addop(Opcode::SWAP, 2);
      addop(Opcode::POP_TOP);
      return true;
  }
  return true;
}

// Unwinds every enclosing block, or up to the innermost loop when `loop` is given.
bool Compiler::unwind_frame_block_stack(bool preserve_tos, FrameBlock** loop) {
  if (u_->frame_blocks.empty()) return true;
  FrameBlock top = u_->frame_blocks.back();
  if (top.type == FrameBlockType::ExceptionGroupHandler)
    return error("'break', 'continue' and 'return' cannot appear in an except* block");
  if (loop && (top.type == FrameBlockType::WhileLoop || top.type == FrameBlockType::ForLoop)) {
    *loop = &u_->frame_blocks.back();
    return true;
  }
  u_->frame_blocks.pop_back();
  bool ok = unwind_frame_block(top, preserve_tos) && unwind_frame_block_stack(preserve_tos, loop);
  // Capacity is unchanged since the pop, so a loop pointer found further down stays valid.
  u_->frame_blocks.push_back(top);
  return ok;
}

bool Compiler::compile_return(Return* s) {
  bool preserve_tos = s->value && !s->value->is<Constant>();
  if (u_->ste->type != BlockType::Function) return error("'return' outside function");
  if (s->value && u_->ste->coroutine && u_->ste->generator)
    return error("'return' with value in async generator");
  if (preserve_tos) {
    if (!visit_expr(s->value)) return false;
  } else if (s->value) {
    // An instruction with the line of the returned constant.
    set_loc(s->value);
    addop(Opcode::NOP);
  }
  if (!s->value || s->value->lineno != s->lineno) {
    set_loc(s);
    addop(Opcode::NOP);
  }
  if (!unwind_frame_block_stack(preserve_tos, nullptr)) return false;
  if (!s->value) {
    if (!addop_load_none()) return false;
  } else if (!preserve_tos) {
    if (!addop_load_const(const_value(s->value))) return false;
  }
  addop(Opcode::RETURN_VALUE);
  return true;
}

bool Compiler::compile_break() {
  FrameBlock* loop = nullptr;
  Location saved = u_->loc;  // unwinding a `with` unsets it; the error reports the statement
  addop(Opcode::NOP);  // an instruction with the statement's line
  if (!unwind_frame_block_stack(false, &loop)) return false;
  if (!loop) {
    u_->loc = saved;
    return error("'break' outside loop");
  }
  FrameBlock info = *loop;
  if (!unwind_frame_block(info, false)) return false;
  addop_jump(Opcode::JUMP, info.exit);
  return true;
}

bool Compiler::compile_continue() {
  FrameBlock* loop = nullptr;
  Location saved = u_->loc;
  addop(Opcode::NOP);
  if (!unwind_frame_block_stack(false, &loop)) return false;
  if (!loop) {
    u_->loc = saved;
    return error("'continue' not properly in loop");
  }
  addop_jump(Opcode::JUMP, loop->block);
  return true;
}

// --- Control flow ---------------------------------------------------------------------

bool Compiler::compile_if(If* s) {
  BasicBlock* end = new_block();
  BasicBlock* next = s->orelse.empty() ? end : new_block();
  if (!jump_if(s->test, next, false)) return false;
  if (!visit_stmts(s->body)) return false;
  if (!s->orelse.empty()) {
    addop_jump_noline(Opcode::JUMP, end);
    use_next_block(next);
    if (!visit_stmts(s->orelse)) return false;
  }
  use_next_block(end);
  return true;
}

bool Compiler::compile_for(For* s) {
  BasicBlock* start = new_block();
  BasicBlock* body = new_block();
  BasicBlock* cleanup = new_block();
  BasicBlock* end = new_block();
  if (!push_frame_block(FrameBlock{FrameBlockType::ForLoop, start, end})) return false;
  if (!visit_expr(s->iter)) return false;
  addop(Opcode::GET_ITER);
  use_next_block(start);
  addop_jump(Opcode::FOR_ITER, cleanup);
  use_next_block(body);
  if (!visit_expr(s->target) || !visit_stmts(s->body)) return false;
  unset_loc();  // the jump back is artificial
  addop_jump(Opcode::JUMP, start);
  use_next_block(cleanup);
  pop_frame_block(FrameBlockType::ForLoop, start);
  if (!visit_stmts(s->orelse)) return false;
  use_next_block(end);
  return true;
}

bool Compiler::compile_async_for(AsyncFor* s) {
  if (top_level_await()) {
    u_->ste->coroutine = true;
  } else if (u_->scope_type != ScopeType::AsyncFunction) {
    return error("'async for' outside async function");
  }
  BasicBlock* start = new_block();
  BasicBlock* except = new_block();
  BasicBlock* end = new_block();
  if (!visit_expr(s->iter)) return false;
  addop(Opcode::GET_AITER);
  use_next_block(start);
  if (!push_frame_block(FrameBlock{FrameBlockType::ForLoop, start, end})) return false;
  // The handler catches StopAsyncIteration from __anext__.
  addop_jump(kSetupFinally, except);
  addop(Opcode::GET_ANEXT);
  if (!addop_load_none()) return false;
  add_yield_from(true);
  addop(kPopBlock);
  if (!visit_expr(s->target) || !visit_stmts(s->body)) return false;
  unset_loc();
  addop_jump(Opcode::JUMP, start);
  pop_frame_block(FrameBlockType::ForLoop, start);
  use_next_block(except);
  // END_ASYNC_FOR has the line of the iterable: it follows the `for`, not the body.
  set_loc(s->iter);
  addop(Opcode::END_ASYNC_FOR);
  if (!visit_stmts(s->orelse)) return false;
  use_next_block(end);
  return true;
}

// The test is compiled twice, at the top and at the bottom, so each iteration runs one
// conditional jump (CPython 3.11's layout).
bool Compiler::compile_while(While* s) {
  BasicBlock* loop = new_block();
  BasicBlock* body = new_block();
  BasicBlock* anchor = new_block();
  BasicBlock* end = new_block();
  use_next_block(loop);
  if (!push_frame_block(FrameBlock{FrameBlockType::WhileLoop, loop, end})) return false;
  if (!jump_if(s->test, anchor, false)) return false;
  use_next_block(body);
  if (!visit_stmts(s->body)) return false;
  set_loc(s);
  if (!jump_if(s->test, body, true)) return false;
  pop_frame_block(FrameBlockType::WhileLoop, loop);
  use_next_block(anchor);
  if (!visit_stmts(s->orelse)) return false;
  use_next_block(end);
  return true;
}

// --- with / async with ----------------------------------------------------------------

bool Compiler::with_except_finish(BasicBlock* cleanup) {
  unset_loc();
  BasicBlock* exit = new_block();
  addop_jump(Opcode::POP_JUMP_IF_TRUE, exit);
  addop(Opcode::RERAISE, 2);
  use_next_block(cleanup);
  pop_except_and_reraise();
  use_next_block(exit);
  addop(Opcode::POP_TOP);  // exc_value
  addop(kPopBlock);
  addop(Opcode::POP_EXCEPT);
  addop(Opcode::POP_TOP);
  addop(Opcode::POP_TOP);
  return true;
}

bool Compiler::compile_with(With* s, size_t pos) {
  WithItem* item = s->items[pos];
  BasicBlock* block = new_block();
  BasicBlock* final = new_block();
  BasicBlock* exit = new_block();
  BasicBlock* cleanup = new_block();
  if (!visit_expr(item->context_expr)) return false;
  addop(Opcode::BEFORE_WITH);  // pushes the bound __exit__, then __enter__()
  addop_jump(kSetupWith, final);
  use_next_block(block);
  if (!push_frame_block(FrameBlock{FrameBlockType::With, block, final, nullptr, s})) return false;
  if (item->optional_vars) {
    if (!visit_expr(item->optional_vars)) return false;
  } else {
    addop(Opcode::POP_TOP);  // the result of __enter__()
  }
  pos++;
  if (pos == s->items.size()) {
    if (!visit_stmts(s->body)) return false;
  } else if (!compile_with(s, pos)) {
    return false;
  }
  unset_loc();
  addop(kPopBlock);
  pop_frame_block(FrameBlockType::With, block);
  // Normal exit: __exit__(None, None, None).
  set_loc(s);
  if (!call_exit_with_nones()) return false;
  addop(Opcode::POP_TOP);
  addop_jump(Opcode::JUMP, exit);
  // Exceptional exit.
  use_next_block(final);
  addop_jump(kSetupCleanup, cleanup);
  addop(Opcode::PUSH_EXC_INFO);
  addop(Opcode::WITH_EXCEPT_START);
  if (!with_except_finish(cleanup)) return false;
  use_next_block(exit);
  return true;
}

bool Compiler::compile_async_with(AsyncWith* s, size_t pos) {
  WithItem* item = s->items[pos];
  if (top_level_await()) {
    u_->ste->coroutine = true;
  } else if (u_->scope_type != ScopeType::AsyncFunction) {
    return error("'async with' outside async function");
  }
  BasicBlock* block = new_block();
  BasicBlock* final = new_block();
  BasicBlock* exit = new_block();
  BasicBlock* cleanup = new_block();
  if (!visit_expr(item->context_expr)) return false;
  addop(Opcode::BEFORE_ASYNC_WITH);
  addop(Opcode::GET_AWAITABLE, 1);
  if (!addop_load_none()) return false;
  add_yield_from(true);
  addop_jump(kSetupWith, final);
  use_next_block(block);
  if (!push_frame_block(FrameBlock{FrameBlockType::AsyncWith, block, final, nullptr, s}))
    return false;
  if (item->optional_vars) {
    if (!visit_expr(item->optional_vars)) return false;
  } else {
    addop(Opcode::POP_TOP);
  }
  pos++;
  if (pos == s->items.size()) {
    if (!visit_stmts(s->body)) return false;
  } else if (!compile_async_with(s, pos)) {
    return false;
  }
  pop_frame_block(FrameBlockType::AsyncWith, block);
  addop(kPopBlock);
  set_loc(s);
  if (!call_exit_with_nones()) return false;
  addop(Opcode::GET_AWAITABLE, 2);
  if (!addop_load_none()) return false;
  add_yield_from(true);
  addop(Opcode::POP_TOP);
  addop_jump(Opcode::JUMP, exit);
  use_next_block(final);
  addop_jump(kSetupCleanup, cleanup);
  addop(Opcode::PUSH_EXC_INFO);
  addop(Opcode::WITH_EXCEPT_START);
  addop(Opcode::GET_AWAITABLE, 2);
  if (!addop_load_none()) return false;
  add_yield_from(true);
  if (!with_except_finish(cleanup)) return false;
  use_next_block(exit);
  return true;
}

// --- try ------------------------------------------------------------------------------

bool Compiler::compile_try(Try* s) {
  if (!s->finalbody.empty())
    return compile_try_finally(s, s->body, s->handlers, s->orelse, s->finalbody, false);
  return compile_try_except(s->body, s->handlers, s->orelse);
}

// try: <body> finally: <finalbody> — the final body is compiled twice: inline for the
// normal exit and as the handler that re-raises.
bool Compiler::compile_try_finally(Stmt* s, const Seq<Stmt*>& body,
                                   const Seq<ExceptHandlerBase*>& handlers,
                                   const Seq<Stmt*>& orelse, const Seq<Stmt*>& finalbody,
                                   bool star) {
  BasicBlock* body_block = new_block();
  BasicBlock* end = new_block();
  BasicBlock* exit = new_block();
  BasicBlock* cleanup = new_block();
  addop_jump(kSetupFinally, end);
  use_next_block(body_block);
  FrameBlock fb{FrameBlockType::FinallyTry, body_block, end};
  fb.finalbody = &finalbody;
  if (!push_frame_block(fb)) return false;
  if (!handlers.empty()) {
    bool ok = star ? compile_try_star_except(body, handlers, orelse)
                   : compile_try_except(body, handlers, orelse);
    if (!ok) return false;
  } else if (!visit_stmts(body)) {
    return false;
  }
  addop_noline(kPopBlock);
  pop_frame_block(FrameBlockType::FinallyTry, body_block);
  if (!visit_stmts(finalbody)) return false;
  addop_jump_noline(Opcode::JUMP, exit);
  // The `finally` handler.
  use_next_block(end);
  unset_loc();
  addop_jump(kSetupCleanup, cleanup);
  addop(Opcode::PUSH_EXC_INFO);
  if (!push_frame_block(FrameBlock{FrameBlockType::FinallyEnd, end, nullptr})) return false;
  if (!visit_stmts(finalbody)) return false;
  pop_frame_block(FrameBlockType::FinallyEnd, end);
  addop(Opcode::RERAISE, 0);
  use_next_block(cleanup);
  pop_except_and_reraise();
  use_next_block(exit);
  return true;
}

bool Compiler::compile_try_except(const Seq<Stmt*>& body, const Seq<ExceptHandlerBase*>& handlers,
                                  const Seq<Stmt*>& orelse) {
  BasicBlock* body_block = new_block();
  BasicBlock* except = new_block();
  BasicBlock* end = new_block();
  BasicBlock* cleanup = new_block();
  addop_jump(kSetupFinally, except);
  use_next_block(body_block);
  if (!push_frame_block(FrameBlock{FrameBlockType::TryExcept, body_block, nullptr})) return false;
  if (!visit_stmts(body)) return false;
  pop_frame_block(FrameBlockType::TryExcept, body_block);
  addop_noline(kPopBlock);
  if (!visit_stmts(orelse)) return false;
  addop_jump_noline(Opcode::JUMP, end);
  size_t n = handlers.size();
  use_next_block(except);
  unset_loc();
  addop_jump(kSetupCleanup, cleanup);
  addop(Opcode::PUSH_EXC_INFO);
  if (!push_frame_block(FrameBlock{FrameBlockType::ExceptionHandler, nullptr, nullptr}))
    return false;
  for (size_t i = 0; i < n; i++) {
    auto* handler = static_cast<ExceptHandler*>(handlers[i]);
    set_loc(handler);
    if (!handler->type && i < n - 1) return error("default 'except:' must be last");
    except = new_block();
    if (handler->type) {
      if (!visit_expr(handler->type)) return false;
      addop(Opcode::CHECK_EXC_MATCH);
      addop_jump(Opcode::POP_JUMP_IF_FALSE, except);
    }
    if (!is_none(handler->name)) {
      BasicBlock* cleanup_end = new_block();
      BasicBlock* cleanup_body = new_block();
      if (!nameop(handler->name, ExprContext::Store)) return false;
      // try: <handler body> finally: name = None; del name
      addop_jump(kSetupCleanup, cleanup_end);
      use_next_block(cleanup_body);
      FrameBlock fb{FrameBlockType::HandlerCleanup, cleanup_body, nullptr};
      fb.handler_name = handler->name;
      fb.has_handler_name = true;
      if (!push_frame_block(fb)) return false;
      if (!visit_stmts(handler->body)) return false;
      pop_frame_block(FrameBlockType::HandlerCleanup, cleanup_body);
      unset_loc();
      addop(kPopBlock);
      addop(kPopBlock);
      addop(Opcode::POP_EXCEPT);
      if (!addop_load_none() || !nameop(handler->name, ExprContext::Store) ||
          !nameop(handler->name, ExprContext::Del))
        return false;
      addop_jump(Opcode::JUMP, end);
      // The handler body raised.
      use_next_block(cleanup_end);
      unset_loc();
      if (!addop_load_none() || !nameop(handler->name, ExprContext::Store) ||
          !nameop(handler->name, ExprContext::Del))
        return false;
      addop(Opcode::RERAISE, 1);
    } else {
      BasicBlock* cleanup_body = new_block();
      addop(Opcode::POP_TOP);  // exc_value
      use_next_block(cleanup_body);
      if (!push_frame_block(FrameBlock{FrameBlockType::HandlerCleanup, cleanup_body, nullptr}))
        return false;
      if (!visit_stmts(handler->body)) return false;
      pop_frame_block(FrameBlockType::HandlerCleanup, cleanup_body);
      unset_loc();
      addop(kPopBlock);
      addop(Opcode::POP_EXCEPT);
      addop_jump(Opcode::JUMP, end);
    }
    use_next_block(except);
  }
  unset_loc();
  pop_frame_block(FrameBlockType::ExceptionHandler, nullptr);
  addop(Opcode::RERAISE, 0);
  use_next_block(cleanup);
  pop_except_and_reraise();
  use_next_block(end);
  return true;
}

// try/except* (PEP 654). Stack while matching: [orig, results_list, rest]; each handler
// splits `rest` with CHECK_EG_MATCH, and whatever the handler bodies raise is collected in
// results_list for PREP_RERAISE_STAR.
bool Compiler::compile_try_star_except(const Seq<Stmt*>& body,
                                       const Seq<ExceptHandlerBase*>& handlers,
                                       const Seq<Stmt*>& orelse) {
  BasicBlock* body_block = new_block();
  BasicBlock* except = new_block();
  BasicBlock* orelse_block = new_block();
  BasicBlock* end = new_block();
  BasicBlock* cleanup = new_block();
  BasicBlock* reraise_star = new_block();
  addop_jump(kSetupFinally, except);
  use_next_block(body_block);
  if (!push_frame_block(FrameBlock{FrameBlockType::TryExcept, body_block, nullptr})) return false;
  if (!visit_stmts(body)) return false;
  pop_frame_block(FrameBlockType::TryExcept, body_block);
  addop_noline(kPopBlock);
  addop_jump_noline(Opcode::JUMP, orelse_block);
  size_t n = handlers.size();
  use_next_block(except);
  unset_loc();
  addop_jump(kSetupCleanup, cleanup);
  addop(Opcode::PUSH_EXC_INFO);
  if (!push_frame_block(FrameBlock{FrameBlockType::ExceptionGroupHandler, nullptr, nullptr}))
    return false;
  for (size_t i = 0; i < n; i++) {
    auto* handler = static_cast<ExceptHandler*>(handlers[i]);
    set_loc(handler);
    except = new_block();
    BasicBlock* handle_match = new_block();
    if (i == 0) {
      // [exc] -> [orig, [], exc]
      addop(Opcode::COPY, 1);
      addop(Opcode::BUILD_LIST, 0);
      addop(Opcode::SWAP, 2);
    }
    if (handler->type) {
      if (!visit_expr(handler->type)) return false;
      addop(Opcode::CHECK_EG_MATCH);
      addop(Opcode::COPY, 1);
      addop_jump(Opcode::POP_JUMP_IF_NOT_NONE, handle_match);
      addop(Opcode::POP_TOP);  // match (None)
      addop_jump(Opcode::JUMP, except);
    }
    use_next_block(handle_match);
    BasicBlock* cleanup_end = new_block();
    BasicBlock* cleanup_body = new_block();
    bool has_name = !is_none(handler->name);
    if (has_name) {
      if (!nameop(handler->name, ExprContext::Store)) return false;
    } else {
      addop(Opcode::POP_TOP);  // match
    }
    addop_jump(kSetupCleanup, cleanup_end);
    use_next_block(cleanup_body);
    FrameBlock fb{FrameBlockType::HandlerCleanup, cleanup_body, nullptr};
    fb.handler_name = handler->name;
    fb.has_handler_name = has_name;
    if (!push_frame_block(fb)) return false;
    if (!visit_stmts(handler->body)) return false;
    pop_frame_block(FrameBlockType::HandlerCleanup, cleanup_body);
    unset_loc();
    addop(kPopBlock);
    if (has_name) {
      if (!addop_load_none() || !nameop(handler->name, ExprContext::Store) ||
          !nameop(handler->name, ExprContext::Del))
        return false;
    }
    addop_jump(Opcode::JUMP, except);
    // The handler body raised: add the exception to the results.
    use_next_block(cleanup_end);
    unset_loc();
    if (has_name) {
      if (!addop_load_none() || !nameop(handler->name, ExprContext::Store) ||
          !nameop(handler->name, ExprContext::Del))
        return false;
    }
    addop(Opcode::LIST_APPEND, 3);  // exc
    addop(Opcode::POP_TOP);         // lasti
    addop_jump(Opcode::JUMP, except);
    use_next_block(except);
    if (i == n - 1) {
      // Add the unhandled rest (None if everything matched) to the results.
      addop(Opcode::LIST_APPEND, 1);
      addop_jump(Opcode::JUMP, reraise_star);
    }
  }
  unset_loc();
  pop_frame_block(FrameBlockType::ExceptionGroupHandler, nullptr);
  BasicBlock* reraise = new_block();
  use_next_block(reraise_star);
  addop(Opcode::PREP_RERAISE_STAR);
  addop(Opcode::COPY, 1);
  addop_jump(Opcode::POP_JUMP_IF_NOT_NONE, reraise);
  // Nothing to re-raise.
  addop(Opcode::POP_TOP);
  addop(kPopBlock);
  addop(Opcode::POP_EXCEPT);
  addop_jump(Opcode::JUMP, end);
  use_next_block(reraise);
  addop(kPopBlock);
  addop(Opcode::SWAP, 2);
  addop(Opcode::POP_EXCEPT);
  addop(Opcode::RERAISE, 0);
  use_next_block(cleanup);
  pop_except_and_reraise();
  use_next_block(orelse_block);
  if (!visit_stmts(orelse)) return false;
  use_next_block(end);
  return true;
}

// --- assert, import -------------------------------------------------------------------

bool Compiler::compile_assert(Assert* s) {
  // A non-empty tuple is always true: almost certainly misplaced parentheses.
  bool tuple_test = false;
  if (auto* t = s->test->as<Tuple>()) {
    tuple_test = !t->elts.empty();
  } else if (Value v = const_value(s->test); v && is_tuple(v)) {
    tuple_test = as_tuple(v)->length > 0;
  }
  if (tuple_test && !warn("assertion is always true, perhaps remove parentheses?")) return false;
  if (optimize_) return true;
  BasicBlock* end = new_block();
  if (!jump_if(s->test, end, true)) return false;
  addop(Opcode::LOAD_ASSERTION_ERROR);
  if (s->msg) {
    if (!visit_expr(s->msg)) return false;
    addop(Opcode::CALL, 0);
  }
  addop(Opcode::RAISE_VARARGS, 1);
  use_next_block(end);
  return true;
}

bool Compiler::compile_import(Import* s) {
  for (Alias* alias : s->names) {
    if (!addop_load_int(0) || !addop_load_none()) return false;
    addop_name(Opcode::IMPORT_NAME, alias->name);
    std::string_view name = alias->name;
    size_t dot = name.find('.');
    if (!is_none(alias->asname)) {
      // `import a.b.c as d` binds d to the submodule: IMPORT_FROM each component.
      if (dot != std::string_view::npos) {
        size_t pos = dot + 1;
        while (true) {
          size_t next = name.find('.', pos);
          std::string_view attr = name.substr(pos, next == std::string_view::npos ? name.npos
                                                                                   : next - pos);
          addop_name_unmangled(Opcode::IMPORT_FROM, attr);
          if (next == std::string_view::npos) break;
          addop(Opcode::SWAP, 2);
          addop(Opcode::POP_TOP);
          pos = next + 1;
        }
        if (!nameop(alias->asname, ExprContext::Store)) return false;
        addop(Opcode::POP_TOP);
      } else if (!nameop(alias->asname, ExprContext::Store)) {
        return false;
      }
    } else {
      // `import a.b.c` binds a.
      if (!nameop(dot == std::string_view::npos ? name : name.substr(0, dot), ExprContext::Store))
        return false;
    }
  }
  return true;
}

bool Compiler::compile_import_from(ImportFrom* s) {
  int level = s->level == parse::kNoValue ? 0 : s->level;
  if (!addop_load_int(level)) return false;
  Ref<TupleObject> names = tuple_allocate(int64_t(s->names.size()));
  if (!names) return raised();
  for (size_t i = 0; i < s->names.size(); i++) {
    Ref<StrObject> name = str_from_utf8(s->names[i]->name);
    if (!name) return raised();
    names->items[i] = name.release();
  }
  if (s->lineno > future_lineno_ && !is_none(s->module) && s->module == "__future__")
    return error("from __future__ imports must occur at the beginning of the file");
  if (!addop_load_const(Ref<>(std::move(names)))) return false;
  addop_name(Opcode::IMPORT_NAME, is_none(s->module) ? std::string_view("") : s->module);
  for (size_t i = 0; i < s->names.size(); i++) {
    Alias* alias = s->names[i];
    if (i == 0 && !alias->name.empty() && alias->name[0] == '*') {
      addop(Opcode::IMPORT_STAR);
      return true;
    }
    addop_name(Opcode::IMPORT_FROM, alias->name);
    if (!nameop(is_none(alias->asname) ? alias->name : alias->asname, ExprContext::Store))
      return false;
  }
  addop(Opcode::POP_TOP);  // the module
  return true;
}

// --- Assignments ----------------------------------------------------------------------

bool Compiler::compile_augassign(AugAssign* s) {
  Expr* e = s->target;
  Location saved = u_->loc;
  set_loc(e);
  switch (e->node_kind) {
    case NodeKind::Attribute: {
      auto* a = static_cast<Attribute*>(e);
      if (!visit_expr(a->value)) return false;
      addop(Opcode::COPY, 1);
      update_start_location_to_match_attr(a);
      addop_name(Opcode::LOAD_ATTR, a->attr);
      break;
    }
    case NodeKind::Subscript: {
      auto* sub = static_cast<Subscript*>(e);
      if (!visit_expr(sub->value) || !visit_expr(sub->slice)) return false;
      addop(Opcode::COPY, 2);
      addop(Opcode::COPY, 2);
      addop(Opcode::BINARY_SUBSCR);
      break;
    }
    case NodeKind::Name:
      if (!nameop(static_cast<Name*>(e)->id, ExprContext::Load)) return false;
      break;
    default:
      return system_error("invalid node type for augmented assignment");
  }
  u_->loc = saved;
  if (!visit_expr(s->value)) return false;
  // The in-place operators follow the plain ones in BinaryOperator.
  static const BinaryOperator kInplace[] = {
      BinaryOperator::InplaceAdd,         BinaryOperator::InplaceSubtract,
      BinaryOperator::InplaceMultiply,    BinaryOperator::InplaceMatrixMultiply,
      BinaryOperator::InplaceTrueDivide,  BinaryOperator::InplaceRemainder,
      BinaryOperator::InplacePower,       BinaryOperator::InplaceLShift,
      BinaryOperator::InplaceRShift,      BinaryOperator::InplaceOr,
      BinaryOperator::InplaceXor,         BinaryOperator::InplaceAnd,
      BinaryOperator::InplaceFloorDivide};
  addop(Opcode::BINARY_OP, int(kInplace[int(s->op)]));
  set_loc(e);
  switch (e->node_kind) {
    case NodeKind::Attribute: {
      auto* a = static_cast<Attribute*>(e);
      update_start_location_to_match_attr(a);
      addop(Opcode::SWAP, 2);
      addop_name(Opcode::STORE_ATTR, a->attr);
      return true;
    }
    case NodeKind::Subscript:
      addop(Opcode::SWAP, 3);
      addop(Opcode::SWAP, 2);
      addop(Opcode::STORE_SUBSCR);
      return true;
    default:
      return nameop(static_cast<Name*>(e)->id, ExprContext::Store);
  }
}

bool Compiler::check_ann_expr(Expr* e) {
  if (!visit_expr(e)) return false;
  addop(Opcode::POP_TOP);
  return true;
}

// Everything in an annotated subscript target must be defined at run time.
bool Compiler::check_ann_subscr(Expr* e) {
  if (auto* s = e->as<Slice>()) {
    return (!s->lower || check_ann_expr(s->lower)) && (!s->upper || check_ann_expr(s->upper)) &&
           (!s->step || check_ann_expr(s->step));
  }
  if (auto* t = e->as<Tuple>()) {
    for (Expr* elt : t->elts)
      if (!check_ann_subscr(elt)) return false;
    return true;
  }
  return check_ann_expr(e);
}

bool Compiler::compile_annassign(AnnAssign* s) {
  Expr* target = s->target;
  // The assignment itself comes first.
  if (s->value) {
    if (!visit_expr(s->value) || !visit_expr(target)) return false;
  }
  bool module_or_class = u_->scope_type == ScopeType::Module || u_->scope_type == ScopeType::Class;
  switch (target->node_kind) {
    case NodeKind::Name: {
      auto* name = static_cast<Name*>(target);
      if (forbidden_name(name->id, ExprContext::Store)) return false;
      // Simple names in modules and classes are recorded in __annotations__.
      if (s->simple && module_or_class) {
        if (future_annotations()) {
          if (!visit_annexpr(s->annotation)) return false;
        } else if (!visit_expr(s->annotation)) {
          return false;
        }
        addop_name_unmangled(Opcode::LOAD_NAME, "__annotations__");
        if (!addop_load_str(mangle_name(name->id))) return false;
        addop(Opcode::STORE_SUBSCR);
      }
      break;
    }
    case NodeKind::Attribute: {
      auto* a = static_cast<Attribute*>(target);
      if (forbidden_name(a->attr, ExprContext::Store)) return false;
      if (!s->value && !check_ann_expr(a->value)) return false;
      break;
    }
    case NodeKind::Subscript: {
      auto* sub = static_cast<Subscript*>(target);
      if (!s->value && (!check_ann_expr(sub->value) || !check_ann_subscr(sub->slice))) return false;
      break;
    }
    default:
      return system_error("invalid node type for annotated assignment");
  }
  // The annotation of a complex target is evaluated (last) but not stored.
  if (!s->simple && !future_annotations() && module_or_class)
    return check_ann_expr(s->annotation);
  return true;
}

}  // namespace krait::compile
