// Warnings, natively; see warnings.h. The state lives in the Runtime; warnings.py, once
// imported, shares it (it imports `filters` from _warnings) and may rebind
// warnings.filters/defaultaction/onceregistry/_showwarnmsg, which are looked up on each
// warning as CPython does.
#include "runtime/warnings.h"

#include <cstdio>
#include <string>

#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "runtime/source_lines.h"
#include "vm/frame.h"

namespace krait {

namespace {

Runtime::WarningsState* warnings_state() {
  Runtime::WarningsState& st = runtime().warnings;
  if (st.filters) return &st;
  // CPython's release-build defaults: DeprecationWarning shown in __main__ only; Deprecation,
  // PendingDeprecation, Import and Resource warnings ignored elsewhere. The "__main__" module
  // part is a plain str, matched by equality.
  Ref<> default_action = str_from_ascii("default");
  Ref<> ignore = str_from_ascii("ignore");
  Ref<> main = str_from_ascii("__main__");
  Ref<> zero = int_from_int64(0);
  Ref<ListObject> filters = list_from_array(nullptr, 0);
  Ref<DictObject> once = dict_new();
  if (!default_action || !ignore || !main || !filters || !once) return nullptr;
  struct {
    Value action;
    TypeObject* category;
    Value module;
  } defaults[] = {{default_action.value(), &exc::DeprecationWarning, main.value()},
                  {ignore.value(), &exc::DeprecationWarning, None()},
                  {ignore.value(), &exc::PendingDeprecationWarning, None()},
                  {ignore.value(), &exc::ImportWarning, None()},
                  {ignore.value(), &exc::ResourceWarning, None()}};
  for (const auto& d : defaults) {
    Ref<TupleObject> item = tuple_of({d.action, None(), Value(d.category), d.module, zero.value()});
    if (!item || !list_append(filters.get(), item.value())) return nullptr;
  }
  st.filters = filters.release_object();
  st.once_registry = once.release_object();
  st.default_action = default_action.release_object();
  return &st;
}

// sys.modules['warnings'] (a new reference), importing it first when asked and the runtime
// is not shutting down; null if it is absent (no exception) or the import failed with an
// ImportError (cleared: the native display is used instead).
Ref<> warnings_module(bool try_import) {
  Runtime& rt = runtime();
  if (try_import && rt.importlib && !rt.finalizing) {
    Ref<> module = import_module_by_name("warnings");
    if (!module && error_matches(&exc::ImportError)) clear_error();
    return module;
  }
  if (!rt.modules) return nullptr;
  Value module = dict_get_str(static_cast<DictObject*>(rt.modules), ID(warnings));
  if (!module || is_none(module)) return nullptr;
  return new_ref(module);
}

// warnings.<attribute>: 1 with *out set, 0 when the module or the attribute is missing,
// -1 on error.
int warnings_attribute(StrObject* attribute, bool try_import, Ref<>* out) {
  Ref<> module = warnings_module(try_import);
  if (!module) return error_occurred() ? -1 : 0;
  return get_attr_optional(module, attribute, out);
}

// A filter's message or module part against the warning's: None matches everything, a
// plain str (the built-in defaults) must be equal, anything else is a regex (its match()).
int check_matched(Value pattern, Value text) {
  if (is_none(pattern)) return 1;
  if (is_exact_str(pattern)) {
    if (!is_str(text)) return type_error("Can't compare str and {}", type_name(text)), -1;
    return str_equal(as_str(pattern), as_str(text)) ? 1 : 0;
  }
  Ref<> result = call_method1(pattern, ID(match), text);
  return result ? is_true(result) : -1;
}

// The action of the first filter that matches (new reference; *item gets the filter, or
// None for the default action); null on error.
Ref<> get_filter(Runtime::WarningsState* st, Value category, Value text, int lineno, Value module,
                 Ref<>* item) {
  Ref<> rebound;
  int found = warnings_attribute(ID(filters), false, &rebound);
  if (found < 0) return nullptr;
  if (found > 0) {
    decref(st->filters);
    st->filters = rebound.release_object();
  }
  Ref<> filters = new_ref(Value(st->filters));
  if (!is_list(filters)) return value_error("_warnings.filters must be a list");
  // The list may change while the filters' regexes run.
  for (int64_t i = 0; i < as_list(filters)->length; ++i) {
    Ref<> filter = new_ref(as_list(filters)->items[i]);
    if (!is_tuple(filter) || as_tuple(filter)->length != 5) {
      return value_error("_warnings.filters item {} isn't a 5-tuple", i);
    }
    Value* parts = as_tuple(filter)->items;
    if (!is_str(parts[0])) return type_error("action must be a string, not '{}'", type_name(parts[0]));
    int good_message = check_matched(parts[1], text);
    if (good_message < 0) return nullptr;
    int good_module = check_matched(parts[3], module);
    if (good_module < 0) return nullptr;
    int subclass = is_subclass(category, parts[2]);
    if (subclass < 0) return nullptr;
    int64_t filter_line;
    if (!index_to_int64(parts[4], &filter_line)) return nullptr;
    if (good_message && good_module && subclass && (filter_line == 0 || filter_line == lineno)) {
      Ref<> action = new_ref(parts[0]);
      *item = std::move(filter);
      return action;
    }
  }
  Ref<> action;
  found = warnings_attribute(ID(defaultaction), false, &action);
  if (found < 0) return nullptr;
  if (found > 0) {
    if (!is_str(action)) {
      return type_error("_warnings.defaultaction must be a string, not '{}'", type_name(action));
    }
    decref(st->default_action);
    st->default_action = new_ref(action).release_object();
  } else {
    action = new_ref(Value(st->default_action));
  }
  *item = new_none();
  return action;
}

// Whether `key` was already reported in `registry`; records it when should_set. A registry
// made under older filters (its "version" differs) is emptied first. 1/0, -1 on error.
int already_warned(Runtime::WarningsState* st, DictObject* registry, Value key, bool should_set) {
  Value version = dict_get_str(registry, ID(version));
  int64_t recorded;
  if (!version || !is_int(version) || type_of(version) != &int_type || !int_to_int64(version, &recorded) ||
      recorded != st->filters_version) {
    if (error_occurred()) return -1;
    dict_clear(registry);
    Ref<> current = int_from_int64(st->filters_version);
    if (!current || !dict_set(registry, Value(ID(version)), current)) return -1;
  } else {
    Value warned = dict_get(registry, key);
    if (warned) {
      Ref<> keep = new_ref(warned);
      int truth = is_true(warned);
      if (truth != 0) return truth;
    } else if (error_occurred()) {
      return -1;
    }
  }
  if (should_set && !dict_set(registry, key, True())) return -1;
  return 0;
}

// registry[(text, category)] for the "once" and "module" actions.
int update_registry(Runtime::WarningsState* st, DictObject* registry, Value text, Value category) {
  Ref<TupleObject> key = tuple_of({text, category});
  if (!key) return -1;
  return already_warned(st, registry, key.value(), true);
}

// The module a warning is attributed to when none is given: the filename without ".py".
Ref<> normalize_module(Value filename) {
  StrObject* s = as_str(filename);
  if (s->length == 0) return str_from_ascii("<unknown>");
  std::string_view utf8 = str_utf8(s);
  if (utf8.size() >= 3 && utf8.substr(utf8.size() - 3) == ".py") return str_substring(s, 0, s->length - 3);
  return new_ref(filename);
}

// Writes str(piece) to `file`; false (error cleared) if that fails.
bool write_piece(Value file, Value piece) {
  Ref<StrObject> text = str(piece);
  Ref<> result = text ? call_method1(file, ID(write), text.value()) : Ref<>();
  if (!result) clear_error();
  return bool(result);
}

// The native display (warnings.py not loaded): "file:line: Category: message" and the
// source line indented by two, on sys.stderr. Failures are silent, as in CPython.
void show_warning(Value filename, int lineno, Value text, Value category, Value source_line) {
  Ref<> category_name = get_attr(category, ID(__name__));
  Value file = runtime().sys_dict ? dict_get_str(static_cast<DictObject*>(runtime().sys_dict), ID(stderr)) : Value();
  if (!category_name || !file) {
    if (!file && category_name) std::fputs("lost sys.stderr\n", stderr);
    clear_error();
    return;
  }
  Ref<> keep = new_ref(file);
  Ref<> line_text = str_from_ascii(":" + std::to_string(lineno) + ": ");
  Ref<> separator = str_from_ascii(": ");
  Ref<> newline = str_from_ascii("\n");
  if (!line_text || !separator || !newline) return clear_error();
  for (Value piece : {filename, line_text.value(), category_name.value(), separator.value(), text, newline.value()}) {
    if (!write_piece(file, piece)) return;
  }
  // A source line from the loader (warn_explicit's module_globals) is never printed by
  // CPython 3.11's C display; only the file's own line is.
  if (source_line || !is_str(filename)) return;
  SourceLines sources;
  const std::string* line = sources.line(str_utf8(filename), lineno);
  if (!line) return;
  size_t start = line->find_first_not_of(" \t\f");
  if (start == std::string::npos) start = line->size();
  Ref<> shown = str_from_utf8("  " + line->substr(start) + "\n");
  if (!shown) return clear_error();
  write_piece(file, shown);
}

// Shows a warning through warnings._showwarnmsg(WarningMessage(...)) when warnings.py is
// loaded (imported first when the warning has a source object: its display can show where
// that object was allocated), natively otherwise.
int call_show_warning(Value category, Value text, Value message, Value filename, int lineno,
                      Value lineno_object, Value source_line, Value source) {
  Ref<> show;
  int found = warnings_attribute(ID(_showwarnmsg), bool(source), &show);
  if (found < 0) return -1;
  if (found == 0) {
    show_warning(filename, lineno, text, category, source_line);
    return 0;
  }
  if (!is_callable(show)) return type_error("warnings._showwarnmsg() must be set to a callable"), -1;
  Ref<> message_class;
  found = warnings_attribute(ID(WarningMessage), false, &message_class);
  if (found <= 0) {
    if (found == 0) runtime_error("unable to get warnings.WarningMessage");
    return -1;
  }
  Value args[7] = {message, category, filename, lineno_object, None(), None(), source ? source : None()};
  Ref<> record = call(message_class, args, 7);
  if (!record) return -1;
  return call1(show, record) ? 0 : -1;
}

// CPython's warn_explicit: registry and source may be null; module null derives it from
// the filename.
int warn_explicit_impl(Value category, Value message, Value filename, int lineno, Value module,
                       Value registry, Value source_line, Value source) {
  // A warning late in shutdown, after the module's globals were cleared: ignored.
  if (module && is_none(module)) return 0;
  if (registry && !is_none(registry) && !is_dict(registry)) {
    return type_error("'registry' must be a dict or None"), -1;
  }
  if (registry && is_none(registry)) registry = Value();
  Runtime::WarningsState* st = warnings_state();
  if (!st) return -1;
  Ref<> module_ref = module ? new_ref(module) : normalize_module(filename);
  if (!module_ref) return -1;
  Ref<> text, instance;
  int is_warning = is_instance(message, Value(&exc::Warning));
  if (is_warning < 0) return -1;
  if (is_warning) {
    text = str(message);
    if (!text) return -1;
    category = Value(type_of(message));
    instance = new_ref(message);
  } else {
    text = new_ref(message);
    instance = call1(category, message);
    if (!instance) return -1;
  }
  if (source && is_none(source)) source = Value();
  Ref<> lineno_object = int_from_int64(lineno);
  if (!lineno_object) return -1;
  Ref<TupleObject> key = tuple_of({text.value(), category, lineno_object.value()});
  if (!key) return -1;
  Ref<> keep_registry = registry ? new_ref(registry) : Ref<>();
  if (registry) {
    int warned = already_warned(st, as_dict(registry), key.value(), false);
    if (warned != 0) return warned < 0 ? -1 : 0;
  }
  Ref<> item;
  Ref<> action = get_filter(st, category, text.value(), lineno, module_ref.value(), &item);
  if (!action) return -1;
  StrObject* what = as_str(action);
  if (str_equal_ascii(what, "error")) return raise_exception(instance.value()), -1;
  if (str_equal_ascii(what, "ignore")) return 0;
  int warned = 0;
  // The registry remembers every warning shown, except under "always".
  if (!str_equal_ascii(what, "always")) {
    if (registry && !dict_set(as_dict(registry), key.value(), True())) return -1;
    if (str_equal_ascii(what, "once")) {
      Ref<> once;
      if (registry) {
        once = new_ref(registry);
      } else {
        int found = warnings_attribute(ID(onceregistry), false, &once);
        if (found < 0) return -1;
        if (found == 0) {
          once = new_ref(Value(st->once_registry));
        } else if (!is_dict(once)) {
          return type_error("_warnings.onceregistry must be a dict, not '{}'", type_name(once)), -1;
        } else {
          decref(st->once_registry);
          st->once_registry = new_ref(once.value()).release_object();
        }
      }
      warned = update_registry(st, as_dict(once), text.value(), category);
    } else if (str_equal_ascii(what, "module")) {
      if (registry) warned = update_registry(st, as_dict(registry), text.value(), category);
    } else if (!str_equal_ascii(what, "default")) {
      return runtime_error("Unrecognized action ({}) in warnings.filters:\n {}", repr_for_message(action),
                           repr_for_message(item)),
             -1;
    }
  }
  if (warned != 0) return warned < 0 ? -1 : 0;
  return call_show_warning(category, text.value(), instance.value(), filename, lineno, lineno_object.value(),
                           source_line, source);
}

// importlib's own frames, skipped when counting stack levels.
bool is_internal_frame(Frame* frame) {
  if (!frame) return false;
  Value filename = Value(frame->code->filename);
  if (!is_str(filename)) return false;
  std::string_view text = str_utf8(filename);
  return text.find("importlib") != std::string_view::npos && text.find("_bootstrap") != std::string_view::npos;
}

// The warning's origin `stack_level` frames up (1: the running frame): its filename, line,
// module name and __warningregistry__ (made if missing). Without a frame: sys, line 1.
bool setup_context(int64_t stack_level, Ref<>* filename, int* lineno, Ref<>* module, Ref<>* registry) {
  ThreadState* thread = current_thread();
  Frame* frame = thread ? thread->frame : nullptr;
  // Stack levels count frames as Python code sees them; importlib's are invisible, unless
  // the warning comes from importlib itself.
  if (stack_level <= 0 || is_internal_frame(frame)) {
    while (--stack_level > 0 && frame) frame = frame->previous;
  } else {
    while (--stack_level > 0 && frame) {
      do {
        frame = frame->previous;
      } while (frame && is_internal_frame(frame));
    }
  }
  DictObject* globals;
  if (!frame) {
    globals = static_cast<DictObject*>(runtime().sys_dict);
    *filename = str_from_ascii("sys");
    *lineno = 1;
  } else {
    globals = static_cast<DictObject*>(frame->globals);
    *filename = new_ref(Value(frame->code->filename));
    *lineno = frame->line();
  }
  if (!*filename) return false;
  Ref<> keep_globals = new_ref(Value(globals));
  Value found = dict_get_str(globals, ID(__warningregistry__));
  if (found) {
    *registry = new_ref(found);
  } else {
    if (error_occurred()) return false;
    Ref<DictObject> fresh = dict_new();
    if (!fresh || !dict_set(globals, Value(ID(__warningregistry__)), fresh.value())) return false;
    *registry = std::move(fresh);
  }
  Value module_name = dict_get_str(globals, ID(__name__));
  if (module_name && (is_none(module_name) || is_str(module_name))) {
    *module = new_ref(module_name);
  } else {
    if (error_occurred()) return false;
    *module = str_from_ascii("<string>");
  }
  return bool(*module);
}

int do_warn(Value message, Value category, int64_t stack_level, Value source) {
  Ref<> filename, module, registry;
  int lineno;
  if (!setup_context(stack_level, &filename, &lineno, &module, &registry)) return -1;
  return warn_explicit_impl(category, message, filename.value(), lineno, module.value(), registry.value(),
                            Value(), source);
}

// loader.get_source(__name__)'s line `lineno` for warn_explicit's module_globals; null
// (maybe with an exception) when unavailable.
Ref<> get_source_line(DictObject* module_globals, int lineno) {
  Value loader = dict_get_str(module_globals, ID(__loader__));
  if (!loader) return nullptr;
  Ref<> keep_loader = new_ref(loader);
  Value module_name = dict_get_str(module_globals, ID(__name__));
  if (!module_name) return nullptr;
  Ref<> keep_name = new_ref(module_name);
  Ref<> get_source;
  if (get_attr_optional(loader, ID(get_source), &get_source) <= 0) return nullptr;
  Ref<> source = call1(get_source, module_name);
  if (!source || is_none(source)) return nullptr;
  // str.splitlines itself, as CPython's C code does: a subclass's override is not used.
  Value splitlines = type_lookup(&str_type, ID(splitlines));
  if (!is_str(source)) return type_error("Can't convert '{}' object to str implicitly", type_name(source));
  Ref<> lines = call1(splitlines, source);
  if (!lines) return nullptr;
  if (lineno < 1 || lineno > as_list(lines)->length) return index_error("list index out of range");
  return new_ref(as_list(lines)->items[lineno - 1]);
}

}  // namespace

int warn_object(Value message, Value category, int64_t stack_level, Value source) {
  int is_warning = is_instance(message, Value(&exc::Warning));
  if (is_warning < 0) return -1;
  if (is_warning) {
    category = Value(type_of(message));
  } else if (!category || is_none(category)) {
    category = Value(&exc::UserWarning);
  }
  int valid = type_has_flag(category, kTypeTypeSubclass) ? is_subclass(category, Value(&exc::Warning)) : 0;
  if (valid <= 0) {
    if (valid < 0) clear_error();
    return type_error("category must be a Warning subclass, not '{}'", type_name(category)), -1;
  }
  return do_warn(message, category, stack_level, source);
}

int warn(TypeObject& category, std::string_view message, int stack_level) {
  Ref<> text = str_from_utf8(message);
  if (!text) return -1;
  return do_warn(text.value(), Value(&category), stack_level, Value());
}

void warn_unawaited_coroutine(Value coroutine, Value qualname) {
  // warnings._warn_unawaited_coroutine adds the coroutine's origin (cr_origin) to the
  // message; it counts as done when it warned, even if the warning became an error.
  bool warned = false;
  Ref<> hook;
  if (warnings_attribute(str_intern_utf8("_warn_unawaited_coroutine"), true, &hook) > 0) {
    Ref<> result = call1(hook, coroutine);
    warned = result || error_matches(&exc::RuntimeWarning);
  }
  if (error_occurred()) write_unraisable_exception(nullptr, coroutine);
  if (warned) return;
  Ref<> text = str_from_utf8(format_message("coroutine '{}' was never awaited", str_utf8(qualname)));
  if (!text || do_warn(text.value(), Value(&exc::RuntimeWarning), 1, coroutine) < 0) {
    write_unraisable_exception(nullptr, coroutine);
  }
}

int warn_explicit(TypeObject& category, std::string_view message, Value filename, int lineno) {
  Ref<> text = str_from_utf8(message);
  if (!text) return -1;
  return warn_explicit_impl(Value(&category), text.value(), filename, lineno, Value(), Value(), Value(), Value());
}

int warn_explicit_object(Value message, Value category, Value filename, int lineno, Value module,
                         Value registry, Value module_globals, Value source) {
  Ref<> source_line;
  if (module_globals && !is_none(module_globals)) {
    if (!is_dict(module_globals)) {
      return type_error("module_globals must be a dict, not '{}'", type_name(module_globals)), -1;
    }
    source_line = get_source_line(as_dict(module_globals), lineno);
    if (!source_line && error_occurred()) return -1;
  }
  return warn_explicit_impl(category, message, filename, lineno, module, registry, source_line.value(), source);
}

Value warnings_filters() {
  Runtime::WarningsState* st = warnings_state();
  return st ? Value(st->filters) : Value();
}

Value warnings_once_registry() {
  Runtime::WarningsState* st = warnings_state();
  return st ? Value(st->once_registry) : Value();
}

Value warnings_default_action() {
  Runtime::WarningsState* st = warnings_state();
  return st ? Value(st->default_action) : Value();
}

void warnings_filters_mutated() { ++runtime().warnings.filters_version; }

}  // namespace krait
