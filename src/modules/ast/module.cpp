// _ast: the native half of the `ast` module. Here: ast.AST, the base class of every node
// (a __dict__ holding the fields, CPython's constructor rules, __reduce__ for pickle and
// copy), the module itself (the node classes of node_classes.cpp and the PyCF_* flags), and
// the glue compile() calls (ast_module.h). The conversions are in convert_to_objects.cpp and
// convert_from_objects.cpp, the checks of hand-made trees in validate.cpp.
#include "modules/ast/ast_module.h"

#include "compile/syntax_error.h"
#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/ast/ast_internal.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/unicode_codecs.h"
#include "parse/parser.h"
#include "runtime/gc.h"

namespace krait {

namespace ast_module {

namespace {

// --- ast.AST --------------------------------------------------------------------------

AstObject* as_node(Value v) { return static_cast<AstObject*>(v.as_object()); }

Ref<> ast_new(TypeObject* type, const Value*, size_t, TupleObject*) {
  return new_node_object(type);
}

void ast_dealloc(Object* o) {
  gc_untrack(o);
  auto* node = static_cast<AstObject*>(o);
  if (node->dict) {
    Object* dict = node->dict;
    node->dict = nullptr;
    decref(dict);
  }
  free_object(o);
}

void ast_traverse(Object* o, VisitFn visit, void* arg) {
  auto* node = static_cast<AstObject*>(o);
  if (node->dict) visit(node->dict, arg);
}

void ast_clear(Object* o) {
  auto* node = static_cast<AstObject*>(o);
  if (node->dict) dict_clear(static_cast<DictObject*>(node->dict));
}

bool set_attr_by_value(Value obj, Value name, Value value) {
  if (!is_str(name)) return type_error("attribute name must be string, not '{}'", type_name(name));
  return set_attr(obj, as_str(name), value);
}

// AST.__init__(*args, **kwargs): positional arguments name the fields in _fields order
// (at most as many as there are fields), keywords set any attribute. Fields not given are
// simply absent.
int ast_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  AstState* state = ast_state();
  if (!state) return -1;
  Ref<> fields;
  if (get_attr_optional(Value(type_of(self)), state->fields_name, &fields) < 0) return -1;
  int64_t field_count = 0;
  if (fields) {
    field_count = length(fields);
    if (field_count < 0) return -1;
  }
  if (int64_t(nargs) > field_count) {
    return type_error("{} constructor takes at most {} positional argument{}",
                      type_short_name(type_of(self)), field_count, field_count == 1 ? "" : "s");
  }
  for (size_t i = 0; i < nargs; ++i) {
    Ref<> name = get_item(fields, Value::small_int(int64_t(i)));
    if (!name || !set_attr_by_value(self, name, args[i])) return -1;
  }
  size_t keyword_count = kwnames ? size_t(kwnames->length) : 0;
  for (size_t k = 0; k < keyword_count; ++k) {
    Value key = kwnames->items[k];
    // A keyword naming a field already given by position is an error.
    for (size_t i = 0; fields && i < nargs; ++i) {
      Ref<> name = get_item(fields, Value::small_int(int64_t(i)));
      if (!name) return -1;
      int same = equal(name, key);
      if (same < 0) return -1;
      if (same) {
        return type_error("{} got multiple values for argument '{}'", type_of(self)->name,
                          str_utf8(key));
      }
    }
    if (!set_attr_by_value(self, key, args[nargs + k])) return -1;
  }
  return 0;
}

Ref<> ast_reduce(Value self, const Value*) {
  Ref<> dict;
  if (get_attr_optional(self, ID(__dict__), &dict) < 0) return nullptr;
  Ref<TupleObject> empty = tuple_empty();
  if (dict) return tuple_of({Value(type_of(self)), empty.value(), dict.value()});
  return tuple_of({Value(type_of(self)), empty.value()});
}

Ref<> ast_get_dict(Value self) {
  AstObject* node = as_node(self);
  if (!node->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    node->dict = dict.release_object();
  }
  return new_ref(Value(node->dict));
}

int ast_set_dict(Value self, Value value) {
  if (!value) return type_error("cannot delete __dict__");
  if (!is_dict(value)) {
    return type_error("__dict__ must be set to a dictionary, not a '{}'", type_name(value));
  }
  AstObject* node = as_node(self);
  incref(value);
  Object* old = node->dict;
  node->dict = value.as_object();
  if (old) decref(old);
  return 0;
}

const MethodDef ast_methods[] = {
    {.name = "__reduce__", .impl = ast_reduce, .signature = "($self, /)"},
    {},
};

const GetSetDef ast_getsets[] = {
    {"__dict__", ast_get_dict, ast_set_dict},
    {},
};

}  // namespace

TypeObject ast_type{TypeSpec{
    .name = "ast.AST",
    .basic_size = sizeof(AstObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(AstObject, dict),
    .slots = {.dealloc = ast_dealloc, .traverse = ast_traverse, .clear = ast_clear,
              .new_instance = ast_new, .init = ast_init, .getattr = generic_get_attr,
              .setattr = generic_set_attr},
    .methods = ast_methods,
    .getsets = ast_getsets,
}};

Ref<> new_node_object(TypeObject* type, int attributes) {
  auto* node = allocate<AstObject>(type, size_t(type->basic_size));
  if (!node) return nullptr;
  Ref<> holder = Ref<>::steal(Value(node));
  Ref<DictObject> dict = dict_new_presized(attributes, true);
  if (!dict) return nullptr;
  node->dict = dict.release_object();
  gc_track(node);
  return holder;
}

namespace {

// --- The module -------------------------------------------------------------------------

bool ast_exec(ModuleObject* module) {
  AstState* state = ast_state();
  if (!state) return false;
  for (int i = 0; i < kClassCount; ++i) {
    if (!module_add_object(module, kClasses[i].name, Value(state->classes[i]))) return false;
  }
  return module_add_int(module, "PyCF_ONLY_AST", kCompileOnlyAst) &&
         module_add_int(module, "PyCF_TYPE_COMMENTS", kCompileTypeComments) &&
         module_add_int(module, "PyCF_ALLOW_TOP_LEVEL_AWAIT", kCompileAllowTopLevelAwait);
}

parse::Mode parse_mode_of(CompileMode mode) {
  switch (mode) {
    case CompileMode::Exec: return parse::Mode::Exec;
    case CompileMode::Eval: return parse::Mode::Eval;
    case CompileMode::Single: return parse::Mode::Single;
    case CompileMode::FuncType: return parse::Mode::FuncType;
  }
  return parse::Mode::Exec;
}

}  // namespace

}  // namespace ast_module

extern const ModuleDef module__ast;
const ModuleDef module__ast = {
    .name = "_ast",
    .exec = ast_module::ast_exec,
};

// --- The C++ API (ast_module.h) -----------------------------------------------------------

using namespace ast_module;

bool is_ast_object(Value v) { return v.is_object() && is_instance_of(v, &ast_type); }

Ref<> ast_parse_to_object(std::string_view source, Value filename, CompileMode mode, int flags,
                          int feature_version) {
  parse::Mode parse_mode = parse_mode_of(mode);
  std::string_view filename_utf8 = str_utf8(filename);
  parse::ParseResult result = parse::parse(source, filename_utf8, parse_mode, unsigned(flags), feature_version);
  Ref<> decoded;
  if (!result.needs_decoding.empty()) {
    // An encoding the parser does not decode itself: decode with the codec, parse the text
    // (as compile_source does).
    Ref<> bytes = Ref<>(bytes_from(source));
    Ref<> encoding = bytes ? Ref<>(str_from_utf8(result.needs_decoding)) : nullptr;
    if (!encoding) return nullptr;
    decoded = bytes_decode(bytes, encoding, Value());
    if (!decoded) return nullptr;
    source = str_utf8(decoded);
    result = parse::parse(source, filename_utf8, parse_mode, unsigned(flags) | parse::kFlagSourceIsUtf8,
                          feature_version);
  }
  for (const parse::ParseWarning& warning : result.warnings) {
    if (!compile::issue_parse_warning(warning, filename, source)) return nullptr;
  }
  if (!result.ok()) {
    if (result.error) return compile::raise_parse_error(*result.error, filename);
    return system_error("parser returned no tree and no error");
  }
  return ast_to_object(result.tree, source, filename);
}

bool ast_from_object(Value tree, CompileMode mode, TreeFromObjects* out) {
  AstState* state = ast_state();
  if (!state) return false;
  int required = mode == CompileMode::Eval       ? kClass_Node_Expression
                 : mode == CompileMode::Single   ? kClass_Node_Interactive
                 : mode == CompileMode::FuncType ? kClass_Node_FunctionType
                                                 : kClass_Node_Module;
  int matches = is_instance(tree, Value(state->classes[required]));
  if (matches < 0) return false;
  if (!matches) {
    return type_error("expected {} node, got {}", kClasses[required].name,
                      type_short_name(type_of(tree)));
  }
  out->arena = std::make_unique<parse::Arena>();
  out->tree = convert_from_object(tree, *out->arena, &out->constants);
  return out->tree && validate_tree(out->tree);
}

Ref<CodeObject> ast_compile_object(Value tree, Value filename, CompileMode mode, int flags,
                                   int optimize) {
  TreeFromObjects converted;
  if (!ast_from_object(tree, mode, &converted)) return nullptr;
  return compile_ast(converted.tree, filename, flags, optimize);
}

}  // namespace krait
