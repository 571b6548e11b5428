// The small-block allocator behind allocate_object: objects up to kSmallAllocMax bytes come
// from size classes (multiples of 16 bytes) carved out of 256 KiB pools in one reserved
// address range, and go back onto per-class free lists. Allocating and freeing is a
// list pop/push, several times cheaper than calloc/free. Callers hold the GIL.
#pragma once

#include <cstddef>
#include <cstdlib>

namespace krait {

constexpr size_t kSmallAllocMax = 512;

// A zeroed block of at least `bytes` (<= kSmallAllocMax), or null when the pools are
// unavailable (the caller then uses calloc).
void* small_alloc_zeroed(size_t bytes);
// The same, uninitialised.
void* small_alloc(size_t bytes);
// True when `block` came from small_alloc_zeroed or small_alloc.
bool small_alloc_owns(const void* block);
// Returns a block from small_alloc_zeroed or small_alloc.
void small_free(void* block);

// Memory blocks of any size under the same rule — the pools up to kSmallAllocMax bytes,
// calloc/malloc above — for objects (allocate_object) and for the buffers objects own
// (list items): small buffers come and go as often as small objects. Under the GIL.
inline void* block_alloc_zeroed(size_t bytes) {
  void* block = bytes <= kSmallAllocMax ? small_alloc_zeroed(bytes) : nullptr;
  return block ? block : std::calloc(1, bytes);
}
inline void* block_alloc(size_t bytes) {
  void* block = bytes <= kSmallAllocMax ? small_alloc(bytes) : nullptr;
  return block ? block : std::malloc(bytes);
}
inline void block_free(void* block) {
  if (small_alloc_owns(block)) small_free(block);
  else std::free(block);
}
// Grows or shrinks a block to new_bytes keeping its first min(old_bytes, new_bytes)
// bytes (the rest is not zeroed); null block: a fresh one. Null when out of memory (the
// old block is then untouched).
void* block_resize(void* block, size_t old_bytes, size_t new_bytes);

}  // namespace krait
