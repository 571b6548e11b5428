// type: the type of types. Readying built-in types, the C3 MRO, attribute lookup along
// the MRO with a version-tagged cache, type attributes (__name__, __mro__, ...), and
// calling a type to make an instance. Class creation (type(name, bases, ns)) is in
// type_new.cpp; the dunder <-> slot machinery in slots.cpp.
#include <algorithm>
#include <cstring>
#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/function.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/mappingproxy.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "objects/type_internal.h"
#include "objects/wrapper.h"
#include "runtime/gc.h"

namespace krait {

std::string type_short_name(const TypeObject* type) {
  if (type->has_flag(kTypeHeap)) return std::string(str_utf8(Value(type->heap_name)));
  const char* dot = std::strrchr(type->name, '.');
  return dot ? dot + 1 : type->name;
}

// --- Subtype tests ---

bool is_subtype(const TypeObject* type, const TypeObject* base) {
  if (type == base) return true;
  if (type->mro) {
    TupleObject* mro = as_tuple(Value(type->mro));
    for (int64_t i = 0; i < mro->length; ++i) {
      if (mro->items[i].as_object() == base) return true;
    }
    return false;
  }
  // Not ready yet: follow the base chain.
  for (const TypeObject* t = type; t; t = t->base) {
    if (t == base) return true;
  }
  return base == &object_type;
}

// --- Version tags and the lookup cache ---
//
// A type's version tag names one state of the type and all its bases: it is reset
// whenever one of them changes (type_modified), so a cache entry keyed by (version, name)
// can never be stale. The cache maps interned names only (compared by pointer).

namespace {

uint32_t next_version_tag = 1;

struct LookupCacheEntry {
  uint32_t version;
  StrObject* name;
  Value value;  // borrowed: the type's dict owns it while the version is valid
};
constexpr size_t kLookupCacheSize = 4096;
LookupCacheEntry lookup_cache[kLookupCacheSize];

inline size_t lookup_cache_index(uint32_t version, StrObject* name) {
  return (version ^ (reinterpret_cast<uintptr_t>(name) >> 3)) & (kLookupCacheSize - 1);
}

struct SubclassList {
  std::vector<TypeObject*> types;
};

}  // namespace

uint32_t type_assign_version(TypeObject* type) {
  if (type->has_flag(kTypeValidVersion)) return type->version_tag;
  if (type->mro) {
    // A valid tag needs valid tags on all bases, so that modifying a base can reach it.
    TupleObject* mro = as_tuple(Value(type->mro));
    for (int64_t i = 1; i < mro->length; ++i) {
      if (!type_assign_version(static_cast<TypeObject*>(mro->items[i].as_object()))) return 0;
    }
  }
  if (next_version_tag == 0) return 0;  // exhausted: caching is off for new states
  type->version_tag = next_version_tag++;
  type->flags |= kTypeValidVersion;
  return type->version_tag;
}

void type_modified(TypeObject* type) {
  if (!type->has_flag(kTypeValidVersion)) return;
  type->flags &= ~uint64_t(kTypeValidVersion);
  type->version_tag = 0;
  if (auto* list = reinterpret_cast<SubclassList*>(type->subclasses)) {
    for (TypeObject* sub : list->types) type_modified(sub);
  }
}

void type_add_subclass(TypeObject* base, TypeObject* sub) {
  auto*& list = reinterpret_cast<SubclassList*&>(base->subclasses);
  if (!list) list = new SubclassList();
  // __bases__ assigned from a metaclass mro() during class creation registers it early.
  if (std::find(list->types.begin(), list->types.end(), sub) != list->types.end()) return;
  list->types.push_back(sub);
}

std::vector<TypeObject*> type_subclasses(TypeObject* type) {
  auto* list = reinterpret_cast<SubclassList*>(type->subclasses);
  return list ? list->types : std::vector<TypeObject*>();
}

static void type_remove_subclass(TypeObject* base, TypeObject* sub) {
  auto* list = reinterpret_cast<SubclassList*>(base->subclasses);
  if (!list) return;
  auto it = std::find(list->types.begin(), list->types.end(), sub);
  if (it != list->types.end()) list->types.erase(it);
}

static Value type_lookup_uncached(TypeObject* type, StrObject* name) {
  if (!type->mro) {
    for (TypeObject* t = type; t; t = t->base) {
      if (!t->dict) continue;
      Value v = dict_get_str(as_dict(Value(t->dict)), name);
      if (v) return v;
    }
    return Value();
  }
  // A key's __eq__ may assign __bases__ mid-walk: finish with the MRO we started with.
  Ref<TupleObject> mro = new_ref(as_tuple(Value(type->mro)));
  for (int64_t i = 0; i < mro->length; ++i) {
    auto* base = static_cast<TypeObject*>(mro->items[i].as_object());
    Value v = dict_get_str(as_dict(Value(base->dict)), name);
    if (v) return v;
  }
  return Value();
}

Value type_lookup(TypeObject* type, StrObject* name) {
  if (name->interned && type->has_flag(kTypeValidVersion)) {
    LookupCacheEntry& entry = lookup_cache[lookup_cache_index(type->version_tag, name)];
    if (entry.version == type->version_tag && entry.name == name) return entry.value;
  }
  Value v = type_lookup_uncached(type, name);
  if (name->interned && type_assign_version(type)) {
    LookupCacheEntry& entry = lookup_cache[lookup_cache_index(type->version_tag, name)];
    entry = {type->version_tag, name, v};
  }
  return v;
}

// --- The C3 linearisation (the MRO) ---
//
// mro(C) = [C] + merge(mro(B1), ..., mro(Bn), [B1, ..., Bn]). merge repeatedly takes the
// first head of a list that appears in no other list's tail; if no head qualifies the
// hierarchy is inconsistent.

Ref<TupleObject> type_compute_mro(TypeObject* type) {
  TupleObject* bases = as_tuple(Value(type->bases));
  std::vector<std::vector<TypeObject*>> lists;
  for (int64_t i = 0; i < bases->length; ++i) {
    auto* base = static_cast<TypeObject*>(bases->items[i].as_object());
    std::vector<TypeObject*> list;
    // A metaclass's mro() may subclass the class whose MRO it is computing.
    if (!base->mro) return type_error("Cannot extend an incomplete type '{}'", base->name);
    TupleObject* base_mro = as_tuple(Value(base->mro));
    for (int64_t j = 0; j < base_mro->length; ++j) {
      list.push_back(static_cast<TypeObject*>(base_mro->items[j].as_object()));
    }
    lists.push_back(std::move(list));
  }
  std::vector<TypeObject*> direct;
  for (int64_t i = 0; i < bases->length; ++i) {
    auto* base = static_cast<TypeObject*>(bases->items[i].as_object());
    if (std::find(direct.begin(), direct.end(), base) != direct.end()) {
      return type_error("duplicate base class {}", type_short_name(base));
    }
    direct.push_back(base);
  }
  lists.push_back(direct);

  std::vector<TypeObject*> result = {type};
  std::vector<size_t> heads(lists.size(), 0);
  for (;;) {
    bool remaining = false;
    TypeObject* candidate = nullptr;
    for (size_t i = 0; i < lists.size() && !candidate; ++i) {
      if (heads[i] >= lists[i].size()) continue;
      remaining = true;
      TypeObject* head = lists[i][heads[i]];
      bool in_tail = false;
      for (size_t j = 0; j < lists.size() && !in_tail; ++j) {
        auto begin = lists[j].begin() + std::min(heads[j] + 1, lists[j].size());
        in_tail = std::find(begin, lists[j].end(), head) != lists[j].end();
      }
      if (!in_tail) candidate = head;
    }
    if (!remaining) break;
    if (!candidate) {
      // "Cannot create a consistent method resolution order (MRO) for bases A, B"
      std::string names;
      std::vector<TypeObject*> listed;
      for (size_t i = 0; i < lists.size(); ++i) {
        if (heads[i] >= lists[i].size()) continue;
        TypeObject* head = lists[i][heads[i]];
        if (std::find(listed.begin(), listed.end(), head) != listed.end()) continue;
        listed.push_back(head);
        if (!names.empty()) names += ", ";
        names += type_short_name(head);
      }
      return type_error(
          "Cannot create a consistent method resolution\norder (MRO) for bases {}", names);
    }
    result.push_back(candidate);
    for (size_t i = 0; i < lists.size(); ++i) {
      if (heads[i] < lists[i].size() && lists[i][heads[i]] == candidate) ++heads[i];
    }
  }
  Ref<TupleObject> mro = tuple_allocate(int64_t(result.size()));
  if (!mro) return nullptr;
  for (size_t i = 0; i < result.size(); ++i) {
    incref(result[i]);
    mro->items[i] = Value(result[i]);
  }
  return mro;
}

// --- Readying built-in types ---

namespace {

bool add_to_type_dict(TypeObject* type, const char* name, Ref<>&& value) {
  if (!value) return false;
  StrObject* key = str_intern_utf8(name);
  DictObject* dict = as_dict(Value(type->dict));
  // An explicitly declared method wins over a generated slot wrapper of the same name.
  if (dict_get_str(dict, key)) return true;
  return dict_set(dict, Value(key), value);
}

bool add_methods(TypeObject* type) {
  for (const MethodDef* def = type->methods; def && def->name; ++def) {
    Ref<> descriptor;
    if (def->flags & kMethodStatic) {
      Ref<> function = builtin_function_new(def, Value(), Value());
      if (!function) return false;
      // No __self__, but the qualname is the type's: str.maketrans.
      static_cast<BuiltinFunctionObject*>(function.get())->owner = type;
      descriptor = staticmethod_new(function);
    } else if (def->flags & kMethodClass) {
      descriptor = method_descriptor_new(type, def);
      if (descriptor) descriptor.get()->type = &classmethod_descriptor_type;
    } else {
      descriptor = method_descriptor_new(type, def);
    }
    if (!add_to_type_dict(type, def->name, std::move(descriptor))) return false;
  }
  // CPython's order in the type's dict: members before getsets.
  for (const MemberDef* def = type->members; def && def->name; ++def) {
    if (!add_to_type_dict(type, def->name, member_descriptor_new(type, def))) return false;
  }
  for (const GetSetDef* def = type->getsets; def && def->name; ++def) {
    if (!add_to_type_dict(type, def->name, getset_descriptor_new(type, def))) return false;
  }
  return true;
}

}  // namespace

void type_inherit_slots(TypeObject* type, TypeObject* base) {
  // Copy every slot the type leaves empty; a few are special: the hash goes with the
  // comparison (a type defining __eq__ but not __hash__ is unhashable), and the lifecycle
  // slots of the memory layout are not inherited by static types of a different layout.
  TypeSlots& slots = *type;
  const TypeSlots& inherited = *base;
  bool defines_compare = slots.compare != nullptr;
  bool defines_hash = slots.hash != nullptr;
#define INHERIT(field) \
  if (!slots.field) slots.field = inherited.field;
  INHERIT(dealloc) INHERIT(traverse) INHERIT(clear) INHERIT(finalize)
  // A type that may not be instantiated ("cannot create 'x' instances") keeps no __new__.
  if (!type->has_flag(kTypeDisallowInstantiation)) INHERIT(new_instance)
  INHERIT(init) INHERIT(repr) INHERIT(str)
  INHERIT(getattr) INHERIT(setattr) INHERIT(descr_get) INHERIT(descr_set) INHERIT(call)
  INHERIT(iter) INHERIT(iternext) INHERIT(length) INHERIT(getitem) INHERIT(setitem)
  INHERIT(contains) INHERIT(concat) INHERIT(repeat) INHERIT(inplace_concat)
  INHERIT(inplace_repeat) INHERIT(add) INHERIT(subtract) INHERIT(multiply) INHERIT(matrix_multiply)
  INHERIT(true_divide) INHERIT(floor_divide) INHERIT(remainder) INHERIT(divmod) INHERIT(power)
  INHERIT(lshift) INHERIT(rshift) INHERIT(bit_and) INHERIT(bit_or) INHERIT(bit_xor)
  INHERIT(inplace_add) INHERIT(inplace_subtract) INHERIT(inplace_multiply)
  INHERIT(inplace_matrix_multiply) INHERIT(inplace_true_divide) INHERIT(inplace_floor_divide)
  INHERIT(inplace_remainder) INHERIT(inplace_power) INHERIT(inplace_lshift)
  INHERIT(inplace_rshift) INHERIT(inplace_bit_and) INHERIT(inplace_bit_or)
  INHERIT(inplace_bit_xor) INHERIT(negative) INHERIT(positive) INHERIT(absolute)
  INHERIT(invert) INHERIT(to_bool) INHERIT(to_int) INHERIT(to_float) INHERIT(to_index)
  INHERIT(await) INHERIT(aiter) INHERIT(anext) INHERIT(get_buffer) INHERIT(release_buffer)
#undef INHERIT
  if (!defines_compare && !defines_hash) {
    slots.compare = inherited.compare;
    slots.hash = inherited.hash;
  } else if (!defines_compare) {
    slots.compare = inherited.compare;
  } else if (!defines_hash && !type->has_flag(kTypeHeap)) {
    // A static type with its own comparison and no hash stays unhashable.
  }
  if (type->dict_offset == 0) type->dict_offset = base->dict_offset;
  if (type->weaklist_offset == 0) type->weaklist_offset = base->weaklist_offset;
  if (type->basic_size == 0) type->basic_size = base->basic_size;
  if (type->item_size == 0) type->item_size = base->item_size;
}

bool type_ready(TypeObject* type) {
  if (type->has_flag(kTypeReady)) return true;
  if (type->has_flag(kTypeReadying)) return true;  // a base of itself through its dict
  type->flags |= kTypeReadying;
  if (!type->base && type != &object_type) type->base = &object_type;
  if (type->base && !type_ready(type->base)) return false;
  // CPython's rule: a static type directly under object that defines no way to create
  // instances is not instantiable (it would otherwise inherit object.__new__ and make
  // uninitialised generators, frames, descriptors...).
  if (type->base == &object_type && !type->has_flag(kTypeHeap) && !type->new_instance &&
      !type->init) {
    type->flags |= kTypeDisallowInstantiation;
  }
  if (!type->bases) {
    type->bases = type->base ? tuple_of({Value(type->base)}).release_object()
                             : tuple_empty().release_object();
  }
  TupleObject* bases = as_tuple(Value(type->bases));
  for (int64_t i = 0; i < bases->length; ++i) {
    auto* base = static_cast<TypeObject*>(bases->items[i].as_object());
    if (!type_ready(base)) return false;
    type->flags |= base->flags & kTypeInheritedFlags;
  }
  if (!type->dict) {
    Ref<DictObject> dict = dict_new();
    if (!dict) return false;
    type->dict = dict.release_object();
  }
  if (!add_methods(type) || !slots_add_wrappers(type)) return false;
  DictObject* dict = as_dict(Value(type->dict));
  if (!dict_get_str(dict, ID(__doc__))) {
    Ref<> doc = type->doc ? Ref<>(str_from_utf8(split_internal_doc(type_short_name(type), type->doc).body))
                          : new_none();
    if (!doc || !dict_set(dict, Value(ID(__doc__)), doc)) return false;
  }
  // A type that compares but does not hash is unhashable: __hash__ = None.
  if (type->compare && !type->hash && !dict_get_str(dict, ID(__hash__))) {
    if (!dict_set(dict, Value(ID(__hash__)), None())) return false;
  }
  if (type == &object_type) {
    type->mro = tuple_of({Value(type)}).release_object();
  } else {
    Ref<TupleObject> mro = type_compute_mro(type);
    if (!mro) return false;
    type->mro = mro.release_object();
    TupleObject* mro_tuple = as_tuple(Value(type->mro));
    for (int64_t i = 1; i < mro_tuple->length; ++i) {
      type_inherit_slots(type, static_cast<TypeObject*>(mro_tuple->items[i].as_object()));
    }
    for (int64_t i = 0; i < bases->length; ++i) {
      type_add_subclass(static_cast<TypeObject*>(bases->items[i].as_object()), type);
    }
  }
  type->flags = (type->flags & ~uint64_t(kTypeReadying)) | kTypeReady;
  return true;
}

// --- The `type` type's slots ---

namespace {

TypeObject* as_type(Value v) { return static_cast<TypeObject*>(v.as_object()); }

Ref<> type_repr(Value self) {
  TypeObject* type = as_type(self);
  Ref<> module = get_attr(self, ID(__module__));
  if (!module) clear_error();
  std::string qualname;
  if (type->has_flag(kTypeHeap)) {
    qualname = std::string(str_utf8(Value(type->heap_qualname)));
  } else {
    const char* dot = std::strrchr(type->name, '.');
    qualname = dot ? dot + 1 : type->name;
  }
  if (module && is_str(module) && !str_equal_ascii(as_str(module), "builtins")) {
    return str_from_utf8("<class '" + std::string(str_utf8(module.value())) + "." + qualname + "'>");
  }
  // No usable module (or builtins): CPython shows tp_name, the __name__ of a class.
  return str_from_utf8("<class '" + std::string(type->name) + "'>");
}

// type.__getattribute__: data descriptors on the metatype win, then the type's own MRO
// (binding descriptors with instance None), then other metatype attributes.
Ref<> type_getattr(Value self, StrObject* name) {
  TypeObject* type = as_type(self);
  TypeObject* metatype = type_of(self);
  Value meta_attribute = type_lookup(metatype, name);
  DescrGetFn meta_get = nullptr;
  Ref<> meta_hold;
  if (meta_attribute) {
    meta_hold = new_ref(meta_attribute);
    TypeObject* attr_type = type_of(meta_attribute);
    meta_get = attr_type->descr_get;
    if (meta_get && attr_type->descr_set) return meta_get(meta_attribute, self, Value(metatype));
  }
  Value attribute = type_lookup(type, name);
  if (attribute) {
    Ref<> hold = new_ref(attribute);
    DescrGetFn local_get = type_of(attribute)->descr_get;
    if (local_get) return local_get(attribute, Value(), self);
    return hold;
  }
  if (meta_get) return meta_get(meta_attribute, self, Value(metatype));
  if (meta_hold) return meta_hold;
  return attribute_error("type object '{}' has no attribute '{}'", type->name,
                         str_utf8(name));
}

int type_setattr(Value self, StrObject* name, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap) || type->has_flag(kTypeImmutable)) {
    const char* dot = std::strrchr(type->name, '.');
    return type_error("cannot set '{}' attribute of immutable type '{}'", str_utf8(name),
                      dot ? dot + 1 : type->name);
  }
  // Data descriptors on the metatype (e.g. __name__, __doc__ getsets) take the assignment.
  TypeObject* metatype = type_of(self);
  Value meta_attribute = type_lookup(metatype, name);
  if (meta_attribute) {
    DescrSetFn setter = type_of(meta_attribute)->descr_set;
    if (setter) {
      Ref<> hold = new_ref(meta_attribute);
      return setter(meta_attribute, self, value);
    }
  }
  DictObject* dict = as_dict(Value(type->dict));
  if (value) {
    if (!dict_set(dict, Value(name), value)) return -1;
  } else {
    int removed = dict_remove(dict, Value(name));
    if (removed < 0) return -1;
    if (removed == 0) {
      return attribute_error("type object '{}' has no attribute '{}'",
                             str_utf8(Value(type->heap_name)), str_utf8(name));
    }
  }
  type_modified(type);
  // Assigning a dunder may change which slot dispatcher the type needs.
  std::string_view text = str_utf8(name);
  if (text.size() > 4 && text.substr(0, 2) == "__" && text.substr(text.size() - 2) == "__") {
    slots_update_for_name(type, name);
  }
  return 0;
}

