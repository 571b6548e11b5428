// The compiler's internals, shared by the compile_*.cpp files: the control-flow graph
// (basic blocks of instructions with source locations, pseudo-instructions for `try`
// regions), the per-scope compilation unit, and the Compiler class that walks the AST the
// way CPython 3.11's compile.c does. Code generation lives in compile_stmt.cpp,
// compile_expr.cpp, compile_pattern.cpp and compile_scope.cpp; the CFG passes in
// flowgraph.cpp; turning a finished unit into a code object in assembler.cpp.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compile/compile_error.h"
#include "compile/compiler.h"
#include "compile/opcodes.h"
#include "compile/symtable.h"
#include "core/object.h"
#include "parse/ast.h"

namespace krait {
struct StrObject;
struct CodeObject;
struct TupleObject;
}  // namespace krait

namespace krait::compile {

// --- Instructions and basic blocks ----------------------------------------------------

// Pseudo-instructions: present in the CFG only. SETUP_* open a `try` region whose handler
// is the jump target (the exception table is derived from them), POP_BLOCK closes it.
enum PseudoOpcode : int {
  kSetupFinally = 256,  // handler gets [.., exc]
  kSetupCleanup,        // handler gets [.., lasti, exc]
  kSetupWith,           // handler gets [.., lasti, exc] with the __enter__ result popped
  kPopBlock,
};

inline bool is_pseudo(int opcode) { return opcode >= 256; }
inline bool is_block_push(int opcode) {
  return opcode == kSetupFinally || opcode == kSetupCleanup || opcode == kSetupWith;
}
inline bool is_jump_opcode(int opcode) {
  return opcode < 256 && opcode_is_jump(Opcode(opcode));
}
inline bool is_unconditional_jump(int opcode) { return opcode == int(Opcode::JUMP); }
// Instructions after which control never falls through.
inline bool is_scope_exit(int opcode) {
  return opcode == int(Opcode::RETURN_VALUE) || opcode == int(Opcode::RAISE_VARARGS) ||
         opcode == int(Opcode::RERAISE);
}

// A source span (CPython's i_lineno & co). lineno < 0: no location ("artificial").
struct Location {
  int lineno = -1;
  int end_lineno = -1;
  int col_offset = -1;
  int end_col_offset = -1;

  bool has_line() const { return lineno >= 0; }
  static Location of(const ast::Located* node) {
    return {node->lineno, node->end_lineno, node->col_offset, node->end_col_offset};
  }
};

struct BasicBlock;

struct Instruction {
  int opcode;
  int oparg;
  BasicBlock* target;  // jumps and SETUP_*
  BasicBlock* except;  // the handler covering this instruction (after labelling)
  Location loc;
};

struct ExceptStack;

struct BasicBlock {
  std::vector<Instruction> instrs;
  BasicBlock* next = nullptr;  // the block that follows in layout order (fall-through)
  int predecessors = 0;
  int start_depth = -1;        // stack depth at entry (-1: not reached yet)
  int offset = 0;              // first code unit, once laid out
  bool except_handler = false; // target of a SETUP_*: entered with an exception pushed
  bool preserve_lasti = false; // handler of SETUP_CLEANUP/SETUP_WITH: lasti pushed too
  bool visited = false;
  ExceptStack* except_stack = nullptr;
  uint64_t unsafe_locals = 0;  // locals that may be unbound at entry (bit i: local i)

