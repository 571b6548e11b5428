// The small-block allocator behind allocate_object: objects up to kSmallAllocMax bytes come
// from size classes (multiples of 16 bytes) carved out of 256 KiB pools in one reserved
// address range, and go back onto per-class free lists. Allocating and freeing is a
// list pop/push, several times cheaper than calloc/free. Callers hold the GIL.
#pragma once

#include <cstddef>

namespace krait {

constexpr size_t kSmallAllocMax = 512;

// A zeroed block of at least `bytes` (<= kSmallAllocMax), or null when the pools are
// unavailable (the caller then uses calloc).
void* small_alloc_zeroed(size_t bytes);
// True when `block` came from small_alloc_zeroed.
bool small_alloc_owns(const void* block);
// Returns a block from small_alloc_zeroed.
void small_free(void* block);

}  // namespace krait
