// object: the root of every class — default construction, repr, hash, equality, the
// generic attribute protocol (object.__getattribute__/__setattr__), __class__ assignment,
// and the pickling hooks (__reduce_ex__, __getstate__) copyreg relies on.
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/import.h"
#include "runtime/thread_state.h"

namespace krait {

// --- The generic attribute protocol ---

Object** instance_dict_slot(Value obj) {
  if (!obj.is_object()) return nullptr;
  int64_t offset = obj.as_object()->type->dict_offset;
  if (offset == 0) return nullptr;
  return reinterpret_cast<Object**>(reinterpret_cast<char*>(obj.as_object()) + offset);
}

void add_attribute_error_context(Value obj, StrObject* name) {
  Value raised = current_thread()->current_exception.value();
  if (!raised || !is_instance_of(raised, &exc::AttributeError)) return;
  auto* e = static_cast<AttributeErrorObject*>(raised.as_object());
  if (e->name || e->obj) return;  // already says what failed
  incref(name);
  e->name = Value(name);
  incref(obj);
  e->obj = obj;
}

Raised no_attribute_error(Value obj, StrObject* name) {
  attribute_error("'{}' object has no attribute '{}'", type_name(obj), str_utf8(name));
  // 3.10+: the exception remembers what failed, for "Did you mean" suggestions.
  add_attribute_error_context(obj, name);
  return Raised();
}

// object.__getattribute__ (Language Reference 3.3.2.4, "Invoking Descriptors"):
//  1. a data descriptor found on the type wins;
//  2. then the instance __dict__;
//  3. then a non-data descriptor or plain class attribute.
Ref<> generic_get_attr(Value obj, StrObject* name) {
  TypeObject* type = type_of(obj);
  Value descriptor = type_lookup(type, name);
  Ref<> hold;
  DescrGetFn get = nullptr;
  if (descriptor) {
    hold = new_ref(descriptor);
    TypeObject* descriptor_type = type_of(descriptor);
    get = descriptor_type->descr_get;
    if (get && descriptor_type->descr_set) return get(descriptor, obj, Value(type));
  }
  if (Object** slot = instance_dict_slot(obj); slot && *slot) {
    Ref<> dict = new_ref(Value(*slot));
    Value found = is_exact_dict(dict) ? dict_get_str(as_dict(dict), name) : Value();
    if (!found && !is_exact_dict(dict)) {
      Ref<> item = get_item(dict, Value(name));
      if (item) return item;
      if (!error_matches(&exc::KeyError)) return nullptr;
      clear_error();
    } else if (found) {
      return new_ref(found);
    }
  }
  if (get) return get(descriptor, obj, Value(type));
  if (hold) return hold;
  return no_attribute_error(obj, name);
}

int generic_set_attr(Value obj, StrObject* name, Value value) {
  TypeObject* type = type_of(obj);
  Value descriptor = type_lookup(type, name);
  if (descriptor) {
    DescrSetFn set = type_of(descriptor)->descr_set;
    if (set) {
      Ref<> hold = new_ref(descriptor);
      return set(descriptor, obj, value);
    }
  }
  Object** slot = instance_dict_slot(obj);
  if (!slot) {
    if (descriptor) {
      return attribute_error("'{}' object attribute '{}' is read-only", type_name(obj),
                             str_utf8(name));
    }
    return no_attribute_error(obj, name);
  }
  if (!*slot) {
    if (!value) return no_attribute_error(obj, name);
    Ref<DictObject> dict = new_instance_dict(obj);
    if (!dict) return -1;
    *slot = dict.release_object();
  }
  Ref<> dict = new_ref(Value(*slot));
  if (value) {
    if (is_exact_dict(dict)) return dict_set(as_dict(dict), Value(name), value) ? 0 : -1;
    return set_item(dict, Value(name), value) ? 0 : -1;
  }
  int removed = is_exact_dict(dict) ? dict_remove(as_dict(dict), Value(name))
                                    : (delete_item(dict, Value(name)) ? 1 : -1);
  if (removed < 0 && error_matches(&exc::KeyError)) {
    clear_error();
    removed = 0;
  }
  if (removed == 0) return no_attribute_error(obj, name);
  return removed < 0 ? -1 : 0;
}

// --- object's slots ---

namespace {

// Does `type` (or a base below object) override the given slot? Used by object.__new__ and
// object.__init__ to decide whether extra arguments are an error.
template <class Slot>
bool overrides(TypeObject* type, Slot TypeSlots::*slot, Slot object_slot) {
  return type->*slot != object_slot;
}

}  // namespace

Ref<> object_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs + nkw > 0) {
    if (overrides(type, &TypeSlots::new_instance, &object_new)) {
      return type_error("object.__new__() takes exactly one argument (the type to instantiate)");
    }
    if (!overrides(type, &TypeSlots::init, &object_init)) {
      return type_error("{}() takes no arguments", type_short_name(type));
    }
  }
  if (type->has_flag(kTypeAbstract)) {
    // abc: "Can't instantiate abstract class X with abstract methods a, b"
    Ref<> abstract = get_attr(Value(type), ID(__abstractmethods__));
    if (!abstract) return nullptr;
    Ref<ListObject> sorted_names = list_from_iterable(abstract);
    if (!sorted_names || !list_sort(sorted_names.get(), Value(), false)) return nullptr;
    std::string names;  // 3.11 lists them without quotes
    for (int64_t i = 0; i < sorted_names->length; ++i) {
      if (i) names += ", ";
      names += str_for_message(sorted_names->items[i]);
    }
    return type_error("Can't instantiate abstract class {} with abstract method{} {}",
                      type_short_name(type), sorted_names->length > 1 ? "s" : "", names);
  }
  if (type->has_flag(kTypeHaveGC)) {
    Object* o = gc_allocate_instance(type);
    return o ? Ref<>::steal(Value(o)) : nullptr;
  }
  Object* o = allocate_object(type, size_t(type->basic_size));
  if (!o) return nullptr;
  return Ref<>::steal(Value(o));
}

