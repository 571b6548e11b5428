// The collector's state (part of the runtime) and its introspection API for the gc module.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/alloc.h"

namespace krait {

constexpr int kMaxDeallocDepth = 1000;  // deeper deallocations are deferred (trashcan)

enum GcDebugFlag : int {
  kGcDebugStats = 1,
  kGcDebugCollectable = 2,
  kGcDebugUncollectable = 4,
  kGcDebugSaveAll = 32,
  kGcDebugLeak = kGcDebugCollectable | kGcDebugUncollectable | kGcDebugSaveAll,
};

struct GCState {
  struct Generation {
    GCHeader head;       // sentinel of a circular list
    int64_t threshold;
    int64_t count;
  };
  struct Stats {
    int64_t collections = 0;
    int64_t collected = 0;
    int64_t uncollectable = 0;
  };
  Generation generations[3];
  GCHeader permanent;    // gc.freeze()
  Stats stats[3];
  bool enabled = true;
  bool collecting = false;
  int debug_flags = 0;
  Object* garbage = nullptr;    // gc.garbage (list), owned
  Object* callbacks = nullptr;  // gc.callbacks (list), owned
  int64_t long_lived_total = 0;
  int64_t long_lived_pending = 0;
  std::vector<Object*> deferred;  // deallocations postponed by the trashcan

  GCState();
};

GCState& gc_state();

Ref<> gc_get_objects(int generation);  // -1: all generations
void gc_freeze();
void gc_unfreeze();
int64_t gc_freeze_count();
void gc_visit_all(void (*fn)(Object*, void*), void* arg);
// True while `o` is garbage in the collection that is running.
bool gc_is_collecting(Object* o);
// Each full collection gives the memory kept by the freelists of tuples, lists, dicts (with
// their small tables) and floats back, as CPython's gc.collect() documents. Each is
// defined next to its freelist.
void tuple_clear_freelists();
void list_clear_freelist();
void dict_clear_freelists();
void float_clear_freelist();

// A weakref and its callback, to be called once the collector has cleared every weakref
// to its garbage (so no callback can reach garbage through a weakref not yet cleared).
using WeakrefCallback = std::pair<Ref<>, Ref<>>;
// Clears weakrefs to `o` (garbage) without running Python code; the weakrefs that are not
// garbage themselves and have a callback go to `pending`.
void detach_weakrefs_for_gc(Object* o, std::vector<WeakrefCallback>& pending);
// Calls each callback with its weakref (errors are reported as unraisable).
void run_weakref_callbacks(std::vector<WeakrefCallback>& pending);

}  // namespace krait
