// The generational cycle collector (DESIGN.md §5), CPython's algorithm:
//
// Invariants. Every tracked container is in exactly one list: generation 0, 1, 2 or the
// permanent generation (gc.freeze()). A GCHeader's `next` is null iff the object is
// untracked. The low bits of `prev` carry flags: kFinalized survives collections (PEP 442:
// __del__ runs once); kCollecting and kReachable exist only during a collection.
//
// A collection of generation g:
//  1. merges the younger generations into g and numbers the objects (the number lives in
//     `prev` while the lists are torn down; lists are rebuilt at the end);
//  2. gc_refs[i] = refcount - (references from other objects in the set), found by each
//     type's traverse: an object with gc_refs > 0 is referenced from outside;
//  3. marks everything reachable from those; the rest is unreachable garbage;
//  4. clears weakrefs to garbage (callbacks only for weakrefs that are not garbage
//     themselves), runs finalizers once, and re-checks for resurrection;
//  5. breaks the remaining cycles with each type's clear slot; refcounting frees them.
// No Python code runs between 1 and the relinking of the lists before step 4.
#include "runtime/gc.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "objects/weakref.h"
#include "runtime/errors.h"
#include "runtime/gc_state.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

constexpr uintptr_t kFinalized = 1;
constexpr uintptr_t kCollecting = 2;
constexpr uintptr_t kReachable = 4;
constexpr uintptr_t kFlagMask = 15;  // with kGCOwnedByInstance (gc.h)
constexpr int kIndexShift = 4;

GCState& state() { return runtime().gc; }

inline GCHeader* prev_of(GCHeader* h) { return reinterpret_cast<GCHeader*>(h->prev & ~kFlagMask); }
inline void set_prev(GCHeader* h, GCHeader* p) {
  h->prev = reinterpret_cast<uintptr_t>(p) | (h->prev & kFlagMask);
}

void list_init(GCHeader* head) {
  head->next = head;
  head->prev = reinterpret_cast<uintptr_t>(head);
}

bool list_empty(GCHeader* head) { return head->next == head; }

void list_append(GCHeader* head, GCHeader* h) {
  GCHeader* last = prev_of(head);
  set_prev(h, last);
  h->next = head;
  last->next = h;
  set_prev(head, h);
}

void list_remove(GCHeader* h) {
  GCHeader* p = prev_of(h);
  p->next = h->next;
  set_prev(h->next, p);
  h->next = nullptr;
}

// Moves all of `from` to the end of `to`.
void list_merge(GCHeader* from, GCHeader* to) {
  if (list_empty(from)) return;
  GCHeader* to_last = prev_of(to);
  GCHeader* first = from->next;
  GCHeader* last = prev_of(from);
  to_last->next = first;
  set_prev(first, to_last);
  last->next = to;
  set_prev(to, last);
  list_init(from);
}

int64_t list_size(GCHeader* head) {
  int64_t n = 0;
  for (GCHeader* h = head->next; h != head; h = h->next) ++n;
  return n;
}

}  // namespace

GCState::GCState() {
  for (Generation& g : generations) list_init(&g.head);
  list_init(&permanent);
  generations[0].threshold = 700;
  generations[1].threshold = 10;
  generations[2].threshold = 10;
}

GCState& gc_state() { return runtime().gc; }

void gc_track(Object* o) {
  if (!object_has_gc_header(o)) return;
  GCHeader* h = gc_header_of(o);
  if (h->next || (h->prev & kGCOwnedByInstance)) return;
  list_append(&state().generations[0].head, h);
}

void gc_mark_owned_dict(Object* dict) {
  GCHeader* h = gc_header_of(dict);
  if (h->next) list_remove(h);
  h->prev |= kGCOwnedByInstance;
  gc_note_deallocation();  // CPython allocates no dict for inline attributes
}

void gc_release_owned_dict(Object* dict) {
  GCHeader* h = gc_header_of(dict);
  if (!(h->prev & kGCOwnedByInstance)) return;
  h->prev &= ~kGCOwnedByInstance;
  gc_note_allocation();  // materialised now, as CPython's would be
  // Tracked as CPython tracks a dict made from inline values: if it may hold a cycle.
  auto* d = static_cast<DictObject*>(dict);
  int64_t pos = 0;
  Value key, value;
  while (dict_next(d, &pos, &key, &value)) {
    if (gc_may_be_tracked(key) || gc_may_be_tracked(value)) {
      gc_track(dict);
      return;
    }
  }
}

