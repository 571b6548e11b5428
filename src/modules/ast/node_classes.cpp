// The Python classes of the `ast` module, generated from parse/ast.def: the class table
// (name, base, fields of each class) and the state that creates them once per interpreter
// with CPython's layout: heap classes made by type(name, (base,), namespace), each with
// _fields, __match_args__, __module__ 'ast' and its ASDL signature as __doc__; sums and
// products with _attributes; None class defaults for `?` fields and optional positions.
#include <memory>
#include <string>

#include "core/ops.h"
#include "modules/ast/ast_internal.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::ast_module {

namespace {

constexpr char kCard_One = ' ';
constexpr char kCard_Opt = '?';
constexpr char kCard_Seq = '*';

const FieldInfo kNoFields[] = {{}};

#define AST_NODE(CppName, PyName, Base) const FieldInfo fields_##CppName[] = {
#define AST_FIELD(CppName, name, asdl_type, Kind, Card) {#name, #asdl_type, kCard_##Card},
#define AST_END(CppName) \
  {}                     \
  }                      \
  ;
#include "parse/ast.def"

// ast.def names Node or Located as the base of a product type, a sum for a constructor.
template <class Base>
constexpr ClassRole node_role() {
  return std::is_same_v<Base, ast::Node> || std::is_same_v<Base, ast::Located> ? ClassRole::Product
                                                                               : ClassRole::Constructor;
}

}  // namespace

