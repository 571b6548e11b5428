// Bound methods (a function bound to an instance), classmethod, staticmethod and
// property: the descriptors Python classes are built from.
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/function.h"
#include "objects/genericalias.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"

namespace krait {

// --- method ---

namespace {

MethodObject* as_method(Value v) { return static_cast<MethodObject*>(v.as_object()); }

void method_dealloc(Object* o) {
  auto* m = static_cast<MethodObject*>(o);
  gc_untrack(o);
  if (m->weakreflist) clear_weakrefs(o);
  decref(m->function);
  decref(m->self);
  free_object(o);
}

void method_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<MethodObject*>(o);
  if (m->function.is_object()) visit(m->function.as_object(), arg);
  if (m->self.is_object()) visit(m->self.as_object(), arg);
}

Ref<> method_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  MethodObject* m = as_method(callable);
  size_t total = nargs + (kwnames ? size_t(kwnames->length) : 0);
  Value stack[8];
  std::vector<Value> heap;
  Value* all = stack;
  if (total + 1 > 8) {
    heap.resize(total + 1);
    all = heap.data();
  }
  all[0] = m->self;
  for (size_t i = 0; i < total; ++i) all[i + 1] = args[i];
  // Keep the method alive: the call may drop the last other reference to it.
  Ref<> keep = new_ref(callable);
  return call(m->function, all, nargs + 1, kwnames);
}

Ref<> method_repr(Value self) {
  MethodObject* m = as_method(self);
  Ref<> name;
  if (get_attr_optional(m->function, ID(__qualname__), &name) < 0) return nullptr;
  if (!name && get_attr_optional(m->function, ID(__name__), &name) < 0) return nullptr;
  std::string function_name = name && is_str(name) ? std::string(str_utf8(name.value())) : "?";
  Ref<StrObject> self_repr = repr(m->self);
  if (!self_repr) return nullptr;
  return str_from_utf8(format_message("<bound method {} of {}>", function_name, str_utf8(self_repr.get())));
}

Ref<> method_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_type(b, &method_type)) {
    return new_not_implemented();
  }
  MethodObject* x = as_method(a);
  MethodObject* y = as_method(b);
  int equal = rich_compare_bool(x->function, y->function, CompareOp::Eq);
  if (equal < 0) return nullptr;
  // 3.8+: the bound selves are compared by identity.
  equal = equal && x->self == y->self;
  return new_bool(op == CompareOp::Eq ? equal : !equal);
}

int64_t method_hash(Value self) {
  MethodObject* m = as_method(self);
  int64_t x = hash_pointer(reinterpret_cast<const void*>(m->self.bits()));
  int64_t y = hash(m->function);
  if (y == -1) return -1;
  int64_t h = x ^ y;
  return h == -1 ? -2 : h;
}

// Attributes not found on the method come from the function (__doc__, __name__, ...).
Ref<> method_getattr(Value self, StrObject* name) {
  TypeObject* type = type_of(self);
  Value descriptor = type_lookup(type, name);
  if (descriptor) {
    DescrGetFn get = type_of(descriptor)->descr_get;
    if (get) return get(descriptor, self, Value(type));
    return new_ref(descriptor);
  }
  return get_attr(as_method(self)->function, name);
}

Ref<> method_get_self(Value self) { return new_ref(as_method(self)->self); }
Ref<> method_get_func(Value self) { return new_ref(as_method(self)->function); }
Ref<> method_get_doc(Value self) { return get_attr(as_method(self)->function, ID(__doc__)); }

Ref<> method_reduce(Value self, const Value* args) {
  MethodObject* m = as_method(self);
  Ref<> getattr_fn = builtin_function("getattr");
  Ref<> name = get_attr(m->function, ID(__name__));
  if (!getattr_fn || !name) return nullptr;
  Ref<TupleObject> arguments = tuple_of({m->self, name.value()});
  if (!arguments) return nullptr;
  return tuple_of({getattr_fn.value(), arguments.value()});
}

Ref<> method_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("method() takes no keyword arguments");
  if (nargs != 2) return type_error("method expected 2 arguments, got {}", nargs);
  if (!is_callable(args[0])) return type_error("first argument must be callable");
  if (is_none(args[1])) return type_error("instance must not be None");
  return method_new(args[0], args[1]);
}

