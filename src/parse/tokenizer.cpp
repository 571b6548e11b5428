// The tokenizer (see tokenizer.h). It follows the structure of CPython 3.11's tok_get so
// that tokens, error messages and error positions agree: the same character-at-a-time
// scanning with one character of push-back, the same indentation stacks (tab stops of 8,
// plus a tab size of 1 to detect ambiguous tab/space mixes), the same bracket stack.
#include "parse/tokenizer.h"

#include <cstdarg>
#include <cstdio>
#include <cctype>
#include <cstring>

#include "text/unicode.h"
#include "text/utf8.h"

namespace krait::parse {

namespace {

constexpr int kEof = -1;
constexpr int kTabSize = 8;
constexpr int kAltTabSize = 1;

bool is_digit(int c) { return c >= '0' && c <= '9'; }
bool is_xdigit(int c) { return is_digit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
bool is_identifier_start(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 128;
}
bool is_identifier_char(int c) { return is_identifier_start(c) || is_digit(c); }

// Length of the invalid UTF-8 sequence at s (CPython's "maximal subpart": the lead byte
// and the continuation bytes that were still acceptable), 0 if s starts a valid character.
// *end_of_data: the sequence was cut by the end of the buffer.
int invalid_utf8_length(const unsigned char* s, size_t available, bool* end_of_data) {
  *end_of_data = false;
  unsigned lead = s[0];
  if (lead < 0x80) return 0;
  int length;
  unsigned low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 1;
  }
  for (int i = 1; i < length; ++i) {
    if (size_t(i) >= available) {
      *end_of_data = true;
      return i;
    }
    unsigned c = s[i];
    unsigned lo = i == 1 ? low : 0x80, hi = i == 1 ? high : 0xBF;
    if (c < lo || c > hi) return i;
  }
  return 0;
}

int utf8_sequence_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

}  // namespace

int utf8_char_count(std::string_view line, size_t byte_offset) {
  if (byte_offset > line.size()) byte_offset = line.size();
  const auto* s = reinterpret_cast<const unsigned char*>(line.data());
  int count = 0;
  for (size_t i = 0; i < byte_offset;) {
    bool end_of_data;
    int bad = invalid_utf8_length(s + i, byte_offset - i, &end_of_data);
    i += bad ? bad : utf8_sequence_length(s[i]);
    ++count;
  }
  return count;
}

std::string utf8_decode_error(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  for (size_t i = 0; i < bytes.size();) {
    bool end_of_data;
    int bad = invalid_utf8_length(s + i, bytes.size() - i, &end_of_data);
    if (!bad) {
      i += utf8_sequence_length(s[i]);
      continue;
    }
    const char* reason = end_of_data             ? "unexpected end of data"
                         : bad == 1 && (s[i] < 0xC2 || s[i] > 0xF4) ? "invalid start byte"
                                                                    : "invalid continuation byte";
    char buf[160];
    if (bad == 1) {
      std::snprintf(buf, sizeof buf, "'utf-8' codec can't decode byte 0x%02x in position %zu: %s",
                    s[i], i, reason);
    } else {
      std::snprintf(buf, sizeof buf, "'utf-8' codec can't decode bytes in position %zu-%zu: %s", i,
                    i + bad - 1, reason);
    }
    return buf;
  }
  return std::string();
}

std::string utf8_replace_invalid(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    bool end_of_data;
    int bad = invalid_utf8_length(s + i, bytes.size() - i, &end_of_data);
    if (bad) {
      out += "\xEF\xBF\xBD";
      i += bad;
    } else {
      int n = utf8_sequence_length(s[i]);
      out.append(bytes.substr(i, n));
      i += n;
    }
  }
  return out;
}

Tokenizer::Tokenizer(std::string_view text, const Options& options)
    : options_(options),
      text_end_(text.data() + text.size()),
      cur_(text.data()),
      inp_(text.data()),
      buf_(text.data()),
      line_start_(text.data()),
      multi_line_start_(text.data()),
      lineno_(options.first_lineno - 1) {
  indent_stack_[0] = 0;
  alt_indent_stack_[0] = 0;
}

