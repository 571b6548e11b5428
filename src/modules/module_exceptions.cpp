// Exception classes made by native modules, built the way `class error(Exception)` would
// be: type(name, bases, {'__module__': ..., '__doc__': ...}).
#include "modules/module_exceptions.h"

#include "core/ops.h"
#include "objects/dict.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

Ref<> new_exception_type_with_bases(std::string_view name, Value bases, const char* doc) {
  size_t dot = name.rfind('.');
  std::string_view module = dot == std::string_view::npos ? std::string_view("builtins") : name.substr(0, dot);
  std::string_view short_name = dot == std::string_view::npos ? name : name.substr(dot + 1);
  Ref<> name_str = str_from_utf8(short_name);
  Ref<> module_str = str_from_utf8(module);
  Ref<DictObject> namespace_dict = dict_new();
  if (!name_str || !module_str || !namespace_dict ||
      !dict_set_str(namespace_dict.get(), "__module__", module_str)) {
    return nullptr;
  }
  if (doc) {
    Ref<> doc_str = str_from_utf8(doc);
    if (!doc_str || !dict_set_str(namespace_dict.get(), "__doc__", doc_str)) return nullptr;
  }
  return call3(Value(&type_type), name_str, bases, namespace_dict.value());
}

Ref<> new_exception_type(std::string_view name, TypeObject* base, const char* doc) {
  Ref<> bases = tuple_of({Value(base)});
  if (!bases) return nullptr;
  return new_exception_type_with_bases(name, bases, doc);
}

}  // namespace krait