  Instruction* last() { return instrs.empty() ? nullptr : &instrs.back(); }
  bool empty() const { return instrs.empty(); }
};

// Control falls from b into b->next unless b ends with a jump, return or raise.
bool has_fallthrough(const BasicBlock* b);
// b ends with a return or raise.
bool is_exit_block(const BasicBlock* b);

// --- Frame blocks: the statements enclosing the current position, for unwinding on
// return/break/continue (CPython's fblockinfo). ---
enum class FrameBlockType : uint8_t {
  WhileLoop, ForLoop, TryExcept, FinallyTry, FinallyEnd, With, AsyncWith, HandlerCleanup,
  PopValue, ExceptionHandler, ExceptionGroupHandler, AsyncComprehensionGenerator,
};

struct FrameBlock {
  FrameBlockType type;
  BasicBlock* block;
  BasicBlock* exit;
  const ast::Seq<ast::Stmt*>* finalbody = nullptr;  // FinallyTry
  const ast::Stmt* with = nullptr;                  // With/AsyncWith: location of the exit call
  ast::Identifier handler_name;                     // HandlerCleanup: `except E as name`
  bool has_handler_name = false;
};

// --- The compilation unit: one code object being built --------------------------------

enum class ScopeType : uint8_t { Module, Class, Function, AsyncFunction, Lambda, Comprehension };

// Names with indices in first-insertion order (co_names, co_varnames, ...).
class NameTable {
 public:
  int index_of(std::string_view name) const;  // -1 if absent
  int add(std::string_view name);             // index, adding the name if new
  size_t size() const { return names_.size(); }
  const std::string& operator[](size_t i) const { return names_[i]; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, int, Hash, std::equal_to<>> index_;
};

struct Unit {
  SymbolTableEntry* ste = nullptr;
  ScopeType scope_type = ScopeType::Module;
  std::string name;
  std::string qualname;
  std::string private_name;  // class name used for mangling ("" outside classes)

  std::vector<Ref<>> consts;
  std::unordered_map<std::string, int> const_index;  // constant key -> index
  NameTable names;     // co_names
  NameTable varnames;  // parameters, then locals in order of first use
  NameTable cellvars;  // sorted; __class__ first in a class needing it
  NameTable freevars;  // sorted

  int argcount = 0;  // positional-or-keyword parameters (not positional-only)
  int posonlyargcount = 0;
  int kwonlyargcount = 0;
  int firstlineno = 1;

  std::vector<std::unique_ptr<BasicBlock>> blocks;  // every block, in creation order
  BasicBlock* entry = nullptr;
  BasicBlock* current = nullptr;
  std::vector<FrameBlock> frame_blocks;
  Location loc;  // location given to the next instruction
  // The current block ended with a jump, return or raise: the next instruction starts a
  // new block (CPython's u_need_new_implicit_block).
  bool need_new_block = false;
};

// The state of one `match` case while compiling its pattern (CPython's pattern_context).
struct PatternContext {
  std::vector<std::string> stores;  // names captured so far, in stack order
  bool allow_irrefutable = false;
  std::vector<BasicBlock*> fail_pop;  // fail_pop[n]: pop n items, then fail
  int on_top = 0;                     // items on top of the subject that must survive
};

// Constant folding (CPython's ast_opt.c): rewrites the tree in place before the symbol
// table; folded values are kept as Python objects keyed by their new Constant node.
class ConstantFolder {
 public:
  ConstantFolder(parse::Arena* arena, int optimize, bool future_annotations, int recursion_limit)
      : arena_(arena), optimize_(optimize), future_annotations_(future_annotations),
        recursion_limit_(recursion_limit) {}
  // False with *error set (RecursionError) or a Python exception set.
  bool fold_module(ast::Mod* module, CompileError* error);
  // The source text when compiling source (errors CPython's parser reports quote it).
  std::string_view source_;
  // The Python value of a Constant node (borrowed; owned by the folder). Null on error.
  Value value_of(const ast::Constant* c);

 private:
  friend class FoldPass;
  Ref<> materialize(const ast::ConstantValue& v);
  ast::Constant* make_constant(const ast::Located* at, Ref<> value);

  parse::Arena* arena_;
  int optimize_;
  bool future_annotations_;
  int recursion_limit_;
  std::unordered_map<const ast::Constant*, Ref<>> values_;
};

// --- The compiler ---------------------------------------------------------------------

class Compiler {
 public:
  Compiler(Value filename, int flags, int optimize, CompileError* error);
  ~Compiler();

  // Compiles a module/expression/interactive tree. Null with *error (or a Python
  // exception, error->kind == Raised) on failure.
  Ref<CodeObject> compile_module(ast::Mod* module);

