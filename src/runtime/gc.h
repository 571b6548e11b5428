// The generational cycle collector's interface (DESIGN.md §5). Reference counting frees
// almost everything; this collector finds unreachable cycles among tracked container
// objects, the way CPython's does. The algorithm and its invariants are described at the
// top of runtime/gc.cpp.
#pragma once

#include <cstdint>

#include "core/alloc.h"

namespace krait {

// Starts tracking a fully initialised GC object (puts it in generation 0).
void gc_track(Object* o);
// Stops tracking (before the object's references are torn down in dealloc).
void gc_untrack(Object* o);
// An instance of the GC type `type` (refcount 1, contents zeroed) already tracked, as
// allocate_object then gc_track make it, in one call (inline pool pop and zeroing for a
// heap type's instance); null with MemoryError set.
Object* gc_allocate_instance(TypeObject* type);
inline bool gc_is_tracked(Object* o) { return gc_header_of(o)->next != nullptr; }
constexpr uintptr_t kGCFlagMask = 15;  // flag bits in GCHeader::prev; headers are 16-aligned
// Unlinks a header from the generation list it is on (its flag bits and its neighbours' stay).
inline void gc_list_unlink(GCHeader* h) {
  auto* previous = reinterpret_cast<GCHeader*>(h->prev & ~kGCFlagMask);
  previous->next = h->next;
  h->next->prev = reinterpret_cast<uintptr_t>(previous) | (h->next->prev & kGCFlagMask);
  h->next = nullptr;
}
// gc_untrack for an object known to have a GC header, inline (instance deallocation).
inline void gc_untrack_inline(Object* o) {
  GCHeader* h = gc_header_of(o);
  if (h->next) gc_list_unlink(h);
}

// Whether `o` has a GC header: its type is a GC type, except static type objects (instances
// of `type` that were not allocated: CPython's tp_is_gc for types).
inline bool object_has_gc_header(Object* o) {
  TypeObject* type = o->type;
  if (!type->has_flag(kTypeHaveGC)) return false;
  if (type->has_flag(kTypeTypeSubclass)) return static_cast<TypeObject*>(o)->has_flag(kTypeHeap);
  return true;
}

// Instance dicts, as CPython 3.11 keeps instance attributes inline without a dict object
// until __dict__ is asked for: a dict owned by an instance is never tracked on its own and
// does not count as an allocation; its owner's traverse visits the contents instead, so
// gc.collect() counts, get_objects(), get_referents() and get_referrers() match CPython.
// gc_release_owned_dict turns it into an ordinary dict once Python code can see it.
constexpr uintptr_t kGCOwnedByInstance = 8;  // a flag in GCHeader::prev
inline bool gc_is_owned_dict(Object* dict) { return gc_header_of(dict)->prev & kGCOwnedByInstance; }
// Whether gc_track(dict) would do anything: an untracked dict not owned by an instance
// (an instance's attribute stores then skip the test of the stored value).
inline bool gc_dict_may_start_tracking(Object* dict) {
  const GCHeader* h = gc_header_of(dict);
  return !h->next && !(h->prev & kGCOwnedByInstance);
}
void gc_mark_owned_dict(Object* dict);
void gc_release_owned_dict(Object* dict);

// PEP 442: whether an object's finalizer (__del__) already ran.
bool gc_is_finalized(Object* o);
void gc_set_finalized(Object* o);

// Allocation accounting: allocations minus deallocations of GC objects drive collections.
// Crossing the threshold only *requests* a collection; it runs at the next eval-breaker
// check, where no C++ code holds borrowed references across it.
void gc_note_allocation();
void gc_note_deallocation();

// Runs a collection of `generation` (0..2) and the younger ones; returns the number of
// unreachable objects found. Safe to call from Python (gc.collect()).
int64_t gc_collect(int generation);
// Called from the eval breaker when gc_note_allocation requested a collection.
void gc_collect_if_requested();

// Trashcan-free deep deallocation guard: containers nested millions deep are freed
// iteratively (objects queued here are deallocated after the outer dealloc returns).
bool gc_defer_dealloc(Object* o);
void gc_finish_deferred_deallocs();

}  // namespace krait
