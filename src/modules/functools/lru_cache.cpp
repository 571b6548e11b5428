// functools._lru_cache_wrapper, CPython's C version of lru_cache: three call strategies
// (no cache, unbounded dict, bounded dict plus a doubly linked list in recency order),
// keys built as functools._make_key builds them, and each key hashed exactly once per call
// (lookups and stores reuse the hash). The user function may re-enter the cache or clear
// it while it runs; every step after the call re-checks the table.
#include <string>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/functools/functools_internal.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/dict_internal.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"

namespace krait::functools {

namespace {

struct LruNode {
  LruNode* prev;
  LruNode* next;
};

// One cached call in a bounded cache. Not a GC object: the wrapper's traverse visits the
// key and result of every link on its list. The dict holds one reference to each link and
// the list another.
struct LruLink : Object, LruNode {
  int64_t hash;
  Value key;
  Value result;
};

enum class CacheMode : uint8_t { Uncached, Unbounded, Bounded };

struct LruCacheObject : Object {
  LruNode root;  // root.next: least recently used; root.prev: most recently used
  CacheMode mode;
  bool typed;
  Value func;
  Object* cache;  // dict: key -> result (unbounded) or key -> LruLink (bounded)
  Value cache_info_type;
  Object* dict;
  Object* weakreflist;
  int64_t hits;
  int64_t misses;
  int64_t maxsize;  // -1: unbounded
};

LruCacheObject* as_lru(Value v) { return static_cast<LruCacheObject*>(v.as_object()); }
DictObject* cache_of(LruCacheObject* c) { return static_cast<DictObject*>(c->cache); }

// Separates the keyword part of a key from the positional part (CPython's kwd_mark).
Object* keyword_mark = nullptr;

void link_dealloc(Object* o) {
  auto* link = static_cast<LruLink*>(o);
  decref(link->key);
  decref(link->result);
  free_object(o);
}

void extract_link(LruNode* link) {
  link->prev->next = link->next;
  link->next->prev = link->prev;
}
void append_link(LruCacheObject* c, LruNode* link) {  // as the most recently used
  LruNode* last = c->root.prev;
  last->next = link;
  link->prev = last;
  link->next = &c->root;
  c->root.prev = link;
}
void prepend_link(LruCacheObject* c, LruNode* link) {  // as the least recently used
  LruNode* first = c->root.next;
  first->prev = link;
  link->next = first;
  link->prev = &c->root;
  c->root.next = link;
}

// Detaches the whole list and drops the list's reference to each link.
void clear_links(LruCacheObject* c) {
  LruNode* node = c->root.next;
  c->root.next = c->root.prev = &c->root;
  while (node != &c->root) {
    LruNode* next = node->next;
    decref(static_cast<LruLink*>(node));
    node = next;
  }
}

// The cache key of a call: functools._make_key's layout,
//   args [mark k1 v1 k2 v2 ...] [type(a) for args] [type(v) for keyword values]
// with a lone exact int or str argument used as its own key.
Ref<> make_key(const Value* args, size_t nargs, TupleObject* kwnames, bool typed) {
  size_t kw = kwnames ? size_t(kwnames->length) : 0;
  if (!typed && kw == 0) {
    if (nargs == 1 && (is_exact_str(args[0]) || is_exact_int(args[0]))) return new_ref(args[0]);
    return tuple_from_array(args, int64_t(nargs));
  }
  size_t size = nargs + (kw ? 2 * kw + 1 : 0) + (typed ? nargs + kw : 0);
  Ref<TupleObject> key = tuple_allocate(int64_t(size));
  if (!key) return nullptr;
  size_t at = 0;
  auto put = [&](Value v) {
    incref(v);
    key->items[at++] = v;
  };
  for (size_t i = 0; i < nargs; ++i) put(args[i]);
  if (kw) {
    put(Value(keyword_mark));
    for (size_t i = 0; i < kw; ++i) {
      put(kwnames->items[i]);
      put(args[nargs + i]);
    }
  }
  if (typed) {
    for (size_t i = 0; i < nargs + kw; ++i) put(Value(type_of(args[i])));
  }
  return key;
}

// The value stored under key in the cache dict (borrowed), or null: missing, or an error
// (check error_occurred()).
Value lookup(DictObject* cache, Value key, int64_t hash) {
  int64_t index = dict_lookup(cache, key, hash);
  if (index < 0) return Value();
  return cache->keys->entries()[index].value;
}

Ref<> uncached_call(LruCacheObject* c, const Value* args, size_t nargs, TupleObject* kwnames) {
  ++c->misses;
  Ref<> fn = new_ref(c->func);
  return call(fn, args, nargs, kwnames);
}

Ref<> unbounded_call(LruCacheObject* c, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> key = make_key(args, nargs, kwnames, c->typed);
  if (!key) return nullptr;
  int64_t hash_value = hash(key);
  if (hash_value == -1) return nullptr;
  Ref<> cache = new_ref(Value(c->cache));
  Value found = lookup(cache_of(c), key, hash_value);
  if (found) {
    ++c->hits;
    return new_ref(found);
  }
  if (error_occurred()) return nullptr;
  ++c->misses;
  Ref<> fn = new_ref(c->func);
  Ref<> result = call(fn, args, nargs, kwnames);
  if (!result) return nullptr;
  if (!dict_set_with_hash(as_dict(cache), key, hash_value, result)) return nullptr;
  return result;
}

Ref<> bounded_call(LruCacheObject* c, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> key = make_key(args, nargs, kwnames, c->typed);
  if (!key) return nullptr;
  int64_t hash_value = hash(key);
  if (hash_value == -1) return nullptr;
  Ref<> self = new_ref(Value(c));
  Value found = lookup(cache_of(c), key, hash_value);
  if (found) {
    auto* link = static_cast<LruLink*>(found.as_object());
    extract_link(link);
    append_link(c, link);
    ++c->hits;
    return new_ref(link->result);
  }
  if (error_occurred()) return nullptr;
  ++c->misses;
  Ref<> fn = new_ref(c->func);
  Ref<> result = call(fn, args, nargs, kwnames);
  if (!result) return nullptr;

  // The call may have stored this key itself (recursion), or cleared the cache.
  if (lookup(cache_of(c), key, hash_value)) return result;
  if (error_occurred()) return nullptr;

  if (cache_of(c)->used < c->maxsize || c->root.next == &c->root) {
    auto* link = allocate<LruLink>(&lru_link_type);
    if (!link) return nullptr;
    link->hash = hash_value;
    link->key = new_ref(key.value()).release();
    link->result = new_ref(result.value()).release();
    Ref<> link_ref = Ref<>::steal(Value(link));
    // Into the dict first: its __eq__ calls must not see a half-linked node.
    if (!dict_set_with_hash(cache_of(c), key, hash_value, link_ref)) return nullptr;
    link_ref.release();  // now the list's reference
    append_link(c, link);
    return result;
  }

  // Full: reuse the least recently used link for the new entry.
  auto* old = static_cast<LruLink*>(c->root.next);
  extract_link(old);
  int removed = dict_remove_with_hash(cache_of(c), old->key, old->hash);
  if (removed < 0) {
    prepend_link(c, old);
    return nullptr;
  }
  if (removed == 0) {
    // Someone already removed the old key during the call: the link is an orphan; drop it
    // rather than leave the cache inconsistent.
    decref(old);
    return result;
  }
  // Keep the old key and result alive until the link is consistent again: their
  // destructors may run Python code that re-enters the cache.
  Ref<> old_key = Ref<>::steal(old->key);
  Ref<> old_result = Ref<>::steal(old->result);
  old->hash = hash_value;
  old->key = new_ref(key.value()).release();
  old->result = new_ref(result.value()).release();
  if (!dict_set_with_hash(cache_of(c), key, hash_value, Value(old))) {
    decref(old);  // the list's reference: the cache is one link short from now on
    return nullptr;
  }
  append_link(c, old);
  return result;
}

Ref<> lru_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  LruCacheObject* c = as_lru(self);
  switch (c->mode) {
    case CacheMode::Uncached:
      return uncached_call(c, args, nargs, kwnames);
    case CacheMode::Unbounded:
      return unbounded_call(c, args, nargs, kwnames);
    case CacheMode::Bounded:
      return bounded_call(c, args, nargs, kwnames);
  }
  return nullptr;
}

Ref<> lru_new_impl(Value type, const Value* args) {
  Value func = args[0], maxsize_arg = args[1], typed_arg = args[2], info_type = args[3];
  if (!is_callable(func)) return type_error("the first argument must be callable");
  int typed = is_true(typed_arg);
  if (typed < 0) return nullptr;
  CacheMode mode;
  int64_t maxsize;
  if (is_none(maxsize_arg)) {
    mode = CacheMode::Unbounded;
    maxsize = -1;
  } else if (type_of(maxsize_arg)->to_index || is_int(maxsize_arg)) {
    if (!index_to_int64(maxsize_arg, &maxsize, &exc::OverflowError)) return nullptr;
    if (maxsize < 0) maxsize = 0;
    mode = maxsize == 0 ? CacheMode::Uncached : CacheMode::Bounded;
  } else {
    return type_error("maxsize should be integer or None");
  }
  Ref<DictObject> cache = dict_new();
  if (!cache) return nullptr;
  auto* c = allocate<LruCacheObject>(static_cast<TypeObject*>(type.as_object()));
  if (!c) return nullptr;
  c->root.next = c->root.prev = &c->root;
  c->mode = mode;
  c->typed = typed != 0;
  c->func = new_ref(func).release();
  c->cache = cache.release_object();
  c->cache_info_type = new_ref(info_type).release();
  c->maxsize = maxsize;
  gc_track(c);
  return Ref<>::steal(Value(c));
}

const MethodDef lru_new_def = {.name = "lru_cache",
                               .impl = lru_new_impl,
                               .signature = "($type, user_function, maxsize, typed, cache_info_type)"};

Ref<> lru_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  return call_method_def(&lru_new_def, nullptr, Value(type), args, nargs, kwnames);
}

