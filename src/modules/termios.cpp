// The termios module: the POSIX tty calls (tcgetattr/tcsetattr, tcsendbreak, tcdrain,
// tcflush, tcflow) and the window-size ioctls, on fds given as ints or objects with
// fileno(), with termios.error(errno, strerror) and CPython 3.11's Linux constants.
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string_view>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

Object* termios_error = nullptr;  // termios.error (owned, made once)

// termios.error(errno, strerror) for the current errno (CPython's PyErr_SetFromErrno).
Raised raise_termios_error() {
  int saved_errno = errno;
  Ref<> number = int_from_int64(saved_errno);
  if (!number) return Raised();
  Ref<> message = str_from_utf8(std::strerror(saved_errno));
  if (!message) return Raised();
  Value args[2] = {number, message};
  return raise_with_args(static_cast<TypeObject*>(termios_error), args, 2);
}

// A C long taken as PyLong_AsLong does (via __index__), then truncated by the caller to
// the field's type as C's assignment does.
bool long_arg(Value v, int64_t* out) {
  if (!is_int(v) && (is_float(v) || !type_of(v)->to_index)) {
    return type_error("'{}' object cannot be interpreted as an integer", type_name(v));
  }
  return posix::int64_arg(v, out);
}

// PySequence_Check: has item access and is not a dict.
bool is_sequence(Value v) { return !is_dict(v) && type_of(v)->getitem != nullptr; }

Ref<> termios_tcgetattr(Value, const Value* args) {
  int fd;
  if (!posix::fildes_arg(args[0], &fd)) return nullptr;
  struct termios mode;
  if (tcgetattr(fd, &mode) == -1) return raise_termios_error();
  Ref<ListObject> cc = list_new(NCCS);
  if (!cc) return nullptr;
  for (int i = 0; i < NCCS; i++) {
    char c = char(mode.c_cc[i]);
    Ref<> item = bytes_from(std::string_view(&c, 1));
    if (!item) return nullptr;
    list_set_item_steal(cc.get(), i, item.release());
  }
  // Outside canonical mode VMIN and VTIME are counts, not characters.
  if ((mode.c_lflag & ICANON) == 0) {
    for (int index : {VMIN, VTIME}) {
      Ref<> count = int_from_int64(mode.c_cc[index]);
      if (!count) return nullptr;
      Value old = cc->items[index];
      cc->items[index] = count.release();
      decref(old);
    }
  }
  int64_t fields[6] = {int64_t(mode.c_iflag), int64_t(mode.c_oflag), int64_t(mode.c_cflag),
                       int64_t(mode.c_lflag), int64_t(cfgetispeed(&mode)), int64_t(cfgetospeed(&mode))};
  Ref<ListObject> result = list_new(7);
  if (!result) return nullptr;
  for (int i = 0; i < 6; i++) {
    Ref<> field = int_from_int64(fields[i]);
    if (!field) return nullptr;
    list_set_item_steal(result.get(), i, field.release());
  }
  list_set_item_steal(result.get(), 6, Value(cc.release_object()));
  return result;
}

