// _json.Encoder (json.encoder.c_make_encoder): encoder(obj, indent_level) writes the JSON
// text of obj into one buffer and returns it as a 1-item list, as CPython 3.11's
// accelerator does. It honours markers (circular reference detection), default, the string encoder
// (the module's own escapers run without a call), separators, sort_keys, skipkeys and
// allow_nan; like CPython's, it leaves indentation to the pure-Python encoder.
#include <cmath>
#include <cstddef>
#include <vector>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/json/json_internal.h"
#include "objects/descriptors.h"
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

enum class FastEncode : uint8_t { kNone, kAscii, kUnicode };

struct EncoderObject : Object {
  Value markers;  // all owned: a dict or None
  Value default_function;
  Value encoder;
  Value indent;
  Value key_separator;   // str
  Value item_separator;  // str
  bool sort_keys;
  bool skipkeys;
  bool allow_nan;
  FastEncode fast_encode;
};

EncoderObject* as_encoder(Value v) { return static_cast<EncoderObject*>(v.as_object()); }

constexpr const char* kRecursionWhere = " while encoding a JSON object";

class Encoding {
 public:
  explicit Encoding(EncoderObject* e) : e_(e) {}
  TextWriter& out() { return out_; }

  bool encode(Value obj) {
    if (obj == None()) {
      out_.append_ascii("null");
      return true;
    }
    if (obj == True()) {
      out_.append_ascii("true");
      return true;
    }
    if (obj == False()) {
      out_.append_ascii("false");
      return true;
    }
    if (is_str(obj)) return encode_string(obj);
    if (is_int(obj)) return encode_int(obj);
    if (is_float(obj)) return encode_float(float_value(obj));
    if (is_list(obj) || is_tuple(obj)) {
      RecursionGuard guard(kRecursionWhere);
      return !guard.failed() && encode_list(obj);
    }
    if (is_dict(obj)) {
      RecursionGuard guard(kRecursionWhere);
      return !guard.failed() && encode_dict(obj);
    }
    Ref<> marker;
    if (!enter_marker(obj, &marker)) return false;
    Ref<> replacement = call1(e_->default_function, obj);
    if (!replacement) return false;
    {
      RecursionGuard guard(kRecursionWhere);
      if (guard.failed() || !encode(replacement)) return false;
    }
    return leave_marker(marker);
  }

 private:
  bool encode_int(Value v) {
    if (v.is_small_int()) {
      char buffer[24];
      char* end = buffer + sizeof(buffer);
      char* p = end;
      int64_t n = v.as_small_int();
      uint64_t magnitude = n < 0 ? uint64_t(0) - uint64_t(n) : uint64_t(n);
      do {
        *--p = char('0' + magnitude % 10);
        magnitude /= 10;
      } while (magnitude);
      if (n < 0) *--p = '-';
      out_.append_ascii(std::string_view(p, size_t(end - p)));
      return true;
    }
    Ref<> text = int_repr(v);
    if (!text) return false;
    out_.append(as_str(text));
    return true;
  }

  bool encode_float(double x) {
    if (!std::isfinite(x)) {
      if (!e_->allow_nan) return value_error("Out of range float values are not JSON compliant");
      out_.append_ascii(x > 0 ? "Infinity" : x < 0 ? "-Infinity" : "NaN");
      return true;
    }
    scratch_.clear();
    text::append_float_repr(x, &scratch_);
    out_.append_ascii(scratch_);
    return true;
  }

  bool encode_string(Value s) {
    switch (e_->fast_encode) {
      case FastEncode::kAscii:
        json_escape_string(as_str(s), true, out_);
        return true;
      case FastEncode::kUnicode:
        json_escape_string(as_str(s), false, out_);
        return true;
      case FastEncode::kNone:
        break;
    }
    Ref<> encoded = call1(e_->encoder, s);
    if (!encoded) return false;
    if (!is_str(encoded))
      return type_error("encoder() must return a string, not {}", type_name(encoded));
    out_.append(as_str(encoded));
    return true;
  }

  // Records obj in markers (when checking for cycles); *marker is the key to remove.
  bool enter_marker(Value obj, Ref<>* marker) {
    if (e_->markers == None()) return true;
    Ref<> ident = int_from_uint64(uint64_t(obj.bits()));
    if (!ident) return false;
    auto* markers = as_dict(e_->markers);
    int found = dict_contains(markers, ident);
    if (found) {
      if (found > 0) value_error("Circular reference detected");
      return false;
    }
    if (!dict_set(markers, ident, obj)) return false;
    *marker = std::move(ident);
    return true;
  }
  bool leave_marker(const Ref<>& marker) {
    if (!marker) return true;
    return dict_remove(as_dict(e_->markers), marker) >= 0;
  }

