// The _pickle module: its state (exception classes, copyreg's and _compat_pickle's tables),
// the helpers the pickler and unpickler share (dotted names, imports, method references),
// pickle.PickleBuffer (a buffer wrapper for protocol 5's out-of-band data), and the
// module definition.
#include "core/alloc.h"
#include "core/args.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "modules/pickle/pickle_internal.h"
#include "objects/bytes.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

extern TypeObject memoryview_type;

namespace pickle {

State& state() {
  static State instance;
  return instance;
}

const Names& names() {
  static const Names instance = {
      .reduce_ex = str_intern_utf8("__reduce_ex__"),
      .reduce = str_intern_utf8("__reduce__"),
      .qualname = str_intern_utf8("__qualname__"),
      .name = str_intern_utf8("__name__"),
      .module = str_intern_utf8("__module__"),
      .newobj = str_intern_utf8("__newobj__"),
      .newobj_ex = str_intern_utf8("__newobj_ex__"),
      .new_ = str_intern_utf8("__new__"),
      .persistent_id = str_intern_utf8("persistent_id"),
      .persistent_load = str_intern_utf8("persistent_load"),
      .dispatch_table = str_intern_utf8("dispatch_table"),
      .reducer_override = str_intern_utf8("reducer_override"),
      .find_class = str_intern_utf8("find_class"),
      .write = str_intern_utf8("write"),
      .read = str_intern_utf8("read"),
      .readline = str_intern_utf8("readline"),
      .readinto = str_intern_utf8("readinto"),
      .peek = str_intern_utf8("peek"),
      .extend = str_intern_utf8("extend"),
      .append = str_intern_utf8("append"),
      .add = str_intern_utf8("add"),
      .items = str_intern_utf8("items"),
      .setstate = str_intern_utf8("__setstate__"),
      .getinitargs = str_intern_utf8("__getinitargs__"),
      .dict = str_intern_utf8("__dict__"),
      .latin1 = str_intern_utf8("latin1"),
      .main = str_intern_utf8("__main__"),
      .locals = str_intern_utf8("<locals>"),
  };
  return instance;
}

// --- Shared helpers ---

bool method_ref_init(Value obj, StrObject* name, MethodRef* ref) {
  method_ref_clear(ref);
  Ref<> attr;
  if (get_attr_optional(obj, name, &attr) < 0) return false;
  if (!attr) return true;
  if (is_type(attr, &method_type) && static_cast<MethodObject*>(attr.get())->self == obj) {
    auto* method = static_cast<MethodObject*>(attr.get());
    incref(method->function);
    ref->function = method->function;
    ref->self = obj;
    return true;
  }
  ref->function = attr.release();
  return true;
}

Ref<> method_ref_call(const MethodRef& ref, Value arg) {
  if (ref.self) return call2(ref.function, ref.self, arg);
  return call1(ref.function, arg);
}

Ref<> method_ref_get(const MethodRef& ref, const char* name) {
  if (!ref.function) return raise(exc::AttributeError, name);
  if (ref.self) return method_new(ref.function, ref.self);
  return new_ref(ref.function);
}

void method_ref_clear(MethodRef* ref) {
  Value old = ref->function;
  ref->function = Value();
  ref->self = Value();
  decref(old);
}

Ref<> dotted_path(Value obj, Value name) {
  if (!is_str(name)) return type_error("attribute name must be string, not '{}'", type_name(name));
  StrObject* s = as_str(name);
  Ref<ListObject> parts = list_new();
  if (!parts) return nullptr;
  int64_t start = 0;
  for (int64_t i = 0; i <= s->length; ++i) {
    if (i < s->length && s->at(i) != '.') continue;
    Ref<> part = str_substring(s, start, i);
    if (!part) return nullptr;
    if (str_equal(as_str(part), names().locals)) {
      if (!obj) return attribute_error("Can't pickle local object {}", repr_for_message(name));
      return attribute_error("Can't get local attribute {} on {}", repr_for_message(name),
                             repr_for_message(obj));
    }
    if (!list_append_steal(parts.get(), std::move(part))) return nullptr;
    start = i + 1;
  }
  return parts;
}

Ref<> deep_attribute(Value obj, Value path, Ref<>* parent) {
  ListObject* parts = as_list(path);
  Ref<> current = new_ref(obj);
  for (int64_t i = 0; i < parts->length; ++i) {
    Ref<> next;
    if (get_attr_optional(current, as_str(parts->items[i]), &next) < 0) return nullptr;
    if (!next) return nullptr;
    if (parent) *parent = std::move(current);
    current = std::move(next);
  }
  return current;
}

Ref<> import_module(Value name) {
  if (!is_str(name)) return type_error("module name must be str, not {}", type_name(name));
  return import_module_by_name(str_utf8(name));
}

// --- PickleBuffer ---

namespace {

struct PickleBufferObject : Object {
  Buffer view;  // view.owner is null once released
  bool contiguous;
  Object* weakreflist;
};

PickleBufferObject* as_picklebuffer(Value v) { return static_cast<PickleBufferObject*>(v.as_object()); }

Raised released_error() { return value_error("operation forbidden on released PickleBuffer object"); }

Ref<> picklebuffer_new_impl(Value type_value, const Value* args) {
  auto* type = reinterpret_cast<TypeObject*>(type_value.as_object());
  Value base = args[0];
  bool contiguous = true;
  if (is_instance_of(base, &memoryview_type)) {
    Ref<> flag = get_attr(base, "contiguous");
    if (!flag) return nullptr;
    contiguous = flag.value() == True();
  }
  auto* b = allocate<PickleBufferObject>(type, size_t(type->basic_size));
  if (!b) return nullptr;
  Ref<> result = Ref<>::steal(Value(b));
  b->contiguous = contiguous;
  if (!buffer_get(base, &b->view, kBufferSimple)) {
    b->view = Buffer();
    return nullptr;
  }
  gc_track(b);
  return result;
}

const MethodDef picklebuffer_new_def = {.name = "PickleBuffer",
                                        .impl = picklebuffer_new_impl,
                                        .signature = "($type, buffer, /)",
                                        .flags = kMethodConstructor};

Ref<> picklebuffer_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&picklebuffer_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void picklebuffer_dealloc(Object* o) {
  gc_untrack(o);
  auto* b = static_cast<PickleBufferObject*>(o);
  if (b->weakreflist) clear_weakrefs(o);
  buffer_release(&b->view);
  free_object(o);
}

void picklebuffer_traverse(Object* o, VisitFn visit, void* arg) {
  auto* b = static_cast<PickleBufferObject*>(o);
  if (b->view.owner) visit(b->view.owner, arg);
}

void picklebuffer_clear(Object* o) { buffer_release(&static_cast<PickleBufferObject*>(o)->view); }

int picklebuffer_get_buffer(Value self, Buffer* view, int flags) {
  PickleBufferObject* b = as_picklebuffer(self);
  if (!b->view.owner) return released_error();
  // Views go to the exporter itself, so they outlive release() as in CPython.
  return buffer_get(Value(b->view.owner), view, flags) ? 0 : -1;
}

Ref<> picklebuffer_raw(Value self, const Value*) {
  PickleBufferObject* b = as_picklebuffer(self);
  if (!b->view.owner) return released_error();
  if (!b->contiguous) return raise(exc::BufferError, "cannot extract raw buffer from non-contiguous buffer");
  Ref<> view = call1(Value(&memoryview_type), self);
  if (!view) return nullptr;
  Ref<> format = get_attr(view, "format");
  Ref<> ndim = get_attr(view, "ndim");
  if (!format || !ndim) return nullptr;
  if (is_str(format) && str_equal_ascii(as_str(format), "B") && ndim.value() == Value::small_int(1))
    return view;
  Ref<> cast = get_attr(view, "cast");
  if (!cast) return nullptr;
  Ref<> letter = str_from_ascii("B");
  if (!letter) return nullptr;
  return call1(cast, letter);
}

Ref<> picklebuffer_release(Value self, const Value*) {
  buffer_release(&as_picklebuffer(self)->view);
  return new_none();
}

const MethodDef picklebuffer_methods[] = {
    {.name = "raw", .impl = picklebuffer_raw, .signature = "($self, /)",
     .doc = "raw($self, /)\n--\n\nReturn a memoryview of the raw memory underlying this buffer.\n"
            "Will raise BufferError is the buffer isn't contiguous."},
    {.name = "release", .impl = picklebuffer_release, .signature = "($self, /)",
     .doc = "release($self, /)\n--\n\nRelease the underlying buffer exposed by the PickleBuffer object."},
    {},
};

}  // namespace

bool picklebuffer_is_contiguous(Value buffer) { return as_picklebuffer(buffer)->contiguous; }

TypeObject picklebuffer_type{TypeSpec{
    .name = "pickle.PickleBuffer",
    .doc = "Wrapper for potentially out-of-band buffers",
    .basic_size = sizeof(PickleBufferObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(PickleBufferObject, weakreflist),
    .slots = {.dealloc = picklebuffer_dealloc,
              .traverse = picklebuffer_traverse,
              .clear = picklebuffer_clear,
              .new_instance = picklebuffer_new,
              .getattr = generic_get_attr,
              .get_buffer = picklebuffer_get_buffer},
    .methods = picklebuffer_methods,
}};

// --- The module ---

namespace {

// Replaces a state slot (references are owned by the state).
void set_slot(Value* slot, Ref<> value) {
  Value old = *slot;
  *slot = value.release();
  decref(old);
}

bool load_dict_attribute(Value module, const char* module_name, const char* name, Value* slot) {
  Ref<> value = get_attr(module, name);
  if (!value) return false;
  if (!is_dict(value)) {
    return type_error("{}.{} should be a dict, not {}", module_name, name, type_name(value));
  }
  set_slot(slot, std::move(value));
  return true;
}

bool pickle_exec(ModuleObject* module) {
  State& st = state();
  Ref<> pickle_error = new_exception_type("_pickle.PickleError", &exc::Exception);
  if (!pickle_error) return false;
  auto* base = reinterpret_cast<TypeObject*>(pickle_error.get());
  Ref<> pickling_error = new_exception_type("_pickle.PicklingError", base);
  Ref<> unpickling_error = new_exception_type("_pickle.UnpicklingError", base);
  if (!pickling_error || !unpickling_error) return false;
  if (!module_add_object(module, "PickleError", pickle_error) ||
      !module_add_object(module, "PicklingError", pickling_error) ||
      !module_add_object(module, "UnpicklingError", unpickling_error))
    return false;
  set_slot(&st.pickle_error, std::move(pickle_error));
  set_slot(&st.pickling_error, std::move(pickling_error));
  set_slot(&st.unpickling_error, std::move(unpickling_error));

  Ref<> copyreg = import_module_named("copyreg");
  if (!copyreg || !load_dict_attribute(copyreg, "copyreg", "dispatch_table", &st.dispatch_table) ||
      !load_dict_attribute(copyreg, "copyreg", "_extension_registry", &st.extension_registry) ||
      !load_dict_attribute(copyreg, "copyreg", "_inverted_registry", &st.inverted_registry) ||
      !load_dict_attribute(copyreg, "copyreg", "_extension_cache", &st.extension_cache))
    return false;
  Ref<> compat = import_module_named("_compat_pickle");
  if (!compat || !load_dict_attribute(compat, "_compat_pickle", "NAME_MAPPING", &st.name_mapping_2to3) ||
      !load_dict_attribute(compat, "_compat_pickle", "IMPORT_MAPPING", &st.import_mapping_2to3) ||
      !load_dict_attribute(compat, "_compat_pickle", "REVERSE_NAME_MAPPING", &st.name_mapping_3to2) ||
      !load_dict_attribute(compat, "_compat_pickle", "REVERSE_IMPORT_MAPPING", &st.import_mapping_3to2))
    return false;
  Ref<> codecs = import_module_named("codecs");
  Ref<> encode = codecs ? get_attr(codecs, "encode") : nullptr;
  Ref<> functools = import_module_named("functools");
  Ref<> partial = functools ? get_attr(functools, "partial") : nullptr;
  Ref<> getattr = builtin_function("getattr");
  if (!encode || !partial || !getattr) return false;
  set_slot(&st.codecs_encode, std::move(encode));
  set_slot(&st.partial, std::move(partial));
  set_slot(&st.getattr, std::move(getattr));

  return type_ready(&pickler_memo_proxy_type) && type_ready(&unpickler_memo_proxy_type) &&
         module_add_type(module, &pickler_type) && module_add_type(module, &unpickler_type) &&
         module_add_type(module, &picklebuffer_type);
}

const char kDumpsSignature[] = "($module, obj, protocol=None, *, fix_imports=True, buffer_callback=None)";
const char kLoadsSignature[] =
    "($module, data, /, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=?)";
const char kDumpsDoc[] = "Return the pickled representation of the object as a bytes object.";
const char kLoadsDoc[] = "Read and return an object from the given pickle data.";

const MethodDef dumps_def = {.name = "dumps", .impl = module_dumps, .signature = kDumpsSignature};
const MethodDef loads_def = {.name = "loads", .impl = module_loads, .signature = kLoadsSignature};

// dumps(obj[, protocol]) and loads(data), the common calls, skip argument binding: the
// omitted parameters arrive null, which the implementations read as their defaults.
Ref<> dumps_fast(Value module, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!kwnames && (nargs == 1 || nargs == 2)) {
    Value values[4] = {args[0], nargs == 2 ? args[1] : Value(), Value(), Value()};
    return module_dumps(module, values);
  }
  return call_method_def(&dumps_def, nullptr, module, args, nargs, kwnames);
}

Ref<> loads_fast(Value module, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!kwnames && nargs == 1) {
    Value values[5] = {args[0], Value(), Value(), Value(), Value()};
    return module_loads(module, values);
  }
  return call_method_def(&loads_def, nullptr, module, args, nargs, kwnames);
}

const MethodDef pickle_module_methods[] = {
    {.name = "dump",
     .impl = module_dump,
     .signature = "($module, obj, file, protocol=None, *, fix_imports=True, buffer_callback=None)",
     .doc = "Write a pickled representation of obj to the open file object file."},
    {.name = "dumps", .raw = dumps_fast, .signature = kDumpsSignature, .doc = kDumpsDoc},
    {.name = "load",
     .impl = module_load,
     .signature = "($module, file, *, fix_imports=True, encoding='ASCII', errors='strict', buffers=?)",
     .doc = "Read and return an object from the pickle data stored in a file."},
    {.name = "loads", .raw = loads_fast, .signature = kLoadsSignature, .doc = kLoadsDoc},
    {},
};

}  // namespace
}  // namespace pickle

extern const ModuleDef module__pickle = {
    .name = "_pickle",
    .doc = "Optimized C implementation for the Python pickle module.",
    .methods = pickle::pickle_module_methods,
    .exec = pickle::pickle_exec,
};

}  // namespace krait
