// Frozen modules: stdlib modules whose compiled code is built into the `krait` binary
// (tools/build/freeze_modules.cpp writes the table at build time), so start-up does not
// parse and compile importlib, os, site, ... from source. _imp and FrozenImporter serve
// them as CPython serves its frozen modules.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "objects/code.h"

namespace krait {

struct FrozenModule {
  const char* name;      // the name importers ask for ("os.path")
  const char* origname;  // the stdlib module it came from ("posixpath"; "<pkg" for a package's
                         // __init__), null for none (CPython's __hello_only__)
  bool is_package;
  bool essential;        // still used under -X frozen_modules=off (the import system itself)
  const char* source;    // the source file, relative to the stdlib directory; "" for the
                         // test fixtures the stdlib lacks (tools/build/freeze_modules.cpp)
  int64_t source_size;   // the source's size and mtime (seconds) when it was frozen
  int64_t source_mtime;
  const char* data;      // the marshalled module code object
  size_t size;
};

// The table generated into the krait executable (absent from other programs that link
// the runtime: they compile everything from source).
extern const FrozenModule krait_frozen_modules[];
extern const size_t krait_frozen_module_count;

// Makes `modules` (static data) the runtime's frozen modules; called before runtime_start.
void install_frozen_modules(const FrozenModule* modules, size_t count);

// The frozen module called `name`, or null when there is none, when -X frozen_modules=off
// disables it, or when its source file in the stdlib directory no longer has the size and
// mtime it was frozen from (the stdlib was upgraded or KRAIT_STDLIB points elsewhere:
// compiling that source is then the only right answer).
const FrozenModule* find_frozen_module(std::string_view name);
// test.support's frozen_modules(): > 0 uses the frozen modules, < 0 only the essential
// ones (as -X frozen_modules=off), 0 goes back to what the options say.
void override_frozen_modules_for_tests(int override);
// Every installed frozen module, usable or not, in table order (_imp._frozen_module_names).
const FrozenModule* frozen_modules_begin();
const FrozenModule* frozen_modules_end();
// The module's code object, unmarshalled afresh; null with an exception set on bad data.
Ref<CodeObject> frozen_module_code(const FrozenModule* module);

}  // namespace krait