  // --- Emitting instructions (compiler.cpp) ---
  void addop(int opcode, int oparg = 0);
  void addop(Opcode opcode, int oparg = 0) { addop(int(opcode), oparg); }
  void addop_noline(int opcode, int oparg = 0);
  void addop_noline(Opcode opcode, int oparg = 0) { addop_noline(int(opcode), oparg); }
  void addop_jump(int opcode, BasicBlock* target);
  void addop_jump(Opcode opcode, BasicBlock* target) { addop_jump(int(opcode), target); }
  void addop_jump_noline(Opcode opcode, BasicBlock* target);
  bool addop_load_const(Value value);
  bool addop_load_const(Ref<>&& value);
  bool addop_load_none();
  bool addop_load_str(std::string_view utf8);
  bool addop_load_int(int64_t i);
  // An instruction whose oparg names (mangled) an entry of co_names.
  void addop_name(Opcode opcode, std::string_view name);
  void addop_name_unmangled(Opcode opcode, std::string_view name);
  BasicBlock* new_block();
  void use_next_block(BasicBlock* block);  // `block` follows the current block
  void next_block();                       // start a new block after the current one
  int add_const(Value value);              // index, -1 on error
  int add_const(Ref<>&& value);
  Ref<> merge_constant(Ref<>&& value, std::string* key);

  void set_loc(const ast::Located* node) { u_->loc = Location::of(node); }
  void unset_loc() { u_->loc = Location{}; }
  void append(const Instruction& instruction);

  // --- Errors ---
  bool error(std::string message);  // SyntaxError at the current location
  bool warn(std::string message);   // SyntaxWarning; false if it became an error
  bool raised();                    // a Python exception is set: report it as is
  bool system_error(std::string message);
  bool recursion_error();

  // --- Names ---
  std::string mangle_name(std::string_view name) const { return mangle(u_->private_name, name); }
  bool nameop(ast::Identifier name, ast::ExprContext ctx);
  bool forbidden_name(ast::Identifier name, ast::ExprContext ctx);

  // --- Statements (compile_stmt.cpp) ---
  bool visit_stmt(ast::Stmt* s);
  bool visit_stmts(const ast::Seq<ast::Stmt*>& body);
  bool visit_body(const ast::Seq<ast::Stmt*>& body);  // module/class body with docstring
  bool compile_return(ast::Return* s);
  bool compile_break();
  bool compile_continue();
  bool compile_if(ast::If* s);
  bool compile_for(ast::For* s);
  bool compile_async_for(ast::AsyncFor* s);
  bool compile_while(ast::While* s);
  bool compile_with(ast::With* s, size_t pos);
  bool compile_async_with(ast::AsyncWith* s, size_t pos);
  bool with_except_finish(BasicBlock* cleanup);
  bool call_exit_with_nones();
  bool compile_try(ast::Try* s);
  bool compile_try_finally(ast::Stmt* s, const ast::Seq<ast::Stmt*>& body,
                           const ast::Seq<ast::ExceptHandlerBase*>& handlers,
                           const ast::Seq<ast::Stmt*>& orelse,
                           const ast::Seq<ast::Stmt*>& finalbody, bool star);
  bool compile_try_except(const ast::Seq<ast::Stmt*>& body,
                          const ast::Seq<ast::ExceptHandlerBase*>& handlers,
                          const ast::Seq<ast::Stmt*>& orelse);
  bool compile_try_star_except(const ast::Seq<ast::Stmt*>& body,
                               const ast::Seq<ast::ExceptHandlerBase*>& handlers,
                               const ast::Seq<ast::Stmt*>& orelse);
  bool compile_assert(ast::Assert* s);
  bool compile_import(ast::Import* s);
  bool compile_import_from(ast::ImportFrom* s);
  bool compile_augassign(ast::AugAssign* s);
  bool compile_annassign(ast::AnnAssign* s);
  bool check_ann_expr(ast::Expr* e);
  bool check_ann_subscr(ast::Expr* e);
  bool compile_stmt_expr(ast::Expr* value);
  bool compile_raise(ast::Raise* s);
  void pop_except_and_reraise();
  bool push_frame_block(FrameBlock block);
  void pop_frame_block(FrameBlockType type, BasicBlock* block);
  bool unwind_frame_block(const FrameBlock& info, bool preserve_tos);
  bool unwind_frame_block_stack(bool preserve_tos, FrameBlock** loop);
  void add_yield_from(bool await);
  void add_yield();