Ref<> generic_new(TypeObject* type, const Value*, size_t, TupleObject*) {
  Object* o = allocate_object(type, size_t(type->basic_size));
  if (!o) return nullptr;
  if (type->has_flag(kTypeHaveGC)) gc_track(o);
  return Ref<>::steal(Value(o));
}

int object_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs + nkw > 0) {
    TypeObject* type = type_of(self);
    if (overrides(type, &TypeSlots::init, &object_init)) {
      return type_error("object.__init__() takes exactly one argument (the instance to initialize)");
    }
    if (!overrides(type, &TypeSlots::new_instance, &object_new)) {
      return type_error("{}.__init__() takes exactly one argument (the instance to initialize)",
                        type->name);
    }
  }
  return 0;
}

Ref<> object_repr(Value self) {
  TypeObject* type = type_of(self);
  Ref<> module = get_attr(Value(type), ID(__module__));
  if (!module) {
    clear_error();
  }
  Ref<> qualname = get_attr(Value(type), ID(__qualname__));
  if (!qualname) return nullptr;
  std::string text = "<";
  if (module && is_str(module) && !str_equal_ascii(as_str(module), "builtins")) {
    text += str_utf8(module.value());
    text += ".";
  }
  text += str_utf8(qualname.value());
  text += " object at ";
  text += address_text(self.as_object());
  text += ">";
  return str_from_utf8(text);
}

Ref<> object_str(Value self) {
  UnaryFn repr_slot = type_of(self)->repr;
  return repr_slot ? repr_slot(self) : object_repr(self);
}

int64_t object_hash(Value self) { return hash_pointer(self.as_object()); }

