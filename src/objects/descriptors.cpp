// Descriptors of built-in types: method descriptors (list.append), builtin functions and
// bound builtin methods (len, [].append), getset and member descriptors, slot wrappers
// (int.__add__, (1).__add__) and the __new__ of built-in types.
#include "objects/descriptors.h"

#include <cstring>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/wrapper.h"
#include "runtime/gc.h"
#include "runtime/runtime.h"

namespace krait {

// --- Calling a MethodDef ---

namespace {

// call_method_def's binding of keywords and of other parameter kinds, out of line: its
// frame (BoundArgs) is big, and the common cases should not pay for setting it up.
[[gnu::noinline]] Ref<> call_binding(const MethodDef* def, const Signature* sig, Value self, const Value* args,
                                     size_t nargs, TupleObject* kwnames) {
  BoundArgs bound;
  if (!bind_arguments(*sig, args, nargs, kwnames, &bound)) return nullptr;
  return def->impl(self, bound.values());
}

}  // namespace

Ref<> call_method_def(const MethodDef* def, const char* owner_name, Value self, const Value* args,
                      size_t nargs, TupleObject* kwnames) {
  if (def->raw) return def->raw(self, args, nargs, kwnames);
  Signature* sig = def->parsed_signature;
  if (!sig) [[unlikely]] sig = def->parsed_signature = signature_parse(def, owner_name);
  // Positional arguments to positional parameters.
  if (!kwnames && sig->direct_positional) {
    size_t nparams = sig->params.size();
    if (nargs == nparams) return def->impl(self, args);
    if (nargs >= size_t(sig->required_positional) && nargs < nparams) {
      // The optional parameters not given take their defaults (null for `?`), as
      // bind_arguments would fill them.
      Value values[Signature::kMaxDirectParams];
      for (size_t i = 0; i < nargs; ++i) values[i] = args[i];
      for (size_t i = nargs; i < nparams; ++i) values[i] = sig->params[i].default_value;
      return def->impl(self, values);
    }
  }
  return call_binding(def, sig, self, args, nargs, kwnames);
}

namespace {

std::string owner_short_name(TypeObject* owner) { return owner ? type_short_name(owner) : ""; }
// tp_name ("array.array"), as CPython's descriptor reprs and checks say.
std::string owner_type_name(TypeObject* owner) { return owner ? std::string(owner->name) : ""; }

// call_method_def for a method of `owner` (null: a plain function). The owner's name only
// goes into the messages of the signature, parsed on the first call: later calls must not
// pay for building it.
Ref<> call_method_of(const MethodDef* def, TypeObject* owner, Value self, const Value* args,
                     size_t nargs, TupleObject* kwnames) {
  if (!owner || def->raw || def->parsed_signature) {
    return call_method_def(def, nullptr, self, args, nargs, kwnames);
  }
  return call_method_def(def, owner_short_name(owner).c_str(), self, args, nargs, kwnames);
}

Ref<> doc_of(std::string_view name, const char* doc) {
  return doc ? Ref<>(str_from_utf8(split_internal_doc(name, doc).body)) : new_none();
}

// A signature embedded in the doc ("name(...)\n--\n\n", CPython's form) is the one shown:
// it can say what the binder's cannot (sys.maxsize, <unrepresentable>).
Ref<> text_signature_of(const MethodDef* def) {
  if (def->flags & kMethodNoTextSignature) return new_none();
  std::string_view embedded = split_internal_doc(def->name, def->doc).signature;
  if (!embedded.empty()) return str_from_utf8(embedded);
  if (!def->signature) return new_none();
  // Hide our `?` (optional, no default) marker as CPython would show no signature.
  if (std::strchr(def->signature, '?')) return new_none();
  return str_from_utf8(def->signature);
}

bool check_descriptor_self(const char* name, TypeObject* owner, Value self) {
  if (is_instance_of(self, owner)) return true;
  type_error("descriptor '{}' for '{}' objects doesn't apply to a '{}' object", name,
             owner_type_name(owner), type_name(self));
  return false;
}

}  // namespace

namespace {

// (getattr, (holder, obj.__name__)): how descriptors and bound slot wrappers pickle
// (CPython's descr_reduce and wrapper_reduce).
Ref<> reduce_as_getattr(Value holder, Value obj) {
  Ref<> getattr_fn = get_attr(Value(runtime().builtins_module), "getattr");
  if (!getattr_fn) return nullptr;
  Ref<> name = get_attr(obj, ID(__name__));
  if (!name) return nullptr;
  Ref<TupleObject> call_args = tuple_of({holder, name.value()});
  if (!call_args) return nullptr;
  return tuple_of({getattr_fn.value(), call_args.value()});
}

Ref<> method_descriptor_reduce(Value self, const Value*) {
  return reduce_as_getattr(Value(static_cast<MethodDescriptorObject*>(self.as_object())->owner), self);
}

Ref<> wrapper_reduce(Value self, const Value*) {
  return reduce_as_getattr(Value(static_cast<WrapperDescriptorObject*>(self.as_object())->owner), self);
}

Ref<> method_wrapper_reduce(Value self, const Value*) {
  return reduce_as_getattr(static_cast<MethodWrapperObject*>(self.as_object())->self, self);
}

const MethodDef method_descriptor_methods[] = {
    {.name = "__reduce__", .impl = method_descriptor_reduce, .signature = "($self, /)"},
    {},
};
const MethodDef wrapper_methods[] = {
    {.name = "__reduce__", .impl = wrapper_reduce, .signature = "($self, /)"},
    {},
};
const MethodDef method_wrapper_methods[] = {
    {.name = "__reduce__", .impl = method_wrapper_reduce, .signature = "($self, /)"},
    {},
};

}  // namespace

InternalDoc split_internal_doc(std::string_view name, const char* doc) {
  if (!doc) return {};
  std::string_view text = doc;
  constexpr std::string_view kEnd = ")\n--\n\n";
  size_t end = text.find(kEnd);
  if (name.empty() || text.substr(0, name.size()) != name || text.size() <= name.size() ||
      text[name.size()] != '(' || end == std::string_view::npos) {
    return {{}, text};
  }
  // The signature must end before the first blank line, as CPython's find_signature checks.
  size_t blank = text.find("\n\n");
  if (blank < end) return {{}, text};
  return {text.substr(name.size(), end + 1 - name.size()), text.substr(end + kEnd.size())};
}

// --- method_descriptor ---

namespace {

MethodDescriptorObject* as_method_descriptor(Value v) {
  return static_cast<MethodDescriptorObject*>(v.as_object());
}

void method_descriptor_dealloc(Object* o) {
  auto* d = static_cast<MethodDescriptorObject*>(o);
  gc_untrack(o);
  decref(d->owner);
  free_object(o);
}

void method_descriptor_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<MethodDescriptorObject*>(o)->owner, arg);
}

