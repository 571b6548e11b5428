// Deallocation dispatch, allocation and debug refcount checks.
#include <cstdio>
#include <cstring>

#include "core/alloc.h"
#include "core/error.h"
#include "core/small_alloc.h"
#include "objects/float.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"
#include "runtime/thread_state.h"

namespace krait {

// Deallocation can nest (a list freeing its items freeing their items ...); past
// kMaxDeallocDepth it is deferred and finished iteratively, so that freeing a structure
// nested a million deep cannot overflow the C++ stack (CPython's trashcan).
void dealloc_object(Object* object) {
  // An exact float owns nothing and cannot nest: no depth bookkeeping (locals of a
  // returning frame, items a builtin consumed).
  if (object->type == &float_type) {
    float_free_exact(static_cast<FloatObject*>(object));
    return;
  }
  ThreadState* thread = current_thread();
  if (!thread) {
    object->type->dealloc(object);
    return;
  }
  if (thread->dealloc_depth >= kMaxDeallocDepth && gc_defer_dealloc(object)) return;
  ++thread->dealloc_depth;
  object->type->dealloc(object);
  if (--thread->dealloc_depth == 0 && !gc_state().deferred.empty()) {
    ++thread->dealloc_depth;
    gc_finish_deferred_deallocs();
    --thread->dealloc_depth;
  }
}

#ifdef KRAIT_DEBUG
void debug_check_refcount(Object* o) {
  if (o->refcount <= 0) {
    std::fprintf(stderr, "krait: refcount of %p (%s) is %ld before decref\n", (void*)o,
                 o->type ? o->type->name : "?", (long)o->refcount);
    std::abort();
  }
}

void Value::small_int_out_of_range(int64_t i) {
  std::fprintf(stderr, "krait: Value::small_int(%lld) is outside the tagged range\n", (long long)i);
  std::abort();
}
#endif

namespace alloc_internal {
int64_t live_blocks = 0;  // updated under the GIL
Object* out_of_memory() { return raise_memory_error(), nullptr; }
}  // namespace alloc_internal
using alloc_internal::live_blocks;

int64_t allocated_block_count() { return live_blocks; }


Object* allocate_object(TypeObject* type, size_t size) {
  ++live_blocks;
  // Constructors of built-in types pass sizeof their struct; a subclass with __slots__
  // needs room for its slot values after it (type->basic_size).
  if (size < size_t(type->basic_size)) size = size_t(type->basic_size);
  Object* object;
  if (type->has_flag(kTypeHaveGC)) {
    // Heap types may put __dict__/__weakref__ in a pre-header before the GC header.
    size_t preheader = type->has_flag(kTypePreheader) ? kPreheaderBytes : 0;
    auto* block = static_cast<char*>(block_alloc_zeroed(preheader + sizeof(GCHeader) + size));
    if (!block) return raise_memory_error(), nullptr;
    object = object_of_gc_header(reinterpret_cast<GCHeader*>(block + preheader));
    gc_note_allocation();
  } else {
    object = static_cast<Object*>(block_alloc_zeroed(size));
    if (!object) return raise_memory_error(), nullptr;
  }
  object->refcount = 1;
  object->type = type;
  if (type->has_flag(kTypeHeap)) incref(type);
  return object;
}

void free_object(Object* o) {
  --live_blocks;
  TypeObject* type = o->type;
  if (type->has_flag(kTypeHaveGC)) {
    GCHeader* header = gc_header_of(o);
    if (header->next) gc_untrack(o);
    if (!(header->prev & kGCOwnedByInstance)) gc_note_deallocation();
    size_t preheader = type->has_flag(kTypePreheader) ? kPreheaderBytes : 0;
    block_free(reinterpret_cast<char*>(header) - preheader);
  } else {
    block_free(o);
  }
  if (type->has_flag(kTypeHeap)) decref(type);
}

void dealloc_plain(Object* o) { free_object(o); }

}  // namespace krait