  // --- Expressions (compile_expr.cpp) ---
  bool visit_expr(ast::Expr* e);
  bool visit_expr_inner(ast::Expr* e);
  bool visit_exprs(const ast::Seq<ast::Expr*>& exprs);
  bool compile_boolop(ast::BoolOp* e);
  bool compile_compare(ast::Compare* e);
  bool check_compare(ast::Compare* e);
  void add_compare(ast::CmpOperator op);
  bool jump_if(ast::Expr* e, BasicBlock* next, bool cond);
  bool compile_ifexp(ast::IfExp* e);
  bool compile_call(ast::Call* e);
  int maybe_optimize_method_call(ast::Call* e);  // 1 done, 0 error, -1 not applicable
  bool call_helper(int pushed, const ast::Seq<ast::Expr*>& args,
                   const ast::Seq<ast::Keyword*>& keywords);
  bool call_simple_kw_helper(const ast::Seq<ast::Keyword*>& keywords);
  bool subkwargs(const ast::Seq<ast::Keyword*>& keywords, size_t begin, size_t end);
  bool validate_keywords(const ast::Seq<ast::Keyword*>& keywords);
  bool check_caller(ast::Expr* e);
  bool check_subscripter(ast::Expr* e);
  bool check_index(ast::Expr* e, ast::Expr* s);
  bool starunpack_helper(const ast::Seq<ast::Expr*>& elts, int pushed, Opcode build, Opcode add,
                         Opcode extend, bool tuple);
  bool unpack_helper(const ast::Seq<ast::Expr*>& elts);
  bool assignment_helper(const ast::Seq<ast::Expr*>& elts);
  bool compile_dict(ast::Dict* e);
  bool compile_subdict(ast::Dict* e, size_t begin, size_t end);
  bool compile_subscript(ast::Subscript* e);
  bool compile_slice(ast::Slice* e);
  bool compile_joined_str(ast::JoinedStr* e);
  bool compile_formatted_value(ast::FormattedValue* e);
  bool compile_attribute(ast::Attribute* e);
  void update_start_location_to_match_attr(ast::Attribute* attr);
  Value const_value(const ast::Expr* e);  // the value of a Constant node, else null
  bool is_const(const ast::Expr* e) const { return e && e->is<ast::Constant>(); }

  // --- Scopes: functions, classes, lambdas, comprehensions (compile_scope.cpp) ---
  bool enter_scope(std::string_view name, ScopeType type, const void* key, int firstlineno);
  void exit_scope();
  Ref<CodeObject> assemble_unit(bool add_none);
  bool compile_function(ast::Stmt* s, bool is_async);
  bool compile_class(ast::ClassDef* s);
  bool compile_lambda(ast::Lambda* e);
  bool compile_comprehension(ast::Expr* e, ast::NodeKind kind, std::string_view name,
                             const ast::Seq<ast::Comprehension*>& generators, ast::Expr* elt,
                             ast::Expr* value);
  bool comprehension_generator(const ast::Seq<ast::Comprehension*>& generators, size_t index,
                               int depth, ast::Expr* elt, ast::Expr* value,
                               ast::NodeKind kind);
  bool sync_comprehension_generator(const ast::Seq<ast::Comprehension*>& generators,
                                    size_t index, int depth, ast::Expr* elt, ast::Expr* value,
                                    ast::NodeKind kind);
  bool async_comprehension_generator(const ast::Seq<ast::Comprehension*>& generators,
                                     size_t index, int depth, ast::Expr* elt, ast::Expr* value,
                                     ast::NodeKind kind);
  bool comprehension_element(ast::Expr* elt, ast::Expr* value, ast::NodeKind kind, int depth);
  bool make_closure(Ref<CodeObject>&& code, int flags);
  int default_arguments(const ast::Arguments* args);  // MAKE_FUNCTION flags, -1 on error
  int visit_annotations(const ast::Arguments* args, ast::Expr* returns);  // 1, 0 none, -1 err
  bool visit_arg_annotation(ast::Identifier name, ast::Expr* annotation, int* count);
  bool visit_annexpr(ast::Expr* annotation);  // a stringified annotation (future import)
  bool check_debug_args(const ast::Arguments* args);
  bool decorators(const ast::Seq<ast::Expr*>& decorators);
  void apply_decorators(const ast::Seq<ast::Expr*>& decorators);
  void set_qualname();

