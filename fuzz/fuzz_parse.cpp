// fuzz_parse: arbitrary bytes -> the parser, in every mode and with and without type
// comments, then ast_dump over whatever tree came out. The parser needs no runtime, so this
// runs fast; it must never crash, leak or hang, whatever the input. See fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse/ast.h"
#include "parse/parser.h"

using namespace krait;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The first byte picks the mode and flags, so the corpus steers them too.
  if (size == 0) return 0;
  uint8_t selector = data[0];
  std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr parse::Mode kModes[] = {parse::Mode::Exec, parse::Mode::Eval, parse::Mode::Single,
                                           parse::Mode::FuncType};
  parse::Mode mode = kModes[selector & 3];
  unsigned flags = 0;
  if (selector & 4) flags |= parse::kFlagTypeComments;
  if (selector & 8) flags |= parse::kFlagSourceIsUtf8;
  if (selector & 16) flags |= parse::kFlagAllowIncompleteInput;
  if (selector & 32) flags |= parse::kFlagBarryAsBdfl;
  parse::ParseResult result = parse::parse(source, "<fuzz>", mode, flags);
  if (result.ok()) {
    std::string dump = ast::ast_dump(result.tree, (selector & 64) != 0);
    (void)dump;
  }
  return 0;
}
