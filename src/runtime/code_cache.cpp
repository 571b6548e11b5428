// The compiled-code cache (code_cache.h): one file per compiled source,
// <cache>/<2 hex digits>/<30 hex digits> = header (magic, build id, source fingerprint) +
// marshalled code.
// Written to a temporary name and renamed, so concurrent krait processes never read a
// partial entry; any unreadable or foreign entry is a miss and is rewritten.
#include "runtime/code_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/error.h"
#include "core/hash.h"
#include "modules/marshal.h"
#include "objects/code.h"
#include "objects/str.h"
#include "runtime/build_stamp.h"
#include "runtime/runtime.h"
#include "runtime/source_lines.h"
#include "runtime/thread_state.h"

namespace krait {

namespace {

constexpr char kMagic[8] = {'k', 'r', 'a', 'i', 't', 'c', 'o', '1'};
constexpr size_t kBuildIdSize = 20;  // a GNU build id is a SHA-1 by default
constexpr size_t kHeaderSize = sizeof(kMagic) + kBuildIdSize;

// Process-wide constants, found on first use: where entries live and this binary's stamp.
struct CacheSetup {
  std::string directory;  // empty: no cache (no home, or no build id)
  char header[kHeaderSize];
};

CacheSetup find_setup() {
  CacheSetup setup{};
  std::string_view build_id = executable_build_id();
  if (build_id.empty()) return setup;
  std::memcpy(setup.header, kMagic, sizeof(kMagic));
  std::memcpy(setup.header + sizeof(kMagic), build_id.data(), std::min(build_id.size(), kBuildIdSize));
  const char* disabled = std::getenv("KRAIT_NO_CODE_CACHE");
  if (disabled && *disabled) return setup;
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  if (xdg && *xdg == '/') setup.directory = std::string(xdg) + "/krait/code";
  else if (home && *home == '/') setup.directory = std::string(home) + "/.cache/krait/code";
  return setup;
}

const CacheSetup& setup() {
  static const CacheSetup found = find_setup();
  return found;
}

// A 128-bit fingerprint (SipHash under two fixed keys) of `data`.
struct Fingerprint {
  uint64_t halves[2];
};

Fingerprint fingerprint(std::string_view data) {
  return {{siphash13(0x6b72616974636f64ULL, 0x6361636865000001ULL, data.data(), data.size()),
           siphash13(0x0123456789abcdefULL, 0xfedcba9876543210ULL, data.data(), data.size())}};
}

// One entry per file name and compile parameters, so an edited file overwrites its entry
// (as __pycache__ does) instead of adding one; the source's own fingerprint is checked
// on loading.
std::string entry_path(std::string_view filename, CompileMode mode, int flags, int optimize) {
  int parameters[3] = {int(mode), flags, optimize};
  std::string input(reinterpret_cast<const char*>(parameters), sizeof(parameters));
  input += filename;
  Fingerprint key = fingerprint(input);
  char hex[33];
  std::snprintf(hex, sizeof(hex), "%016llx%016llx", static_cast<unsigned long long>(key.halves[0]),
                static_cast<unsigned long long>(key.halves[1]));
  return setup().directory + "/" + std::string(hex, 2) + "/" + std::string(hex + 2);
}

Ref<CodeObject> load_entry(const std::string& path, const Fingerprint& source) {
  std::string data;
  if (!read_file(path, &data) || data.size() <= kHeaderSize + sizeof(Fingerprint) ||
      std::memcmp(data.data(), setup().header, kHeaderSize) != 0 ||
      std::memcmp(data.data() + kHeaderSize, &source, sizeof(source)) != 0) {
    return nullptr;
  }
  Ref<> code = marshal_read(std::string_view(data).substr(kHeaderSize + sizeof(source)), MarshalOrigin::kThisBuild);
  if (!code || !is_code(code)) {
    clear_error();  // a damaged entry is a miss
    return nullptr;
  }
  return std::move(code).cast<CodeObject>();
}

void make_directories(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    ::mkdir(path.substr(0, slash).c_str(), 0700);
  }
  ::mkdir(path.c_str(), 0700);
}

void store_entry(const std::string& path, const Fingerprint& source, CodeObject* code) {
  std::string data(setup().header, kHeaderSize);
  data.append(reinterpret_cast<const char*>(&source), sizeof(source));
  if (!marshal_write(Value(code), &data)) {
    clear_error();  // e.g. a constant marshal cannot write: just not cached
    return;
  }
  make_directories(path.substr(0, path.rfind('/')));
  std::string temporary = path + ".tmp" + std::to_string(::getpid());
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return;
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += size_t(n);
  }
  bool complete = done == data.size();
  if (::close(fd) != 0) complete = false;
  if (!complete || ::rename(temporary.c_str(), path.c_str()) != 0) ::unlink(temporary.c_str());
}

}  // namespace

Ref<CodeObject> compile_source_cached(std::string_view source, Value filename, CompileMode mode,
                                      int flags, int optimize) {
  std::string_view name = str_utf8(filename);
  // (Code without debug ranges is rare enough to be compiled each time.)
  if (mode != CompileMode::Exec || name.empty() || name[0] == '<' || setup().directory.empty() ||
      !compile_debug_ranges()) {
    return compile_source(source, filename, mode, flags, optimize);
  }
  const Config& config = runtime().config;
  if (optimize < 0) optimize = config.optimize;
  std::string path = entry_path(name, mode, flags, optimize);
  Fingerprint source_fingerprint = fingerprint(source);
  if (Ref<CodeObject> cached = load_entry(path, source_fingerprint)) return cached;
  uint64_t warnings_before = compile_warnings_issued();
  Ref<CodeObject> code = compile_source(source, filename, mode, flags, optimize);
  if (code && compile_warnings_issued() == warnings_before) {
    store_entry(path, source_fingerprint, code.get());
  }
  return code;
}

}  // namespace krait