void lru_clear(Object* o) {
  auto* c = static_cast<LruCacheObject*>(o);
  clear_links(c);
  clear_slot(&c->func);
  clear_slot(&c->cache);
  clear_slot(&c->cache_info_type);
  clear_slot(&c->dict);
}

void lru_dealloc(Object* o) {
  gc_untrack(o);
  if (static_cast<LruCacheObject*>(o)->weakreflist) clear_weakrefs(o);
  lru_clear(o);
  free_object(o);
}

void lru_traverse(Object* o, VisitFn visit, void* arg) {
  auto* c = static_cast<LruCacheObject*>(o);
  for (LruNode* node = c->root.next; node != &c->root; node = node->next) {
    visit_value(static_cast<LruLink*>(node)->key, visit, arg);
    visit_value(static_cast<LruLink*>(node)->result, visit, arg);
  }
  visit_value(c->func, visit, arg);
  visit_value(c->cache_info_type, visit, arg);
  if (c->cache) visit(c->cache, arg);
  if (c->dict) visit(c->dict, arg);
}

// Binds like a function: instance.method is a bound method of the wrapper.
Ref<> lru_descr_get(Value self, Value instance, Value owner) {
  if (!instance || is_none(instance)) return new_ref(self);
  return method_new(self, instance);
}

