// The generational cycle collector (DESIGN.md §5), CPython's algorithm:
//
// Invariants. Every tracked container is in exactly one list: generation 0, 1, 2 or the
// permanent generation (gc.freeze()). A GCHeader's `next` is null iff the object is
// untracked. The low bits of `prev` carry flags: kFinalized survives collections (PEP 442:
// __del__ runs once); kCollecting marks the garbage of the collection that is running.
//
// A collection of generation g:
//  1. merges the younger generations into g;
//  2. gives each object a working count, refcount - (references from other objects in the
//     set) as each type's traverse finds them, kept in its header's `prev` (the list is
//     singly linked meanwhile): an object with a count > 0 is referenced from outside;
//  3. walks the list once, moving what nothing reachable refers to onto the garbage list
//     and rebuilding `prev`; what stays is reachable and joins generation g+1;
//  4. clears weakrefs to garbage (callbacks only for weakrefs that are not garbage
//     themselves), runs finalizers once, and re-runs 2-3 on the garbage: what a finalizer
//     made reachable again survives;
//  5. breaks the remaining cycles with each type's clear slot; refcounting frees them.
// No Python code runs during 2-3. A collection allocates no memory per object.
#include "runtime/gc.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
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
constexpr uintptr_t kFlagMask = kGCFlagMask;  // with kGCOwnedByInstance (gc.h)

GCState& state() { return runtime().gc; }

inline GCHeader* prev_of(GCHeader* h) { return reinterpret_cast<GCHeader*>(h->prev & ~kFlagMask); }
inline void set_prev(GCHeader* h, GCHeader* p) {
  h->prev = reinterpret_cast<uintptr_t>(p) | (h->prev & kFlagMask);
}

// Counts a new GC object; crossing generation 0's threshold requests a collection.
inline void note_allocation(GCState& s) {
  ++s.generations[0].count;
  if (s.generations[0].count > s.generations[0].threshold && s.enabled &&
      s.generations[0].threshold && !s.collecting) {
    request_eval_break(kBreakGcRequested);
  }
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
#ifdef KRAIT_DEBUG
  // The flag bits in `prev` and `next` need 16-aligned headers.
  if (reinterpret_cast<uintptr_t>(h) & kFlagMask) {
    std::fprintf(stderr, "krait: GC header of %p (%s) is not 16-aligned\n", static_cast<void*>(o), o->type->name);
    std::abort();
  }
#endif
  if (h->next || (h->prev & kGCOwnedByInstance)) return;
  list_append(&state().generations[0].head, h);
}

[[gnu::optimize("no-tree-loop-distribute-patterns")]] Object* gc_allocate_instance(TypeObject* type) {
  size_t preheader = type->has_flag(kTypePreheader) ? kPreheaderBytes : 0;
  size_t bytes = preheader + sizeof(GCHeader) + size_t(type->basic_size);
  void* block = bytes <= kSmallAllocMax && type->has_flag(kTypeHeap) ? small_alloc(bytes) : nullptr;
  if (!block) {
    Object* o = allocate_object(type, size_t(type->basic_size));
    if (o) gc_track(o);
    return o;
  }
  // Zeroed a word at a time: an instance is a few words. (The attribute keeps GCC from
  // making the loop a memset, which it expands as `rep stos`, slow to start.)
  auto* words = static_cast<uint64_t*>(block);
  for (size_t i = 0, n = small_alloc_internal::class_of(bytes); i < n; ++i) {
    words[2 * i] = 0;  // a 16-byte granule per iteration
    words[2 * i + 1] = 0;
  }
  ++alloc_internal::live_blocks;
  GCHeader* h = reinterpret_cast<GCHeader*>(static_cast<char*>(block) + preheader);
  Object* o = object_of_gc_header(h);
  o->refcount = 1;
  o->type = type;
  incref(type);
  GCState& gc = state();
  note_allocation(gc);
  list_append(&gc.generations[0].head, h);
  return o;
}

void gc_mark_owned_dict(Object* dict) {
  GCHeader* h = gc_header_of(dict);
  if (h->next) gc_list_unlink(h);
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
  if (object_has_gc_header(o)) gc_untrack_inline(o);
}

