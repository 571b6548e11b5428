// The Unicode services the tokenizer, the parser and ast_dump need (identifier classes,
// NFKC, \N{...} names, printability for repr). The Unicode database lives in src/text and
// installs them here; while a hook is null the parser falls back to an ASCII-only answer
// (documented per hook), which is exact for ASCII source.
#pragma once

#include <string>
#include <string_view>

namespace krait::parse {

struct UnicodeHooks {
  // PEP 3131 identifier classes. Null: every non-ASCII code point is accepted.
  bool (*is_xid_start)(char32_t c) = nullptr;
  bool (*is_xid_continue)(char32_t c) = nullptr;
  // str.isprintable() of one code point (for repr). Null: non-ASCII counts as printable
  // except surrogates and C1 controls.
  bool (*is_printable)(char32_t c) = nullptr;
  // Appends the NFKC normalisation of the valid UTF-8 `text` to `out`. Null: identity.
  void (*nfkc)(std::string_view text, std::string* out) = nullptr;
  // The code point named `name` by \N{name} (names, aliases and named sequences are not
  // allowed, as in CPython: names and aliases only). Null: no name is known.
  bool (*lookup_name)(std::string_view name, char32_t* out) = nullptr;
};

// The process-wide hooks; fill them once at start-up, before any parse.
UnicodeHooks& unicode_hooks();

}  // namespace krait::parse
