// Reporting exceptions exactly as CPython 3.11 does: the default sys.excepthook (tracebacks
// with source lines and ^^^^/~~~~ markers, "[Previous line repeated N more times]", chained
// exceptions, notes, exception groups in boxes, SyntaxError's caret display, "Did you
// mean" suggestions), sys.unraisablehook's default, SystemExit's exit status, and the small
// helpers the VM uses while raising. The traceback objects themselves are in
// objects/traceback.cpp.
#include "runtime/errors.h"

#include <cstdio>
#include <cstring>
#include <unordered_set>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/container_util.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/structseq.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "parse/parser.h"
#include "runtime/runtime.h"
#include "runtime/source_lines.h"
#include "runtime/suggestions.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

namespace {

// --- sys attributes and output ---

// sys.<name>, borrowed; null if sys or the attribute does not exist (yet).
Value sys_attribute(StrObject* name) {
  Runtime* rt = the_runtime;
  if (!rt || !rt->sys_dict) return Value();
  return dict_get_str(as_dict(Value(rt->sys_dict)), name);
}

// Writes text to a Python file object (file.write(text)), or to the C stderr when there is
// no file. A failing write is reported on the C stderr, as CPython's "lost sys.stderr".
void write_to(Value file, const std::string& text) {
  if (!file) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
    return;
  }
  Ref<> hold = new_ref(file);
  Ref<StrObject> str_text = str_from_utf8(text);
  Ref<> result = str_text ? call_method1(file, ID(write), str_text.value()) : Ref<>();
  if (!result) {
    clear_error();
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fputs("lost sys.stderr\n", stderr);
    std::fflush(stderr);
    return;
  }
  Ref<> flushed = call_method0(file, ID(flush));
  if (!flushed) clear_error();
}

// The file the reports go to: sys.stderr. Missing (during start-up): the C stderr, as a null
// Value. None (the program closed it on purpose): *silent is set and nothing is written.
Value report_file(bool* silent) {
  *silent = false;
  Value file = sys_attribute(ID(stderr));
  if (file && is_none(file)) *silent = true;
  return file;
}

// --- The exception printer (CPython's print_exception_recursive and friends) ---

constexpr int kMaxGroupWidth = 15;
constexpr int kMaxGroupDepth = 10;
constexpr int kRecursiveCutoff = 3;   // identical traceback lines shown before folding
constexpr long kDefaultTracebackLimit = 1000;
constexpr int kMaxChainDepth = 200;   // C++ recursion guard for pathological chains

struct PrintContext {
  std::string out;
  int group_depth = 0;
  bool need_close = false;
  int nesting = 0;
  std::unordered_set<Object*> seen;
  SourceLines sources;
};

int indent_of(const PrintContext& ctx) { return 2 * ctx.group_depth; }
const char* margin_of(const PrintContext& ctx) { return ctx.group_depth ? "| " : nullptr; }

void write_indent(PrintContext& ctx, int indent) { ctx.out.append(size_t(indent > 0 ? indent : 0), ' '); }
void write_indented_margin(PrintContext& ctx, int indent, const char* margin) {
  write_indent(ctx, indent);
  if (margin) ctx.out += margin;
}
void write_indented_margin(PrintContext& ctx) {
  write_indented_margin(ctx, indent_of(ctx), margin_of(ctx));
}

// --- Traceback lines ---

