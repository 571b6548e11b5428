// function (Python functions: attributes, descriptor binding, call) and cell objects.
#include "objects/function.h"

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "vm/builtins_namespace.h"
#include "vm/call.h"

namespace krait {

namespace {

uint32_t next_function_version = 1;

FunctionObject* as_fn(Value v) { return static_cast<FunctionObject*>(v.as_object()); }

}  // namespace

Ref<FunctionObject> function_new(CodeObject* code, Value globals, Value qualname) {
  auto* f = allocate<FunctionObject>(&function_type);
  if (!f) return nullptr;
  incref(code);
  f->code = code;
  incref(globals);
  f->globals = globals.as_object();
  Ref<> builtins = builtins_for_globals(globals);
  if (!builtins) {
    decref(Value(f));
    return nullptr;
  }
  f->builtins = builtins.release_object();
  incref(code->name);
  f->name = code->name;
  Value q = qualname ? qualname : Value(code->qualname);
  incref(q);
  f->qualname = q.as_object();
  // The docstring is co_consts[0] when it is a str (the compiler guarantees it otherwise isn't).
  TupleObject* consts = as_tuple(Value(code->consts));
  Value doc = consts->length > 0 && is_str(consts->items[0]) ? consts->items[0] : None();
  incref(doc);
  f->doc = doc;
  // __module__ comes from the globals' __name__.
  Value module = is_dict(globals) ? dict_get_str(as_dict(globals), ID(__name__)) : Value();
  if (module) {
    incref(module);
    f->module = module;
  }
  f->version = next_function_version++;
  gc_track(f);
  return Ref<FunctionObject>::steal(Value(f));
}

namespace {

void function_dealloc(Object* o) {
  auto* f = static_cast<FunctionObject*>(o);
  gc_untrack(o);
  if (f->weakreflist) clear_weakrefs(o);
  decref(f->code);
  decref(f->globals);
  decref(f->builtins);
  decref(f->name);
  decref(f->qualname);
  if (f->defaults) decref(f->defaults);
  if (f->kwdefaults) decref(f->kwdefaults);
  if (f->closure) decref(f->closure);
  decref(f->doc);
  if (f->dict) decref(f->dict);
  if (f->annotations) decref(f->annotations);
  decref(f->module);
  free_object(o);
}

void function_traverse(Object* o, VisitFn visit, void* arg) {
  auto* f = static_cast<FunctionObject*>(o);
  for (Object* field : {static_cast<Object*>(f->code), f->globals, f->builtins, f->name, f->qualname,
                        f->defaults, f->kwdefaults, f->closure, f->dict, f->annotations}) {
    if (field) visit(field, arg);
  }
  if (f->doc.is_object()) visit(f->doc.as_object(), arg);
  if (f->module.is_object()) visit(f->module.as_object(), arg);
}

void function_clear(Object* o) {
  auto* f = static_cast<FunctionObject*>(o);
  for (Object** field : {&f->defaults, &f->kwdefaults, &f->closure, &f->dict, &f->annotations}) {
    Object* old = *field;
    *field = nullptr;
    if (old) decref(old);
  }
  Value doc = f->doc, module = f->module;
  f->doc = Value();
  f->module = Value();
  decref(doc);
  decref(module);
  // As CPython: a cleared function that a finalizer still reaches reprs as "<function  at".
  for (Object** field : {&f->name, &f->qualname}) {
    Object* old = *field;
    *field = str_empty().release_object();
    decref(old);
  }
}

Ref<> function_descr_get(Value descriptor, Value instance, Value owner) {
  if (!instance) return new_ref(descriptor);
  return method_new(descriptor, instance);
}

Ref<> function_repr(Value self) {
  return str_from_utf8(format_message("<function {} at {}>", str_utf8(Value(as_fn(self)->qualname)),
                                      address_text(self.as_object())));
}

// --- Attributes ---

Ref<> get_code(Value self) { return new_ref(Value(as_fn(self)->code)); }
int set_code(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  if (!value || !is_code(value)) return type_error("__code__ must be set to a code object");
  int nfree = as_code(value)->nfreevars;
  int nclosure = f->closure ? int(as_tuple(Value(f->closure))->length) : 0;
  if (nfree != nclosure) {
    return value_error("{}() requires a code object with {} free vars, not {}",
                       str_utf8(Value(f->name)), nclosure, nfree);
  }
  incref(value);
  decref(f->code);
  f->code = as_code(value);
  f->version = next_function_version++;
  return 0;
}

Ref<> get_defaults(Value self) {
  Object* d = as_fn(self)->defaults;
  return d ? new_ref(Value(d)) : new_none();
}
int set_defaults(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  if (value && is_none(value)) value = Value();
  if (value && !is_tuple(value)) return type_error("__defaults__ must be set to a tuple object");
  incref(value);
  if (f->defaults) decref(f->defaults);
  f->defaults = value ? value.as_object() : nullptr;
  f->version = next_function_version++;
  return 0;
}

Ref<> get_kwdefaults(Value self) {
  Object* d = as_fn(self)->kwdefaults;
  return d ? new_ref(Value(d)) : new_none();
}
int set_kwdefaults(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  if (value && is_none(value)) value = Value();
  if (value && !is_dict(value)) return type_error("__kwdefaults__ must be set to a dict object");
  incref(value);
  if (f->kwdefaults) decref(f->kwdefaults);
  f->kwdefaults = value ? value.as_object() : nullptr;
  f->version = next_function_version++;
  return 0;
}

Ref<> get_annotations(Value self) {
  FunctionObject* f = as_fn(self);
  if (!f->annotations) {
    Ref<DictObject> d = dict_new();
    if (!d) return nullptr;
    f->annotations = d.release_object();
  }
  return new_ref(Value(f->annotations));
}
int set_annotations(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  if (value && is_none(value)) value = Value();
  if (value && !is_dict(value)) return type_error("__annotations__ must be set to a dict object");
  incref(value);
  if (f->annotations) decref(f->annotations);
  f->annotations = value ? value.as_object() : nullptr;
  return 0;
}

Ref<> get_name(Value self) { return new_ref(Value(as_fn(self)->name)); }
int set_name(Value self, Value value) {
  if (!value || !is_str(value)) return type_error("__name__ must be set to a string object");
  FunctionObject* f = as_fn(self);
  incref(value);
  decref(f->name);
  f->name = value.as_object();
  return 0;
}
Ref<> get_qualname(Value self) { return new_ref(Value(as_fn(self)->qualname)); }
int set_qualname(Value self, Value value) {
  if (!value || !is_str(value)) return type_error("__qualname__ must be set to a string object");
  FunctionObject* f = as_fn(self);
  incref(value);
  decref(f->qualname);
  f->qualname = value.as_object();
  return 0;
}
Ref<> get_doc(Value self) { return new_ref(as_fn(self)->doc); }
int set_doc(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  Value v = value ? value : None();
  incref(v);
  decref(f->doc);
  f->doc = v;
  return 0;
}
// Computed: a non-dict __builtins__ is stored wrapped (vm/builtins_namespace.h).
Ref<> get_builtins(Value self) { return new_ref(visible_builtins(Value(as_fn(self)->builtins))); }
Ref<> get_module(Value self) {
  Value m = as_fn(self)->module;
  return m ? new_ref(m) : new_none();
}
int set_module(Value self, Value value) {
  FunctionObject* f = as_fn(self);
  Value v = value ? value : None();
  incref(v);
  decref(f->module);
  f->module = v;
  return 0;
}
Ref<> get_dict(Value self) {
  FunctionObject* f = as_fn(self);
  if (!f->dict) {
    Ref<DictObject> d = dict_new();
    if (!d) return nullptr;
    f->dict = d.release_object();
  }
  return new_ref(Value(f->dict));
}
int set_dict(Value self, Value value) {
  if (!value) return type_error("cannot delete __dict__");
  if (!is_dict(value)) return type_error("__dict__ must be set to a dictionary, not a '{}'", type_name(value));
  FunctionObject* f = as_fn(self);
  incref(value);
  if (f->dict) decref(f->dict);
  f->dict = value.as_object();
  return 0;
}

const GetSetDef function_getsets[] = {
    {"__code__", get_code, set_code},
    {"__defaults__", get_defaults, set_defaults},
    {"__kwdefaults__", get_kwdefaults, set_kwdefaults},
    {"__annotations__", get_annotations, set_annotations},
    {"__dict__", get_dict, set_dict},
    {"__name__", get_name, set_name},
    {"__qualname__", get_qualname, set_qualname},
    {},
};

// Plain members, as CPython's (types.MemberDescriptorType is type(FunctionType.__globals__)).
const MemberDef function_members[] = {
    {"__globals__", MemberKind::Object, offsetof(FunctionObject, globals), true},
    {.name = "__builtins__", .kind = MemberKind::Computed, .readonly = true, .get = get_builtins},
    {"__closure__", MemberKind::ObjectOrNone, offsetof(FunctionObject, closure), true},
    {.name = "__doc__", .kind = MemberKind::Computed, .get = get_doc, .set = set_doc},
    {.name = "__module__", .kind = MemberKind::Computed, .get = get_module, .set = set_module},
    {},
};

// types.FunctionType(code, globals, name=None, argdefs=None, closure=None)
Ref<> function_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "function",
                                .signature = "(code, globals, name=None, argdefs=None, closure=None)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return nullptr;
  Value* a = bound.values();
  if (!is_code(a[0])) {
    return type_error("function() argument 'code' must be code, not {}", type_name(a[0]));
  }
  if (!is_dict(a[1])) {
    return type_error("function() argument 'globals' must be dict, not {}", type_name(a[1]));
  }
  CodeObject* code = as_code(a[0]);
  if (!is_none(a[2]) && !is_str(a[2])) return type_error("arg 3 (name) must be None or string");
  if (!is_none(a[3]) && !is_tuple(a[3])) return type_error("arg 4 (defaults) must be None or tuple");
  int64_t nclosure = is_none(a[4]) ? 0 : (is_tuple(a[4]) ? as_tuple(a[4])->length : -1);
  if (nclosure < 0) return type_error("arg 5 (closure) must be tuple");
  if (code->nfreevars != nclosure) {
    if (is_none(a[4]) && code->nfreevars) return type_error("arg 5 (closure) must be tuple");
    return value_error("{} requires closure of length {}, not {}", str_utf8(Value(code->name)),
                       code->nfreevars, nclosure);
  }
  Ref<FunctionObject> f = function_new(code, a[1], Value());
  if (!f) return nullptr;
  if (!is_none(a[2])) {
    if (set_name(f.value(), a[2]) < 0) return nullptr;
  }
  if (!is_none(a[3])) {
    incref(a[3]);
    f->defaults = a[3].as_object();
  }
  if (nclosure) {
    incref(a[4]);
    f->closure = a[4].as_object();
  }
  return f;
}

}  // namespace

