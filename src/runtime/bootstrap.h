// Starting and stopping the runtime, and running the main program the command line asked
// for (a script, -c, -m, stdin or the interactive prompt).
#pragma once

#include <string>
#include <vector>
#include <string_view>

#include "runtime/runtime.h"

namespace krait {

// Creates the runtime and the main thread state, readies the built-in types, makes the
// builtins and sys modules and installs the import system. False (with a message on
// stderr) if the runtime cannot start.
bool runtime_start(Config config);
// Only the core: types, builtins and sys, no import system or stdio (for developer
// tools that compile or run code without the stdlib).
bool runtime_core_start(Config config);
// sys.path before site runs: the ._pth file's entries, or PYTHONPATH, the stdlib zip, the
// stdlib and lib-dynload (CPython's module_search_paths).
Ref<> initial_sys_path();
// Bytes from the operating system (argv, -X and -W options, a script's path) as
// os.fsdecode makes them: the filesystem encoding with surrogateescape, so undecodable
// bytes round-trip through os.fsencode.
Ref<> decode_os_string(std::string_view text);
// A list of such strings (sys.argv, sys.warnoptions, _testinternalcapi.get_config()).
Ref<> decode_os_string_list(const std::vector<std::string>& items);
// A path with "." and ".." parts and repeated slashes resolved as posixpath.normpath
// does, except that nothing left is "" (not "."), as CPython's _Py_normpath (for the ._pth
// file's entries; _testinternalcapi.normalize_path).
std::string normalize_path(std::string_view path);
// Runs the program; returns the process exit status (1 after an uncaught exception, the
// code of SystemExit, ...).
int runtime_run_main();
// Runs atexit handlers, flushes std streams, tears down; returns the final exit status.
int runtime_finalize(int status);

}  // namespace krait
