// Signature parsing and argument binding for native functions; see args.h.
#include "core/args.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/error.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "core/type.h"

namespace krait {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// Splits "a, b='x, y', c" at top-level commas (commas inside quotes don't count).
std::vector<std::string_view> split_params(std::string_view text) {
  std::vector<std::string_view> parts;
  char quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      if (c == '\\') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == ',') {
      parts.push_back(trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  std::string_view last = trim(text.substr(start));
  if (!last.empty()) parts.push_back(last);
  return parts;
}

Value parse_default(std::string_view text) {
  if (text == "None") return None();
  if (text == "True") return True();
  if (text == "False") return False();
  if (text == "()") return tuple_empty().release();
  // b'...': a bytes default (only plain characters and the escapes below).
  bool is_bytes = text.size() >= 3 && text[0] == 'b' && (text[1] == '\'' || text[1] == '"');
  if (is_bytes) text.remove_prefix(1);
  if (text.size() >= 2 && (text[0] == '\'' || text[0] == '"')) {
    std::string unescaped;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\\' && i + 2 < text.size()) {
        ++i;
        switch (text[i]) {
          case 'n': unescaped += '\n'; break;
          case 't': unescaped += '\t'; break;
          case 'r': unescaped += '\r'; break;
          default: unescaped += text[i]; break;
        }
      } else {
        unescaped += text[i];
      }
    }
    if (is_bytes) return bytes_from(unescaped).release();
    return str_intern_utf8(unescaped);
  }
  std::string s(text);
  if (s.find_first_of(".eE") != std::string::npos && s.find("0x") == std::string::npos) {
    return float_from_double(std::strtod(s.c_str(), nullptr)).release();
  }
  char* end;
  int64_t value = std::strtoll(s.c_str(), &end, 0);
  if (*end) {
    std::fprintf(stderr, "krait: unsupported default '%s' in a native signature\n", s.c_str());
    std::abort();
  }
  return int_from_int64(value).release();
}

}  // namespace

Signature* signature_parse(const MethodDef* def, const char* owner_name) {
  auto* sig = new Signature();
  sig->display_name = def->name;
  sig->constructor = def->flags & kMethodConstructor;
  sig->qualified_name = owner_name ? std::string(owner_name) + "." + def->name : def->name;
  if (!def->signature) return sig;
  std::string_view text = def->signature;
  size_t open = text.find('(');
  size_t close = text.rfind(')');
  text = text.substr(open + 1, close - open - 1);
  bool keyword_only = false;
  int index = 0;
  for (std::string_view part : split_params(text)) {
    if (part[0] == '$') continue;  // $self, $module, $type: bound implicitly
    if (part == "/") {
      sig->positional_only = index;
      continue;
    }
    if (part == "*") {
      keyword_only = true;
      continue;
    }
    Parameter p;
    size_t eq = part.find('=');
    std::string_view name = trim(part.substr(0, eq));
    if (name.substr(0, 2) == "**") {
      sig->varkw_index = index;
      name.remove_prefix(2);
      p.optional = true;
    } else if (name[0] == '*') {
      sig->varargs_index = index;
      keyword_only = true;
      name.remove_prefix(1);
      p.optional = true;
    } else if (eq != std::string_view::npos) {
      std::string_view default_text = trim(part.substr(eq + 1));
      p.optional = true;
      if (default_text != "?") p.default_value = parse_default(default_text);
    }
    p.name = std::string(name);
    if (!keyword_only && sig->varkw_index < 0) sig->positional = index + 1;
    if (!p.optional && !keyword_only) sig->required_positional = index + 1;
    sig->params.push_back(std::move(p));
    ++index;
  }
  // Keywords are accepted if any parameter after `/` other than *args exists.
  for (int i = sig->positional_only; i < int(sig->params.size()); ++i) {
    if (i != sig->varargs_index) sig->any_keyword = true;
  }
  sig->direct_positional = sig->varargs_index < 0 && sig->varkw_index < 0 &&
                           size_t(sig->positional) == sig->params.size() &&
                           sig->params.size() <= Signature::kMaxDirectParams;
  return sig;
}

BoundArgs::~BoundArgs() {}

namespace {

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

// The messages CPython's Argument Clinic produces for positional-only signatures.
Raised positional_count_error(const Signature& sig, size_t nargs, size_t min, size_t max) {
  if (max == 0) return type_error("{}() takes no arguments ({} given)", sig.qualified_name, nargs);
  if (min == 1 && max == 1 && !sig.constructor) {
    return type_error("{}() takes exactly one argument ({} given)", sig.qualified_name, nargs);
  }
  if (min == max) {
    return type_error("{} expected {} argument{}, got {}", sig.display_name, min, plural(min), nargs);
  }
  if (nargs < min) {
    return type_error("{} expected at least {} argument{}, got {}", sig.display_name, min,
                      plural(min), nargs);
  }
  return type_error("{} expected at most {} argument{}, got {}", sig.display_name, max,
                    plural(max), nargs);
}

}  // namespace

