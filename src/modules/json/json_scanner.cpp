// _json.Scanner (json.scanner.c_make_scanner): scan_once(string, idx) reads one JSON
// value starting at idx and returns (value, end). Built from a JSONDecoder's strict,
// object_hook, object_pairs_hook, parse_float, parse_int and parse_constant; keys are
// shared through a memo for the duration of one call. A missing value raises
// StopIteration(idx), which json.decoder reports as "Expecting value".
#include <cstddef>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/json/json_internal.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "runtime/gc.h"
#include "runtime/recursion_guard.h"
#include "text/float_text.h"

namespace krait {

namespace {

struct ScannerObject : Object {
  bool strict;
  Value object_hook;  // all owned
  Value object_pairs_hook;
  Value parse_float;
  Value parse_int;
  Value parse_constant;
};

bool is_json_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

template <class Unit>
class Parser {
 public:
  Parser(ScannerObject* scanner, StrObject* document, const Unit* text, DictObject* memo)
      : s_(scanner), document_(document), text_(text), length_(document->length), memo_(memo) {}

  Ref<> scan_once(int64_t idx, int64_t* next) {
    if (idx < 0) return value_error("idx cannot be negative");
    if (idx >= length_) return stop_at(idx);
    switch (text_[idx]) {
      case '"':
        return json_scan_string(document_, idx + 1, s_->strict, next);
      case '{': {
        RecursionGuard guard(" while decoding a JSON object from a unicode string");
        if (guard.failed()) return nullptr;
        return parse_object(idx + 1, next);
      }
      case '[': {
        RecursionGuard guard(" while decoding a JSON array from a unicode string");
        if (guard.failed()) return nullptr;
        return parse_array(idx + 1, next);
      }
      case 'n':
        if (matches(idx, "null")) {
          *next = idx + 4;
          return new_none();
        }
        break;
      case 't':
        if (matches(idx, "true")) {
          *next = idx + 4;
          return new_bool(true);
        }
        break;
      case 'f':
        if (matches(idx, "false")) {
          *next = idx + 5;
          return new_bool(false);
        }
        break;
      case 'N':
        if (matches(idx, "NaN")) return parse_constant("NaN", idx, next);
        break;
      case 'I':
        if (matches(idx, "Infinity")) return parse_constant("Infinity", idx, next);
        break;
      case '-':
        if (matches(idx, "-Infinity")) return parse_constant("-Infinity", idx, next);
        break;
      default:
        break;
    }
    return match_number(idx, next);
  }

 private:
  static Raised stop_at(int64_t idx) {
    Ref<> position = int_from_int64(idx);
    if (!position) return Raised();
    return raise_stop_iteration(position);
  }

  bool matches(int64_t idx, std::string_view word) const {
    if (idx + int64_t(word.size()) > length_) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      if (text_[idx + int64_t(i)] != Unit(word[i])) return false;
    }
    return true;
  }

  void skip_space(int64_t* idx) const {
    while (*idx < length_ && is_json_space(text_[*idx])) ++*idx;
  }

  Ref<> parse_constant(const char* word, int64_t idx, int64_t* next) {
    Ref<StrObject> name = str_from_ascii(word);
    if (!name) return nullptr;
    Ref<> value = call1(s_->parse_constant, name);
    if (!value) return nullptr;
    *next = idx + int64_t(std::string_view(word).size());
    return value;
  }

  bool is_digit(int64_t idx) const { return text_[idx] >= '0' && text_[idx] <= '9'; }