void gc_untrack(Object* o) {
  if (!object_has_gc_header(o)) return;
  GCHeader* h = gc_header_of(o);
  if (!h->next) return;
  list_remove(h);
}

bool gc_is_collecting(Object* o) {
  return object_has_gc_header(o) && (gc_header_of(o)->prev & kCollecting);
}

bool gc_is_finalized(Object* o) { return gc_header_of(o)->prev & kFinalized; }
void gc_set_finalized(Object* o) { gc_header_of(o)->prev |= kFinalized; }

void gc_note_allocation() {
  GCState& s = state();
  ++s.generations[0].count;
  if (s.generations[0].count > s.generations[0].threshold && s.enabled &&
      s.generations[0].threshold && !s.collecting) {
    request_eval_break(kBreakGcRequested);
  }
}

void gc_note_deallocation() {
  GCState& s = state();
  if (s.generations[0].count > 0) --s.generations[0].count;
}

// --- The collection ---

namespace {

struct Collection {
  std::vector<GCHeader*> objects;
  std::vector<int64_t> refs;
};

inline int64_t index_of(GCHeader* h) { return int64_t(h->prev >> kIndexShift); }

void visit_subtract(Object* child, void* arg) {
  if (!object_has_gc_header(child)) return;
  GCHeader* h = gc_header_of(child);
  if (!h->next || !(h->prev & kCollecting)) return;
  static_cast<Collection*>(arg)->refs[size_t(index_of(h))]--;
}

struct MarkContext {
  Collection* collection;
  std::vector<GCHeader*>* stack;
};

void visit_mark(Object* child, void* arg) {
  if (!object_has_gc_header(child)) return;
  GCHeader* h = gc_header_of(child);
  if (!h->next || !(h->prev & kCollecting) || (h->prev & kReachable)) return;
  h->prev |= kReachable;
  static_cast<MarkContext*>(arg)->stack->push_back(h);
}

// Steps 2-3 over `c`: returns the unreachable subset (flags kCollecting set on all;
// kReachable set on the reachable ones).
std::vector<GCHeader*> find_unreachable(Collection& c) {
  size_t n = c.objects.size();
  c.refs.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    GCHeader* h = c.objects[i];
    h->prev = (uint64_t(i) << kIndexShift) | (h->prev & kFinalized) | kCollecting;
    c.refs[i] = object_of_gc_header(h)->refcount;
  }
  for (size_t i = 0; i < n; ++i) {
    Object* o = object_of_gc_header(c.objects[i]);
    if (o->type->traverse) o->type->traverse(o, visit_subtract, &c);
  }
  std::vector<GCHeader*> stack;
  for (size_t i = 0; i < n; ++i) {
    if (c.refs[i] > 0) {
      c.objects[i]->prev |= kReachable;
      stack.push_back(c.objects[i]);
    }
  }
  MarkContext ctx{&c, &stack};
  while (!stack.empty()) {
    GCHeader* h = stack.back();
    stack.pop_back();
    Object* o = object_of_gc_header(h);
    if (o->type->traverse) o->type->traverse(o, visit_mark, &ctx);
  }
  std::vector<GCHeader*> unreachable;
  for (GCHeader* h : c.objects) {
    if (!(h->prev & kReachable)) unreachable.push_back(h);
  }
  return unreachable;
}

// Clears the temporary flags and rebuilds list links: `keep` into `destination`.
void relink(const std::vector<GCHeader*>& headers, GCHeader* destination) {
  for (GCHeader* h : headers) {
    h->prev &= kFinalized;
    h->next = nullptr;
    list_append(destination, h);
  }
}