bool bind_arguments(const Signature& sig, const Value* args, size_t nargs, TupleObject* kwnames,
                    BoundArgs* out) {
  size_t nparams = sig.params.size();
  if (nparams > size_t(BoundArgs::kInline)) {
    out->heap_.assign(nparams, Value());
    out->values_ = out->heap_.data();
  } else {
    for (size_t i = 0; i < nparams; ++i) out->inline_[i] = Value();
  }
  Value* values = out->values_;
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  size_t max_positional = size_t(sig.positional);
  bool all_positional_only = !sig.any_keyword;

  if (nkw && all_positional_only) {
    return type_error("{}() takes no keyword arguments", sig.qualified_name);
  }
  // Counts, checked (and worded) as Argument Clinic's _PyArg_UnpackKeywords does.
  size_t min_positional = size_t(sig.required_positional);
  if (!all_positional_only && sig.varargs_index < 0 && sig.varkw_index < 0 && nargs + nkw > nparams) {
    return type_error("{}() takes at most {} {}argument{} ({} given)", sig.display_name, nparams,
                      nargs == 0 ? "keyword " : "", plural(nparams), nargs + nkw);
  }
  if (nargs > max_positional && sig.varargs_index < 0) {
    if (all_positional_only) return positional_count_error(sig, nargs, min_positional, max_positional);
    if (max_positional == 0) return type_error("{}() takes no positional arguments", sig.display_name);
    return type_error("{}() takes {} {} positional argument{} ({} given)", sig.display_name,
                      min_positional < max_positional ? "at most" : "exactly", max_positional,
                      plural(max_positional), nargs);
  }
  size_t min_positional_only = std::min(size_t(sig.positional_only), min_positional);
  if (!all_positional_only && nargs < min_positional_only) {
    return type_error("{}() takes {} {} positional argument{} ({} given)", sig.display_name,
                      min_positional_only < max_positional ? "at least" : "exactly", min_positional_only,
                      plural(min_positional_only), nargs);
  }
  size_t copied = std::min(nargs, max_positional);
  for (size_t i = 0; i < copied; ++i) values[i] = args[i];
  if (sig.varargs_index >= 0) {
    size_t extra = nargs > copied ? nargs - copied : 0;
    Ref<TupleObject> rest = tuple_from_array(args + copied, int64_t(extra));
    if (!rest) return false;
    values[sig.varargs_index] = rest.value();
    out->owned_varargs = std::move(rest);
  }
  // Keyword arguments. As in CPython, a missing argument is reported before a keyword
  // that repeats a positional argument, and that before an unknown keyword.
  int given_twice = -1;
  StrObject* unknown = nullptr;
  if (nkw) {
    Ref<DictObject> varkw;
    for (size_t k = 0; k < nkw; ++k) {
      StrObject* key = as_str(kwnames->items[k]);
      Value value = args[nargs + k];
      int found = -1;
      for (size_t i = size_t(sig.positional_only); i < nparams; ++i) {
        if (int(i) == sig.varargs_index || int(i) == sig.varkw_index) continue;
        if (str_equal_ascii(key, sig.params[i].name)) {
          found = int(i);
          break;
        }
      }
      if (found < 0) {
        if (sig.varkw_index >= 0) {
          if (!varkw) varkw = dict_new();
          if (!varkw || !dict_set(varkw.get(), key, value)) return false;
        } else if (!unknown) {
          unknown = key;
        }
        continue;
      }
      if (values[found]) {
        if (given_twice < 0) given_twice = found;
        continue;
      }
      values[found] = value;
    }
    if (varkw) {
      values[sig.varkw_index] = varkw.value();
      out->owned_varkw = std::move(varkw);
    }
  }
  if (sig.varkw_index >= 0 && !values[sig.varkw_index]) {
    Ref<DictObject> empty = dict_new();
    if (!empty) return false;
    values[sig.varkw_index] = empty.value();
    out->owned_varkw = std::move(empty);
  }
  // Defaults and missing arguments.
  for (size_t i = 0; i < nparams; ++i) {
    if (values[i]) continue;
    const Parameter& p = sig.params[i];
    if (p.optional) {
      values[i] = p.default_value;
      continue;
    }
    if (all_positional_only) {
      return positional_count_error(sig, nargs, size_t(sig.required_positional), max_positional);
    }
    // Keyword-only parameters are numbered on from the positional ones, as in CPython.
    return type_error("{}() missing required argument '{}' (pos {})", sig.display_name, p.name, i + 1);
  }
  if (given_twice >= 0) {
    return type_error("argument for {}() given by name ('{}') and position ({})", sig.display_name,
                      sig.params[given_twice].name, given_twice + 1);
  }
  if (unknown) {
    return type_error("'{}' is an invalid keyword argument for {}()", str_utf8(unknown), sig.display_name);
  }
  return true;
}

}  // namespace krait