  Ref<> match_number(int64_t start, int64_t* next) {
    int64_t idx = start;
    int64_t last = length_ - 1;
    if (text_[idx] == '-') {
      ++idx;
      if (idx > last) return stop_at(start);
    }
    if (text_[idx] >= '1' && text_[idx] <= '9') {
      ++idx;
      while (idx <= last && is_digit(idx)) ++idx;
    } else if (text_[idx] == '0') {
      ++idx;
    } else {
      return stop_at(start);
    }
    bool is_float = false;
    if (idx < last && text_[idx] == '.' && is_digit(idx + 1)) {
      is_float = true;
      idx += 2;
      while (idx <= last && is_digit(idx)) ++idx;
    }
    if (idx < last && (text_[idx] == 'e' || text_[idx] == 'E')) {
      int64_t exponent_start = idx;
      ++idx;
      if (idx < last && (text_[idx] == '-' || text_[idx] == '+')) ++idx;
      while (idx <= last && is_digit(idx)) ++idx;
      if (is_digit(idx - 1))
        is_float = true;
      else
        idx = exponent_start;
    }
    *next = idx;
    Value custom = is_float ? (s_->parse_float == Value(&float_type) ? Value() : s_->parse_float)
                            : (s_->parse_int == Value(&int_type) ? Value() : s_->parse_int);
    if (custom) {
      Ref<StrObject> number = str_substring(document_, start, idx);
      if (!number) return nullptr;
      return call1(custom, number);
    }
    // Every character of the number is ASCII.
    char buffer[64];
    std::string long_text;
    int64_t n = idx - start;
    char* digits = buffer;
    if (n >= int64_t(sizeof(buffer))) {
      long_text.resize(size_t(n));
      digits = long_text.data();
    }
    for (int64_t i = 0; i < n; ++i) digits[i] = char(text_[start + i]);
    std::string_view view(digits, size_t(n));
    if (is_float) {
      double value;
      if (!text::parse_float(view, &value))
        return value_error("could not convert string to float: '{}'", view);
      return float_from_double(value);
    }
    if (n <= 18) {
      int64_t value = 0;
      size_t i = view[0] == '-' ? 1 : 0;
      for (; i < view.size(); ++i) value = value * 10 + (view[i] - '0');
      return int_from_small(view[0] == '-' ? -value : value);
    }
    return int_from_string(view, 10);
  }

  Ref<> parse_object(int64_t idx, int64_t* next) {
    bool pairs = s_->object_pairs_hook != None();
    Ref<> result = pairs ? Ref<>(list_new()) : Ref<>(dict_new());
    if (!result) return nullptr;
    skip_space(&idx);
    if (idx >= length_ || text_[idx] != '}') {
      while (true) {
        if (idx >= length_ || text_[idx] != '"') {
          return json_decode_error("Expecting property name enclosed in double quotes", document_,
                                   idx);
        }
        int64_t after = 0;
        Ref<StrObject> key = json_scan_string(document_, idx + 1, s_->strict, &after);
        if (!key) return nullptr;
        Value known = dict_get(memo_, key);
        if (known) {
          key = new_ref(as_str(known));
        } else if (error_occurred() || !dict_set(memo_, key, key)) {
          return nullptr;
        }
        idx = after;
        skip_space(&idx);
        if (idx >= length_ || text_[idx] != ':')
          return json_decode_error("Expecting ':' delimiter", document_, idx);
        ++idx;
        skip_space(&idx);
        Ref<> value = scan_once(idx, &after);
        if (!value) return nullptr;
        if (pairs) {
          Ref<> item = tuple_steal({key.release(), value.release()});
          if (!item || !list_append_steal(as_list(result), std::move(item))) return nullptr;
        } else if (!dict_set(as_dict(result), key, value)) {
          return nullptr;
        }
        idx = after;
        skip_space(&idx);
        if (idx < length_ && text_[idx] == '}') break;
        if (idx >= length_ || text_[idx] != ',')
          return json_decode_error("Expecting ',' delimiter", document_, idx);
        ++idx;
        skip_space(&idx);
      }
    }
    *next = idx + 1;
    if (pairs) return call1(s_->object_pairs_hook, result);
    if (s_->object_hook != None()) return call1(s_->object_hook, result);
    return result;
  }

  Ref<> parse_array(int64_t idx, int64_t* next) {
    Ref<ListObject> result = list_new();
    if (!result) return nullptr;
    skip_space(&idx);
    if (idx >= length_ || text_[idx] != ']') {
      while (true) {
        int64_t after = 0;
        Ref<> value = scan_once(idx, &after);
        if (!value || !list_append_steal(result.get(), std::move(value))) return nullptr;
        idx = after;
        skip_space(&idx);
        if (idx < length_ && text_[idx] == ']') break;
        if (idx >= length_ || text_[idx] != ',')
          return json_decode_error("Expecting ',' delimiter", document_, idx);
        ++idx;
        skip_space(&idx);
      }
    }
    *next = idx + 1;
    return result;
  }