Ref<> method_descriptor_get(Value descriptor, Value instance, Value owner) {
  MethodDescriptorObject* d = as_method_descriptor(descriptor);
  if (d->def->flags & kMethodClass) {
    // A classmethod of a built-in type (dict.fromkeys): bind to the class.
    Value cls = owner ? owner : Value(type_of(instance));
    Ref<> bound = builtin_function_new(d->def, cls, Value());
    if (bound) static_cast<BuiltinFunctionObject*>(bound.get())->owner = d->owner;
    return bound;
  }
  if (!instance) return new_ref(descriptor);
  if (!check_descriptor_self(d->def->name, d->owner, instance)) return nullptr;
  Ref<> bound = builtin_function_new(d->def, instance, Value());
  if (bound) static_cast<BuiltinFunctionObject*>(bound.get())->owner = d->owner;
  return bound;
}

Ref<> method_descriptor_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  MethodDescriptorObject* d = as_method_descriptor(callable);
  if (d->def->flags & kMethodClass) {
    if (nargs < 1) {
      return type_error("descriptor '{}' of '{}' object needs an argument", d->def->name,
                        owner_type_name(d->owner));
    }
    return call_method_def(d->def, d->owner->name, args[0], args + 1, nargs - 1, kwnames);
  }
  if (nargs < 1) {
    return type_error("unbound method {}.{}() needs an argument", owner_short_name(d->owner),
                      d->def->name);
  }
  if (!check_descriptor_self(d->def->name, d->owner, args[0])) return nullptr;
  return call_method_of(d->def, d->owner, args[0], args + 1, nargs - 1, kwnames);
}

Ref<> method_descriptor_repr(Value self) {
  MethodDescriptorObject* d = as_method_descriptor(self);
  return str_from_utf8(format_message("<method '{}' of '{}' objects>", d->def->name,
                                      owner_type_name(d->owner)));
}

Ref<> method_descriptor_get_name(Value self) { return str_from_utf8(as_method_descriptor(self)->def->name); }
Ref<> method_descriptor_get_qualname(Value self) {
  MethodDescriptorObject* d = as_method_descriptor(self);
  Ref<> owner_qualname = get_attr(Value(d->owner), ID(__qualname__));
  if (!owner_qualname) return nullptr;
  return str_from_utf8(std::string(str_utf8(owner_qualname.value())) + "." + d->def->name);
}
Ref<> method_descriptor_get_doc(Value self) { return doc_of(as_method_descriptor(self)->def->name, as_method_descriptor(self)->def->doc); }
Ref<> method_descriptor_get_objclass(Value self) { return new_ref(Value(as_method_descriptor(self)->owner)); }
Ref<> method_descriptor_get_text_signature(Value self) {
  return text_signature_of(as_method_descriptor(self)->def);
}