void type_dealloc(Object* o) {
  auto* type = static_cast<TypeObject*>(o);
  gc_untrack(o);
  clear_weakrefs(o);
  if (type->bases) {
    TupleObject* bases = as_tuple(Value(type->bases));
    for (int64_t i = 0; i < bases->length; ++i) {
      type_remove_subclass(static_cast<TypeObject*>(bases->items[i].as_object()), type);
    }
  }
  delete reinterpret_cast<SubclassList*>(type->subclasses);
  for (Object** field : {&type->bases, &type->mro, &type->dict, &type->heap_name,
                         &type->heap_qualname, &type->heap_slots, &type->heap_module}) {
    if (*field) decref(*field);
    *field = nullptr;
  }
  // Member definitions made for __slots__ are owned by the type.
  if (type->members) delete[] type->members;
  if (type->cached_keys) dict_shared_keys_release(type->cached_keys);
  free_object(o);
}

void type_traverse(Object* o, VisitFn visit, void* arg) {
  auto* type = static_cast<TypeObject*>(o);
  if (!type->has_flag(kTypeHeap)) return;
  for (Object* field : {type->dict, type->bases, type->mro, type->heap_module}) {
    if (field) visit(field, arg);
  }
  if (type->has_flag(kTypeHeap)) visit(type->type, arg);
}