bool is_traceback_whitespace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// CPython's _PyPegen_byte_offset_to_character_offset: characters in the first `offset`
// bytes of the line (an offset past the end counts one extra, for the terminator).
int64_t character_offset(std::string_view line, int64_t offset) {
  int64_t length = int64_t(line.size());
  bool past_end = offset > length;
  if (offset > length + 1) offset = length + 1;
  int64_t count = past_end ? 1 : 0;
  int64_t limit = past_end ? length : offset;
  for (int64_t i = 0; i < limit; ++i) {
    if ((uint8_t(line[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// Byte index of the character at `index` (clamped to the end).
size_t byte_index(std::string_view line, int64_t index) {
  size_t i = 0;
  for (int64_t seen = 0; i < line.size(); ++i) {
    if ((uint8_t(line[i]) & 0xC0) != 0x80) {
      if (seen == index) return i;
      ++seen;
    }
  }
  return i;
}

// The markers under a failing expression: `primary` everywhere, `secondary` over
// (left, right] when the expression is a binary operation (the operator) or a subscript
// (the brackets and index). Offsets are characters in the whole source line.
struct Anchors {
  int64_t left = -1;
  int64_t right = -1;
  const char* primary = "^";
  const char* secondary = "^";
};

// Re-parses the failing span to find a binary operator or a subscript in it.
bool find_anchors(std::string_view filename, std::string_view line, int64_t start, int64_t end,
                  Anchors* anchors) {
  size_t from = byte_index(line, start);
  size_t to = byte_index(line, end);
  if (to < from) return false;
  std::string_view segment = line.substr(from, to - from);
  parse::ParseResult parsed = parse::parse(segment, filename, parse::Mode::Exec);
  if (!parsed.ok()) return false;
  const ast::Module* module = parsed.tree->as<ast::Module>();
  if (!module || module->body.size() != 1) return false;
  const ast::ExprStmt* statement = module->body[0]->as<ast::ExprStmt>();
  if (!statement) return false;
  int64_t left = -1, right = -1;
  if (const ast::BinOp* binop = statement->value->as<ast::BinOp>()) {
    // The operator is the first non-space character after the left operand that is not a
    // closing parenthesis of it; two characters when the next one is not a space (//, **).
    int64_t limit = binop->right->col_offset;
    bool found = false;
    for (int64_t i = binop->left->end_col_offset; i < limit; ++i) {
      if (is_traceback_whitespace(segment[i])) continue;
      left = i;
      right = i + 1;
      if (i + 1 < limit && !is_traceback_whitespace(segment[i + 1])) ++right;
      if (i + 1 < limit && segment[i] == ')') continue;
      found = true;
      break;
    }
    if (found) {
      anchors->primary = "~";
      anchors->secondary = "^";
    }
    if (left < 0) return false;
  } else if (const ast::Subscript* subscript = statement->value->as<ast::Subscript>()) {
    left = subscript->value->end_col_offset;
    right = subscript->slice->end_col_offset + 1;
    anchors->primary = "~";
    anchors->secondary = "^";
  } else {
    return false;
  }
  anchors->left = character_offset(segment, left) + start;
  anchors->right = character_offset(segment, right) + start;
  return true;
}

// One "  File ..., line N, in name" entry with its source line and markers.
void display_traceback_line(PrintContext& ctx, TracebackObject* tb, int indent, const char* margin) {
  auto* frame_object = static_cast<FrameObject*>(tb->frame);
  Frame* frame = frame_object ? frame_object->frame : nullptr;
  if (!frame) return;
  CodeObject* code = frame->code;
  std::string filename(str_utf8(Value(code->filename)));
  write_indented_margin(ctx, indent, margin);
  ctx.out += format_message("  File \"{}\", line {}, in {}\n", filename, traceback_lineno(tb),
                            str_utf8(Value(code->name)));

  // The source line, without its indentation ("<string>" and the like have none).
  if (filename.size() >= 2 && filename.front() == '<' && filename.back() == '>') return;
  const std::string* line = ctx.sources.line(filename, traceback_lineno(tb));
  if (!line) return;
  int64_t line_length = character_offset(*line, int64_t(line->size()));
  size_t stripped = 0;
  while (stripped < line->size() && is_traceback_whitespace((*line)[stripped])) ++stripped;
  constexpr int kSourceIndent = 4;
  int64_t truncation = int64_t(stripped) - kSourceIndent;
  write_indented_margin(ctx, indent, margin);
  write_indent(ctx, kSourceIndent);
  ctx.out.append(*line, stripped);
  ctx.out += '\n';

  // The markers, from the instruction's source span.
  int64_t unit = tb->lasti / 2;
  if (tb->lasti < 0) return;
  SourcePosition position = code_position_of(code, unit);
  if (position.line < 0 || position.end_line < 0 || position.column < 0 || position.end_column < 0) {
    return;
  }
  int64_t start = character_offset(*line, position.column);
  int64_t end = character_offset(*line, position.end_column);
  Anchors anchors;
  if (position.line == position.end_line) {
    find_anchors(filename, *line, start, end, &anchors);
  } else {
    // A multi-line expression: mark up to the last non-space character of this line.
    int64_t i = int64_t(line->size());
    while (--i >= 0 && is_traceback_whitespace((*line)[i])) {
    }
    end = i + 1;
  }
  bool secondary = anchors.left != -1 || anchors.right != -1;
  // No markers when they would underline the whole line anyway.
  if (end - start == line_length - int64_t(stripped) && !secondary) return;
  write_indented_margin(ctx, indent, margin);
  for (int64_t offset = truncation + 1; offset <= end; ++offset) {
    if (offset <= start) ctx.out += ' ';
    else if (secondary && anchors.left < offset && offset <= anchors.right) ctx.out += anchors.secondary;
    else ctx.out += anchors.primary;
  }
  ctx.out += '\n';
}

void write_repeated_line(PrintContext& ctx, long count) {
  count -= kRecursiveCutoff;
  ctx.out += format_message(count > 1 ? "  [Previous line repeated {} more times]\n"
                                      : "  [Previous line repeated {} more time]\n",
                            int64_t(count));
}

// sys.tracebacklimit: how many of the innermost entries to show; 0 means none at all.
long traceback_limit() {
  Value limit = sys_attribute(str_intern_utf8("tracebacklimit"));
  if (!limit || !is_int(limit)) return kDefaultTracebackLimit;
  int64_t n;
  if (!int_to_int64(limit, &n)) return int_sign(limit) > 0 ? LONG_MAX : 0;
  return n <= 0 ? 0 : long(n);
}

// CPython's _PyTraceBack_Print_Indented: the header and the entries, with identical
// consecutive entries (recursion) folded after three.
void print_traceback(PrintContext& ctx, Value tb_value, int indent, const char* margin,
                     const char* header_margin, const char* header) {
  long limit = traceback_limit();
  if (limit <= 0) return;
  write_indented_margin(ctx, indent, header_margin);
  ctx.out += header;
  long depth = 0;
  for (Value t = tb_value; t; t = Value(as_traceback(t)->next)) ++depth;
  Value tb = tb_value;
  while (tb && depth > limit) {
    --depth;
    tb = Value(as_traceback(tb)->next);
  }
  Object* last_filename = nullptr;
  Object* last_name = nullptr;
  int last_line = -1;
  long count = 0;
  for (; tb; tb = Value(as_traceback(tb)->next)) {
    TracebackObject* entry = as_traceback(tb);
    auto* frame_object = static_cast<FrameObject*>(entry->frame);
    if (!frame_object || !frame_object->frame) continue;
    CodeObject* code = frame_object->frame->code;
    bool same = last_filename && last_line != -1 && last_name &&
                str_equal(as_str(Value(code->filename)), as_str(Value(last_filename))) &&
                traceback_lineno(entry) == last_line &&
                str_equal(as_str(Value(code->name)), as_str(Value(last_name)));
    if (!same) {
      if (count > kRecursiveCutoff) write_repeated_line(ctx, count);
      last_filename = code->filename;
      last_line = traceback_lineno(entry);
      last_name = code->name;
      count = 0;
    }
    ++count;
    if (count <= kRecursiveCutoff) display_traceback_line(ctx, entry, indent, margin);
  }
  if (count > kRecursiveCutoff) write_repeated_line(ctx, count);
}

// --- SyntaxError's own display ---

// The attribute as a C integer; *is_none for None. False on error (cleared by the caller).
bool syntax_error_int(Value exc, const char* name, int64_t* out, bool* is_none_value) {
  Ref<> value = get_attr(exc, name);
  if (!value) return false;
  *is_none_value = is_none(value);
  if (*is_none_value) return true;
  if (!is_int(value)) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(value));
  }
  return int_as_int64(value, out);
}

// The source line with leading whitespace removed and ^ from offset to end_offset.
void print_error_text(PrintContext& ctx, int64_t offset, int64_t end_offset, std::string_view text) {
  size_t carets = end_offset > 0 && end_offset > offset ? size_t(end_offset - offset) : 1;
  --offset;  // 1-based to 0-based
  while (!text.empty() && is_traceback_whitespace(text.front())) {
    text.remove_prefix(1);
    --offset;
  }
  // CPython works on a C string: an embedded NUL ends it.
  text = text.substr(0, text.find('\0'));
  int64_t length = int64_t(text.size());
  if (length > 0 && text[size_t(length - 1)] == '\n') --length;
  if (offset > length) offset = length;
  // Skip to the line the offset points into.
  for (;;) {
    size_t newline = text.find('\n');
    if (newline == std::string_view::npos) break;
    int64_t line_end = int64_t(newline);
    if (line_end >= offset) break;
    text.remove_prefix(size_t(line_end + 1));
    length -= line_end + 1;
    offset -= line_end + 1;
  }
  ctx.out += "    ";
  ctx.out += text;
  if (length < 0 || size_t(length) >= text.size() || text[size_t(length)] != '\n') ctx.out += '\n';
  if (offset < 0) return;
  ctx.out += "    ";
  ctx.out.append(size_t(offset), ' ');
  ctx.out.append(carets, '^');
  ctx.out += '\n';
}

// For exceptions with print_file_and_line (SyntaxError): "  File ..., line N", the text
// and the carets; *value becomes the message that the last line then shows. False when
// the attributes are not usable (the exception prints as any other).
bool print_file_and_line(PrintContext& ctx, Ref<>* value) {
  Value exc = value->value();
  Ref<> marker;
  int has = get_attr_optional(exc, ID(print_file_and_line), &marker);
  if (has <= 0) {
    clear_error();
    return true;
  }
  Ref<> message = get_attr(exc, ID(msg));
  Ref<> filename = message ? get_attr(exc, ID(filename)) : Ref<>();
  if (!filename) {
    clear_error();
    return true;
  }
  int64_t lineno = 0, offset = -1, end_lineno = 0, end_offset = -1;
  bool none = false;
  if (!syntax_error_int(exc, "lineno", &lineno, &none) || none) {
    if (none) type_error("'NoneType' object cannot be interpreted as an integer");
    clear_error();
    return true;
  }
  if (!syntax_error_int(exc, "offset", &offset, &none)) {
    clear_error();
    return true;
  }
  if (none) offset = -1;
  if (type_of(exc) == &exc::SyntaxError) {
    if (!syntax_error_int(exc, "end_lineno", &end_lineno, &none)) {
      if (error_matches(&exc::AttributeError)) {
        clear_error();
        none = true;
      } else {
        clear_error();
        return true;
      }
    }
    if (none) end_lineno = lineno;
    if (!syntax_error_int(exc, "end_offset", &end_offset, &none)) {
      if (error_matches(&exc::AttributeError)) {
        clear_error();
        none = true;
      } else {
        clear_error();
        return true;
      }
    }
    if (none) end_offset = -1;
  } else {
    end_lineno = lineno;
    end_offset = -1;
  }
  Ref<> text = get_attr(exc, ID(text));
  if (!text) {
    clear_error();
    return true;
  }
  std::string filename_text;
  if (is_none(filename)) {
    filename_text = "<string>";
  } else {
    Ref<StrObject> s = str(filename);
    if (!s) {
      clear_error();
      return true;
    }
    filename_text = str_utf8(s.get());
  }
  *value = std::move(message);
  write_indented_margin(ctx);
  ctx.out += format_message("  File \"{}\", line {}\n", filename_text, lineno);
  if (!is_none(text)) {
    if (!is_str(text)) {
      // PyUnicode_AsUTF8 fails: CPython stops the display here.
      return true;
    }
    std::string_view line = str_utf8(text);
    int64_t size = int64_t(line.size());
    if (end_lineno > lineno) end_offset = size;
    if (end_offset > size + 1) end_offset = size + 1;
    print_error_text(ctx, offset, end_offset, line);
  }
  return true;
}

// --- The last line: "module.Name: message" ---

void print_exception_message(PrintContext& ctx, TypeObject* type, Value value) {
  write_indented_margin(ctx);
  Ref<> module = get_attr(Value(type), ID(__module__));
  if (!module || !is_str(module)) {
    clear_error();
    ctx.out += "<unknown>.";
  } else if (!str_equal_ascii(as_str(module), "builtins") && !str_equal_ascii(as_str(module), "__main__")) {
    ctx.out += str_utf8(module.value());
    ctx.out += '.';
  }
  if (type->has_flag(kTypeHeap)) {
    Value qualname = Value(type->heap_qualname);
    if (qualname && is_str(qualname)) ctx.out += str_utf8(qualname);
    else ctx.out += "<unknown>";
  } else {
    const char* dot = std::strrchr(type->name, '.');
    ctx.out += dot ? dot + 1 : type->name;
  }
  if (is_none(value)) return;
  Ref<StrObject> text = str(value);
  if (!text) {
    clear_error();
    ctx.out += ": <exception str() failed>";
    return;
  }
  if (text->length != 0) ctx.out += ": ";
  ctx.out += str_utf8(text.get());
}

void print_exception_suggestions(PrintContext& ctx, Value value) {
  Ref<> suggestion = offer_suggestions(value);
  if (suggestion) {
    ctx.out += ". Did you mean: '";
    ctx.out += str_utf8(suggestion.value());
    ctx.out += "'?";
  } else {
    clear_error();
  }
}

// str.splitlines(keepends=True) on UTF-8 text.
std::vector<std::string_view> split_lines_keepends(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0, i = 0;
  while (i < text.size()) {
    uint8_t c = uint8_t(text[i]);
    size_t width = 0;  // of the line break at i, 0 if none
    if (c == '\r') width = i + 1 < text.size() && text[i + 1] == '\n' ? 2 : 1;
    else if (c == '\n' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d || c == 0x1e) width = 1;
    else if (c == 0xc2 && i + 1 < text.size() && uint8_t(text[i + 1]) == 0x85) width = 2;
    else if (c == 0xe2 && i + 2 < text.size() && uint8_t(text[i + 1]) == 0x80 &&
             (uint8_t(text[i + 2]) == 0xa8 || uint8_t(text[i + 2]) == 0xa9)) width = 3;
    if (width) {
      lines.push_back(text.substr(start, i + width - start));
      i += width;
      start = i;
    } else {
      ++i;
    }
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// __notes__, each note's lines under the message.
void print_exception_notes(PrintContext& ctx, Value value) {
  if (!is_exception_instance(value)) return;
  Ref<> notes;
  int found = get_attr_optional(value, ID(__notes__), &notes);
  if (found <= 0) {
    clear_error();
    return;
  }
  if (is_dict(notes) || !type_of(notes)->getitem) {
    write_indented_margin(ctx);
    Ref<StrObject> text = repr(notes);
    if (!text) {
      clear_error();
      ctx.out += "<__notes__ repr() failed>";
    } else {
      ctx.out += str_utf8(text.get());
    }
    return;
  }
  int64_t count = length(notes);
  if (count < 0) {
    clear_error();
    return;
  }
  for (int64_t i = 0; i < count; ++i) {
    Ref<> index = int_from_int64(i);
    Ref<> note = index ? get_item(notes, index) : Ref<>();
    Ref<StrObject> text = note ? str(note) : Ref<StrObject>();
    if (!text) {
      clear_error();
      ctx.out += "<note str() failed>";
    } else {
      for (std::string_view line : split_lines_keepends(str_utf8(text.get()))) {
        write_indented_margin(ctx);
        ctx.out += line;
      }
    }
    ctx.out += '\n';
  }
}

void print_exception_recursive(PrintContext& ctx, Value value);

// One exception: its traceback, then (SyntaxError's location,) "Type: message", a
// suggestion, and its notes.
void print_one_exception(PrintContext& ctx, Value value) {
  if (!is_exception_instance(value)) {
    write_indented_margin(ctx);
    ctx.out += "TypeError: print_exception(): Exception expected for value, ";
    ctx.out += type_of(value)->name;
    ctx.out += " found\n";
    return;
  }
  if (Value tb = exception_traceback(value)) {
    const char* header = "Traceback (most recent call last):\n";
    const char* header_margin = margin_of(ctx);
    if (is_exception_group(value)) {
      header = "Exception Group Traceback (most recent call last):\n";
      if (ctx.group_depth == 1) header_margin = "+ ";
    }
    print_traceback(ctx, tb, indent_of(ctx), margin_of(ctx), header_margin, header);
  }
  TypeObject* type = type_of(value);
  Ref<> shown = new_ref(value);
  print_file_and_line(ctx, &shown);
  print_exception_message(ctx, type, shown);
  print_exception_suggestions(ctx, shown);
  ctx.out += '\n';
  print_exception_notes(ctx, shown);
}

// The box drawing around the members of a group, at most 15 wide and 10 deep.
void print_exception_group(PrintContext& ctx, Value value) {
  if (ctx.group_depth > kMaxGroupDepth) {
    write_indented_margin(ctx);
    ctx.out += format_message("... (max_group_depth is {})\n", kMaxGroupDepth);
    return;
  }
  if (ctx.group_depth == 0) ctx.group_depth += 1;
  print_one_exception(ctx, value);
  Ref<> excs = new_ref(static_cast<BaseExceptionGroupObject*>(value.as_object())->excs);
  TupleObject* members = as_tuple(excs);
  int64_t count = members->length;
  int64_t shown = count <= kMaxGroupWidth ? count : kMaxGroupWidth + 1;
  ctx.need_close = false;
  for (int64_t i = 0; i < shown; ++i) {
    bool last = i == shown - 1;
    if (last) ctx.need_close = true;  // the closing line may be written by a nested group
    write_indent(ctx, indent_of(ctx));
    bool truncated = i >= kMaxGroupWidth;
    if (!truncated) {
      ctx.out += format_message("{}+---------------- {} ----------------\n", i == 0 ? "+-" : "  ", i + 1);
    } else {
      ctx.out += format_message("{}+---------------- ... ----------------\n", i == 0 ? "+-" : "  ");
    }
    ctx.group_depth += 1;
    if (!truncated) {
      print_exception_recursive(ctx, members->items[i]);
    } else {
      int64_t remaining = count - kMaxGroupWidth;
      write_indented_margin(ctx);
      ctx.out += format_message("and {} more exception{}\n", remaining, remaining > 1 ? "s" : "");
    }
    if (last && ctx.need_close) {
      write_indent(ctx, indent_of(ctx));
      ctx.out += "+------------------------------------\n";
      ctx.need_close = false;
    }
    ctx.group_depth -= 1;
  }
  if (ctx.group_depth == 1) ctx.group_depth -= 1;
}

void print_chained(PrintContext& ctx, Value value, const char* message) {
  bool need_close = ctx.need_close;
  print_exception_recursive(ctx, value);
  ctx.need_close = need_close;
  write_indented_margin(ctx);
  ctx.out += '\n';
  write_indented_margin(ctx);
  ctx.out += message;
  write_indented_margin(ctx);
  ctx.out += '\n';
}

// __cause__ (explicit) or else __context__ (implicit, unless suppressed), each printed
// once even if the chain loops.
void print_cause_and_context(PrintContext& ctx, Value value) {
  ctx.seen.insert(value.as_object());
  if (!is_exception_instance(value)) return;
  if (Value cause = exception_cause(value)) {
    if (!ctx.seen.count(cause.as_object())) {
      Ref<> hold = new_ref(cause);
      print_chained(ctx, cause, "The above exception was the direct cause of the following exception:\n");
    }
    return;
  }
  if (as_exception(value)->suppress_context) return;
  if (Value context = exception_context(value)) {
    if (!ctx.seen.count(context.as_object())) {
      Ref<> hold = new_ref(context);
      print_chained(ctx, context, "During handling of the above exception, another exception occurred:\n");
    }
  }
}

void print_exception_recursive(PrintContext& ctx, Value value) {
  if (ctx.nesting >= kMaxChainDepth) return;
  ++ctx.nesting;
  print_cause_and_context(ctx, value);
  if (is_exception_group(value)) print_exception_group(ctx, value);
  else print_one_exception(ctx, value);
  --ctx.nesting;
}

// The full report of `exception` as text.
std::string format_exception_report(Value exception) {
  PrintContext ctx;
  Ref<> saved = fetch_error();  // printing runs Python code (str, __notes__, ...)
  print_exception_recursive(ctx, exception);
  clear_error();
  restore_error(std::move(saved));
  return std::move(ctx.out);
}

// --- sys.unraisablehook ---

const StructSeqField unraisable_hook_args_fields[] = {
    {"exc_type", "Exception type"},
    {"exc_value", "Exception value"},
    {"exc_traceback", "Exception traceback"},
    {"err_msg", "Error message"},
    {"object", "Object causing the exception"},
    {},
};

// The default hook's output (CPython's write_unraisable_exc_file).
std::string format_unraisable(Value exc_type, Value exc_value, Value exc_traceback, Value err_msg,
                              Value object) {
  PrintContext ctx;
  auto text_of = [](Value v, bool use_repr, const char* failed) {
    Ref<StrObject> s = use_repr ? repr(v) : str(v);
    if (!s) {
      clear_error();
      return std::string(failed);
    }
    return std::string(str_utf8(s.get()));
  };
  bool has_message = err_msg && !is_none(err_msg);
  if (object && !is_none(object)) {
    if (has_message) ctx.out += text_of(err_msg, false, "") + ": ";
    else ctx.out += "Exception ignored in: ";
    ctx.out += text_of(object, true, "<object repr() failed>");
    ctx.out += '\n';
  } else if (has_message) {
    ctx.out += text_of(err_msg, false, "") + ":\n";
  }
  if (exc_traceback && is_traceback(exc_traceback)) {
    print_traceback(ctx, exc_traceback, 0, nullptr, nullptr, "Traceback (most recent call last):\n");
  }
  if (!exc_type || is_none(exc_type)) return ctx.out;
  Ref<> module = get_attr(exc_type, ID(__module__));
  if (!module || !is_str(module)) {
    clear_error();
    ctx.out += "<unknown>";
  } else if (!str_equal_ascii(as_str(module), "builtins") && !str_equal_ascii(as_str(module), "__main__")) {
    ctx.out += str_utf8(module.value());
    ctx.out += '.';
  }
  Ref<> qualname = get_attr(exc_type, ID(__qualname__));
  if (!qualname || !is_str(qualname)) {
    clear_error();
    ctx.out += "<unknown>";
  } else {
    ctx.out += str_utf8(qualname.value());
  }
  if (exc_value && !is_none(exc_value)) {
    ctx.out += ": ";
    ctx.out += text_of(exc_value, false, "<exception str() failed>");
  }
  ctx.out += '\n';
  return ctx.out;
}

}  // namespace

StructSeqType unraisable_hook_args_type{"UnraisableHookArgs",
                                        "UnraisableHookArgs\n\nType used to pass arguments to "
                                        "sys.unraisablehook.",
                                        unraisable_hook_args_fields, 5};

// --- Public API (runtime/errors.h) ---

bool print_exception(Value exception, Value file) {
  bool silent = false;
  if (!file) file = report_file(&silent);
  if (silent) return true;
  Ref<> hold_file = file ? new_ref(file) : Ref<>();
  Ref<> hold = new_ref(exception);
  // Put the traceback on the exception, then print.
  std::string text = format_exception_report(exception);
  Ref<> saved = fetch_error();
  write_to(file, text);
  restore_error(std::move(saved));
  return true;
}


void print_uncaught_exception() {
  Ref<> exception = fetch_error();
  if (!exception) return;
  Value sys = the_runtime && the_runtime->sys_dict ? Value(the_runtime->sys_dict) : Value();
  if (!sys) {
    print_exception(exception);
    return;
  }
  // sys.last_type, sys.last_value and sys.last_traceback, for pdb.pm() and friends.
  Value tb = exception_traceback(exception);
  DictObject* sys_dict = as_dict(sys);
  if (!dict_set_str(sys_dict, "last_type", Value(type_of(exception))) ||
      !dict_set_str(sys_dict, "last_value", exception) ||
      !dict_set_str(sys_dict, "last_traceback", tb ? tb : None())) {
    clear_error();
  }
  Value hook = sys_attribute(ID(excepthook));
  Value default_hook = sys_attribute(str_intern_utf8("__excepthook__"));
  if (!hook) {
    bool silent = false;
    Value file = report_file(&silent);
    if (!silent) write_to(file, "sys.excepthook is missing\n");
    print_exception(exception);
    return;
  }
  if (hook == default_hook && default_hook) {
    print_exception(exception);
    return;
  }
  Ref<> hold_hook = new_ref(hook);
  Ref<> result = call3(hook, Value(type_of(exception)), exception, tb ? tb : None());
  if (result) return;
  Ref<> hook_error = fetch_error();
  bool silent = false;
  Value file = report_file(&silent);
  if (silent) return;
  write_to(file, "Error in sys.excepthook:\n");
  if (hook_error) print_exception(hook_error);
  write_to(file, "\nOriginal exception was:\n");
  print_exception(exception);
}

bool print_unraisable(Value unraisable) {
  if (!is_instance_of(unraisable, &unraisable_hook_args_type)) {
    return type_error("sys.unraisablehook argument type must be UnraisableHookArgs");
  }
  TupleObject* args = as_tuple(unraisable);
  Value fields[5];
  for (int i = 0; i < 5; ++i) fields[i] = structseq_get(args, i);
  bool silent = false;
  Value file = report_file(&silent);
  if (silent) return true;
  std::string text = format_unraisable(fields[0], fields[1], fields[2], fields[3], fields[4]);
  write_to(file, text);
  return true;
}

void write_unraisable_exception(const char* message, Value object) {
  Ref<> exception = fetch_error();
  if (!exception) return;
  // Without a traceback, report where we are now.
  ThreadState* thread = current_thread();
  if (is_exception_instance(exception) && !exception_traceback(exception) && thread->frame) {
    if (FrameObject* frame_object = frame_object_of(thread->frame)) {
      traceback_add(exception, frame_object, int32_t(thread->frame->lasti()));
    }
    clear_error();
  }
  // CPython passes no message for the plain "Exception ignored in: <obj>" report.
  bool plain = !message || std::strcmp(message, "Exception ignored in") == 0;
  Value tb = is_exception_instance(exception) ? exception_traceback(exception) : Value();
  Ref<> err_msg = plain ? new_none() : Ref<>(str_from_utf8(message));
  Ref<> exc_type = new_ref(Value(type_of(exception)));
  Ref<> hold_object = new_ref(object ? object : None());
  Ref<> hook_args;
  if (err_msg && structseq_ready(&unraisable_hook_args_type)) {
    Ref<TupleObject> args = structseq_new(&unraisable_hook_args_type);
    if (args) {
      structseq_set(args.get(), 0, new_ref(exc_type.value()));
      structseq_set(args.get(), 1, new_ref(exception.value()));
      structseq_set(args.get(), 2, new_ref(tb ? tb : None()));
      structseq_set(args.get(), 3, new_ref(err_msg.value()));
      structseq_set(args.get(), 4, new_ref(hold_object.value()));
      hook_args = std::move(args);
    }
  }
  Value hook = sys_attribute(str_intern_utf8("unraisablehook"));
  Value default_hook = sys_attribute(str_intern_utf8("__unraisablehook__"));
  if (hook_args && hook && !is_none(hook) && hook != default_hook) {
    Ref<> hold_hook = new_ref(hook);
    Ref<> result = call1(hook, hook_args);
    if (result) return;
    // The hook failed: report its error with the default hook instead.
    Ref<> hook_error = fetch_error();
    bool silent = false;
    Value file = report_file(&silent);
    if (!silent && hook_error) {
      Value hook_tb = is_exception_instance(hook_error) ? exception_traceback(hook_error) : Value();
      Ref<StrObject> what = str_from_ascii("Exception ignored in sys.unraisablehook");
      write_to(file, format_unraisable(Value(type_of(hook_error)), hook_error, hook_tb,
                                       what ? what.value() : Value(), hook));
    }
    return;
  }
  clear_error();
  bool silent = false;
  Value file = report_file(&silent);
  if (silent) return;
  std::string text = format_unraisable(exc_type, exception, tb, err_msg ? err_msg.value() : Value(),
                                       hold_object);
  write_to(file, text);
}

int handle_system_exit(Value exception) {
  Ref<> code = new_ref(exception);
  if (is_exception_instance(exception)) {
    Ref<> attribute = get_attr(exception, ID(code));
    if (attribute) {
      code = std::move(attribute);
      if (is_none(code)) return 0;
    } else {
      clear_error();
    }
  }
  if (is_int(code)) {
    int64_t status = 0;
    if (!int_to_int64(code, &status)) status = -1;
    return int(status);
  }
  // Anything else is printed to stderr and exits with status 1.
  bool silent = false;
  Value file = report_file(&silent);
  Ref<StrObject> text = str(code);
  std::string message = text ? std::string(str_utf8(text.get())) : std::string();
  clear_error();
  if (!silent) write_to(file, message + "\n");
  return 1;
}

Ref<> take_stop_iteration_value() {
  Ref<> exception = fetch_error();
  if (exception && is_instance_of(exception, &exc::StopIteration)) {
    Value value = static_cast<StopIterationObject*>(exception.get())->value;
    return new_ref(value ? value : None());
  }
  return new_none();
}

Raised chain_error_as_context(TypeObject& type, std::string_view message) {
  Ref<> previous = fetch_error();
  raise_message(&type, message);
  Value raised = current_thread()->current_exception.value();
  if (previous && raised && is_exception_instance(raised) && is_exception_instance(previous)) {
    exception_set_context(raised, previous);
  }
  return Raised();
}

namespace {

bool is_importlib_file(std::string_view filename) {
  for (std::string_view name : {"_bootstrap", "_bootstrap_external"}) {
    std::string frozen = "<frozen importlib." + std::string(name) + ">";
    std::string path = "/importlib/" + std::string(name) + ".py";
    if (filename == frozen) return true;
    if (filename.size() >= path.size() && filename.substr(filename.size() - path.size()) == path) return true;
  }
  return false;
}

}  // namespace

void remove_importlib_frames() {
  Ref<> exception = fetch_error();
  if (!exception || !is_exception_instance(exception) ||
      (the_runtime && the_runtime->config.verbose)) {
    restore_error(std::move(exception));
    return;
  }
  bool always_trim = is_instance_of(exception, &exc::ImportError);
  std::vector<Ref<>> chain;
  for (Value tb = exception_traceback(exception); tb; tb = Value(as_traceback(tb)->next)) {
    chain.push_back(new_ref(tb));
  }
  // A removal drops the whole run of importlib entries it ends (CPython relinks the entry
  // in front of the run past it).
  std::vector<bool> keep(chain.size(), true);
  size_t run_start = 0;
  bool in_importlib = false;
  for (size_t i = 0; i < chain.size(); ++i) {
    TracebackObject* entry = as_traceback(chain[i]);
    auto* frame_object = static_cast<FrameObject*>(entry->frame);
    CodeObject* code = frame_object && frame_object->frame ? frame_object->frame->code : nullptr;
    bool now_in_importlib = code && is_importlib_file(str_utf8(Value(code->filename)));
    if (now_in_importlib && !in_importlib) run_start = i;
    in_importlib = now_in_importlib;
    if (in_importlib &&
        (always_trim || str_equal_ascii(as_str(Value(code->name)), "_call_with_frames_removed"))) {
      for (size_t j = run_start; j <= i; ++j) keep[j] = false;
      run_start = i + 1;
    }
  }
  // Relink the kept entries.
  Object* following = nullptr;
  for (size_t i = chain.size(); i-- > 0;) {
    if (!keep[i]) continue;
    TracebackObject* entry = as_traceback(chain[i]);
    if (entry->next != following) {
      Object* old = entry->next;
      if (following) incref(following);
      entry->next = following;
      if (old) decref(old);
    }
    following = entry;
  }
  exception_set_traceback(exception, following ? Value(following) : Value());
  restore_error(std::move(exception));
}

}  // namespace krait
