// `ast` objects as a C++ tree (CPython's PyAST_obj2mod), generated from parse/ast.def, with
// CPython's order of reading and its errors: a sum node reads its positions first, then is
// matched against the sum's classes ("expected some sort of stmt, but got ..."); a product
// (arguments, arg, ...) is read by its fields whatever its class; missing fields are
// TypeErrors, None in a required field a ValueError once all fields are read; sequences
// must be lists. Nothing is validated beyond the types here (validate.cpp does that).
#include <climits>

#include "core/ops.h"
#include "modules/ast/ast_internal.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "parse/parser.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"

namespace krait::ast_module {

namespace {

using ast::ConstantKind;
using ast::ConstantValue;
using parse::Seq;

// The class index of a sum's C++ type; -1 for product types.
template <class T>
struct SumClass {
  static constexpr int index = -1;
};
#define AST_SUM(asdl_name, CppName, Base)              \
  template <>                                          \
  struct SumClass<ast::CppName> {                      \
    static constexpr int index = kClass_##CppName;     \
  };
#include "parse/ast.def"

// Tags for the field kinds of ast.def (identifiers and strings are both string_views).
struct Kind_Node {};
struct Kind_Enum {};
struct Kind_Identifier {};
struct Kind_String {};
struct Kind_Constant {};
struct Kind_Int {};

class FromObjects {
 public:
  FromObjects(AstState* state, parse::Arena& arena, std::vector<Ref<>>* constants)
      : state_(state), arena_(arena), constants_(constants) {
    ThreadState* thread = current_thread();
    depth_ = thread->python_depth;
    limit_ = runtime().recursion_limit;
    stack_limit_ = thread->stack_limit;
  }

  template <class Sum>
  bool sum(Value obj, Sum** out);

 private:
  // --- the fields of each node class, in _fields order ---
#define AST_NODE(CppName, PyName, Base)                                           \
  bool fields(Value obj, ast::CppName* x) {                                       \
    constexpr int cls = kClass_Node_##CppName;                                    \
    [[maybe_unused]] StrObject* const* names = state_->field_names[cls];          \
    [[maybe_unused]] int field = 0;                                               \
    const char* missing = nullptr;
#define AST_FIELD(CppName, name, asdl_type, Kind, Card)                        \
  if (!read_##Card(obj, cls, names[field], &x->name, &missing, Kind_##Kind{})) return false; \
  ++field;
#define AST_END(CppName)                                                                      \
  if (missing) return value_error("field '{}' is required for {}", missing, kClasses[cls].name); \
  return true;                                                                                \
  }
#include "parse/ast.def"

  // A new node of class `cls`, its fields read from obj.
  bool construct(int cls, Value obj, ast::Node** out) {
    switch (cls) {
#define AST_NODE(CppName, PyName, Base)                       \
  case kClass_Node_##CppName: {                               \
    auto* x = ast::make_node<ast::CppName>(arena_);           \
    if (!fields(obj, x)) return false;                        \
    *out = x;                                                 \
    return true;                                              \
  }
#include "parse/ast.def"
    }
    return system_error("unknown AST class");
  }

  // The class among those of `sum_class` (a sum or an enum) that obj is an instance of:
  // its index, -1 if none, -2 on error.
  int match_constructor(Value obj, int sum_class) {
    int first = state_->first_constructor[sum_class];
    int end = first + state_->constructor_count[sum_class];
    TypeObject* type = type_of(obj);
    for (int c = first; c < end; ++c) {
      if (type == state_->classes[c]) return c;
    }
    for (int c = first; c < end; ++c) {
      int match = is_instance(obj, Value(state_->classes[c]));
      if (match < 0) return -2;
      if (match) return c;
    }
    return -1;
  }

  template <class T>
  bool product(Value obj, T** out);
  template <class T>
  bool child(Value obj, int owner, T** out);

  // The four position attributes; the end ones default to the start when optional.
  bool positions(Value obj, int owner, bool end_required, ast::Located* x);

  // --- reading one field: the attribute `name` of obj, for a field of class `cls` ---
  // Missing: "required field ... missing from ..."; 0 when present.
  bool lookup_required(Value obj, int cls, StrObject* name, Ref<>* out) {
    int found = get_attr_optional(obj, name, out);
    if (found < 0) return false;
    if (!found) {
      return type_error("required field \"{}\" missing from {}", str_utf8(Value(name)),
                        kClasses[cls].name);
    }
    return true;
  }
  // Missing or None: false in *present (an optional field).
  bool lookup_optional(Value obj, StrObject* name, Ref<>* out, bool* present) {
    if (get_attr_optional(obj, name, out) < 0) return false;
    *present = *out && !is_none(out->value());
    return true;
  }

