// What the files of the `_ast` module share: the index of every Python class of the `ast`
// module (generated from parse/ast.def), the description of each class, and the state
// that holds the classes once created. The state is the interpreter's, not a module's
// (CPython keeps it per interpreter too): compile() converts trees without importing
// `_ast`, and re-importing `_ast` gives the same classes.
#pragma once

#include <type_traits>
#include <vector>

#include "core/error.h"
#include "parse/ast.h"

namespace krait {
struct StrObject;
struct DictObject;
}  // namespace krait

namespace krait::ast_module {

// --- The classes ----------------------------------------------------------------------
// One index per Python class, in ast.def order: AST itself, the abstract sums, the enum
// sums with their value classes, then every constructor and product type.
enum ClassIndex : int {
  kClassAST,
#define AST_SUM(asdl_name, CppName, Base) kClass_##CppName,
#define AST_ENUM(asdl_name, CppName) kClass_##CppName,
#define AST_ENUM_VALUE(asdl_name, CppName, Value) kClass_##CppName##_##Value,
#define AST_NODE(CppName, PyName, Base) kClass_Node_##CppName,
#include "parse/ast.def"
  kClassCount
};
// Product types name Node or Located as their base in ast.def: their class derives from AST.
constexpr int kClass_Node = kClassAST;
constexpr int kClass_Located = kClassAST;

// The class of a node kind, and of an enum value.
constexpr int kNodeClass[] = {
#define AST_NODE(CppName, PyName, Base) kClass_Node_##CppName,
#include "parse/ast.def"
};
inline int class_of(ast::NodeKind kind) { return kNodeClass[int(kind)]; }
// Enum value classes follow their enum's class.
#define AST_ENUM(asdl_name, CppName) \
  inline int class_of(ast::CppName value) { return kClass_##CppName + 1 + int(value); }
#include "parse/ast.def"

enum class ClassRole : uint8_t {
  Root,         // AST
  Sum,          // mod, stmt, expr, ... (abstract)
  EnumSum,      // expr_context, operator, ... (abstract, constructors without fields)
  EnumValue,    // Load, Add, ...
  Constructor,  // a constructor of a Sum: Module, FunctionDef, Name, ...
  Product,      // a product type: arguments, arg, keyword, ...
};

struct FieldInfo {
  const char* name = nullptr;  // null ends the list
  const char* asdl_type = nullptr;
  char card = 0;  // ' ' required, '?' optional, '*' sequence
};

struct ClassInfo {
  const char* name;
  int base;  // class index
  ClassRole role;
  bool has_positions;  // the class or its sum has lineno/col_offset/end_lineno/end_col_offset
  const FieldInfo* fields;
};
extern const ClassInfo kClasses[kClassCount];

// --- The state --------------------------------------------------------------------------
enum AttributeName : int { kLineno, kColOffset, kEndLineno, kEndColOffset, kAttributeCount };

struct AstState {
  TypeObject* classes[kClassCount];       // owned (except the static AST type)
  Object* singletons[kClassCount];        // the shared instance of each enum value class
  StrObject** field_names[kClassCount];   // interned, parallel to kClasses[i].fields
  StrObject* attribute_names[kAttributeCount];
  StrObject* fields_name;                 // "_fields"
  // The constructors (or values) of each sum (or enum), consecutive in ast.def order.
  int first_constructor[kClassCount];
  int constructor_count[kClassCount];
};

// The state, creating every class on first use; null with an exception set on failure.
AstState* ast_state();

// The base class of every node: instances are a header and a __dict__.
struct AstObject : Object {
  Object* dict;
};
extern TypeObject ast_type;

// A new instance of a node class with an empty dict, sized for `attributes` entries (no
// Python code runs).
Ref<> new_node_object(TypeObject* type, int attributes = 0);
inline DictObject* node_dict(Value node) {
  return reinterpret_cast<DictObject*>(static_cast<AstObject*>(node.as_object())->dict);
}

// --- The conversions and the validator ------------------------------------------------
// `ast` objects -> C++ tree in `arena` (PyAST_obj2mod, after the caller checked the mode's
// node class); constants the tree points at are kept in `constants`. Null on error.
ast::Mod* convert_from_object(Value tree, parse::Arena& arena, std::vector<Ref<>>* constants);
// PyAST_Validate on a converted tree; false with ValueError/TypeError set.
bool validate_tree(const ast::Mod* tree);

}  // namespace krait::ast_module