const GetSetDef method_descriptor_getsets[] = {
    {"__qualname__", method_descriptor_get_qualname},
    {"__doc__", method_descriptor_get_doc},
    {"__text_signature__", method_descriptor_get_text_signature},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef method_descriptor_members[] = {
    {.name = "__name__", .kind = MemberKind::Computed, .readonly = true, .get = method_descriptor_get_name},
    {.name = "__objclass__", .kind = MemberKind::Computed, .readonly = true, .get = method_descriptor_get_objclass},
    {},
};

}  // namespace

Ref<> method_descriptor_new(TypeObject* owner, const MethodDef* def) {
  auto* d = allocate<MethodDescriptorObject>(&method_descriptor_type);
  if (!d) return nullptr;
  d->def = def;
  d->owner = owner;
  incref(owner);
  gc_track(d);
  return Ref<>::steal(Value(d));
}

TypeObject method_descriptor_type{TypeSpec{
    .name = "method_descriptor",
    .basic_size = sizeof(MethodDescriptorObject),
    .flags = kTypeHaveGC | kTypeMethodDescriptor,
    .slots = {.dealloc = method_descriptor_dealloc,
              .traverse = method_descriptor_traverse,
              .repr = method_descriptor_repr,
              .getattr = generic_get_attr,
              .descr_get = method_descriptor_get,
              .call = method_descriptor_call},
    .methods = method_descriptor_methods,
    .getsets = method_descriptor_getsets,
    .members = method_descriptor_members,
}};

TypeObject classmethod_descriptor_type{TypeSpec{
    .name = "classmethod_descriptor",
    .basic_size = sizeof(MethodDescriptorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = method_descriptor_dealloc,
              .traverse = method_descriptor_traverse,
              .repr = method_descriptor_repr,
              .getattr = generic_get_attr,
              .descr_get = method_descriptor_get,
              .call = method_descriptor_call},
    .getsets = method_descriptor_getsets,
    .members = method_descriptor_members,
}};

// --- builtin_function_or_method ---

namespace {

BuiltinFunctionObject* as_builtin(Value v) { return static_cast<BuiltinFunctionObject*>(v.as_object()); }

void builtin_dealloc(Object* o) {
  auto* f = static_cast<BuiltinFunctionObject*>(o);
  gc_untrack(o);
  if (f->weakreflist) clear_weakrefs(o);
  decref(f->self);
  decref(f->module);
  free_object(o);
}

void builtin_traverse(Object* o, VisitFn visit, void* arg) {
  auto* f = static_cast<BuiltinFunctionObject*>(o);
  if (f->self.is_object()) visit(f->self.as_object(), arg);
  if (f->module.is_object()) visit(f->module.as_object(), arg);
}

Ref<> builtin_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  BuiltinFunctionObject* f = as_builtin(callable);
  // A static method's owner names it (str.maketrans) but its messages say "maketrans".
  bool method = f->owner && f->self;
  if (!method && !f->def->raw && !f->def->parsed_signature && !(f->def->flags & kMethodVarargs) &&
      is_str(f->module) &&
      !str_equal_ascii(as_str(f->module), "builtins")) {
    // A module's function is named "math.sqrt()" in CPython's count and keyword errors
    // (_PyObject_FunctionStr); parsed once, on the first call.
    std::string module_name(str_utf8(f->module));
    return call_method_def(f->def, module_name.c_str(), f->self, args, nargs, kwnames);
  }
  return call_method_of(f->def, method ? f->owner : nullptr, f->self, args, nargs, kwnames);
}

Ref<> builtin_repr(Value self) {
  BuiltinFunctionObject* f = as_builtin(self);
  if (!f->self && f->owner && (f->def->flags & kMethodStatic)) {
    // CPython binds a static method to its type: "of type object at ..."
    return str_from_utf8(format_message("<built-in method {} of type object at {}>", f->def->name,
                                        address_text(f->owner)));
  }
  if (!f->self || !f->owner) {
    return str_from_utf8(format_message("<built-in function {}>", f->def->name));
  }
  return str_from_utf8(format_message("<built-in method {} of {} object at {}>", f->def->name,
                                      type_name(f->self), address_text(f->self.as_object())));
}