// --- reading characters -----------------------------------------------------------------

// Makes the next line current (CPython's tok_underflow_string).
bool Tokenizer::read_line() {
  if (inp_ >= text_end_) {
    status_ = Status::Eof;
    return false;
  }
  const char* newline = static_cast<const char*>(std::memchr(inp_, '\n', text_end_ - inp_));
  const char* end = newline ? newline + 1 : text_end_;
  ++lineno_;
  // Inside a multi-line token the buffer keeps the line where the token began (the
  // "current line" a SyntaxError then shows).
  if (!start_) buf_ = cur_;
  line_start_ = cur_;
  inp_ = end;
  if (options_.check_utf8_lines) {
    const auto* s = reinterpret_cast<const unsigned char*>(line_start_);
    for (size_t i = 0, n = size_t(inp_ - line_start_); i < n;) {
      bool end_of_data;
      if (invalid_utf8_length(s + i, n - i, &end_of_data)) {
        char msg[512];
        std::snprintf(msg, sizeof msg,
                      "Non-UTF-8 code starting with '\\x%02x' in file %.200s on line %d, but no "
                      "encoding declared; see https://peps.python.org/pep-0263/ for details",
                      s[i], std::string(options_.filename).c_str(), lineno_);
        error_ = SyntaxErrorInfo{"SyntaxError", msg};  // no location, as CPython
        status_ = Status::Error;
        return false;
      }
      i += utf8_sequence_length(s[i]);
    }
  }
  return true;
}

int Tokenizer::nextc() {
  for (;;) {
    if (cur_ != inp_) return static_cast<unsigned char>(*cur_++);
    if (status_ != Status::Ok) return kEof;
    if (!read_line()) {
      cur_ = inp_;
      return kEof;
    }
  }
}

void Tokenizer::backup(int c) {
  if (c != kEof) --cur_;
}

// True if the next characters are `test` (consumed or not, they are pushed back).
bool Tokenizer::lookahead(const char* test) {
  const char* s = test;
  int result = 0;
  for (;;) {
    int c = nextc();
    if (*s == 0) {
      result = !is_identifier_char(c);
    } else if (c == *s) {
      ++s;
      continue;
    }
    backup(c);
    while (s != test) backup(*--s);
    return result;
  }
}

// --- errors -----------------------------------------------------------------------------

TokenType Tokenizer::vsyntax_error(int col_offset, int end_col_offset, const char* format,
                                   va_list args) {
  char msg[512];
  std::vsnprintf(msg, sizeof msg, format, args);
  SyntaxErrorInfo error{"SyntaxError", msg};
  std::string_view upto(line_start_, size_t(cur_ - line_start_));
  if (col_offset == -1) col_offset = utf8_char_count(upto, upto.size());
  if (end_col_offset == -1) end_col_offset = col_offset;
  const char* line_end = line_start_;
  while (line_end < text_end_ && *line_end != '\n') ++line_end;
  error.lineno = error.end_lineno = lineno_;
  error.offset = col_offset;
  error.end_offset = end_col_offset;
  error.text = utf8_replace_invalid(std::string_view(line_start_, size_t(line_end - line_start_)));
  error_ = std::move(error);
  status_ = Status::Error;
  return TokenType::ErrorToken;
}

TokenType Tokenizer::syntax_error(const char* format, ...) {
  va_list args;
  va_start(args, format);
  TokenType type = vsyntax_error(-1, -1, format, args);
  va_end(args);
  return type;
}

TokenType Tokenizer::syntax_error_range(int col_offset, int end_col_offset, const char* format,
                                        ...) {
  va_list args;
  va_start(args, format);
  TokenType type = vsyntax_error(col_offset, end_col_offset, format, args);
  va_end(args);
  return type;
}

TokenType Tokenizer::indentation_error(Status status) {
  status_ = status;
  cur_ = inp_;
  return TokenType::ErrorToken;
}

