// The runtime: the one interpreter's shared state — modules, builtins, configuration, the
// GIL, the eval breaker, the collector. Everything mutable that is not per-thread lives
// here (DESIGN.md: no global mutable state outside the runtime).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/object.h"
#include "runtime/gc_state.h"
#include "runtime/gil.h"
#include "runtime/thread_state.h"

namespace krait {

struct DictObject;
struct ModuleObject;

// Command-line and environment configuration (sys.flags and friends).
struct Config {
  std::vector<std::string> argv;       // sys.argv
  std::vector<std::string> orig_argv;  // sys.orig_argv
  std::vector<std::string> warnoptions;
  std::vector<std::string> xoptions;
  std::string executable;
  std::string run_command;  // -c
  std::string run_module;   // -m
  std::string run_filename; // script path, or "-" for stdin
  std::string stdlib_dir;
  std::string pycache_prefix;  // sys.pycache_prefix; empty: None
  std::string check_hash_based_pycs = "default";  // --check-hash-based-pycs
  std::vector<std::string> pythonpath;  // from PYTHONPATH
  // A ._pth file beside the executable gives sys.path exactly (CPython's getpath).
  bool module_search_paths_set = false;
  std::vector<std::string> module_search_paths;
  int optimize = 0;          // -O count
  int verbose = 0;
  int bytes_warning = 0;
  int debug = 0;             // -d count, PYTHONDEBUG (sys.flags.debug)
  bool inspect = false;      // -i
  bool interactive = false;
  bool isolated = false;     // -I
  bool ignore_environment = false;  // -E
  bool no_user_site = false; // -s
  bool no_site = false;      // -S
  bool unbuffered = false;   // -u
  bool dont_write_bytecode = false;  // -B
  bool quiet = false;        // -q
  bool skip_first_line = false;  // -x
  bool safe_path = false;    // -P
  bool dev_mode = false;     // -X dev
  bool code_debug_ranges = true;  // -X no_debug_ranges, PYTHONNODEBUGRANGES turn it off
  bool utf8_mode = true;     // PEP 540: -X utf8, PYTHONUTF8, else on in the C/POSIX locale
  // The encoding of command-line arguments, file names and (by default) stdio: "utf-8",
  // or "ascii" outside the UTF-8 mode in a locale whose codeset is ASCII (CPython then
  // decodes bytes >= 0x80 to surrogates). Other codesets are read as UTF-8.
  std::string filesystem_encoding = "utf-8";
  int hash_seed = -1;        // PYTHONHASHSEED; -1: random
  bool random_hash_seed = false;  // -R: random even when PYTHONHASHSEED is set
  bool warn_default_encoding = false;
  int64_t int_max_str_digits = -1;  // PYTHONINTMAXSTRDIGITS / -X int_max_str_digits; -1: not set
};

// Reasons for the eval loop to leave its fast path (bits of Runtime::eval_breaker).
enum EvalBreakerBit : uint32_t {
  kBreakGilDropRequest = 1u << 0,
  kBreakSignalsPending = 1u << 1,
  kBreakAsyncException = 1u << 2,
  kBreakGcRequested = 1u << 3,
  kBreakPendingCalls = 1u << 4,
};

struct Runtime {
  Config config;
  Gil gil;
  GCState gc;
  std::atomic<uint32_t> eval_breaker{0};

  // Owned references, released at shutdown.
  Object* modules = nullptr;          // sys.modules (dict)
  Object* builtins_module = nullptr;
  Object* builtins = nullptr;         // builtins.__dict__
  Object* sys_module = nullptr;
  Object* sys_dict = nullptr;
  Object* interned = nullptr;         // dict: interned strs
  Object* importlib = nullptr;        // importlib._bootstrap, once loaded
  Object* import_func = nullptr;      // builtins.__import__ as first installed

  ThreadState* threads = nullptr;     // all thread states
  ThreadState* main_thread = nullptr;
  int recursion_limit = 1000;
  double switch_interval = 0.005;     // sys.getswitchinterval()
  bool finalizing = false;
  // The main program ended with an uncaught KeyboardInterrupt: after finalising, the
  // process kills itself with SIGINT, so its parent sees the signal (as CPython).
  bool unhandled_keyboard_interrupt = false;
  // The thread running the shutdown; other threads block when they try to take the GIL
  // after it began (CPython's tstate_must_exit), so daemon threads never see torn-down
  // modules.
  std::atomic<ThreadState*> finalizing_thread{nullptr};
  // _warnings' state (CPython's per-interpreter WarningsState), shared by every copy of the
  // module and by warnings from C++; made on first use (runtime/warnings.cpp).
  struct WarningsState {
    Object* filters = nullptr;         // list; warnings.filters replaces it when rebound
    Object* once_registry = nullptr;   // dict
    Object* default_action = nullptr;  // str
    int64_t filters_version = 0;       // bumped by _filters_mutated(); registries record it
  } warnings;
};

extern Runtime* the_runtime;
inline Runtime& runtime() { return *the_runtime; }

inline void request_eval_break(EvalBreakerBit bit) {
  runtime().eval_breaker.fetch_or(bit, std::memory_order_relaxed);
}

}  // namespace krait