bool gc_is_collecting(Object* o) {
  return object_has_gc_header(o) && (gc_header_of(o)->prev & kCollecting);
}

bool gc_is_finalized(Object* o) { return gc_header_of(o)->prev & kFinalized; }
void gc_set_finalized(Object* o) { gc_header_of(o)->prev |= kFinalized; }

void gc_note_allocation() { note_allocation(state()); }

void gc_note_deallocation() {
  GCState& s = state();
  if (s.generations[0].count > 0) --s.generations[0].count;
}

// --- The collection ---

namespace {

// While a collection runs, an object of the generation being collected keeps its working
// count (refcount minus references from inside the set) in `prev` above the flag bits, as
// CPython keeps gc_refs in its GC header: a collection allocates nothing per object. The
// lists are singly linked through `next` meanwhile; the mark phase rebuilds `prev`.
constexpr int kRefsShift = 4;
constexpr uint64_t kMaxRefs = uint64_t{1} << 56;  // immortal counts clamp (fits the shift)
constexpr uintptr_t kKeptFlags = kFinalized | kGCOwnedByInstance;
// Set in `next` of objects on the tentatively unreachable list during the mark phase
// (headers and list heads are 16-aligned, core/alloc.h).
constexpr uintptr_t kNextUnreachable = 1;

inline uint64_t refs_of(GCHeader* h) { return h->prev >> kRefsShift; }
inline void set_refs(GCHeader* h, uint64_t refs) { h->prev = (refs << kRefsShift) | (h->prev & kFlagMask); }
inline uintptr_t bits_of(GCHeader* h) { return reinterpret_cast<uintptr_t>(h); }
inline GCHeader* untagged(GCHeader* h) { return reinterpret_cast<GCHeader*>(bits_of(h) & ~kNextUnreachable); }
inline GCHeader* tagged(GCHeader* h) { return reinterpret_cast<GCHeader*>(bits_of(h) | kNextUnreachable); }
inline bool on_unreachable_list(GCHeader* h) { return bits_of(h->next) & kNextUnreachable; }

// The set's own header, if `child` is a tracked member of the collection running.
inline GCHeader* member_header(Object* child) {
  if (!object_has_gc_header(child)) return nullptr;
  GCHeader* h = gc_header_of(child);
  return h->next && (h->prev & kCollecting) ? h : nullptr;
}

void visit_subtract(Object* child, void*) {
  GCHeader* h = member_header(child);
  // A count below zero means a traverse visits a reference its object does not own.
  if (h) h->prev -= uintptr_t{1} << kRefsShift;
}

// A reference from a reachable object: the child is reachable too. If the mark walk
// already put it on the unreachable list it goes back to the end of `young` (the walk will
// reach it there); if the walk has not reached it yet, a count of 1 makes it a root.
void visit_reachable(Object* child, void* arg) {
  GCHeader* h = member_header(child);
  if (!h) return;
  if (on_unreachable_list(h)) {
    auto* young = static_cast<GCHeader*>(arg);
    GCHeader* before = prev_of(h);
    GCHeader* after = untagged(h->next);
    before->next = h->next;  // still tagged: `before` is on the unreachable list (or its head)
    set_prev(after, before);
    GCHeader* last = prev_of(young);  // the young list's tail is kept exact during the walk
    last->next = h;
    h->next = young;
    young->prev = bits_of(h);
    set_refs(h, 1);
  } else if (refs_of(h) == 0) {
    set_refs(h, 1);
  }
}

// Splits `young` into its reachable part (left in `young`, an ordinary list again, without
// kCollecting) and the unreachable rest (appended to the empty list `unreachable`, with
// kCollecting). Every object of `young` must be tracked and unflagged.
void find_unreachable(GCHeader* young, GCHeader* unreachable) {
  // Working counts: the refcount ...
  for (GCHeader* h = young->next; h != young; h = h->next) {
    uint64_t refs = std::min(uint64_t(object_of_gc_header(h)->refcount), kMaxRefs);
    h->prev = (refs << kRefsShift) | (h->prev & kKeptFlags) | kCollecting;
  }
  // ... minus the references from inside the set: what is left comes from outside.
  for (GCHeader* h = young->next; h != young; h = h->next) {
    Object* o = object_of_gc_header(h);
    if (o->type->traverse) o->type->traverse(o, visit_subtract, nullptr);
  }
  // One walk in list order: an object with a count is reachable and makes its children
  // reachable; one without is moved to `unreachable` until a later reachable object
  // proves otherwise (visit_reachable brings it back behind the walk's position).
  GCHeader* kept = young;  // the last reachable object: the rebuilt list's tail
  GCHeader* h = young->next;
  while (h != young) {
    if (refs_of(h) > 0) {
      Object* o = object_of_gc_header(h);
      if (o->type->traverse) o->type->traverse(o, visit_reachable, young);
      h->prev = bits_of(kept) | (h->prev & kKeptFlags);  // drops the count and kCollecting
      kept = h;
    } else {
      kept->next = h->next;
      GCHeader* last = prev_of(unreachable);
      last->next = tagged(h);
      h->prev = bits_of(last) | (h->prev & kKeptFlags) | kCollecting;
      h->next = tagged(unreachable);
      unreachable->prev = bits_of(h);
    }
    h = kept->next;
  }
  young->prev = bits_of(kept);
  for (GCHeader* g = unreachable; ; g = g->next) {
    g->next = untagged(g->next);
    if (g->next == unreachable) break;
  }
}

// Clears kCollecting on every object of a list.
void clear_collecting(GCHeader* head) {
  for (GCHeader* h = head->next; h != head; h = h->next) h->prev &= ~kCollecting;
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
      if (!result) write_unraisable_exception(nullptr, snapshot->items[i]);  // CPython gives no message
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
      if (atomic) gc_list_unlink(h);
    }
    h = next;
  }
}