void invoke_callbacks(const char* phase, int generation, int64_t collected, int64_t uncollectable) {
  GCState& s = state();
  if (!s.callbacks || as_list(Value(s.callbacks))->length == 0) return;
  Ref<> pending = fetch_error();
  Ref<DictObject> info = dict_new();
  Ref<> phase_str = str_from_ascii(phase);
  if (info && phase_str && dict_set_str(info.get(), "generation", Value::small_int(generation)) &&
      dict_set_str(info.get(), "collected", Value::small_int(collected)) &&
      dict_set_str(info.get(), "uncollectable", Value::small_int(uncollectable))) {
    Ref<ListObject> snapshot = list_from_array(as_list(Value(s.callbacks))->items,
                                               as_list(Value(s.callbacks))->length);
    for (int64_t i = 0; snapshot && i < snapshot->length; ++i) {
      Ref<> result = call2(snapshot->items[i], phase_str.value(), info.value());
      if (!result) write_unraisable_exception("Exception ignored in garbage collector callback", snapshot->items[i]);
    }
  }
  clear_error();
  restore_error(std::move(pending));
}

// CPython's untrack_tuples: a tuple that holds nothing a cycle could pass through (only
// atomic objects and untracked tuples) leaves the collector when a collection first sees
// it, so long-lived tables of such tuples cost the older generations nothing.
void untrack_atomic_tuples(GCHeader* head) {
  for (GCHeader* h = head->next; h != head;) {
    GCHeader* next = h->next;
    Object* object = object_of_gc_header(h);
    if (object->type == &tuple_type) {
      auto* tuple = static_cast<TupleObject*>(object);
      bool atomic = true;
      for (int64_t i = 0; i < tuple->length && atomic; ++i) atomic = !gc_may_be_tracked(tuple->items[i]);
      if (atomic) list_remove(h);
    }
    h = next;
  }
}

int64_t collect_generation(int generation) {
  GCState& s = state();
  if (s.collecting) return 0;
  s.collecting = true;
  invoke_callbacks("start", generation, 0, 0);
  // 1. Merge younger generations into this one.
  for (int g = 0; g < generation; ++g) list_merge(&s.generations[g].head, &s.generations[generation].head);
  GCHeader* young = &s.generations[generation].head;
  GCHeader* older = generation < 2 ? &s.generations[generation + 1].head : young;
  untrack_atomic_tuples(young);
  Collection c;
  for (GCHeader* h = young->next; h != young; h = h->next) c.objects.push_back(h);
  list_init(young);
  // 2-3.
  std::vector<GCHeader*> unreachable = find_unreachable(c);
  std::vector<GCHeader*> reachable;
  reachable.reserve(c.objects.size() - unreachable.size());
  for (GCHeader* h : c.objects) {
    if (h->prev & kReachable) reachable.push_back(h);
  }
  relink(reachable, older);
  // The garbage is held by us from here on, so that nothing is freed while Python code
  // (weakref callbacks, finalizers) runs; it sits in a private list meanwhile.
  GCHeader garbage_list;
  list_init(&garbage_list);
  relink(unreachable, &garbage_list);
  std::vector<Ref<>> garbage;
  garbage.reserve(unreachable.size());
  for (GCHeader* h : unreachable) garbage.push_back(new_ref(Value(object_of_gc_header(h))));
  // 4a. Weakrefs to garbage are cleared; callbacks run for weakrefs that are not garbage.
  for (GCHeader* h : unreachable) h->prev |= kCollecting;
  for (Ref<>& o : garbage) {
    Object* object = o.get();
    if (object->type->weaklist_offset) clear_weakrefs_for_gc(object);
  }
  // 4b. Finalizers, once each.
  for (Ref<>& o : garbage) {
    Object* object = o.get();
    if (object->type->finalize && !gc_is_finalized(object)) {
      gc_set_finalized(object);
      Ref<> pending = fetch_error();
      object->type->finalize(object);
      if (error_occurred()) write_unraisable_exception("Exception ignored in", Value(object));
      restore_error(std::move(pending));
    }
  }
  // 4c. Resurrection: anything now referenced from outside (beyond our holds) survives,
  // with everything it reaches.
  Collection recheck;
  for (GCHeader* h = garbage_list.next; h != &garbage_list; h = h->next) recheck.objects.push_back(h);
  list_init(&garbage_list);
  // Discount our own holding reference in the refcounts.
  for (GCHeader* h : recheck.objects) --object_of_gc_header(h)->refcount;
  std::vector<GCHeader*> still_unreachable = find_unreachable(recheck);
  for (GCHeader* h : recheck.objects) ++object_of_gc_header(h)->refcount;
  std::vector<GCHeader*> resurrected;
  for (GCHeader* h : recheck.objects) {
    if (h->prev & kReachable) resurrected.push_back(h);
  }
  relink(resurrected, older);
  relink(still_unreachable, &garbage_list);
  int64_t collected = int64_t(still_unreachable.size());
  // 5. Break the cycles (or save them with DEBUG_SAVEALL).
  if (s.debug_flags & kGcDebugSaveAll) {
    for (GCHeader* h : still_unreachable) {
      if (!list_append(as_list(Value(s.garbage)), Value(object_of_gc_header(h)))) clear_error();
    }
  } else {
    for (GCHeader* h : still_unreachable) {
      Object* object = object_of_gc_header(h);
      if (object->type->clear) {
        Ref<> pending = fetch_error();
        object->type->clear(object);
        if (error_occurred()) write_unraisable_exception("Exception ignored in tp_clear of", Value(object));
        restore_error(std::move(pending));
      }
    }
  }
  // Whatever clearing did not free stays tracked in the older generation.
  list_merge(&garbage_list, older);
  garbage.clear();  // drop our holds: refcounting frees the garbage now
  // Bookkeeping as CPython: counts reset, next generation's count bumped.
  for (int g = 0; g <= generation; ++g) s.generations[g].count = 0;
  if (generation < 2) ++s.generations[generation + 1].count;
  s.stats[generation].collections++;
  s.stats[generation].collected += collected;
  if (generation == 2) {
    s.long_lived_total = list_size(&s.generations[2].head);
    s.long_lived_pending = 0;
  } else if (generation == 1) {
    s.long_lived_pending += int64_t(reachable.size());
  }
  s.collecting = false;
  invoke_callbacks("stop", generation, collected, 0);
  return collected;
}

}  // namespace

