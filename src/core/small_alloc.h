// The small-block allocator behind allocate_object: objects up to kSmallAllocMax bytes come
// from size classes (multiples of 16 bytes) carved out of 256 KiB pools in one reserved
// address range, and go back onto per-class free lists. Allocating and freeing is a
// list pop/push, several times cheaper than calloc/free. Callers hold the GIL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace krait {

constexpr size_t kSmallAllocMax = 512;

// The pools' state, read by the inline fast paths below (small_alloc.cpp owns it).
namespace small_alloc_internal {
constexpr size_t kGranule = 16;
constexpr size_t kPoolBytes = size_t(256) << 10;
constexpr size_t kClassCount = kSmallAllocMax / kGranule + 1;
struct FreeBlock {
  FreeBlock* next;
};
struct SizeClass {
  FreeBlock* free = nullptr;  // recycled blocks
  char* bump = nullptr;       // unused part of the class's newest pool
  char* bump_end = nullptr;
};
extern SizeClass classes[kClassCount];
extern char* region;        // reserved on first use
extern size_t region_used;  // bytes of the region enabled as pools
extern uint8_t pool_class[];  // the size class of each enabled pool
inline size_t class_of(size_t bytes) { return bytes ? (bytes + kGranule - 1) / kGranule : 1; }
// A block never handed out before, from the class's newest pool or a new one (null when
// the pools are unavailable).
void* fresh_block(size_t c);
}  // namespace small_alloc_internal

// A zeroed block of at least `bytes` (<= kSmallAllocMax), or null when the pools are
// unavailable (the caller then uses calloc).
void* small_alloc_zeroed(size_t bytes);
// The same, uninitialised: a free-list pop when the class has a recycled block.
inline void* small_alloc(size_t bytes) {
  using namespace small_alloc_internal;
  size_t c = class_of(bytes);
  if (FreeBlock* block = classes[c].free) {
    classes[c].free = block->next;
    return block;
  }
  return fresh_block(c);
}
// True when `block` came from small_alloc_zeroed or small_alloc.
inline bool small_alloc_owns(const void* block) {
  using namespace small_alloc_internal;
  return uintptr_t(block) - uintptr_t(region) < region_used;
}
// Returns a block from small_alloc_zeroed or small_alloc.
inline void small_free(void* block) {
  using namespace small_alloc_internal;
  size_t c = pool_class[size_t(static_cast<char*>(block) - region) / kPoolBytes];
  auto* free_block = static_cast<FreeBlock*>(block);
  free_block->next = classes[c].free;
  classes[c].free = free_block;
}

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
