// The GIL's hand-over protocol; see gil.h.
#include "runtime/gil.h"

#include <chrono>
#include <thread>

#include "runtime/runtime.h"

namespace krait {

namespace {

// A daemon thread after shutdown began must not run again: park it for good; the process
// exit ends it.
[[noreturn]] void park_forever() {
  for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
}

bool must_park(ThreadState* thread) {
  ThreadState* finalizer = runtime().finalizing_thread.load(std::memory_order_acquire);
  return finalizer && finalizer != thread;
}

}  // namespace

void Gil::acquire(ThreadState* thread) {
  if (must_park(thread)) park_forever();
  std::unique_lock lock(mutex_);
  if (locked_) {
    ++waiters_;
    auto interval = std::chrono::duration<double>(runtime().switch_interval);
    while (locked_) {
      uint64_t switches_before = switch_number_;
      if (released_.wait_for(lock, interval) == std::cv_status::timeout && locked_ &&
          switch_number_ == switches_before) {
        // The holder kept it for a whole interval: ask it to let go.
        request_eval_break(kBreakGilDropRequest);
      }
    }
    --waiters_;
    if (must_park(thread)) {
      // Shutdown began while this thread waited: leave the GIL to the others.
      released_.notify_one();
      lock.unlock();
      park_forever();
    }
  }
  locked_ = true;
  holder_ = thread;
  ++switch_number_;
  tls_current_thread = thread;
  if (waiters_ == 0) {
    runtime().eval_breaker.fetch_and(~uint32_t(kBreakGilDropRequest), std::memory_order_relaxed);
  }
  switched_.notify_all();
}

void Gil::release(ThreadState* thread) {
  std::lock_guard lock(mutex_);
  locked_ = false;
  holder_ = nullptr;
  released_.notify_one();
}

void Gil::yield_to_waiter(ThreadState* thread) {
  {
    std::unique_lock lock(mutex_);
    runtime().eval_breaker.fetch_and(~uint32_t(kBreakGilDropRequest), std::memory_order_relaxed);
    if (waiters_ == 0) return;
    uint64_t switches_before = switch_number_;
    locked_ = false;
    holder_ = nullptr;
    released_.notify_one();
    // Forced switching: wait until a waiter has actually taken the GIL.
    switched_.wait(lock, [&] { return switch_number_ != switches_before; });
  }
  acquire(thread);
}

void Gil::reinit_after_fork(ThreadState* thread) {
  new (&mutex_) std::mutex();
  new (&released_) std::condition_variable();
  new (&switched_) std::condition_variable();
  locked_ = true;
  holder_ = thread;
  waiters_ = 0;
}

ReleaseGil::ReleaseGil() : thread_(current_thread()) { runtime().gil.release(thread_); }
ReleaseGil::~ReleaseGil() { runtime().gil.acquire(thread_); }

}  // namespace krait
