// The _json module ("json speedups"): scanstring, the string escapers encode_basestring
// and encode_basestring_ascii, and the module definition binding the Scanner
// (make_scanner) and Encoder (make_encoder) types. Messages and error positions are
// those of CPython's C accelerator, which json.decoder turns into JSONDecodeError.
#include "core/error.h"
#include "core/ops.h"
#include "modules/json/json_internal.h"
#include "modules/module_def.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"

namespace krait {

Raised json_decode_error(const char* message, Value document, int64_t pos) {
  Ref<> decoder = import_module_named("json.decoder");
  if (!decoder) return Raised();
  Ref<> error_type = get_attr(decoder, "JSONDecodeError");
  if (!error_type) return Raised();
  Ref<StrObject> text = str_from_ascii(message);
  Ref<> position = int_from_int64(pos);
  if (!text || !position) return Raised();
  Ref<> error = call3(error_type, text, document, position);
  if (!error) return Raised();
  return raise_exception(error);
}

namespace {

int hex_value(char32_t c) {
  if (c >= '0' && c <= '9') return int(c - '0');
  if (c >= 'a' && c <= 'f') return int(c - 'a' + 10);
  if (c >= 'A' && c <= 'F') return int(c - 'A' + 10);
  return -1;
}

template <class Unit>
Ref<StrObject> scan_string_units(StrObject* document, const Unit* text, int64_t length, int64_t end,
                                 bool strict, int64_t* next_out) {
  int64_t begin = end - 1;
  TextWriter out;
  bool escaped = false;  // has anything been decoded into `out`?
  while (true) {
    int64_t next = end;
    char32_t run_max = 0;
    char32_t c = 0;
    for (; next < length; ++next) {
      c = text[next];
      if (c == '"' || c == '\\') break;
      if (c <= 0x1f && strict)
        return json_decode_error("Invalid control character at", document, next);
      if (c > run_max) run_max = c;
    }
    if (next >= length)
      return json_decode_error("Unterminated string starting at", document, begin);
    if (c == '"' && !escaped) {
      *next_out = next + 1;
      return str_substring(document, end, next);
    }
    if (next > end) out.append_units(text + end, next - end, run_max);
    escaped = true;
    ++next;
    if (c == '"') {
      *next_out = next;
      return out.finish();
    }
    if (next == length)
      return json_decode_error("Unterminated string starting at", document, begin);
    c = text[next];
    if (c != 'u') {
      end = next + 1;
      switch (c) {
        case '"':
        case '\\':
        case '/':
          break;
        case 'b':
          c = '\b';
          break;
        case 'f':
          c = '\f';
          break;
        case 'n':
          c = '\n';
          break;
        case 'r':
          c = '\r';
          break;
        case 't':
          c = '\t';
          break;
        default:
          return json_decode_error("Invalid \\escape", document, end - 2);
      }
      out.append(c);
      continue;
    }
    ++next;
    end = next + 4;
    if (end >= length) return json_decode_error("Invalid \\uXXXX escape", document, next - 1);
    c = 0;
    for (; next < end; ++next) {
      int digit = hex_value(text[next]);
      if (digit < 0) return json_decode_error("Invalid \\uXXXX escape", document, end - 5);
      c = c << 4 | char32_t(digit);
    }
    // A high surrogate followed by an escaped low one is one character.
    if (c >= 0xD800 && c <= 0xDBFF && end + 6 < length && text[end] == '\\' &&
        text[end + 1] == 'u') {
      char32_t low = 0;
      for (int64_t i = end + 2; i < end + 6; ++i) {
        int digit = hex_value(text[i]);
        if (digit < 0) return json_decode_error("Invalid \\uXXXX escape", document, end + 1);
        low = low << 4 | char32_t(digit);
      }
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        end += 6;
      }
    }
    out.append(c);
  }
}

}  // namespace

Ref<StrObject> json_scan_string(StrObject* document, int64_t end, bool strict, int64_t* next) {
  if (end < 0 || end > document->length) return value_error("end is out of bounds");
  switch (document->kind) {
    case 1:
      return scan_string_units(document, document->data1(), document->length, end, strict, next);
    case 2:
      return scan_string_units(document, document->data2(), document->length, end, strict, next);
    default:
      return scan_string_units(document, document->data4(), document->length, end, strict, next);
  }
}

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_u_escape(char32_t c, TextWriter& out) {
  char buffer[6] = {'\\',
                    'u',
                    kHexDigits[(c >> 12) & 15],
                    kHexDigits[(c >> 8) & 15],
                    kHexDigits[(c >> 4) & 15],
                    kHexDigits[c & 15]};
  out.append_ascii(std::string_view(buffer, 6));
}

