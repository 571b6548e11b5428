// unicodedata: the Unicode Character Database (text/unicode.h) as Python sees it — the
// module's functions answer from Unicode 14.0.0, and the same methods on the
// unicodedata.ucd_3_2_0 object (a UCD instance) from Unicode 3.2.0, as stringprep and the
// idna codec need. Messages and defaults follow CPython 3.11.
#include <string>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/bytes.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"
#include "objects/type_internal.h"
#include "text/unicode.h"

namespace krait {

namespace {

using unicode::Version;

struct UcdObject : Object {
  Object* version;  // str, e.g. "3.2.0" (owned)
};

extern TypeObject ucd_type;

// self is the module (current database) or a UCD instance (3.2.0).
Version version_of(Value self) {
  return self && is_type(self, &ucd_type) ? Version::kUnicode3_2 : Version::kCurrent;
}

// The character argument: a str of length 1. `position` is 0 for single-argument
// functions ("category() argument must be ...").
bool char_argument(const char* function, int position, Value v, char32_t* out) {
  if (!is_str(v) || as_str(v)->length != 1) {
    std::string where = position ? format_message("argument {}", position) : std::string("argument");
    return type_error("{}() {} must be a unicode character, not {}", function, where, argument_type_name(v));
  }
  *out = as_str(v)->at(0);
  return true;
}

Ref<> ascii_str(std::string_view text) { return str_from_ascii(text); }

Ref<> ucd_decimal(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("decimal", 1, args[0], &c)) return nullptr;
  int value = unicode::decimal_value(c, version_of(self));
  if (value < 0) {
    if (args[1]) return new_ref(args[1]);
    return value_error("not a decimal");
  }
  return int_from_small(value);
}

Ref<> ucd_digit(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("digit", 1, args[0], &c)) return nullptr;
  int value = unicode::digit_value(c, version_of(self));
  if (value < 0) {
    if (args[1]) return new_ref(args[1]);
    return value_error("not a digit");
  }
  return int_from_small(value);
}

Ref<> ucd_numeric(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("numeric", 1, args[0], &c)) return nullptr;
  double value;
  if (!unicode::numeric_value(c, &value, version_of(self))) {
    if (args[1]) return new_ref(args[1]);
    return value_error("not a numeric character");
  }
  return float_from_double(value);
}

Ref<> ucd_category(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("category", 0, args[0], &c)) return nullptr;
  return ascii_str(unicode::category_name(unicode::category(c, version_of(self))));
}

Ref<> ucd_bidirectional(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("bidirectional", 0, args[0], &c)) return nullptr;
  return ascii_str(unicode::bidirectional(c, version_of(self)));
}

Ref<> ucd_combining(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("combining", 0, args[0], &c)) return nullptr;
  return int_from_small(unicode::combining(c, version_of(self)));
}

Ref<> ucd_mirrored(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("mirrored", 0, args[0], &c)) return nullptr;
  return int_from_small(unicode::mirrored(c, version_of(self)));
}

Ref<> ucd_east_asian_width(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("east_asian_width", 0, args[0], &c)) return nullptr;
  return ascii_str(unicode::east_asian_width(c, version_of(self)));
}

Ref<> ucd_decomposition(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("decomposition", 0, args[0], &c)) return nullptr;
  return ascii_str(unicode::decomposition(c, version_of(self)));
}

Ref<> ucd_name(Value self, const Value* args) {
  char32_t c;
  if (!char_argument("name", 1, args[0], &c)) return nullptr;
  std::string name;
  if (!unicode::name_of(c, name, version_of(self))) {
    if (args[1]) return new_ref(args[1]);
    return value_error("no such name");
  }
  return ascii_str(name);
}