const GetSetDef method_getsets[] = {
    {"__doc__", method_get_doc},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef method_members[] = {
    {.name = "__self__", .kind = MemberKind::Computed, .readonly = true, .get = method_get_self},
    {.name = "__func__", .kind = MemberKind::Computed, .readonly = true, .get = method_get_func},
    {},
};

const MethodDef method_methods[] = {
    {.name = "__reduce__", .impl = method_reduce, .signature = "($self, /)"},
    {},
};

}  // namespace

Ref<> method_new(Value function, Value self) {
  auto* m = allocate<MethodObject>(&method_type);
  if (!m) return nullptr;
  incref(function);
  incref(self);
  m->function = function;
  m->self = self;
  gc_track(m);
  return Ref<>::steal(Value(m));
}

TypeObject method_type{TypeSpec{
    .name = "method",
    .doc = "Create a bound instance method object.",
    .basic_size = sizeof(MethodObject),
    .flags = kTypeHaveGC,
    .weaklist_offset = offsetof(MethodObject, weakreflist),
    .slots = {.dealloc = method_dealloc,
              .traverse = method_traverse,
              .new_instance = method_new_slot,
              .repr = method_repr,
              .hash = method_hash,
              .compare = method_compare,
              .getattr = method_getattr,
              .call = method_call},
    .methods = method_methods,
    .getsets = method_getsets,
    .members = method_members,
}};

// --- classmethod and staticmethod ---

namespace {

StaticOrClassMethodObject* as_wrapper_method(Value v) {
  return static_cast<StaticOrClassMethodObject*>(v.as_object());
}

void sc_dealloc(Object* o) {
  auto* m = static_cast<StaticOrClassMethodObject*>(o);
  gc_untrack(o);
  decref(m->callable);
  if (m->dict) decref(m->dict);
  free_object(o);
}

void sc_traverse(Object* o, VisitFn visit, void* arg) {
  auto* m = static_cast<StaticOrClassMethodObject*>(o);
  if (m->callable.is_object()) visit(m->callable.as_object(), arg);
  if (m->dict) visit(m->dict, arg);
}

void sc_clear(Object* o) {
  auto* m = static_cast<StaticOrClassMethodObject*>(o);
  Value callable = m->callable;
  m->callable = Value();
  decref(callable);
  if (m->dict) {
    Object* d = m->dict;
    m->dict = nullptr;
    decref(d);
  }
}

// classmethod/staticmethod copy __name__, __doc__ etc. of the callable (3.10+), like
// functools.wraps, into their own __dict__.
// A second __init__ (or one after __dict__ was read) updates the same dict.
bool copy_wrapped_attributes(StaticOrClassMethodObject* m) {
  if (!m->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return false;
    m->dict = dict.release_object();
  }
  auto* dict = static_cast<DictObject*>(m->dict);
  for (StrObject* name :
       {ID(__module__), ID(__name__), ID(__qualname__), ID(__doc__), ID(__annotations__)}) {
    Ref<> value;
    int found = get_attr_optional(m->callable, name, &value);
    if (found < 0) return false;
    if (found && !dict_set(dict, Value(name), value)) return false;
  }
  return true;
}

int sc_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  const char* name = is_instance_of(self, &classmethod_type) ? "classmethod" : "staticmethod";
  if (kwnames && kwnames->length) return type_error("{}() takes no keyword arguments", name);
  if (nargs != 1) return type_error("{} expected 1 argument, got {}", name, nargs);
  auto* m = as_wrapper_method(self);
  incref(args[0]);
  decref(m->callable);
  m->callable = args[0];
  return copy_wrapped_attributes(m) ? 0 : -1;
}

// An instance made by __new__ alone has no callable yet (CPython's NULL cm_callable).
Raised uninitialized(const char* kind) { return raise(exc::RuntimeError, "uninitialized {} object", kind); }

Ref<> classmethod_get(Value descriptor, Value instance, Value owner) {
  auto* m = as_wrapper_method(descriptor);
  if (!m->callable) return uninitialized("classmethod");
  Value cls = owner ? owner : Value(type_of(instance));
  // 3.9-3.12: a classmethod wrapping a descriptor chains to its __get__.
  DescrGetFn inner = type_of(m->callable)->descr_get;
  if (inner && !is_function(m->callable)) return inner(m->callable, cls, cls);
  return method_new(m->callable, cls);
}

Ref<> staticmethod_get(Value descriptor, Value instance, Value owner) {
  Value callable = as_wrapper_method(descriptor)->callable;
  return callable ? new_ref(callable) : Ref<>(uninitialized("staticmethod"));
}