void type_clear(Object* o) {
  auto* type = static_cast<TypeObject*>(o);
  // As CPython: the namespace, and the MRO, whose first item is the class itself (a cycle
  // nothing else breaks). Lookups on a type without an MRO walk its base chain; bases
  // stay, so instances torn down in the same cycle still find their layout.
  type_modified(type);
  if (type->dict) dict_clear(as_dict(Value(type->dict)));
  if (type->mro) {
    Object* mro = type->mro;
    type->mro = nullptr;
    decref(mro);
  }
}

// --- Attributes of type objects ---

Ref<> type_get_name(Value self) {
  TypeObject* type = as_type(self);
  if (type->has_flag(kTypeHeap)) return new_ref(Value(type->heap_name));
  const char* dot = std::strrchr(type->name, '.');
  return str_from_utf8(dot ? dot + 1 : type->name);
}

int type_set_name(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__name__' attribute of immutable type '{}'", type->name);
  }
  if (!value) return type_error("cannot delete '__name__' attribute of immutable type '{}'", type->name);
  if (!is_str(value)) {
    return type_error("can only assign string to {}.__name__, not '{}'",
                      str_utf8(Value(type->heap_name)), type_name(value));
  }
  if (!str_check_utf8_encodable(as_str(value))) return -1;
  if (std::string_view(str_utf8(value)).find('\0') != std::string_view::npos) {
    return value_error("type name must not contain null characters");
  }
  // The old name is dropped last: its __del__ may look at the type.
  incref(value);
  Object* old = type->heap_name;
  type->heap_name = value.as_object();
  type->name = str_utf8(value).data();
  decref(old);
  return 0;
}

