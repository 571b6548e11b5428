// The _csv module: the Dialect type (validated, immutable formatting parameters), the
// dialect registry (register_dialect, unregister_dialect, get_dialect, list_dialects),
// field_size_limit, Error and the QUOTE_* constants. Messages are CPython 3.11's, which
// csv.py re-raises as csv.Error for its Python-level Dialect classes.
#include <cstddef>

#include "core/alloc.h"
#include "core/args.h"
#include "core/error.h"
#include "core/ops.h"
#include "modules/csv/csv_internal.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "objects/dict.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"

namespace krait {

Object* csv_error = nullptr;
int64_t csv_field_limit = 128 * 1024;

namespace {

Object* dialect_registry = nullptr;  // name -> Dialect (owned, made once)

CsvDialectObject* as_dialect(Value v) { return static_cast<CsvDialectObject*>(v.as_object()); }

// --- Parameter conversions (src null: not given) ---

bool set_char(const char* name, int32_t* target, Value src, int32_t default_char) {
  if (!src) {
    *target = default_char;
    return true;
  }
  if (!is_str(src)) return type_error("\"{}\" must be string, not {}", name, type_name(src));
  if (as_str(src)->length != 1) return type_error("\"{}\" must be a 1-character string", name);
  *target = int32_t(as_str(src)->at(0));
  return true;
}

bool set_char_or_none(const char* name, int32_t* target, Value src, int32_t default_char) {
  if (!src) {
    *target = default_char;
    return true;
  }
  *target = kCsvNotSet;
  if (src == None()) return true;
  if (!is_str(src))
    return type_error("\"{}\" must be string or None, not {}", name, type_name(src));
  if (as_str(src)->length != 1) return type_error("\"{}\" must be a 1-character string", name);
  *target = int32_t(as_str(src)->at(0));
  return true;
}

bool set_bool(bool* target, Value src, bool default_value) {
  if (!src) {
    *target = default_value;
    return true;
  }
  int truth = is_true(src);
  if (truth < 0) return false;
  *target = truth != 0;
  return true;
}

bool set_quoting(int32_t* target, Value src) {
  if (!src) {
    *target = kQuoteMinimal;
    return true;
  }
  if (!src.is_small_int() && !is_exact_int(src))
    return type_error("\"quoting\" must be an integer");
  int64_t value;
  if (!int_to_int64(src, &value) || value < INT32_MIN || value > INT32_MAX) {
    return overflow_error("Python int too large to convert to C int");
  }
  *target = int32_t(value);
  return true;
}

// Null with *target null for None.
bool set_lineterminator(Object** target, Value src) {
  if (!src) {
    Ref<StrObject> text = str_from_ascii("\r\n");
    if (!text) return false;
    *target = text.release_object();
    return true;
  }
  if (src == None()) return true;
  if (!is_str(src)) return type_error("\"lineterminator\" must be a string");
  incref(src);
  *target = src.as_object();
  return true;
}

Ref<> registered_dialect(Value name) {
  Value found = dict_get(static_cast<DictObject*>(dialect_registry), name);
  if (found) return new_ref(found);
  if (error_occurred()) return nullptr;
  return csv_raise("unknown dialect");
}

constexpr const char* kParameterNames[] = {"delimiter",        "doublequote", "escapechar",
                                           "lineterminator",   "quotechar",   "quoting",
                                           "skipinitialspace", "strict"};

Ref<> dialect_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  static const MethodDef def = {.name = "Dialect",
                                .signature =
                                    "($type, dialect=?, delimiter=?, doublequote=?, escapechar=?, "
                                    "lineterminator=?, quotechar=?, quoting=?, skipinitialspace=?, "
                                    "strict=?)"};
  static Signature* signature = signature_parse(&def, nullptr);
  // CPython's parser has no name for this function in its message.
  for (int64_t i = 0; kwnames && i < kwnames->length; ++i) {
    auto* key = as_str(kwnames->items[i]);
    bool known = str_equal_ascii(key, "dialect");
    for (const char* name : kParameterNames) known = known || str_equal_ascii(key, name);
    if (!known)
      return type_error("'{}' is an invalid keyword argument for this function", str_utf8(key));
  }
  BoundArgs bound;
  if (!bind_arguments(*signature, args, nargs, kwnames, &bound)) return nullptr;
  Ref<> dialect;
  if (bound.values()[0]) {
    dialect = is_str(bound.values()[0]) ? registered_dialect(bound.values()[0])
                                        : new_ref(bound.values()[0]);
    if (!dialect) return nullptr;
  }
  // The given parameters (owned), then those read from the dialect for the rest.
  Ref<> params[8];
  bool any_given = false;
  for (int i = 0; i < 8; ++i) {
    if (bound.values()[i + 1]) {
      params[i] = new_ref(bound.values()[i + 1]);
      any_given = true;
    }
  }
  if (dialect && !any_given && is_instance_of(dialect, &csv_dialect_type)) return dialect;
  bool quoting_given = bool(params[5]);
  if (dialect) {
    for (int i = 0; i < 8; ++i) {
      if (params[i]) continue;
      params[i] = get_attr(dialect, kParameterNames[i]);
      if (!params[i]) clear_error();
    }
    quoting_given = bool(params[5]);
  }
  auto* d = allocate<CsvDialectObject>(type);
  if (!d) return nullptr;
  Ref<> result = Ref<>::steal(Value(d));
  if (!set_char("delimiter", &d->delimiter, params[0], ',') ||
      !set_bool(&d->doublequote, params[1], true) ||
      !set_char_or_none("escapechar", &d->escapechar, params[2], kCsvNotSet) ||
      !set_lineterminator(&d->lineterminator, params[3]) ||
      !set_char_or_none("quotechar", &d->quotechar, params[4], '"') ||
      !set_quoting(&d->quoting, params[5]) || !set_bool(&d->skipinitialspace, params[6], false) ||
      !set_bool(&d->strict, params[7], false)) {
    return nullptr;
  }
  if (d->quoting < kQuoteMinimal || d->quoting > kQuoteNone)
    return type_error("bad \"quoting\" value");
  if (params[4] && params[4].value() == None() && !quoting_given) d->quoting = kQuoteNone;
  if (d->quoting != kQuoteNone && d->quotechar == kCsvNotSet) {
    return type_error("quotechar must be set if quoting enabled");
  }
  if (!d->lineterminator) return type_error("lineterminator must be set");
  return result;
}

void dialect_dealloc(Object* o) {
  if (auto* text = as_dialect(o)->lineterminator) decref(text);
  free_object(o);
}

Ref<> char_or_none(int32_t c) {
  if (c == kCsvNotSet) return new_none();
  return str_from_code_point(char32_t(c));
}

Ref<> dialect_get_delimiter(Value self) { return char_or_none(as_dialect(self)->delimiter); }
Ref<> dialect_get_escapechar(Value self) { return char_or_none(as_dialect(self)->escapechar); }
Ref<> dialect_get_quotechar(Value self) { return char_or_none(as_dialect(self)->quotechar); }
Ref<> dialect_get_lineterminator(Value self) { return new_ref(as_dialect(self)->lineterminator); }
Ref<> dialect_get_quoting(Value self) { return int_from_small(as_dialect(self)->quoting); }

Ref<> dialect_reduce_ex(Value self, const Value*) {
  return type_error("cannot pickle '{}' instances", type_short_name(type_of(self)));
}

const GetSetDef dialect_getsets[] = {
    {.name = "delimiter", .get = dialect_get_delimiter},
    {.name = "escapechar", .get = dialect_get_escapechar},
    {.name = "lineterminator", .get = dialect_get_lineterminator},
    {.name = "quotechar", .get = dialect_get_quotechar},
    {.name = "quoting", .get = dialect_get_quoting},
    {},
};

const MemberDef dialect_members[] = {
    {.name = "skipinitialspace",
     .kind = MemberKind::Bool,
     .offset = offsetof(CsvDialectObject, skipinitialspace),
     .readonly = true},
    {.name = "doublequote",
     .kind = MemberKind::Bool,
     .offset = offsetof(CsvDialectObject, doublequote),
     .readonly = true},
    {.name = "strict",
     .kind = MemberKind::Bool,
     .offset = offsetof(CsvDialectObject, strict),
     .readonly = true},
    {},
};

const MethodDef dialect_methods[] = {
    {.name = "__reduce_ex__", .impl = dialect_reduce_ex, .signature = "($self, protocol, /)"},
    {},
};

}  // namespace

