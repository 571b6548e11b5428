// Frozen modules: the table the krait executable installs, the freshness check against
// the stdlib sources, and unmarshalling their code; see frozen.h.
#include "runtime/frozen.h"

#include <sys/stat.h>

#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "modules/marshal.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

const FrozenModule* table = nullptr;
size_t table_size = 0;
// Per entry: 0 not checked yet, 1 source unchanged, -1 stale.
std::vector<int8_t> usable;
int frozen_modules_enabled = -1;  // -X frozen_modules=on|off, read once
int frozen_modules_override = 0;  // _imp._override_frozen_modules_for_tests: 1 on, -1 off

bool enabled_by_options() {
  if (frozen_modules_override != 0) return frozen_modules_override > 0;
  if (frozen_modules_enabled < 0) {
    frozen_modules_enabled = 1;
    for (const std::string& option : runtime().config.xoptions) {
      if (option == "frozen_modules=off") frozen_modules_enabled = 0;
      if (option == "frozen_modules=on" || option == "frozen_modules") frozen_modules_enabled = 1;
    }
  }
  return frozen_modules_enabled == 1;
}

bool source_unchanged(const FrozenModule& module) {
  if (*module.source == '\0') return true;  // a test fixture frozen from text of its own
  std::string path = runtime().config.stdlib_dir + "/" + module.source;
  struct stat info;
  if (stat(path.c_str(), &info) != 0) return false;
  return int64_t(info.st_size) == module.source_size && int64_t(info.st_mtim.tv_sec) == module.source_mtime;
}

}  // namespace

void install_frozen_modules(const FrozenModule* modules, size_t count) {
  table = modules;
  table_size = count;
  usable.assign(count, 0);
}

const FrozenModule* find_frozen_module(std::string_view name) {
  for (size_t i = 0; i < table_size; ++i) {
    const FrozenModule& module = table[i];
    if (name != module.name) continue;
    if (!module.essential && !enabled_by_options()) return nullptr;
    if (usable[i] == 0) usable[i] = source_unchanged(module) ? 1 : -1;
    return usable[i] > 0 ? &module : nullptr;
  }
  return nullptr;
}

void override_frozen_modules_for_tests(int override) { frozen_modules_override = override > 0 ? 1 : override < 0 ? -1 : 0; }

const FrozenModule* frozen_modules_begin() { return table; }
const FrozenModule* frozen_modules_end() { return table + table_size; }

Ref<CodeObject> frozen_module_code(const FrozenModule* module) {
  Ref<> code = marshal_read(std::string_view(module->data, module->size), MarshalOrigin::kThisBuild);
  if (!code) return nullptr;
  if (!is_code(code)) return type_error("frozen object {} is not a code object", module->name);
  return std::move(code).cast<CodeObject>();
}

}  // namespace krait