Ref<> object_compare(Value a, Value b, CompareOp op) {
  switch (op) {
    case CompareOp::Eq:
      // Identity; NotImplemented lets the other operand have a say.
      return a == b ? new_bool(true) : new_not_implemented();
    case CompareOp::Ne: {
      // By default __ne__ inverts __eq__ (unless that is NotImplemented).
      if (type_of(a)->compare == object_compare) return a == b ? new_bool(false) : new_not_implemented();
      Ref<> equal = type_of(a)->compare(a, b, CompareOp::Eq);
      if (!equal || is_not_implemented(equal)) return equal;
      int truth = is_true(equal);
      if (truth < 0) return nullptr;
      return new_bool(!truth);
    }
    default:
      return new_not_implemented();
  }
}

// __class__ (and __bases__) assignment is allowed between types with the same memory
// layout; otherwise TypeError, worded as CPython's ("{attr} assignment: ...").
namespace {

// A class that adds no fields to its base (a plain subclass) shares the base's layout.
bool same_layout_as_base(TypeObject* child) {
  TypeObject* parent = child->base;
  return parent && child->basic_size == parent->basic_size && child->item_size == parent->item_size &&
         child->dict_offset == parent->dict_offset && child->weaklist_offset == parent->weaklist_offset &&
         (child->flags & kTypeHaveGC) == (parent->flags & kTypeHaveGC) &&
         (child->has_flag(kTypeHeap) || child->dealloc == parent->dealloc);
}

// Two classes with one base that each add the same __slots__ (the names are kept sorted,
// so the members sit at the same offsets).
bool same_slots_added(TypeObject* a, TypeObject* b) {
  if (!a->has_flag(kTypeHeap) || !b->has_flag(kTypeHeap)) return false;
  int64_t size = a->base->basic_size;
  auto* slots_a = static_cast<TupleObject*>(a->heap_slots);
  auto* slots_b = static_cast<TupleObject*>(b->heap_slots);
  if (slots_a && slots_b) {
    if (slots_a->length != slots_b->length) return false;
    for (int64_t i = 0; i < slots_a->length; ++i) {
      if (!str_equal(as_str(slots_a->items[i]), as_str(slots_b->items[i]))) return false;
    }
    size += slots_a->length * int64_t(sizeof(Value));
  }
  return size == a->basic_size && size == b->basic_size;
}

}  // namespace

bool compatible_for_assignment(TypeObject* old_type, TypeObject* new_type, const char* attr) {
  if ((old_type->flags & kTypeHaveGC) != (new_type->flags & kTypeHaveGC)) {
    return type_error("{} assignment: '{}' deallocator differs from '{}'", attr, new_type->name, old_type->name);
  }
  TypeObject* new_base = new_type;
  TypeObject* old_base = old_type;
  while (same_layout_as_base(new_base)) new_base = new_base->base;
  while (same_layout_as_base(old_base)) old_base = old_base->base;
  // __dict__ and __weakref__ live in the pre-header: their presence is part of the layout.
  bool differs = new_base != old_base && (new_base->base != old_base->base || !same_slots_added(new_base, old_base));
  if (differs || old_type->dict_offset != new_type->dict_offset ||
      old_type->weaklist_offset != new_type->weaklist_offset ||
      (old_type->flags & kTypePreheader) != (new_type->flags & kTypePreheader)) {
    return type_error("{} assignment: '{}' object layout differs from '{}'", attr, new_type->name, old_type->name);
  }
  return true;
}