Ref<> termios_tcsetattr(Value, const Value* args) {
  int fd, when;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &when)) return nullptr;
  Value attributes = args[2];
  if (!is_list(attributes) || as_list(attributes)->length != 7) {
    return type_error("tcsetattr, arg 3: must be 7 element list");
  }
  // Start from the current settings so fields the list does not carry are kept.
  struct termios mode;
  if (tcgetattr(fd, &mode) == -1) return raise_termios_error();
  // The list may be mutated by __index__ methods: hold its items.
  Ref<> items[7];
  for (int i = 0; i < 7; i++) items[i] = new_ref(as_list(attributes)->items[i]);
  int64_t fields[6];
  for (int i = 0; i < 6; i++) {
    if (!long_arg(items[i], &fields[i])) return nullptr;
  }
  mode.c_iflag = tcflag_t(fields[0]);
  mode.c_oflag = tcflag_t(fields[1]);
  mode.c_cflag = tcflag_t(fields[2]);
  mode.c_lflag = tcflag_t(fields[3]);
  Value cc = items[6];
  if (!is_list(cc) || as_list(cc)->length != NCCS) {
    return type_error("tcsetattr: attributes[6] must be {} element list", int64_t(NCCS));
  }
  for (int i = 0; i < NCCS && i < as_list(cc)->length; i++) {
    Ref<> item = new_ref(as_list(cc)->items[i]);
    if (is_bytes(item) && static_cast<BytesObject*>(item.get())->length == 1) {
      mode.c_cc[i] = cc_t(static_cast<BytesObject*>(item.get())->data[0]);
    } else if (is_int(item)) {
      int64_t value;
      if (!long_arg(item, &value)) return nullptr;
      mode.c_cc[i] = cc_t(value);
    } else {
      return type_error("tcsetattr: elements of attributes must be characters or integers");
    }
  }
  if (cfsetispeed(&mode, speed_t(fields[4])) == -1) return raise_termios_error();
  if (cfsetospeed(&mode, speed_t(fields[5])) == -1) return raise_termios_error();
  if (tcsetattr(fd, when, &mode) == -1) return raise_termios_error();
  return new_none();
}

Ref<> termios_tcsendbreak(Value, const Value* args) {
  int fd, duration;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &duration)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = tcsendbreak(fd, duration);
  }
  if (result == -1) return raise_termios_error();
  return new_none();
}

Ref<> termios_tcdrain(Value, const Value* args) {
  int fd;
  if (!posix::fildes_arg(args[0], &fd)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = tcdrain(fd);
  }
  if (result == -1) return raise_termios_error();
  return new_none();
}

Ref<> termios_tcflush(Value, const Value* args) {
  int fd, queue;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &queue)) return nullptr;
  if (tcflush(fd, queue) == -1) return raise_termios_error();
  return new_none();
}

Ref<> termios_tcflow(Value, const Value* args) {
  int fd, action;
  if (!posix::fildes_arg(args[0], &fd) || !posix::int_arg(args[1], &action)) return nullptr;
  if (tcflow(fd, action) == -1) return raise_termios_error();
  return new_none();
}

Ref<> termios_tcgetwinsize(Value, const Value* args) {
  int fd;
  if (!posix::fildes_arg(args[0], &fd)) return nullptr;
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) == -1) return raise_termios_error();
  Ref<> rows = int_from_int64(size.ws_row);
  if (!rows) return nullptr;
  Ref<> columns = int_from_int64(size.ws_col);
  if (!columns) return nullptr;
  Value items[2] = {rows, columns};
  return tuple_from_array(items, 2);
}

Ref<> termios_tcsetwinsize(Value, const Value* args) {
  int fd;
  if (!posix::fildes_arg(args[0], &fd)) return nullptr;
  Value winsize = args[1];
  if (!is_sequence(winsize)) return type_error("tcsetwinsize, arg 2: must be a two-item sequence");
  int64_t count = length(winsize);
  if (count < 0) return nullptr;
  if (count != 2) return type_error("tcsetwinsize, arg 2: must be a two-item sequence");
  int64_t values[2];
  for (int i = 0; i < 2; i++) {
    Ref<> index = int_from_int64(i);
    if (!index) return nullptr;
    Ref<> item = get_item(winsize, index);
    if (!item || !long_arg(item, &values[i])) return nullptr;
  }
  // The current size first: struct winsize has pixel fields that must be kept.
  struct winsize size;
  if (ioctl(fd, TIOCGWINSZ, &size) == -1) return raise_termios_error();
  size.ws_row = static_cast<unsigned short>(values[0]);
  size.ws_col = static_cast<unsigned short>(values[1]);
  if (int64_t(size.ws_row) != values[0] || int64_t(size.ws_col) != values[1]) {
    return overflow_error("winsize value(s) out of range.");
  }
  if (ioctl(fd, TIOCSWINSZ, &size) == -1) return raise_termios_error();
  return new_none();
}

