// Source lines of Python files for tracebacks and warnings, read the way CPython's C-level
// printer reads them (not through the linecache module): the file's declared encoding
// (UTF-8 by default), universal newlines, and a search of sys.path by base name when the
// file cannot be opened as named.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace krait {

// The whole file's bytes, appended to *out; false if it cannot be opened. (Also the
// script runner's and the code cache's way of reading a file.)
bool read_file(const std::string& path, std::string* out);

class SourceLines {
 public:
  // Line `lineno` (1-based) without its line break; null if the file or line is unavailable.
  const std::string* line(std::string_view filename, int lineno);

 private:
  struct File {
    bool ok = false;
    std::vector<std::string> lines;
  };
  std::unordered_map<std::string, File> files_;
};

}  // namespace krait
