// The compiled-code cache: krait's answer to CPython's .pyc files for source read from a
// file. compile() of the same text, filename, mode, flags and optimisation level gives the
// same code object, so its marshalled form is kept under $XDG_CACHE_HOME/krait/code
// (default ~/.cache/krait/code), one entry per file name and compile parameters, stamped
// with the krait binary's build id and a 128-bit fingerprint of the source text. It never writes next to the source: the
// stdlib is read-only to krait (docs/ARCHITECTURE.md, "Start-up").
#pragma once

#include <string_view>

#include "compile/compiler.h"
#include "core/object.h"

namespace krait {

struct CodeObject;

// compile_source(), answered from the cache when an earlier run compiled the same input.
// Only 'exec' compiles of a real file name (not "<string>") are cached, and only when
// compiling issued no warning (a cache hit could not repeat it). -B and
// PYTHONDONTWRITEBYTECODE do not apply: they keep __pycache__ out of source trees, and
// this cache writes nowhere near them (CPython's stdlib imports stay fast under -B thanks
// to Debian's own .pyc files). KRAIT_NO_CODE_CACHE=1 turns the cache off.
Ref<CodeObject> compile_source_cached(std::string_view source, Value filename, CompileMode mode,
                                      int flags, int optimize);

}  // namespace krait