  bool encode_list(Value original) {
    // Subclasses are iterated (PySequence_Fast), exact lists and tuples read directly.
    Ref<> copy;
    Value seq = original;
    if (!is_exact_list(seq) && !is_exact_tuple(seq)) {
      copy = list_from_iterable(seq);
      if (!copy) return false;
      seq = copy;
    }
    int64_t size = is_list(seq) ? as_list(seq)->length : as_tuple(seq)->length;
    if (size == 0) {
      out_.append_ascii("[]");
      return true;
    }
    Ref<> marker;
    if (!enter_marker(original, &marker)) return false;
    out_.append_ascii('[');
    // A list may change while default() runs: re-read its length and hold each item.
    for (int64_t i = 0;; ++i) {
      Value item;
      if (is_list(seq)) {
        if (i >= as_list(seq)->length) break;
        item = as_list(seq)->items[i];
      } else {
        if (i >= as_tuple(seq)->length) break;
        item = as_tuple(seq)->items[i];
      }
      if (i) out_.append(as_str(e_->item_separator));
      Ref<> held = new_ref(item);
      if (!encode(held)) return false;
    }
    out_.append_ascii(']');
    return leave_marker(marker);
  }

  // The text of a key that is not a str, into *key; false with *key null to skip it.
  bool key_text(Value key, Ref<>* text) {
    if (is_float(key)) {
      double x = float_value(key);
      if (!std::isfinite(x)) {
        if (!e_->allow_nan) return value_error("Out of range float values are not JSON compliant");
        *text = str_from_ascii(x > 0 ? "Infinity" : x < 0 ? "-Infinity" : "NaN");
      } else {
        *text = str_from_ascii(text::float_repr(x));
      }
    } else if (key == True() || key == False() || key == None()) {
      *text = str_from_ascii(key == True() ? "true" : key == False() ? "false" : "null");
    } else if (is_int(key)) {
      *text = int_repr(key);
    } else if (e_->skipkeys) {
      return true;
    } else {
      return type_error("keys must be str, int, float, bool or None, not {}", type_name(key));
    }
    return bool(*text);
  }

  bool encode_item(Value key, Value value, bool* first) {
    Ref<> converted;
    if (!is_str(key)) {
      if (!key_text(key, &converted)) return false;
      if (!converted) return true;  // skipped
      key = converted;
    }
    if (!*first) out_.append(as_str(e_->item_separator));
    *first = false;
    if (!encode_string(key)) return false;
    out_.append(as_str(e_->key_separator));
    return encode(value);
  }

  bool encode_dict(Value dict) {
    if (as_dict(dict)->used == 0) {
      out_.append_ascii("{}");
      return true;
    }
    Ref<> marker;
    if (!enter_marker(dict, &marker)) return false;
    out_.append_ascii('{');
    bool first = true;
    if (is_exact_dict(dict) && !e_->sort_keys) {
      // A snapshot of the items, as PyMapping_Items gives CPython's encoder.
      std::vector<Value> items;
      items.reserve(size_t(as_dict(dict)->used) * 2);
      int64_t pos = 0;
      Value key, value;
      while (dict_next(as_dict(dict), &pos, &key, &value)) {
        incref(key);
        incref(value);
        items.push_back(key);
        items.push_back(value);
      }
      bool ok = true;
      size_t i = 0;
      for (; ok && i < items.size(); i += 2) ok = encode_item(items[i], items[i + 1], &first);
      for (Value v : items) decref(v);
      if (!ok) return false;
    } else {
      Ref<> items;
      if (is_exact_dict(dict)) {
        items = dict_items_list(as_dict(dict));
      } else {
        Ref<> view = call_method0(dict, str_intern_utf8("items"));
        if (!view) return false;
        items = list_from_iterable(view);
      }
      if (!items) return false;
      if (e_->sort_keys && !list_sort(as_list(items), Value(), false)) return false;
      for (int64_t i = 0; i < as_list(items)->length; ++i) {
        Ref<> item = new_ref(as_list(items)->items[i]);
        if (!is_tuple(item) || as_tuple(item)->length != 2)
          return value_error("items must return 2-tuples");
        if (!encode_item(as_tuple(item)->items[0], as_tuple(item)->items[1], &first)) return false;
      }
    }
    out_.append_ascii('}');
    return leave_marker(marker);
  }

  EncoderObject* e_;
  TextWriter out_;
  std::string scratch_;
};

Ref<> encoder_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "_iterencode",
                                .signature = "($self, obj, _current_indent_level)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  int64_t indent_level;
  if (!index_to_int64(bound.values()[1], &indent_level)) return nullptr;
  Encoding encoding(as_encoder(self));
  if (!encoding.encode(bound.values()[0])) return nullptr;
  Ref<StrObject> text = encoding.out().finish();
  if (!text) return nullptr;
  Ref<ListObject> chunks = list_new();
  if (!chunks || !list_append_steal(chunks.get(), std::move(text))) return nullptr;
  return chunks;
}

