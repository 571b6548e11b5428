// Thread states and OS threads; see threads.h.
#include "runtime/threads.h"

#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <new>

#include "core/error.h"
#include "core/ops.h"
#include "objects/str.h"
#include "runtime/runtime.h"
#include "runtime/thread_state.h"
#include "vm/trace.h"

namespace krait {

__thread ThreadState* tls_current_thread = nullptr;

namespace {

std::atomic<int64_t> running_threads{0};
int64_t default_stack_size = 0;  // 0: the platform default (8 MiB on Linux)
std::mutex thread_list_mutex;

}  // namespace

uint64_t current_thread_ident() { return uint64_t(pthread_self()); }
uint64_t current_native_thread_id() { return uint64_t(syscall(SYS_gettid)); }

void thread_record_stack_limit(ThreadState* thread) {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* stack_address;
  size_t stack_size;
  if (pthread_attr_getstack(&attr, &stack_address, &stack_size) == 0) {
    // Keep 256 KiB in reserve for raising RecursionError and unwinding.
    size_t reserve = std::min<size_t>(256 * 1024, stack_size / 4);
    thread->stack_limit = static_cast<char*>(stack_address) + reserve;
  }
  pthread_attr_destroy(&attr);
}

ThreadState* thread_state_new() {
  auto* thread = new ThreadState();
  thread->runtime = the_runtime;
  std::lock_guard guard(thread_list_mutex);
  thread->next = runtime().threads;
  runtime().threads = thread;
  return thread;
}

static void unregister(ThreadState* thread) {
  std::lock_guard guard(thread_list_mutex);
  for (ThreadState** p = &runtime().threads; *p; p = &(*p)->next) {
    if (*p == thread) {
      *p = thread->next;
      break;
    }
  }
}

void thread_state_attach(ThreadState* thread) {
  thread->thread_id = current_thread_ident();
  thread->native_thread_id = current_native_thread_id();
  thread_record_stack_limit(thread);
  runtime().gil.acquire(thread);
  ++running_threads;
}

void thread_state_set_sentinel(ThreadState* thread, Value lock) {
  incref(lock);
  decref(thread->sentinel);
  thread->sentinel = lock;
}

void thread_state_detach_and_delete(ThreadState* thread) {
  if (thread->sentinel) {
    Ref<> lock = Ref<>::steal(thread->sentinel);
    thread->sentinel = Value();
    Ref<> released = call_method0(lock, str_intern_utf8("release"));
    if (!released) clear_error();
  }
  clear_error();
  thread->async_exception.reset();
  thread->thread_dict.reset();
  thread->context.reset();
  set_trace_function(thread, Value());
  set_profile_function(thread, Value());
  decref(thread->asyncgen_firstiter);
  decref(thread->asyncgen_finalizer);
  decref(thread->base_exception_item.exception);
  thread->base_exception_item.exception = Value();
  --running_threads;
  unregister(thread);
  runtime().gil.release(thread);
  tls_current_thread = nullptr;
  while (FrameChunk* chunk = thread->frame_chunk) {
    thread->frame_chunk = chunk->previous;
    std::free(chunk);
  }
  delete thread;
}

void thread_state_delete_unstarted(ThreadState* thread) {
  unregister(thread);
  delete thread;
}

void threads_after_fork(ThreadState* survivor) {
  new (&thread_list_mutex) std::mutex();  // another thread may have held it across fork()
  survivor->next = nullptr;
  survivor->native_thread_id = current_native_thread_id();  // the child's own kernel id
  runtime().threads = runtime().main_thread = survivor;
  running_threads = 0;  // counts threads other than the main one
}

namespace {

void* thread_entry(void* arg) {
  auto* body = static_cast<std::function<void()>*>(arg);
  (*body)();
  delete body;
  return nullptr;
}

}  // namespace

bool thread_spawn(std::function<void()> body, uint64_t* ident) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (default_stack_size) pthread_attr_setstacksize(&attr, size_t(default_stack_size));
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  auto* heap_body = new std::function<void()>(std::move(body));
  pthread_t handle;
  int error = pthread_create(&handle, &attr, thread_entry, heap_body);
  pthread_attr_destroy(&attr);
  if (error) {
    delete heap_body;
    return false;
  }
  *ident = uint64_t(handle);
  return true;
}

int64_t thread_count_running() { return running_threads.load(); }
int64_t thread_default_stack_size() { return default_stack_size; }
void thread_set_default_stack_size(int64_t size) { default_stack_size = size; }

}  // namespace krait