TypeObject function_type{TypeSpec{
    .name = "function",
    .doc = "Create a function object.\n\n  code\n    a code object\n  globals\n    the globals dictionary\n"
           "  name\n    a string that overrides the name from the code object\n  argdefs\n"
           "    a tuple that specifies the default argument values\n  closure\n"
           "    a tuple that supplies the bindings for free variables",
    .basic_size = sizeof(FunctionObject),
    .flags = kTypeHaveGC | kTypeMethodDescriptor,
    .dict_offset = offsetof(FunctionObject, dict),
    .weaklist_offset = offsetof(FunctionObject, weakreflist),
    .slots = {.dealloc = function_dealloc,
              .traverse = function_traverse,
              .clear = function_clear,
              .new_instance = function_new_slot,
              .repr = function_repr,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr,
              .descr_get = function_descr_get,
              .call = function_call},
    .getsets = function_getsets,
    .members = function_members,
}};

// --- cell ---

Ref<CellObject> cell_new(Value contents) {
  auto* cell = allocate<CellObject>(&cell_type);
  if (!cell) return nullptr;
  incref(contents);
  cell->contents = contents;
  gc_track(cell);
  return Ref<CellObject>::steal(Value(cell));
}

namespace {

void cell_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<CellObject*>(o)->contents);
  free_object(o);
}

