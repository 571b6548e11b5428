// The preliminary sys.stderr (CPython's "stderrprinter"): a minimal text writer on fd 2
// installed before the import system exists, so that importlib's -v messages and early
// errors have somewhere to go. init_stdio replaces it with the io stack.
#include "runtime/std_printer.h"

#include <unistd.h>

#include <cerrno>

#include "core/alloc.h"
#include "core/error.h"
#include "core/ops.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"

namespace krait {

namespace {

struct StdPrinterObject : Object {
  int fd;
};

int fd_of(Value self) { return static_cast<StdPrinterObject*>(self.as_object())->fd; }

Ref<> printer_write(Value self, const Value* args) {
  if (!is_str(args[0])) return type_error("write() argument must be str, not {}", type_name(args[0]));
  std::string_view text = str_utf8(args[0]);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd_of(self), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // as CPython's printer: output errors are ignored
    done += size_t(n);
  }
  return int_from_int64(int64_t(as_str(args[0])->length));
}

Ref<> printer_flush(Value, const Value*) { return new_none(); }
Ref<> printer_fileno(Value self, const Value*) { return int_from_small(fd_of(self)); }
Ref<> printer_isatty(Value self, const Value*) { return new_bool(::isatty(fd_of(self)) == 1); }
Ref<> printer_repr(Value self) { return str_from_utf8(format_message("<stderrprinter(fd={}) object at {}>", fd_of(self), address_text(self.as_object()))); }
Ref<> printer_closed(Value) { return new_bool(false); }
Ref<> printer_mode(Value) { return str_from_ascii("w"); }
Ref<> printer_encoding(Value) { return new_none(); }

const MethodDef printer_methods[] = {
    {.name = "write", .impl = printer_write, .signature = "($self, text, /)"},
    {.name = "flush", .impl = printer_flush, .signature = "($self, /)"},
    {.name = "fileno", .impl = printer_fileno, .signature = "($self, /)"},
    {.name = "isatty", .impl = printer_isatty, .signature = "($self, /)"},
    {},
};

const GetSetDef printer_getsets[] = {
    {"closed", printer_closed},
    {"mode", printer_mode},
    {"encoding", printer_encoding},
    {},
};

}  // namespace

TypeObject stderr_printer_type{TypeSpec{
    .name = "stderrprinter",
    .basic_size = sizeof(StdPrinterObject),
    .slots = {.repr = printer_repr, .getattr = generic_get_attr},
    .methods = printer_methods,
    .getsets = printer_getsets,
}};

Ref<> std_printer_new(int fd) {
  auto* printer = allocate<StdPrinterObject>(&stderr_printer_type);
  if (!printer) return nullptr;
  printer->fd = fd;
  return Ref<>::steal(Value(printer));
}

}  // namespace krait
