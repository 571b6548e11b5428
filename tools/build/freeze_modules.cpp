// freeze_modules: a build step. Compiles the stdlib modules CPython 3.11 freezes (the
// importlib bootstrap, os, site, io, codecs, ...) with krait's own compiler and writes
// them, marshalled, as the C++ table runtime/frozen.h declares, with each source's size
// and mtime so the runtime can tell when the installed stdlib no longer matches.
//   freeze_modules STDLIB_DIR OUTPUT.cpp   (also writes OUTPUT.cpp.d, the sources it read,
//                                           for the build's dependency tracking)
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compile/compiler.h"
#include "core/error.h"
#include "modules/marshal.h"
#include "objects/str.h"
#include "runtime/bootstrap.h"
#include "runtime/errors.h"
#include "runtime/runtime.h"

namespace {

using namespace krait;

// CPython 3.11's frozen modules (its _imp._frozen_module_names()). `source` names the
// stdlib module the code is compiled from: the code is called "<frozen SOURCE>", as in
// CPython. Entries whose source is not installed are skipped, except the test fixtures
// that CPython freezes from files Debian does not install (__phello__.ham, and
// __hello_only__ from CPython's Tools/freeze/flag.py, no stdlib module): `fallback` is
// their text, our own, as short as the originals' behaviour (import them, print a line).
struct Entry {
  const char* name;
  const char* origname;
  const char* source;
  bool is_package;
  bool essential;
  const char* fallback = nullptr;
};
constexpr Entry kEntries[] = {
    {"_frozen_importlib", "importlib._bootstrap", "importlib._bootstrap", false, true},
    {"_frozen_importlib_external", "importlib._bootstrap_external", "importlib._bootstrap_external", false, true},
    {"zipimport", "zipimport", "zipimport", false, true},
    {"abc", "abc", "abc", false, false},
    {"codecs", "codecs", "codecs", false, false},
    {"io", "io", "io", false, false},
    {"_collections_abc", "_collections_abc", "_collections_abc", false, false},
    {"_sitebuiltins", "_sitebuiltins", "_sitebuiltins", false, false},
    {"genericpath", "genericpath", "genericpath", false, false},
    {"ntpath", "ntpath", "ntpath", false, false},
    {"posixpath", "posixpath", "posixpath", false, false},
    {"os.path", "posixpath", "posixpath", false, false},
    {"os", "os", "os", false, false},
    {"site", "site", "site", false, false},
    {"stat", "stat", "stat", false, false},
    {"importlib.util", "importlib.util", "importlib.util", false, false},
    {"importlib.machinery", "importlib.machinery", "importlib.machinery", false, false},
    {"runpy", "runpy", "runpy", false, false},
    {"__hello__", "__hello__", "__hello__", false, false},
    {"__hello_alias__", "__hello__", "__hello__", false, false},
    {"__phello_alias__", "__hello__", "__hello__", true, false},
    {"__phello_alias__.spam", "__hello__", "__hello__", false, false},
    {"__phello__", "__phello__", "__phello__", true, false},
    {"__phello__.__init__", "<__phello__", "__phello__", false, false},
    {"__phello__.ham", "__phello__.ham", "__phello__.ham", true, false, ""},
    {"__phello__.ham.__init__", "<__phello__.ham", "__phello__.ham", false, false, ""},
    {"__phello__.ham.eggs", "__phello__.ham.eggs", "__phello__.ham.eggs", false, false, ""},
    {"__phello__.spam", "__phello__.spam", "__phello__.spam", false, false},
    {"__hello_only__", nullptr, "frozen_only", false, false, "initialized = True\nprint('Hello world!')\n"},
};

struct Source {
  std::string relative_path;  // empty for a fallback text
  int64_t size = 0;
  int64_t mtime = 0;
  std::string data;  // marshalled code
  int index = -1;    // its array in the output
};

// The source file of stdlib module `name`, relative to the stdlib directory (a
// package's __init__.py when there is one), or "" if it is not installed.
std::string find_source(const std::string& stdlib, const std::string& name) {
  std::string relative = name;
  for (char& c : relative) {
    if (c == '.') c = '/';
  }
  struct stat info;
  for (const std::string& candidate : {relative + "/__init__.py", relative + ".py"}) {
    if (stat((stdlib + "/" + candidate).c_str(), &info) == 0) return candidate;
  }
  return "";
}

bool compile_text(const std::string& text, const std::string& module_name, Source* source) {
  Ref<> filename = str_from_utf8("<frozen " + module_name + ">");
  if (!filename) return false;
  // Optimisation level 0 whatever -O says at run time, as CPython's frozen modules.
  Ref<CodeObject> code = compile_source(text, filename, CompileMode::Exec, 0, 0);
  return code && marshal_write(code.value(), &source->data);
}

bool compile_source_file(const std::string& stdlib, const std::string& module_name, Source* source) {
  std::string path = stdlib + "/" + source->relative_path;
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  struct stat info;
  if (!file || stat(path.c_str(), &info) != 0) {
    std::fprintf(stderr, "freeze_modules: cannot read %s\n", path.c_str());
    return false;
  }
  source->size = int64_t(info.st_size);
  source->mtime = int64_t(info.st_mtim.tv_sec);
  return compile_text(text.str(), module_name, source);
}

// `data` as a C++ string literal, split over lines. Octal escapes are always three
// digits, so a digit that follows one is never taken into it.
void write_literal(std::ostream& out, const std::string& data) {
  size_t column = 0;
  out << "    \"";
  for (unsigned char c : data) {
    if (column >= 100) {
      out << "\"\n    \"";
      column = 0;
    }
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?') {
      out << char(c);
      column += 1;
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out << escape;
      column += 4;
    }
  }
  out << "\"";
}

