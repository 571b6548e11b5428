// Arena: the bump allocator that owns every AST node, sequence and string of one parse.
// Nothing allocated here has a destructor; the whole arena is released at once when the
// ParseResult that owns it dies. Seq<T> is the arena-backed sequence type of the AST.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

namespace krait::parse {

class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (char* block : blocks_) ::operator delete(block);
  }

  void* allocate(size_t size, size_t align) {
    uintptr_t p = (reinterpret_cast<uintptr_t>(cursor_) + align - 1) & ~uintptr_t(align - 1);
    if (p + size > reinterpret_cast<uintptr_t>(limit_)) return allocate_slow(size, align);
    cursor_ = reinterpret_cast<char*>(p + size);
    return reinterpret_cast<void*>(p);
  }

  // A zero-initialised T (T must be trivially destructible: the arena never runs destructors).
  template <class T>
  T* make() {
    static_assert(std::is_trivially_destructible_v<T>);
    return new (allocate(sizeof(T), alignof(T))) T{};
  }

  std::string_view copy(std::string_view text) {
    if (text.empty()) return std::string_view("", 0);
    char* p = static_cast<char*>(allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return std::string_view(p, text.size());
  }

  template <class T>
  T* copy_array(const T* items, size_t count) {
    static_assert(std::is_trivially_copyable_v<T>);
    if (count == 0) return nullptr;
    T* p = static_cast<T*>(allocate(sizeof(T) * count, alignof(T)));
    std::memcpy(static_cast<void*>(p), items, sizeof(T) * count);
    return p;
  }

 private:
  void* allocate_slow(size_t size, size_t align) {
    size_t block_size = next_block_size_;
    if (next_block_size_ < (size_t{1} << 22)) next_block_size_ *= 2;
    if (block_size < size + align) block_size = size + align;
    char* block = static_cast<char*>(::operator new(block_size));
    blocks_.push_back(block);
    cursor_ = block;
    limit_ = block + block_size;
    return allocate(size, align);
  }

  char* cursor_ = nullptr;
  char* limit_ = nullptr;
  size_t next_block_size_ = 16 * 1024;
  std::vector<char*> blocks_;
};

// A sequence in the arena: pointer + length, trivially copyable, never owning.
template <class T>
struct Seq {
  T* items = nullptr;
  uint32_t count = 0;

  size_t size() const { return count; }
  bool empty() const { return count == 0; }
  T& operator[](size_t i) const { return items[i]; }
  T* begin() const { return items; }
  T* end() const { return items + count; }
  T& back() const { return items[count - 1]; }
  std::span<T> span() const { return std::span<T>(items, count); }

  static Seq copy_of(Arena& arena, const T* data, size_t n) {
    return Seq{arena.copy_array(data, n), static_cast<uint32_t>(n)};
  }
  static Seq copy_of(Arena& arena, const std::vector<T>& v) { return copy_of(arena, v.data(), v.size()); }
};

}  // namespace krait::parse