  template <class T, class Kind>
  bool read_One(Value obj, int cls, StrObject* name, T* slot, const char** missing, Kind kind) {
    Ref<> value;
    if (!lookup_required(obj, cls, name, &value) || !convert(value, cls, slot, kind)) return false;
    if (is_null_value(*slot) && !*missing) *missing = str_utf8(Value(name)).data();
    return true;
  }
  // Missing or None: null, None, or 0 for an int (ImportFrom.level).
  template <class T, class Kind>
  bool read_Opt(Value obj, int cls, StrObject* name, T* slot, const char**, Kind kind) {
    Ref<> value;
    bool present;
    if (!lookup_optional(obj, name, &value, &present)) return false;
    if (!present) {
      *slot = T{};
      return true;
    }
    return convert(value, cls, slot, kind);
  }
  template <class T, class Kind>
  bool read_Seq(Value obj, int cls, StrObject* name, Seq<T>* slot, const char**, Kind kind);

  // --- converting one value of each field type ---
  template <class T>
  bool convert(Value v, int owner, T** out, Kind_Node) {
    return child(v, owner, out);
  }
  template <class E>
  bool convert(Value v, int, E* out, Kind_Enum) {
    int enum_class = class_of(E{}) - 1;
    int c = match_constructor(v, enum_class);
    if (c == -2) return false;
    if (c < 0) {
      return type_error("expected some sort of {}, but got {}", kClasses[enum_class].name,
                        repr_for_message(v));
    }
    *out = E(c - enum_class - 1);
    return true;
  }
  bool convert(Value v, int, std::string_view* out, Kind_Identifier);
  bool convert(Value v, int, std::string_view* out, Kind_String);
  bool convert(Value v, int, ConstantValue* out, Kind_Constant);
  bool convert(Value v, int, int* out, Kind_Int = {});

  template <class T>
  static bool is_null_value(const T& v) {
    if constexpr (std::is_pointer_v<T>) return v == nullptr;
    else if constexpr (std::is_same_v<T, std::string_view>) return ast::is_none(v);
    else return false;
  }