Ref<> builtin_get_name(Value self) { return str_from_utf8(as_builtin(self)->def->name); }
Ref<> builtin_get_qualname(Value self) {
  BuiltinFunctionObject* f = as_builtin(self);
  if (!f->owner || (!f->self && !(f->def->flags & kMethodStatic))) {
    return str_from_utf8(f->def->name);
  }
  Value owner = !f->self ? Value(f->owner)
                : f->self.is_object() && type_has_flag(f->self, kTypeTypeSubclass)
                    ? f->self
                    : Value(type_of(f->self));
  Ref<> owner_qualname = get_attr(owner, ID(__qualname__));
  if (!owner_qualname) return nullptr;
  return str_from_utf8(std::string(str_utf8(owner_qualname.value())) + "." + f->def->name);
}
Ref<> builtin_get_self(Value self) {
  BuiltinFunctionObject* f = as_builtin(self);
  return f->self ? new_ref(f->self) : new_none();
}
Ref<> builtin_get_doc(Value self) { return doc_of(as_builtin(self)->def->name, as_builtin(self)->def->doc); }
Ref<> builtin_get_text_signature(Value self) { return text_signature_of(as_builtin(self)->def); }
Ref<> builtin_get_module(Value self) {
  BuiltinFunctionObject* f = as_builtin(self);
  return f->module ? new_ref(f->module) : new_none();
}
int builtin_set_module(Value self, Value value) {
  BuiltinFunctionObject* f = as_builtin(self);
  incref(value);
  decref(f->module);
  f->module = value;
  return 0;
}

Ref<> builtin_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_type(b, &builtin_function_type)) {
    return new_not_implemented();
  }
  BuiltinFunctionObject* x = as_builtin(a);
  BuiltinFunctionObject* y = as_builtin(b);
  bool equal = x->def == y->def && x->self == y->self;
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t builtin_hash(Value self) {
  BuiltinFunctionObject* f = as_builtin(self);
  int64_t x = f->self ? hash_pointer(reinterpret_cast<const void*>(f->self.bits())) : 0;
  int64_t y = hash_pointer(f->def);
  int64_t h = x ^ y;
  return h == -1 ? -2 : h;
}

Ref<> builtin_reduce(Value self, const Value* args) {
  // Module functions pickle by name; bound methods as getattr(self, name), static methods
  // (no self) as getattr(defining type, name).
  BuiltinFunctionObject* f = as_builtin(self);
  Value holder = f->self ? f->self : f->owner ? Value(f->owner) : Value();
  if (!holder || is_instance_of(holder, &module_type)) return str_from_utf8(f->def->name);
  return reduce_as_getattr(holder, self);
}

const GetSetDef builtin_getsets[] = {
    {"__name__", builtin_get_name},
    {"__qualname__", builtin_get_qualname},
    {"__self__", builtin_get_self},
    {"__doc__", builtin_get_doc},
    {"__text_signature__", builtin_get_text_signature},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef builtin_members[] = {
    {.name = "__module__", .kind = MemberKind::Computed, .get = builtin_get_module, .set = builtin_set_module},
    {},
};

const MethodDef builtin_methods[] = {
    {.name = "__reduce__", .impl = builtin_reduce, .signature = "($self, /)"},
    {},
};

}  // namespace

Ref<> builtin_function_new(const MethodDef* def, Value self, Value module) {
  auto* f = allocate<BuiltinFunctionObject>(&builtin_function_type);
  if (!f) return nullptr;
  f->def = def;
  incref(self);
  f->self = self;
  incref(module);
  f->module = module;
  gc_track(f);
  return Ref<>::steal(Value(f));
}

TypeObject builtin_function_type{TypeSpec{
    .name = "builtin_function_or_method",
    .basic_size = sizeof(BuiltinFunctionObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(BuiltinFunctionObject, weakreflist),
    .slots = {.dealloc = builtin_dealloc,
              .traverse = builtin_traverse,
              .repr = builtin_repr,
              .hash = builtin_hash,
              .compare = builtin_compare,
              .getattr = generic_get_attr,
              .call = builtin_call},
    .methods = builtin_methods,
    .getsets = builtin_getsets,
    .members = builtin_members,
}};

// --- getset_descriptor ---

namespace {

GetSetDescriptorObject* as_getset(Value v) { return static_cast<GetSetDescriptorObject*>(v.as_object()); }

void getset_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<GetSetDescriptorObject*>(o)->owner);
  free_object(o);
}
void getset_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<GetSetDescriptorObject*>(o)->owner, arg);
}

Ref<> getset_get(Value descriptor, Value instance, Value owner) {
  GetSetDescriptorObject* d = as_getset(descriptor);
  if (!instance) return new_ref(descriptor);
  if (!check_descriptor_self(d->def->name, d->owner, instance)) return nullptr;
  if (!d->def->get) {
    return attribute_error("attribute '{}' of '{}' objects is not readable", d->def->name,
                           owner_type_name(d->owner));
  }
  return d->def->get(instance);
}

