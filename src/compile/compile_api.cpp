// The compiler's entry points (compiler.h): parse, read the __future__ imports, fold
// constants, build the symbol table, generate code — CPython's _PyAST_Compile pipeline —
// and report every failure as the exception CPython raises.
#include "compile/compiler.h"

#include "compile/compiler_internal.h"
#include "compile/syntax_error.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/str.h"
#include "objects/unicode_codecs.h"
#include "parse/parser.h"
#include "runtime/runtime.h"

namespace krait {

namespace {
CompileWarningHook warning_hook = nullptr;
bool debug_ranges = true;
thread_local uint64_t warnings_issued = 0;
}  // namespace

void set_compile_warning_hook(CompileWarningHook hook) { warning_hook = hook; }
// Every caller asks for the hook to issue one warning.
CompileWarningHook compile_warning_hook() {
  ++warnings_issued;
  return warning_hook;
}
uint64_t compile_warnings_issued() { return warnings_issued; }
void set_compile_debug_ranges(bool on) { debug_ranges = on; }
bool compile_debug_ranges() { return debug_ranges; }

namespace compile {
namespace {

using namespace ast;

bool is_docstring(const Stmt* s) {
  auto* e = s->as<ExprStmt>();
  if (!e) return false;
  auto* c = e->value->as<Constant>();
  return c && c->value.kind == ConstantKind::Str;
}

bool future_error(CompileError* error, std::string message, const Stmt* s, int offset) {
  error->kind = CompileError::Kind::SyntaxError;
  error->style = CompileError::Style::Short;
  error->message = std::move(message);
  error->lineno = s->lineno;
  error->offset = offset;
  error->end_lineno = s->lineno;
  error->end_offset = CompileError::kNone;
  return false;
}

// The `from __future__ import ...` statements at the top of a module (after the
// docstring): the features they enable, and the line of the last one (later ones are an
// error the compiler reports). CPython's future.c.
bool parse_future(const Mod* mod, int* features, int* future_lineno, CompileError* error) {
  const Seq<Stmt*>* body;
  if (auto* m = mod->as<ast::Module>()) body = &m->body;
  else if (auto* i = mod->as<Interactive>()) body = &i->body;
  else return true;
  size_t i = 0;
  if (!body->empty() && is_docstring((*body)[0])) i++;
  bool done = false;
  int prev_line = 0;
  for (; i < body->size(); i++) {
    const Stmt* s = (*body)[i];
    if (done && s->lineno > prev_line) return true;
    prev_line = s->lineno;
    auto* from = s->as<ImportFrom>();
    if (!from || is_none(from->module) || from->module != "__future__") {
      done = true;
      continue;
    }
    // Only a run of future imports joined by semicolons can reach here after `done`.
    // (CPython reports this one at the statement's 0-based column.)
    if (done)
      return future_error(error, "from __future__ imports must occur at the beginning of the file",
                          s, s->col_offset);
    for (const Alias* alias : from->names) {
      std::string_view feature = alias->name;
      if (feature == "nested_scopes" || feature == "generators" || feature == "division" ||
          feature == "absolute_import" || feature == "with_statement" ||
          feature == "print_function" || feature == "unicode_literals" ||
          feature == "generator_stop")
        continue;
      if (feature == "barry_as_FLUFL") {
        *features |= kCodeFutureBarryAsBdfl;
      } else if (feature == "annotations") {
        *features |= kCodeFutureAnnotations;
      } else if (feature == "braces") {
        return future_error(error, "not a chance", s, s->col_offset + 1);
      } else {
        return future_error(error, "future feature " + std::string(feature) + " is not defined", s,
                            s->col_offset + 1);
      }
    }
    *future_lineno = s->lineno;
  }
  return true;
}

int default_optimize() {
  ThreadState* thread = current_thread();
  return thread && thread->runtime ? thread->runtime->config.optimize : 0;
}

// CPython allows 3 compiler levels per interpreter recursion level.
int compile_recursion_limit() {
  ThreadState* thread = current_thread();
  int limit = thread && thread->runtime ? thread->runtime->recursion_limit : 1000;
  int depth = thread ? thread->python_depth : 0;
  return std::max(1, (limit - depth) * 3);
}

}  // namespace

Ref<CodeObject> compile_module_tree(Mod* module, Value filename, int flags, int optimize,
                                    int* flags_out, std::string_view source = {}) {
  if (optimize < 0) optimize = default_optimize();
  CompileError error;
  int features = 0;
  int future_lineno = -1;
  if (!parse_future(module, &features, &future_lineno, &error))
    return raise_compile_error(error, filename);
  flags |= features;
  if (flags_out) *flags_out = flags;

  Compiler compiler(filename, flags, optimize, &error);
  compiler.future_lineno_ = future_lineno;
  int limit = compile_recursion_limit();
  compiler.arena_ = std::make_unique<parse::Arena>();
  compiler.folder_ = std::make_unique<ConstantFolder>(
      compiler.arena_.get(), optimize, (flags & kCodeFutureAnnotations) != 0, limit);
  compiler.folder_->source_ = source;
  if (!compiler.folder_->fold_module(module, &error)) return raise_compile_error(error, filename);
  compiler.symtable_ =
      SymbolTable::build(module, (flags & kCodeFutureAnnotations) != 0, limit, &error);
  if (!compiler.symtable_) return raise_compile_error(error, filename);
  Ref<CodeObject> code = compiler.compile_module(module);
  if (!code) return raise_compile_error(error, filename);
  return code;
}

}  // namespace compile

Ref<CodeObject> compile_ast(ast::Mod* module, Value filename, int flags, int optimize,
                            int* flags_out) {
  return compile::compile_module_tree(module, filename, flags, optimize, flags_out);
}

namespace {

// Parses `source` for compiling (a declared encoding the parser does not decode itself is
// decoded with its codec into *decoded), issuing the parser's warnings. False with the
// exception set on failure; *source then points at the text the tree was parsed from.
bool parse_for_compile(std::string_view* source, Value filename, CompileMode mode, int flags,
                       parse::ParseResult* result, Ref<StrObject>* decoded) {
  parse::Mode parse_mode = mode == CompileMode::Eval     ? parse::Mode::Eval
                           : mode == CompileMode::Single ? parse::Mode::Single
                           : mode == CompileMode::FuncType ? parse::Mode::FuncType
                                                           : parse::Mode::Exec;
  std::string_view filename_utf8 = str_utf8(filename);
  *result = parse::parse(*source, filename_utf8, parse_mode, unsigned(flags));
  if (!result->needs_decoding.empty()) {
    // A source encoding the parser does not decode itself: decode with the codec, then
    // parse the text.
    Ref<> bytes = Ref<>(bytes_from(*source));
    if (!bytes) return false;
    Ref<StrObject> encoding = str_from_utf8(result->needs_decoding);
    if (!encoding) return false;
    Ref<> text = bytes_decode(bytes, encoding, Value());
    if (!text) {
      // An unknown codec or undecodable bytes: CPython reports a SyntaxError with the
      // codec's message at line 0.
      Ref<> failure = fetch_error();
      Ref<StrObject> message = failure ? str(failure.value()) : nullptr;
      if (!message) return false;
      parse::SyntaxErrorInfo info;
      info.kind = "SyntaxError";
      info.msg = std::string(str_utf8(message.get()));
      info.lineno = 0;
      info.offset = -1;
      return compile::raise_parse_error(info, filename);
    }
    *decoded = std::move(text).cast<StrObject>();
    *source = str_utf8(decoded->get());
    *result = parse::parse(*source, filename_utf8, parse_mode, unsigned(flags) | parse::kFlagSourceIsUtf8);
  }
  for (const parse::ParseWarning& w : result->warnings) {
    if (!compile::issue_parse_warning(w, filename, *source)) return false;
  }
  if (!result->ok()) {
    if (result->error) return compile::raise_parse_error(*result->error, filename);
    return system_error("parser returned no tree and no error");
  }
  return true;
}

}  // namespace

Ref<CodeObject> compile_source(std::string_view source, Value filename, CompileMode mode,
                               int flags, int optimize, int* flags_out) {
  parse::ParseResult result;
  Ref<StrObject> decoded;
  if (!parse_for_compile(&source, filename, mode, flags, &result, &decoded)) return nullptr;
  return compile::compile_module_tree(result.tree, filename, flags, optimize, flags_out, source);
}

std::unique_ptr<compile::SymbolTable> symbol_table_for_source(std::string_view source, Value filename,
                                                              CompileMode mode, int flags) {
  parse::ParseResult result;
  Ref<StrObject> decoded;
  if (!parse_for_compile(&source, filename, mode, flags, &result, &decoded)) return nullptr;
  compile::CompileError error;
  int features = 0;
  int future_lineno = -1;
  if (!compile::parse_future(result.tree, &features, &future_lineno, &error)) {
    compile::raise_compile_error(error, filename);
    return nullptr;
  }
  std::unique_ptr<compile::SymbolTable> table = compile::SymbolTable::build(
      result.tree, ((flags | features) & kCodeFutureAnnotations) != 0, compile::compile_recursion_limit(), &error);
  if (!table) compile::raise_compile_error(error, filename);
  return table;
}

}  // namespace krait
