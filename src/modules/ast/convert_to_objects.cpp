// The C++ tree as `ast` objects (CPython's PyAST_mod2obj), generated from parse/ast.def:
// each node becomes an instance of its class whose __dict__ holds the fields in _fields
// order, then lineno/col_offset/end_lineno/end_col_offset. Enum values are the shared
// singletons (every Load() of a parsed tree is the same object), constants become Python
// values, identifiers are shared per parse.
#include <unordered_map>

#include "compile/syntax_error.h"
#include "core/ops.h"
#include "modules/ast/ast_internal.h"
#include "modules/ast/ast_module.h"
#include "objects/bytes.h"
#include "objects/complex.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "parse/parser.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"

namespace krait::ast_module {

namespace {

using ast::ConstantKind;
using ast::ConstantValue;
using parse::Seq;

class ToObjects {
 public:
  ToObjects(AstState* state, std::string_view source, Value filename)
      : state_(state), source_(source), filename_(filename) {
    // As CPython: three levels per unit of the recursion limit, counted from the caller's
    // depth.
    ThreadState* thread = current_thread();
    limit_ = runtime().recursion_limit * 3;
    depth_ = thread->python_depth * 3;
    stack_limit_ = thread->stack_limit;
  }

  Ref<> node(const ast::Node* n);

 private:
  struct DepthGuard {
    int& depth;
    ~DepthGuard() { --depth; }
  };

  // One value of each field type.
  Ref<> value(const ast::Node* n) { return n ? node(n) : new_none(); }
  template <class E>
    requires std::is_enum_v<E>
  Ref<> value(E e) {
    return new_ref(Value(state_->singletons[class_of(e)]));
  }
  Ref<> value(std::string_view text);
  Ref<> value(const ConstantValue& c);
  Ref<> value(int i) { return int_from_int64(i); }

  template <class T>
  Ref<> field_One(const T& v) {
    return value(v);
  }
  template <class T>
  Ref<> field_Opt(const T& v) {
    if constexpr (std::is_same_v<T, int>) {
      if (v == parse::kNoValue) return new_none();
    }
    return value(v);
  }
  template <class T>
  Ref<> field_Seq(const Seq<T>& items) {
    Ref<ListObject> list = list_new(int64_t(items.size()));
    if (!list) return nullptr;
    for (size_t i = 0; i < items.size(); ++i) {
      Ref<> item = value(items[i]);
      if (!item) return nullptr;
      list_set_item_steal(list.get(), int64_t(i), item.release());
    }
    return list;
  }

  static bool set(DictObject* dict, StrObject* name, Ref<> value) {
    return value && dict_set(dict, Value(name), value);
  }
  template <class T>
  bool positions(DictObject* dict, const T* x) {
    if constexpr (std::is_base_of_v<ast::Located, T>) {
      StrObject* const* names = state_->attribute_names;
      return set(dict, names[kLineno], int_from_int64(x->lineno)) &&
             set(dict, names[kColOffset], int_from_int64(x->col_offset)) &&
             set(dict, names[kEndLineno], int_from_int64(x->end_lineno)) &&
             set(dict, names[kEndColOffset], int_from_int64(x->end_col_offset));
    }
    return true;
  }

  // The fields of a node plus its positions: its __dict__ never needs to grow.
  template <class T>
  static int entry_count(int cls) {
    int count = std::is_base_of_v<ast::Located, T> ? kAttributeCount : 0;
    for (const FieldInfo* f = kClasses[cls].fields; f->name; ++f) ++count;
    return count;
  }

  template <class T>
  void note_position(const T* x) {
    if constexpr (std::is_base_of_v<ast::Located, T>) located_ = x;
  }
  Raised int_literal_error();

