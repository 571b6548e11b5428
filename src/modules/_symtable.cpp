// _symtable: symtable(source, filename, compile_type) returns the compiler's symbol table
// (compile/symtable.h) as a tree of "symtable entry" objects, the view Lib/symtable.py
// reads: id, name, type, lineno, nested, symbols (name -> DEF_* flags | scope <<
// SCOPE_OFF), varnames and children. The flag and scope values are CPython's.
#include <string>

#include "compile/compiler.h"
#include "compile/symtable.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

namespace {

using compile::SymbolTableEntry;

constexpr int kScopeOffset = 11;  // CPython's SCOPE_OFFSET

struct EntryObject : Object {
  Value id, name, symbols, varnames, children;
  int64_t type, lineno, nested;
};

extern TypeObject entry_type;

Ref<> entry_from(const SymbolTableEntry* entry) {
  Ref<> id = int_from_int64(int64_t(reinterpret_cast<uintptr_t>(entry->key ? entry->key : entry)));
  Ref<> name = str_from_utf8(entry->name);
  Ref<DictObject> symbols = dict_new();
  Ref<ListObject> varnames = list_new();
  Ref<ListObject> children = list_new();
  if (!id || !name || !symbols || !varnames || !children) return nullptr;
  for (size_t i = 0; i < entry->symbols.size(); ++i) {
    const compile::Symbol& symbol = entry->symbols.symbol_at(i);
    Ref<> key = str_from_utf8(entry->symbols.name_at(i));
    if (!key) return nullptr;
    Value flags = Value::small_int(int64_t(symbol.flags) | (int64_t(symbol.scope) << kScopeOffset));
    if (!dict_set(symbols.get(), key.value(), flags)) return nullptr;
  }
  for (const std::string& varname : entry->varnames) {
    Ref<> s = str_from_utf8(varname);
    if (!s || !list_append(varnames.get(), s.value())) return nullptr;
  }
  for (const SymbolTableEntry* child : entry->children) {
    Ref<> c = entry_from(child);
    if (!c || !list_append(children.get(), c.value())) return nullptr;
  }
  auto* e = allocate<EntryObject>(&entry_type);
  if (!e) return nullptr;
  e->id = id.release();
  e->name = name.release();
  e->symbols = symbols.release();
  e->varnames = varnames.release();
  e->children = children.release();
  e->type = int64_t(entry->type);
  e->lineno = entry->range.lineno;
  e->nested = entry->nested;
  gc_track(e);
  return Ref<>::steal(Value(e));
}

void entry_dealloc(Object* o) {
  auto* e = static_cast<EntryObject*>(o);
  gc_untrack(o);
  for (Value v : {e->id, e->name, e->symbols, e->varnames, e->children}) decref(v);
  free_object(o);
}

void entry_traverse(Object* o, VisitFn visit, void* arg) {
  auto* e = static_cast<EntryObject*>(o);
  for (Value v : {e->id, e->name, e->symbols, e->varnames, e->children}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

Ref<> entry_repr(Value self) {
  auto* e = static_cast<EntryObject*>(self.as_object());
  return str_from_utf8(format_message("<symtable entry {}({}), line {}>", str_utf8(e->name),
                                      repr_for_message(e->id), e->lineno));
}

const MemberDef entry_members[] = {
    {"id", MemberKind::Object, offsetof(EntryObject, id), true},
    {"name", MemberKind::Object, offsetof(EntryObject, name), true},
    {"symbols", MemberKind::Object, offsetof(EntryObject, symbols), true},
    {"varnames", MemberKind::Object, offsetof(EntryObject, varnames), true},
    {"children", MemberKind::Object, offsetof(EntryObject, children), true},
    {"type", MemberKind::Int64, offsetof(EntryObject, type), true},
    {"lineno", MemberKind::Int64, offsetof(EntryObject, lineno), true},
    {"nested", MemberKind::Int64, offsetof(EntryObject, nested), true},
    {},
};

TypeObject entry_type{TypeSpec{
    .name = "symtable entry",
    .basic_size = sizeof(EntryObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = entry_dealloc, .traverse = entry_traverse, .repr = entry_repr, .getattr = generic_get_attr},
    .members = entry_members,
}};

// The filename as CPython's PyUnicode_FSDecoder converts it: str, bytes, os.PathLike, or
// (deprecated) any other bytes-like object.
Ref<> decoded_filename(Value arg) {
  if (is_str(arg)) return new_ref(arg);
  Buffer view;
  if (!is_bytes(arg) && buffer_get(arg, &view, kBufferSimple)) {
    Ref<> bytes = bytes_from(std::string_view(static_cast<const char*>(view.data), size_t(view.length)));
    buffer_release(&view);
    if (!bytes) return nullptr;
    std::string message = format_message("path should be string, bytes, or os.PathLike, not {}", type_name(arg));
    if (warn(exc::DeprecationWarning, message, 1) < 0) return nullptr;
    return call_function_in_module("os", "fsdecode", bytes.value());
  }
  if (error_occurred()) clear_error();
  Ref<> path = call_function_in_module("os", "fspath", arg);
  if (!path) return nullptr;
  return call_function_in_module("os", "fsdecode", path.value());
}

Ref<> symtable_symtable(Value, const Value* args) {
  Value source = args[0];
  Ref<> filename = decoded_filename(args[1]);
  if (!filename) return nullptr;
  if (!is_str(args[2])) return type_error("symtable() argument 3 must be str, not {}", type_name(args[2]));
  std::string_view start = str_utf8(args[2]);
  CompileMode mode;
  if (start == "exec") mode = CompileMode::Exec;
  else if (start == "eval") mode = CompileMode::Eval;
  else if (start == "single") mode = CompileMode::Single;
  else return value_error("symtable() arg 3 must be 'exec' or 'eval' or 'single'");
  std::string text;
  int flags = 0;
  if (is_str(source)) {
    text = std::string(str_utf8(source));
    flags |= kCompileSourceIsUtf8;
  } else {
    Buffer view;
    if (!buffer_get(source, &view, kBufferSimple)) {
      clear_error();
      return type_error("symtable() arg 1 must be a string or bytes object");
    }
    text.assign(static_cast<const char*>(view.data), size_t(view.length));
    buffer_release(&view);
  }
  if (text.find('\0') != std::string::npos) {
    return value_error("source code string cannot contain null bytes");
  }
  std::unique_ptr<compile::SymbolTable> table = symbol_table_for_source(text, filename, mode, flags);
  if (!table) return nullptr;
  return entry_from(table->top());
}

const MethodDef symtable_methods[] = {
    {.name = "symtable", .impl = symtable_symtable, .signature = "($module, source, filename, startstr, /)",
     .doc = "Return symbol and scope dictionaries used internally by compiler."},
    {},
};

bool symtable_exec(ModuleObject* module) {
  if (!type_ready(&entry_type)) return false;
  const std::pair<const char*, int64_t> constants[] = {
      {"USE", compile::kUse},
      {"DEF_GLOBAL", compile::kDefGlobal},
      {"DEF_NONLOCAL", compile::kDefNonlocal},
      {"DEF_LOCAL", compile::kDefLocal},
      {"DEF_PARAM", compile::kDefParam},
      {"DEF_FREE", compile::kDefFree},
      {"DEF_FREE_CLASS", compile::kDefFreeClass},
      {"DEF_IMPORT", compile::kDefImport},
      {"DEF_BOUND", compile::kDefBound},
      {"DEF_ANNOT", compile::kDefAnnot},
      {"TYPE_FUNCTION", int64_t(compile::BlockType::Function)},
      {"TYPE_CLASS", int64_t(compile::BlockType::Class)},
      {"TYPE_MODULE", int64_t(compile::BlockType::Module)},
      {"LOCAL", int64_t(compile::Scope::Local)},
      {"GLOBAL_EXPLICIT", int64_t(compile::Scope::GlobalExplicit)},
      {"GLOBAL_IMPLICIT", int64_t(compile::Scope::GlobalImplicit)},
      {"FREE", int64_t(compile::Scope::Free)},
      {"CELL", int64_t(compile::Scope::Cell)},
      {"SCOPE_OFF", kScopeOffset},
      {"SCOPE_MASK", compile::kDefGlobal | compile::kDefLocal | compile::kDefParam | compile::kDefNonlocal},
  };
  for (const auto& [name, value] : constants) {
    if (!module_add_int(module, name, value)) return false;
  }
  return true;
}

}  // namespace

extern const ModuleDef module__symtable = {
    .name = "_symtable",
    .methods = symtable_methods,
    .exec = symtable_exec,
};

}  // namespace krait