Ref<> type_get_qualname(Value self) {
  TypeObject* type = as_type(self);
  if (type->has_flag(kTypeHeap)) return new_ref(Value(type->heap_qualname));
  return type_get_name(self);
}

int type_set_qualname(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__qualname__' attribute of immutable type '{}'", type->name);
  }
  if (!value) return type_error("cannot delete '__qualname__' attribute of immutable type '{}'", type->name);
  if (!is_str(value)) {
    return type_error("can only assign string to {}.__qualname__, not '{}'",
                      str_utf8(Value(type->heap_name)), type_name(value));
  }
  incref(value);
  Object* old = type->heap_qualname;
  type->heap_qualname = value.as_object();
  decref(old);
  return 0;
}

Ref<> type_get_module(Value self) {
  TypeObject* type = as_type(self);
  if (type->has_flag(kTypeHeap)) {
    Value module = dict_get_str(as_dict(Value(type->dict)), ID(__module__));
    if (!module) return attribute_error("__module__");
    return new_ref(module);
  }
  const char* dot = std::strrchr(type->name, '.');
  // Interned, as CPython's: pickle memoizes the module name of consecutive globals by identity.
  if (dot) return new_ref(Value(str_intern_utf8(std::string_view(type->name, size_t(dot - type->name)))));
  return new_ref(Value(str_intern_utf8("builtins")));
}

