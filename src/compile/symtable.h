// The symbol table: which names each scope (module, class, function, lambda, comprehension)
// binds and how every name is resolved (local, global, free, cell), computed from the AST
// before code generation as CPython 3.11's symtable.c does, with its SyntaxErrors. The
// compiler (compiler_*.cpp) asks it for the scope of each name it emits.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compile/compile_error.h"
#include "parse/ast.h"

namespace krait::compile {

enum class BlockType : uint8_t { Function, Class, Module, Annotation };

// How a name is resolved in a scope (CPython's LOCAL, GLOBAL_EXPLICIT, ...).
enum class Scope : uint8_t { None, Local, GlobalExplicit, GlobalImplicit, Free, Cell };

// What the source does with a name in a scope (CPython's DEF_* flags).
enum SymbolFlag : uint32_t {
  kDefGlobal = 1u << 0,     // `global` statement
  kDefLocal = 1u << 1,      // assigned in the scope
  kDefParam = 1u << 2,      // parameter
  kDefNonlocal = 1u << 3,   // `nonlocal` statement
  kUse = 1u << 4,           // read
  kDefFree = 1u << 5,       // free in a nested scope
  kDefFreeClass = 1u << 6,  // free in a method, bound in the class
  kDefImport = 1u << 7,     // bound by import
  kDefAnnot = 1u << 8,      // annotated
  kDefCompIter = 1u << 9,   // a comprehension iteration variable
};
constexpr uint32_t kDefBound = kDefLocal | kDefParam | kDefImport;

enum class ComprehensionKind : uint8_t { None, List, Dict, Set, Generator };

struct Symbol {
  uint32_t flags = 0;
  Scope scope = Scope::None;
};

// Names to symbols in insertion order (CPython keeps them in a dict, and the order decides
// which of several errors is reported).
class SymbolMap {
 public:
  Symbol* find(std::string_view name);
  const Symbol* find(std::string_view name) const;
  Symbol& get_or_add(std::string_view name);
  size_t size() const { return names_.size(); }
  const std::string& name_at(size_t i) const { return names_[i]; }
  Symbol& symbol_at(size_t i) { return symbols_[i]; }
  const Symbol& symbol_at(size_t i) const { return symbols_[i]; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::vector<std::string> names_;
  std::vector<Symbol> symbols_;
  std::unordered_map<std::string, size_t, Hash, std::equal_to<>> index_;
};

struct SourceRange {
  int lineno = 0, col_offset = 0, end_lineno = 0, end_col_offset = 0;
};

// One scope (CPython's PySTEntryObject).
struct SymbolTableEntry {
  std::string name;  // "top", the function/class name, "lambda", "listcomp", ...
  BlockType type = BlockType::Module;
  const void* key = nullptr;  // the AST node that opens the scope
  SymbolMap symbols;
  std::vector<std::string> varnames;  // parameters in order (mangled)
  std::vector<SymbolTableEntry*> children;
  // Where `global`/`nonlocal` declared each name (for errors found during analysis).
  std::vector<std::pair<std::string, SourceRange>> directives;
  SourceRange range;
  ComprehensionKind comprehension = ComprehensionKind::None;
  bool nested = false;         // inside a function
  bool generator = false;
  bool coroutine = false;
  bool varargs = false;
  bool varkeywords = false;
  bool returns_value = false;
  bool free = false;           // has free variables
  bool child_free = false;     // a child has free variables
  bool needs_class_closure = false;  // class whose methods use __class__/super()
  bool comp_iter_target = false;     // visiting a comprehension's iteration target
  int comp_iter_expr = 0;            // visiting a comprehension's outermost iterable

  // The resolved scope of a (mangled) name; Scope::None when the name is unknown here.
  Scope scope_of(std::string_view name) const;
  uint32_t flags_of(std::string_view name) const;
};

class SymbolTable {
 public:
  // Builds and analyses the table. `future_annotations`: `from __future__ import
  // annotations` is in effect. Returns null with *error set on a SyntaxError.
  static std::unique_ptr<SymbolTable> build(const ast::Mod* module, bool future_annotations,
                                            int recursion_limit, CompileError* error);

  SymbolTableEntry* top() const { return top_; }
  // The scope opened by an AST node (FunctionDef, ClassDef, Lambda, comprehension).
  SymbolTableEntry* lookup(const void* key) const;

  SymbolTableEntry* new_entry();

 private:
  std::vector<std::unique_ptr<SymbolTableEntry>> entries_;
  std::unordered_map<const void*, SymbolTableEntry*> by_key_;
  SymbolTableEntry* top_ = nullptr;
  friend class SymbolTableBuilder;
};

// CPython's _Py_Mangle: `__spam` inside class `Ham` becomes `_Ham__spam`. `private_name`
// is the enclosing class name (empty: no class).
std::string mangle(std::string_view private_name, std::string_view name);
// True when mangle() would change `name` (avoids allocating in the common case).
bool needs_mangling(std::string_view private_name, std::string_view name);

}  // namespace krait::compile