void Tokenizer::warn(const char* category, const std::string& message) {
  if (!options_.warnings) return;
  ParseWarning warning{category, message, lineno_, int(cur_ - line_start_), lineno_,
                       int(cur_ - line_start_)};
  options_.warnings->push_back(std::move(warning));
}

// --- pieces of tokens -------------------------------------------------------------------

// After a backslash: the rest of the line must be empty. Returns the first character of
// the next line (pushed back), or -1 on error.
int Tokenizer::continuation_line() {
  int c = nextc();
  if (c != '\n') {
    status_ = Status::LineCont;
    return -1;
  }
  c = nextc();
  if (c == kEof) {
    status_ = Status::Eof;
    cur_ = inp_;
    return -1;
  }
  backup(c);
  return c;
}

// Digits with single underscores between them; returns the character after them, or 0
// after reporting "invalid decimal literal".
int Tokenizer::decimal_tail() {
  int c;
  for (;;) {
    do {
      c = nextc();
    } while (is_digit(c));
    if (c != '_') break;
    c = nextc();
    if (!is_digit(c)) {
      backup(c);
      syntax_error("invalid decimal literal");
      return 0;
    }
  }
  return c;
}

// A number must not run into a name. Directly followed by one of the keywords that may
// follow a number in valid code (and, else, for, if, in, is, not, or) it only warns, as
// CPython 3.11 does.
bool Tokenizer::verify_end_of_number(int c, const char* kind) {
  bool keyword = false;
  if (c == 'a') {
    keyword = lookahead("nd");
  } else if (c == 'e') {
    keyword = lookahead("lse");
  } else if (c == 'f') {
    keyword = lookahead("or");
  } else if (c == 'i') {
    int c2 = nextc();
    if (c2 == 'f' || c2 == 'n' || c2 == 's') keyword = true;
    backup(c2);
  } else if (c == 'o') {
    keyword = lookahead("r");
  } else if (c == 'n') {
    keyword = lookahead("ot");
  }
  if (keyword) {
    backup(c);
    warn("SyntaxWarning", std::string("invalid ") + kind + " literal");
    nextc();
  } else if (is_identifier_char(c)) {
    backup(c);
    syntax_error("invalid %s literal", kind);
    return false;
  }
  return true;
}

// A name with non-ASCII characters must be valid UTF-8 and a PEP 3131 identifier.
bool Tokenizer::verify_identifier(const char* start) {
  std::string_view bytes(start, size_t(cur_ - start));
  std::string decode_error = utf8_decode_error(bytes);
  if (!decode_error.empty()) {
    // The UnicodeDecodeError; the parser turns it into a SyntaxError.
    error_ = SyntaxErrorInfo{"UnicodeDecodeError", decode_error};
    status_ = Status::Decode;
    return false;
  }
  const char* p = start;
  bool first = true;
  while (p < cur_) {
    char32_t c = 0;
    int n = utf8::decode(p, cur_, &c, true);
    bool ok = first ? (c == '_' || unicode::is_xid_start(c)) : unicode::is_xid_continue(c);
    if (!ok) {
      // Report at the character after the invalid one, as CPython does.
      cur_ = p + n;
      char hex[16];
      std::snprintf(hex, sizeof hex, "%04X", unsigned(c));
      if (unicode::is_printable(c)) {
        std::string ch;
        utf8::append(ch, c);
        syntax_error("invalid character '%s' (U+%s)", ch.c_str(), hex);
      } else {
        syntax_error("invalid non-printable character U+%s", hex);
      }
      return false;
    }
    first = false;
    p += n;
  }
  return true;
}

// --- the token scanner ------------------------------------------------------------------