// Is v one of the module's escapers (which the encoder can run without a call)?
FastEncode fast_encode_for(Value v) {
  if (!is_type(v, &builtin_function_type)) return FastEncode::kNone;
  const MethodDef* def = static_cast<BuiltinFunctionObject*>(v.as_object())->def;
  if (def->impl == json_encode_basestring_ascii) return FastEncode::kAscii;
  if (def->impl == json_encode_basestring) return FastEncode::kUnicode;
  return FastEncode::kNone;
}

Ref<> encoder_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "make_encoder",
                                .signature =
                                    "($type, markers, default, encoder, indent, key_separator, "
                                    "item_separator, sort_keys, skipkeys, allow_nan)"};
  static Signature* signature = signature_parse(&def, nullptr);
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  const Value* a = bound.values();
  for (int i = 4; i <= 5; ++i) {
    if (!is_str(a[i]))
      return type_error("make_encoder() argument {} must be str, not {}", i + 1, type_name(a[i]));
  }
  bool flags[3];
  for (int i = 0; i < 3; ++i) {
    int truth = is_true(a[6 + i]);
    if (truth < 0) return nullptr;
    flags[i] = truth != 0;
  }
  if (a[0] != None() && !is_dict(a[0])) {
    return type_error("make_encoder() argument 1 must be dict or None, not {}", type_name(a[0]));
  }
  auto* e = allocate<EncoderObject>(type);
  if (!e) return nullptr;
  Ref<> result = Ref<>::steal(Value(e));
  Value EncoderObject::*slots[] = {&EncoderObject::markers,       &EncoderObject::default_function,
                                   &EncoderObject::encoder,       &EncoderObject::indent,
                                   &EncoderObject::key_separator, &EncoderObject::item_separator};
  for (int i = 0; i < 6; ++i) {
    incref(a[i]);
    e->*slots[i] = a[i];
  }
  e->sort_keys = flags[0];
  e->skipkeys = flags[1];
  e->allow_nan = flags[2];
  e->fast_encode = fast_encode_for(a[2]);
  gc_track(e);
  return result;
}

void encoder_traverse(Object* o, VisitFn visit, void* arg) {
  auto* e = static_cast<EncoderObject*>(o);
  for (Value v : {e->markers, e->default_function, e->encoder, e->indent, e->key_separator,
                  e->item_separator}) {
    if (v.is_object()) visit(v.as_object(), arg);
  }
}

void encoder_clear(Object* o) {
  auto* e = static_cast<EncoderObject*>(o);
  for (Value* slot : {&e->markers, &e->default_function, &e->encoder, &e->indent, &e->key_separator,
                      &e->item_separator}) {
    Value old = *slot;
    *slot = Value();
    decref(old);
  }
}

void encoder_dealloc(Object* o) {
  gc_untrack(o);
  encoder_clear(o);
  free_object(o);
}

const MemberDef encoder_members[] = {
    {.name = "markers",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, markers),
     .readonly = true,
     .doc = "markers"},
    {.name = "default",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, default_function),
     .readonly = true,
     .doc = "default"},
    {.name = "encoder",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, encoder),
     .readonly = true,
     .doc = "encoder"},
    {.name = "indent",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, indent),
     .readonly = true,
     .doc = "indent"},
    {.name = "key_separator",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, key_separator),
     .readonly = true,
     .doc = "key_separator"},
    {.name = "item_separator",
     .kind = MemberKind::Object,
     .offset = offsetof(EncoderObject, item_separator),
     .readonly = true,
     .doc = "item_separator"},
    {.name = "sort_keys",
     .kind = MemberKind::Bool,
     .offset = offsetof(EncoderObject, sort_keys),
     .readonly = true,
     .doc = "sort_keys"},
    {.name = "skipkeys",
     .kind = MemberKind::Bool,
     .offset = offsetof(EncoderObject, skipkeys),
     .readonly = true,
     .doc = "skipkeys"},
    {},
};

}  // namespace

TypeObject json_encoder_type{TypeSpec{
    .name = "_json.Encoder",
    .doc = "_iterencode(obj, _current_indent_level) -> iterable",
    .basic_size = sizeof(EncoderObject),
    .flags = kTypeHaveGC | kTypeBaseType,
    .slots = {.dealloc = encoder_dealloc,
              .traverse = encoder_traverse,
              .clear = encoder_clear,
              .new_instance = encoder_new,
              .getattr = generic_get_attr,
              .call = encoder_call},
    .members = encoder_members,
}};

}  // namespace krait