namespace {

Ref<> object_get_class(Value self) { return new_ref(Value(type_of(self))); }

int object_set_class(Value self, Value value) {
  if (!value) return type_error("can't delete __class__ attribute");
  if (!type_has_flag(value, kTypeTypeSubclass)) {
    return type_error("__class__ must be set to a class, not '{}' object", type_name(value));
  }
  auto* new_type = static_cast<TypeObject*>(value.as_object());
  TypeObject* old_type = type_of(self);
  // Instances of built-in types may be shared (small ints, interned strs): only classes
  // and module objects may change class.
  auto immutable = [](TypeObject* t) { return !t->has_flag(kTypeHeap) || t->has_flag(kTypeImmutable); };
  bool both_modules = is_subtype(new_type, &module_type) && is_subtype(old_type, &module_type);
  if (!both_modules && (immutable(new_type) || immutable(old_type))) {
    return type_error("__class__ assignment only supported for mutable types or ModuleType subclasses");
  }
  if (!compatible_for_assignment(old_type, new_type, "__class__")) return -1;
  incref(new_type);
  self.as_object()->type = new_type;
  decref(old_type);
  return 0;
}

const GetSetDef object_getsets[] = {
    {"__class__", object_get_class, object_set_class, "the object's class"},
    {},
};

Ref<> object_format(Value self, const Value* args) {
  Value spec = args[0];
  if (!is_str(spec)) {
    return type_error("__format__() argument must be str, not {}", type_name(spec));
  }
  if (as_str(spec)->length > 0) {
    return type_error("unsupported format string passed to {}.__format__", type_name(self));
  }
  return str(self);
}

Ref<> object_sizeof(Value self, const Value* args) {
  TypeObject* type = type_of(self);
  int64_t size = type->basic_size;
  return int_from_int64(size);
}

Ref<> object_dir(Value self, const Value* args) {
  // The instance __dict__ keys plus everything reachable from the class.
  Ref<DictObject> names = dict_new();
  if (!names) return nullptr;
  Ref<> dict;
  if (get_attr_optional(self, ID(__dict__), &dict) < 0) return nullptr;
  if (dict && is_dict(dict) && !dict_update(names.get(), dict)) return nullptr;
  Ref<> cls;
  if (get_attr_optional(self, ID(__class__), &cls) < 0) return nullptr;
  if (cls && !is_none(cls) && !merge_class_dict(names.get(), cls)) return nullptr;
  return dict_keys_list(names.get());
}

Ref<> object_subclasshook(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  return new_not_implemented();
}

Ref<> object_init_subclass(Value cls, const Value* args, size_t nargs, TupleObject* kwnames) {
  // CPython's METH_NOARGS checks: keywords first, then positional arguments.
  std::string name(type_short_name(static_cast<TypeObject*>(cls.as_object())));
  if (kwnames && kwnames->length) return type_error("{}.__init_subclass__() takes no keyword arguments", name);
  if (nargs) return type_error("{}.__init_subclass__() takes no arguments ({} given)", name, nargs);
  return new_none();
}

// __getstate__ (3.11): the instance dict, or (dict, slots) when __slots__ hold values.
Ref<> object_getstate_impl(Value self, bool required) {
  Ref<> state;
  Object** slot = instance_dict_slot(self);
  if (slot && *slot && length(Value(*slot)) > 0) {
    state = new_ref(expose_instance_dict(*slot));
  } else {
    state = new_none();
  }
  Ref<> slot_names = call_function_in_module("copyreg", "_slotnames", Value(type_of(self)));
  if (!slot_names) return nullptr;
  if (required && type_of(self)->item_size != 0) {
    return type_error("cannot pickle {} objects", type_name(self));
  }
  if (!is_list(slot_names) && !is_none(slot_names)) {
    return type_error("copyreg._slotnames didn't return a list or None");
  }
  if (required) {
    // Native fields beyond the dict, weakref list and __slots__ are state the default
    // protocol cannot capture (staticmethod, classmethod, ...): refuse, as CPython does.
    TypeObject* type = type_of(self);
    int64_t expected = object_type.basic_size;
    if (type->dict_offset > 0) expected += int64_t(sizeof(Value));
    if (type->weaklist_offset > 0) expected += int64_t(sizeof(Value));
    if (is_list(slot_names)) expected += as_list(slot_names)->length * int64_t(sizeof(Value));
    if (type->basic_size > expected) return type_error("cannot pickle '{}' object", type_name(self));
  }
  if (is_list(slot_names) && as_list(slot_names)->length > 0) {
    Ref<DictObject> slots = dict_new();
    if (!slots) return nullptr;
    ListObject* names_list = as_list(slot_names);
    // A __getattr__ may change the list: hold each name, re-read the length.
    for (int64_t i = 0; i < names_list->length; ++i) {
      Ref<> name = new_ref(names_list->items[i]);
      if (!is_str(name)) return type_error("attribute name must be string, not '{}'", type_name(name));
      Ref<> value;
      int found = get_attr_optional(self, as_str(name), &value);
      if (found < 0) return nullptr;
      if (found && !dict_set(slots.get(), name, value)) return nullptr;
    }
    if (slots->used > 0) state = tuple_of({state.value(), slots.value()});
  }
  return state;
}

Ref<> object_getstate(Value self, const Value* args) { return object_getstate_impl(self, false); }

// copyreg protocol 2+: (copyreg.__newobj__, (cls, *args), state, listitems, dictitems)
Ref<> reduce_newobj(Value self) {
  TypeObject* type = type_of(self);
  if (!type->new_instance) return type_error("cannot pickle '{}' object", type_name(self));
  Ref<> newargs_tuple, kwargs;
  bool has_args = true;
  Ref<> getnewargs_ex = lookup_special(self, ID(__getnewargs_ex__));
  if (getnewargs_ex) {
    Ref<> result = call0(getnewargs_ex);
    if (!result) return nullptr;
    if (!is_tuple(result)) {
      return type_error("__getnewargs_ex__ should return a tuple, not '{}'", type_name(result));
    }
    if (as_tuple(result)->length != 2) {
      return value_error("__getnewargs_ex__ should return a tuple of length 2, not {}", as_tuple(result)->length);
    }
    newargs_tuple = new_ref(as_tuple(result)->items[0]);
    kwargs = new_ref(as_tuple(result)->items[1]);
    if (!is_tuple(newargs_tuple)) {
      return type_error("first item of the tuple returned by __getnewargs_ex__ must be a tuple, not '{}'",
                        type_name(newargs_tuple));
    }
    if (!is_dict(kwargs)) {
      return type_error("second item of the tuple returned by __getnewargs_ex__ must be a dict, not '{}'",
                        type_name(kwargs));
    }
  } else if (error_occurred()) {
    return nullptr;
  } else {
    Ref<> getnewargs = lookup_special(self, ID(__getnewargs__));
    if (getnewargs) {
      newargs_tuple = call0(getnewargs);
      if (!newargs_tuple) return nullptr;
      if (!is_tuple(newargs_tuple)) {
        return type_error("__getnewargs__ should return a tuple, not '{}'", type_name(newargs_tuple));
      }
    } else if (error_occurred()) {
      return nullptr;
    } else {
      newargs_tuple = tuple_empty();
      has_args = false;
    }
  }
  bool has_kwargs = kwargs && length(kwargs) > 0;
  // Without constructor arguments the default __getstate__ must capture the whole object:
  // it refuses variable-size ones (memoryview) as CPython's does.
  bool required = !has_args && !is_list(self) && !is_dict(self);
  Ref<> state;
  if (required && type_lookup(type, ID(__getstate__)) == type_lookup(&object_type, ID(__getstate__))) {
    state = object_getstate_impl(self, true);
  } else {
    state = call_method0(self, ID(__getstate__));
  }
  if (!state) return nullptr;
  Ref<> listitems = new_none(), dictitems = new_none();
  if (is_list(self)) {
    listitems = get_iter(self);
    if (!listitems) return nullptr;
  }
  if (is_dict(self)) {
    Ref<> items = call_method0(self, ID(items));
    if (!items) return nullptr;
    dictitems = get_iter(items);
    if (!dictitems) return nullptr;
  }
  Ref<> copyreg = import_module_by_name("copyreg");
  if (!copyreg) return nullptr;
  if (has_kwargs) {
    Ref<> newobj_ex = get_attr(copyreg, "__newobj_ex__");
    if (!newobj_ex) return nullptr;
    Ref<TupleObject> args = tuple_of({Value(type), newargs_tuple.value(), kwargs.value()});
    if (!args) return nullptr;
    return tuple_of({newobj_ex.value(), args.value(), state.value(), listitems.value(), dictitems.value()});
  }
  Ref<> newobj = get_attr(copyreg, "__newobj__");
  if (!newobj) return nullptr;
  TupleObject* extra = as_tuple(newargs_tuple);
  Ref<TupleObject> args = tuple_allocate(extra->length + 1);
  if (!args) return nullptr;
  incref(type);
  args->items[0] = Value(type);
  for (int64_t i = 0; i < extra->length; ++i) {
    incref(extra->items[i]);
    args->items[i + 1] = extra->items[i];
  }
  return tuple_of({newobj.value(), args.value(), state.value(), listitems.value(), dictitems.value()});
}

Ref<> object_reduce_with_protocol(Value self, int64_t protocol) {
  if (protocol >= 2) return reduce_newobj(self);
  return call_function_in_module("copyreg", "_reduce_ex", self, int_from_small(protocol));
}

Ref<> object_reduce(Value self, const Value* args) { return object_reduce_with_protocol(self, 0); }

Ref<> object_reduce_ex(Value self, const Value* args) {
  int64_t protocol;
  if (!index_to_int64(args[0], &protocol)) return nullptr;
  // A class that overrides __reduce__ gets it called instead.
  Ref<> reduce;
  if (get_attr_optional(self, ID(__reduce__), &reduce) < 0) return nullptr;
  if (reduce) {
    Value class_reduce = type_lookup(type_of(self), ID(__reduce__));
    Value object_reduce_descr = dict_get_str(as_dict(Value(object_type.dict)), ID(__reduce__));
    if (class_reduce && class_reduce != object_reduce_descr) return call0(reduce);
  }
  return object_reduce_with_protocol(self, protocol);
}

const MethodDef object_methods[] = {
    {.name = "__reduce_ex__", .impl = object_reduce_ex, .signature = "($self, protocol, /)",
     .doc = "Helper for pickle."},
    {.name = "__reduce__", .impl = object_reduce, .signature = "($self, /)",
     .doc = "Helper for pickle."},
    {.name = "__getstate__", .impl = object_getstate, .signature = "($self, /)",
     .doc = "Helper for pickle."},
    {.name = "__subclasshook__", .raw = object_subclasshook,
     .doc = "Abstract classes can override this to customize issubclass().\n\n"
            "This is invoked early on by abc.ABCMeta.__subclasscheck__().\n"
            "It should return True, False or NotImplemented.  If it returns\n"
            "NotImplemented, the normal algorithm is used.  Otherwise, it\n"
            "overrides the normal algorithm (and the outcome is cached).\n",
     .flags = kMethodClass},
    {.name = "__init_subclass__", .raw = object_init_subclass,
     .doc = "This method is called when a class is subclassed.\n\n"
            "The default implementation does nothing. It may be\n"
            "overridden to extend subclasses.\n",
     .flags = kMethodClass},
    {.name = "__format__", .impl = object_format, .signature = "($self, format_spec, /)",
     .doc = "Default object formatter."},
    {.name = "__sizeof__", .impl = object_sizeof, .signature = "($self, /)",
     .doc = "Size of object in memory, in bytes."},
    {.name = "__dir__", .impl = object_dir, .signature = "($self, /)",
     .doc = "Default dir() implementation."},
    {},
};

}  // namespace

TypeObject object_type{TypeSpec{
    .name = "object",
    .doc = "object()\n--\n\nThe base class of the class hierarchy.\n\n"
           "When called, it accepts no arguments and returns a new featureless\n"
           "instance that has no instance attributes and cannot be given any.\n",
    .basic_size = sizeof(Object),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dealloc_plain,
              .new_instance = object_new,
              .init = object_init,
              .repr = object_repr,
              .str = object_str,
              .hash = object_hash,
              .compare = object_compare,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr},
    .methods = object_methods,
    .getsets = object_getsets,
}};

}  // namespace krait
