// _locale: the C library's locale support for the locale module — setlocale, localeconv,
// nl_langinfo and its constants, getencoding, strcoll/strxfrm on wide strings, and the
// gettext family — with strings from the C library decoded as CPython decodes them
// (the locale's multibyte encoding, undecodable bytes as surrogate escapes).
#include <langinfo.h>
#include <libintl.h>
#include <locale.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <cwchar>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/text_internal.h"

namespace krait {

namespace {

Object* locale_error = nullptr;  // _locale.Error, named locale.Error as in CPython (owned)

Raised raise_locale_error(const char* message) {
  return raise_message(static_cast<TypeObject*>(locale_error), message);
}

// Text from the C library in the current locale's encoding (CPython's
// PyUnicode_DecodeLocale with surrogateescape).
Ref<StrObject> decode_locale(const char* text) {
  std::u32string out;
  std::mbstate_t state{};
  size_t length = std::strlen(text);
  size_t i = 0;
  while (i < length) {
    wchar_t wc;
    size_t used = std::mbrtowc(&wc, text + i, length - i, &state);
    if (used == size_t(-1) || used == size_t(-2)) {
      out.push_back(0xDC00 + uint8_t(text[i]));  // undecodable byte
      state = std::mbstate_t{};
      ++i;
      continue;
    }
    if (used == 0) break;
    out.push_back(char32_t(wc));
    i += used;
  }
  return str_from_code_points(out.data(), int64_t(out.size()));
}

// A str as a wide string for the C library; ValueError for an embedded NUL.
bool to_wide(Value v, std::wstring* out) {
  StrObject* s = as_str(v);
  out->resize(size_t(s->length));
  for (int64_t i = 0; i < s->length; ++i) {
    char32_t c = s->at(i);
    if (c == 0) return value_error("embedded null character");
    (*out)[size_t(i)] = wchar_t(c);
  }
  return true;
}

Ref<StrObject> from_wide(const wchar_t* text, size_t length) {
  std::u32string out(length, U'\0');
  for (size_t i = 0; i < length; ++i) out[i] = char32_t(text[i]);
  return str_from_code_points(out.data(), int64_t(out.size()));
}

// A str argument as UTF-8 for the C library (NUL-free), or null for None.
bool optional_utf8(const char* function, int position, Value v, std::string* out, bool* is_null) {
  *is_null = !v || is_none(v);
  if (*is_null) return true;
  if (!is_str(v)) {
    return type_error("{}() argument {} must be str or None, not {}", function, position, argument_type_name(v));
  }
  std::string_view text = str_utf8(v);
  if (text.find('\0') != std::string_view::npos) return value_error("embedded null character");
  out->assign(text);
  return true;
}

bool required_utf8(const char* function, int position, Value v, std::string* out) {
  if (!is_str(v)) return type_error("{}() argument {} must be str, not {}", function, position, argument_type_name(v));
  std::string_view text = str_utf8(v);
  if (text.find('\0') != std::string_view::npos) return value_error("embedded null character");
  out->assign(text);
  return true;
}

bool int_argument(Value v, int* out) {
  int64_t value;
  if (!index_argument(v, &value)) return false;
  if (value < INT_MIN || value > INT_MAX) return overflow_error("Python int too large to convert to C int");
  *out = int(value);
  return true;
}

Ref<> locale_setlocale(Value, const Value* args) {
  int category;
  if (!int_argument(args[0], &category)) return nullptr;
  std::string locale;
  bool query;
  if (!optional_utf8("setlocale", 2, args[1], &locale, &query)) return nullptr;
  const char* result = ::setlocale(category, query ? nullptr : locale.c_str());
  if (!result) return raise_locale_error(query ? "locale query failed" : "unsupported locale setting");
  return decode_locale(result);
}

// localeconv()'s grouping strings: the bytes up to and including the terminating 0 or
// CHAR_MAX, as a list ([] for an empty string).
Ref<> grouping_list(const char* grouping) {
  Ref<ListObject> list = list_new();
  if (!list || grouping[0] == '\0') return list;
  for (int i = 0;; ++i) {
    char c = grouping[i];
    if (!list_append(list.get(), Value::small_int(c))) return nullptr;
    if (c == '\0' || c == CHAR_MAX) break;
  }
  return list;
}

Ref<> locale_localeconv(Value, const Value*) {
  const struct lconv* conv = ::localeconv();
  Ref<DictObject> result = dict_new();
  if (!result) return nullptr;
  auto put_string = [&](const char* key, const char* value) {
    Ref<> text = decode_locale(value);
    return text && dict_set_str(result.get(), key, text);
  };
  auto put_int = [&](const char* key, char value) { return dict_set_str(result.get(), key, Value::small_int(value)); };
  Ref<> mon_grouping = grouping_list(conv->mon_grouping);
  Ref<> grouping = grouping_list(conv->grouping);
  if (!mon_grouping || !grouping) return nullptr;
  bool ok = put_string("int_curr_symbol", conv->int_curr_symbol) &&
            put_string("currency_symbol", conv->currency_symbol) &&
            put_string("mon_decimal_point", conv->mon_decimal_point) &&
            put_string("mon_thousands_sep", conv->mon_thousands_sep) &&
            dict_set_str(result.get(), "mon_grouping", mon_grouping) &&
            put_string("positive_sign", conv->positive_sign) && put_string("negative_sign", conv->negative_sign) &&
            put_int("int_frac_digits", conv->int_frac_digits) && put_int("frac_digits", conv->frac_digits) &&
            put_int("p_cs_precedes", conv->p_cs_precedes) && put_int("p_sep_by_space", conv->p_sep_by_space) &&
            put_int("n_cs_precedes", conv->n_cs_precedes) && put_int("n_sep_by_space", conv->n_sep_by_space) &&
            put_int("p_sign_posn", conv->p_sign_posn) && put_int("n_sign_posn", conv->n_sign_posn) &&
            put_string("decimal_point", conv->decimal_point) && put_string("thousands_sep", conv->thousands_sep) &&
            dict_set_str(result.get(), "grouping", grouping);
  if (!ok) return nullptr;
  return result;
}

// The nl_langinfo keys CPython exposes, by name.
struct LanginfoConstant {
  const char* name;
  int value;
};
const LanginfoConstant kLanginfoConstants[] = {
    {"RADIXCHAR", RADIXCHAR}, {"THOUSEP", THOUSEP}, {"CRNCYSTR", CRNCYSTR},
    {"D_T_FMT", D_T_FMT},     {"D_FMT", D_FMT},     {"T_FMT", T_FMT},
    {"AM_STR", AM_STR},       {"PM_STR", PM_STR},   {"DAY_1", DAY_1},
    {"DAY_2", DAY_2},         {"DAY_3", DAY_3},     {"DAY_4", DAY_4},
    {"DAY_5", DAY_5},         {"DAY_6", DAY_6},     {"DAY_7", DAY_7},
    {"ABDAY_1", ABDAY_1},     {"ABDAY_2", ABDAY_2}, {"ABDAY_3", ABDAY_3},
    {"ABDAY_4", ABDAY_4},     {"ABDAY_5", ABDAY_5}, {"ABDAY_6", ABDAY_6},
    {"ABDAY_7", ABDAY_7},     {"MON_1", MON_1},     {"MON_2", MON_2},
    {"MON_3", MON_3},         {"MON_4", MON_4},     {"MON_5", MON_5},
    {"MON_6", MON_6},         {"MON_7", MON_7},     {"MON_8", MON_8},
    {"MON_9", MON_9},         {"MON_10", MON_10},   {"MON_11", MON_11},
    {"MON_12", MON_12},       {"ABMON_1", ABMON_1}, {"ABMON_2", ABMON_2},
    {"ABMON_3", ABMON_3},     {"ABMON_4", ABMON_4}, {"ABMON_5", ABMON_5},
    {"ABMON_6", ABMON_6},     {"ABMON_7", ABMON_7}, {"ABMON_8", ABMON_8},
    {"ABMON_9", ABMON_9},     {"ABMON_10", ABMON_10}, {"ABMON_11", ABMON_11},
    {"ABMON_12", ABMON_12},   {"YESEXPR", YESEXPR}, {"NOEXPR", NOEXPR},
    {"ERA", ERA},             {"ERA_D_FMT", ERA_D_FMT}, {"ERA_D_T_FMT", ERA_D_T_FMT},
    {"ERA_T_FMT", ERA_T_FMT}, {"ALT_DIGITS", ALT_DIGITS}, {"T_FMT_AMPM", T_FMT_AMPM},
    {"CODESET", CODESET},     {"_DATE_FMT", _DATE_FMT},
};

Ref<> locale_nl_langinfo(Value, const Value* args) {
  int key;
  if (!int_argument(args[0], &key)) return nullptr;
  for (const LanginfoConstant& c : kLanginfoConstants) {
    if (c.value == key) {
      const char* result = ::nl_langinfo(key);
      return decode_locale(result ? result : "");
    }
  }
  return value_error("unsupported langinfo constant");
}

// The locale encoding (CPython's _Py_GetLocaleEncoding): CODESET, or UTF-8 when empty.
Ref<> locale_getencoding(Value, const Value*) {
  const char* codeset = ::nl_langinfo(CODESET);
  if (!codeset || !codeset[0]) return str_from_ascii("utf-8");
  return decode_locale(codeset);
}

Ref<> locale_strcoll(Value, const Value* args) {
  for (int i = 0; i < 2; ++i) {
    if (!is_str(args[i])) {
      return type_error("strcoll() argument {} must be str, not {}", i + 1, argument_type_name(args[i]));
    }
  }
  std::wstring a, b;
  if (!to_wide(args[0], &a) || !to_wide(args[1], &b)) return nullptr;
  return int_from_int64(std::wcscoll(a.c_str(), b.c_str()));
}

Ref<> locale_strxfrm(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("strxfrm() argument must be str, not {}", argument_type_name(args[0]));
  std::wstring s;
  if (!to_wide(args[0], &s)) return nullptr;
  errno = 0;
  size_t n = std::wcsxfrm(nullptr, s.c_str(), 0);
  if (errno) return raise_os_error(errno);
  std::vector<wchar_t> buffer(n + 1);
  std::wcsxfrm(buffer.data(), s.c_str(), n + 1);
  return from_wide(buffer.data(), n);
}

// --- gettext ---

Ref<> locale_gettext(Value, const Value* args) {
  std::string msg;
  if (!required_utf8("gettext", 1, args[0], &msg)) return nullptr;
  return decode_locale(::gettext(msg.c_str()));
}

Ref<> locale_dgettext(Value, const Value* args) {
  std::string domain, msg;
  bool no_domain;
  if (!optional_utf8("dgettext", 1, args[0], &domain, &no_domain) || !required_utf8("dgettext", 2, args[1], &msg)) {
    return nullptr;
  }
  return decode_locale(::dgettext(no_domain ? nullptr : domain.c_str(), msg.c_str()));
}

Ref<> locale_dcgettext(Value, const Value* args) {
  std::string domain, msg;
  bool no_domain;
  int category;
  if (!optional_utf8("dcgettext", 1, args[0], &domain, &no_domain) || !required_utf8("dcgettext", 2, args[1], &msg) ||
      !int_argument(args[2], &category)) {
    return nullptr;
  }
  return decode_locale(::dcgettext(no_domain ? nullptr : domain.c_str(), msg.c_str(), category));
}

Ref<> locale_textdomain(Value, const Value* args) {
  std::string domain;
  bool query;
  if (!optional_utf8("textdomain", 1, args[0], &domain, &query)) return nullptr;
  const char* result = ::textdomain(query ? nullptr : domain.c_str());
  if (!result) return raise_os_error(errno);
  return decode_locale(result);
}

Ref<> locale_bindtextdomain(Value, const Value* args) {
  std::string domain, dir;
  bool no_dir;
  if (!required_utf8("bindtextdomain", 1, args[0], &domain)) return nullptr;
  if (!domain.size()) return value_error("domain must be a non-empty string");
  if (!optional_utf8("bindtextdomain", 2, args[1], &dir, &no_dir)) return nullptr;
  const char* result = ::bindtextdomain(domain.c_str(), no_dir ? nullptr : dir.c_str());
  if (!result) return raise_os_error(errno ? errno : ENOMEM);
  return decode_locale(result);
}

Ref<> locale_bind_textdomain_codeset(Value, const Value* args) {
  std::string domain, codeset;
  bool no_codeset;
  if (!required_utf8("bind_textdomain_codeset", 1, args[0], &domain) ||
      !optional_utf8("bind_textdomain_codeset", 2, args[1], &codeset, &no_codeset)) {
    return nullptr;
  }
  errno = 0;
  const char* result = ::bind_textdomain_codeset(domain.c_str(), no_codeset ? nullptr : codeset.c_str());
  if (!result) {
    if (errno) return raise_os_error(errno);
    return new_none();
  }
  return decode_locale(result);
}

const MethodDef locale_methods[] = {
    {.name = "setlocale", .impl = locale_setlocale, .signature = "($module, category, locale=None, /)",
     .doc = "Activates/queries locale processing."},
    {.name = "localeconv", .impl = locale_localeconv, .signature = "($module, /)",
     .doc = "Returns numeric and monetary locale-specific parameters."},
    {.name = "strcoll", .impl = locale_strcoll, .signature = "($module, os1, os2, /)",
     .doc = "Compares two strings according to the locale."},
    {.name = "strxfrm", .impl = locale_strxfrm, .signature = "($module, string, /)",
     .doc = "Return a string that can be used as a key for locale-aware comparisons."},
    {.name = "nl_langinfo", .impl = locale_nl_langinfo, .signature = "($module, key, /)",
     .doc = "Return the value for the locale information associated with key."},
    {.name = "gettext", .impl = locale_gettext, .signature = "($module, msg, /)",
     .doc = "gettext(msg) -> string\n\nReturn translation of msg."},
    {.name = "dgettext", .impl = locale_dgettext, .signature = "($module, domain, msg, /)",
     .doc = "dgettext(domain, msg) -> string\n\nReturn translation of msg in domain."},
    {.name = "dcgettext", .impl = locale_dcgettext, .signature = "($module, domain, msg, category, /)",
     .doc = "Return translation of msg in domain and category."},
    {.name = "textdomain", .impl = locale_textdomain, .signature = "($module, domain, /)",
     .doc = "Set the C library's textdmain to domain, returning the new domain."},
    {.name = "bindtextdomain", .impl = locale_bindtextdomain, .signature = "($module, domain, dir, /)",
     .doc = "Bind the C library's domain to dir."},
    {.name = "bind_textdomain_codeset", .impl = locale_bind_textdomain_codeset,
     .signature = "($module, domain, codeset, /)", .doc = "Bind the C library's domain to codeset."},
    {.name = "getencoding", .impl = locale_getencoding, .signature = "($module, /)",
     .doc = "Get the current locale encoding."},
    {},
};

bool locale_exec(ModuleObject* module) {
  if (!locale_error) {
    Ref<> error = new_exception_type("locale.Error", &exc::Exception);
    if (!error) return false;
    locale_error = error.release_object();
  }
  struct IntConstant {
    const char* name;
    int value;
  };
  const IntConstant constants[] = {
      {"LC_CTYPE", LC_CTYPE},       {"LC_TIME", LC_TIME},         {"LC_COLLATE", LC_COLLATE},
      {"LC_MONETARY", LC_MONETARY}, {"LC_MESSAGES", LC_MESSAGES}, {"LC_NUMERIC", LC_NUMERIC},
      {"LC_ALL", LC_ALL},           {"CHAR_MAX", CHAR_MAX},
  };
  for (const IntConstant& c : constants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  for (const LanginfoConstant& c : kLanginfoConstants) {
    if (!module_add_int(module, c.name, c.value)) return false;
  }
  return module_add_object(module, "Error", Value(locale_error));
}

}  // namespace

extern const ModuleDef module__locale = {
    .name = "_locale",
    .doc = "Support for POSIX locales.",
    .methods = locale_methods,
    .exec = locale_exec,
};

}  // namespace krait
