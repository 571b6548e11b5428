// Reading source lines for tracebacks and warnings (runtime/source_lines.h).
#include "runtime/source_lines.h"

#include <cctype>
#include <cstdio>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/list.h"
#include "objects/str.h"
#include "runtime/runtime.h"
#include "text/utf8.h"

namespace krait {

bool read_file(const std::string& path, std::string* out) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return false;
  char buffer[65536];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out->append(buffer, n);
  std::fclose(file);
  return true;
}

namespace {

// Opens the file as named, or else sys.path entries joined with its base name (CPython's
// _Py_FindSourceFile: a module imported from a relative path may be found again).
bool read_source(std::string_view filename, std::string* out) {
  std::string name(filename);
  if (read_file(name, out)) return true;
  size_t slash = name.rfind('/');
  std::string tail = slash == std::string::npos ? name : name.substr(slash + 1);
  Runtime* rt = the_runtime;
  if (!rt || !rt->sys_dict) return false;
  Value path = dict_get_utf8(as_dict(Value(rt->sys_dict)), "path");
  if (!path || !is_list(path)) return false;
  ListObject* entries = as_list(path);
  for (int64_t i = 0; i < entries->length; ++i) {
    Value entry = entries->items[i];
    if (!is_str(entry)) continue;
    std::string candidate(str_utf8(entry));
    if (candidate.find('\0') != std::string::npos) continue;
    if (!candidate.empty() && candidate.back() != '/') candidate += '/';
    candidate += tail;
    out->clear();
    if (read_file(candidate, out)) return true;
  }
  return false;
}

// The encoding declared by a coding cookie in the first two lines (PEP 263), or "".
std::string declared_encoding(std::string_view source) {
  size_t line_start = 0;
  for (int line = 0; line < 2 && line_start < source.size(); ++line) {
    size_t line_end = source.find_first_of("\r\n", line_start);
    std::string_view text = source.substr(line_start, line_end == std::string_view::npos
                                                          ? std::string_view::npos
                                                          : line_end - line_start);
    size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\f')) ++i;
    if (i < text.size() && text[i] == '#') {
      for (size_t at = text.find("coding", i); at != std::string_view::npos;
           at = text.find("coding", at + 1)) {
        size_t j = at + 6;
        if (j < text.size() && (text[j] == ':' || text[j] == '=')) {
          ++j;
          while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
          size_t name_start = j;
          while (j < text.size() && (std::isalnum(uint8_t(text[j])) || text[j] == '-' ||
                                     text[j] == '_' || text[j] == '.')) {
            ++j;
          }
          if (j > name_start) return std::string(text.substr(name_start, j - name_start));
        }
      }
    } else if (i < text.size()) {
      break;  // a cookie on line 2 only counts after a blank or comment line 1
    }
    if (line_end == std::string_view::npos) break;
    line_start = line_end + (source[line_end] == '\r' && line_end + 1 < source.size() &&
                                     source[line_end + 1] == '\n'
                                 ? 2
                                 : 1);
  }
  return "";
}

std::string normalized_encoding(std::string name) {
  for (char& c : name) c = c == '_' ? '-' : char(std::tolower(uint8_t(c)));
  auto starts = [&](std::string_view prefix) {
    return name == prefix || name.rfind(std::string(prefix) + "-", 0) == 0;
  };
  if (starts("utf-8") || name == "utf8") return "utf-8";
  if (starts("latin-1") || starts("iso-8859-1") || starts("iso-latin-1")) return "latin-1";
  return name;
}

bool valid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    uint8_t c = uint8_t(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n; ++k) {
      uint8_t d = uint8_t(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = cp << 6 | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n;
  }
  return true;
}

// The text of the file as UTF-8; false if it cannot be decoded (TextIOWrapper would fail).
bool decode_source(std::string raw, std::string* out) {
  if (raw.rfind("\xEF\xBB\xBF", 0) == 0) raw.erase(0, 3);
  std::string encoding = normalized_encoding(declared_encoding(raw));
  if (encoding.empty() || encoding == "utf-8") {
    if (!valid_utf8(raw)) return false;
    *out = std::move(raw);
    return true;
  }
  if (encoding == "latin-1") {
    out->clear();
    for (char c : raw) utf8::append(*out, char32_t(uint8_t(c)));
    return true;
  }
  // Any other codec: decode through Python's codecs.
  Ref<> saved = fetch_error();
  Ref<> bytes = bytes_from(raw);
  Ref<StrObject> name = str_from_utf8(encoding);
  Ref<> text = bytes && name ? call_method1(bytes, ID(decode), name.value()) : Ref<>();
  bool ok = text && is_str(text);
  if (ok) *out = std::string(str_utf8(text.value()));
  clear_error();
  restore_error(std::move(saved));
  return ok;
}

// Lines as TextIOWrapper's readline gives them with universal newlines, minus the break.
std::vector<std::string> split_universal(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || text[i] == '\r') {
      lines.emplace_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.size()) lines.emplace_back(text.substr(start));
  return lines;
}

}  // namespace

const std::string* SourceLines::line(std::string_view filename, int lineno) {
  std::string key(filename);
  auto found = files_.find(key);
  if (found == files_.end()) {
    File file;
    std::string raw, text;
    if (read_source(filename, &raw) && decode_source(std::move(raw), &text)) {
      file.ok = true;
      file.lines = split_universal(text);
    }
    found = files_.emplace(std::move(key), std::move(file)).first;
  }
  const File& file = found->second;
  if (!file.ok || lineno < 1 || size_t(lineno) > file.lines.size()) return nullptr;
  return &file.lines[size_t(lineno - 1)];
}

}  // namespace krait
