// run_core: runs a Python file on the bare runtime (types, builtins, sys) without the
// import system or io, with sys.stdout/stderr bound to a minimal writer defined here.
// For debugging the VM independently of the stdlib:  run_core FILE
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "compile/compiler.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "objects/code.h"
#include "objects/dict.h"
#include "objects/module.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/type_internal.h"
#include "runtime/bootstrap.h"
#include "runtime/errors.h"
#include "runtime/runtime.h"
#include "vm/eval.h"

namespace {

using namespace krait;

Ref<> writer_write(Value self, const Value* args) {
  if (!is_str(args[0])) return type_error("write() argument must be str");
  std::string_view text = str_utf8(args[0]);
  std::fwrite(text.data(), 1, text.size(), self == Value() ? stdout : stdout);
  return new_none();
}

Ref<> writer_flush(Value self, const Value* args) {
  std::fflush(stdout);
  return new_none();
}

const MethodDef writer_methods[] = {
    {.name = "write", .impl = writer_write, .signature = "($self, text, /)"},
    {.name = "flush", .impl = writer_flush, .signature = "($self, /)"},
    {},
};

TypeObject writer_type{TypeSpec{
    .name = "run_core.Writer",
    .basic_size = sizeof(Object),
    .slots = {.dealloc = dealloc_plain, .getattr = generic_get_attr},
    .methods = writer_methods,
}};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: run_core FILE\n");
    return 2;
  }
  Config config;
  config.argv = {argv[1]};
  if (!runtime_core_start(config)) return 1;
  if (!type_ready(&writer_type)) return 1;
  Object* writer = allocate_object(&writer_type, sizeof(Object));
  auto* sys = static_cast<DictObject*>(runtime().sys_dict);
  dict_set_str(sys, "stdout", Value(writer));
  dict_set_str(sys, "stderr", Value(writer));
  std::ifstream file(argv[1]);
  std::stringstream buffer;
  buffer << file.rdbuf();
  Ref<> filename = str_from_utf8(argv[1]);
  Ref<CodeObject> code = compile_source(buffer.str(), filename, CompileMode::Exec, 0, 0);
  if (!code) {
    print_uncaught_exception();
    return 1;
  }
  Ref<DictObject> globals = dict_new();
  dict_set_str(globals.get(), "__name__", Value(str_intern_utf8("__main__")));
  dict_set_str(globals.get(), "__builtins__", Value(runtime().builtins_module));
  Ref<> result = eval_code(code.get(), globals.value(), globals.value());
  if (!result) {
    print_uncaught_exception();
    return 1;
  }
  return 0;
}