  AstState* state_;
  parse::Arena& arena_;
  std::vector<Ref<>>* constants_;
  int depth_;
  int limit_;
  char* stack_limit_;
};

template <class Sum>
bool FromObjects::sum(Value obj, Sum** out) {
  constexpr int sum_class = SumClass<Sum>::index;
  if (is_none(obj)) {
    *out = nullptr;
    return true;
  }
  ast::Located where{};
  if constexpr (std::is_base_of_v<ast::Located, Sum>) {
    if (!positions(obj, sum_class, sum_class == kClass_Pattern, &where)) return false;
  }
  int c = match_constructor(obj, sum_class);
  if (c == -2) return false;
  if (c < 0) {
    return type_error("expected some sort of {}, but got {}", kClasses[sum_class].name,
                      repr_for_message(obj));
  }
  ast::Node* node;
  if (!construct(c, obj, &node)) return false;
  if constexpr (std::is_base_of_v<ast::Located, Sum>) {
    auto* located = static_cast<ast::Located*>(node);
    located->lineno = where.lineno;
    located->col_offset = where.col_offset;
    located->end_lineno = where.end_lineno;
    located->end_col_offset = where.end_col_offset;
  }
  *out = static_cast<Sum*>(node);
  return true;
}

template <class T>
bool FromObjects::product(Value obj, T** out) {
  auto* x = ast::make_node<T>(arena_);
  if (!fields(obj, x)) return false;
  if constexpr (std::is_base_of_v<ast::Located, T>) {
    if (!positions(obj, class_of(T::kKind), false, x)) return false;
  }
  *out = x;
  return true;
}

// A node-valued field: the recursion is bounded as CPython bounds it (the Python recursion
// limit), and by the C++ stack.
template <class T>
bool FromObjects::child(Value obj, int owner, T** out) {
  if (++depth_ > limit_ ||
      (stack_limit_ && static_cast<char*>(__builtin_frame_address(0)) < stack_limit_)) {
    --depth_;
    // CPython names the sum a constructor belongs to.
    const ClassInfo& info = kClasses[owner];
    const char* name = info.role == ClassRole::Constructor ? kClasses[info.base].name : info.name;
    return raise(exc::RecursionError,
                 format_message("maximum recursion depth exceeded while traversing '{}' node", name));
  }
  bool ok;
  if constexpr (SumClass<T>::index >= 0) ok = sum(obj, out);
  else ok = product(obj, out);
  --depth_;
  return ok;
}

bool FromObjects::positions(Value obj, int owner, bool end_required, ast::Located* x) {
  StrObject* const* names = state_->attribute_names;
  Ref<> value;
  if (!lookup_required(obj, owner, names[kLineno], &value) || !convert(value, owner, &x->lineno)) {
    return false;
  }
  if (!lookup_required(obj, owner, names[kColOffset], &value) ||
      !convert(value, owner, &x->col_offset)) {
    return false;
  }
  int* ends[2] = {&x->end_lineno, &x->end_col_offset};
  int defaults[2] = {x->lineno, x->col_offset};
  for (int i = 0; i < 2; ++i) {
    StrObject* name = names[kEndLineno + i];
    if (end_required) {
      if (!lookup_required(obj, owner, name, &value) || !convert(value, owner, ends[i])) return false;
      continue;
    }
    bool present;
    if (!lookup_optional(obj, name, &value, &present)) return false;
    if (!present) *ends[i] = defaults[i];
    else if (!convert(value, owner, ends[i])) return false;
  }
  return true;
}

template <class T, class Kind>
bool FromObjects::read_Seq(Value obj, int cls, StrObject* name, Seq<T>* slot, const char**,
                           Kind kind) {
  Ref<> list;
  if (!lookup_required(obj, cls, name, &list)) return false;
  if (!is_list(list)) {
    return type_error("{} field \"{}\" must be a list, not a {}", kClasses[cls].name,
                      str_utf8(Value(name)), type_short_name(type_of(list)));
  }
  ListObject* items = as_list(list);
  int64_t length = items->length;
  Seq<T> seq;
  if (length > 0) {
    seq.items = static_cast<T*>(arena_.allocate(sizeof(T) * size_t(length), alignof(T)));
    seq.count = uint32_t(length);
  }
  for (int64_t i = 0; i < length; ++i) {
    Ref<> item = new_ref(items->items[i]);
    if (!convert(item, cls, &seq.items[i], kind)) return false;
    // Converting an item may run Python code that changes the list.
    if (items->length != length) {
      return raise(exc::RuntimeError,
                   format_message("{} field \"{}\" changed size during iteration", kClasses[cls].name,
                                  str_utf8(Value(name))));
    }
  }
  *slot = seq;
  return true;
}

// An identifier may be None (null: the required-field check reports it).
bool FromObjects::convert(Value v, int, std::string_view* out, Kind_Identifier) {
  if (is_none(v)) {
    *out = std::string_view();
    return true;
  }
  if (!is_exact_str(v)) return type_error("AST identifier must be of type str");
  *out = arena_.copy(str_utf8(v));
  return true;
}

// type_comment, Constant.kind, TypeIgnore.tag: str or bytes.
bool FromObjects::convert(Value v, int, std::string_view* out, Kind_String) {
  if (is_exact_str(v)) {
    *out = arena_.copy(str_utf8(v));
    return true;
  }
  if (is_exact_bytes(v)) {
    *out = arena_.copy(bytes_view(v));
    return true;
  }
  return type_error("AST string must be of type str");
}

// The constants the C++ AST spells natively stay native (a str must: the compiler finds
// docstrings and __future__ imports by it); any other value is kept as the object itself
// and checked by the validator.
bool FromObjects::convert(Value v, int, ConstantValue* out, Kind_Constant) {
  *out = ConstantValue{};
  if (is_none(v)) {
    out->kind = ConstantKind::None;
  } else if (v == True()) {
    out->kind = ConstantKind::True;
  } else if (v == False()) {
    out->kind = ConstantKind::False;
  } else if (v == Ellipsis()) {
    out->kind = ConstantKind::Ellipsis;
  } else if (is_exact_str(v)) {
    out->kind = ConstantKind::Str;
    out->text = arena_.copy(str_utf8(v));
  } else {
    out->kind = ConstantKind::Object;
    out->object = v;
    constants_->push_back(new_ref(v));
  }
  return true;
}

bool FromObjects::convert(Value v, int, int* out, Kind_Int) {
  if (!is_int(v)) return value_error("invalid integer value: {}", repr_for_message(v));
  int64_t i;
  if (!int_to_int64(v, &i) || i < INT_MIN || i > INT_MAX) {
    return overflow_error("Python int too large to convert to C int");
  }
  *out = int(i);
  return true;
}

}  // namespace

ast::Mod* convert_from_object(Value tree, parse::Arena& arena, std::vector<Ref<>>* constants) {
  AstState* state = ast_state();
  if (!state) return nullptr;
  ast::Mod* mod = nullptr;
  if (!FromObjects(state, arena, constants).sum(tree, &mod)) return nullptr;
  if (!mod) system_error("no module node");
  return mod;
}

}  // namespace krait::ast_module