  // --- Pattern matching (compile_pattern.cpp) ---
  bool compile_match(ast::Match* s);
  bool compile_pattern(ast::Pattern* p, PatternContext& pc);
  bool compile_pattern_subpattern(ast::Pattern* p, PatternContext& pc);
  bool pattern_value(ast::MatchValue* p, PatternContext& pc);
  bool pattern_singleton(ast::MatchSingleton* p, PatternContext& pc);
  bool pattern_sequence(ast::MatchSequence* p, PatternContext& pc);
  bool pattern_mapping(ast::MatchMapping* p, PatternContext& pc);
  bool pattern_class(ast::MatchClass* p, PatternContext& pc);
  bool pattern_as(ast::MatchAs* p, PatternContext& pc);
  bool pattern_star(ast::MatchStar* p, PatternContext& pc);
  bool pattern_or(ast::MatchOr* p, PatternContext& pc);
  bool pattern_store_name(ast::Identifier name, bool has_name, PatternContext& pc);
  void pattern_rotate(int count);
  bool pattern_unpack_helper(const ast::Seq<ast::Pattern*>& elts);
  bool pattern_sequence_unpack(const ast::Seq<ast::Pattern*>& patterns, PatternContext& pc);
  bool pattern_sequence_subscr(const ast::Seq<ast::Pattern*>& patterns, int star,
                               PatternContext& pc);
  void ensure_fail_pop(PatternContext& pc, int n);
  void jump_to_fail_pop(PatternContext& pc, Opcode op);
  void emit_and_reset_fail_pop(PatternContext& pc);

  // --- State ---
  Unit* u_ = nullptr;                       // the unit being compiled
  std::vector<std::unique_ptr<Unit>> stack_;  // enclosing units (u_ is stack_.back())
  std::unique_ptr<SymbolTable> symtable_;
  std::unique_ptr<parse::Arena> arena_;     // nodes made by constant folding
  std::unique_ptr<ConstantFolder> folder_;
  Ref<> filename_;
  std::string filename_utf8_;
  int flags_;                // PyCF_* and CO_FUTURE_* flags (future features merged in)
  int optimize_;
  int future_lineno_ = -1;   // line of the last `from __future__ import`
  bool interactive_ = false;
  int nest_level_ = 0;
  CompileError* error_;
  // Constants shared between all code objects of one compilation (CPython's
  // c_const_cache): equal constants become one object.
  std::unordered_map<std::string, Ref<>> const_cache_;
  // Code constants by (first line, size), for merging equal ones (see merge_constant).
  std::map<std::pair<int32_t, int64_t>, std::vector<Ref<>>> code_constants_;

  bool future_annotations() const;
  bool top_level_await() const;
};

// A key that identifies a constant by type and value (CPython's _PyCode_ConstantKey):
// 1, 1.0 and True are different constants, -0.0 and 0.0 too. Empty if none can be made.
std::string constant_key(Value v);

// Interns identifier-like strings among constants as CPython's code constructor does.
bool intern_string_constants(TupleObject* tuple, bool* modified);

// Code objects as constants compare by value (everything but the qualified name).
bool code_equal(CodeObject* a, CodeObject* b);

// Stack effect of an instruction, pseudo-instructions included.
int stack_effect(int opcode, int oparg, bool jump);

// --- CFG passes (flowgraph.cpp) ---
// Optimises and finalises the unit's CFG, then builds the code object (assembler.cpp).
Ref<CodeObject> assemble(Compiler& compiler, Unit& unit, int code_flags);

// Unparses an expression as Python's ast.unparse does for annotations (unparse.cpp).
// Returns false with a Python exception set if building a constant's repr fails.
bool unparse_expression(const ast::Expr* e, ConstantFolder& folder, std::string* out);

}  // namespace krait::compile