const ClassInfo kClasses[kClassCount] = {
    {"AST", -1, ClassRole::Root, false, kNoFields},
#define AST_SUM(asdl_name, CppName, Base) \
  {#asdl_name, kClassAST, ClassRole::Sum, std::is_base_of_v<ast::Located, ast::CppName>, kNoFields},
#define AST_ENUM(asdl_name, CppName) {#asdl_name, kClassAST, ClassRole::EnumSum, false, kNoFields},
#define AST_ENUM_VALUE(asdl_name, CppName, Value) \
  {#Value, kClass_##CppName, ClassRole::EnumValue, false, kNoFields},
#define AST_NODE(CppName, PyName, Base)                      \
  {#PyName, kClass_##Base, node_role<ast::Base>(),           \
   std::is_base_of_v<ast::Located, ast::CppName>, fields_##CppName},
#include "parse/ast.def"
};

namespace {

// Made once and kept for the life of the process, as CPython keeps it for the life of the
// interpreter: trees converted by compile() hold instances of these classes.
AstState* the_state = nullptr;

const char* const kAttributeNames[kAttributeCount] = {"lineno", "col_offset", "end_lineno",
                                                      "end_col_offset"};

// "Name(identifier id, expr_context ctx)", or just "Pass" without fields.
std::string signature_doc(int index) {
  const ClassInfo& info = kClasses[index];
  std::string doc = info.name;
  if (!info.fields[0].name) return doc;
  doc += '(';
  for (const FieldInfo* f = info.fields; f->name; ++f) {
    if (f != info.fields) doc += ", ";
    doc += f->asdl_type;
    if (f->card != kCard_One) doc += f->card;
    doc += ' ';
    doc += f->name;
  }
  doc += ')';
  return doc;
}

// "expr_context = Load | Store | Del"; a sum whose constructors have fields puts each on
// its own line: "mod = Module(...)\n    | Interactive(...)".
std::string sum_doc(int index) {
  const ClassInfo& info = kClasses[index];
  std::string separator = info.role == ClassRole::EnumSum
                              ? " | "
                              : "\n" + std::string(std::string_view(info.name).size() + 1, ' ') + "| ";
  std::string doc = std::string(info.name) + " = ";
  bool first = true;
  for (int i = index + 1; i < kClassCount; ++i) {
    if (kClasses[i].base != index) continue;
    if (!first) doc += separator;
    first = false;
    doc += signature_doc(i);
  }
  return doc;
}

Ref<TupleObject> names_tuple(StrObject* const* names, size_t count) {
  Ref<TupleObject> tuple = tuple_allocate(int64_t(count));
  if (!tuple) return nullptr;
  for (size_t i = 0; i < count; ++i) tuple->items[i] = new_ref(Value(names[i])).release();
  return tuple;
}

bool set_class_attribute(TypeObject* type, const char* name, Value value) {
  return set_attr(Value(type), std::string_view(name), value);
}

// Creates kClasses[index] as type(name, (base,), {...}) and its class attributes.
bool make_class(AstState* state, int index) {
  const ClassInfo& info = kClasses[index];
  size_t field_count = 0;
  while (info.fields[field_count].name) ++field_count;
  Ref<TupleObject> fields = names_tuple(state->field_names[index], field_count);
  if (!fields) return false;
  std::string doc_text = info.role == ClassRole::Sum || info.role == ClassRole::EnumSum
                             ? sum_doc(index)
                             : signature_doc(index);
  Ref<> name = str_from_utf8(info.name);
  Ref<> doc = str_from_utf8(doc_text);
  Ref<> module_name = str_from_ascii("ast");
  Ref<DictObject> ns = dict_new();
  if (!name || !doc || !module_name || !ns) return false;
  if (!dict_set(ns.get(), Value(state->fields_name), fields) ||
      !dict_set_str(ns.get(), "__match_args__", fields) ||
      !dict_set_str(ns.get(), "__module__", module_name) || !dict_set_str(ns.get(), "__doc__", doc)) {
    return false;
  }
  Ref<TupleObject> bases = tuple_of({Value(state->classes[info.base])});
  if (!bases) return false;
  Ref<> type = call3(Value(&type_type), name, bases, ns);
  if (!type) return false;
  auto* cls = static_cast<TypeObject*>(type.release_object());
  state->classes[index] = cls;

  // _attributes on the classes that define the positions (CPython: sums and products).
  if (info.role == ClassRole::Sum || info.role == ClassRole::EnumSum || info.role == ClassRole::Product) {
    Ref<TupleObject> attributes =
        info.has_positions ? names_tuple(state->attribute_names, kAttributeCount) : tuple_empty();
    if (!attributes || !set_class_attribute(cls, "_attributes", attributes)) return false;
  }
  for (const FieldInfo* f = info.fields; f->name; ++f) {
    if (f->card == kCard_Opt && !set_class_attribute(cls, f->name, None())) return false;
  }
  // end_lineno and end_col_offset are `int?` everywhere but in patterns.
  bool end_optional = info.has_positions && info.role != ClassRole::Constructor &&
                      index != kClass_Pattern;
  if (end_optional && (!set_class_attribute(cls, "end_lineno", None()) ||
                       !set_class_attribute(cls, "end_col_offset", None()))) {
    return false;
  }
  if (info.role == ClassRole::EnumValue) {
    Ref<> singleton = new_node_object(cls);
    if (!singleton) return false;
    state->singletons[index] = singleton.release_object();
  }
  return true;
}

bool init_ast_type(AstState* state) {
  if (!type_ready(&ast_type)) return false;
  Ref<TupleObject> empty = tuple_empty();
  auto* dict = static_cast<DictObject*>(ast_type.dict);
  if (!dict_set(dict, Value(state->fields_name), empty) ||
      !dict_set_str(dict, "__match_args__", empty) || !dict_set_str(dict, "_attributes", empty)) {
    return false;
  }
  type_modified(&ast_type);
  state->classes[kClassAST] = &ast_type;
  return true;
}

}  // namespace

AstState* ast_state() {
  if (the_state) return the_state;
  auto state = std::make_unique<AstState>();
  state->fields_name = str_intern_utf8("_fields");
  for (int i = 0; i < kAttributeCount; ++i) state->attribute_names[i] = str_intern_utf8(kAttributeNames[i]);
  for (int i = 0; i < kClassCount; ++i) {
    size_t count = 0;
    while (kClasses[i].fields[count].name) ++count;
    state->field_names[i] = new StrObject*[count + 1];
    for (size_t f = 0; f < count; ++f) state->field_names[i][f] = str_intern_utf8(kClasses[i].fields[f].name);
    state->field_names[i][count] = nullptr;
  }
  for (int i = 1; i < kClassCount; ++i) {
    int base = kClasses[i].base;
    if (kClasses[base].role != ClassRole::Sum && kClasses[base].role != ClassRole::EnumSum) continue;
    if (state->constructor_count[base]++ == 0) state->first_constructor[base] = i;
  }
  if (!state->fields_name || !init_ast_type(state.get())) return nullptr;
  for (int i = 1; i < kClassCount; ++i) {
    if (!make_class(state.get(), i)) return nullptr;  // a failed start leaks what it made
  }
  the_state = state.release();
  return the_state;
}

}  // namespace krait::ast_module