// Appends the escape for c, which needs one.
void append_escape(char32_t c, TextWriter& out) {
  switch (c) {
    case '"':
      out.append_ascii("\\\"");
      return;
    case '\\':
      out.append_ascii("\\\\");
      return;
    case '\b':
      out.append_ascii("\\b");
      return;
    case '\f':
      out.append_ascii("\\f");
      return;
    case '\n':
      out.append_ascii("\\n");
      return;
    case '\r':
      out.append_ascii("\\r");
      return;
    case '\t':
      out.append_ascii("\\t");
      return;
    default:
      break;
  }
  if (c >= 0x10000) {
    char32_t v = c - 0x10000;
    append_u_escape(0xD800 | (v >> 10), out);
    append_u_escape(0xDC00 | (v & 0x3FF), out);
    return;
  }
  append_u_escape(c, out);
}

template <class Unit>
void escape_units(const Unit* text, int64_t length, bool ascii_only, TextWriter& out) {
  out.append_ascii('"');
  int64_t run_start = 0;
  char32_t run_max = 0;
  char32_t limit = ascii_only ? 0x7F : 0x110000;  // first character escaped for its value
  for (int64_t i = 0; i < length; ++i) {
    char32_t c = text[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < limit) {
      if (c > run_max) run_max = c;
      continue;
    }
    if (i > run_start) out.append_units(text + run_start, i - run_start, run_max);
    append_escape(c, out);
    run_start = i + 1;
    run_max = 0;
  }
  if (length > run_start) out.append_units(text + run_start, length - run_start, run_max);
  out.append_ascii('"');
}

}  // namespace

void json_escape_string(StrObject* s, bool ascii_only, TextWriter& out) {
  switch (s->kind) {
    case 1:
      escape_units(s->data1(), s->length, ascii_only, out);
      break;
    case 2:
      escape_units(s->data2(), s->length, ascii_only, out);
      break;
    default:
      escape_units(s->data4(), s->length, ascii_only, out);
      break;
  }
}

namespace {

Ref<> escape_argument(Value v, bool ascii_only) {
  if (!is_str(v)) return type_error("first argument must be a string, not {}", type_name(v));
  TextWriter out;
  json_escape_string(as_str(v), ascii_only, out);
  return out.finish();
}

}  // namespace

Ref<> json_encode_basestring(Value, const Value* args) { return escape_argument(args[0], false); }
Ref<> json_encode_basestring_ascii(Value, const Value* args) {
  return escape_argument(args[0], true);
}

namespace {

Ref<> json_scanstring(Value, const Value* args) {
  int64_t end;
  if (!index_to_int64(args[1], &end)) return nullptr;
  int strict = is_true(args[2]);
  if (strict < 0) return nullptr;
  if (!is_str(args[0]))
    return type_error("first argument must be a string, not {}", type_name(args[0]));
  int64_t next = 0;
  Ref<StrObject> text = json_scan_string(as_str(args[0]), end, strict != 0, &next);
  if (!text) return nullptr;
  Ref<> position = int_from_int64(next);
  if (!position) return nullptr;
  return tuple_steal({text.release(), position.release()});
}

const MethodDef json_module_methods[] = {
    {.name = "encode_basestring_ascii",
     .impl = json_encode_basestring_ascii,
     .signature = "($module, string, /)",
     .doc = "encode_basestring_ascii(string) -> string\n\nReturn an ASCII-only JSON representation "
            "of a Python string"},
    {.name = "encode_basestring",
     .impl = json_encode_basestring,
     .signature = "($module, string, /)",
     .doc =
         "encode_basestring(string) -> string\n\nReturn a JSON representation of a Python string"},
    {.name = "scanstring",
     .impl = json_scanstring,
     .signature = "($module, string, end, strict=True, /)",
     .doc = "scanstring(string, end, strict=True) -> (string, end)\n\n"
            "Scan the string s for a JSON string. End is the index of the\n"
            "character in s after the quote that started the JSON string.\n"
            "Unescapes all valid JSON string escape sequences and raises ValueError\n"
            "on attempt to decode an invalid string. If strict is False then literal\n"
            "control characters are allowed in the string.\n\n"
            "Returns a tuple of the decoded string and the index of the character in s\n"
            "after the end quote.", .flags = kMethodVarargs},
    {},
};

bool json_exec(ModuleObject* module) {
  return type_ready(&json_scanner_type) && type_ready(&json_encoder_type) &&
         module_add_object(module, "make_scanner", Value(&json_scanner_type)) &&
         module_add_object(module, "make_encoder", Value(&json_encoder_type));
}

}  // namespace

extern const ModuleDef module__json = {
    .name = "_json",
    .doc = "json speedups\n",
    .methods = json_module_methods,
    .exec = json_exec,
};

}  // namespace krait