// CPython's untrack_dicts, at full collections only (doing it at every collection would
// rescan dicts that are being built): a dict holding nothing a cycle could pass through
// leaves the collector until it stores a container again.
void untrack_atomic_dicts(GCHeader* head) {
  for (GCHeader* h = head->next; h != head;) {
    GCHeader* next = h->next;
    Object* object = object_of_gc_header(h);
    if (object->type == &dict_type) dict_maybe_untrack(static_cast<DictObject*>(object));
    h = next;
  }
}

// Runs `action` once on every object of `garbage` while Python code may run and free any
// of them: each is moved to a private list before its turn (refcounting's untrack takes
// freed objects off whichever list holds them) and held during it. The survivors end up
// back in `garbage`.
template <class Action>
void for_each_garbage(GCHeader* garbage, Action action) {
  GCHeader done;
  list_init(&done);
  while (!list_empty(garbage)) {
    GCHeader* h = garbage->next;
    gc_list_unlink(h);
    list_append(&done, h);
    Ref<> held = new_ref(Value(object_of_gc_header(h)));
    action(held.get());
  }
  list_merge(&done, garbage);
}

// Runs a slot that may raise without disturbing the exception being handled, if any.
template <class Call>
void call_reporting(const char* message, Object* object, Call slot) {
  Ref<> pending = fetch_error();
  slot();
  if (error_occurred()) write_unraisable_exception(message, object ? Value(object) : Value());
  restore_error(std::move(pending));
}

// gc.set_debug output goes to sys.stderr, as CPython's PySys_WriteStderr (C's stderr if
// sys.stderr is unusable). The pending exception, if any, is kept.
void debug_write(const std::string& text) {
  Ref<> pending = fetch_error();
  Value err = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "stderr");
  Ref<> line = str_from_utf8(text);
  if (!err || is_none(err) || !line || !call_method1(err, str_intern_utf8("write"), line.value())) {
    clear_error();
    std::fputs(text.c_str(), stderr);
  }
  restore_error(std::move(pending));
}

std::string debug_object(const char* what, Object* object) {
  char address[32];
  std::snprintf(address, sizeof address, "%p", static_cast<void*>(object));
  return std::string("gc: ") + what + " <" + object->type->name + " " + address + ">\n";
}

void debug_start(int generation) {
  GCState& s = state();
  std::string text = "gc: collecting generation " + std::to_string(generation) + "...\n";
  text += "gc: objects in each generation:";
  for (GCState::Generation& g : s.generations) text += " " + std::to_string(list_size(&g.head));
  text += "\ngc: objects in permanent generation: " + std::to_string(list_size(&s.permanent)) + "\n";
  debug_write(text);
}

