// Class creation: __build_class__ (the class statement), type(name, bases, ns) with
// metaclass selection, instance layout (__slots__, __dict__, __weakref__), __set_name__
// and __init_subclass__; calling a type to make an instance; and the lifecycle of
// instances of classes (subtype_dealloc/traverse/clear, PEP 442 finalization).
#include <algorithm>
#include <cstring>
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/thread_state.h"
#include "text/unicode.h"
#include "vm/eval.h"
#include "vm/frame.h"

namespace krait {

// --- Calling a type ---

Ref<> type_call(Value callable, const Value* args, size_t nargs, TupleObject* kwnames) {
  auto* type = static_cast<TypeObject*>(callable.as_object());
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (type == &type_type && nargs == 1 && nkw == 0) return new_ref(Value(type_of(args[0])));
  if (type == &type_type && nargs != 3) {
    return type_error("type() takes 1 or 3 arguments");
  }
  if (!type->new_instance) {
    return type_error("cannot create '{}' instances", type->has_flag(kTypeHeap)
                                                           ? type_short_name(type)
                                                           : std::string(type->name));
  }
  Ref<> instance = type->new_instance(type, args, nargs, kwnames);
  if (!instance) return nullptr;
  // __init__ runs only when __new__ returned an instance of the type.
  if (!is_instance_of(instance, type)) return instance;
  InitFn init = type_of(instance)->init;
  if (init && init(instance, args, nargs, kwnames) < 0) return nullptr;
  return instance;
}

// --- Instances of classes ---

namespace {

// The nearest base that is not a class (its dealloc/traverse/clear handle the layout).
TypeObject* static_base_of(TypeObject* type) {
  TypeObject* t = type;
  while (t && t->has_flag(kTypeHeap)) t = t->base;
  return t ? t : &object_type;
}

// Member definitions for __slots__ of `type` itself (not inherited ones).
void for_each_own_slot(TypeObject* type, Object* o, void (*fn)(Value*, void*), void* arg) {
  if (!type->has_flag(kTypeHeap) || !type->heap_slots) return;
  for (const MemberDef* m = type->members; m && m->name; ++m) {
    fn(reinterpret_cast<Value*>(reinterpret_cast<char*>(o) + m->offset), arg);
  }
}

void for_each_slot(Object* o, void (*fn)(Value*, void*), void* arg) {
  for (TypeObject* t = o->type; t && t->has_flag(kTypeHeap); t = t->base) for_each_own_slot(t, o, fn, arg);
}

}  // namespace

bool call_finalizer_from_dealloc(Object* o) {
  TypeObject* type = o->type;
  if (!type->finalize) return false;
  if (type->has_flag(kTypeHaveGC)) {
    if (gc_is_finalized(o)) return false;
  }
  // Resurrect for the duration of __del__.
  o->refcount = 1;
  type->finalize(o);
  if (type->has_flag(kTypeHaveGC)) gc_set_finalized(o);
  if (--o->refcount == 0) return false;
  // __del__ stored a new reference somewhere: the object lives on.
  if (type->has_flag(kTypeHaveGC) && !gc_is_tracked(o)) gc_track(o);
  return true;
}

namespace {

void clear_slot_for_dealloc(Value* slot, void*) {
  Value v = *slot;
  *slot = Value();
  // An exact float (a point's x) goes straight back to the float freelist.
  if (is_exact_float(v)) float_decref_exact(static_cast<FloatObject*>(v.as_object()));
  else decref(v);
}

// subtype_dealloc for a class laid out on object without __del__ (a plain instance): the
// same steps with what object's layout makes constant folded away.
void object_layout_dealloc(Object* o, TypeObject* type) {
  gc_untrack_inline(o);
  if (type->weaklist_offset && *reinterpret_cast<Object**>(reinterpret_cast<char*>(o) + type->weaklist_offset)) {
    clear_weakrefs(o);
  }
  for_each_slot(o, clear_slot_for_dealloc, nullptr);
  if (type->dict_offset) {
    auto** dict = reinterpret_cast<Object**>(reinterpret_cast<char*>(o) + type->dict_offset);
    if (Object* d = *dict) {
      *dict = nullptr;
      decref(d);
    }
  }
  // free_object's steps, for an untracked instance of a heap GC type.
  --alloc_internal::live_blocks;
  gc_note_deallocation();
  size_t preheader = type->has_flag(kTypePreheader) ? kPreheaderBytes : 0;
  block_free(reinterpret_cast<char*>(gc_header_of(o)) - preheader);
  decref(type);
}

}  // namespace

void subtype_dealloc(Object* o) {
  TypeObject* type = o->type;
  if (type->has_flag(kTypeObjectLayout) && !type->finalize) return object_layout_dealloc(o, type);
  if (type->finalize && call_finalizer_from_dealloc(o)) return;
  if (type->has_flag(kTypeHaveGC)) gc_untrack(o);
  TypeObject* base = static_base_of(type);
  // Weakrefs of a class that added __weakref__ are cleared here; a built-in base clears
  // its own.
  if (type->weaklist_offset && type->weaklist_offset != base->weaklist_offset) clear_weakrefs(o);
  for_each_slot(o, clear_slot_for_dealloc, nullptr);
  if (type->dict_offset && type->dict_offset != base->dict_offset) {
    Object** dict = instance_dict_slot(Value(o));
    if (*dict) {
      Object* d = *dict;
      *dict = nullptr;
      decref(d);
    }
  }
  base->dealloc(o);
}

void subtype_traverse(Object* o, VisitFn visit, void* arg) {
  TypeObject* type = o->type;
  struct Ctx {
    VisitFn visit;
    void* arg;
  } ctx{visit, arg};
  for_each_slot(o, [](Value* slot, void* c) {
    auto* ctx = static_cast<Ctx*>(c);
    if (slot->is_object()) ctx->visit(slot->as_object(), ctx->arg);
  }, &ctx);
  TypeObject* base = static_base_of(type);
  if (type->dict_offset && type->dict_offset != base->dict_offset) {
    Object** dict = instance_dict_slot(Value(o));
    if (*dict && gc_is_owned_dict(*dict)) {
      dict_traverse_owned(static_cast<DictObject*>(*dict), visit, arg);
    } else if (*dict) {
      visit(*dict, arg);
    }
  }
  visit(type, arg);  // instances own a reference to their class (visited last, as CPython)
  if (base->traverse) base->traverse(o, visit, arg);
}

namespace {

// CPython's int, tuple and bytes are variable-size: no __slots__ or weakrefs for them.
bool is_variable_size_builtin(TypeObject* type) {
  return is_subtype(type, &int_type) || is_subtype(type, &tuple_type) || is_subtype(type, &bytes_type);
}

// The key table the instances of `type` share, made on first use; null (a combined dict
// then) where CPython 3.11 gives no shared keys: classes based on int, tuple or bytes.
DictKeys* instance_shared_keys(TypeObject* type) {
  if (type->cached_keys) return type->cached_keys;
  if (is_variable_size_builtin(type)) return nullptr;
  type->cached_keys = dict_shared_keys_new();
  if (!type->cached_keys) clear_error();
  return type->cached_keys;
}

}  // namespace

Ref<DictObject> new_instance_dict(Value obj) {
  TypeObject* type = type_of(obj);
  TypeObject* base = static_base_of(type);
  if (type->traverse == subtype_traverse && type->dict_offset != base->dict_offset) {
    return dict_new_for_instance(instance_shared_keys(type), base == &object_type);
  }
  return dict_new();
}

Value expose_instance_dict(Object* dict) {
  gc_release_owned_dict(dict);
  return Value(dict);
}

void subtype_clear(Object* o) {
  TypeObject* type = o->type;
  for_each_slot(o, [](Value* slot, void*) {
    Value v = *slot;
    *slot = Value();
    decref(v);
  }, nullptr);
  TypeObject* base = static_base_of(type);
  if (type->dict_offset && type->dict_offset != base->dict_offset) {
    Object** dict = instance_dict_slot(Value(o));
    // Dropped, not emptied, as CPython: that breaks cycles through the __dict__ slot
    // alone (self.__dict__ = self), and a dict someone else holds keeps its items.
    if (*dict) {
      Object* d = *dict;
      *dict = nullptr;
      decref(d);
    }
  }
  if (base->clear) base->clear(o);
}

// --- __dict__ and __weakref__ of class instances ---

namespace {

// A class deriving from a built-in type that has its own __dict__ (type, module) uses
// that type's __dict__ descriptor, even when another base put a class one before it in
// the MRO (class Meta(Base, type)).
Value builtin_dict_descriptor(TypeObject* type) {
  for (TypeObject* t = type; t; t = t->base) {
    if (t->has_flag(kTypeHeap) || t == &object_type || !t->dict) continue;
    if (Value descriptor = dict_get_str(as_dict(Value(t->dict)), ID(__dict__))) return descriptor;
  }
  return Value();
}

Ref<> subtype_get_dict(Value self) {
  if (Value descriptor = builtin_dict_descriptor(type_of(self))) {
    if (DescrGetFn get = type_of(descriptor)->descr_get) {
      Ref<> hold = new_ref(descriptor);
      return get(descriptor, self, Value(type_of(self)));
    }
  }
  Object** slot = instance_dict_slot(self);
  if (!slot) return attribute_error("This object has no __dict__");
  if (!*slot) {
    Ref<DictObject> dict = new_instance_dict(self);
    if (!dict) return nullptr;
    *slot = dict.release_object();
  }
  return new_ref(expose_instance_dict(*slot));
}

int subtype_set_dict(Value self, Value value) {
  if (Value descriptor = builtin_dict_descriptor(type_of(self))) {
    DescrSetFn set = type_of(descriptor)->descr_set;
    if (!set) return attribute_error("This object has no __dict__");
    Ref<> hold = new_ref(descriptor);
    return set(descriptor, self, value);
  }
  Object** slot = instance_dict_slot(self);
  if (!slot) return attribute_error("This object has no __dict__");
  if (value && !is_dict(value)) {
    return type_error("__dict__ must be set to a dictionary, not a '{}'", type_name(value));
  }
  Object* old = *slot;
  incref(value);
  *slot = value ? value.as_object() : nullptr;
  if (old) decref(old);
  return 0;
}

Ref<> subtype_get_weakref(Value self) {
  int64_t offset = type_of(self)->weaklist_offset;
  if (!offset) return attribute_error("This object has no __weakref__");
  Object* head = *reinterpret_cast<Object**>(reinterpret_cast<char*>(self.as_object()) + offset);
  return head ? new_ref(Value(head)) : new_none();
}

const GetSetDef subtype_dict_getset[] = {
    {"__dict__", subtype_get_dict, subtype_set_dict, "dictionary for instance variables (if defined)"},
    {},
};
const GetSetDef subtype_weakref_getset[] = {
    {"__weakref__", subtype_get_weakref, nullptr, "list of weak references to the object (if defined)"},
    {},
};

// --- Layout ---

}  // namespace

// The "solid base": the nearest base whose instances have a different memory layout.
TypeObject* solid_base(TypeObject* type) {
  TypeObject* base = type->base;
  if (!base) return type;
  bool same_layout = type->basic_size == base->basic_size && type->item_size == base->item_size;
  if (same_layout || (type->has_flag(kTypeHeap) && !type->heap_slots)) return solid_base(base);
  return type;
}

TypeObject* best_base(TupleObject* bases) {
  TypeObject* winner = nullptr;
  TypeObject* base = nullptr;
  for (int64_t i = 0; i < bases->length; ++i) {
    Value b = bases->items[i];
    if (!type_has_flag(b, kTypeTypeSubclass)) {
      type_error("bases must be types");
      return nullptr;
    }
    auto* candidate = static_cast<TypeObject*>(b.as_object());
    if (!candidate->has_flag(kTypeBaseType)) {
      type_error("type '{}' is not an acceptable base type", candidate->name);
      return nullptr;
    }
    // A static type reached only through an object (type(sys.implementation)) may not
    // have been readied yet: its MRO and slots are needed below.
    // (A class still being made, by a metaclass mro() that subclasses it, is left alone:
    // computing its MRO then fails as "Cannot extend an incomplete type".)
    if (!candidate->has_flag(kTypeReady) && !candidate->has_flag(kTypeHeap) && !type_ready(candidate)) {
      return nullptr;
    }
    TypeObject* solid = solid_base(candidate);
    if (!winner) {
      winner = solid;
      base = candidate;
    } else if (is_subtype(winner, solid)) {
      // winner is already more derived
    } else if (is_subtype(solid, winner)) {
      winner = solid;
      base = candidate;
    } else {
      type_error("multiple bases have instance lay-out conflict");
      return nullptr;
    }
  }
  return base;
}

namespace {

// `__x` inside class C becomes `_C__x` (leading underscores of C stripped).
Ref<StrObject> mangle(StrObject* class_name, StrObject* name) {
  std::string_view text = str_utf8(name);
  if (text.size() < 2 || text.substr(0, 2) != "__" || (text.size() >= 4 && text.substr(text.size() - 2) == "__") ||
      text.find('.') != std::string_view::npos) {
    return new_ref(name);
  }
  std::string_view cls = str_utf8(class_name);
  size_t strip = cls.find_first_not_of('_');
  if (strip == std::string_view::npos) return new_ref(name);
  return str_from_utf8("_" + std::string(cls.substr(strip)) + std::string(text));
}

bool is_identifier(StrObject* s) {
  if (s->length == 0) return false;
  char32_t first = s->at(0);
  if (!(first == '_' || unicode::is_xid_start(first))) return false;
  for (int64_t i = 1; i < s->length; ++i) {
    if (!unicode::is_xid_continue(s->at(i))) return false;
  }
  return true;
}

// The metaclass: the most derived of `metatype` and the types of all bases.
TypeObject* calculate_metaclass(TypeObject* metatype, TupleObject* bases) {
  TypeObject* winner = metatype;
  for (int64_t i = 0; i < bases->length; ++i) {
    TypeObject* base_meta = type_of(bases->items[i]);
    if (is_subtype(winner, base_meta)) continue;
    if (is_subtype(base_meta, winner)) {
      winner = base_meta;
      continue;
    }
    type_error(
        "metaclass conflict: the metaclass of a derived class must be a (non-strict) subclass of "
        "the metaclasses of all its bases");
    return nullptr;
  }
  return winner;
}

bool set_names(TypeObject* type) {
  // Iterate over a copy: __set_name__ may modify the class namespace.
  Ref<DictObject> namespace_copy = dict_copy(as_dict(Value(type->dict)));
  if (!namespace_copy) return false;
  int64_t pos = 0;
  Value key, value;
  while (dict_next(namespace_copy.get(), &pos, &key, &value)) {
    Ref<> set_name = lookup_special(value, ID(__set_name__));
    if (!set_name) {
      if (error_occurred()) return false;
      continue;
    }
    Ref<> result = call2(set_name, Value(type), key);
    if (!result) {
      // 3.11 wraps the error: RuntimeError('Error calling __set_name__ ...') from it.
      std::string message = format_message("Error calling __set_name__ on '{}' instance {} in '{}'",
                                            type_name(value), repr_for_message(key),
                                            type_short_name(type));
      chain_error(exc::RuntimeError, message);
      return false;
    }
  }
  return true;
}

bool init_subclass(TypeObject* type, TupleObject* kwnames, const Value* kwvalues) {
  // super(type, type).__init_subclass__(**kwargs)
  TupleObject* mro = as_tuple(Value(type->mro));
  // A custom mro() may leave the class out of its own MRO: super() then refuses it.
  int64_t start = 0;
  while (start < mro->length && mro->items[start].as_object() != type) ++start;
  if (start == mro->length) return type_error("super(type, obj): obj must be an instance or subtype of type");
  for (int64_t i = start + 1; i < mro->length; ++i) {
    auto* base = static_cast<TypeObject*>(mro->items[i].as_object());
    Value found = dict_get_str(as_dict(Value(base->dict)), ID(__init_subclass__));
    if (!found) continue;
    Ref<> keep = new_ref(found);
    DescrGetFn get = type_of(found)->descr_get;
    Ref<> bound = get ? get(found, Value(), Value(type)) : new_ref(found);
    if (!bound) return false;
    size_t nkw = kwnames ? size_t(kwnames->length) : 0;
    Ref<> result = call(bound, kwvalues, 0, nkw ? kwnames : nullptr);
    return bool(result);
  }
  return true;
}

}  // namespace

// The MRO `type` gets: its metaclass's mro() when overridden (checked: classes only, of
// a layout the instances have), C3 otherwise.
Ref<TupleObject> type_mro_for(TypeObject* type) {
  TypeObject* metatype = type_of(Value(type));
  if (metatype != &type_type) {
    Value mro_method = type_lookup(metatype, ID(mro));
    Value default_mro = dict_get_str(as_dict(Value(type_type.dict)), ID(mro));
    if (mro_method && mro_method != default_mro) {
      Ref<> custom = call_method0(Value(type), ID(mro));
      if (!custom) return nullptr;
      Ref<TupleObject> as_tuple_mro = tuple_from_iterable(custom);
      if (!as_tuple_mro) return nullptr;
      // Instances are laid out by `type`'s solid base: every class in the MRO must be
      // compatible with it, or its methods would read fields the instances lack.
      TypeObject* solid = solid_base(type);
      for (int64_t i = 0; i < as_tuple_mro->length; ++i) {
        if (!type_has_flag(as_tuple_mro->items[i], kTypeTypeSubclass)) {
          return type_error("mro() returned a non-class ('{}')", type_name(as_tuple_mro->items[i]));
        }
        auto* entry = static_cast<TypeObject*>(as_tuple_mro->items[i].as_object());
        if (!is_subtype(solid, solid_base(entry))) {
          return type_error("mro() returned base with unsuitable layout ('{}')", entry->name);
        }
      }
      return as_tuple_mro;
    }
  }
  return type_compute_mro(type);
}

Ref<> type_new_class(TypeObject* metatype, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (metatype == &type_type && nargs == 1 && nkw == 0) return new_ref(Value(type_of(args[0])));
  if (nargs != 3) return type_error("type.__new__() takes exactly 3 arguments ({} given)", nargs);
  Value name = args[0], bases_value = args[1], namespace_value = args[2];
  if (!is_str(name)) return type_error("type.__new__() argument 1 must be str, not {}", type_name(name));
  if (!is_tuple(bases_value)) {
    return type_error("type.__new__() argument 2 must be tuple, not {}", type_name(bases_value));
  }
  if (!is_dict(namespace_value)) {
    return type_error("type.__new__() argument 3 must be dict, not {}", type_name(namespace_value));
  }
  TupleObject* given_bases = as_tuple(bases_value);
  // Bases that are not classes are refused first (before the metaclass is computed).
  for (int64_t i = 0; i < given_bases->length; ++i) {
    Value b = given_bases->items[i];
    if (!type_has_flag(b, kTypeTypeSubclass)) {
      Ref<> entries;
      if (get_attr_optional(b, ID(__mro_entries__), &entries) < 0) return nullptr;
      if (entries) {
        return type_error("type() doesn't support MRO entry resolution; use types.new_class()");
      }
    }
  }
  // 1. The winning metaclass; defer to it if it has its own __new__.
  TypeObject* winner = calculate_metaclass(metatype, given_bases);
  if (!winner) return nullptr;
  if (winner != metatype && winner->new_instance != metatype->new_instance) {
    return winner->new_instance(winner, args, nargs, kwnames);
  }
  metatype = winner;
  // 2. Bases and the best base.
  Ref<TupleObject> bases = given_bases->length ? new_ref(given_bases) : tuple_of({Value(&object_type)});
  if (!bases) return nullptr;
  TypeObject* base = best_base(bases.get());
  if (!base) return nullptr;
  Ref<DictObject> dict = dict_copy(as_dict(namespace_value));
  if (!dict) return nullptr;

  // 3. __slots__.
  Value slots_value = dict_get_str(dict.get(), ID(__slots__));
  // Classes keep their namespace in TypeObject::dict (CPython's type has a tp_dictoffset),
  // so a metaclass must not give its instances a second, pre-header __dict__.
  bool add_dict = base->dict_offset == 0 && !is_subtype(base, &type_type);
  bool add_weak = base->weaklist_offset == 0 && !is_variable_size_builtin(base);
  std::vector<Ref<StrObject>> slot_names;
  Ref<TupleObject> slots_tuple;
  if (slots_value) {
    Ref<> slots_iterable = is_str(slots_value) ? Ref<>(tuple_of({slots_value})) : new_ref(slots_value);
    if (!slots_iterable) return nullptr;
    Ref<TupleObject> names_tuple = tuple_from_iterable(slots_iterable);
    if (!names_tuple) return nullptr;
    // CPython refuses any nonempty __slots__ (even '__dict__') under a base whose
    // instances vary in size (type's too: its tp_itemsize), before looking at the names.
    if (names_tuple->length > 0 && (is_variable_size_builtin(base) || is_subtype(base, &type_type))) {
      return type_error("nonempty __slots__ not supported for subtype of '{}'", base->name);
    }
    bool want_dict = false, want_weak = false;
    for (int64_t i = 0; i < names_tuple->length; ++i) {
      Value s = names_tuple->items[i];
      if (!is_str(s)) {
        return type_error("__slots__ items must be strings, not '{}'", type_name(s));
      }
      if (!is_identifier(as_str(s))) return type_error("__slots__ must be identifiers");
      if (str_equal_ascii(as_str(s), "__dict__")) {
        if (!add_dict || want_dict) return type_error("__dict__ slot disallowed: we already got one");
        want_dict = true;
        continue;
      }
      if (str_equal_ascii(as_str(s), "__weakref__")) {
        if (!add_weak || want_weak) return type_error("__weakref__ slot disallowed: either we already got one, or __itemsize__ != 0");
        want_weak = true;
        continue;
      }
      Ref<StrObject> mangled = mangle(as_str(name), as_str(s));
      if (!mangled) return nullptr;
      // Repeated names are allowed, as in CPython: each gets a slot and the last descriptor
      // stays in the class dict.
      // The compiler puts __qualname__ and __classcell__ in every namespace; they are
      // taken out below, so they do not count as class variables.
      bool compiler_name = str_equal(mangled.get(), ID(__qualname__)) || str_equal(mangled.get(), ID(__classcell__));
      if (!compiler_name && dict_get_str(dict.get(), mangled.get())) {
        return value_error("{} in __slots__ conflicts with class variable", repr_for_message(s));
      }
      slot_names.push_back(std::move(mangled));
    }
    // krait keeps a str's characters inline after StrObject (CPython's subclass instances
    // keep them out of line), so slot members would overlap them: refused, as for bytes.
    if (!slot_names.empty() && (is_variable_size_builtin(base) || is_subtype(base, &str_type))) {
      return type_error("nonempty __slots__ not supported for subtype of '{}'", base->name);
    }
    std::sort(slot_names.begin(), slot_names.end(),
              [](const Ref<StrObject>& a, const Ref<StrObject>& b) { return str_compare(a.get(), b.get()) < 0; });
    bool may_add_dict = add_dict, may_add_weak = add_weak;
    add_dict = add_dict && want_dict;
    add_weak = add_weak && want_weak;
    // A class with several bases may still get a __dict__ (or __weakref__) from another
    // base: class C(Slotted, WithDict) has one, as in CPython.
    for (int64_t i = 0; i < bases->length; ++i) {
      auto* other = static_cast<TypeObject*>(bases->items[i].as_object());
      if (may_add_dict && other->dict_offset != 0) add_dict = true;
      if (may_add_weak && other->weaklist_offset != 0) add_weak = true;
    }
    slots_tuple = tuple_allocate(int64_t(slot_names.size()));
    if (!slots_tuple) return nullptr;
    for (size_t i = 0; i < slot_names.size(); ++i) slots_tuple->items[i] = new_ref(slot_names[i].get()).release();
  }

  // 4. The type object itself.
  Object* memory = allocate_object(metatype, size_t(std::max<int64_t>(metatype->basic_size, sizeof(TypeObject))));
  if (!memory) return nullptr;
  auto* type = new (memory) TypeObject(TypeSpec{});
  type->refcount = 1;
  type->type = metatype;  // allocate_object already took the reference
  Ref<TypeObject> holder = Ref<TypeObject>::steal(Value(type));
  // Sequence/Mapping (pattern matching) come from the MRO below, as CPython's inherit_patma_flags.
  type->flags = kTypeHeap | kTypeBaseType | kTypeHaveGC |
                (base->flags & kTypeInheritedFlags & ~uint64_t(kTypeSequence | kTypeMapping)) |
                (base->flags & kTypePreheader);
  type->base = base;
  incref(base);
  type->bases = bases.release_object();
  incref(name);
  type->heap_name = name.as_object();
  if (!str_check_utf8_encodable(as_str(name))) return nullptr;
  type->name = str_utf8(name).data();
  if (std::strlen(type->name) != size_t(str_utf8(name).size())) {
    return value_error("type name must not contain null characters");
  }
  // A str __doc__ becomes the type's C-level doc in CPython, which must encode.
  Value doc_value = dict_get_str(dict.get(), ID(__doc__));
  if (doc_value && is_str(doc_value) && !str_check_utf8_encodable(as_str(doc_value))) return nullptr;
  // __qualname__ comes out of the namespace.
  Value qualname = dict_get_str(dict.get(), ID(__qualname__));
  if (qualname) {
    if (!is_str(qualname)) {
      return type_error("type __qualname__ must be a str, not {}", type_name(qualname));
    }
    incref(qualname);
    type->heap_qualname = qualname.as_object();
    if (dict_remove(dict.get(), Value(ID(__qualname__))) < 0) return nullptr;
  } else {
    incref(name);
    type->heap_qualname = name.as_object();
  }
  // Layout: base fields, then this class's __slots__; __dict__/__weakref__ go in the
  // pre-header.
  type->basic_size = base->basic_size + int64_t(slot_names.size()) * int64_t(sizeof(Value));
  type->item_size = base->item_size;
  type->dict_offset = base->dict_offset;
  type->weaklist_offset = base->weaklist_offset;
  if (add_dict || add_weak) type->flags |= kTypePreheader;
  if (add_dict) type->dict_offset = kPreheaderDictOffset;
  if (add_weak) type->weaklist_offset = kPreheaderWeaklistOffset;
  if (!slot_names.empty()) {
    auto* members = new MemberDef[slot_names.size() + 1]();
    for (size_t i = 0; i < slot_names.size(); ++i) {
      members[i].name = str_utf8(slot_names[i].get()).data();
      members[i].kind = MemberKind::Object;
      members[i].offset = size_t(base->basic_size) + i * sizeof(Value);
    }
    type->members = members;
    type->heap_slots = slots_tuple.release_object();
  } else if (slots_value) {
    type->heap_slots = tuple_empty().release_object();
  }
  // __module__ from the calling frame's globals if the namespace lacks it.
  if (!dict_get_str(dict.get(), ID(__module__))) {
    Frame* frame = current_thread()->frame;
    if (frame && is_dict(Value(frame->globals))) {
      Value module_name = dict_get_str(static_cast<DictObject*>(frame->globals), ID(__name__));
      if (module_name && !dict_set(dict.get(), Value(ID(__module__)), module_name)) return nullptr;
    }
  }
  // __new__ is a static method; __init_subclass__ and __class_getitem__ class methods.
  Value new_function = dict_get_str(dict.get(), ID(__new__));
  if (new_function && is_function(new_function)) {
    Ref<> wrapped = staticmethod_new(new_function);
    if (!wrapped || !dict_set(dict.get(), Value(ID(__new__)), wrapped)) return nullptr;
  }
  for (StrObject* implicit_classmethod : {ID(__init_subclass__), ID(__class_getitem__)}) {
    Value f = dict_get_str(dict.get(), implicit_classmethod);
    if (f && is_function(f)) {
      Ref<> wrapped = classmethod_new(f);
      if (!wrapped || !dict_set(dict.get(), Value(implicit_classmethod), wrapped)) return nullptr;
    }
  }
  // A class defining __eq__ but not __hash__ is unhashable.
  if (dict_get_str(dict.get(), ID(__eq__)) && !dict_get_str(dict.get(), ID(__hash__))) {
    if (!dict_set(dict.get(), Value(ID(__hash__)), None())) return nullptr;
  }
  Value class_cell = dict_get_str(dict.get(), ID(__classcell__));
  Ref<> cell_hold;
  if (class_cell) {
    if (!is_type(class_cell, &cell_type)) {
      return type_error("__classcell__ must be a nonlocal cell, not {}", repr_for_message(Value(type_of(class_cell))));
    }
    cell_hold = new_ref(class_cell);
    if (dict_remove(dict.get(), Value(ID(__classcell__))) < 0) return nullptr;
  }
  type->dict = dict.release_object();
  // __class__ is bound before the MRO is computed: a metaclass mro() may call methods.
  if (cell_hold) {
    CellObject* cell = as_cell(cell_hold);
    Value old = cell->contents;
    incref(type);
    cell->contents = Value(type);
    decref(old);
  }
  // Descriptors for the instance layout.
  auto add_descriptor = [&](const char* descriptor_name, Ref<> descriptor) {
    if (!descriptor) return false;
    StrObject* key = str_intern_utf8(descriptor_name);
    DictObject* type_dict = as_dict(Value(type->dict));
    if (dict_get_str(type_dict, key)) return true;
    return dict_set(type_dict, Value(key), descriptor);
  };
  if (add_dict && !add_descriptor("__dict__", getset_descriptor_new(type, &subtype_dict_getset[0]))) return nullptr;
  if (add_weak && !add_descriptor("__weakref__", getset_descriptor_new(type, &subtype_weakref_getset[0]))) return nullptr;
  for (const MemberDef* m = type->members; m && m->name; ++m) {
    if (!add_descriptor(m->name, member_descriptor_new(type, m))) return nullptr;
  }
  // After the slots: a '__doc__' slot keeps its descriptor (typing._SpecialForm has one).
  if (!dict_get_str(as_dict(Value(type->dict)), ID(__doc__)) &&
      !dict_set(as_dict(Value(type->dict)), Value(ID(__doc__)), None())) {
    return nullptr;
  }

  // 5. MRO (a metaclass may override mro()), slots, subclass registration.
  Ref<TupleObject> mro = type_mro_for(type);
  if (!mro) return nullptr;
  type->mro = mro.release_object();
  TupleObject* mro_tuple = as_tuple(Value(type->mro));
  constexpr uint64_t kCollectionFlags = kTypeSequence | kTypeMapping;
  for (int64_t i = 1; i < mro_tuple->length; ++i) {
    auto* ancestor = static_cast<TypeObject*>(mro_tuple->items[i].as_object());
    if (!(type->flags & kCollectionFlags)) type->flags |= ancestor->flags & kCollectionFlags;
    type_inherit_slots(type, ancestor);
  }
  // A __dict__/__weakref__ inherited from a base other than the layout base (class C(A, B)
  // where A has empty __slots__) still lives in the pre-header: instances need it.
  if (type->dict_offset == kPreheaderDictOffset || type->weaklist_offset == kPreheaderWeaklistOffset) {
    type->flags |= kTypePreheader;
  }
  // A metaclass mixing in a class with a __dict__ (class M(type, A)) must not inherit A's
  // dict offset: its instances are classes, whose namespace is TypeObject::dict.
  if (is_subtype(type, &type_type)) type->dict_offset = 0;
  type->dealloc = subtype_dealloc;
  if (static_base_of(type) == &object_type) type->flags |= kTypeObjectLayout;
  type->traverse = subtype_traverse;
  type->clear = subtype_clear;
  slots_fixup_heap_type(type);
  if (type->finalize) type->flags |= kTypeHasFinalizer;
  TupleObject* final_bases = as_tuple(Value(type->bases));
  for (int64_t i = 0; i < final_bases->length; ++i) {
    type_add_subclass(static_cast<TypeObject*>(final_bases->items[i].as_object()), type);
  }
  type->flags |= kTypeReady;
  gc_track(type);
  // 6. __set_name__ and __init_subclass__ (PEP 487).
  if (!set_names(type)) return nullptr;
  if (!init_subclass(type, kwnames, args + nargs)) return nullptr;
  return holder;
}

// --- builtins.__build_class__ (the class statement) ---

Ref<> build_class(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs < 2) return type_error("__build_class__: not enough arguments");
  Value function = args[0];
  if (!is_function(function)) return type_error("__build_class__: func must be a function");
  Value name = args[1];
  if (!is_str(name)) return type_error("__build_class__: name is not a string");
  // PEP 560: bases that are not classes may supply __mro_entries__.
  Ref<TupleObject> orig_bases = tuple_from_array(args + 2, int64_t(nargs - 2));
  if (!orig_bases) return nullptr;
  Ref<ListObject> resolved = list_new();
  if (!resolved) return nullptr;
  bool changed = false;
  for (int64_t i = 0; i < orig_bases->length; ++i) {
    Value b = orig_bases->items[i];
    if (!type_has_flag(b, kTypeTypeSubclass)) {
      Ref<> entries_method;
      if (get_attr_optional(b, ID(__mro_entries__), &entries_method) < 0) return nullptr;
      if (entries_method) {
        Ref<> entries = call1(entries_method, orig_bases.value());
        if (!entries) return nullptr;
        if (!is_tuple(entries)) return type_error("__mro_entries__ must return a tuple");
        if (!list_extend(resolved.get(), entries)) return nullptr;
        changed = true;
        continue;
      }
    }
    if (!list_append(resolved.get(), b)) return nullptr;
  }
  Ref<> bases = changed ? list_as_tuple(resolved.get()) : Ref<>(new_ref(orig_bases.get()));
  if (!bases) return nullptr;
  // Keyword arguments: metaclass= is taken out, the rest go to __prepare__ and the metaclass.
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  Value metaclass;
  std::vector<Value> kw_values;
  Ref<ListObject> kw_names_list = list_new();
  if (!kw_names_list) return nullptr;
  for (size_t i = 0; i < nkw; ++i) {
    Value key = kwnames->items[i];
    if (str_equal_ascii(as_str(key), "metaclass")) {
      metaclass = args[nargs + i];
      continue;
    }
    if (!list_append(kw_names_list.get(), key)) return nullptr;
    kw_values.push_back(args[nargs + i]);
  }
  Ref<> kw_names_tuple = list_as_tuple(kw_names_list.get());
  if (!kw_names_tuple) return nullptr;
  TupleObject* kwn = as_tuple(kw_names_tuple)->length ? as_tuple(kw_names_tuple) : nullptr;
  bool is_class = false;
  if (!metaclass) {
    TupleObject* b = as_tuple(bases);
    metaclass = b->length ? Value(type_of(b->items[0])) : Value(&type_type);
    is_class = true;
  } else {
    is_class = type_has_flag(metaclass, kTypeTypeSubclass);
  }
  Ref<> meta_hold = new_ref(metaclass);
  if (is_class) {
    TypeObject* winner = calculate_metaclass(static_cast<TypeObject*>(metaclass.as_object()), as_tuple(bases));
    if (!winner) return nullptr;
    meta_hold = new_ref(Value(winner));
    metaclass = meta_hold.value();
  }
  // namespace = metaclass.__prepare__(name, bases, **kwds)
  Ref<> namespace_object;
  Ref<> prepare;
  if (get_attr_optional(metaclass, ID(__prepare__), &prepare) < 0) return nullptr;
  std::vector<Value> call_args = {name, bases.value()};
  call_args.insert(call_args.end(), kw_values.begin(), kw_values.end());
  if (prepare) {
    namespace_object = call(prepare, call_args.data(), 2, kwn);
    if (!namespace_object) return nullptr;
    if (!type_of(namespace_object)->getitem) {
      std::string meta_name = is_class ? type_short_name(static_cast<TypeObject*>(metaclass.as_object()))
                                       : std::string("<metaclass>");
      return type_error("{}.__prepare__() must return a mapping, not {}", meta_name, type_name(namespace_object));
    }
  } else {
    namespace_object = dict_new();
    if (!namespace_object) return nullptr;
  }
  // Run the class body with the namespace as its locals.
  FunctionObject* body = as_function(function);
  ThreadState* thread = current_thread();
  Frame* frame = frame_push(thread, body->code, body, Value(body->globals), Value(body->builtins),
                            namespace_object);
  if (!frame) return nullptr;
  Ref<> cell = eval_frame(thread, frame);
  if (!cell) return nullptr;
  if (changed) {
    if (!set_item(namespace_object, Value(str_intern_utf8("__orig_bases__")), orig_bases.value())) return nullptr;
  }
  std::vector<Value> meta_args = {name, bases.value(), namespace_object.value()};
  meta_args.insert(meta_args.end(), kw_values.begin(), kw_values.end());
  Ref<> cls = call(metaclass, meta_args.data(), 3, kwn);
  if (!cls) return nullptr;
  if (is_type(cell, &cell_type) && type_has_flag(cls, kTypeTypeSubclass)) {
    Value contents = as_cell(cell)->contents;
    if (contents != cls.value()) {
      if (!contents) {
        return runtime_error("__class__ not set defining {} as {}. Was __classcell__ propagated to type.__new__?",
                             repr_for_message(name), repr_for_message(cls));
      }
      return type_error("__class__ set to {} defining {} as {}", repr_for_message(contents),
                        repr_for_message(name), repr_for_message(cls));
    }
  }
  return cls;
}

}  // namespace krait
