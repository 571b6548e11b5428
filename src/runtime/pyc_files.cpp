// .pyc files (pyc_files.h). importlib writes __pycache__/X.krait-311.pyc next to every
// source it compiles, holding krait's marshal of the code. The standard library's
// directory and Debian's system dist-packages are not krait's to write (they belong to
// the system's CPython packages, and as root they would be writable), so their sources
// skip the .pyc step: they are frozen into the executable or compiled through the code
// cache (runtime/code_cache.h), which costs an import no stat or failed open of a .pyc
// that could never be written. With sys.pycache_prefix set, .pyc files live under the
// prefix, so the stdlib's go there.
#include "runtime/pyc_files.h"

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/ops.h"
#include "modules/marshal.h"
#include "objects/bytes.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "runtime/build_stamp.h"
#include "runtime/runtime.h"

namespace krait {

namespace {

Value external_module() {
  return dict_get_utf8(static_cast<DictObject*>(runtime().modules), "_frozen_importlib_external");
}

bool is_inside(std::string_view path, std::string_view directory) {
  return !directory.empty() && path.size() > directory.size() && path.compare(0, directory.size(), directory) == 0 &&
         path[directory.size()] == '/';
}

// Whether importlib would put the .pyc for `path` into the system's Python installation:
// the stdlib directory, or the Debian system site-packages beside it
// (/usr/lib/python3/dist-packages, also the package manager's; /usr/local is the admin's).
bool pyc_would_go_into_system_python(Value path) {
  if (!is_str(path)) return false;
  Value prefix = dict_get_utf8(static_cast<DictObject*>(runtime().sys_dict), "pycache_prefix");
  if (prefix && !is_none(prefix)) return false;
  const std::string& stdlib = runtime().config.stdlib_dir;
  static const std::string system_site_packages = stdlib.substr(0, stdlib.rfind('/') + 1) + "python3/dist-packages";
  std::string_view text = str_utf8(path);
  return is_inside(text, stdlib) || is_inside(text, system_site_packages);
}

// SourceFileLoader.get_code: importlib's SourceLoader.get_code, except for the system's
// Python directories, whose sources are compiled directly (what get_code does when there
// is no cache tag).
Ref<> source_file_loader_get_code(Value self, const Value* args) {
  Ref<> path = call_method1(self, str_intern_utf8("get_filename"), args[0]);
  if (!path) return nullptr;
  if (pyc_would_go_into_system_python(path)) {
    Ref<> source = call_method1(self, str_intern_utf8("get_data"), path);
    if (!source) return nullptr;
    return call_method2(self, str_intern_utf8("source_to_code"), source, path);
  }
  Value external = external_module();
  if (!external) return raise(exc::ImportError, "importlib._bootstrap_external is not loaded");
  Ref<> base = get_attr(external, "SourceLoader");
  Ref<> get_code = base ? get_attr(base, "get_code") : nullptr;
  if (!get_code) return nullptr;
  return call2(get_code, self, args[0]);
}

const MethodDef source_file_loader_get_code_def = {
    .name = "get_code",
    .impl = source_file_loader_get_code,
    .signature = "($self, fullname, /)",
    .doc = "Concrete implementation of InspectLoader.get_code.\n\n"
           "Reading of bytecode requires path_stats to be implemented. To write\n"
           "bytecode, set_data must also be implemented.",
};

// The first four bytes of this build's .pyc files.
uint32_t magic_number() { return uint32_t(pyc_magic_word()) | uint32_t('\r') << 16 | uint32_t('\n') << 24; }

uint32_t read_u32(std::string_view data) {
  uint32_t x = 0;
  for (int i = 0; i < 4; ++i) x |= uint32_t(uint8_t(data[size_t(i)])) << (8 * i);
  return x;
}

}  // namespace

bool configure_pyc_files() {
  Value external = external_module();
  if (!external) return true;  // importlib without its external importers: no .pyc files
  uint16_t word = pyc_magic_word();
  char magic[4] = {char(word & 0xFF), char(word >> 8), '\r', '\n'};
  Ref<> magic_bytes = bytes_from(std::string_view(magic, 4));
  uint32_t raw = magic_number();
  if (!magic_bytes || !set_attr(external, "MAGIC_NUMBER", magic_bytes.value()) ||
      !set_attr(external, "_RAW_MAGIC_NUMBER", int_from_int64(raw).value())) {
    return false;
  }
  Ref<> loader = get_attr(external, "SourceFileLoader");
  if (!loader) return false;
  if (!is_instance_of(loader, &type_type)) return bool(type_error("SourceFileLoader is not a class"));
  auto* loader_type = static_cast<TypeObject*>(loader.value().as_object());
  Ref<> get_code = method_descriptor_new(loader_type, &source_file_loader_get_code_def);
  return get_code && set_attr(loader, "get_code", get_code.value());
}

bool looks_like_pyc_file(std::string_view filename, std::string_view data) {
  if (filename.size() >= 4 && filename.substr(filename.size() - 4) == ".pyc") return true;
  // Two bytes only, as CPython (a text-mode read could have changed the "\r\n"); with -x
  // the first line is skipped, so the start of the file is no magic number.
  if (runtime().config.skip_first_line || data.size() < 2) return false;
  return (uint32_t(uint8_t(data[0])) | uint32_t(uint8_t(data[1])) << 8) == pyc_magic_word();
}

Ref<CodeObject> code_from_pyc_file(std::string_view data) {
  if (data.size() < 4 || read_u32(data) != magic_number()) {
    return raise(exc::RuntimeError, "Bad magic number in .pyc file");
  }
  // The rest of the header (flags, then the source's mtime and size or its hash) is not
  // checked: there is no source to compare with.
  if (data.size() < 16) return raise(exc::EOFError, "EOF read where not expected");
  Ref<> code = marshal_read(data.substr(16), /*build_stamped=*/true);
  if (!code || !is_code(code)) {
    clear_error();
    return raise(exc::RuntimeError, "Bad code object in .pyc file");
  }
  return std::move(code).cast<CodeObject>();
}

bool set_main_loader(Value globals, Value filename, const char* loader_name) {
  Value external = external_module();
  if (!external) return true;
  Ref<> loader_type = get_attr(external, loader_name);
  if (!loader_type) return false;
  Ref<> name = str_from_ascii("__main__");
  Ref<> loader = name ? call2(loader_type, name.value(), filename) : nullptr;
  return loader && dict_set_str(as_dict(globals), "__loader__", loader);
}

}  // namespace krait
