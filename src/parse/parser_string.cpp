// String literals, as CPython 3.11 turns STRING tokens into nodes: prefixes, escape
// sequences (with their DeprecationWarnings and the unicodeescape codec's error texts),
// implicit concatenation, and f-strings, whose replacement fields are found by scanning
// the literal and parsed by a nested Parser on "(expression)" placed at the field's
// position. CPython 3.11 gives every piece of a JoinedStr the position of the whole
// concatenation; so does this file.
#include <cstdio>
#include <cstring>

#include "parse/parser_internal.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace krait::parse {

namespace {

bool is_octal(char c) { return c >= '0' && c <= '7'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends a code point as (generalized) UTF-8: surrogates become 3-byte sequences.
void append_code_point(std::string& out, char32_t c) {
  char buf[4];
  out.append(buf, utf8::encode(c, buf));
}

// "'unicodeescape' codec can't decode bytes in position a-b: reason".
std::string escape_error(size_t start, size_t end, const char* reason) {
  char buf[256];
  if (end - start == 1) {
    std::snprintf(buf, sizeof buf,
                  "'unicodeescape' codec can't decode byte 0x5c in position %zu: %s", start,
                  reason);
  } else {
    std::snprintf(buf, sizeof buf,
                  "'unicodeescape' codec can't decode bytes in position %zu-%zu: %s", start,
                  end - 1, reason);
  }
  return buf;
}

}  // namespace

// Decodes and builds the nodes of one run of string tokens (_PyPegen_concatenate_strings).
class StringParser {
 public:
  StringParser(Parser& p, const std::vector<Token*>& tokens)
      : p_(p), first_(tokens.front()), last_(tokens.back()) {}

  Expr* concatenate(const std::vector<Token*>& tokens);

 private:
  struct Piece {
    bool bytes = false;
    bool raw = false;
    bool fstring = false;
    std::string_view body;  // between the quotes
  };

  bool parse_prefix(Token* t, Piece* piece);
  bool decode_escapes(std::string_view body, Token* t, std::string* out);
  bool decode_bytes(std::string_view body, Token* t, std::string* out);
  bool warn_invalid_escape(const char* escape, Token* t);
  void decode_error(const std::string& message, bool value_error = false);

  // f-strings (FstringParser in CPython).
  struct State {
    std::string last_str;
    bool has_last_str = false;
    std::vector<Expr*> exprs;
    bool fmode = false;
  };
  void concat_str(State& state, std::string_view s);
  Expr* make_str_node(State& state, Token* first, Token* last);
  bool concat_fstring(State& state, const char** str, const char* end, bool raw,
                      int recurse_lvl, Token* t);
  int find_literal(const char** str, const char* end, bool raw, int recurse_lvl, Token* t,
                   std::string* literal, bool* has_literal);
  bool find_expr(const char** str, const char* end, bool raw, int recurse_lvl, Token* t,
                 std::string* expr_text, bool* has_expr_text, Expr** expression);
  Expr* compile_expr(const char* expr_start, const char* expr_end, Token* t);
  Expr* finish(State& state, Token* first, Token* last);

  Parser& p_;
  Token* first_;
  Token* last_;
};

// --- prefixes and escapes ---------------------------------------------------------------

bool StringParser::parse_prefix(Token* t, Piece* piece) {
  std::string_view s = t->text();
  size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i] | 0x20;
    if (c == 'b') {
      piece->bytes = true;
    } else if (c == 'r') {
      piece->raw = true;
    } else if (c == 'f') {
      piece->fstring = true;
    } else if (c != 'u') {
      break;
    }
  }
  char quote = s[i];
  size_t quote_len = s.size() - i >= 6 && s[i + 1] == quote && s[i + 2] == quote ? 3 : 1;
  piece->body = s.substr(i + quote_len, s.size() - i - 2 * quote_len);
  return true;
}

bool StringParser::warn_invalid_escape(const char* escape, Token* t) {
  unsigned char c = *escape;
  bool octal = c >= '4' && c <= '7';
  char msg[64];
  if (octal) {
    std::snprintf(msg, sizeof msg, "invalid octal escape sequence '\\%.3s'", escape);
  } else {
    std::snprintf(msg, sizeof msg, "invalid escape sequence '\\%c'", c);
  }
  if (p_.options_.warnings) {
    p_.options_.warnings->push_back(ParseWarning{"DeprecationWarning", msg, t->lineno,
                                                 t->col_offset, t->end_lineno,
                                                 t->end_col_offset});
  }
  return true;
}

