// Warnings from C++; see warnings.h.
#include "runtime/warnings.h"

#include <cstdio>
#include <string>

#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/exceptions.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/import.h"
#include "runtime/runtime.h"
#include "vm/frame.h"

namespace krait {

namespace {

// The warnings module, imported on first use once the import system works (CPython's C
// _warnings applies the filters itself; krait lets warnings.py do it). Null while it is
// being imported, before import works, or at shutdown: then warnings are printed here.
Value loaded_warnings_module() {
  Runtime& rt = runtime();
  Value m = dict_get_utf8(static_cast<DictObject*>(rt.modules), "warnings");
  if (m && !is_none(m)) return rt.importing_warnings ? Value() : m;
  if (!rt.importlib || rt.finalizing || rt.importing_warnings) return Value();
  rt.importing_warnings = true;
  Ref<> module = import_module_by_name("warnings");
  rt.importing_warnings = false;
  if (!module) {
    clear_error();
    return Value();
  }
  return dict_get_utf8(static_cast<DictObject*>(rt.modules), "warnings");
}

// -W options seen before warnings.py exists: "error", "ignore" or "default" for a category.
std::string early_action_for(TypeObject* category) {
  std::string action = "default";
  for (const std::string& option : runtime().config.warnoptions) {
    std::string what = option.substr(0, option.find(':'));
    std::string rest = option.find(':') == std::string::npos ? "" : option.substr(option.find(':') + 1);
    // action:message:category — only the category part matters this early.
    size_t second = rest.find(':');
    std::string category_name = second == std::string::npos ? "" : rest.substr(second + 1);
    category_name = category_name.substr(0, category_name.find(':'));
    if (!category_name.empty() && category_name != type_short_name(category)) continue;
    if (what == "error" || what == "ignore" || what == "default" || what == "always") action = what;
  }
  return action;
}

// A warning at filename:line when warnings.py is not available.
int early_warning_at(TypeObject* category, std::string_view message, std::string_view filename, int line) {
  std::string action = early_action_for(category);
  if (action == "ignore") return 0;
  if (action == "error") return raise_message(category, message), -1;
  // DeprecationWarning and friends are ignored by default outside __main__.
  if (is_subtype(category, &exc::DeprecationWarning) || is_subtype(category, &exc::PendingDeprecationWarning) ||
      is_subtype(category, &exc::ImportWarning) || is_subtype(category, &exc::ResourceWarning)) {
    if (action == "default") return 0;
  }
  std::fprintf(stderr, "%.*s:%d: %s: %.*s\n", int(filename.size()), filename.data(), line,
               type_short_name(category).c_str(), int(message.size()), message.data());
  return 0;
}

// A warning attributed to the frame `stack_level` levels up when warnings.py is not available.
int early_warning(TypeObject* category, std::string_view message, int stack_level) {
  Frame* frame = current_thread() ? current_thread()->frame : nullptr;
  for (int i = 1; frame && i < stack_level; ++i) frame = frame->previous;
  if (!frame) return early_warning_at(category, message, "sys", 1);
  return early_warning_at(category, message, str_utf8(Value(frame->code->filename)), frame->line());
}

}  // namespace

int warn_object(Value message, Value category, int stack_level, Value source) {
  if (!category || is_none(category)) {
    category = is_exception_instance(message) ? Value(type_of(message)) : Value(&exc::UserWarning);
  }
  Value module = loaded_warnings_module();
  if (module) {
    Ref<> keep = new_ref(module);
    Ref<> warn_fn = get_attr(module, "warn");
    if (!warn_fn) return -1;
    Value args[4] = {message, category, Value::small_int(stack_level), source ? source : None()};
    return call(warn_fn, args, 4) ? 0 : -1;
  }
  if (!type_has_flag(category, kTypeTypeSubclass)) return type_error("category must be a Warning subclass, not '{}'", type_name(category)), -1;
  Ref<StrObject> text = str(message);
  if (!text) return -1;
  return early_warning(static_cast<TypeObject*>(category.as_object()), str_utf8(text.get()), stack_level);
}

int warn(TypeObject& category, std::string_view message, int stack_level) {
  if (!loaded_warnings_module()) return early_warning(&category, message, stack_level);
  Ref<> text = str_from_utf8(message);
  if (!text) return -1;
  return warn_object(text, Value(&category), stack_level, Value());
}

int warn_explicit(TypeObject& category, std::string_view message, Value filename, int lineno) {
  Value module = loaded_warnings_module();
  if (!module) return early_warning_at(&category, message, str_utf8(filename), lineno);
  Ref<> keep = new_ref(module);
  Ref<> warn_explicit_fn = get_attr(module, "warn_explicit");
  Ref<> text = str_from_utf8(message);
  if (!warn_explicit_fn || !text) return -1;
  Value args[4] = {text.value(), Value(&category), filename, Value::small_int(lineno)};
  return call(warn_explicit_fn, args, 4) ? 0 : -1;
}

int warn_explicit_forward(const Value* args, size_t nargs, TupleObject* kwnames) {
  Value module = loaded_warnings_module();
  if (!module) {
    if (nargs < 2) return type_error("warn_explicit() missing required arguments"), -1;
    Ref<StrObject> text = str(args[0]);
    if (!text) return -1;
    TypeObject* category = type_has_flag(args[1], kTypeTypeSubclass) ? static_cast<TypeObject*>(args[1].as_object())
                                                                      : &exc::UserWarning;
    return early_warning(category, str_utf8(text.get()), 1);
  }
  Ref<> keep = new_ref(module);
  Ref<> fn = get_attr(module, "warn_explicit");
  if (!fn) return -1;
  return call(fn, args, nargs, kwnames) ? 0 : -1;
}

}  // namespace krait
