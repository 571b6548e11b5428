// The growing output buffer of the streaming (de)compressors (_bz2, _lzma): blocks in
// CPython's sizes (32 KiB, 64 KiB, 256 KiB, 1 MiB, ...) so that max_length limits and
// buffer growth behave as in CPython, handed to the library as a (next_out, avail_out)
// window whatever the library's pointer and counter types.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include "core/error.h"
#include "objects/bytes.h"

namespace krait {

class BlockOutputBuffer {
 public:
  BlockOutputBuffer() = default;
  BlockOutputBuffer(const BlockOutputBuffer&) = delete;
  BlockOutputBuffer& operator=(const BlockOutputBuffer&) = delete;
  ~BlockOutputBuffer() { std::free(data_); }

  // The first block: 32 KiB, or max_length if smaller (max_length < 0: no limit).
  template <class Byte, class Size>
  bool init(int64_t max_length, Byte** next, Size* avail) {
    max_length_ = max_length;
    return add_block(kBlockSizes[0], next, avail);
  }
  // More room once *avail is 0: the rest of a block larger than Size can count, or the next
  // block. False with MemoryError.
  template <class Byte, class Size>
  bool grow(Byte** next, Size* avail) {
    int64_t used = size(*next);
    if (used < allocated_) {
      set_window(used, next, avail);
      return true;
    }
    int64_t block = blocks_ < kBlockCount ? kBlockSizes[blocks_] : kBlockSizes[kBlockCount - 1];
    return add_block(block, next, avail);
  }
  template <class Byte>
  int64_t size(const Byte* next) const {
    return data_ ? int64_t(reinterpret_cast<const char*>(next) - data_) : 0;
  }
  template <class Byte>
  bool at_limit(const Byte* next) const {
    return size(next) == max_length_;
  }
  template <class Byte>
  Ref<> finish(const Byte* next) const {
    return bytes_from({data_, size_t(size(next))});
  }

 private:
  static constexpr int64_t kKiB = 1024, kMiB = 1024 * 1024;
  static constexpr int64_t kBlockSizes[] = {
      32 * kKiB, 64 * kKiB, 256 * kKiB, 1 * kMiB,   4 * kMiB,  8 * kMiB,
      16 * kMiB, 16 * kMiB, 32 * kMiB,  32 * kMiB,  32 * kMiB, 32 * kMiB,
      64 * kMiB, 64 * kMiB, 128 * kMiB, 128 * kMiB, 256 * kMiB};
  static constexpr int kBlockCount = int(sizeof(kBlockSizes) / sizeof(kBlockSizes[0]));

  template <class Byte, class Size>
  bool add_block(int64_t block, Byte** next, Size* avail) {
    int64_t used = data_ ? size(*next) : 0;
    if (max_length_ >= 0 && block > max_length_ - allocated_) block = max_length_ - allocated_;
    if (allocated_ > INT64_MAX - block) return raise_memory_error();
    char* grown = static_cast<char*>(std::realloc(data_, size_t(allocated_ + block) + 1));
    if (!grown) return raise_memory_error();
    data_ = grown;
    allocated_ += block;
    ++blocks_;
    set_window(used, next, avail);
    return true;
  }
  template <class Byte, class Size>
  void set_window(int64_t used, Byte** next, Size* avail) {
    *next = reinterpret_cast<Byte*>(data_ + used);
    *avail = Size(std::min<uint64_t>(uint64_t(allocated_ - used), std::numeric_limits<Size>::max()));
  }

  char* data_ = nullptr;
  int64_t allocated_ = 0;
  int blocks_ = 0;
  int64_t max_length_ = -1;
};

}  // namespace krait