TypeObject csv_dialect_type{TypeSpec{
    .name = "_csv.Dialect",
    .doc = "CSV dialect\n\nThe Dialect type records CSV parsing and generation options.\n",
    .basic_size = sizeof(CsvDialectObject),
    .flags = kTypeBaseType,
    .slots = {.dealloc = dialect_dealloc, .new_instance = dialect_new, .getattr = generic_get_attr},
    .methods = dialect_methods,
    .getsets = dialect_getsets,
    .members = dialect_members,
}};

Ref<CsvDialectObject> csv_make_dialect(Value dialect, Value kwargs) {
  Ref<TupleObject> args = dialect ? tuple_of({dialect}) : tuple_empty();
  if (!args) return nullptr;
  Ref<> made = call_tuple_dict(Value(&csv_dialect_type), args, kwargs);
  if (!made) return nullptr;
  return std::move(made).cast<CsvDialectObject>();
}

namespace {

// --- Module functions ---

// The arguments of reader(), writer() and register_dialect(): one or two positional ones
// (PyArg_UnpackTuple with an empty name, hence CPython's odd messages), keywords as a dict.
bool unpack_arguments(const Value* args, size_t nargs, TupleObject* kwnames, Value out[2],
                      Ref<>* kwargs) {
  if (nargs < 1) return type_error(" expected at least 1 argument, got {}", nargs);
  if (nargs > 2) return type_error(" expected at most 2 arguments, got {}", nargs);
  out[0] = args[0];
  out[1] = nargs > 1 ? args[1] : Value();
  if (!kwnames || kwnames->length == 0) return true;
  Ref<DictObject> keywords = dict_new();
  if (!keywords) return false;
  for (int64_t i = 0; i < kwnames->length; ++i) {
    if (!dict_set(keywords.get(), kwnames->items[i], args[nargs + size_t(i)])) return false;
  }
  *kwargs = std::move(keywords);
  return true;
}

Ref<> csv_register_dialect(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value given[2];
  Ref<> kwargs;
  if (!unpack_arguments(args, nargs, kwnames, given, &kwargs)) return nullptr;
  if (!is_str(given[0])) return type_error("dialect name must be a string");
  Ref<CsvDialectObject> dialect = csv_make_dialect(given[1], kwargs);
  if (!dialect) return nullptr;
  if (!dict_set(static_cast<DictObject*>(dialect_registry), given[0], dialect)) return nullptr;
  return new_none();
}

Ref<> csv_unregister_dialect(Value, const Value* args) {
  int removed = dict_remove(static_cast<DictObject*>(dialect_registry), args[0]);
  if (removed < 0) return nullptr;
  if (removed == 0) return csv_raise("unknown dialect");
  return new_none();
}

Ref<> csv_get_dialect(Value, const Value* args) { return registered_dialect(args[0]); }

Ref<> csv_list_dialects(Value, const Value*) {
  return dict_keys_list(static_cast<DictObject*>(dialect_registry));
}

Ref<> csv_field_size_limit(Value, const Value* args) {
  int64_t old_limit = csv_field_limit;
  if (args[0]) {
    if (!args[0].is_small_int() && !is_exact_int(args[0]))
      return type_error("limit must be an integer");
    if (!int_as_int64(args[0], &csv_field_limit)) return nullptr;
  }
  return int_from_int64(old_limit);
}

Ref<> csv_reader(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value given[2];
  Ref<> kwargs;
  if (!unpack_arguments(args, nargs, kwnames, given, &kwargs)) return nullptr;
  Ref<> iterator = get_iter(given[0]);
  if (!iterator) return nullptr;
  Ref<CsvDialectObject> dialect = csv_make_dialect(given[1], kwargs);
  if (!dialect) return nullptr;
  return csv_new_reader(iterator, dialect.get());
}

Ref<> csv_writer(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value given[2];
  Ref<> kwargs;
  if (!unpack_arguments(args, nargs, kwnames, given, &kwargs)) return nullptr;
  Ref<> write;
  if (get_attr_optional(given[0], str_intern_utf8("write"), &write) < 0) return nullptr;
  if (!write || !is_callable(write)) return type_error("argument 1 must have a \"write\" method");
  Ref<CsvDialectObject> dialect = csv_make_dialect(given[1], kwargs);
  if (!dialect) return nullptr;
  return csv_new_writer(write, dialect.get());
}

const MethodDef csv_module_methods[] = {
    {.name = "reader",
     .raw = csv_reader,
     .doc = "    csv_reader = reader(iterable [, dialect='excel']\n"
            "                        [optional keyword args])\n"
            "    for row in csv_reader:\n"
            "        process(row)\n"},
    {.name = "writer",
     .raw = csv_writer,
     .doc = "    csv_writer = csv.writer(fileobj [, dialect='excel']\n"
            "                            [optional keyword args])\n"
            "    for row in sequence:\n"
            "        csv_writer.writerow(row)\n"},
    {.name = "list_dialects",
     .impl = csv_list_dialects,
     .signature = "($module, /)",
     .doc = "Return a list of all known dialect names.\n    names = csv.list_dialects()"},
    {.name = "register_dialect",
     .raw = csv_register_dialect,
     .doc = "Create a mapping from a string name to a dialect class.\n"
            "    dialect = csv.register_dialect(name[, dialect[, **fmtparams]])"},
    {.name = "unregister_dialect",
     .impl = csv_unregister_dialect,
     .signature = "($module, name, /)",
     .doc = "Delete the name/dialect mapping associated with a string name.\n    "
            "csv.unregister_dialect(name)"},
    {.name = "get_dialect",
     .impl = csv_get_dialect,
     .signature = "($module, name, /)",
     .doc =
         "Return the dialect instance associated with name.\n    dialect = csv.get_dialect(name)"},
    {.name = "field_size_limit",
     .impl = csv_field_size_limit,
     .signature = "($module, new_limit=?)",
     .doc = "Sets an upper limit on parsed fields.\n    csv.field_size_limit([limit])\n\n"
            "Returns old limit. If limit is not given, no new limit is set and\n"
            "the old limit is returned"},
    {},
};

bool csv_exec(ModuleObject* module) {
  if (!csv_error) {
    Ref<> error = new_exception_type("_csv.Error", &exc::Exception);
    if (!error) return false;
    csv_error = error.release_object();
  }
  if (!dialect_registry) {
    Ref<DictObject> registry = dict_new();
    if (!registry) return false;
    dialect_registry = registry.release_object();
  }
  return module_add_type(module, &csv_dialect_type) && type_ready(&csv_reader_type) &&
         type_ready(&csv_writer_type) &&
         module_add_object(module, "Reader", Value(&csv_reader_type)) &&
         module_add_object(module, "Writer", Value(&csv_writer_type)) &&
         module_add_object(module, "Error", Value(csv_error)) &&
         module_add_object(module, "_dialects", Value(dialect_registry)) &&
         module_add_string(module, "__version__", "1.0") &&
         module_add_int(module, "QUOTE_MINIMAL", kQuoteMinimal) &&
         module_add_int(module, "QUOTE_ALL", kQuoteAll) &&
         module_add_int(module, "QUOTE_NONNUMERIC", kQuoteNonNumeric) &&
         module_add_int(module, "QUOTE_NONE", kQuoteNone);
}

}  // namespace

extern const ModuleDef module__csv = {
    .name = "_csv",
    .doc =
        "CSV parsing and writing.\n\n"
        "The reader and writer objects split text records into fields and join fields\n"
        "into records, following the formatting parameters of a Dialect: delimiter,\n"
        "quotechar, escapechar, doublequote, skipinitialspace, lineterminator, quoting\n"
        "(QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC or QUOTE_NONE) and strict.\n",
    .methods = csv_module_methods,
    .exec = csv_exec,
};

}  // namespace krait