int type_set_module(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__module__' attribute of immutable type '{}'", type->name);
  }
  if (!value) return type_error("cannot delete '__module__' attribute");
  type_modified(type);
  return dict_set(as_dict(Value(type->dict)), Value(ID(__module__)), value) ? 0 : -1;
}

Ref<> type_get_bases(Value self) { return new_ref(Value(as_type(self)->bases)); }

// One MRO replaced by a __bases__ change: the type holds new_mro; old_mro (owned) is what
// an undo puts back.
struct MroChange {
  TypeObject* type;
  Object* new_mro;
  Object* old_mro;
};

// Recomputes the MRO of `type`, then of its subclasses, recording each change. Returns
// -1 on error, 0 when a reentrant mro() (assigning __bases__ again) already replaced it.
int recompute_mro_hierarchy(TypeObject* type, std::vector<MroChange>* changes) {
  Object* old = type->mro;
  if (old) incref(old);
  Ref<TupleObject> mro = type_mro_for(type);
  bool reentered = type->mro != old;
  if (old) decref(old);  // the type's own reference stays unless it was replaced
  if (!mro) return -1;
  if (reentered) return 0;
  type->mro = mro.release_object();
  type_modified(type);
  changes->push_back({type, type->mro, old});
  for (TypeObject* sub : type_subclasses(type)) {
    if (recompute_mro_hierarchy(sub, changes) < 0) return -1;
  }
  return 1;
}

void fixup_slots_hierarchy(TypeObject* type) {
  if (type->has_flag(kTypeHeap)) slots_fixup_heap_type(type);
  for (TypeObject* sub : type_subclasses(type)) fixup_slots_hierarchy(sub);
}

