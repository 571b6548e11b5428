// _string: the two helpers string.Formatter uses, over the format-string parser of str
// (objects/str_format.h).
#include "modules/module_def.h"
#include "objects/str.h"
#include "objects/str_format.h"
#include "objects/text_internal.h"

namespace krait {

namespace {

Ref<> formatter_parser(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("expected str, got {}", type_name(args[0]));
  return string_formatter_parser(args[0]);
}

Ref<> formatter_field_name_split(Value, const Value* args) {
  if (!is_str(args[0])) return type_error("expected str, got {}", type_name(args[0]));
  return string_formatter_field_name_split(args[0]);
}

const MethodDef string_methods[] = {
    {.name = "formatter_parser", .impl = formatter_parser, .signature = "($module, format_string, /)",
     .doc = "parse the argument as a format string"},
    {.name = "formatter_field_name_split", .impl = formatter_field_name_split,
     .signature = "($module, field_name, /)", .doc = "split the argument as a field name"},
    {},
};

}  // namespace

extern const ModuleDef module__string = {
    .name = "_string",
    .doc = "string helper module",
    .methods = string_methods,
};

}  // namespace krait