int getset_set(Value descriptor, Value instance, Value value) {
  GetSetDescriptorObject* d = as_getset(descriptor);
  if (!check_descriptor_self(d->def->name, d->owner, instance)) return -1;
  if (!d->def->set) {
    return attribute_error("attribute '{}' of '{}' objects is not writable", d->def->name,
                           owner_type_name(d->owner));
  }
  return d->def->set(instance, value);
}

Ref<> getset_repr(Value self) {
  GetSetDescriptorObject* d = as_getset(self);
  return str_from_utf8(format_message("<attribute '{}' of '{}' objects>", d->def->name,
                                      owner_type_name(d->owner)));
}

Ref<> getset_get_name(Value self) { return str_from_utf8(as_getset(self)->def->name); }
Ref<> getset_get_qualname(Value self) {
  GetSetDescriptorObject* d = as_getset(self);
  return str_from_utf8(owner_short_name(d->owner) + "." + d->def->name);
}
Ref<> getset_get_doc(Value self) { return doc_of(as_getset(self)->def->name, as_getset(self)->def->doc); }
Ref<> getset_get_objclass(Value self) { return new_ref(Value(as_getset(self)->owner)); }

const GetSetDef getset_getsets[] = {
    {"__qualname__", getset_get_qualname},
    {"__doc__", getset_get_doc},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef getset_members[] = {
    {.name = "__name__", .kind = MemberKind::Computed, .readonly = true, .get = getset_get_name},
    {.name = "__objclass__", .kind = MemberKind::Computed, .readonly = true, .get = getset_get_objclass},
    {},
};

}  // namespace

Ref<> getset_descriptor_new(TypeObject* owner, const GetSetDef* def) {
  auto* d = allocate<GetSetDescriptorObject>(&getset_descriptor_type);
  if (!d) return nullptr;
  d->def = def;
  d->owner = owner;
  incref(owner);
  gc_track(d);
  return Ref<>::steal(Value(d));
}

TypeObject getset_descriptor_type{TypeSpec{
    .name = "getset_descriptor",
    .basic_size = sizeof(GetSetDescriptorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = getset_dealloc,
              .traverse = getset_traverse,
              .repr = getset_repr,
              .getattr = generic_get_attr,
              .descr_get = getset_get,
              .descr_set = getset_set},
    .getsets = getset_getsets,
    .members = getset_members,
}};

// --- member_descriptor ---

namespace {

MemberDescriptorObject* as_member(Value v) { return static_cast<MemberDescriptorObject*>(v.as_object()); }

void member_dealloc(Object* o) {
  auto* d = static_cast<MemberDescriptorObject*>(o);
  gc_untrack(o);
  decref(d->owner);
  if (d->name) decref(d->name);
  free_object(o);
}
void member_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<MemberDescriptorObject*>(o)->owner, arg);
}

Ref<> member_get(Value descriptor, Value instance, Value owner) {
  MemberDescriptorObject* d = as_member(descriptor);
  if (!instance) return new_ref(descriptor);
  if (!check_descriptor_self(d->def->name, d->owner, instance)) return nullptr;
  char* field = reinterpret_cast<char*>(instance.as_object()) + d->def->offset;
  switch (d->def->kind) {
    case MemberKind::Object: {
      Value value = *reinterpret_cast<Value*>(field);
      if (!value) {
        return attribute_error("'{}' object has no attribute '{}'", type_name(instance), d->def->name);
      }
      return new_ref(value);
    }
    case MemberKind::ObjectOrNone: {
      Value value = *reinterpret_cast<Value*>(field);
      return value ? new_ref(value) : new_none();
    }
    case MemberKind::Int64: return int_from_int64(*reinterpret_cast<int64_t*>(field));
    case MemberKind::Int32: return int_from_int64(*reinterpret_cast<int32_t*>(field));
    case MemberKind::Bool: return new_bool(*reinterpret_cast<bool*>(field));
    case MemberKind::Double: return float_from_double(*reinterpret_cast<double*>(field));
    case MemberKind::Computed: return d->def->get(instance);
  }
  return nullptr;
}