Ref<> staticmethod_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value inner = as_wrapper_method(callable)->callable;
  if (!inner) return uninitialized("staticmethod");
  return call(inner, args, nargs, kwnames);
}

Ref<> sc_get_func(Value self) {
  Value callable = as_wrapper_method(self)->callable;
  return callable ? new_ref(callable) : new_none();
}
Ref<> sc_get_isabstract(Value self) {
  if (!as_wrapper_method(self)->callable) return new_bool(false);
  Ref<> value;
  int found = get_attr_optional(as_wrapper_method(self)->callable, ID(__isabstractmethod__), &value);
  if (found < 0) return nullptr;
  if (!found) return new_bool(false);
  int truth = is_true(value);
  if (truth < 0) return nullptr;
  return new_bool(truth);
}
Ref<> sc_get_dict(Value self) {
  auto* m = as_wrapper_method(self);
  if (!m->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return nullptr;
    m->dict = dict.release_object();
  }
  return new_ref(Value(m->dict));
}

Ref<> sc_repr(Value self) {
  const char* name = is_instance_of(self, &classmethod_type) ? "classmethod" : "staticmethod";
  if (!as_wrapper_method(self)->callable) return str_from_utf8(format_message("<{}(<NULL>)>", name));
  Ref<StrObject> inner = repr(as_wrapper_method(self)->callable);
  if (!inner) return nullptr;
  return str_from_utf8(format_message("<{}({})>", name, str_utf8(inner.get())));
}

const MemberDef sc_members[] = {
    {"__wrapped__", MemberKind::ObjectOrNone, offsetof(StaticOrClassMethodObject, callable), true},
    {.name = "__func__", .kind = MemberKind::Computed, .readonly = true, .get = sc_get_func},
    {},
};

const GetSetDef sc_getsets[] = {
    {"__isabstractmethod__", sc_get_isabstract},
    {"__dict__", sc_get_dict},
    {},
};

}  // namespace

Ref<> staticmethod_new(Value callable) {
  Ref<> m = object_new(&staticmethod_type, nullptr, 0, nullptr);
  if (!m) return nullptr;
  return sc_init(m, &callable, 1, nullptr) < 0 ? nullptr : std::move(m);
}

Ref<> classmethod_new(Value callable) {
  Ref<> m = object_new(&classmethod_type, nullptr, 0, nullptr);
  if (!m) return nullptr;
  return sc_init(m, &callable, 1, nullptr) < 0 ? nullptr : std::move(m);
}