Ref<> ucd_lookup(Value self, const Value* args) {
  std::string_view name;
  Buffer view;
  bool has_view = false;
  if (is_str(args[0])) {
    name = str_utf8(args[0]);
  } else {
    if (!buffer_get(args[0], &view, kBufferSimple)) return nullptr;
    has_view = true;
    name = {static_cast<const char*>(view.data), size_t(view.length)};
  }
  Ref<> result;
  std::u32string found;
  if (name.size() > 256) {
    raise(exc::KeyError, "name too long");
  } else if (unicode::lookup_name(name, true, found, version_of(self))) {
    result = str_from_code_points(found.data(), int64_t(found.size()));
  } else {
    Ref<> message = str_from_utf8(format_message("undefined character name '{}'", name));
    if (message) raise_key_error(message);
  }
  if (has_view) buffer_release(&view);
  return result;
}

bool form_argument(const char* function, const Value* args, unicode::NormalizationForm* form) {
  if (!is_str(args[0])) {
    return type_error("{}() argument 1 must be str, not {}", function, argument_type_name(args[0]));
  }
  if (!is_str(args[1])) {
    return type_error("{}() argument 2 must be str, not {}", function, argument_type_name(args[1]));
  }
  if (!unicode::parse_normalization_form(str_utf8(args[0]), form)) {
    return value_error("invalid normalization form");
  }
  return true;
}

std::u32string code_points(StrObject* s) {
  std::u32string text(size_t(s->length), U'\0');
  for (int64_t i = 0; i < s->length; ++i) text[size_t(i)] = s->at(i);
  return text;
}

Ref<> ucd_normalize(Value self, const Value* args) {
  unicode::NormalizationForm form;
  if (!form_argument("normalize", args, &form)) return nullptr;
  StrObject* s = as_str(args[1]);
  std::u32string text = code_points(s);
  std::u32string result = unicode::normalize(form, text, version_of(self));
  // An input that is already normalized comes back as it is, as in CPython.
  if (result == text) return new_ref(args[1]);
  return str_from_code_points(result.data(), int64_t(result.size()));
}

Ref<> ucd_is_normalized(Value self, const Value* args) {
  unicode::NormalizationForm form;
  if (!form_argument("is_normalized", args, &form)) return nullptr;
  return new_bool(unicode::is_normalized(form, code_points(as_str(args[1])), version_of(self)));
}