int member_set(Value descriptor, Value instance, Value value) {
  MemberDescriptorObject* d = as_member(descriptor);
  if (!check_descriptor_self(d->def->name, d->owner, instance)) return -1;
  if (d->def->readonly) return attribute_error("readonly attribute");
  char* field = reinterpret_cast<char*>(instance.as_object()) + d->def->offset;
  switch (d->def->kind) {
    case MemberKind::Object:
    case MemberKind::ObjectOrNone: {
      Value& slot = *reinterpret_cast<Value*>(field);
      if (!value && !slot && d->def->kind == MemberKind::Object) {
        return attribute_error("'{}' object has no attribute '{}'", type_name(instance), d->def->name);
      }
      Value old = slot;
      incref(value);
      slot = value;
      decref(old);
      return 0;
    }
    case MemberKind::Int64:
    case MemberKind::Int32: {
      if (!value) return type_error("can't delete numeric/char attribute");
      int64_t n;
      if (!is_int(value)) return type_error("attribute value type must be int");
      if (!int_as_int64(value, &n)) return -1;
      if (d->def->kind == MemberKind::Int64) *reinterpret_cast<int64_t*>(field) = n;
      else *reinterpret_cast<int32_t*>(field) = int32_t(n);
      return 0;
    }
    case MemberKind::Bool:
      if (!value) return type_error("can't delete numeric/char attribute");
      if (!is_type(value, &bool_type)) return type_error("attribute value type must be bool");
      *reinterpret_cast<bool*>(field) = value == True();
      return 0;
    case MemberKind::Double: {
      if (!value) return type_error("can't delete numeric/char attribute");
      double x;
      if (!number_to_double(value, &x)) return -1;
      *reinterpret_cast<double*>(field) = x;
      return 0;
    }
    case MemberKind::Computed: return d->def->set(instance, value);
  }
  return -1;
}

Ref<> member_repr(Value self) {
  MemberDescriptorObject* d = as_member(self);
  return str_from_utf8(format_message("<member '{}' of '{}' objects>", d->def->name,
                                      owner_type_name(d->owner)));
}

Ref<> member_get_name(Value self) { return str_from_utf8(as_member(self)->def->name); }
Ref<> member_get_qualname(Value self) {
  MemberDescriptorObject* d = as_member(self);
  return str_from_utf8(owner_short_name(d->owner) + "." + d->def->name);
}
Ref<> member_get_doc(Value self) { return doc_of(as_member(self)->def->name, as_member(self)->def->doc); }
Ref<> member_get_objclass(Value self) { return new_ref(Value(as_member(self)->owner)); }

const GetSetDef member_getsets[] = {
    {"__qualname__", member_get_qualname},
    {"__doc__", member_get_doc},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef member_members[] = {
    {.name = "__name__", .kind = MemberKind::Computed, .readonly = true, .get = member_get_name},
    {.name = "__objclass__", .kind = MemberKind::Computed, .readonly = true, .get = member_get_objclass},
    {},
};

}  // namespace

Ref<> member_descriptor_new(TypeObject* owner, const MemberDef* def) {
  auto* d = allocate<MemberDescriptorObject>(&member_descriptor_type);
  if (!d) return nullptr;
  d->def = def;
  d->owner = owner;
  incref(owner);
  gc_track(d);
  return Ref<>::steal(Value(d));
}

TypeObject member_descriptor_type{TypeSpec{
    .name = "member_descriptor",
    .basic_size = sizeof(MemberDescriptorObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = member_dealloc,
              .traverse = member_traverse,
              .repr = member_repr,
              .getattr = generic_get_attr,
              .descr_get = member_get,
              .descr_set = member_set},
    .getsets = member_getsets,
    .members = member_members,
}};

// --- wrapper_descriptor and method-wrapper ---

namespace {

WrapperDescriptorObject* as_wrapper(Value v) { return static_cast<WrapperDescriptorObject*>(v.as_object()); }
MethodWrapperObject* as_method_wrapper(Value v) { return static_cast<MethodWrapperObject*>(v.as_object()); }

void wrapper_dealloc(Object* o) {
  gc_untrack(o);
  decref(static_cast<WrapperDescriptorObject*>(o)->owner);
  free_object(o);
}
void wrapper_traverse(Object* o, VisitFn visit, void* arg) {
  visit(static_cast<WrapperDescriptorObject*>(o)->owner, arg);
}

Ref<> method_wrapper_new(Value descriptor, Value self);

Ref<> wrapper_get(Value descriptor, Value instance, Value owner) {
  WrapperDescriptorObject* d = as_wrapper(descriptor);
  if (!instance) return new_ref(descriptor);
  if (!check_descriptor_self(wrapper_slot_name(d->slot_def), d->owner, instance)) return nullptr;
  return method_wrapper_new(descriptor, instance);
}

Ref<> wrapper_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  WrapperDescriptorObject* d = as_wrapper(callable);
  const char* name = wrapper_slot_name(d->slot_def);
  if (nargs < 1) {
    return type_error("descriptor '{}' of '{}' object needs an argument", name,
                      owner_type_name(d->owner));
  }
  if (!is_instance_of(args[0], d->owner)) {
    return type_error("descriptor '{}' requires a '{}' object but received a '{}'", name, d->owner->name,
                      type_name(args[0]));
  }
  return wrapper_call_slot(d->slot_def, d->function, args[0], args + 1, nargs - 1, kwnames);
}