Ref<> lru_cache_info(Value self, const Value*) {
  LruCacheObject* c = as_lru(self);
  Ref<> hits = int_from_int64(c->hits);
  Ref<> misses = int_from_int64(c->misses);
  Ref<> maxsize = c->maxsize < 0 ? new_none() : int_from_int64(c->maxsize);
  Ref<> size = int_from_int64(c->cache ? cache_of(c)->used : 0);
  if (!hits || !misses || !maxsize || !size) return nullptr;
  Ref<> info_type = new_ref(c->cache_info_type);
  Value fields[4] = {hits.value(), misses.value(), maxsize.value(), size.value()};
  return call(info_type, fields, 4);
}

Ref<> lru_cache_clear(Value self, const Value*) {
  LruCacheObject* c = as_lru(self);
  Ref<> keep = new_ref(self);
  c->hits = c->misses = 0;
  // Unlink first: clearing the dict may run destructors that call the wrapper again.
  LruNode* node = c->root.next;
  LruNode* last = c->root.prev;
  c->root.next = c->root.prev = &c->root;
  if (c->cache) dict_clear(cache_of(c));
  if (node != &c->root) {
    last->next = nullptr;
    while (node) {
      LruNode* next = node->next;
      decref(static_cast<LruLink*>(node));
      node = next;
    }
  }
  return new_none();
}

