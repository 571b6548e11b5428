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
// Runs callbacks queued from other threads for the main thread (Py_AddPendingCall).
int run_pending_calls();

}  // namespace krait
