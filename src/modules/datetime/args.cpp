// Argument binding for _datetime's constructors and methods. CPython parses these with
// PyArg_ParseTupleAndKeywords, whose messages ("function missing required argument 'year'
// (pos 1)", "replace() takes at most 3 arguments (4 given)") differ from Argument
// Clinic's, so the module binds them itself.
#include <climits>

#include "modules/datetime/datetime_internal.h"
#include "objects/int.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait::datetime {

namespace {

const char* plural(size_t n) { return n == 1 ? "" : "s"; }

}  // namespace

bool bind_args(const ArgSpec& spec, const Value* args, size_t nargs, TupleObject* kwnames,
               Value* out, int* ints, size_t int_params) {
  const char* fname = spec.function ? spec.function : "function";
  const char* parens = spec.function ? "()" : "";
  size_t count = spec.names.size();
  size_t nkw = kwnames ? size_t(kwnames->length) : 0;
  if (nargs + nkw > count) {
    return type_error("{}{} takes at most {} {}argument{} ({} given)", fname, parens, count,
                      nargs == 0 ? "keyword " : "", plural(count), nargs + nkw);
  }
  if (nargs > spec.positional) {
    return type_error("{}{} takes {} {} positional argument{} ({} given)", fname, parens,
                      spec.required < spec.positional ? "at most" : "exactly", spec.positional,
                      plural(spec.positional), nargs);
  }
  auto keyword_index = [&](const char* name) -> int64_t {
    for (size_t k = 0; k < nkw; ++k) {
      if (str_equal_ascii(as_str(kwnames->items[k]), name)) return int64_t(k);
    }
    return -1;
  };
  // Each parameter in order: by position, else by name; converted as it is bound, so a
  // bad earlier argument is reported before a missing later one (getargs.c's order).
  size_t keywords_left = nkw;
  size_t i = 0;
  for (const char* name : spec.names) {
    Value v;
    if (i < nargs) {
      v = args[i];
    } else if (keywords_left > 0) {
      int64_t k = keyword_index(name);
      if (k >= 0) {
        v = args[nargs + size_t(k)];
        --keywords_left;
      }
    }
    out[i] = v;
    if (v && i < int_params && !int_arg(v, &ints[i])) return false;
    if (!v && i < spec.required) {
      return type_error("{}{} missing required argument '{}' (pos {})", fname, parens, name, i + 1);
    }
    ++i;
  }
  if (keywords_left > 0) {
    i = 0;
    for (const char* name : spec.names) {
      if (i >= nargs) break;
      if (keyword_index(name) >= 0) {
        return type_error("argument for {}{} given by name ('{}') and position ({})", fname, parens,
                          name, i + 1);
      }
      ++i;
    }
    for (size_t k = 0; k < nkw; ++k) {
      StrObject* key = as_str(kwnames->items[k]);
      bool known = false;
      for (const char* name : spec.names) known = known || str_equal_ascii(key, name);
      if (!known) {
        return type_error("'{}' is an invalid keyword argument for {}{}", str_utf8(key),
                          spec.function ? spec.function : "this function", parens);
      }
    }
  }
  return true;
}

bool bind_positional(const char* function, const char* qualified, size_t min, size_t max,
                     const Value* args, size_t nargs, TupleObject* kwnames, Value* out) {
  if (kwnames && kwnames->length > 0)
    return type_error("{}() takes no keyword arguments", qualified);
  if (nargs < min || nargs > max) {
    size_t bound = nargs < min ? min : max;
    return type_error("{}() takes {} {} argument{} ({} given)", function,
                      min == max    ? "exactly"
                      : nargs < min ? "at least"
                                    : "at most",
                      bound, plural(bound), nargs);
  }
  for (size_t i = 0; i < max; ++i) out[i] = i < nargs ? args[i] : Value();
  return true;
}

bool int_arg(Value v, int* out) {
  int64_t value;
  if (v.is_small_int()) {
    value = v.as_small_int();
  } else {
    Ref<> index = number_index(v);
    if (!index) return false;
    if (!int_to_int64(index, &value))
      return overflow_error("Python int too large to convert to C long");
  }
  if (value > INT_MAX) return overflow_error("signed integer is greater than maximum");
  if (value < INT_MIN) return overflow_error("signed integer is less than minimum");
  *out = int(value);
  return true;
}

bool str_arg(Value v, const char* function, int position) {
  if (is_str(v)) return true;
  return type_error("{}() argument {} must be str, not {}", function, position,
                    is_none(v) ? std::string("None") : type_name(v));
}

bool c_string_arg(Value v, const char* function, int position) {
  if (!str_arg(v, function, position)) return false;
  if (str_utf8(v).find('\0') != std::string_view::npos)
    return value_error("embedded null character");
  return true;
}

bool check_tzinfo_arg(Value v) {
  if (is_none(v) || is_tzinfo(v)) return true;
  return type_error("tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
                    type_name(v));
}

Raised compare_error(Value a, Value b) {
  return type_error("can't compare {} to {}", type_name(a), type_name(b));
}

StrObject* name_of(const char* text) { return str_intern_utf8(text); }

}  // namespace krait::datetime