// async_hacks: the identifier just read is `async` or `await` (or another 5-letter name).
TokenType Tokenizer::async_hacks_name() {
  std::string_view name(start_, 5);
  if (async_def_) {
    if (name == "async") return TokenType::Async;
    if (name == "await") return TokenType::Await;
    return TokenType::Name;
  }
  if (name != "async") return TokenType::Name;
  // `async` starts an async def only if `def` follows: look one token ahead on a copy.
  Tokenizer ahead = *this;
  ahead.options_.warnings = nullptr;
  const char* ahead_start;
  const char* ahead_end;
  TokenType type = ahead.next(&ahead_start, &ahead_end);
  if (type == TokenType::Name && ahead_end - ahead_start == 3 && std::memcmp(ahead_start, "def", 3) == 0) {
    async_def_indent_ = indent_;
    async_def_ = true;
    return TokenType::Async;
  }
  return TokenType::Name;
}

TokenType Tokenizer::next(const char** p_start, const char** p_end) {
  *p_start = *p_end = nullptr;
  int c;
  bool blankline;

nextline:
  start_ = nullptr;
  blankline = false;

  // Indentation at the start of a line.
  if (at_bol_) {
    int col = 0, altcol = 0, cont_line_col = 0;
    at_bol_ = false;
    for (;;) {
      c = nextc();
      if (c == ' ') {
        ++col, ++altcol;
      } else if (c == '\t') {
        col = (col / kTabSize + 1) * kTabSize;
        altcol = (altcol / kAltTabSize + 1) * kAltTabSize;
      } else if (c == '\014') {  // form feed resets the column (for Emacs users)
        col = altcol = 0;
      } else if (c == '\\') {
        // The first backslash continuation decides the indentation of what follows.
        cont_line_col = cont_line_col ? cont_line_col : col;
        if ((c = continuation_line()) == -1) return TokenType::ErrorToken;
      } else {
        break;
      }
    }
    backup(c);
    if (c == '#' || c == '\n') blankline = true;  // comment-only or blank: no NEWLINE
    if (!blankline && level_ == 0) {
      col = cont_line_col ? cont_line_col : col;
      altcol = cont_line_col ? cont_line_col : altcol;
      if (col == indent_stack_[indent_]) {
        if (altcol != alt_indent_stack_[indent_]) return indentation_error(Status::TabSpace);
      } else if (col > indent_stack_[indent_]) {
        if (indent_ + 1 >= kMaxIndent) return indentation_error(Status::TooDeep);
        if (altcol <= alt_indent_stack_[indent_]) return indentation_error(Status::TabSpace);
        ++pending_;
        indent_stack_[++indent_] = col;
        alt_indent_stack_[indent_] = altcol;
      } else {
        while (indent_ > 0 && col < indent_stack_[indent_]) {
          --pending_;
          --indent_;
        }
        if (col != indent_stack_[indent_]) return indentation_error(Status::Dedent);
        if (altcol != alt_indent_stack_[indent_]) return indentation_error(Status::TabSpace);
      }
    }
  }

  start_ = cur_;
  if (pending_ != 0) {
    if (pending_ < 0) {
      ++pending_;
      return TokenType::Dedent;
    }
    --pending_;
    return TokenType::Indent;
  }

  if (async_def_) {
    // Leaving an async def (async_hacks): a line indented no deeper than its `async`.
    c = nextc();
    backup(c);
    if (!blankline && c != '\n' && level_ == 0 && async_def_nl_ && async_def_indent_ >= indent_) {
      async_def_ = false;
      async_def_indent_ = 0;
      async_def_nl_ = false;
    }
  }

again:
  start_ = nullptr;
  do {
    c = nextc();
  } while (c == ' ' || c == '\t' || c == '\014');
  start_ = cur_ - 1;

  if (c == '#') {
    while (c != kEof && c != '\n') c = nextc();
    if (options_.type_comments) {
      // "# type: ..." (each space of the prefix stands for any run of blanks).
      const char* p = start_;
      const char* prefix = "# type: ";
      while (*prefix && p < cur_) {
        if (*prefix == ' ') {
          while (*p == ' ' || *p == '\t') ++p;
        } else if (*prefix == *p) {
          ++p;
        } else {
          break;
        }
        ++prefix;
      }
      if (!*prefix) {
        backup(c);  // keep the newline (or end of input)
        // "type: ignore" ends there or continues with ASCII that is not alphanumeric.
        const char* ignore_end = p + 6;
        bool is_ignore =
            cur_ >= ignore_end && std::memcmp(p, "ignore", 6) == 0 &&
            !(cur_ > ignore_end && (static_cast<unsigned char>(ignore_end[0]) >= 128 ||
                                    std::isalnum(static_cast<unsigned char>(ignore_end[0]))));
        if (is_ignore) {
          *p_start = ignore_end;
          *p_end = cur_;
          // A type: ignore alone on its line takes the newline with it.
          if (blankline) {
            nextc();
            at_bol_ = true;
          }
          return TokenType::TypeIgnore;
        }
        *p_start = p;
        *p_end = cur_;
        return TokenType::TypeComment;
      }
    }
  }

  if (c == kEof) {
    if (level_) return TokenType::ErrorToken;
    return status_ == Status::Eof ? TokenType::EndMarker : TokenType::ErrorToken;
  }

  // Identifiers, keywords and string prefixes.
  if (is_identifier_start(c)) {
    bool saw_b = false, saw_r = false, saw_u = false, saw_f = false, nonascii = false;
    for (;;) {
      if (!(saw_b || saw_u || saw_f) && (c == 'b' || c == 'B')) {
        saw_b = true;
      } else if (!(saw_b || saw_u || saw_r || saw_f) && (c == 'u' || c == 'U')) {
        saw_u = true;
      } else if (!(saw_r || saw_u) && (c == 'r' || c == 'R')) {
        saw_r = true;
      } else if (!(saw_f || saw_b || saw_u) && (c == 'f' || c == 'F')) {
        saw_f = true;
      } else {
        break;
      }
      c = nextc();
      if (c == '"' || c == '\'') goto letter_quote;
    }
    while (is_identifier_char(c)) {
      if (c >= 128) nonascii = true;
      c = nextc();
    }
    backup(c);
    if (nonascii && !verify_identifier(start_)) return TokenType::ErrorToken;
    *p_start = start_;
    *p_end = cur_;
    if (options_.async_hacks && cur_ - start_ == 5 && start_[0] == 'a') return async_hacks_name();
    return TokenType::Name;
  }

  if (c == '\n') {
    at_bol_ = true;
    if (blankline || level_ > 0) goto nextline;
    *p_start = start_;
    *p_end = cur_ - 1;  // the token does not include the '\n'
    cont_line_ = false;
    if (async_def_) async_def_nl_ = true;  // past the async def's signature
    return TokenType::Newline;
  }

  if (c == '.') {
    c = nextc();
    if (is_digit(c)) goto fraction;
    if (c == '.') {
      c = nextc();
      if (c == '.') {
        *p_start = start_;
        *p_end = cur_;
        return TokenType::Ellipsis;
      }
      backup(c);
      backup('.');
    } else {
      backup(c);
    }
    *p_start = start_;
    *p_end = cur_;
    return TokenType::Dot;
  }

  // Numbers.
  if (is_digit(c)) {
    if (c == '0') {
      c = nextc();
      if (c == 'x' || c == 'X') {
        c = nextc();
        do {
          if (c == '_') c = nextc();
          if (!is_xdigit(c)) {
            backup(c);
            return syntax_error("invalid hexadecimal literal");
          }
          do {
            c = nextc();
          } while (is_xdigit(c));
        } while (c == '_');
        if (!verify_end_of_number(c, "hexadecimal")) return TokenType::ErrorToken;
      } else if (c == 'o' || c == 'O') {
        c = nextc();
        do {
          if (c == '_') c = nextc();
          if (c < '0' || c >= '8') {
            if (is_digit(c)) return syntax_error("invalid digit '%c' in octal literal", c);
            backup(c);
            return syntax_error("invalid octal literal");
          }
          do {
            c = nextc();
          } while ('0' <= c && c < '8');
        } while (c == '_');
        if (is_digit(c)) return syntax_error("invalid digit '%c' in octal literal", c);
        if (!verify_end_of_number(c, "octal")) return TokenType::ErrorToken;
      } else if (c == 'b' || c == 'B') {
        c = nextc();
        do {
          if (c == '_') c = nextc();
          if (c != '0' && c != '1') {
            if (is_digit(c)) return syntax_error("invalid digit '%c' in binary literal", c);
            backup(c);
            return syntax_error("invalid binary literal");
          }
          do {
            c = nextc();
          } while (c == '0' || c == '1');
        } while (c == '_');
        if (is_digit(c)) return syntax_error("invalid digit '%c' in binary literal", c);
        if (!verify_end_of_number(c, "binary")) return TokenType::ErrorToken;
      } else {
        bool nonzero = false;
        // Leading zeros: "0", "00" are fine, "012" is the old octal syntax.
        for (;;) {
          if (c == '_') {
            c = nextc();
            if (!is_digit(c)) {
              backup(c);
              return syntax_error("invalid decimal literal");
            }
          }
          if (c != '0') break;
          c = nextc();
        }
        const char* zeros_end = cur_;
        if (is_digit(c)) {
          nonzero = true;
          c = decimal_tail();
          if (c == 0) return TokenType::ErrorToken;
        }
        if (c == '.') {
          c = nextc();
          goto fraction;
        } else if (c == 'e' || c == 'E') {
          goto exponent;
        } else if (c == 'j' || c == 'J') {
          goto imaginary;
        } else if (nonzero) {
          backup(c);
          return syntax_error_range(
              int(start_ + 1 - line_start_), int(zeros_end - line_start_),
              "leading zeros in decimal integer literals are not permitted; use an 0o prefix "
              "for octal integers");
        }
        if (!verify_end_of_number(c, "decimal")) return TokenType::ErrorToken;
      }
    } else {
      c = decimal_tail();
      if (c == 0) return TokenType::ErrorToken;
      if (c == '.') {
        c = nextc();
      fraction:
        if (is_digit(c)) {
          c = decimal_tail();
          if (c == 0) return TokenType::ErrorToken;
        }
      }
      if (c == 'e' || c == 'E') {
        int e;
      exponent:
        e = c;
        c = nextc();
        if (c == '+' || c == '-') {
          c = nextc();
          if (!is_digit(c)) {
            backup(c);
            return syntax_error("invalid decimal literal");
          }
        } else if (!is_digit(c)) {
          backup(c);
          if (!verify_end_of_number(e, "decimal")) return TokenType::ErrorToken;
          backup(e);
          *p_start = start_;
          *p_end = cur_;
          return TokenType::Number;
        }
        c = decimal_tail();
        if (c == 0) return TokenType::ErrorToken;
      }
      if (c == 'j' || c == 'J') {
      imaginary:
        c = nextc();
        if (!verify_end_of_number(c, "imaginary")) return TokenType::ErrorToken;
      } else if (!verify_end_of_number(c, "decimal")) {
        return TokenType::ErrorToken;
      }
    }
    backup(c);
    *p_start = start_;
    *p_end = cur_;
    return TokenType::Number;
  }

letter_quote:
  // Strings (the prefix, if any, was read above).
  if (c == '\'' || c == '"') {
    int quote = c;
    int quote_size = 1;
    int end_quote_size = 0;
    first_lineno_ = lineno_;
    multi_line_start_ = line_start_;
    c = nextc();
    if (c == quote) {
      c = nextc();
      if (c == quote) {
        quote_size = 3;
      } else {
        end_quote_size = 1;  // the empty string
      }
    }
    if (c != quote) backup(c);
    while (end_quote_size != quote_size) {
      c = nextc();
      // A line that failed to read (undecodable, non-UTF-8) already holds the error.
      if (status_ == Status::Decode || status_ == Status::Error) return TokenType::ErrorToken;
      if (c == kEof || (quote_size == 1 && c == '\n')) {
        // Report at the opening quote, mentioning the line where the end was noticed.
        cur_ = start_ + 1;
        line_start_ = multi_line_start_;
        int detected_at = lineno_;
        lineno_ = first_lineno_;
        syntax_error(quote_size == 3
                         ? "unterminated triple-quoted string literal (detected at line %d)"
                         : "unterminated string literal (detected at line %d)",
                     detected_at);
        if (c != '\n') status_ = Status::ErrorAtEof;
        return TokenType::ErrorToken;
      }
      if (c == quote) {
        end_quote_size += 1;
      } else {
        end_quote_size = 0;
        if (c == '\\') nextc();  // skip the escaped character
      }
    }
    *p_start = start_;
    *p_end = cur_;
    return TokenType::String;
  }

  if (c == '\\') {
    if ((c = continuation_line()) == -1) return TokenType::ErrorToken;
    cont_line_ = true;
    goto again;
  }

  // Operators of two and three characters.
  {
    int c2 = nextc();
    TokenType two = TokenType::Op;
    switch (c) {
      case '!': if (c2 == '=') two = TokenType::NotEqual; break;
      case '%': if (c2 == '=') two = TokenType::PercentEqual; break;
      case '&': if (c2 == '=') two = TokenType::AmperEqual; break;
      case '*':
        if (c2 == '*') two = TokenType::DoubleStar;
        if (c2 == '=') two = TokenType::StarEqual;
        break;
      case '+': if (c2 == '=') two = TokenType::PlusEqual; break;
      case '-':
        if (c2 == '=') two = TokenType::MinEqual;
        if (c2 == '>') two = TokenType::Rarrow;
        break;
      case '/':
        if (c2 == '/') two = TokenType::DoubleSlash;
        if (c2 == '=') two = TokenType::SlashEqual;
        break;
      case ':': if (c2 == '=') two = TokenType::ColonEqual; break;
      case '<':
        if (c2 == '<') two = TokenType::LeftShift;
        if (c2 == '=') two = TokenType::LessEqual;
        if (c2 == '>') two = TokenType::NotEqual;
        break;
      case '=': if (c2 == '=') two = TokenType::EqEqual; break;
      case '>':
        if (c2 == '=') two = TokenType::GreaterEqual;
        if (c2 == '>') two = TokenType::RightShift;
        break;
      case '@': if (c2 == '=') two = TokenType::AtEqual; break;
      case '^': if (c2 == '=') two = TokenType::CircumflexEqual; break;
      case '|': if (c2 == '=') two = TokenType::VbarEqual; break;
    }
    if (two != TokenType::Op) {
      int c3 = nextc();
      TokenType three = TokenType::Op;
      if (c3 == '=') {
        if (two == TokenType::DoubleStar) three = TokenType::DoubleStarEqual;
        if (two == TokenType::DoubleSlash) three = TokenType::DoubleSlashEqual;
        if (two == TokenType::LeftShift) three = TokenType::LeftShiftEqual;
        if (two == TokenType::RightShift) three = TokenType::RightShiftEqual;
      }
      if (three != TokenType::Op) {
        two = three;
      } else {
        backup(c3);
      }
      *p_start = start_;
      *p_end = cur_;
      return two;
    }
    backup(c2);
  }

  // Bracket nesting.
  switch (c) {
    case '(':
    case '[':
    case '{':
      if (level_ >= kMaxLevel) return syntax_error("too many nested parentheses");
      paren_stack_[level_] = char(c);
      paren_lineno_[level_] = lineno_;
      paren_col_[level_] = int(start_ - line_start_);
      ++level_;
      break;
    case ')':
    case ']':
    case '}': {
      if (!level_) return syntax_error("unmatched '%c'", c);
      --level_;
      int opening = paren_stack_[level_];
      if (!((opening == '(' && c == ')') || (opening == '[' && c == ']') ||
            (opening == '{' && c == '}'))) {
        if (paren_lineno_[level_] != lineno_) {
          return syntax_error(
              "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c,
              opening, paren_lineno_[level_]);
        }
        return syntax_error("closing parenthesis '%c' does not match opening parenthesis '%c'",
                            c, opening);
      }
      break;
    }
  }

  if (c < 0x20 || c == 0x7f) return syntax_error("invalid non-printable character U+%04X", c);

  *p_start = start_;
  *p_end = cur_;
  switch (c) {
    case '%': return TokenType::Percent;
    case '&': return TokenType::Amper;
    case '(': return TokenType::Lpar;
    case ')': return TokenType::Rpar;
    case '*': return TokenType::Star;
    case '+': return TokenType::Plus;
    case ',': return TokenType::Comma;
    case '-': return TokenType::Minus;
    case '.': return TokenType::Dot;
    case '/': return TokenType::Slash;
    case ':': return TokenType::Colon;
    case ';': return TokenType::Semi;
    case '<': return TokenType::Less;
    case '=': return TokenType::Equal;
    case '>': return TokenType::Greater;
    case '@': return TokenType::At;
    case '[': return TokenType::Lsqb;
    case ']': return TokenType::Rsqb;
    case '^': return TokenType::Circumflex;
    case '{': return TokenType::Lbrace;
    case '|': return TokenType::Vbar;
    case '}': return TokenType::Rbrace;
    case '~': return TokenType::Tilde;
  }
  return TokenType::Op;
}

