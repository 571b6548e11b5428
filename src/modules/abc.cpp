// _abc: the native core of abc.ABCMeta (CPython's Modules/_abc.c semantics): each ABC keeps
// an _abc_data object (its _abc_impl) holding the registry of virtual subclasses and the
// positive/negative subclass caches, all weak; a global invalidation counter, bumped by
// every register(), expires the negative caches. abc.py's ABCMeta calls these functions.
#include <unordered_map>
#include <vector>

#include "core/alloc.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/weakref.h"
#include "objects/wrapper.h"

namespace krait {

namespace {

// Bumped by every ABC registration: negative caches older than it are stale.
uint64_t abc_invalidation_counter = 0;

// A set of objects (classes) held through weak references and keyed by identity. An entry
// whose weakref died is stale: its address may be reused by a new object, so a lookup
// checks the weakref still points at the object and drops the entry otherwise. Stale
// entries are also swept when the table has doubled since the last sweep.
class WeakIdentitySet {
 public:
  WeakIdentitySet() = default;
  WeakIdentitySet(const WeakIdentitySet&) = delete;
  WeakIdentitySet& operator=(const WeakIdentitySet&) = delete;
  ~WeakIdentitySet() { clear(); }

  bool contains(Value object) {
    if (!object.is_object()) return false;
    auto found = entries_.find(object.as_object());
    if (found == entries_.end()) return false;
    if (weakref_referent(found->second) == object) return true;
    drop(found);
    return false;
  }

  // False with an exception set if object cannot be weakly referenced.
  bool add(Value object) {
    if (contains(object)) return true;
    Ref<> ref = weakref_new(object, Value());
    if (!ref) return false;
    if (entries_.size() >= 2 * std::max<size_t>(live_at_sweep_, 8)) sweep();
    entries_.emplace(object.as_object(), ref.release());
    return true;
  }

  void clear() {
    // Detach first: dropping the weakrefs cannot reach back into this table.
    std::unordered_map<Object*, Value> old;
    old.swap(entries_);
    for (auto& [object, ref] : old) decref(ref);
    live_at_sweep_ = 0;
  }

  bool empty() const { return entries_.empty(); }

  // Strong references to the live members, for walks that may run Python code.
  std::vector<Ref<>> live_members() const {
    std::vector<Ref<>> members;
    for (auto& [object, ref] : entries_) {
      Value referent = weakref_referent(ref);
      if (referent == Value(object)) members.push_back(new_ref(referent));
    }
    return members;
  }

  // A set of the live weakrefs (what _get_dump shows).
  Ref<> to_set() const {
    Ref<SetObject> set = set_new();
    if (!set) return nullptr;
    for (auto& [object, ref] : entries_) {
      if (weakref_referent(ref) == Value(object) && !set_add(set.get(), ref)) return nullptr;
    }
    return set;
  }

 private:
  void drop(std::unordered_map<Object*, Value>::iterator entry) {
    Value ref = entry->second;
    entries_.erase(entry);
    decref(ref);
  }
  void sweep() {
    for (auto it = entries_.begin(); it != entries_.end();) {
      if (weakref_referent(it->second) == Value(it->first)) {
        ++it;
        continue;
      }
      Value ref = it->second;
      it = entries_.erase(it);
      decref(ref);
    }
    live_at_sweep_ = entries_.size();
  }

