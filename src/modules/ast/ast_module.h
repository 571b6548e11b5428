// The C++ API of the `_ast` module: what compile() needs to turn source into `ast` objects
// (PyCF_ONLY_AST) and `ast` objects into code, and the two tree conversions underneath
// (CPython's PyAST_mod2obj, PyAST_obj2mod + PyAST_Validate). None of these imports `_ast`.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "compile/compiler.h"
#include "core/object.h"
#include "parse/arena.h"
#include "parse/ast.h"
#include "parse/parser.h"

namespace krait {

struct CodeObject;

// PyAST_Check: is `v` an instance of ast.AST?
bool is_ast_object(Value v);

// compile(source, filename, mode, flags | PyCF_ONLY_AST): parses (SyntaxError and parser
// warnings as compile() reports them) and returns the tree as `ast` objects.
// feature_version: the Python 3 minor version whose grammar to accept (ast.parse's).
Ref<> ast_parse_to_object(std::string_view source, Value filename, CompileMode mode, int flags,
                          int feature_version = parse::kLatestFeatureVersion);

// compile(tree, filename, mode, flags): checks that `tree` is the node the mode needs
// ("expected Module node, got Expression"), converts and validates it with CPython's errors,
// then compiles it.
Ref<CodeObject> ast_compile_object(Value tree, Value filename, CompileMode mode, int flags,
                                   int optimize);

// The C++ tree as `ast` objects (positions included). With the source and filename, a
// decimal literal over sys.int_max_str_digits is the SyntaxError CPython's parser raises;
// without, the ValueError of the conversion.
Ref<> ast_to_object(const ast::Mod* tree, std::string_view source = {}, Value filename = Value());

// A tree converted from `ast` objects. Constants that the C++ AST cannot spell (tuples,
// frozensets, negative numbers, ...) point at the Python objects, which `constants` keeps
// alive for as long as the tree is used.
struct TreeFromObjects {
  std::unique_ptr<parse::Arena> arena;
  ast::Mod* tree = nullptr;
  std::vector<Ref<>> constants;
};

// Converts `tree` (which must be the mode's node) and validates it; false with the exception
// set on failure.
bool ast_from_object(Value tree, CompileMode mode, TreeFromObjects* out);

}  // namespace krait