// --- token type names -------------------------------------------------------------------

std::string_view token_type_text(TokenType type) {
  switch (type) {
#define KRAIT_TOKEN_TEXT(name, text) \
  case TokenType::name:              \
    return text;
    KRAIT_TOKEN_TYPES(KRAIT_TOKEN_TEXT)
#undef KRAIT_TOKEN_TEXT
  }
  return "?";
}

TokenType keyword_type(std::string_view s) {
  // Keywords are 2..8 lowercase letters, or False/None/True.
  if (s.size() < 2 || s.size() > 8) return TokenType::Name;
  switch (s[0]) {
    case 'F': if (s == "False") return TokenType::False; break;
    case 'N': if (s == "None") return TokenType::None; break;
    case 'T': if (s == "True") return TokenType::True; break;
    case 'a':
      if (s == "and") return TokenType::And;
      if (s == "as") return TokenType::As;
      if (s == "assert") return TokenType::Assert;
      if (s == "async") return TokenType::Async;
      if (s == "await") return TokenType::Await;
      break;
    case 'b': if (s == "break") return TokenType::Break; break;
    case 'c':
      if (s == "class") return TokenType::Class;
      if (s == "continue") return TokenType::Continue;
      break;
    case 'd':
      if (s == "def") return TokenType::Def;
      if (s == "del") return TokenType::Del;
      break;
    case 'e':
      if (s == "elif") return TokenType::Elif;
      if (s == "else") return TokenType::Else;
      if (s == "except") return TokenType::Except;
      break;
    case 'f':
      if (s == "finally") return TokenType::Finally;
      if (s == "for") return TokenType::For;
      if (s == "from") return TokenType::From;
      break;
    case 'g': if (s == "global") return TokenType::Global; break;
    case 'i':
      if (s == "if") return TokenType::If;
      if (s == "import") return TokenType::Import;
      if (s == "in") return TokenType::In;
      if (s == "is") return TokenType::Is;
      break;
    case 'l': if (s == "lambda") return TokenType::Lambda; break;
    case 'n':
      if (s == "nonlocal") return TokenType::Nonlocal;
      if (s == "not") return TokenType::Not;
      break;
    case 'o': if (s == "or") return TokenType::Or; break;
    case 'p': if (s == "pass") return TokenType::Pass; break;
    case 'r':
      if (s == "raise") return TokenType::Raise;
      if (s == "return") return TokenType::Return;
      break;
    case 't': if (s == "try") return TokenType::Try; break;
    case 'w':
      if (s == "while") return TokenType::While;
      if (s == "with") return TokenType::With;
      break;
    case 'y': if (s == "yield") return TokenType::Yield; break;
  }
  return TokenType::Name;
}

}  // namespace krait::parse