// CPython turns codec errors into SyntaxErrors at the last token read.
void StringParser::decode_error(const std::string& message, bool value_error) {
  p_.raise_syntax_error("%s %s", value_error ? "(value error)" : "(unicode error)",
                        message.c_str());
}

// decode_unicode_with_escapes: CPython first rewrites every non-ASCII character as a
// 10-byte "\UXXXXXXXX" escape (and a backslash before one as "\u005c"), then runs the
// unicode-escape codec; error positions refer to that rewritten text, so `pos` tracks it.
bool StringParser::decode_escapes(std::string_view body, Token* t, std::string* out) {
  const char* s = body.data();
  const char* end = s + body.size();
  size_t pos = 0;
  const char* first_invalid = nullptr;
  out->reserve(body.size());
  while (s < end) {
    unsigned char c = *s;
    if (c >= 0x80) {
      // A run of non-ASCII bytes: strict UTF-8.
      const char* run = s;
      while (s < end && (*s & 0x80)) ++s;
      std::string_view bytes(run, s - run);
      std::string error = utf8_decode_error(bytes);
      if (!error.empty()) {
        decode_error(error);
        return false;
      }
      for (const char* q = run; q < s;) {
        char32_t cp = 0;
        q += utf8::decode(q, s, &cp);
        append_code_point(*out, cp);
        pos += 10;
      }
      continue;
    }
    if (c != '\\') {
      out->push_back(char(c));
      ++s;
      ++pos;
      continue;
    }
    size_t start = pos;
    ++s;
    if (s >= end || (*s & 0x80)) {
      // A backslash at the end or before a non-ASCII character stays a backslash.
      out->push_back('\\');
      pos += 6;
      continue;
    }
    char e = *s++;
    pos += 2;
    switch (e) {
      case '\n': break;
      case '\\': out->push_back('\\'); break;
      case '\'': out->push_back('\''); break;
      case '"': out->push_back('"'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\014'); break;
      case 't': out->push_back('\t'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 'v': out->push_back('\013'); break;
      case 'a': out->push_back('\007'); break;
      case '0': case '1': case '2': case '3':
      case '4': case '5': case '6': case '7': {
        char32_t value = e - '0';
        if (s < end && is_octal(*s)) {
          value = value * 8 + (*s++ - '0');
          ++pos;
          if (s < end && is_octal(*s)) {
            value = value * 8 + (*s++ - '0');
            ++pos;
          }
        }
        if (value > 0377 && !first_invalid) first_invalid = s - 3;
        append_code_point(*out, value);
        break;
      }
      case 'x':
      case 'u':
      case 'U': {
        int count = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        const char* reason = e == 'x'   ? "truncated \\xXX escape"
                             : e == 'u' ? "truncated \\uXXXX escape"
                                        : "truncated \\UXXXXXXXX escape";
        char32_t value = 0;
        for (int i = 0; i < count; ++i) {
          if (s >= end || hex_value(*s) < 0 || (*s & 0x80)) {
            decode_error(escape_error(start, pos, reason));
            return false;
          }
          value = value * 16 + hex_value(*s++);
          ++pos;
        }
        if (value > 0x10FFFF) {
          decode_error(escape_error(start, pos, "illegal Unicode character"));
          return false;
        }
        append_code_point(*out, value);
        break;
      }
      case 'N': {
        if (!unicode::name_database_available()) {
          decode_error(unicode::kNameDatabaseUnavailable);
          return false;
        }
        const char* reason = "malformed \\N character escape";
        if (s < end && *s == '{') {
          const char* name_start = ++s;
          ++pos;
          while (s < end && *s != '}') {
            pos += (*s & 0x80) ? 10 : 1;
            ++s;
          }
          if (s < end && s > name_start) {
            ++s;
            ++pos;
            std::u32string found;
            std::string_view name(name_start, s - 1 - name_start);
            if (unicode::lookup_name(name, false, found) && found.size() == 1) {
              append_code_point(*out, found[0]);
              break;
            }
            reason = "unknown Unicode character name";
          }
        }
        decode_error(escape_error(start, pos, reason));
        return false;
      }
      default:
        if (!first_invalid) first_invalid = s - 1;
        out->push_back('\\');
        out->push_back(e);
        break;
    }
  }
  if (first_invalid) warn_invalid_escape(first_invalid, t);
  return true;
}

// _PyBytes_DecodeEscape for a bytes literal (ASCII only, checked by the caller).
bool StringParser::decode_bytes(std::string_view body, Token* t, std::string* out) {
  const char* s = body.data();
  const char* end = s + body.size();
  const char* first_invalid = nullptr;
  out->reserve(body.size());
  while (s < end) {
    if (*s != '\\') {
      out->push_back(*s++);
      continue;
    }
    const char* escape_start = s;
    ++s;
    if (s >= end) {
      out->push_back('\\');
      break;
    }
    char e = *s++;
    switch (e) {
      case '\n': break;
      case '\\': out->push_back('\\'); break;
      case '\'': out->push_back('\''); break;
      case '"': out->push_back('"'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\014'); break;
      case 't': out->push_back('\t'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 'v': out->push_back('\013'); break;
      case 'a': out->push_back('\007'); break;
      case '0': case '1': case '2': case '3':
      case '4': case '5': case '6': case '7': {
        int value = e - '0';
        if (s < end && is_octal(*s)) {
          value = value * 8 + (*s++ - '0');
          if (s < end && is_octal(*s)) value = value * 8 + (*s++ - '0');
        }
        if (value > 0377 && !first_invalid) first_invalid = s - 3;
        out->push_back(char(value & 0xFF));
        break;
      }
      case 'x':
        if (s + 1 < end && hex_value(s[0]) >= 0 && hex_value(s[1]) >= 0) {
          out->push_back(char(hex_value(s[0]) * 16 + hex_value(s[1])));
          s += 2;
          break;
        }
        {
          char msg[64];
          std::snprintf(msg, sizeof msg, "invalid \\x escape at position %zu",
                        size_t(escape_start - body.data()));
          decode_error(msg, true);
        }
        return false;
      default:
        if (!first_invalid) first_invalid = s - 1;
        out->push_back('\\');
        out->push_back(e);
        break;
    }
  }
  if (first_invalid) warn_invalid_escape(first_invalid, t);
  return true;
}

// --- f-strings ----------------------------------------------------------------------------

void StringParser::concat_str(State& state, std::string_view s) {
  if (s.empty()) return;
  state.last_str.append(s);
  state.has_last_str = true;
}

// A Constant for the pending literal text, positioned from `first` to `last` (the whole
// concatenation, except for the last piece of a format spec: its own token).
Expr* StringParser::make_str_node(State& state, Token* first, Token* last) {
  auto* c = p_.make_range<Constant>(first->lineno, first->col_offset, last->end_lineno,
                                    last->end_col_offset);
  c->value.kind = ConstantKind::Str;
  c->value.text = p_.arena_.copy(state.last_str);
  if (first->text()[0] == 'u') c->kind = p_.intern("u");
  state.last_str.clear();
  state.has_last_str = false;
  return c;
}

Expr* StringParser::finish(State& state, Token* first, Token* last) {
  if (!state.fmode) return make_str_node(state, first, last);
  if (state.has_last_str) state.exprs.push_back(make_str_node(state, first, last));
  auto* joined = p_.make_range<JoinedStr>(first->lineno, first->col_offset, last->end_lineno,
                                          last->end_col_offset);
  joined->values = p_.seq(state.exprs);
  return joined;
}

// fstring_find_literal: literal text up to an undoubled '{' (or the '}' ending a format
// spec). Returns 1 when it stopped at a doubled brace (scanning continues), 0 when done,
// -1 on error.
int StringParser::find_literal(const char** str, const char* end, bool raw, int recurse_lvl,
                               Token* t, std::string* literal, bool* has_literal) {
  const char* s = *str;
  const char* literal_start = s;
  int result = 0;
  *has_literal = false;
  while (s < end) {
    char ch = *s++;
    if (!raw && ch == '\\' && s < end) {
      ch = *s++;
      if (ch == 'N') {
        // "\N{name}": its braces are not replacement fields.
        if (s < end && *s++ == '{') {
          while (s < end && *s++ != '}') {
          }
          continue;
        }
        continue;
      }
      if (ch == '{') warn_invalid_escape(s - 1, t);
    }
    if (ch == '{' || ch == '}') {
      if (recurse_lvl == 0) {
        if (s < end && *s == ch) {
          *str = s + 1;
          result = 1;
          goto done;
        }
        if (ch == '}') {
          *str = s - 1;
          p_.raise_syntax_error("f-string: single '}' is not allowed");
          return -1;
        }
      }
      --s;
      break;
    }
  }
  *str = s;
done:
  if (literal_start != s) {
    std::string_view text(literal_start, s - literal_start);
    if (raw) {
      std::string error = utf8_decode_error(text);
      if (!error.empty()) {
        decode_error(error);
        return -1;
      }
      literal->assign(text);
    } else if (!decode_escapes(text, t, literal)) {
      return -1;
    }
    *has_literal = true;
  }
  return result;
}

// fstring_compile_expr: parses the expression text with a nested parser, placed where the
// text sits in the file so that node positions are right.
Expr* StringParser::compile_expr(const char* expr_start, const char* expr_end, Token* t) {
  const char* s = expr_start;
  for (; s != expr_end; ++s) {
    char c = *s;
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\f')) break;
  }
  if (s == expr_end) {
    if (*expr_end == '!' || *expr_end == ':' || *expr_end == '=') {
      p_.raise_syntax_error("f-string: expression required before '%c'", *expr_end);
      return nullptr;
    }
    p_.raise_syntax_error("f-string: empty expression not allowed");
    return nullptr;
  }

  // fstring_find_expr_location: the lines and columns from the token's start to the '{'.
  const char* brace = expr_start - 1;
  const char* token_text = t->start;
  int lines = 0, cols = 0;
  bool newline_after_brace = true;
  for (const char* q = brace + 1; *q != '}' && *q != '\n'; ++q) {
    if (*q != ' ' && *q != '\t' && *q != '\f') {
      newline_after_brace = false;
      break;
    }
  }
  if (!newline_after_brace) {
    const char* q = brace;
    while (q > token_text && *q != '\n') --q;
    cols += int(brace - q);
    if (*q == '\n') cols -= 1;
  }
  for (const char* q = token_text; q < brace; ++q) {
    if (*q == '\n') ++lines;
  }

  std::string source;
  source.reserve(expr_end - expr_start + 3);
  source += '(';
  source.append(expr_start, expr_end - expr_start);
  source += ")\n";

  Parser::Options options;
  options.mode = Mode::Exec;
  options.fstring = true;
  options.flags = p_.options_.flags;
  options.filename = p_.options_.filename;
  options.encoding_declared = false;  // CPython's sub-tokenizer has no encoding set
  options.starting_lineno = t->lineno + lines;
  options.starting_col_offset = lines != 0 ? cols : t->col_offset + cols;
  options.warnings = p_.options_.warnings;
  options.feature_version = p_.options_.feature_version;
  Parser sub(p_.arena_, source, options);
  Node* result = sub.run();
  if (!result) {
    p_.error_indicator_ = true;
    p_.error_ = sub.error();
    return nullptr;
  }
  return static_cast<Expr*>(result);
}

// fstring_find_expr: one replacement field '{expr[=][!c][:spec]}'.
bool StringParser::find_expr(const char** str, const char* end, bool raw, int recurse_lvl,
                             Token* t, std::string* expr_text, bool* has_expr_text,
                             Expr** expression) {
  *has_expr_text = false;
  if (recurse_lvl >= 2) {
    p_.raise_syntax_error("f-string: expressions nested too deeply");
    return false;
  }
  *str += 1;
  const char* expr_start = *str;
  char quote_char = 0;
  int string_type = 0;
  int nested_depth = 0;
  char parenstack[Tokenizer::kMaxLevel];
  for (; *str < end; (*str)++) {
    char ch = **str;
    if (ch == '\\') {
      p_.raise_syntax_error("f-string expression part cannot include a backslash");
      return false;
    }
    if (quote_char) {
      if (ch == quote_char) {
        if (string_type == 3) {
          if (*str + 2 < end && *(*str + 1) == ch && *(*str + 2) == ch) {
            *str += 2;
            string_type = 0;
            quote_char = 0;
            continue;
          }
        } else {
          quote_char = 0;
          string_type = 0;
          continue;
        }
      }
      continue;
    }
    if (ch == '\'' || ch == '"') {
      if (*str + 2 < end && *(*str + 1) == ch && *(*str + 2) == ch) {
        string_type = 3;
        *str += 2;
      } else {
        string_type = 1;
      }
      quote_char = ch;
    } else if (ch == '[' || ch == '{' || ch == '(') {
      if (nested_depth >= Tokenizer::kMaxLevel) {
        p_.raise_syntax_error("f-string: too many nested parenthesis");
        return false;
      }
      parenstack[nested_depth++] = ch;
    } else if (ch == '#') {
      p_.raise_syntax_error("f-string expression part cannot include '#'");
      return false;
    } else if (nested_depth == 0 &&
               (ch == '!' || ch == ':' || ch == '}' || ch == '=' || ch == '>' || ch == '<')) {
      if (*str + 1 < end) {
        char next = *(*str + 1);
        if ((ch == '!' && next == '=') || (ch == '=' && next == '=') ||
            (ch == '<' && next == '=') || (ch == '>' && next == '=')) {
          *str += 1;
          continue;
        }
      }
      if (ch == '>' || ch == '<') continue;
      break;
    } else if (ch == ']' || ch == '}' || ch == ')') {
      if (!nested_depth) {
        p_.raise_syntax_error("f-string: unmatched '%c'", ch);
        return false;
      }
      --nested_depth;
      char opening = parenstack[nested_depth];
      if (!((opening == '(' && ch == ')') || (opening == '[' && ch == ']') ||
            (opening == '{' && ch == '}'))) {
        p_.raise_syntax_error(
            "f-string: closing parenthesis '%c' does not match opening parenthesis '%c'", ch,
            opening);
        return false;
      }
    }
  }
  const char* expr_end = *str;
  if (quote_char) {
    p_.raise_syntax_error("f-string: unterminated string");
    return false;
  }
  if (nested_depth) {
    p_.raise_syntax_error("f-string: unmatched '%c'", parenstack[nested_depth - 1]);
    return false;
  }
  if (*str >= end) {
    p_.raise_syntax_error("f-string: expecting '}'");
    return false;
  }

  // The expression is compiled first, so its errors come before those of the rest.
  Expr* simple = compile_expr(expr_start, expr_end, t);
  if (!simple) return false;

  int conversion = -1;
  Expr* format_spec = nullptr;
  if (**str == '=') {
    if (p_.feature_version_below(8)) {
      p_.raise_syntax_error("f-string: self documenting expressions are only supported in Python 3.8 and greater");
      return false;
    }
    *str += 1;
    while (**str == ' ' || **str == '\t' || **str == '\n' || **str == '\r' || **str == '\f' ||
           **str == '\v') {
      *str += 1;
    }
    if (*str >= end) {
      p_.raise_syntax_error("f-string: expecting '}'");
      return false;
    }
    expr_text->assign(expr_start, *str - expr_start);
    *has_expr_text = true;
  }
  if (**str == '!') {
    *str += 1;
    if (*str >= end) {
      p_.raise_syntax_error("f-string: expecting '}'");
      return false;
    }
    conversion = static_cast<unsigned char>(**str);
    *str += 1;
    if (!(conversion == 's' || conversion == 'r' || conversion == 'a')) {
      p_.raise_syntax_error(
          "f-string: invalid conversion character: expected 's', 'r', or 'a'");
      return false;
    }
  }
  if (**str == ':') {
    *str += 1;
    if (*str >= end) {
      p_.raise_syntax_error("f-string: expecting '}'");
      return false;
    }
    State spec;
    if (!concat_fstring(spec, str, end, raw, recurse_lvl + 1, t)) return false;
    format_spec = finish(spec, t, t);
  }
  if (*str >= end || **str != '}') {
    p_.raise_syntax_error("f-string: expecting '}'");
    return false;
  }
  *str += 1;
  if (*has_expr_text && !format_spec && conversion == -1) conversion = 'r';
  auto* value = p_.make_range<FormattedValue>(first_->lineno, first_->col_offset,
                                              last_->end_lineno, last_->end_col_offset);
  value->value = simple;
  value->conversion = conversion;
  value->format_spec = format_spec;
  *expression = value;
  return true;
}

// _PyPegen_FstringParser_ConcatFstring: the literal pieces and fields of one f-string (or
// of a format spec, at recurse_lvl 1).
bool StringParser::concat_fstring(State& state, const char** str, const char* end, bool raw,
                                  int recurse_lvl, Token* t) {
  state.fmode = true;
  for (;;) {
    std::string literal;
    bool has_literal;
    int result = find_literal(str, end, raw, recurse_lvl, t, &literal, &has_literal);
    if (result < 0) return false;
    if (has_literal) concat_str(state, literal);
    if (result == 1) continue;
    if (*str >= end || **str == '}') break;
    std::string expr_text;
    bool has_expr_text;
    Expr* expression = nullptr;
    if (!find_expr(str, end, raw, recurse_lvl, t, &expr_text, &has_expr_text, &expression)) {
      return false;
    }
    if (has_expr_text) concat_str(state, expr_text);
    if (state.has_last_str) state.exprs.push_back(make_str_node(state, first_, last_));
    state.exprs.push_back(expression);
  }
  if (recurse_lvl == 0 && *str < end - 1) {
    p_.raise_syntax_error("f-string: unexpected end of string");
    return false;
  }
  if (recurse_lvl != 0 && **str != '}') {
    p_.raise_syntax_error("f-string: expecting '}'");
    return false;
  }
  return true;
}

// --- concatenation ------------------------------------------------------------------------

Expr* StringParser::concatenate(const std::vector<Token*>& tokens) {
  bool bytesmode = false;
  std::string bytes;
  State state;
  for (size_t i = 0; i < tokens.size(); ++i) {
    Token* t = tokens[i];
    Piece piece;
    parse_prefix(t, &piece);
    if (piece.fstring && p_.feature_version_below(6)) {
      p_.raise_syntax_error("Format strings are only supported in Python 3.6 and greater");
      return nullptr;
    }
    std::string decoded;
    if (!piece.fstring) {
      bool raw = piece.raw || piece.body.find('\\') == std::string_view::npos;
      if (piece.bytes) {
        for (const char* c = piece.body.data(); c < t->end; ++c) {
          if (static_cast<unsigned char>(*c) >= 0x80) {
            p_.raise_syntax_error("bytes can only contain ASCII literal characters");
            return nullptr;
          }
        }
        if (raw) {
          decoded.assign(piece.body);
        } else if (!decode_bytes(piece.body, t, &decoded)) {
          return nullptr;
        }
      } else if (raw) {
        std::string error = utf8_decode_error(piece.body);
        if (!error.empty()) {
          decode_error(error);
          return nullptr;
        }
        decoded.assign(piece.body);
      } else if (!decode_escapes(piece.body, t, &decoded)) {
        return nullptr;
      }
    }
    if (i != 0 && bytesmode != piece.bytes) {
      p_.raise_syntax_error("cannot mix bytes and nonbytes literals");
      return nullptr;
    }
    bytesmode = piece.bytes;
    if (piece.fstring) {
      const char* s = piece.body.data();
      if (!concat_fstring(state, &s, s + piece.body.size(), piece.raw, 0, t)) return nullptr;
    } else if (bytesmode) {
      bytes += decoded;
    } else {
      concat_str(state, decoded);
    }
  }
  if (bytesmode) {
    auto* c = p_.make_range<Constant>(first_->lineno, first_->col_offset, last_->end_lineno,
                                      last_->end_col_offset);
    c->value.kind = ConstantKind::Bytes;
    c->value.text = p_.arena_.copy(bytes);
    return c;
  }
  return finish(state, first_, last_);
}

Expr* Parser::concatenate_strings(const std::vector<Token*>& tokens) {
  StringParser parser(*this, tokens);
  return parser.concatenate(tokens);
}

}  // namespace krait::parse