int type_set_bases(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__bases__' attribute of immutable type '{}'", type->name);
  }
  if (!value) return type_error("cannot delete '__bases__' attribute of immutable type '{}'", type->name);
  if (!is_tuple(value)) {
    return type_error("can only assign tuple to {}.__bases__, not {}", type->name, type_name(value));
  }
  TupleObject* new_bases = as_tuple(value);
  if (new_bases->length == 0) {
    return type_error("can only assign non-empty tuple to {}.__bases__, not ()", type->name);
  }
  for (int64_t i = 0; i < new_bases->length; ++i) {
    Value b = new_bases->items[i];
    if (!type_has_flag(b, kTypeTypeSubclass)) {
      return type_error("{}.__bases__ must be tuple of classes, not '{}'", type->name, type_name(b));
    }
    // While a reentrant mro() runs, the MROs lag behind the `base` links: check both.
    auto* candidate = static_cast<TypeObject*>(b.as_object());
    bool cycle = is_subtype(candidate, type);
    for (TypeObject* t = candidate; t && !cycle && candidate->mro; t = t->base) cycle = t == type;
    if (cycle) return type_error("a __bases__ item causes an inheritance cycle");
  }
  TypeObject* new_base = best_base(new_bases);
  if (!new_base) return -1;
  if (!compatible_for_assignment(type->base, new_base, "__bases__")) return -1;
  Ref<> old_bases = Ref<>::steal(Value(type->bases));
  Ref<> old_base = Ref<>::steal(Value(type->base));
  incref(new_bases);
  incref(new_base);
  type->bases = new_bases;
  type->base = new_base;
  std::vector<MroChange> changes;
  bool ok = recompute_mro_hierarchy(type, &changes) >= 0;
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    // On failure put back each MRO that nothing (reentrant) replaced since.
    if (!ok && it->type->mro == it->new_mro) {
      it->type->mro = it->old_mro;
      type_modified(it->type);
      decref(it->new_mro);
    } else if (it->old_mro) {
      decref(it->old_mro);
    }
  }
  // A reentrant mro() may have assigned other bases meanwhile: those stand.
  if (type->bases != new_bases) return ok ? 0 : -1;
  if (!ok) {
    decref(type->bases);
    decref(type->base);
    type->bases = old_bases.release_object();
    type->base = static_cast<TypeObject*>(old_base.release_object());
    return -1;
  }
  TupleObject* old_tuple = as_tuple(old_bases);
  for (int64_t i = 0; i < old_tuple->length; ++i) {
    type_remove_subclass(static_cast<TypeObject*>(old_tuple->items[i].as_object()), type);
  }
  for (int64_t i = 0; i < new_bases->length; ++i) {
    type_add_subclass(static_cast<TypeObject*>(new_bases->items[i].as_object()), type);
  }
  fixup_slots_hierarchy(type);
  return 0;
}
Ref<> type_get_base(Value self) {
  TypeObject* base = as_type(self)->base;
  return base ? new_ref(Value(base)) : new_none();
}
Ref<> type_get_mro(Value self) {
  Object* mro = as_type(self)->mro;
  return mro ? new_ref(Value(mro)) : new_none();
}
Ref<> type_get_dict(Value self) { return mappingproxy_new(Value(as_type(self)->dict)); }

Ref<> type_get_doc(Value self) {
  TypeObject* type = as_type(self);
  // A static type's own doc wins over a __doc__ descriptor for its instances (property).
  if (!type->has_flag(kTypeHeap) && type->doc) {
    return str_from_utf8(split_internal_doc(type_short_name(type), type->doc).body);
  }
  Value doc = dict_get_str(as_dict(Value(type->dict)), ID(__doc__));
  if (!doc) return new_none();
  DescrGetFn get = type_of(doc)->descr_get;
  if (get) return get(doc, Value(), self);
  return new_ref(doc);
}

int type_set_doc(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__doc__' attribute of immutable type '{}'", type->name);
  }
  if (!value) return type_error("cannot delete '__doc__' attribute of immutable type '{}'", type->name);
  type_modified(type);
  return dict_set(as_dict(Value(type->dict)), Value(ID(__doc__)), value) ? 0 : -1;
}

Ref<> type_get_abstractmethods(Value self) {
  // Only abc-made classes have it; `type` itself must raise AttributeError.
  Value v = self.as_object() == &type_type
                ? Value()
                : dict_get_str(as_dict(Value(as_type(self)->dict)), ID(__abstractmethods__));
  if (!v) return attribute_error("__abstractmethods__");
  return new_ref(v);
}

int type_set_abstractmethods(Value self, Value value) {
  TypeObject* type = as_type(self);
  DictObject* dict = as_dict(Value(type->dict));
  int truth = 0;
  if (value) {
    truth = is_true(value);
    if (truth < 0 || !dict_set(dict, Value(ID(__abstractmethods__)), value)) return -1;
  } else {
    int removed = dict_remove(dict, Value(ID(__abstractmethods__)));
    if (removed <= 0) return removed < 0 ? -1 : attribute_error("__abstractmethods__");
  }
  type_modified(type);
  if (truth) type->flags |= kTypeAbstract;
  else type->flags &= ~uint64_t(kTypeAbstract);
  return 0;
}