// The functions, declared once for the module ($module) and once as UCD methods ($self).
#define UCD_FUNCTIONS(SELF)                                                                        \
  {.name = "decimal", .impl = ucd_decimal, .signature = "(" SELF ", chr, default=?, /)",           \
   .doc = "Converts a Unicode character into its equivalent decimal value.\n\n"                   \
          "Returns the decimal value assigned to the character chr as integer.\n"                 \
          "If no such value is defined, default is returned, or, if not given,\n"                \
          "ValueError is raised."},                                                               \
  {.name = "digit", .impl = ucd_digit, .signature = "(" SELF ", chr, default=?, /)",               \
   .doc = "Converts a Unicode character into its equivalent digit value.\n\n"                     \
          "Returns the digit value assigned to the character chr as integer.\n"                   \
          "If no such value is defined, default is returned, or, if not given,\n"                \
          "ValueError is raised."},                                                               \
  {.name = "numeric", .impl = ucd_numeric, .signature = "(" SELF ", chr, default=?, /)",           \
   .doc = "Converts a Unicode character into its equivalent numeric value.\n\n"                   \
          "Returns the numeric value assigned to the character chr as float.\n"                   \
          "If no such value is defined, default is returned, or, if not given,\n"                \
          "ValueError is raised."},                                                               \
  {.name = "category", .impl = ucd_category, .signature = "(" SELF ", chr, /)",                     \
   .doc = "Returns the general category assigned to the character chr as string."},              \
  {.name = "bidirectional", .impl = ucd_bidirectional, .signature = "(" SELF ", chr, /)",           \
   .doc = "Returns the bidirectional class assigned to the character chr as string.\n\n"         \
          "If no such value is defined, an empty string is returned."},                           \
  {.name = "combining", .impl = ucd_combining, .signature = "(" SELF ", chr, /)",                   \
   .doc = "Returns the canonical combining class assigned to the character chr as integer.\n\n"  \
          "Returns 0 if no combining class is defined."},                                         \
  {.name = "mirrored", .impl = ucd_mirrored, .signature = "(" SELF ", chr, /)",                     \
   .doc = "Returns the mirrored property assigned to the character chr as integer.\n\n"          \
          "Returns 1 if the character has been identified as a \"mirrored\"\n"                  \
          "character in bidirectional text, 0 otherwise."},                                       \
  {.name = "east_asian_width", .impl = ucd_east_asian_width, .signature = "(" SELF ", chr, /)",     \
   .doc = "Returns the east asian width assigned to the character chr as string."},              \
  {.name = "decomposition", .impl = ucd_decomposition, .signature = "(" SELF ", chr, /)",           \
   .doc = "Returns the character decomposition mapping assigned to the character chr as string.\n\n" \
          "An empty string is returned in case no such mapping is defined."},                     \
  {.name = "is_normalized", .impl = ucd_is_normalized, .signature = "(" SELF ", form, unistr, /)",  \
   .doc = "Return whether the Unicode string unistr is in the normal form 'form'.\n\n"           \
          "Valid values for form are 'NFC', 'NFKC', 'NFD', and 'NFKD'."},                         \
  {.name = "normalize", .impl = ucd_normalize, .signature = "(" SELF ", form, unistr, /)",          \
   .doc = "Return the normal form 'form' for the Unicode string unistr.\n\n"                      \
          "Valid values for form are 'NFC', 'NFKC', 'NFD', and 'NFKD'."},                         \
  {.name = "name", .impl = ucd_name, .signature = "(" SELF ", chr, default=?, /)",                 \
   .doc = "Returns the name assigned to the character chr as a string.\n\n"                       \
          "If no name is defined, default is returned, or, if not given,\n"                       \
          "ValueError is raised."},                                                               \
  {.name = "lookup", .impl = ucd_lookup, .signature = "(" SELF ", name, /)",                        \
   .doc = "Look up character by name.\n\n"                                                        \
          "If a character with the given name is found, return the\n"                            \
          "corresponding character.  If not found, KeyError is raised."},

const MethodDef module_methods[] = {UCD_FUNCTIONS("$module"){}};
const MethodDef ucd_methods[] = {UCD_FUNCTIONS("$self"){}};

#undef UCD_FUNCTIONS

void ucd_dealloc(Object* o) {
  decref(static_cast<UcdObject*>(o)->version);
  free_object(o);
}

const MemberDef ucd_members[] = {
    {.name = "unidata_version", .kind = MemberKind::Object, .offset = offsetof(UcdObject, version),
     .readonly = true},
    {},
};

TypeObject ucd_type{TypeSpec{
    .name = "unicodedata.UCD",
    .basic_size = sizeof(UcdObject),
    .flags = kTypeDisallowInstantiation,
    .slots = {.dealloc = ucd_dealloc, .getattr = generic_get_attr},
    .methods = ucd_methods,
    .members = ucd_members,
}};

bool unicodedata_exec(ModuleObject* module) {
  if (!module_add_type(module, &ucd_type) || !module_add_string(module, "unidata_version", "14.0.0")) return false;
  auto* ucd = allocate<UcdObject>(&ucd_type);
  if (!ucd) return false;
  Ref<> holder = Ref<>::steal(Value(ucd));
  Ref<StrObject> version = str_from_ascii("3.2.0");
  if (!version) return false;
  ucd->version = version.release_object();
  return module_add_object(module, "ucd_3_2_0", holder);
}

}  // namespace

extern const ModuleDef module_unicodedata = {
    .name = "unicodedata",
    .doc = "This module provides access to the Unicode Character Database which\n"
           "defines character properties for all Unicode characters. The data in\n"
           "this database is based on the UnicodeData.txt file version\n"
           "14.0.0 which is publicly available from ftp://ftp.unicode.org/.\n\n"
           "The module uses the same names and symbols as defined by the\n"
           "UnicodeData File Format 14.0.0.",
    .methods = module_methods,
    .exec = unicodedata_exec,
};

}  // namespace krait
