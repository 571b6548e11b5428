// parse_dump: prints the AST of a Python file as python3.11's ast.dump would, or the
// SyntaxError the parser reports. Used by tools/parser_corpus.py to compare krait's parser
// with CPython's.
//   parse_dump [--attrs] [--mode exec|eval|single|func_type] [--bytes] [--time N] FILE
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "parse/parser.h"

namespace {

std::string value_or_none(int v) {
  return v == krait::parse::kNoValue ? "None" : std::to_string(v);
}

int usage() {
  std::fprintf(stderr,
               "usage: parse_dump [--attrs] [--mode exec|eval|single|func_type] [--bytes] "
               "[--time N] FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace krait::parse;
  bool attrs = false;
  bool as_str = true;
  int repeat = 0;
  Mode mode = Mode::Exec;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--attrs") {
      attrs = true;
    } else if (arg == "--bytes") {
      as_str = false;
    } else if (arg == "--time" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (arg == "--mode" && i + 1 < argc) {
      std::string m = argv[++i];
      if (m == "exec") mode = Mode::Exec;
      else if (m == "eval") mode = Mode::Eval;
      else if (m == "single") mode = Mode::Single;
      else if (m == "func_type") mode = Mode::FuncType;
      else return usage();
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
    if (!result.needs_decoding.empty()) {
      std::printf("NeedsDecoding: %s\n", result.needs_decoding.c_str());
      return 1;
    }
    const SyntaxErrorInfo& e = *result.error;
    std::printf("%s: %s (line %s, offset %s, end %s/%s)\n", e.kind.c_str(), e.msg.c_str(),
                value_or_none(e.lineno).c_str(), value_or_none(e.offset).c_str(),
                value_or_none(e.end_lineno).c_str(), value_or_none(e.end_offset).c_str());
    return 1;
  }
  std::string dump = krait::ast::ast_dump(result.tree, attrs);
  std::fwrite(dump.data(), 1, dump.size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}