  ScannerObject* s_;
  StrObject* document_;
  const Unit* text_;
  int64_t length_;
  DictObject* memo_;
};

ScannerObject* as_scanner(Value v) { return static_cast<ScannerObject*>(v.as_object()); }

Ref<> scanner_scan(ScannerObject* s, StrObject* document, int64_t idx) {
  Ref<DictObject> memo = dict_new();
  if (!memo) return nullptr;
  Ref<> value;
  int64_t next = 0;
  switch (document->kind) {
    case 1:
      value = Parser<uint8_t>(s, document, document->data1(), memo.get()).scan_once(idx, &next);
      break;
    case 2:
      value = Parser<uint16_t>(s, document, document->data2(), memo.get()).scan_once(idx, &next);
      break;
    default:
      value = Parser<uint32_t>(s, document, document->data4(), memo.get()).scan_once(idx, &next);
      break;
  }
  if (!value) return nullptr;
  Ref<> end = int_from_int64(next);
  if (!end) return nullptr;
  return tuple_steal({value.release(), end.release()});
}

Ref<> scanner_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "scan_once", .signature = "($self, string, idx)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value document = bound.values()[0];
  int64_t idx;
  if (!index_to_int64(bound.values()[1], &idx)) return nullptr;
  if (!is_str(document))
    return type_error("first argument must be a string, not {}", type_name(document));
  return scanner_scan(as_scanner(self), as_str(document), idx);
}

Ref<> scanner_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "make_scanner", .signature = "($type, context)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Value context = bound.values()[0];
  auto* s = allocate<ScannerObject>(type);
  if (!s) return nullptr;
  Ref<> result = Ref<>::steal(Value(s));
  Ref<> strict = get_attr(context, "strict");
  if (!strict) return nullptr;
  int truth = is_true(strict);
  if (truth < 0) return nullptr;
  s->strict = truth != 0;
  struct Field {
    const char* name;
    Value ScannerObject::*slot;
  };
  static constexpr Field fields[] = {{"object_hook", &ScannerObject::object_hook},
                                     {"object_pairs_hook", &ScannerObject::object_pairs_hook},
                                     {"parse_float", &ScannerObject::parse_float},
                                     {"parse_int", &ScannerObject::parse_int},
                                     {"parse_constant", &ScannerObject::parse_constant}};
  for (const Field& field : fields) {
    Ref<> value = get_attr(context, field.name);
    if (!value) return nullptr;
    s->*field.slot = value.release();
  }
  gc_track(s);
  return result;
}

void scanner_traverse(Object* o, VisitFn visit, void* arg) {
  auto* s = static_cast<ScannerObject*>(o);
  for (Value v :
       {s->object_hook, s->object_pairs_hook, s->parse_float, s->parse_int, s->parse_constant}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

void scanner_clear(Object* o) {
  auto* s = static_cast<ScannerObject*>(o);
  for (Value* slot : {&s->object_hook, &s->object_pairs_hook, &s->parse_float, &s->parse_int,
                      &s->parse_constant}) {
    Value old = *slot;
    *slot = Value();
    decref(old);
  }
}

void scanner_dealloc(Object* o) {
  gc_untrack(o);
  scanner_clear(o);
  free_object(o);
}

const MemberDef scanner_members[] = {
    {.name = "strict",
     .kind = MemberKind::Bool,
     .offset = offsetof(ScannerObject, strict),
     .readonly = true,
     .doc = "strict"},
    {.name = "object_hook",
     .kind = MemberKind::Object,
     .offset = offsetof(ScannerObject, object_hook),
     .readonly = true,
     .doc = "object_hook"},
    {.name = "object_pairs_hook",
     .kind = MemberKind::Object,
     .offset = offsetof(ScannerObject, object_pairs_hook),
     .readonly = true},
    {.name = "parse_float",
     .kind = MemberKind::Object,
     .offset = offsetof(ScannerObject, parse_float),
     .readonly = true,
     .doc = "parse_float"},
    {.name = "parse_int",
     .kind = MemberKind::Object,
     .offset = offsetof(ScannerObject, parse_int),
     .readonly = true,
     .doc = "parse_int"},
    {.name = "parse_constant",
     .kind = MemberKind::Object,
     .offset = offsetof(ScannerObject, parse_constant),
     .readonly = true,
     .doc = "parse_constant"},
    {},
};

}  // namespace

TypeObject json_scanner_type{TypeSpec{
    .name = "_json.Scanner",
    .doc = "JSON scanner object",
    .basic_size = sizeof(ScannerObject),
    .flags = kTypeHaveGC | kTypeBaseType,
    .slots = {.dealloc = scanner_dealloc,
              .traverse = scanner_traverse,
              .clear = scanner_clear,
              .new_instance = scanner_new,
              .getattr = generic_get_attr,
              .call = scanner_call},
    .members = scanner_members,
}};

}  // namespace krait