Ref<> wrapper_repr(Value self) {
  WrapperDescriptorObject* d = as_wrapper(self);
  return str_from_utf8(format_message("<slot wrapper '{}' of '{}' objects>",
                                      wrapper_slot_name(d->slot_def), owner_type_name(d->owner)));
}

Ref<> wrapper_get_name(Value self) { return str_from_utf8(wrapper_slot_name(as_wrapper(self)->slot_def)); }
Ref<> wrapper_get_qualname(Value self) {
  WrapperDescriptorObject* d = as_wrapper(self);
  return str_from_utf8(owner_short_name(d->owner) + "." + wrapper_slot_name(d->slot_def));
}
Ref<> wrapper_get_doc(Value self) { return doc_of("", wrapper_slot_doc(as_wrapper(self)->slot_def)); }
Ref<> wrapper_get_objclass(Value self) { return new_ref(Value(as_wrapper(self)->owner)); }
Ref<> wrapper_get_text_signature(Value self) {
  const char* signature = wrapper_slot_signature(as_wrapper(self)->slot_def);
  return signature ? Ref<>(str_from_utf8(signature)) : new_none();
}
Ref<> method_wrapper_get_text_signature(Value self) {
  return wrapper_get_text_signature(Value(as_method_wrapper(self)->descriptor));
}

const GetSetDef wrapper_getsets[] = {
    {"__qualname__", wrapper_get_qualname},
    {"__doc__", wrapper_get_doc},
    {"__text_signature__", wrapper_get_text_signature},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef wrapper_members[] = {
    {.name = "__name__", .kind = MemberKind::Computed, .readonly = true, .get = wrapper_get_name},
    {.name = "__objclass__", .kind = MemberKind::Computed, .readonly = true, .get = wrapper_get_objclass},
    {},
};

void method_wrapper_dealloc(Object* o) {
  auto* w = static_cast<MethodWrapperObject*>(o);
  gc_untrack(o);
  decref(w->descriptor);
  decref(w->self);
  free_object(o);
}
void method_wrapper_traverse(Object* o, VisitFn visit, void* arg) {
  auto* w = static_cast<MethodWrapperObject*>(o);
  visit(w->descriptor, arg);
  if (w->self.is_object()) visit(w->self.as_object(), arg);
}

Ref<> method_wrapper_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  MethodWrapperObject* w = as_method_wrapper(callable);
  WrapperDescriptorObject* d = as_wrapper(Value(w->descriptor));
  return wrapper_call_slot(d->slot_def, d->function, w->self, args, nargs, kwnames);
}

Ref<> method_wrapper_repr(Value self) {
  MethodWrapperObject* w = as_method_wrapper(self);
  WrapperDescriptorObject* d = as_wrapper(Value(w->descriptor));
  return str_from_utf8(format_message("<method-wrapper '{}' of {} object at {}>",
                                      wrapper_slot_name(d->slot_def), type_name(w->self),
                                      address_text(w->self.as_object())));
}

Ref<> method_wrapper_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_type(b, &method_wrapper_type)) {
    return new_not_implemented();
  }
  MethodWrapperObject* x = as_method_wrapper(a);
  MethodWrapperObject* y = as_method_wrapper(b);
  bool equal = x->descriptor == y->descriptor && x->self == y->self;
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t method_wrapper_hash(Value self) {
  MethodWrapperObject* w = as_method_wrapper(self);
  int64_t h = hash_pointer(reinterpret_cast<const void*>(w->self.bits())) ^ hash_pointer(w->descriptor);
  return h == -1 ? -2 : h;
}

Ref<> method_wrapper_get_self(Value self) { return new_ref(as_method_wrapper(self)->self); }
Ref<> method_wrapper_get_name(Value self) {
  return wrapper_get_name(Value(as_method_wrapper(self)->descriptor));
}
Ref<> method_wrapper_get_qualname(Value self) {
  return wrapper_get_qualname(Value(as_method_wrapper(self)->descriptor));
}
Ref<> method_wrapper_get_doc(Value self) {
  return wrapper_get_doc(Value(as_method_wrapper(self)->descriptor));
}
Ref<> method_wrapper_get_objclass(Value self) {
  return wrapper_get_objclass(Value(as_method_wrapper(self)->descriptor));
}

const GetSetDef method_wrapper_getsets[] = {
    {"__name__", method_wrapper_get_name},
    {"__qualname__", method_wrapper_get_qualname},
    {"__doc__", method_wrapper_get_doc},
    {"__objclass__", method_wrapper_get_objclass},
    {"__text_signature__", method_wrapper_get_text_signature},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef method_wrapper_members[] = {
    {.name = "__self__", .kind = MemberKind::Computed, .readonly = true, .get = method_wrapper_get_self},
    {},
};

Ref<> method_wrapper_new(Value descriptor, Value self) {
  auto* w = allocate<MethodWrapperObject>(&method_wrapper_type);
  if (!w) return nullptr;
  incref(descriptor);
  incref(self);
  w->descriptor = descriptor.as_object();
  w->self = self;
  gc_track(w);
  return Ref<>::steal(Value(w));
}

}  // namespace

