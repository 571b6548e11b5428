// The compiler's public API: source text or an AST in, a code object out (CPython's
// Py_CompileStringObject / _PyAST_Compile). The compile() builtin, exec/eval, the import
// system and the command line call these. SyntaxErrors are raised as CPython raises them.
#pragma once

#include <memory>
#include <string_view>

#include "core/object.h"
#include "core/type.h"

namespace krait {

struct CodeObject;
namespace ast {
struct Mod;
}
namespace compile {
class SymbolTable;
}

enum class CompileMode { Exec, Eval, Single, FuncType };

// compile() flags, with CPython's PyCF_* values. The CO_FUTURE_* bits of code.h
// (kCodeFutureAnnotations, ...) may be passed as well: they are the inherited __future__
// features.
constexpr int kCompileOnlyAst = 0x0400;               // PyCF_ONLY_AST (handled by the caller)
constexpr int kCompileSourceIsUtf8 = 0x0800;          // PyCF_IGNORE_COOKIE: source is a str
constexpr int kCompileTypeComments = 0x1000;          // PyCF_TYPE_COMMENTS
constexpr int kCompileAllowTopLevelAwait = 0x2000;    // PyCF_ALLOW_TOP_LEVEL_AWAIT
constexpr int kCompileAllowIncompleteInput = 0x4000;  // PyCF_ALLOW_INCOMPLETE_INPUT
constexpr int kCompileDontImplyDedent = 0x0200;       // PyCF_DONT_IMPLY_DEDENT
// The source was read from a script file (non-UTF-8 bytes give "Non-UTF-8 code ...").
constexpr int kCompileSourceIsFile = 0x10000000;
// The __future__ features that compiled code inherits and records in co_flags (PyCF_MASK).
constexpr int kCompileFutureMask = 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 |
                                   0x400000 | 0x800000 | 0x1000000;

// Parses and compiles. `filename` is a str. `optimize`: -O level (0, 1, 2); -1 means the
// interpreter's. If `flags_out` is not null it receives `flags` with the __future__
// features the source enabled (PyCompilerFlags is in/out in CPython; the REPL relies on
// it). Null with a SyntaxError (or other exception) set on failure.
Ref<CodeObject> compile_source(std::string_view source, Value filename, CompileMode mode,
                               int flags, int optimize, int* flags_out = nullptr);

// The symbol table of `source` as the symtable module sees it (parsed, __future__
// features applied, not optimised). Null with the exception set on a syntax error.
std::unique_ptr<compile::SymbolTable> symbol_table_for_source(std::string_view source, Value filename,
                                                              CompileMode mode, int flags);

// Compiles a tree the caller parsed (or converted from `ast` objects). The tree is
// modified in place by constant folding and must stay alive during the call.
Ref<CodeObject> compile_ast(ast::Mod* module, Value filename, int flags, int optimize,
                            int* flags_out = nullptr);

// SyntaxWarnings (and the parser's DeprecationWarnings) are reported through this hook,
// which the runtime wires to warnings.warn_explicit(message, category, filename, lineno).
// It returns 0, or -1 with the exception set when the warning was turned into an error;
// the compiler then raises a SyntaxError instead, as CPython does. Without a hook,
// warnings are ignored.
using CompileWarningHook = int (*)(TypeObject* category, std::string_view message,
                                   Value filename, int lineno);
void set_compile_warning_hook(CompileWarningHook hook);
CompileWarningHook compile_warning_hook();
// -X no_debug_ranges / PYTHONNODEBUGRANGES: code objects get line numbers only, no
// columns or end lines (co_positions gives None for them and tracebacks show no carets).
void set_compile_debug_ranges(bool on);
bool compile_debug_ranges();
// How many warnings compiling has issued on this thread (the code cache stores only code
// whose compilation issued none).
uint64_t compile_warnings_issued();

// CPython's code object equality (code_richcompare): name, argument counts, flags, first
// line, instructions, positions, exception table, names and the constants compared by
// type as well as value (0 == 0.0 but their code objects differ; -0.0 vs 0.0 too; nested
// code objects by identity). For the code type's __eq__.
bool code_objects_equal(CodeObject* a, CodeObject* b);

}  // namespace krait
