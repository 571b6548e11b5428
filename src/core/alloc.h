// Object allocation. Objects of GC types carry a GCHeader in front of the object header
// (runtime/gc.h); everything else is a plain block. Instances of heap types own a
// reference to their type, which the allocator takes and free_object drops.
#pragma once

#include <cstddef>
#include <cstdlib>

#include "core/small_alloc.h"
#include "core/type.h"

namespace krait {

// Header in front of every object whose type has kTypeHaveGC. `next` is null while the
// object is not tracked; the low bits of prev carry collector flags (runtime/gc.cpp), which
// is why headers, list heads included, are 16-aligned (object blocks are).
struct alignas(16) GCHeader {
  GCHeader* next;
  uintptr_t prev;
};
static_assert(sizeof(GCHeader) == 16);

// Heap types whose instances gain a __dict__ or __weakref__ keep both pointers in front of
// the GC header, so any base layout (even variable-size tuple or str) can have them:
// [weaklist][dict][GCHeader][Object ...] (see objects/type_internal.h).
constexpr size_t kPreheaderBytes = 16;

inline GCHeader* gc_header_of(Object* o) { return reinterpret_cast<GCHeader*>(o) - 1; }
inline Object* object_of_gc_header(GCHeader* h) { return reinterpret_cast<Object*>(h + 1); }

// Allocates `size` bytes for an instance of `type` (GC header included when the type needs
// one), sets refcount 1 and the type. Contents past the header are zeroed. Returns null
// with MemoryError set on failure. GC objects start untracked: call gc_track once the
// object is fully initialised.
Object* allocate_object(TypeObject* type, size_t size);
template <class T>
T* allocate(TypeObject* type, size_t size = sizeof(T)) {
  return static_cast<T*>(allocate_object(type, size));
}
// For a built-in (static) type without GC whose constructor sets every field itself (str):
// `size` bytes with refcount 1 and the type set and the rest uninitialised, so that a
// short-lived object does not pay for zeroing memory it overwrites anyway. Freed with
// free_object like any other (or free_plain_object).
namespace alloc_internal {
extern int64_t live_blocks;  // allocated_block_count()
Object* out_of_memory();     // MemoryError; null
}  // namespace alloc_internal
inline Object* allocate_plain_uninitialised(TypeObject* type, size_t size) {
  auto* object = static_cast<Object*>(block_alloc(size));
  if (!object) return alloc_internal::out_of_memory();
  ++alloc_internal::live_blocks;
  object->refcount = 1;
  object->type = type;
  return object;
}
// free_object for an object of such a type (no GC header, no type reference to drop).
inline void free_plain_object(Object* o) {
  --alloc_internal::live_blocks;
  block_free(o);
}
// Size of a variable-size object with n items.
inline size_t var_size(const TypeObject* type, int64_t n) {
  return size_t(type->basic_size) + size_t(n) * size_t(type->item_size);
}

// Returns an object's memory (after its dealloc has dropped its references); untracks GC
// objects and drops the reference a heap type's instance holds on its type.
void free_object(Object* o);

// Objects currently allocated (sys.getallocatedblocks()).
int64_t allocated_block_count();

// The standard dealloc for objects that own no references beyond their header.
void dealloc_plain(Object* o);

}  // namespace krait