const MethodDef termios_methods[] = {
    {.name = "tcgetattr", .impl = termios_tcgetattr, .signature = "($module, fd, /)",
     .doc = "Get the tty attributes for file descriptor fd.\n\n"
            "Returns a list [iflag, oflag, cflag, lflag, ispeed, ospeed, cc]\n"
            "where cc is a list of the tty special characters (each a string of\n"
            "length 1, except the items with indices VMIN and VTIME, which are\n"
            "integers when these fields are defined).  The interpretation of the\n"
            "flags and the speeds as well as the indexing in the cc array must be\n"
            "done using the symbolic constants defined in this module."},
    {.name = "tcsetattr", .impl = termios_tcsetattr, .signature = "($module, fd, when, attributes, /)",
     .doc = "Set the tty attributes for file descriptor fd.\n\n"
            "The attributes to be set are taken from the attributes argument, which\n"
            "is a list like the one returned by tcgetattr(). The when argument\n"
            "determines when the attributes are changed: termios.TCSANOW to\n"
            "change immediately, termios.TCSADRAIN to change after transmitting all\n"
            "queued output, or termios.TCSAFLUSH to change after transmitting all\n"
            "queued output and discarding all queued input."},
    {.name = "tcsendbreak", .impl = termios_tcsendbreak, .signature = "($module, fd, duration, /)",
     .doc = "Send a break on file descriptor fd.\n\n"
            "A zero duration sends a break for 0.25-0.5 seconds; a nonzero duration\n"
            "has a system dependent meaning."},
    {.name = "tcdrain", .impl = termios_tcdrain, .signature = "($module, fd, /)",
     .doc = "Wait until all output written to file descriptor fd has been transmitted."},
    {.name = "tcflush", .impl = termios_tcflush, .signature = "($module, fd, queue, /)",
     .doc = "Discard queued data on file descriptor fd.\n\n"
            "The queue selector specifies which queue: termios.TCIFLUSH for the input\n"
            "queue, termios.TCOFLUSH for the output queue, or termios.TCIOFLUSH for\n"
            "both queues."},
    {.name = "tcflow", .impl = termios_tcflow, .signature = "($module, fd, action, /)",
     .doc = "Suspend or resume input or output on file descriptor fd.\n\n"
            "The action argument can be termios.TCOOFF to suspend output,\n"
            "termios.TCOON to restart output, termios.TCIOFF to suspend input,\n"
            "or termios.TCION to restart input."},
    {.name = "tcgetwinsize", .impl = termios_tcgetwinsize, .signature = "($module, fd, /)",
     .doc = "Get the tty winsize for file descriptor fd.\n\nReturns a tuple (ws_row, ws_col)."},
    {.name = "tcsetwinsize", .impl = termios_tcsetwinsize, .signature = "($module, fd, winsize, /)",
     .doc = "Set the tty winsize for file descriptor fd.\n\n"
            "The winsize to be set is taken from the winsize argument, which\n"
            "is a two-item tuple (ws_row, ws_col) like the one returned by tcgetwinsize()."},
    {},
};

bool termios_exec(ModuleObject* module) {
  if (!termios_error) {
    Ref<> error = new_exception_type("termios.error", &exc::Exception);
    if (!error) return false;
    termios_error = error.release_object();
  }
  if (!module_add_object(module, "error", Value(termios_error))) return false;
#define KRAIT_TERMIOS_CONST(name, value) \
  if (!module_add_int(module, #name, int64_t(value))) return false;
#include "modules/termios_constants.inc"
#undef KRAIT_TERMIOS_CONST
  return true;
}

}  // namespace

extern const ModuleDef module_termios = {
    .name = "termios",
    .doc = "This module provides an interface to the Posix calls for tty I/O control.\n"
           "For a complete description of these calls, see the Posix or Unix manual\n"
           "pages. It is only available for those Unix versions that support Posix\n"
           "termios style tty I/O control.\n\n"
           "All functions in this module take a file descriptor fd as their first\n"
           "argument. This can be an integer file descriptor, such as returned by\n"
           "sys.stdin.fileno(), or a file object, such as sys.stdin itself.",
    .methods = termios_methods,
    .exec = termios_exec,
};

}  // namespace krait
