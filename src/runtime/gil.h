// The global interpreter lock (DESIGN.md §6): one thread runs Python code at a time. A
// thread waiting longer than the switch interval asks the holder to drop the GIL through
// the eval breaker; the holder then hands over and waits until another thread has it
// (forced switching), so a busy thread cannot starve the others.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace krait {

struct ThreadState;

class Gil {
 public:
  void acquire(ThreadState* thread);
  void release(ThreadState* thread);
  // Called by the holder when the eval breaker's drop request is set.
  void yield_to_waiter(ThreadState* thread);
  bool is_held_by(const ThreadState* thread) const { return holder_ == thread; }
  // After fork() in the child: the calling thread owns a fresh GIL.
  void reinit_after_fork(ThreadState* thread);

 private:
  std::mutex mutex_;
  std::condition_variable released_;   // signalled when the GIL becomes free
  std::condition_variable switched_;   // signalled when a waiter took it (forced switching)
  bool locked_ = false;
  ThreadState* holder_ = nullptr;
  uint64_t switch_number_ = 0;         // times the GIL changed hands
  int waiters_ = 0;
};

// Releases the GIL for the lifetime of the object (around blocking calls: sleep, I/O,
// lock waits, select) and takes it back after.
class ReleaseGil {
 public:
  ReleaseGil();
  ~ReleaseGil();
  ReleaseGil(const ReleaseGil&) = delete;
  ReleaseGil& operator=(const ReleaseGil&) = delete;

 private:
  ThreadState* thread_;
};

}  // namespace krait