Ref<> lru_reduce(Value self, const Value*) { return get_attr(self, "__qualname__"); }
Ref<> lru_copy(Value self, const Value*) { return new_ref(self); }

Ref<> lru_get_dict(Value self) { return get_instance_dict(&as_lru(self)->dict); }
int lru_set_dict(Value self, Value value) { return set_instance_dict(&as_lru(self)->dict, value); }

const MethodDef lru_methods[] = {
    {.name = "cache_info", .impl = lru_cache_info, .signature = "($self, /)",
     .doc = "Report cache statistics"},
    {.name = "cache_clear", .impl = lru_cache_clear, .signature = "($self, /)",
     .doc = "Clear the cache and cache statistics"},
    {.name = "__reduce__", .impl = lru_reduce, .signature = "($self, /)"},
    {.name = "__copy__", .impl = lru_copy, .signature = "($self, /)"},
    {.name = "__deepcopy__", .impl = lru_copy, .signature = "($self, memo, /)"},
    {},
};

const GetSetDef lru_getsets[] = {
    {"__dict__", lru_get_dict, lru_set_dict},
    {},
};

}  // namespace

TypeObject lru_link_type{TypeSpec{
    .name = "functools._lru_list_elem",
    .basic_size = sizeof(LruLink),
    .slots = {.dealloc = link_dealloc},
}};

TypeObject lru_cache_wrapper_type{TypeSpec{
    .name = "functools._lru_cache_wrapper",
    .doc = "Create a cached callable that wraps another function.\n\n"
           "user_function:      the function being cached\n\n"
           "maxsize:  0         for no caching\n"
           "          None      for unlimited cache size\n"
           "          n         for a bounded cache\n\n"
           "typed:    False     cache f(3) and f(3.0) as identical calls\n"
           "          True      cache f(3) and f(3.0) as distinct calls\n\n"
           "cache_info_type:    namedtuple class with the fields:\n"
           "                        hits misses currsize maxsize\n",
    .basic_size = sizeof(LruCacheObject),
    .flags = kTypeHaveGC | kTypeMethodDescriptor,
    .dict_offset = offsetof(LruCacheObject, dict),
    .weaklist_offset = offsetof(LruCacheObject, weakreflist),
    .slots = {.dealloc = lru_dealloc,
              .traverse = lru_traverse,
              .clear = lru_clear,
              .new_instance = lru_new,
              .getattr = generic_get_attr,
              .setattr = generic_set_attr,
              .descr_get = lru_descr_get,
              .call = lru_call},
    .methods = lru_methods,
    .getsets = lru_getsets,
}};

bool lru_cache_ready() {
  if (!keyword_mark) {
    Ref<> mark = object_new(&object_type, nullptr, 0, nullptr);
    if (!mark) return false;
    keyword_mark = mark.release_object();
  }
  return type_ready(&lru_link_type);
}

}  // namespace krait::functools
