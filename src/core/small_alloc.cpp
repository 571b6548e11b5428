// Size-class pools for small objects (see small_alloc.h). One address range is reserved
// (PROT_NONE, no memory committed) on first use; 256 KiB pools are enabled from it one
// at a time, each serving a single size class, which a byte per pool records so that a
// free finds its class from the address. Fresh pool memory is zero already; recycled
// blocks are zeroed when handed out again. Freed blocks stay with their class (memory
// is reused, not returned to the system). Address-sanitizer builds use calloc/free so
// that use-after-free is still caught.
#include "core/small_alloc.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace krait {

namespace small_alloc_internal {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kPoolsEnabled = false;
#else
constexpr bool kPoolsEnabled = true;
#endif

constexpr size_t kRegionBytes = size_t(64) << 30;  // address space only, at most
constexpr size_t kSmallestRegionBytes = size_t(256) << 20;

char* region = nullptr;
bool region_unavailable = false;
size_t region_bytes = 0;  // reserved (a smaller range under an address-space limit)
size_t region_used = 0;
SizeClass classes[kClassCount];
uint8_t pool_class[kRegionBytes / kPoolBytes];

namespace {

// Enables the next pool for class `c` and hands out its first block.
[[gnu::noinline]] void* allocate_from_new_pool(size_t c) {
  if (!kPoolsEnabled || region_unavailable) return nullptr;
  if (!region) {
    // `ulimit -v` (or valgrind) may refuse the full range: take the largest that fits.
    for (size_t bytes = kRegionBytes; bytes >= kSmallestRegionBytes && !region; bytes /= 4) {
      void* reserved = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
      if (reserved == MAP_FAILED) continue;
      region = static_cast<char*>(reserved);
      region_bytes = bytes;
    }
    if (!region) {
      region_unavailable = true;
      return nullptr;
    }
  }
  if (region_used + kPoolBytes > region_bytes) return nullptr;
  char* pool = region + region_used;
  if (mprotect(pool, kPoolBytes, PROT_READ | PROT_WRITE) != 0) return nullptr;
  pool_class[region_used / kPoolBytes] = uint8_t(c);
  region_used += kPoolBytes;
  SizeClass& size_class = classes[c];
  size_class.bump = pool + c * kGranule;
  size_class.bump_end = pool + kPoolBytes;
  return pool;
}

}  // namespace

void* fresh_block(size_t c) {
  SizeClass& size_class = classes[c];
  size_t block_bytes = c * kGranule;
  if (size_t(size_class.bump_end - size_class.bump) >= block_bytes) {
    char* block = size_class.bump;
    size_class.bump += block_bytes;
    return block;
  }
  return allocate_from_new_pool(c);
}

}  // namespace small_alloc_internal

using namespace small_alloc_internal;

void* small_alloc_zeroed(size_t bytes) {
  size_t c = class_of(bytes);
  SizeClass& size_class = classes[c];
  if (FreeBlock* block = size_class.free) {
    size_class.free = block->next;
    std::memset(static_cast<void*>(block), 0, c * kGranule);
    return block;
  }
  return fresh_block(c);
}

void* block_resize(void* block, size_t old_bytes, size_t new_bytes) {
  bool pooled = block && small_alloc_owns(block);
  if (block && !pooled && new_bytes > kSmallAllocMax) return std::realloc(block, new_bytes);
  void* fresh = new_bytes <= kSmallAllocMax ? small_alloc_zeroed(new_bytes) : nullptr;
  if (!fresh) fresh = std::malloc(new_bytes ? new_bytes : 1);
  if (!fresh) return nullptr;
  if (block) {
    std::memcpy(fresh, block, std::min(old_bytes, new_bytes));
    block_free(block);
  }
  return fresh;
}

}  // namespace krait
