// Signal delivery: C-level handlers only record the signal and set the eval breaker; the
// Python-level handlers run in the main thread between instructions
// (modules/_signal.cpp implements these).
#pragma once

namespace krait {

// Runs the Python handlers of signals that arrived; -1 if one raised (KeyboardInterrupt).
int run_pending_signal_handlers();
// Installs CPython's start-up dispositions: SIGINT raises KeyboardInterrupt, SIGPIPE and
// SIGXFSZ are ignored.
void install_default_signal_handlers();
// Marks `signum` as arrived, as if the OS had delivered it (_thread.interrupt_main);
// -1 with ValueError for an invalid signal number.
int trip_signal(int signum);
// Runs callbacks queued from other threads for the main thread (Py_AddPendingCall).
int run_pending_calls();
// Queues fn(arg) to run in the main thread between instructions; safe from any thread
// (not from a C signal handler). False if the queue is full.
bool add_pending_call(int (*fn)(void* arg), void* arg);
// In a forked child: forgets signals that arrived before the fork (_PySignal_AfterFork).
void signals_after_fork();
// For a process ending with an uncaught KeyboardInterrupt (after finalization): dies by
// SIGINT with the default disposition, so the parent sees "killed by SIGINT" as with
// CPython; returns 130 only if that failed.
int exit_by_sigint();

}  // namespace krait