int64_t gc_collect(int generation) { return collect_generation(std::clamp(generation, 0, 2)); }

void gc_collect_if_requested() {
  GCState& s = state();
  if (!s.enabled || s.collecting) return;
  // The oldest generation over its threshold; a full collection only when enough
  // objects survived younger ones (CPython's long-lived heuristic).
  for (int g = 2; g >= 0; --g) {
    if (s.generations[g].count > s.generations[g].threshold && s.generations[g].threshold) {
      if (g == 2 && s.long_lived_pending < s.long_lived_total / 4) continue;
      Ref<> pending = fetch_error();
      collect_generation(g);
      restore_error(std::move(pending));
      return;
    }
  }
}

// --- Deep deallocation (CPython's trashcan) ---

bool gc_defer_dealloc(Object* o) {
  ThreadState* thread = current_thread();
  if (!thread || thread->dealloc_depth < kMaxDeallocDepth) return false;
  state().deferred.push_back(o);
  return true;
}

void gc_finish_deferred_deallocs() {
  GCState& s = state();
  while (!s.deferred.empty()) {
    Object* o = s.deferred.back();
    s.deferred.pop_back();
    dealloc_object(o);
  }
}

// --- Introspection for the gc module ---

Ref<> gc_get_objects(int generation) {
  GCState& s = state();
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  auto add_list = [&](GCHeader* head) {
    for (GCHeader* h = head->next; h != head; h = h->next) {
      Object* o = object_of_gc_header(h);
      if (o == result.get()) continue;
      if (!list_append(result.get(), Value(o))) return false;
    }
    return true;
  };
  for (int g = 0; g < 3; ++g) {
    if (generation >= 0 && g != generation) continue;
    if (!add_list(&s.generations[g].head)) return nullptr;
  }
  return result;
}

void gc_freeze() {
  GCState& s = state();
  for (int g = 0; g < 3; ++g) list_merge(&s.generations[g].head, &s.permanent);
  s.generations[0].count = 0;
}

void gc_unfreeze() { list_merge(&state().permanent, &state().generations[2].head); }

int64_t gc_freeze_count() { return list_size(&state().permanent); }

void gc_visit_all(void (*fn)(Object*, void*), void* arg) {
  GCState& s = state();
  auto walk = [&](GCHeader* head) {
    for (GCHeader* h = head->next; h != head; h = h->next) fn(object_of_gc_header(h), arg);
  };
  for (int g = 0; g < 3; ++g) walk(&s.generations[g].head);
  walk(&s.permanent);
}

}  // namespace krait