void cell_traverse(Object* o, VisitFn visit, void* arg) {
  Value v = static_cast<CellObject*>(o)->contents;
  if (v.is_object()) visit(v.as_object(), arg);
}

void cell_clear(Object* o) {
  auto* cell = static_cast<CellObject*>(o);
  Value v = cell->contents;
  cell->contents = Value();
  decref(v);
}

Ref<> cell_repr(Value self) {
  Value v = as_cell(self)->contents;
  if (!v) return str_from_utf8(format_message("<cell at {}: empty>", address_text(self.as_object())));
  return str_from_utf8(format_message("<cell at {}: {} object at {}>", address_text(self.as_object()),
                                      type_name(v), address_text(v.as_object())));
}

Ref<> cell_compare(Value a, Value b, CompareOp op) {
  if (!is_type(b, &cell_type)) return new_not_implemented();
  Value x = as_cell(a)->contents, y = as_cell(b)->contents;
  if (x && y) return rich_compare(x, y, op);
  // Empty cells sort first.
  int cmp = (x ? 1 : 0) - (y ? 1 : 0);
  bool r = false;
  switch (op) {
    case CompareOp::Lt: r = cmp < 0; break;
    case CompareOp::Le: r = cmp <= 0; break;
    case CompareOp::Eq: r = cmp == 0; break;
    case CompareOp::Ne: r = cmp != 0; break;
    case CompareOp::Gt: r = cmp > 0; break;
    case CompareOp::Ge: r = cmp >= 0; break;
  }
  return new_bool(r);
}

Ref<> cell_get_contents(Value self) {
  Value v = as_cell(self)->contents;
  if (!v) return raise(exc::ValueError, "Cell is empty");
  return new_ref(v);
}
int cell_set_contents(Value self, Value value) {
  CellObject* cell = as_cell(self);
  Value old = cell->contents;
  incref(value);
  cell->contents = value;
  decref(old);
  return 0;
}

Ref<> cell_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("cell() takes no keyword arguments");
  if (nargs > 1) return type_error("cell expected at most 1 argument, got {}", nargs);
  return cell_new(nargs ? args[0] : Value());
}

const GetSetDef cell_getsets[] = {
    {"cell_contents", cell_get_contents, cell_set_contents},
    {},
};

}  // namespace

TypeObject cell_type{TypeSpec{
    .name = "cell",
    .doc = "Create a new cell object.\n\n  contents\n    the contents of the cell. If not specified, "
           "the cell will be empty,\n    and \n further attempts to access its cell_contents "
           "attribute will\n    raise a ValueError.",
    .basic_size = sizeof(CellObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = cell_dealloc,
              .traverse = cell_traverse,
              .clear = cell_clear,
              .new_instance = cell_new_slot,
              .repr = cell_repr,
              .compare = cell_compare,
              .getattr = generic_get_attr},
    .getsets = cell_getsets,
}};

}  // namespace krait
