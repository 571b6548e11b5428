// OS threads for Python code: creating thread states, attaching a native thread to one
// (taking the GIL), spawning threads, and tearing them down.
#pragma once

#include <cstdint>
#include <functional>

#include "core/object.h"

namespace krait {

struct ThreadState;

// A new thread state registered with the runtime, not yet attached to a thread.
ThreadState* thread_state_new();
// Called on the new thread: records its ids and stack bounds, takes the GIL.
void thread_state_attach(ThreadState* thread);
// Called on the thread when it is done: releases its sentinel lock, drops its references,
// unregisters it and releases the GIL.
void thread_state_detach_and_delete(ThreadState* thread);
void thread_state_delete_unstarted(ThreadState* thread);
// The lock threading._set_sentinel() returned, released when the thread ends (owned).
void thread_state_set_sentinel(ThreadState* thread, Value lock);

// In a child process after fork(): only the calling thread exists; it becomes the main
// thread. The other thread states are unlinked and left as they are (their frames may still
// be referenced by frame objects, and their threads will never run again).
void threads_after_fork(ThreadState* survivor);

// Starts an OS thread running `body`; false if it could not be created.
bool thread_spawn(std::function<void()> body, uint64_t* ident);
int64_t thread_count_running();
int64_t thread_default_stack_size();
void thread_set_default_stack_size(int64_t size);
// The ident (pthread_self) and kernel id of the calling thread.
uint64_t current_thread_ident();
uint64_t current_native_thread_id();
// Sets the thread's stack_limit from the current stack's bounds.
void thread_record_stack_limit(ThreadState* thread);

}  // namespace krait