TypeObject classmethod_type{TypeSpec{
    .name = "classmethod",
    .doc = "classmethod(function) -> method\n"
           "\n"
           "Convert a function to be a class method.\n"
           "\n"
           "A class method receives the class as implicit first argument,\n"
           "just like an instance method receives the instance.\n"
           "To declare a class method, use this idiom:\n"
           "\n"
           "  class C:\n"
           "      @classmethod\n"
           "      def f(cls, arg1, arg2, ...):\n"
           "          ...\n"
           "\n"
           "It can be called either on the class (e.g. C.f()) or on an instance\n"
           "(e.g. C().f()).  The instance is ignored except for its class.\n"
           "If a class method is called for a derived class, the derived class\n"
           "object is passed as the implied first argument.\n"
           "\n"
           "Class methods are different than C++ or Java static methods.\n"
           "If you want those, see the staticmethod builtin.",
    .basic_size = sizeof(StaticOrClassMethodObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(StaticOrClassMethodObject, dict),
    .slots = {.dealloc = sc_dealloc,
              .traverse = sc_traverse,
              .clear = sc_clear,
              .new_instance = generic_new,
              .init = sc_init,
              .repr = sc_repr,
              .descr_get = classmethod_get},
    .getsets = sc_getsets,
    .members = sc_members,
}};

TypeObject staticmethod_type{TypeSpec{
    .name = "staticmethod",
    .doc = "staticmethod(function) -> method\n"
           "\n"
           "Convert a function to be a static method.\n"
           "\n"
           "A static method does not receive an implicit first argument.\n"
           "To declare a static method, use this idiom:\n"
           "\n"
           "     class C:\n"
           "         @staticmethod\n"
           "         def f(arg1, arg2, ...):\n"
           "             ...\n"
           "\n"
           "It can be called either on the class (e.g. C.f()) or on an instance\n"
           "(e.g. C().f()). Both the class and the instance are ignored, and\n"
           "neither is passed implicitly as the first argument to the method.\n"
           "\n"
           "Static methods in Python are similar to those found in Java or C++.\n"
           "For a more advanced concept, see the classmethod builtin.",
    .basic_size = sizeof(StaticOrClassMethodObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .dict_offset = offsetof(StaticOrClassMethodObject, dict),
    .slots = {.dealloc = sc_dealloc,
              .traverse = sc_traverse,
              .clear = sc_clear,
              .new_instance = generic_new,
              .init = sc_init,
              .repr = sc_repr,
              .descr_get = staticmethod_get,
              .call = staticmethod_call},
    .getsets = sc_getsets,
    .members = sc_members,
}};

// --- property ---

namespace {

PropertyObject* as_property(Value v) { return static_cast<PropertyObject*>(v.as_object()); }

void property_dealloc(Object* o) {
  auto* p = static_cast<PropertyObject*>(o);
  gc_untrack(o);
  decref(p->getter);
  decref(p->setter);
  decref(p->deleter);
  decref(p->doc);
  decref(p->name);
  free_object(o);
}

void property_traverse(Object* o, VisitFn visit, void* arg) {
  auto* p = static_cast<PropertyObject*>(o);
  for (Value v : {p->getter, p->setter, p->deleter, p->doc, p->name}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

// "property 'x' of 'C' object has no getter" (3.11 wording).
Raised property_error(PropertyObject* p, Value instance, const char* what) {
  Ref<> qualname = get_attr(Value(type_of(instance)), ID(__qualname__));
  if (!qualname) return Raised();
  if (p->name) {
    return attribute_error("property {} of {} object {}", repr_for_message(p->name),
                           repr_for_message(qualname.value()), what);
  }
  return attribute_error("property of {} object {}", repr_for_message(qualname.value()), what);
}

Ref<> property_get(Value descriptor, Value instance, Value owner) {
  PropertyObject* p = as_property(descriptor);
  if (!instance || is_none(instance)) return new_ref(descriptor);
  if (!p->getter) return property_error(p, instance, "has no getter");
  return call1(p->getter, instance);
}

int property_set(Value descriptor, Value instance, Value value) {
  PropertyObject* p = as_property(descriptor);
  Value function = value ? p->setter : p->deleter;
  if (!function) return property_error(p, instance, value ? "has no setter" : "has no deleter");
  Ref<> result = value ? call2(function, instance, value) : call1(function, instance);
  return result ? 0 : -1;
}

bool set_field(Value* field, Value value) {
  Value v = value && !is_none(value) ? value : Value();
  incref(v);
  decref(*field);
  *field = v;
  return true;
}

int property_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "property",
                                .signature = "(fget=None, fset=None, fdel=None, doc=None)"};
  if (!def.parsed_signature) def.parsed_signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*def.parsed_signature, args, nargs, kwnames, &bound)) return -1;
  Value* a = bound.values();
  PropertyObject* p = as_property(self);
  set_field(&p->getter, a[0]);
  set_field(&p->setter, a[1]);
  set_field(&p->deleter, a[2]);
  set_field(&p->doc, a[3]);
  p->getter_doc = false;
  // With no doc given, take the getter's __doc__.
  if ((!a[3] || is_none(a[3])) && p->getter) {
    Ref<> getter_doc;
    int found = get_attr_optional(p->getter, ID(__doc__), &getter_doc);
    if (found < 0) return -1;
    if (found && !is_none(getter_doc)) {
      if (type_of(self) == &property_type) {
        set_field(&p->doc, getter_doc);
      } else {
        // Subclasses store the doc in the instance __dict__; without one (__slots__)
        // that fails, and in 3.11 the error propagates.
        if (!set_attr(self, ID(__doc__), getter_doc)) return -1;
      }
      p->getter_doc = true;
    }
  }
  return 0;
}

// property.getter/setter/deleter: a copy with one accessor replaced.
Ref<> property_copy(Value self, Value getter, Value setter, Value deleter) {
  PropertyObject* p = as_property(self);
  Value doc = p->getter_doc && getter ? None() : (p->doc ? p->doc : None());
  Value args[4] = {getter ? getter : None(), setter ? setter : None(), deleter ? deleter : None(), doc};
  Ref<> copy = call(Value(type_of(self)), args, 4);
  if (!copy) return nullptr;
  if (is_instance_of(copy, &property_type)) set_field(&as_property(copy)->name, p->name);
  return copy;
}

Ref<> property_getter(Value self, const Value* args) {
  PropertyObject* p = as_property(self);
  return property_copy(self, args[0], p->setter, p->deleter);
}
Ref<> property_setter(Value self, const Value* args) {
  PropertyObject* p = as_property(self);
  return property_copy(self, p->getter, args[0], p->deleter);
}
Ref<> property_deleter(Value self, const Value* args) {
  PropertyObject* p = as_property(self);
  return property_copy(self, p->getter, p->setter, args[0]);
}
Ref<> property_set_name(Value self, const Value* args) {
  TupleObject* arguments = as_tuple(args[0]);
  if (arguments->length != 2) {
    return type_error("__set_name__() takes 2 positional arguments but {} were given",
                      arguments->length);
  }
  set_field(&as_property(self)->name, arguments->items[1]);
  return new_none();
}

Ref<> get_doc(Value self) { Value v = as_property(self)->doc; return v ? new_ref(v) : new_none(); }
int set_doc(Value self, Value value) { return set_field(&as_property(self)->doc, value) ? 0 : -1; }
Ref<> get_isabstract(Value self) {
  PropertyObject* p = as_property(self);
  for (Value f : {p->getter, p->setter, p->deleter}) {
    if (!f) continue;
    Ref<> value;
    int found = get_attr_optional(f, ID(__isabstractmethod__), &value);
    if (found < 0) return nullptr;
    if (found) {
      int truth = is_true(value);
      if (truth < 0) return nullptr;
      if (truth) return new_bool(true);
    }
  }
  return new_bool(false);
}

const MethodDef property_methods[] = {
    {.name = "getter", .impl = property_getter, .signature = "($self, getter, /)",
     .doc = "Descriptor to obtain a copy of the property with a different getter.",
     .flags = kMethodNoTextSignature},
    {.name = "setter", .impl = property_setter, .signature = "($self, setter, /)",
     .doc = "Descriptor to obtain a copy of the property with a different setter.",
     .flags = kMethodNoTextSignature},
    {.name = "deleter", .impl = property_deleter, .signature = "($self, deleter, /)",
     .doc = "Descriptor to obtain a copy of the property with a different deleter.",
     .flags = kMethodNoTextSignature},
    {.name = "__set_name__", .impl = property_set_name, .signature = "($self, *args)",
     .doc = "Method to set name of a property.", .flags = kMethodNoTextSignature},
    {},
};

const GetSetDef property_getsets[] = {
    {"__isabstractmethod__", get_isabstract},
    {},
};

// Read-only members, as CPython's ("readonly attribute" on assignment).
const MemberDef property_members[] = {
    {"fget", MemberKind::ObjectOrNone, offsetof(PropertyObject, getter), true},
    {"fset", MemberKind::ObjectOrNone, offsetof(PropertyObject, setter), true},
    {"fdel", MemberKind::ObjectOrNone, offsetof(PropertyObject, deleter), true},
    {.name = "__doc__", .kind = MemberKind::Computed, .get = get_doc, .set = set_doc},
    {},
};

}  // namespace