int64_t collect_generation(int generation) {
  GCState& s = state();
  if (s.collecting) return 0;
  s.collecting = true;
  invoke_callbacks("start", generation, 0, 0);
  auto started = std::chrono::steady_clock::now();
  if (s.debug_flags & kGcDebugStats) debug_start(generation);
  // 1. Merge younger generations into this one.
  for (int g = 0; g < generation; ++g) list_merge(&s.generations[g].head, &s.generations[generation].head);
  GCHeader* young = &s.generations[generation].head;
  GCHeader* older = generation < 2 ? &s.generations[generation + 1].head : young;
  // 2-3. No Python code runs until both lists are ordinary lists again.
  GCHeader garbage;
  list_init(&garbage);
  find_unreachable(young, &garbage);
  untrack_atomic_tuples(young);
  if (generation == 2) untrack_atomic_dicts(young);
  int64_t survivors = generation == 1 ? list_size(young) : 0;
  if (young != older) list_merge(young, older);
  if (s.debug_flags & kGcDebugCollectable) {
    std::string text;
    for (GCHeader* h = garbage.next; h != &garbage; h = h->next) text += debug_object("collectable", object_of_gc_header(h));
    if (!text.empty()) debug_write(text);
  }
  // 4a. Weakrefs to garbage are cleared, all of them before any callback runs (callbacks
  // only for weakrefs that are not garbage). The garbage keeps kCollecting until it is
  // cleared or survives.
  {
    std::vector<WeakrefCallback> callbacks;
    for (GCHeader* h = garbage.next; h != &garbage; h = h->next) {
      Object* object = object_of_gc_header(h);
      if (object->type->weaklist_offset) detach_weakrefs_for_gc(object, callbacks);
    }
    run_weakref_callbacks(callbacks);
  }
  // 4b. Finalizers, once each (PEP 442).
  for_each_garbage(&garbage, [](Object* object) {
    if (object->type->finalize && !gc_is_finalized(object)) {
      gc_set_finalized(object);
      call_reporting("Exception ignored in", object, [&] { object->type->finalize(object); });
    }
  });
  // 4c. Resurrection: whatever a finalizer made reachable from outside survives, with
  // everything it reaches.
  clear_collecting(&garbage);
  GCHeader final_garbage;
  list_init(&final_garbage);
  find_unreachable(&garbage, &final_garbage);
  list_merge(&garbage, older);
  int64_t collected = list_size(&final_garbage);
  // 5. Break the cycles (or save them with DEBUG_SAVEALL); refcounting frees the garbage.
  // An object that survives its clear (or is saved) stays tracked in the older generation.
  while (!list_empty(&final_garbage)) {
    GCHeader* h = final_garbage.next;
    Object* object = object_of_gc_header(h);
    if (s.debug_flags & kGcDebugSaveAll) {
      if (!list_append(as_list(Value(s.garbage)), Value(object))) clear_error();
    } else if (object->type->clear) {
      Ref<> held = new_ref(Value(object));
      call_reporting("Exception ignored in tp_clear of", nullptr, [&] { object->type->clear(object); });
    }
    if (final_garbage.next == h) {
      h->prev &= ~kCollecting;
      gc_list_unlink(h);
      list_append(older, h);
    }
  }
  if (generation == 2) {
    tuple_clear_freelists();
    list_clear_freelist();
    dict_clear_freelists();
    float_clear_freelist();
  }
  // Bookkeeping as CPython: counts reset, next generation's count bumped.
  for (int g = 0; g <= generation; ++g) s.generations[g].count = 0;
  if (generation < 2) ++s.generations[generation + 1].count;
  s.stats[generation].collections++;
  s.stats[generation].collected += collected;
  if (generation == 2) {
    s.long_lived_total = list_size(&s.generations[2].head);
    s.long_lived_pending = 0;
  } else if (generation == 1) {
    s.long_lived_pending += survivors;
  }
  if (s.debug_flags & kGcDebugStats) {
    char line[100];
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    std::snprintf(line, sizeof line, "gc: done, %lld unreachable, 0 uncollectable, %.4fs elapsed\n",
                  static_cast<long long>(collected), elapsed.count());
    debug_write(line);
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