Ref<> wrapper_descriptor_new(TypeObject* owner, const void* slot_def, void* function) {
  auto* d = allocate<WrapperDescriptorObject>(&wrapper_descriptor_type);
  if (!d) return nullptr;
  d->owner = owner;
  incref(owner);
  d->slot_def = slot_def;
  d->function = function;
  gc_track(d);
  return Ref<>::steal(Value(d));
}

void* wrapper_slot_function(Value wrapper) { return as_wrapper(wrapper)->function; }
const void* wrapper_slot_def(Value wrapper) { return as_wrapper(wrapper)->slot_def; }

TypeObject wrapper_descriptor_type{TypeSpec{
    .name = "wrapper_descriptor",
    .basic_size = sizeof(WrapperDescriptorObject),
    .flags = kTypeHaveGC | kTypeMethodDescriptor,
    .slots = {.dealloc = wrapper_dealloc,
              .traverse = wrapper_traverse,
              .repr = wrapper_repr,
              .getattr = generic_get_attr,
              .descr_get = wrapper_get,
              .call = wrapper_call},
    .methods = wrapper_methods,
    .getsets = wrapper_getsets,
    .members = wrapper_members,
}};

TypeObject method_wrapper_type{TypeSpec{
    .name = "method-wrapper",
    .basic_size = sizeof(MethodWrapperObject),
    .flags = kTypeHaveGC,
    .slots = {.dealloc = method_wrapper_dealloc,
              .traverse = method_wrapper_traverse,
              .repr = method_wrapper_repr,
              .hash = method_wrapper_hash,
              .compare = method_wrapper_compare,
              .getattr = generic_get_attr,
              .call = method_wrapper_call},
    .methods = method_wrapper_methods,
    .getsets = method_wrapper_getsets,
    .members = method_wrapper_members,
}};

// --- T.__new__ for built-in types ---
//
// A builtin function bound to the type (self = T) taking the class to instantiate first.
// Like CPython's tp_new_wrapper, it refuses to make a `cls` whose nearest built-in base has
// a different __new__ ("object.__new__(int) is not safe, use int.__new__()").

namespace {

Ref<> new_wrapper_impl(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* owner = static_cast<TypeObject*>(self.as_object());
  std::string owner_name = owner->name;  // tp_name in every message, as CPython
  if (nargs < 1) return type_error("{}.__new__(): not enough arguments", owner_name);
  Value cls = args[0];
  if (!type_has_flag(cls, kTypeTypeSubclass)) {
    return type_error("{}.__new__(X): X is not a type object ({})", owner_name, type_name(cls));
  }
  auto* subtype = static_cast<TypeObject*>(cls.as_object());
  if (!is_subtype(subtype, owner)) {
    return type_error("{}.__new__({}): {} is not a subtype of {}", owner_name, subtype->name,
                      subtype->name, owner_name);
  }
  // The most derived base whose __new__ is not written in Python must use this same one
  // (class A(tuple) without __new__ counts as A: "use A.__new__()").
  TypeObject* static_base = subtype;
  while (static_base && is_python_new_slot(static_base->new_instance)) static_base = static_base->base;
  if (static_base && static_base->new_instance != owner->new_instance) {
    return type_error("{}.__new__({}) is not safe, use {}.__new__()", owner_name, subtype->name,
                      static_base->name);
  }
  return owner->new_instance(subtype, args + 1, nargs - 1, kwnames);
}

const MethodDef new_wrapper_def = {
    .name = "__new__",
    .raw = new_wrapper_impl,
    .doc = "__new__($type, *args, **kwargs)\n--\n\n"
           "Create and return a new object.  See help(type) for accurate signature.",
};

}  // namespace

Ref<> new_wrapper_for_type(TypeObject* type) {
  Ref<> function = builtin_function_new(&new_wrapper_def, Value(type), Value());
  if (function) static_cast<BuiltinFunctionObject*>(function.get())->owner = type;
  return function;
}

bool is_builtin_new_wrapper(Value v) {
  return is_type(v, &builtin_function_type) && as_builtin(v)->def == &new_wrapper_def;
}

void* builtin_new_wrapper_function(Value v) {
  auto* owner = static_cast<TypeObject*>(as_builtin(v)->self.as_object());
  return reinterpret_cast<void*>(owner->new_instance);
}

int64_t hash_not_implemented(Value self) { return unhashable_error(self), -1; }

}  // namespace krait
