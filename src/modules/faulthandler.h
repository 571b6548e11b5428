// faulthandler's C++ side for the runtime: enabling it at start-up (-X faulthandler,
// PYTHONFAULTHANDLER, -X dev) and dumping every thread's Python stack to a file
// descriptor with async-signal-safe writes (for fatal errors).
#pragma once

namespace krait {

struct ThreadState;

// Enables the fatal-signal handlers, writing to sys.stderr, when the configuration asks
// for it. False with an exception set if that failed.
bool faulthandler_enable_from_config();
// Writes "Current thread 0x... (most recent call first):" and the stack of each thread
// (`current` is marked as such; it may be null) to `fd`. Allocates nothing.
void faulthandler_dump_all_threads(int fd, ThreadState* current);

}  // namespace krait
