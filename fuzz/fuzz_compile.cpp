// fuzz_compile: arbitrary bytes -> parse -> compile, on the core runtime (types, builtins,
// sys; no import system). Every tree that parses is also taken through the `ast` objects
// and back (compile(ast.parse(src)) as Python does it), so the _ast conversions, the
// validator and the compiler see the same trees twice. Python exceptions are expected and
// cleared; crashes, leaks and hangs are the bugs. See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "compile/compiler.h"
#include "core/error.h"
#include "modules/ast/ast_module.h"
#include "objects/code.h"
#include "objects/str.h"
#include "parse/parser.h"
#include "runtime/bootstrap.h"

using namespace krait;

namespace {

bool start_runtime() {
  Config config;
  config.argv = {"fuzz_compile"};
  return runtime_core_start(config);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static bool started = start_runtime();
  if (!started || size == 0) return 0;
  uint8_t selector = data[0];
  std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr CompileMode kModes[] = {CompileMode::Exec, CompileMode::Eval, CompileMode::Single,
                                           CompileMode::Exec};
  CompileMode mode = kModes[selector & 3];
  int flags = kCompileSourceIsUtf8;
  if (selector & 4) flags |= kCompileTypeComments;
  int optimize = (selector >> 3) & 3;
  if (optimize == 3) optimize = 0;
  Ref<> filename = str_from_ascii("<fuzz>");

  // 1. Source -> code, as compile(src, ...) does.
  Ref<CodeObject> code = compile_source(source, filename, mode, flags, optimize);
  if (!code) clear_error();
  code.reset();

  // 2. Source -> ast objects -> code, as compile(ast.parse(src), ...) does.
  Ref<> tree = ast_parse_to_object(source, filename, mode, flags);
  if (!tree) {
    clear_error();
    return 0;
  }
  Ref<CodeObject> from_tree = ast_compile_object(tree, filename, mode, flags & ~kCompileSourceIsUtf8, optimize);
  if (!from_tree) clear_error();
  return 0;
}
