// A human-readable listing of a code object in the style of Python's `dis` module
// (offsets are code-unit indices; inline cache units are not shown). Used by
// `krait -X dis` and the compile_dump developer tool.
#pragma once

#include <string>

namespace krait {

struct CodeObject;

// The listing of `code` and, recursively, of the code objects among its constants.
std::string disassemble(CodeObject* code);

}  // namespace krait