Ref<> type_get_annotations(Value self) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return attribute_error("type object '{}' has no attribute '__annotations__'", type->name);
  }
  DictObject* dict = as_dict(Value(type->dict));
  Value annotations = dict_get_str(dict, ID(__annotations__));
  if (annotations) {
    DescrGetFn get = type_of(annotations)->descr_get;
    if (get) return get(annotations, Value(), self);
    return new_ref(annotations);
  }
  Ref<DictObject> fresh = dict_new();
  if (!fresh || !dict_set(dict, Value(ID(__annotations__)), fresh.value())) return nullptr;
  type_modified(type);
  return fresh;
}

int type_set_annotations(Value self, Value value) {
  TypeObject* type = as_type(self);
  if (!type->has_flag(kTypeHeap)) {
    return type_error("cannot set '__annotations__' attribute of immutable type '{}'", type->name);
  }
  DictObject* dict = as_dict(Value(type->dict));
  type_modified(type);
  if (value) return dict_set(dict, Value(ID(__annotations__)), value) ? 0 : -1;
  int removed = dict_remove(dict, Value(ID(__annotations__)));
  if (removed == 0) return attribute_error("__annotations__");
  return removed < 0 ? -1 : 0;
}

Ref<> type_get_text_signature(Value self) {
  TypeObject* type = as_type(self);
  std::string_view signature;
  if (type->has_flag(kTypeHeap)) {
    // A class's docstring may start with the same "Name(sig)\n--\n\n" (CPython reads the
    // tp_doc it copied from __doc__ when the class was made).
    Value doc = dict_get_str(as_dict(Value(type->dict)), ID(__doc__));
    if (!doc || !is_str(doc)) return new_none();
    std::string text(str_utf8(doc));
    signature = split_internal_doc(type_short_name(type), text.c_str()).signature;
    return signature.empty() ? new_none() : Ref<>(str_from_utf8(signature));
  }
  signature = split_internal_doc(type_short_name(type), type->doc).signature;
  return signature.empty() ? new_none() : Ref<>(str_from_utf8(signature));
}

Ref<> type_get_basicsize(Value self) { return int_from_small(as_type(self)->basic_size); }
Ref<> type_get_itemsize(Value self) { return int_from_small(as_type(self)->item_size); }
Ref<> type_get_flags(Value self) {
  // CPython's flag values for the bits Python code tests (inspect, abc, copyreg).
  TypeObject* type = as_type(self);
  int64_t flags = 0;
  if (type->has_flag(kTypeHeap)) flags |= 1 << 9;
  if (type->has_flag(kTypeBaseType)) flags |= 1 << 10;
  if (type->has_flag(kTypeReady)) flags |= 1 << 12;
  if (type->has_flag(kTypeHaveGC)) flags |= 1 << 14;
  if (type->has_flag(kTypeMethodDescriptor)) flags |= 1 << 17;
  if (type->has_flag(kTypeAbstract)) flags |= 1 << 20;
  if (type->has_flag(kTypeIntSubclass)) flags |= 1 << 24;
  if (type->has_flag(kTypeListSubclass)) flags |= 1 << 25;
  if (type->has_flag(kTypeTupleSubclass)) flags |= 1 << 26;
  if (type->has_flag(kTypeBytesSubclass)) flags |= 1 << 27;
  if (type->has_flag(kTypeStrSubclass)) flags |= 1 << 28;
  if (type->has_flag(kTypeDictSubclass)) flags |= 1 << 29;
  if (type->has_flag(kTypeBaseExceptionSubclass)) flags |= 1 << 30;
  if (type->has_flag(kTypeTypeSubclass)) flags |= int64_t{1} << 31;
  if (type->has_flag(kTypeSequence)) flags |= 1 << 5;
  if (type->has_flag(kTypeMapping)) flags |= 1 << 6;
  if (type->has_flag(kTypeImmutable)) flags |= 1 << 8;
  return int_from_small(flags);
}
Ref<> type_get_dictoffset(Value self) { return int_from_small(as_type(self)->dict_offset); }
Ref<> type_get_weakrefoffset(Value self) { return int_from_small(as_type(self)->weaklist_offset); }

Ref<> type_mro_method(Value self, const Value* args) {
  Ref<TupleObject> mro = type_compute_mro(as_type(self));
  if (!mro) return nullptr;
  return list_from_array(mro->items, mro->length);
}

Ref<> type_subclasses_method(Value self, const Value* args) {
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  if (auto* list = reinterpret_cast<SubclassList*>(as_type(self)->subclasses)) {
    for (TypeObject* sub : list->types) {
      if (!list_append(result.get(), Value(sub))) return nullptr;
    }
  }
  return result;
}

Ref<> type_instancecheck_method(Value self, const Value* args) {
  int result = real_is_instance(args[0], self);
  if (result < 0) return nullptr;
  return new_bool(result);
}

Ref<> type_subclasscheck_method(Value self, const Value* args) {
  int result = real_is_subclass(args[0], self);
  if (result < 0) return nullptr;
  return new_bool(result);
}

Ref<> type_prepare_method(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  return dict_new();
}

Ref<> type_sizeof_method(Value self, const Value* args) {
  return int_from_small(int64_t(sizeof(TypeObject)));
}

