// Source preparation (see source.h), following CPython 3.11's decode_str and
// check_coding_spec: newlines are translated first, then a BOM is looked for, then a
// coding cookie in a comment on line 1, or on line 2 if line 1 holds no code.
#include "parse/source.h"

#include <cstring>

namespace krait::parse {

namespace {

// Universal newlines (CPython's translate_newlines); exec input always ends with '\n'.
// Script files drop what follows a NUL byte on its line, as CPython's line reader does.
std::string translate_newlines(std::string_view s, bool exec_input, bool is_file) {
  std::string out;
  out.reserve(s.size() + 1);
  size_t i = 0;
  while (i < s.size()) {
    // Copy up to the next '\r' (or NUL in a script file) in one piece.
    size_t stop = s.find('\r', i);
    if (stop == std::string_view::npos) stop = s.size();
    if (is_file) {
      const void* nul = std::memchr(s.data() + i, '\0', stop - i);
      if (nul) stop = static_cast<const char*>(nul) - s.data();
    }
    out.append(s.substr(i, stop - i));
    i = stop;
    if (i == s.size()) break;
    if (s[i] == '\r') {
      out += '\n';
      i += i + 1 < s.size() && s[i + 1] == '\n' ? 2 : 1;
    } else {
      while (i < s.size() && s[i] != '\n' && s[i] != '\r') ++i;
    }
  }
  // CPython's loop ends on a "\r\n" at the very end with its last character unset, so
  // such (non-file) input gets a second newline.
  bool ends_with_crlf = !is_file && s.size() >= 2 && s.substr(s.size() - 2) == "\r\n";
  if ((exec_input || is_file) && (out.empty() || out.back() != '\n' || ends_with_crlf)) {
    out += '\n';
  }
  return out;
}

// CPython's get_normal_name: the spellings of utf-8 and latin-1 it knows.
std::string normal_encoding_name(const std::string& name) {
  std::string lower;
  for (size_t i = 0; i < name.size() && i < 12; ++i) {
    char c = name[i];
    lower += c == '_' ? '-' : char(c >= 'A' && c <= 'Z' ? c + 32 : c);
  }
  auto starts = [&](const char* prefix) { return lower.rfind(prefix, 0) == 0; };
  if (lower == "utf-8" || starts("utf-8-")) return "utf-8";
  if (lower == "latin-1" || lower == "iso-8859-1" || lower == "iso-latin-1" ||
      starts("latin-1-") || starts("iso-8859-1-") || starts("iso-latin-1-")) {
    return "iso-8859-1";
  }
  return name;
}

// The encoding named by a coding cookie on `line` (without its '\n'), or "" if none.
// *has_code: the line holds something other than blanks and a comment.
std::string coding_spec(std::string_view line, bool* has_code) {
  *has_code = false;
  size_t size = line.size();
  size_t i = 0;
  for (; i + 6 < size; ++i) {
    if (line[i] == '#') break;
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\014') break;
  }
  if (i + 6 < size && line[i] == '#') {
    for (; i + 6 < size; ++i) {
      if (std::memcmp(line.data() + i, "coding", 6) != 0) continue;
      size_t t = i + 6;
      if (line[t] != ':' && line[t] != '=') continue;
      do {
        ++t;
      } while (t < size && (line[t] == ' ' || line[t] == '\t'));
      size_t begin = t;
      while (t < size && (std::isalnum(static_cast<unsigned char>(line[t])) || line[t] == '-' ||
                          line[t] == '_' || line[t] == '.')) {
        ++t;
      }
      if (begin < t) return normal_encoding_name(std::string(line.substr(begin, t - begin)));
    }
  }
  for (char c : line) {
    if (c == '#' || c == '\n' || c == '\r') break;
    if (c != ' ' && c != '\t' && c != '\014') {
      *has_code = true;
      break;
    }
  }
  return std::string();
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += char(c);
    } else {
      out += char(0xC0 | (c >> 6));
      out += char(0x80 | (c & 0x3F));
    }
  }
  return out;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

// Errors CPython raises before tokenizing carry lineno 0 and offset -1.
void init_error(ParseResult* result, std::string msg) {
  SyntaxErrorInfo error{"SyntaxError", std::move(msg)};
  error.lineno = 0;
  error.offset = -1;
  result->error = std::move(error);
}

}  // namespace

bool prepare_source(std::string_view source, std::string_view filename, Mode mode,
                    unsigned flags, PreparedSource* out, ParseResult* result) {
  bool is_file = (flags & kFlagSourceIsFile) != 0;
  if (!is_file && std::memchr(source.data(), '\0', source.size())) {
    result->error = SyntaxErrorInfo{"ValueError", "source code string cannot contain null bytes"};
    return false;
  }
  std::string text = translate_newlines(source, mode == Mode::Exec, is_file);
  if (flags & kFlagSourceIsUtf8) {
    out->text = std::move(text);
    out->encoding_declared = true;
    return true;
  }

  std::string encoding;
  size_t body = 0;
  if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    body = 3;
    encoding = "utf-8";
  }
  std::string_view rest = std::string_view(text).substr(body);
  size_t first_newline = rest.find('\n');
  if (first_newline != std::string_view::npos) {
    bool has_code;
    std::string cookie = coding_spec(rest.substr(0, first_newline), &has_code);
    if (cookie.empty() && !has_code) {
      size_t second_newline = rest.find('\n', first_newline + 1);
      if (second_newline != std::string_view::npos) {
        cookie = coding_spec(rest.substr(first_newline + 1, second_newline - first_newline - 1),
                             &has_code);
      }
    }
    if (!cookie.empty()) {
      if (!encoding.empty() && cookie != encoding) {
        init_error(result, "encoding problem: " + cookie + " with BOM");
        return false;
      }
      encoding = cookie;
    }
  }

  if (encoding == "iso-8859-1") {
    out->text = latin1_to_utf8(rest);
  } else if (encoding.empty() || encoding == "utf-8" ||
             ((encoding == "ascii" || encoding == "us-ascii") && is_ascii(rest))) {
    out->text = std::string(rest);
  } else {
    result->needs_decoding = encoding;
    return false;
  }
  out->encoding_declared = !encoding.empty();
  return true;
}

}  // namespace krait::parse