std::string quoted(const char* text) { return text ? "\"" + std::string(text) + "\"" : "nullptr"; }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: freeze_modules STDLIB_DIR OUTPUT.cpp\n");
    return 2;
  }
  std::string stdlib = argv[1];
  std::string output_path = argv[2];
  Config config;
  config.argv = {"freeze_modules"};
  config.stdlib_dir = stdlib;
  if (!runtime_core_start(config)) return 1;

  std::map<std::string, Source> sources;  // by module name
  std::vector<const Entry*> entries;
  for (const Entry& entry : kEntries) {
    auto found = sources.find(entry.source);
    if (found == sources.end()) {
      Source source;
      source.relative_path = find_source(stdlib, entry.source);
      if (source.relative_path.empty() && !entry.fallback) continue;
      if (source.relative_path.empty() ? !compile_text(entry.fallback, entry.source, &source)
                                       : !compile_source_file(stdlib, entry.source, &source)) {
        if (error_occurred()) print_uncaught_exception();
        std::fprintf(stderr, "freeze_modules: cannot freeze %s\n", entry.source);
        return 1;
      }
      sources.emplace(entry.source, std::move(source));
    }
    entries.push_back(&entry);
  }

  std::ostringstream out;
  out << "// generated by tools/build/freeze_modules.cpp from " << stdlib << "; do not edit\n"
      << "#include \"runtime/frozen.h\"\n\nnamespace krait {\n\nnamespace {\n\n";
  int next_index = 0;
  for (const Entry* entry : entries) {
    Source& source = sources[entry->source];
    if (source.index >= 0) continue;
    source.index = next_index++;
    out << "// " << source.relative_path << "\nconst char frozen_" << source.index << "[] =\n";
    write_literal(out, source.data);
    out << ";\n\n";
  }
  out << "}  // namespace\n\nextern const FrozenModule krait_frozen_modules[] = {\n";
  for (const Entry* entry : entries) {
    const Source& source = sources[entry->source];
    out << "    {" << quoted(entry->name) << ", " << quoted(entry->origname) << ", "
        << (entry->is_package ? "true" : "false") << ", " << (entry->essential ? "true" : "false") << ", "
        << quoted(source.relative_path.c_str()) << ", " << source.size << ", " << source.mtime << ", frozen_"
        << source.index << ", sizeof frozen_" << source.index << " - 1},\n";
  }
  out << "};\nextern const size_t krait_frozen_module_count = " << entries.size() << ";\n\n}  // namespace krait\n";

  std::string depfile = output_path + ":";
  for (const auto& [name, source] : sources) {
    if (!source.relative_path.empty()) depfile += " \\\n  " + stdlib + "/" + source.relative_path;
  }
  depfile += "\n";
  for (const auto& [path, text] : {std::pair{output_path, out.str()}, std::pair{output_path + ".d", depfile}}) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file.flush()) {
      std::fprintf(stderr, "freeze_modules: cannot write %s\n", path.c_str());
      return 1;
    }
  }
  return 0;
}
