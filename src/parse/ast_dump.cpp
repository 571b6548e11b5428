// ast_dump: prints a tree byte-for-byte as Python 3.11's ast.dump(tree, include_attributes=..)
// (annotate_fields=True, indent=None), plus Python's repr() of constants. The per-node code
// is generated from ast.def; the value formatting follows repr() of int, float, complex,
// str and bytes (float digits from text/float_text, big ints through GMP).
#include <gmp.h>

#include <cstdio>
#include <cstring>
#include <type_traits>

#include "parse/ast.h"
#include "text/float_text.h"
#include "text/unicode.h"

namespace krait::ast {

#define AST_ENUM(asdl_name, CppName)   \
  const char* python_name(CppName value) { \
    switch (value) {
#define AST_ENUM_VALUE(asdl_name, CppName, Value) \
  case CppName::Value:                            \
    return #Value;
#define AST_ENUM_END(asdl_name, CppName) \
  }                                      \
  return "?";                            \
  }
#include "parse/ast.def"

const char* python_name(NodeKind kind) {
  switch (kind) {
#define AST_NODE(CppName, PyName, Base) \
  case NodeKind::CppName:               \
    return #PyName;
#include "parse/ast.def"
  }
  return "?";
}

namespace {

// --- repr() of constants --------------------------------------------------------------

// Decimal digits of a non-negative integer literal ("0x1f" -> "31"), any length.
std::string int_literal_to_decimal(std::string_view text) {
  int base = 10;
  if (text.size() > 1 && text[0] == '0') {
    char p = text[1] | 0x20;
    if (p == 'x') base = 16;
    if (p == 'o') base = 8;
    if (p == 'b') base = 2;
    if (base != 10) text.remove_prefix(2);
  }
  mpz_t value;
  mpz_init_set_str(value, std::string(text).c_str(), base);
  std::string out(mpz_sizeinbase(value, 10) + 2, '\0');
  mpz_get_str(out.data(), 10, value);
  mpz_clear(value);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// repr(float), and the imaginary part of repr(complex) (no ".0" added there).
std::string float_repr(double value, bool add_dot_0) {
  if (add_dot_0) return text::float_repr(value);
  std::string out;
  text::FloatStyle style;
  style.mode = 'r';
  text::append_float_style(value, style, &out);
  return out;
}

void append_hex_escape(std::string& out, char kind, uint32_t value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\\%c%0*x", kind, width, value);
  out += buf;
}

bool is_printable(char32_t c) {
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  return unicode::is_printable(c);
}

// Decodes one code point of generalized UTF-8 (surrogates allowed); advances i.
char32_t decode_utf8(std::string_view s, size_t& i) {
  unsigned char c = s[i];
  if (c < 0x80) {
    i += 1;
    return c;
  }
  int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
  char32_t cp = c & (0x3f >> extra);
  for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3f);
  i += extra + 1;
  return cp;
}

std::string str_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    char32_t c = decode_utf8(s, i);
    if (c == char32_t(quote) || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      append_hex_escape(out, 'x', c, 2);
    } else if (c < 0x7f) {
      out += char(c);
    } else if (is_printable(c)) {
      out.append(s.substr(start, i - start));
    } else if (c <= 0xff) {
      append_hex_escape(out, 'x', c, 2);
    } else if (c <= 0xffff) {
      append_hex_escape(out, 'u', c, 4);
    } else {
      append_hex_escape(out, 'U', c, 8);
    }
  }
  out += quote;
  return out;
}

std::string bytes_repr(std::string_view s) {
  bool has_single = s.find('\'') != std::string_view::npos;
  bool has_double = s.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out = "b";
  out += quote;
  for (unsigned char c : s) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += char(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7f) {
      append_hex_escape(out, 'x', c, 2);
    } else {
      out += char(c);
    }
  }
  out += quote;
  return out;
}

// --- the dumper -----------------------------------------------------------------------

class Dumper {
 public:
  explicit Dumper(bool include_attributes) : include_attributes_(include_attributes) {}

  std::string out;

  void node(const Node* n) {
    if (!n) {
      out += "None";
      return;
    }
    switch (n->node_kind) {
#define AST_NODE(CppName, PyName, Base)               \
  case NodeKind::CppName: {                           \
    [[maybe_unused]] auto* x = static_cast<const CppName*>(n); \
    begin(#PyName);
#define AST_FIELD(CppName, name, asdl_type, Kind, Card) field_##Card(#name, x->name);
#define AST_END(CppName) \
  attributes(x);         \
  out += ')';            \
  return;                \
  }
#include "parse/ast.def"
    }
  }

 private:
  void begin(const char* name) {
    out += name;
    out += '(';
    first_ = true;
  }
  void key(const char* name) {
    if (!first_) out += ", ";
    first_ = false;
    out += name;
    out += '=';
  }

  // One value of each field type.
  void value(const Node* n) {
    bool saved = first_;
    node(n);
    first_ = saved;
  }
  template <class E>
    requires std::is_enum_v<E>
  void value(E e) {
    out += python_name(e);
    out += "()";
  }
  void value(std::string_view s) { out += is_none(s) ? std::string("None") : str_repr(s); }
  void value(const ConstantValue& c) { out += constant_repr(c); }
  void value(int i) { out += std::to_string(i); }

  template <class T>
  void field_One(const char* name, const T& v) {
    key(name);
    value(v);
  }
  // `?` fields are left out when None, as ast.dump does for fields whose class default
  // is None. An int? (ImportFrom.level) is always set by the parser.
  template <class T>
  void field_Opt(const char* name, const T& v) {
    if constexpr (std::is_pointer_v<T>) {
      if (!v) return;
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      if (is_none(v)) return;
    }
    field_One(name, v);
  }
  template <class T>
  void field_Seq(const char* name, const Seq<T>& items) {
    key(name);
    out += '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ", ";
      value(items[i]);
    }
    out += ']';
  }

  template <class T>
  void attributes(const T* x) {
    if constexpr (std::is_base_of_v<Located, T>) {
      if (!include_attributes_) return;
      field_One("lineno", x->lineno);
      field_One("col_offset", x->col_offset);
      field_One("end_lineno", x->end_lineno);
      field_One("end_col_offset", x->end_col_offset);
    }
  }

  bool include_attributes_;
  bool first_ = true;
};

}  // namespace

std::string constant_repr(const ConstantValue& c) {
  switch (c.kind) {
    case ConstantKind::None: return "None";
    case ConstantKind::True: return "True";
    case ConstantKind::False: return "False";
    case ConstantKind::Ellipsis: return "Ellipsis";
    case ConstantKind::Int: return int_literal_to_decimal(c.text);
    case ConstantKind::Float: return float_repr(c.number, true);
    case ConstantKind::Complex: return float_repr(c.number, false) + "j";
    case ConstantKind::Str: return str_repr(c.text);
    case ConstantKind::Bytes: return bytes_repr(c.text);
    case ConstantKind::Object: return "<object>";  // only in trees made from ast objects
  }
  return "?";
}

std::string ast_dump(const Node* node, bool include_attributes) {
  Dumper dumper(include_attributes);
  dumper.node(node);
  return std::move(dumper.out);
}

}  // namespace krait::ast
