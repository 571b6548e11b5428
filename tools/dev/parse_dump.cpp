// parse_dump: prints the AST of a Python file as python3.11's ast.dump would, or the
// SyntaxError the parser reports. Used by tools/parser_corpus.py to compare krait's parser
// with CPython's.
//   parse_dump [--attrs] [--mode exec|eval|single|func_type] [--str] [--time N] FILE
// The file is read as bytes (BOM and coding cookie honoured, like ast.parse of the file's
// bytes); --str treats it as already decoded UTF-8 text.
//   parse_dump --batch FILE   records "<length> <mode> <str|bytes> [flags]\n<source>"; prints per
//                             record one line: "OK <dump>" or "ERR <error> text=<text>",
//                             then " warning=<category>:<message>@<line>" per warning
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <iostream>
#include <sstream>
#include <string>

#include "parse/parser.h"

namespace {

std::string value_or_none(int v) {
  return v == krait::parse::kNoValue ? "None" : std::to_string(v);
}

std::string mode_error(const krait::parse::ParseResult& result) {
  if (!result.needs_decoding.empty()) return "NeedsDecoding: " + result.needs_decoding;
  const krait::parse::SyntaxErrorInfo& e = *result.error;
  if (e.kind == "ValueError" || e.kind == "MemoryError" || e.kind == "UnicodeDecodeError") {
    return e.kind + ": " + e.msg;
  }
  return e.kind + ": " + e.msg + " (line " + value_or_none(e.lineno) + ", offset " +
         value_or_none(e.offset) + ", end " + value_or_none(e.end_lineno) + "/" +
         value_or_none(e.end_offset) + ")";
}

// Text with backslash, non-printable and non-ASCII bytes escaped, on one line.
std::string escaped(const std::optional<std::string>& text) {
  if (!text) return "None";
  std::string out;
  for (unsigned char c : *text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += char(c);
    }
  }
  return out;
}

bool parse_mode(const std::string& m, krait::parse::Mode* mode) {
  using krait::parse::Mode;
  if (m == "exec") *mode = Mode::Exec;
  else if (m == "eval") *mode = Mode::Eval;
  else if (m == "single") *mode = Mode::Single;
  else if (m == "func_type") *mode = Mode::FuncType;
  else return false;
  return true;
}

int run_batch(const std::string& data, bool attrs) {
  using namespace krait::parse;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t eol = data.find('\n', pos);
    if (eol == std::string::npos) return 2;
    std::istringstream header(data.substr(pos, eol - pos));
    size_t length;
    unsigned extra_flags = 0;
    std::string mode_name, kind;
    header >> length >> mode_name >> kind;
    if (!(header >> extra_flags)) extra_flags = 0;
    Mode mode;
    if (!parse_mode(mode_name, &mode)) return 2;
    std::string source = data.substr(eol + 1, length);
    pos = eol + 1 + length;
    ParseResult result = parse(source, "<unknown>", mode,
                               (kind == "str" ? kFlagSourceIsUtf8 : 0u) | extra_flags);
    std::string warnings;
    for (const ParseWarning& w : result.warnings) {
      warnings += " warning=" + w.category + ":" + w.message + "@" + std::to_string(w.lineno);
    }
    if (result.ok()) {
      std::printf("OK %s%s\n", krait::ast::ast_dump(result.tree, attrs).c_str(),
                  warnings.c_str());
    } else {
      std::string error = mode_error(result);
      if (result.error && result.error->lineno != kNoValue) {
        error += " text=" + escaped(result.error->text);
      }
      std::printf("ERR %s%s\n", error.c_str(), warnings.c_str());
    }
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: parse_dump [--attrs] [--mode exec|eval|single|func_type] [--str] "
               "[--time N] FILE\n       parse_dump [--attrs] --batch FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace krait::parse;
  bool attrs = false;
  bool as_str = false;
  bool batch = false;
  int repeat = 0;
  Mode mode = Mode::Exec;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--attrs") {
      attrs = true;
    } else if (arg == "--batch") {
      batch = true;
    } else if (arg == "--str") {
      as_str = true;
    } else if (arg == "--time" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (arg == "--mode" && i + 1 < argc) {
      if (!parse_mode(argv[++i], &mode)) return usage();
    } else if (!path) {
      path = argv[i];
    } else {
      return usage();
    }
  }
  if (!path) return usage();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "parse_dump: cannot read %s\n", path);
    return 2;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string source = buffer.str();
  if (batch) return run_batch(source, attrs);
  unsigned flags = as_str ? kFlagSourceIsUtf8 : 0;

  if (repeat > 0) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeat; ++i) parse(source, path, mode, flags);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu bytes: %.2f ms per parse (%.1f MB/s)\n", source.size(),
                seconds * 1000 / repeat, source.size() * repeat / seconds / 1e6);
    return 0;
  }

  ParseResult result = parse(source, path, mode, flags);
  if (!result.ok()) {
    std::printf("%s\n", mode_error(result).c_str());
    return 1;
  }
  std::string dump = krait::ast::ast_dump(result.tree, attrs);
  std::fwrite(dump.data(), 1, dump.size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}