  AstState* state_;
  std::string_view source_;
  Value filename_;
  const ast::Located* located_ = nullptr;  // the innermost node being converted
  int depth_;
  int limit_;
  char* stack_limit_;
  // Identifiers are interned by the parser: one str per distinct name.
  std::unordered_map<const char*, Ref<>> strings_;
};

Ref<> ToObjects::value(std::string_view text) {
  if (ast::is_none(text)) return new_none();
  auto it = strings_.find(text.data());
  if (it != strings_.end() && str_utf8(it->second.value()).size() == text.size()) {
    return new_ref(it->second.value());
  }
  Ref<> s = str_from_utf8(text);
  if (!s) return nullptr;
  strings_[text.data()] = new_ref(s.value());
  return s;
}

Ref<> ToObjects::value(const ConstantValue& c) {
  switch (c.kind) {
    case ConstantKind::None: return new_none();
    case ConstantKind::True: return new_bool(true);
    case ConstantKind::False: return new_bool(false);
    case ConstantKind::Ellipsis: return new_ref(Ellipsis());
    case ConstantKind::Int: {
      Ref<> value = int_from_literal(c.text);
      if (!value && filename_ && error_matches(&exc::ValueError)) return int_literal_error();
      return value;
    }
    case ConstantKind::Float: return float_from_double(c.number);
    case ConstantKind::Complex: return complex_from_doubles(0.0, c.number);
    case ConstantKind::Str: return str_from_utf8(c.text);
    case ConstantKind::Bytes: return bytes_from(c.text);
    case ConstantKind::Object: return new_ref(c.object);
  }
  return new_none();
}

// A decimal literal longer than sys.int_max_str_digits (a limit set at run time, which the
// parser cannot see): CPython's parser reports the conversion's ValueError as a SyntaxError
// on the literal's lines, offsets 0, with advice.
Raised ToObjects::int_literal_error() {
  Ref<> error = fetch_error();
  compile::CompileError info;
  info.message = str_for_message(error) +
                 " - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.";
  info.lineno = located_ ? located_->lineno : 1;
  info.end_lineno = located_ ? located_->end_lineno : 1;
  info.offset = info.end_offset = 0;
  size_t start = 0;
  for (int line = 1; line < info.lineno && start != std::string_view::npos; ++line) {
    start = source_.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start != std::string_view::npos && start <= source_.size()) {
    size_t end = source_.find_first_of("\r\n", start);
    info.text = std::string(source_.substr(start, end == std::string_view::npos ? end : end - start)) + "\n";
  }
  return compile::raise_compile_error(info, filename_);
}

Ref<> ToObjects::node(const ast::Node* n) {
  if (++depth_ > limit_ ||
      (stack_limit_ && static_cast<char*>(__builtin_frame_address(0)) < stack_limit_)) {
    --depth_;
    return raise(exc::RecursionError, "maximum recursion depth exceeded during ast construction");
  }
  DepthGuard guard{depth_};
  switch (n->node_kind) {
#define AST_NODE(CppName, PyName, Base)                                                  \
  case ast::NodeKind::CppName: {                                                         \
    [[maybe_unused]] auto* x = static_cast<const ast::CppName*>(n);                      \
    note_position(x);                                                                    \
    Ref<> object = new_node_object(state_->classes[kClass_Node_##CppName],               \
                                   entry_count<ast::CppName>(kClass_Node_##CppName));    \
    if (!object) return nullptr;                                                         \
    [[maybe_unused]] DictObject* dict = node_dict(object);                               \
    [[maybe_unused]] StrObject* const* names = state_->field_names[kClass_Node_##CppName]; \
    [[maybe_unused]] int field = 0;
#define AST_FIELD(CppName, name, asdl_type, Kind, Card) \
  if (!set(dict, names[field++], field_##Card(x->name))) return nullptr;
#define AST_END(CppName)                   \
  if (!positions(dict, x)) return nullptr; \
  return object;                           \
  }
#include "parse/ast.def"
  }
  return system_error("unknown AST node kind");
}

}  // namespace

}  // namespace krait::ast_module

namespace krait {

Ref<> ast_to_object(const ast::Mod* tree, std::string_view source, Value filename) {
  ast_module::AstState* state = ast_module::ast_state();
  if (!state) return nullptr;
  return ast_module::ToObjects(state, source, filename).node(tree);
}

}  // namespace krait
