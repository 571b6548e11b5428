// The AST node types of krait, generated from ast.def (the Python 3.11 abstract syntax):
// one struct per node class, a NodeKind enum, the operator/context enums, and checked casts.
// Nodes live in the parse result's Arena; positions are CPython's (1-based lines, UTF-8 byte
// columns). ast_dump prints a tree exactly as Python's ast.dump does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/value.h"
#include "parse/arena.h"

namespace krait::ast {

using parse::Arena;
using parse::Seq;

// An interned identifier in UTF-8 (NFKC-normalised). A null data() means None.
using Identifier = std::string_view;
// A UTF-8 string field (type_comment, Constant.kind, TypeIgnore.tag). Null data() = None.
using String = std::string_view;

inline bool is_none(std::string_view s) { return s.data() == nullptr; }

// The value of a Constant node (and of MatchSingleton).
enum class ConstantKind : uint8_t { None, True, False, Ellipsis, Int, Float, Complex, Str, Bytes, Object };

struct ConstantValue {
  ConstantKind kind = ConstantKind::None;
  // Float: the value; Complex: the imaginary part (the real part is 0.0).
  double number = 0;
  // Int: the literal without underscores, base prefix kept ("0x1f", "123") so the object
  // layer builds the arbitrary-precision value; Str: UTF-8, lone surrogates encoded as
  // 3-byte sequences (surrogatepass); Bytes: the raw bytes.
  std::string_view text;
  // Object: any Python value (a tuple, a frozenset, a negative number...) in a tree converted
  // from `ast` objects by modules/ast; the converter keeps it alive while the tree is used.
  Value object;
};

// --- enums (expr_context, boolop, operator, unaryop, cmpop) -----------------------------
#define AST_ENUM(asdl_name, CppName) enum class CppName : uint8_t {
#define AST_ENUM_VALUE(asdl_name, CppName, Value) Value,
#define AST_ENUM_END(asdl_name, CppName) \
  }                                      \
  ;                                      \
  using asdl_##asdl_name = CppName;
#include "parse/ast.def"

// Python class name of an enum value ("Load", "Add", ...).
#define AST_ENUM(asdl_name, CppName) const char* python_name(CppName value);
#include "parse/ast.def"

// --- node kinds -----------------------------------------------------------------------
enum class NodeKind : uint8_t {
#define AST_NODE(CppName, PyName, Base) CppName,
#include "parse/ast.def"
};

// Python class name of a node kind ("Module", "arguments", "Expr" for ExprStmt, ...).
const char* python_name(NodeKind kind);

// --- base classes ---------------------------------------------------------------------
struct Node {
  NodeKind node_kind;

  template <class T>
  bool is() const { return node_kind == T::kKind; }
  // Checked downcast: null when the node is of another kind.
  template <class T>
  T* as() { return is<T>() ? static_cast<T*>(this) : nullptr; }
  template <class T>
  const T* as() const { return is<T>() ? static_cast<const T*>(this) : nullptr; }
};

// A node with a source range: 1-based lines, 0-based UTF-8 byte columns, end exclusive.
struct Located : Node {
  int lineno;
  int col_offset;
  int end_lineno;
  int end_col_offset;
};

#define AST_SUM(asdl_name, CppName, Base) \
  struct CppName : Base {};               \
  using asdl_##asdl_name = CppName;
#include "parse/ast.def"

#define AST_NODE(CppName, PyName, Base) struct CppName;
#include "parse/ast.def"
// Product types are named by their ASDL name in field declarations (asdl_arguments, ...).
#define AST_NODE(CppName, PyName, Base) using asdl_##PyName = CppName;
#include "parse/ast.def"
using asdl_identifier = Identifier;
using asdl_string = String;
using asdl_constant = ConstantValue;
using asdl_int = int;

// --- node structs ---------------------------------------------------------------------
#define KRAIT_AST_TYPE_Node(t) asdl_##t*
#define KRAIT_AST_TYPE_Enum(t) asdl_##t
#define KRAIT_AST_TYPE_Identifier(t) asdl_##t
#define KRAIT_AST_TYPE_Constant(t) asdl_##t
#define KRAIT_AST_TYPE_String(t) asdl_##t
#define KRAIT_AST_TYPE_Int(t) asdl_##t
#define KRAIT_AST_CARD_One(T) T
#define KRAIT_AST_CARD_Opt(T) T
#define KRAIT_AST_CARD_Seq(T) Seq<T>

#define AST_NODE(CppName, PyName, Base)   \
  struct CppName final : Base {           \
    static constexpr NodeKind kKind = NodeKind::CppName;
#define AST_FIELD(CppName, name, asdl_type, Kind, Card) \
  KRAIT_AST_CARD_##Card(KRAIT_AST_TYPE_##Kind(asdl_type)) name;
#define AST_END(CppName) \
  }                      \
  ;
#include "parse/ast.def"

// Allocates a node of type T in the arena with its kind set and every field zeroed.
template <class T>
T* make_node(Arena& arena) {
  T* node = arena.make<T>();
  node->node_kind = T::kKind;
  return node;
}

// The tree printed exactly as Python 3.11's ast.dump(node, include_attributes=...) with
// the default annotate_fields=True and indent=None.
std::string ast_dump(const Node* node, bool include_attributes);

// Python's repr() of a constant (used by ast_dump; exposed for tests and diagnostics).
std::string constant_repr(const ConstantValue& value);

}  // namespace krait::ast