  std::unordered_map<Object*, Value> entries_;  // object -> its weakref (owned)
  size_t live_at_sweep_ = 0;
};

// An ABC's state (cls._abc_impl). Holds only weak references, so it needs no GC support.
struct AbcDataObject : Object {
  WeakIdentitySet* registry;
  WeakIdentitySet* cache;
  WeakIdentitySet* negative_cache;
  uint64_t negative_cache_version;
};

AbcDataObject* as_abc_data(Value v) { return static_cast<AbcDataObject*>(v.as_object()); }

Ref<> abc_data_new(TypeObject* type, const Value*, size_t, TupleObject*) {
  auto* data = allocate<AbcDataObject>(type);
  if (!data) return nullptr;
  data->registry = new WeakIdentitySet();
  data->cache = new WeakIdentitySet();
  data->negative_cache = new WeakIdentitySet();
  data->negative_cache_version = abc_invalidation_counter;
  return Ref<>::steal(Value(data));
}

void abc_data_dealloc(Object* o) {
  auto* data = static_cast<AbcDataObject*>(o);
  delete data->registry;
  delete data->cache;
  delete data->negative_cache;
  free_object(o);
}

TypeObject abc_data_type{TypeSpec{
    .name = "_abc._abc_data",
    .doc = "Internal state held by ABC machinery.",
    .basic_size = sizeof(AbcDataObject),
    .slots = {.dealloc = abc_data_dealloc, .new_instance = abc_data_new, .getattr = generic_get_attr},
}};

StrObject* abc_impl_name() {
  static StrObject* name = str_intern_utf8("_abc_impl");
  return name;
}

// cls._abc_impl, checked to be an _abc_data.
Ref<> get_impl(Value cls) {
  Ref<> impl = get_attr(cls, abc_impl_name());
  if (!impl) return nullptr;
  if (type_of(impl) != &abc_data_type) return type_error("_abc_impl is set to a wrong type");
  return impl;
}

// getattr(value, '__isabstractmethod__', False) as a truth value; -1 on error.
int is_abstract(Value value) {
  Ref<> flag;
  int found = get_attr_optional(value, ID(__isabstractmethod__), &flag);
  if (found <= 0) return found;
  return is_true(flag);
}

// Optional getattr with any key: non-str names raise as getattr does.
int lookup_attr(Value object, Value name, Ref<>* out) {
  if (!is_str(name)) {
    return type_error("attribute name must be string, not '{}'", type_name(name));
  }
  return get_attr_optional(object, as_str(name), out);
}

// Sets cls.__abstractmethods__ to the names that are still abstract: those defined
// abstract in the class body, and those inherited from a base's __abstractmethods__ whose
// value on cls is still abstract.
bool compute_abstract_methods(Value cls) {
  Ref<SetObject> abstracts = set_new(&frozenset_type);
  if (!abstracts) return false;
  Ref<> ns = get_attr(cls, ID(__dict__));
  if (!ns) return false;
  Ref<> items_method = get_attr(ns, "items");
  if (!items_method) return false;
  Ref<> items_view = call0(items_method);
  if (!items_view) return false;
  // A list first: __isabstractmethod__ lookups may mutate the namespace.
  Ref<> items = list_from_iterable(items_view);
  if (!items) return false;
  for (int64_t i = 0; i < as_list(items)->length; ++i) {
    Ref<> item = new_ref(as_list(items)->items[i]);
    if (!is_tuple(item)) return type_error("items() returned item which is not a 2-tuple");
    if (as_tuple(item)->length != 2) return type_error("items() returned item which size is not 2");
    int abstract = is_abstract(as_tuple(item)->items[1]);
    if (abstract < 0) return false;
    if (abstract && !set_add(abstracts.get(), as_tuple(item)->items[0])) return false;
  }
  Ref<> bases = get_attr(cls, ID(__bases__));
  if (!bases) return false;
  if (!is_tuple(bases)) return type_error("__bases__ is not tuple");
  for (int64_t i = 0; i < as_tuple(bases)->length; ++i) {
    Ref<> base_abstracts;
    int found = get_attr_optional(as_tuple(bases)->items[i], ID(__abstractmethods__), &base_abstracts);
    if (found < 0) return false;
    if (found == 0) continue;
    bool ok = for_each(base_abstracts, [&](Value name) {
      Ref<> value;
      int has = lookup_attr(cls, name, &value);
      if (has <= 0) return has == 0;
      int abstract = is_abstract(value);
      if (abstract < 0) return false;
      return !abstract || set_add(abstracts.get(), name);
    });
    if (!ok) return false;
  }
  return set_attr(cls, ID(__abstractmethods__), abstracts);
}

// CPython's Py_TPFLAGS_SEQUENCE / Py_TPFLAGS_MAPPING, as __abc_tpflags__ spells them.
constexpr int64_t kAbcSequenceFlag = 1 << 5;
constexpr int64_t kAbcMappingFlag = 1 << 6;

// Gives a registered virtual subclass (and its subclasses) the collection flag of the ABC
// for `match` patterns; built-in and immutable types keep theirs.
void set_collection_flag_recursive(TypeObject* child, uint64_t flag) {
  if (!child->has_flag(kTypeHeap) || child->has_flag(kTypeImmutable) ||
      (child->flags & (kTypeSequence | kTypeMapping)) == flag) {
    return;
  }
  child->flags = (child->flags & ~uint64_t(kTypeSequence | kTypeMapping)) | flag;
  for (TypeObject* grandchild : type_subclasses(child)) {
    set_collection_flag_recursive(grandchild, flag);
  }
}

// --- module functions ---

Ref<> abc_init(Value, const Value* args) {
  Value cls = args[0];
  if (!compute_abstract_methods(cls)) return nullptr;
  Ref<> data = abc_data_new(&abc_data_type, nullptr, 0, nullptr);
  if (!data) return nullptr;
  if (!set_attr(cls, abc_impl_name(), data)) return nullptr;
  if (!type_has_flag(cls, kTypeTypeSubclass)) return new_none();
  // __abc_tpflags__ in the class body (collections.abc) sets the collection flags once.
  auto* type = static_cast<TypeObject*>(cls.as_object());
  auto* type_dict = static_cast<DictObject*>(type->dict);
  StrObject* flags_name = str_intern_utf8("__abc_tpflags__");
  Value flags = dict_get_str(type_dict, flags_name);
  if (!flags) {
    if (error_occurred()) return nullptr;
    return new_none();
  }
  if (is_exact_int(flags)) {
    int64_t value;
    if (!index_to_int64(flags, &value)) return nullptr;
    if ((value & (kAbcSequenceFlag | kAbcMappingFlag)) == (kAbcSequenceFlag | kAbcMappingFlag)) {
      return type_error("__abc_tpflags__ cannot be both Py_TPFLAGS_SEQUENCE and Py_TPFLAGS_MAPPING");
    }
    if (value & kAbcSequenceFlag) type->flags |= kTypeSequence;
    if (value & kAbcMappingFlag) type->flags |= kTypeMapping;
  }
  if (dict_remove(type_dict, Value(flags_name)) < 0) return nullptr;
  type_modified(type);
  return new_none();
}

Ref<> abc_register(Value, const Value* args) {
  Value cls = args[0], subclass = args[1];
  if (!type_has_flag(subclass, kTypeTypeSubclass)) return type_error("Can only register classes");
  int already = is_subclass(subclass, cls);
  if (already < 0) return nullptr;
  if (already) return new_ref(subclass);  // already a subclass
  // Cycles are tested after "already a subclass", so X.register(X) is a no-op.
  int cycle = is_subclass(cls, subclass);
  if (cycle < 0) return nullptr;
  if (cycle) return runtime_error("Refusing to create an inheritance cycle");
  Ref<> impl = get_impl(cls);
  if (!impl) return nullptr;
  if (!as_abc_data(impl)->registry->add(subclass)) return nullptr;
  ++abc_invalidation_counter;  // the negative caches of every ABC are stale now
  if (type_has_flag(cls, kTypeTypeSubclass)) {
    uint64_t flag = static_cast<TypeObject*>(cls.as_object())->flags & (kTypeSequence | kTypeMapping);
    if (flag) set_collection_flag_recursive(static_cast<TypeObject*>(subclass.as_object()), flag);
  }
  return new_ref(subclass);
}

Ref<> abc_instancecheck(Value, const Value* args) {
  Value cls = args[0], instance = args[1];
  Ref<> impl = get_impl(cls);
  if (!impl) return nullptr;
  AbcDataObject* data = as_abc_data(impl);
  Ref<> subclass = get_attr(instance, ID(__class__));
  if (!subclass) return nullptr;
  if (data->cache->contains(subclass)) return new_bool(true);
  Value subtype = Value(type_of(instance));
  if (subtype == subclass.value()) {
    if (data->negative_cache_version == abc_invalidation_counter &&
        data->negative_cache->contains(subclass)) {
      return new_bool(false);
    }
    return call_method1(cls, ID(__subclasscheck__), subclass);
  }
  Ref<> result = call_method1(cls, ID(__subclasscheck__), subclass);
  if (!result) return nullptr;
  int truth = is_true(result);
  if (truth < 0) return nullptr;
  if (truth) return result;
  return call_method1(cls, ID(__subclasscheck__), subtype);
}

// Step 5 of the subclass check: is subclass a subclass of a registered class?
int check_registry(AbcDataObject* data, Value subclass) {
  if (data->registry->contains(subclass)) return 1;
  if (data->registry->empty()) return 0;
  // A snapshot: the checks below may run Python code that changes the registry.
  for (Ref<>& registered : data->registry->live_members()) {
    int found = is_subclass(subclass, registered);
    if (found < 0) return -1;
    if (found) {
      if (!data->cache->add(subclass)) return -1;
      return 1;
    }
  }
  return 0;
}

Ref<> abc_subclasscheck(Value, const Value* args) {
  Value cls = args[0], subclass = args[1];
  if (!type_has_flag(subclass, kTypeTypeSubclass)) {
    return type_error("issubclass() arg 1 must be a class");
  }
  Ref<> impl = get_impl(cls);
  if (!impl) return nullptr;
  AbcDataObject* data = as_abc_data(impl);
  // 1. The positive cache.
  if (data->cache->contains(subclass)) return new_bool(true);
  // 2. The negative cache, emptied first if a registration happened since it was filled.
  if (data->negative_cache_version < abc_invalidation_counter) {
    data->negative_cache->clear();
    data->negative_cache_version = abc_invalidation_counter;
  } else if (data->negative_cache->contains(subclass)) {
    return new_bool(false);
  }
  // 3. The subclass hook.
  Ref<> ok = call_method1(cls, ID(__subclasshook__), subclass);
  if (!ok) return nullptr;
  if (ok.value() == True()) {
    if (!data->cache->add(subclass)) return nullptr;
    return ok;
  }
  if (ok.value() == False()) {
    if (!data->negative_cache->add(subclass)) return nullptr;
    return ok;
  }
  if (!is_not_implemented(ok)) {
    return raise(exc::AssertionError,
                 "__subclasshook__ must return either False, True, or NotImplemented");
  }
  // 4. A direct subclass (cls on its MRO).
  Ref<> mro = new_ref(Value(static_cast<TypeObject*>(subclass.as_object())->mro));
  if (mro && is_tuple(mro)) {
    for (int64_t i = 0; i < as_tuple(mro)->length; ++i) {
      if (as_tuple(mro)->items[i] == cls) {
        if (!data->cache->add(subclass)) return nullptr;
        return new_bool(true);
      }
    }
  }
  // 5. A subclass of a registered class.
  int registered = check_registry(data, subclass);
  if (registered < 0) return nullptr;
  if (registered) return new_bool(true);
  // 6. A subclass of a subclass.
  Ref<> subclasses = call_method0(cls, str_intern_utf8("__subclasses__"));
  if (!subclasses) return nullptr;
  if (!is_list(subclasses)) return type_error("__subclasses__() must return a list");
  for (int64_t i = 0; i < as_list(subclasses)->length; ++i) {
    Ref<> candidate = new_ref(as_list(subclasses)->items[i]);
    int found = is_subclass(subclass, candidate);
    if (found < 0) return nullptr;
    if (found) {
      if (!data->cache->add(subclass)) return nullptr;
      return new_bool(true);
    }
  }
  // No dice: remember the answer.
  if (!data->negative_cache->add(subclass)) return nullptr;
  return new_bool(false);
}

Ref<> abc_get_dump(Value, const Value* args) {
  Ref<> impl = get_impl(args[0]);
  if (!impl) return nullptr;
  AbcDataObject* data = as_abc_data(impl);
  Ref<> registry = data->registry->to_set();
  Ref<> cache = registry ? data->cache->to_set() : nullptr;
  Ref<> negative = cache ? data->negative_cache->to_set() : nullptr;
  Ref<> version = negative ? int_from_uint64(data->negative_cache_version) : nullptr;
  if (!version) return nullptr;
  return tuple_of({registry.value(), cache.value(), negative.value(), version.value()});
}

Ref<> abc_reset_registry(Value, const Value* args) {
  Ref<> impl = get_impl(args[0]);
  if (!impl) return nullptr;
  as_abc_data(impl)->registry->clear();
  return new_none();
}

Ref<> abc_reset_caches(Value, const Value* args) {
  Ref<> impl = get_impl(args[0]);
  if (!impl) return nullptr;
  as_abc_data(impl)->cache->clear();
  as_abc_data(impl)->negative_cache->clear();
  return new_none();
}

Ref<> abc_get_cache_token(Value, const Value*) {
  return int_from_uint64(abc_invalidation_counter);
}

const MethodDef abc_functions[] = {
    {.name = "get_cache_token", .impl = abc_get_cache_token, .signature = "($module, /)",
     .doc = "Returns the current ABC cache token.\n\n"
            "The token is an opaque object (supporting equality testing) identifying the\n"
            "current version of the ABC cache for virtual subclasses. The token changes\n"
            "with every call to register() on any ABC."},
    {.name = "_abc_init", .impl = abc_init, .signature = "($module, self, /)",
     .doc = "Internal ABC helper for class set-up. Should be never used outside abc module."},
    {.name = "_reset_registry", .impl = abc_reset_registry, .signature = "($module, self, /)",
     .doc = "Internal ABC helper to reset registry of a given class.\n\n"
            "Should be only used by refleak.py"},
    {.name = "_reset_caches", .impl = abc_reset_caches, .signature = "($module, self, /)",
     .doc = "Internal ABC helper to reset both caches of a given class.\n\n"
            "Should be only used by refleak.py"},
    {.name = "_get_dump", .impl = abc_get_dump, .signature = "($module, self, /)",
     .doc = "Internal ABC helper for cache and registry debugging.\n\n"
            "Return shallow copies of registry, of both caches, and\n"
            "negative cache version. Don't call this function directly,\n"
            "instead use ABC._dump_registry() for a nice repr."},
    {.name = "_abc_register", .impl = abc_register, .signature = "($module, self, subclass, /)",
     .doc = "Internal ABC helper for subclasss registration. Should be never used outside abc "
            "module."},
    {.name = "_abc_instancecheck", .impl = abc_instancecheck,
     .signature = "($module, self, instance, /)",
     .doc = "Internal ABC helper for instance checks. Should be never used outside abc module."},
    {.name = "_abc_subclasscheck", .impl = abc_subclasscheck,
     .signature = "($module, self, subclass, /)",
     .doc = "Internal ABC helper for subclasss checks. Should be never used outside abc "
            "module."},
    {},
};

bool abc_exec(ModuleObject* module) { return module_add_type(module, &abc_data_type); }

}  // namespace

extern const ModuleDef module__abc = {
    .name = "_abc",
    .doc = "Module contains faster C implementation of abc.ABCMeta",
    .methods = abc_functions,
    .exec = abc_exec,
};

}  // namespace krait