Ref<> type_dir_method(Value self, const Value* args) {
  // dir(cls): the keys of the class and all its bases, in a dict sized up front for the
  // names of the classes on the MRO (no resizes while merging them).
  int64_t expected = 0;
  TypeObject* type = as_type(self);
  if (type->mro && is_tuple(Value(type->mro))) {
    TupleObject* mro = as_tuple(Value(type->mro));
    for (int64_t i = 0; i < mro->length; ++i) {
      Object* dict = as_type(mro->items[i])->dict;
      if (dict && is_dict(Value(dict))) expected += as_dict(Value(dict))->used;
    }
  }
  Ref<DictObject> names = expected ? dict_new_presized(expected, true) : dict_new();
  if (!names || !merge_class_dict(names.get(), self)) return nullptr;
  return dict_keys_list(names.get());
}

const MethodDef type_methods[] = {
    {.name = "mro", .impl = type_mro_method, .signature = "($self, /)",
     .doc = "Return a type's method resolution order."},
    {.name = "__subclasses__", .impl = type_subclasses_method, .signature = "($self, /)",
     .doc = "Return a list of immediate subclasses."},
    {.name = "__instancecheck__", .impl = type_instancecheck_method,
     .signature = "($self, instance, /)", .doc = "Check if an object is an instance."},
    {.name = "__subclasscheck__", .impl = type_subclasscheck_method,
     .signature = "($self, subclass, /)", .doc = "Check if a class is a subclass."},
    {.name = "__prepare__", .raw = type_prepare_method,
     .doc = "__prepare__() -> dict\nused to create the namespace for the class statement",
     .flags = kMethodClass},
    {.name = "__sizeof__", .impl = type_sizeof_method, .signature = "($self, /)",
     .doc = "Return memory consumption of the type object."},
    {.name = "__dir__", .impl = type_dir_method, .signature = "($self, /)",
     .doc = "Specialized __dir__ implementation for types."},
    {},
};

const GetSetDef type_getsets[] = {
    {"__name__", type_get_name, type_set_name},
    {"__qualname__", type_get_qualname, type_set_qualname},
    {"__bases__", type_get_bases, type_set_bases},
    {"__module__", type_get_module, type_set_module},
    {"__abstractmethods__", type_get_abstractmethods, type_set_abstractmethods},
    {"__dict__", type_get_dict},
    {"__doc__", type_get_doc, type_set_doc},
    {"__text_signature__", type_get_text_signature},
    {"__annotations__", type_get_annotations, type_set_annotations},
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef type_members[] = {
    {.name = "__mro__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_mro},
    {.name = "__base__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_base},
    {.name = "__basicsize__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_basicsize},
    {.name = "__itemsize__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_itemsize},
    {.name = "__flags__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_flags},
    {.name = "__dictoffset__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_dictoffset},
    {.name = "__weakrefoffset__", .kind = MemberKind::Computed, .readonly = true, .get = type_get_weakrefoffset},
    {},
};

Ref<> type_new_slot(TypeObject* metatype, const Value* args, size_t nargs, TupleObject* kwnames) {
  return type_new_class(metatype, args, nargs, kwnames);
}

int type_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs == 1 && nkw == 0) return 0;
  if (nargs != 1 && nargs != 3) return type_error("type.__init__() takes 1 or 3 arguments");
  return 0;
}

}  // namespace

TypeObject type_type{TypeSpec{
    .name = "type",
    .doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
    .basic_size = sizeof(TypeObject),
    .flags = kTypeBaseType | kTypeHaveGC | kTypeTypeSubclass,
    .dict_offset = 0,
    .weaklist_offset = offsetof(TypeObject, weaklist),
    .slots = {.dealloc = type_dealloc,
              .traverse = type_traverse,
              .clear = type_clear,
              .new_instance = type_new_slot,
              .init = type_init,
              .repr = type_repr,
              .getattr = type_getattr,
              .setattr = type_setattr,
              .call = type_call,
              .bit_or = type_or},
    .methods = type_methods,
    .getsets = type_getsets,
    .members = type_members,
}};

bool merge_class_dict(DictObject* names, Value cls) {
  if (type_of(cls) == &type_type) {
    // Metaclass exactly type: __dict__ and __bases__ are type's data descriptors (nothing
    // in the class can shadow them), so read the fields without a mappingproxy, attribute
    // lookups or a tuple iterator. The tuple is held: merging may run a key's __eq__.
    TypeObject* type = as_type(cls);
    if (type->dict && !dict_update(names, Value(type->dict))) return false;
    if (!type->bases) return true;
    Ref<> bases = new_ref(Value(type->bases));
    TupleObject* tuple = as_tuple(bases);
    for (int64_t i = 0; i < tuple->length; ++i) {
      if (!merge_class_dict(names, tuple->items[i])) return false;
    }
    return true;
  }
  // Through the __dict__ and __bases__ attributes, so that classes that are not types
  // (with __bases__ only) work as in CPython.
  Ref<> dict;
  if (get_attr_optional(cls, ID(__dict__), &dict) < 0) return false;
  if (dict && !dict_update(names, dict)) return false;
  Ref<> bases;
  if (get_attr_optional(cls, ID(__bases__), &bases) < 0) return false;
  if (!bases) return true;
  Ref<> iterator = get_iter(bases);
  if (!iterator) return false;
  while (Ref<> base = iter_next(iterator)) {
    if (!merge_class_dict(names, base)) return false;
  }
  return !error_occurred();
}

}  // namespace krait
