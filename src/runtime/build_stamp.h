// The running executable's identity, for data krait writes to disk for itself: the code
// cache's entries, .pyc files and marshalled code objects. It is the GNU build id the
// linker puts in krait, so any rebuild (compiler, opcodes, code layout) changes it.
#pragma once

#include <cstdint>
#include <string_view>

namespace krait {

// The main executable's NT_GNU_BUILD_ID (usually 20 bytes); empty if the linker wrote none.
std::string_view executable_build_id();

// A 64-bit digest of the build id: written after the first code object of a marshal.dumps
// stream and checked by marshal.loads, so code from another krait build is refused.
uint64_t code_format_stamp();

// importlib's MAGIC_NUMBER for krait's .pyc files: two bytes derived from the build id,
// then "\r\n" (as CPython's). Never CPython 3.11's 3495 nor any CPython 3.x value (they are
// below 4000), so neither reads the other's files; a rebuilt krait gets another number, so
// importlib recompiles its stale .pyc files instead of loading them.
uint16_t pyc_magic_word();

}  // namespace krait