TypeObject property_type{TypeSpec{
    .name = "property",
    .doc = "property(fget=None, fset=None, fdel=None, doc=None)\n"
           "--\n"
           "\n"
           "Property attribute.\n"
           "\n"
           "  fget\n"
           "    function to be used for getting an attribute value\n"
           "  fset\n"
           "    function to be used for setting an attribute value\n"
           "  fdel\n"
           "    function to be used for del'ing an attribute\n"
           "  doc\n"
           "    docstring\n"
           "\n"
           "Typical use is to define a managed attribute x:\n"
           "\n"
           "class C(object):\n"
           "    def getx(self): return self._x\n"
           "    def setx(self, value): self._x = value\n"
           "    def delx(self): del self._x\n"
           "    x = property(getx, setx, delx, \"I'm the 'x' property.\")\n"
           "\n"
           "Decorators make defining new properties or modifying existing ones easy:\n"
           "\n"
           "class C(object):\n"
           "    @property\n"
           "    def x(self):\n"
           "        \"I am the 'x' property.\"\n"
           "        return self._x\n"
           "    @x.setter\n"
           "    def x(self, value):\n"
           "        self._x = value\n"
           "    @x.deleter\n"
           "    def x(self):\n"
           "        del self._x",
    .basic_size = sizeof(PropertyObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = property_dealloc,
              .traverse = property_traverse,
              .new_instance = generic_new,
              .init = property_init,
              .getattr = generic_get_attr,
              .descr_get = property_get,
              .descr_set = property_set},
    .methods = property_methods,
    .getsets = property_getsets,
    .members = property_members,
}};

}  // namespace krait
