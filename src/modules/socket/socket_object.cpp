// The _socket.socket type: creation (new descriptors, adopted ones, socketpair's), the I/O
// methods and CPython's timeout model. A socket with a timeout keeps its descriptor
// non-blocking and waits with poll() before each call; every system call runs without the
// GIL; a call interrupted by a signal runs the Python handlers and is retried with what is
// left of the timeout (PEP 475). Unclosed sockets warn (ResourceWarning) when finalized.
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/if_alg.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <vector>

#include "core/alloc.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/socket/legacy_args.h"
#include "modules/socket/socket_internal.h"
#include "objects/bytes.h"
#include "objects/float.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gil.h"
#include "runtime/signals.h"
#include "runtime/warnings.h"

namespace krait::socket_module {

using socket_args::BufferHolder;

namespace {

// Largest value to keep in a socklen_t for ancillary data (CPython's SOCKLEN_T_LIMIT).
constexpr size_t kSocklenLimit = 0x7fffffff;

// --- Waiting and calling (CPython's internal_select and sock_call_ex) ---

// Waits until the socket is readable (or writable); 0 ready, 1 timed out, -1 error (errno).
// A closed socket is "ready": the call that follows reports EBADF.
int wait_ready(SocketObject* s, bool writing, TimeNs interval, bool connect) {
  if (s->fd == -1) return 0;
  struct pollfd p;
  p.fd = s->fd;
  p.events = short(writing ? POLLOUT : POLLIN);
  if (connect) p.events |= POLLERR;
  p.revents = 0;
  int64_t ms = interval < 0 ? -1 : time_divide(interval, 1000000, TimeRounding::Ceiling);
  if (ms > INT_MAX) ms = INT_MAX;
  int n;
  {
    ReleaseGil released;
    n = poll(&p, 1, int(ms));
  }
  if (n < 0) return -1;
  return n == 0 ? 1 : 0;
}

// Runs `call` (which returns true on success and leaves errno otherwise) with the GIL
// released. With a timeout (or for connect), waits for readiness first; retries after
// EINTR once the signal handlers ran, and after EAGAIN when the wait gave a false
// positive. Returns 0 on success. On failure returns -1: with an exception set when `err`
// is null, else with *err = errno (or -1 when a signal handler raised).
template <class Call>
int socket_call(SocketObject* s, bool writing, Call&& call, bool connect, int* err, TimeNs timeout) {
  bool has_timeout = timeout > 0;
  TimeNs deadline = 0;
  bool deadline_set = false;
  for (;;) {
    if (has_timeout || connect) {
      int ready;
      if (has_timeout) {
        TimeNs interval;
        if (deadline_set) {
          interval = deadline - monotonic_ns();
        } else {
          deadline_set = true;
          deadline = monotonic_ns() + timeout;
          interval = timeout;
        }
        ready = interval >= 0 ? wait_ready(s, writing, interval, connect) : 1;
      } else {
        ready = wait_ready(s, writing, timeout, connect);
      }
      if (ready == -1) {
        int e = errno;
        if (err) *err = e;
        if (e == EINTR) {
          if (run_pending_signal_handlers() < 0) {
            if (err) *err = -1;
            return -1;
          }
          continue;
        }
        socket_error(e);
        return -1;
      }
      if (ready == 1) {
        if (err) *err = EWOULDBLOCK;
        else raise(exc::TimeoutError, "timed out");
        return -1;
      }
    }
    int e;
    for (;;) {
      bool ok;
      {
        ReleaseGil released;
        ok = call();
        e = errno;
      }
      if (ok) {
        if (err) *err = 0;
        return 0;
      }
      if (err) *err = e;
      if (e != EINTR) break;
      if (run_pending_signal_handlers() < 0) {
        if (err) *err = -1;
        return -1;
      }
    }
    // A false positive of poll() (e.g. a datagram dropped for a bad checksum): wait again.
    if (s->timeout > 0 && (e == EWOULDBLOCK || e == EAGAIN)) continue;
    if (!err) socket_error(e);
    return -1;
  }
}

template <class Call>
bool socket_call(SocketObject* s, bool writing, Call&& call) {
  return socket_call(s, writing, call, false, nullptr, s->timeout) == 0;
}

bool set_blocking(SocketObject* s, bool block) {
  int nonblocking = block ? 0 : 1;
  if (ioctl(s->fd, FIONBIO, &nonblocking) == -1) return socket_error(errno);
  return true;
}

// Fills a new socket object (CPython's init_sockobject).
bool init_socket(SocketObject* s, int fd, int family, int type, int proto) {
  s->fd = fd;
  s->family = family;
  s->type = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);
  s->proto = proto;
  if (type & SOCK_NONBLOCK) {
    s->timeout = 0;
  } else {
    s->timeout = default_timeout;
    if (s->timeout >= 0 && !set_blocking(s, false)) return false;
  }
  return true;
}

// A bytes object of exactly `used` bytes from one allocated with room for more.
Ref<> bytes_of_length(Ref<BytesObject> buffer, int64_t used) {
  if (used == buffer->length) return buffer;
  if (used <= 1 || used * 2 < buffer->length) return bytes_from({buffer->data, size_t(used)});
  buffer->length = used;
  buffer->data[used] = 0;
  return buffer;
}

// --- Lifecycle ---

Ref<> socket_new(TypeObject* type, const Value*, size_t, TupleObject*) {
  auto* s = allocate<SocketObject>(type, size_t(type->basic_size));
  if (!s) return nullptr;
  s->fd = -1;
  s->timeout = -1;
  gc_track(s);
  return Ref<>::steal(Value(s));
}

// An int file descriptor argument (CPython's PyLong_AsSocket_t, a C long).
bool fd_arg(Value v, int64_t* out) {
  if (v.is_small_int()) {
    *out = v.as_small_int();
    return true;
  }
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) return overflow_error("Python int too large to convert to C long");
  return true;
}

int socket_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  SocketObject* s = as_socket(self);
  Value values[4];
  if (!socket_args::bind_keywords("socket", {"family", "type", "proto", "fileno"}, 0, args, nargs,
                                  kwnames, values)) {
    return -1;
  }
  int family = -1, type = -1, proto = -1;
  if ((values[0] && !socket_args::int_arg(values[0], &family)) ||
      (values[1] && !socket_args::int_arg(values[1], &type)) ||
      (values[2] && !socket_args::int_arg(values[2], &proto))) {
    return -1;
  }
  int fd;
  if (values[3] && !is_none(values[3])) {
    int64_t given;
    if (!fd_arg(values[3], &given)) return -1;
    if (given < 0) return value_error("negative file descriptor");
    fd = given > INT_MAX ? -1 : int(given);
    // The descriptor must be a socket; the family, type and protocol come from it.
    SocketAddress address;
    socklen_t length = sizeof(address);
    std::memset(&address, 0, sizeof(address));
    if (fd < 0) {
      errno = EBADF;
      return socket_error(errno);
    }
    if (getsockname(fd, &address.any, &length) == 0) {
      if (family == -1) family = address.any.sa_family;
    } else if (family == -1 || errno == EBADF || errno == ENOTSOCK) {
      return socket_error(errno);
    }
    if (type == -1) {
      socklen_t size = sizeof(type);
      if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &size) != 0) return socket_error(errno);
    }
    if (proto == -1) {
      socklen_t size = sizeof(proto);
      if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &size) != 0) return socket_error(errno);
    }
  } else {
    if (family == -1) family = AF_INET;
    if (type == -1) type = SOCK_STREAM;
    if (proto == -1) proto = 0;
    {
      ReleaseGil released;
      fd = ::socket(family, type | SOCK_CLOEXEC, proto);
    }
    if (fd < 0) return socket_error(errno);
  }
  if (!init_socket(s, fd, family, type, proto)) {
    ::close(fd);
    s->fd = -1;
    return -1;
  }
  return 0;
}

void socket_finalize(Object* o) {
  SocketObject* s = static_cast<SocketObject*>(o);
  if (s->fd == -1) return;
  Ref<> pending = fetch_error();
  // Warn before closing, so a logger can still call methods of the socket.
  Ref<StrObject> text = repr(Value(o));
  if (!text) {
    clear_error();
  } else {
    Ref<> message = str_from_utf8(format_message("unclosed {}", str_utf8(text.get())));
    if (!message || warn_object(message, Value(&exc::ResourceWarning), 1, Value(o)) < 0) {
      if (error_matches(&exc::Warning)) write_unraisable_exception(nullptr, Value(o));
      clear_error();
    }
  }
  int fd = s->fd;
  s->fd = -1;
  if (fd != -1) {
    ReleaseGil released;
    ::close(fd);
  }
  restore_error(std::move(pending));
}

void socket_dealloc(Object* o) {
  if (call_finalizer_from_dealloc(o)) return;
  gc_untrack(o);
  free_object(o);
}

void socket_traverse(Object*, VisitFn, void*) {}

Ref<> socket_repr(Value self) {
  SocketObject* s = as_socket(self);
  return str_from_utf8(format_message("<socket object, fd={}, family={}, type={}, proto={}>", s->fd,
                                      s->family, s->type, s->proto));
}

// --- Simple methods ---

Ref<> socket_close(Value self, const Value*) {
  SocketObject* s = as_socket(self);
  int fd = s->fd;
  if (fd != -1) {
    s->fd = -1;
    int result;
    {
      // Not retried after EINTR: the descriptor is gone either way on Linux.
      ReleaseGil released;
      result = ::close(fd);
    }
    // The peer may already have reset the connection; that is not an error here.
    if (result < 0 && errno != ECONNRESET) return socket_error(errno);
  }
  return new_none();
}

Ref<> socket_detach(Value self, const Value*) {
  SocketObject* s = as_socket(self);
  int fd = s->fd;
  s->fd = -1;
  return int_from_int64(fd);
}

Ref<> socket_fileno(Value self, const Value*) { return int_from_int64(as_socket(self)->fd); }

Ref<> socket_gettimeout(Value self, const Value*) { return timeout_to_object(as_socket(self)->timeout); }
Ref<> socket_get_timeout(Value self) { return timeout_to_object(as_socket(self)->timeout); }

Ref<> socket_getblocking(Value self, const Value*) { return new_bool(as_socket(self)->timeout != 0); }

Ref<> socket_setblocking(Value self, const Value* args) {
  int block = is_true(args[0]);
  if (block < 0) return nullptr;
  SocketObject* s = as_socket(self);
  s->timeout = block ? -1 : 0;
  if (!set_blocking(s, block)) return nullptr;
  return new_none();
}

Ref<> socket_settimeout(Value self, const Value* args) {
  TimeNs timeout;
  if (!parse_timeout(args[0], &timeout)) return nullptr;
  SocketObject* s = as_socket(self);
  s->timeout = timeout;
  // A timeout other than None keeps the descriptor non-blocking: waits use poll().
  if (!set_blocking(s, timeout < 0)) return nullptr;
  return new_none();
}

Ref<> socket_shutdown(Value self, const Value* args) {
  int64_t how;
  if (!fd_arg(args[0], &how)) return nullptr;
  if (how > INT_MAX || how < INT_MIN) return overflow_error("Python int too large to convert to C int");
  SocketObject* s = as_socket(self);
  int result;
  {
    ReleaseGil released;
    result = ::shutdown(s->fd, int(how));
  }
  if (result < 0) return socket_error(errno);
  return new_none();
}

Ref<> socket_listen(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.listen", kwnames) || !socket_args::check_count("listen", nargs, 0, 1)) {
    return nullptr;
  }
  // A backlog large enough for common loads without wasting kernel memory.
  int backlog = std::min(SOMAXCONN, 128);
  if (nargs && !socket_args::int_arg(args[0], &backlog)) return nullptr;
  if (backlog < 0) backlog = 0;
  SocketObject* s = as_socket(self);
  int result;
  {
    ReleaseGil released;
    result = ::listen(s->fd, backlog);
  }
  if (result < 0) return socket_error(errno);
  return new_none();
}

// getsockname() / getpeername().
template <int (*Query)(int, struct sockaddr*, socklen_t*)>
Ref<> socket_name(Value self, const Value*) {
  SocketObject* s = as_socket(self);
  socklen_t length;
  if (!address_length(s, &length)) return nullptr;
  SocketAddress address;
  std::memset(&address, 0, sizeof(address));
  int result;
  {
    ReleaseGil released;
    result = Query(s->fd, &address.any, &length);
  }
  if (result < 0) return socket_error(errno);
  return make_address(s->fd, &address.any, length, s->proto);
}

Ref<> socket_bind(Value self, const Value* args) {
  SocketObject* s = as_socket(self);
  SocketAddress address;
  socklen_t length;
  if (!parse_address(s, args[0], &address, &length, "bind")) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = ::bind(s->fd, &address.any, length);
  }
  if (result < 0) return socket_error(errno);
  return new_none();
}

// connect() and connect_ex(): 0 when connected; with `raise_error`, -1 with an exception
// on failure; otherwise the errno of a failed connection (-1 with an exception for other
// errors).
int socket_connect_to(SocketObject* s, const SocketAddress& address, socklen_t length, bool raise_error) {
  int result, err;
  {
    ReleaseGil released;
    result = ::connect(s->fd, &address.any, length);
    err = errno;
  }
  if (result == 0) return 0;
  bool wait_connect;
  if (err == EINTR) {
    if (run_pending_signal_handlers() < 0) return -1;
    // Interrupted, the connection goes on in the background: blocking sockets and those
    // with a timeout wait for it; non-blocking ones report EINTR.
    wait_connect = s->timeout != 0;
  } else {
    wait_connect = s->timeout > 0 && err == EINPROGRESS;
  }
  if (!wait_connect) {
    if (raise_error) return socket_error(err);
    return err;
  }
  auto check = [s] {
    int status;
    socklen_t size = sizeof(status);
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &status, &size)) return false;
    if (status == EISCONN || status == 0) return true;
    errno = status;
    return false;
  };
  if (raise_error) return socket_call(s, true, check, true, nullptr, s->timeout) < 0 ? -1 : 0;
  if (socket_call(s, true, check, true, &err, s->timeout) < 0) return err;
  return 0;
}

Ref<> socket_connect(Value self, const Value* args) {
  SocketObject* s = as_socket(self);
  SocketAddress address;
  socklen_t length;
  if (!parse_address(s, args[0], &address, &length, "connect")) return nullptr;
  if (socket_connect_to(s, address, length, true) < 0) return nullptr;
  return new_none();
}

Ref<> socket_connect_ex(Value self, const Value* args) {
  SocketObject* s = as_socket(self);
  SocketAddress address;
  socklen_t length;
  if (!parse_address(s, args[0], &address, &length, "connect_ex")) return nullptr;
  int result = socket_connect_to(s, address, length, false);
  if (result == -1 && error_occurred()) return nullptr;
  return int_from_int64(result);
}

Ref<> socket_accept(Value self, const Value*) {
  SocketObject* s = as_socket(self);
  socklen_t length;
  if (!address_length(s, &length)) return nullptr;
  SocketAddress address;
  std::memset(&address, 0, sizeof(address));
  int fd = -1;
  if (!socket_call(s, false, [&] {
        fd = ::accept4(s->fd, &address.any, &length, SOCK_CLOEXEC);
        return fd >= 0;
      })) {
    return nullptr;
  }
  Ref<> address_object = make_address(s->fd, &address.any, length, s->proto);
  if (!address_object) {
    ::close(fd);
    return nullptr;
  }
  return tuple_steal({Value::small_int(fd), address_object.release()});
}

// --- Options ---

Ref<> socket_getsockopt(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.getsockopt", kwnames) ||
      !socket_args::check_count("getsockopt", nargs, 2, 3)) {
    return nullptr;
  }
  int level, option, buffer_length = 0;
  if (!socket_args::int_arg(args[0], &level) || !socket_args::int_arg(args[1], &option) ||
      (nargs > 2 && !socket_args::int_arg(args[2], &buffer_length))) {
    return nullptr;
  }
  SocketObject* s = as_socket(self);
  if (buffer_length == 0) {
    if (s->family == AF_VSOCK) {
      uint64_t value = 0;
      socklen_t size = sizeof(value);
      if (getsockopt(s->fd, level, option, &value, &size) < 0) return socket_error(errno);
      return int_from_uint64(value);
    }
    int value = 0;
    socklen_t size = sizeof(value);
    if (getsockopt(s->fd, level, option, &value, &size) < 0) return socket_error(errno);
    return int_from_int64(value);
  }
  if (s->family == AF_VSOCK) return raise(exc::OSError, "getsockopt string buffer not allowed");
  if (buffer_length < 0 || buffer_length > 1024) return raise(exc::OSError, "getsockopt buflen out of range");
  char buffer[1024];
  socklen_t size = socklen_t(buffer_length);
  if (getsockopt(s->fd, level, option, buffer, &size) < 0) return socket_error(errno);
  return bytes_from({buffer, size_t(size)});
}

Ref<> socket_setsockopt(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.setsockopt", kwnames)) return nullptr;
  SocketObject* s = as_socket(self);
  int level, option, result;
  // Three forms, tried in CPython's order: an int value, (None, optlen), a buffer. The
  // last form's errors are the ones reported.
  if (s->family == AF_VSOCK) {
    if (!socket_args::check_count("setsockopt", nargs, 3, 3) || !socket_args::int_arg(args[0], &level) ||
        !socket_args::int_arg(args[1], &option)) {
      return nullptr;
    }
    Ref<> index = number_index(args[2]);
    uint64_t value;
    if (!index) return nullptr;
    if (int_sign(index) < 0) return overflow_error("can't convert negative int to unsigned");
    mpz_t z;
    mpz_init(z);
    int_to_mpz(index, z);
    bool fits = mpz_sizeinbase(z, 2) <= 64;
    value = 0;
    if (fits) mpz_export(&value, nullptr, -1, sizeof(value), 0, 0, z);
    mpz_clear(z);
    if (!fits) return overflow_error("int too big to convert");
    result = setsockopt(s->fd, level, option, &value, sizeof(value));
  } else {
    int flag;
    unsigned optlen;
    if (nargs == 3 && socket_args::int_arg(args[0], &level) && socket_args::int_arg(args[1], &option) &&
        socket_args::int_arg(args[2], &flag)) {
      result = setsockopt(s->fd, level, option, &flag, sizeof(flag));
    } else if (clear_error(), nargs == 4 && socket_args::int_arg(args[0], &level) &&
                                  socket_args::int_arg(args[1], &option) && is_none(args[2]) &&
                                  socket_args::uint_mask_arg(args[3], &optlen)) {
      result = setsockopt(s->fd, level, option, nullptr, optlen);
    } else {
      clear_error();
      BufferHolder value;
      if (!socket_args::check_count("setsockopt", nargs, 3, 3) || !socket_args::int_arg(args[0], &level) ||
          !socket_args::int_arg(args[1], &option) || !value.get(args[2])) {
        return nullptr;
      }
      result = setsockopt(s->fd, level, option, value.data(), socklen_t(value.length()));
    }
  }
  if (result < 0) return socket_error(errno);
  return new_none();
}

// --- Receiving ---

// recv() into `buffer`; -1 with an exception set on failure.
int64_t receive_into(SocketObject* s, char* buffer, int64_t length, int flags) {
  // Nothing to read: no system call.
  if (length == 0) return 0;
  ssize_t n = -1;
  if (!socket_call(s, false, [&] {
        n = ::recv(s->fd, buffer, size_t(length), flags);
        return n >= 0;
      })) {
    return -1;
  }
  return n;
}

// recvfrom() into `buffer`; the sender's address in *address.
int64_t receive_from(SocketObject* s, char* buffer, int64_t length, int flags, Ref<>* address) {
  socklen_t address_size;
  if (!address_length(s, &address_size)) return -1;
  SocketAddress from;
  socklen_t from_length = address_size;
  ssize_t n = -1;
  if (!socket_call(s, false, [&] {
        std::memset(&from, 0, address_size);
        from_length = address_size;
        n = ::recvfrom(s->fd, buffer, size_t(length), flags, &from.any, &from_length);
        return n >= 0;
      })) {
    return -1;
  }
  *address = make_address(s->fd, &from.any, from_length, s->proto);
  if (!*address) return -1;
  return n;
}

bool size_and_flags(const char* name, const char* qualified, const Value* args, size_t nargs,
                    TupleObject* kwnames, int64_t* size, int* flags) {
  *flags = 0;
  return socket_args::no_keywords(qualified, kwnames) && socket_args::check_count(name, nargs, 1, 2) &&
         socket_args::ssize_arg(args[0], size) && (nargs < 2 || socket_args::int_arg(args[1], flags));
}

Ref<> socket_recv(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  int64_t size;
  int flags;
  if (!size_and_flags("recv", "socket.recv", args, nargs, kwnames, &size, &flags)) return nullptr;
  if (size < 0) return value_error("negative buffersize in recv");
  Ref<BytesObject> buffer = bytes_allocate(size);
  if (!buffer) return nullptr;
  int64_t n = receive_into(as_socket(self), size ? buffer->data : nullptr, size, flags);
  if (n < 0) return nullptr;
  return bytes_of_length(std::move(buffer), n);
}

Ref<> socket_recvfrom(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  int64_t size;
  int flags;
  if (!size_and_flags("recvfrom", "socket.recvfrom", args, nargs, kwnames, &size, &flags)) return nullptr;
  if (size < 0) return value_error("negative buffersize in recvfrom");
  Ref<BytesObject> buffer = bytes_allocate(size);
  if (!buffer) return nullptr;
  Ref<> address;
  // An empty bytes object is shared: a zero-size read goes to a scratch byte.
  char scratch;
  int64_t n = receive_from(as_socket(self), size ? buffer->data : &scratch, size, flags, &address);
  if (n < 0) return nullptr;
  Ref<> data = bytes_of_length(std::move(buffer), n);
  if (!data) return nullptr;
  return tuple_steal({data.release(), address.release()});
}

// The (buffer, nbytes=0, flags=0) arguments of recv_into and recvfrom_into.
bool into_arguments(const char* name, const Value* args, size_t nargs, TupleObject* kwnames,
                    BufferHolder* buffer, int64_t* size, int* flags) {
  Value values[3];
  if (!socket_args::bind_keywords(name, {"buffer", "nbytes", "flags"}, 1, args, nargs, kwnames, values) ||
      !buffer->get_writable(values[0], name, 1)) {
    return false;
  }
  *size = 0;
  *flags = 0;
  return (!values[1] || socket_args::ssize_arg(values[1], size)) &&
         (!values[2] || socket_args::int_arg(values[2], flags));
}

Ref<> socket_recv_into(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  BufferHolder buffer;
  int64_t size;
  int flags;
  if (!into_arguments("recv_into", args, nargs, kwnames, &buffer, &size, &flags)) return nullptr;
  if (size < 0) return value_error("negative buffersize in recv_into");
  if (size == 0) size = buffer.length();
  if (buffer.length() < size) return value_error("buffer too small for requested bytes");
  int64_t n = receive_into(as_socket(self), buffer.data(), size, flags);
  if (n < 0) return nullptr;
  return int_from_int64(n);
}

Ref<> socket_recvfrom_into(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  BufferHolder buffer;
  int64_t size;
  int flags;
  if (!into_arguments("recvfrom_into", args, nargs, kwnames, &buffer, &size, &flags)) return nullptr;
  if (size < 0) return value_error("negative buffersize in recvfrom_into");
  if (size == 0) size = buffer.length();
  else if (size > buffer.length()) return value_error("nbytes is greater than the length of the buffer");
  Ref<> address;
  char scratch;
  int64_t n = receive_from(as_socket(self), size ? buffer.data() : &scratch, size, flags, &address);
  if (n < 0) return nullptr;
  return tuple_steal({Value::small_int(n), address.release()});
}

// --- Sending ---

bool data_and_flags(const char* name, const char* qualified, const Value* args, size_t nargs,
                    TupleObject* kwnames, BufferHolder* data, int* flags) {
  *flags = 0;
  return socket_args::no_keywords(qualified, kwnames) && socket_args::check_count(name, nargs, 1, 2) &&
         data->get(args[0]) && (nargs < 2 || socket_args::int_arg(args[1], flags));
}

Ref<> socket_send(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  BufferHolder data;
  int flags;
  if (!data_and_flags("send", "socket.send", args, nargs, kwnames, &data, &flags)) return nullptr;
  SocketObject* s = as_socket(self);
  ssize_t n = -1;
  if (!socket_call(s, true, [&] {
        n = ::send(s->fd, data.data(), size_t(data.length()), flags);
        return n >= 0;
      })) {
    return nullptr;
  }
  return int_from_int64(n);
}

Ref<> socket_sendall(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  BufferHolder data;
  int flags;
  if (!data_and_flags("sendall", "socket.sendall", args, nargs, kwnames, &data, &flags)) return nullptr;
  SocketObject* s = as_socket(self);
  const char* p = data.data();
  int64_t left = data.length();
  bool has_timeout = s->timeout > 0;
  TimeNs timeout = s->timeout;
  TimeNs deadline = has_timeout ? monotonic_ns() + timeout : 0;
  do {
    if (has_timeout) {
      timeout = deadline - monotonic_ns();
      if (timeout <= 0) return raise(exc::TimeoutError, "timed out");
    }
    ssize_t n = -1;
    if (socket_call(s, true, [&] {
          n = ::send(s->fd, p, size_t(left), flags);
          return n >= 0;
        }, false, nullptr, timeout) < 0) {
      return nullptr;
    }
    p += n;
    left -= n;
    // A send can succeed partially when a signal arrives: run the handlers between sends.
    if (run_pending_signal_handlers() < 0) return nullptr;
  } while (left > 0);
  return new_none();
}

Ref<> socket_sendto(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.sendto", kwnames)) return nullptr;
  if (nargs != 2 && nargs != 3) return type_error("sendto() takes 2 or 3 arguments ({} given)", nargs);
  BufferHolder data;
  int flags = 0;
  if (!data.get(args[0]) || (nargs == 3 && !socket_args::int_arg(args[1], &flags))) return nullptr;
  SocketObject* s = as_socket(self);
  SocketAddress address;
  socklen_t length;
  if (!parse_address(s, args[nargs - 1], &address, &length, "sendto")) return nullptr;
  ssize_t n = -1;
  if (!socket_call(s, true, [&] {
        n = ::sendto(s->fd, data.data(), size_t(data.length()), flags, &address.any, length);
        return n >= 0;
      })) {
    return nullptr;
  }
  return int_from_int64(n);
}

// --- Messages with ancillary data ---

// PySequence_Fast: the items of a list or tuple, or of any iterable; TypeError(message)
// if `v` is not iterable.
Ref<TupleObject> sequence_items(Value v, const char* message) {
  if (!is_list(v) && !is_tuple(v)) {
    Ref<> iterator = get_iter(v);
    if (!iterator) {
      if (error_matches(&exc::TypeError)) {
        clear_error();
        type_error("{}", message);
      }
      return nullptr;
    }
    return tuple_from_iterable(iterator);
  }
  return tuple_from_iterable(v);
}

// Closes descriptors received with SCM_RIGHTS when the result cannot be returned.
void close_received_fds(struct msghdr* message) {
  if (message->msg_controllen == 0) return;
  for (struct cmsghdr* h = CMSG_FIRSTHDR(message); h; h = CMSG_NXTHDR(message, h)) {
    if (h->cmsg_level != SOL_SOCKET || h->cmsg_type != SCM_RIGHTS) continue;
    size_t data_offset = size_t(reinterpret_cast<char*>(CMSG_DATA(h)) - static_cast<char*>(message->msg_control));
    if (h->cmsg_len < CMSG_LEN(0) || data_offset > message->msg_controllen) break;
    size_t length = std::min<size_t>(h->cmsg_len - CMSG_LEN(0), message->msg_controllen - data_offset);
    const int* fds = reinterpret_cast<const int*>(CMSG_DATA(h));
    for (size_t i = 0; i < length / sizeof(int); ++i) ::close(fds[i]);
  }
}

// The length of a control message's data inside the buffer: 0 complete, 1 truncated (the
// part inside is counted), -1 invalid (CPython's get_cmsg_data_len).
int control_data_length(struct msghdr* message, struct cmsghdr* h, size_t* length) {
  size_t offset = size_t(reinterpret_cast<char*>(h) - static_cast<char*>(message->msg_control));
  size_t header_end = offsetof(struct cmsghdr, cmsg_len) + sizeof(h->cmsg_len);
  size_t needed = std::max<size_t>(CMSG_LEN(0), header_end);
  if (offset + needed > message->msg_controllen || h->cmsg_len < CMSG_LEN(0)) return -1;
  size_t data_length = h->cmsg_len - CMSG_LEN(0);
  size_t data_offset = size_t(reinterpret_cast<char*>(CMSG_DATA(h)) - static_cast<char*>(message->msg_control));
  if (data_offset > message->msg_controllen) return -1;
  size_t space = message->msg_controllen - data_offset;
  if (space >= data_length) {
    *length = data_length;
    return 0;
  }
  *length = space;
  return 1;
}

// recvmsg()/recvmsg_into(): (first, ancdata, msg_flags, address), where `make_first`
// turns the byte count into the first item.
template <class MakeFirst>
Ref<> receive_message(SocketObject* s, struct iovec* iov, size_t iov_count, int flags, int64_t control_size,
                      MakeFirst&& make_first) {
  socklen_t address_size;
  if (!address_length(s, &address_size)) return nullptr;
  if (control_size < 0 || uint64_t(control_size) > kSocklenLimit) {
    return value_error("invalid ancillary data buffer length");
  }
  std::vector<char> control(static_cast<size_t>(control_size));
  SocketAddress address;
  struct msghdr message;
  ssize_t n = -1;
  if (!socket_call(s, false, [&] {
        std::memset(&address, 0, address_size);
        address.any.sa_family = AF_UNSPEC;
        std::memset(&message, 0, sizeof(message));
        message.msg_name = &address;
        message.msg_namelen = address_size;
        message.msg_iov = iov;
        message.msg_iovlen = iov_count;
        message.msg_control = control_size ? control.data() : nullptr;
        message.msg_controllen = size_t(control_size);
        n = ::recvmsg(s->fd, &message, flags);
        return n >= 0;
      })) {
    return nullptr;
  }
  auto fail = [&]() -> Ref<> {
    close_received_fds(&message);
    return nullptr;
  };
  Ref<ListObject> ancillary = list_new();
  if (!ancillary) return fail();
  if (message.msg_controllen > 0) {
    for (struct cmsghdr* h = CMSG_FIRSTHDR(&message); h; h = CMSG_NXTHDR(&message, h)) {
      size_t length = 0;
      int status = control_data_length(&message, h, &length);
      if (status != 0 && warn(exc::RuntimeWarning, "received malformed or improperly-truncated ancillary data") < 0) {
        return fail();
      }
      if (status < 0) break;
      Ref<> data = bytes_from({reinterpret_cast<const char*>(CMSG_DATA(h)), length});
      if (!data) return fail();
      Ref<> item = tuple_steal({Value::small_int(h->cmsg_level), Value::small_int(h->cmsg_type), data.release()});
      if (!item || !list_append_steal(ancillary.get(), std::move(item))) return fail();
      if (status != 0) break;
    }
  }
  Ref<> first = make_first(n);
  if (!first) return fail();
  Ref<> address_object =
      make_address(s->fd, &address.any, std::min<socklen_t>(message.msg_namelen, address_size), s->proto);
  if (!address_object) return fail();
  return tuple_steal({first.release(), ancillary.release(), Value::small_int(message.msg_flags),
                      address_object.release()});
}

Ref<> socket_recvmsg(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.recvmsg", kwnames) || !socket_args::check_count("recvmsg", nargs, 1, 3)) {
    return nullptr;
  }
  int64_t size, control_size = 0;
  int flags = 0;
  if (!socket_args::ssize_arg(args[0], &size) || (nargs > 1 && !socket_args::ssize_arg(args[1], &control_size)) ||
      (nargs > 2 && !socket_args::int_arg(args[2], &flags))) {
    return nullptr;
  }
  if (size < 0) return value_error("negative buffer size in recvmsg()");
  Ref<BytesObject> buffer = bytes_allocate(size);
  if (!buffer) return nullptr;
  char scratch;
  struct iovec iov = {size ? buffer->data : &scratch, size_t(size)};
  return receive_message(as_socket(self), &iov, 1, flags, control_size,
                         [&](ssize_t n) { return bytes_of_length(std::move(buffer), n); });
}

Ref<> socket_recvmsg_into(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.recvmsg_into", kwnames) ||
      !socket_args::check_count("recvmsg_into", nargs, 1, 3)) {
    return nullptr;
  }
  int64_t control_size = 0;
  int flags = 0;
  if ((nargs > 1 && !socket_args::ssize_arg(args[1], &control_size)) ||
      (nargs > 2 && !socket_args::int_arg(args[2], &flags))) {
    return nullptr;
  }
  Ref<TupleObject> items = sequence_items(args[0], "recvmsg_into() argument 1 must be an iterable");
  if (!items) return nullptr;
  if (items->length > INT_MAX) return raise(exc::OSError, "recvmsg_into() argument 1 is too long");
  std::vector<BufferHolder> buffers(size_t(items->length));
  std::vector<struct iovec> iovs(size_t(items->length));
  for (int64_t i = 0; i < items->length; ++i) {
    if (!buffers[size_t(i)].get_writable(
            items->items[i], "recvmsg_into", 1,
            "recvmsg_into() argument 1 must be an iterable of single-segment read-write buffers")) {
      return nullptr;
    }
    iovs[size_t(i)] = {buffers[size_t(i)].data(), size_t(buffers[size_t(i)].length())};
  }
  return receive_message(as_socket(self), iovs.data(), iovs.size(), flags, control_size,
                         [](ssize_t n) { return int_from_int64(n); });
}

// The data buffers of sendmsg()/sendmsg_afalg() as an iovec array.
bool message_buffers(Value data, std::vector<BufferHolder>* buffers, std::vector<struct iovec>* iovs) {
  Ref<TupleObject> items = sequence_items(data, "sendmsg() argument 1 must be an iterable");
  if (!items) return false;
  if (items->length > INT_MAX) return raise(exc::OSError, "sendmsg() argument 1 is too long");
  *buffers = std::vector<BufferHolder>(size_t(items->length));
  iovs->resize(size_t(items->length));
  for (int64_t i = 0; i < items->length; ++i) {
    BufferHolder& b = (*buffers)[size_t(i)];
    if (!b.get(items->items[i])) return false;
    (*iovs)[size_t(i)] = {b.data(), size_t(b.length())};
  }
  return true;
}

ssize_t send_message(SocketObject* s, struct msghdr* message, int flags) {
  ssize_t n = -1;
  if (!socket_call(s, true, [&] {
        n = ::sendmsg(s->fd, message, flags);
        return n >= 0;
      })) {
    return -1;
  }
  return n;
}

Ref<> socket_sendmsg(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!socket_args::no_keywords("socket.sendmsg", kwnames) || !socket_args::check_count("sendmsg", nargs, 1, 4)) {
    return nullptr;
  }
  SocketObject* s = as_socket(self);
  int flags = 0;
  if (nargs > 2 && !socket_args::int_arg(args[2], &flags)) return nullptr;
  struct msghdr message;
  std::memset(&message, 0, sizeof(message));
  SocketAddress address;
  if (nargs > 3 && !is_none(args[3])) {
    socklen_t length;
    if (!parse_address(s, args[3], &address, &length, "sendmsg")) return nullptr;
    message.msg_name = &address;
    message.msg_namelen = length;
  }
  std::vector<BufferHolder> buffers;
  std::vector<struct iovec> iovs;
  if (!message_buffers(args[0], &buffers, &iovs)) return nullptr;
  message.msg_iov = iovs.data();
  message.msg_iovlen = iovs.size();
  // Control messages: (level, type, data) items, each taking CMSG_SPACE(len(data)).
  struct ControlItem {
    int level, type;
    BufferHolder data;
  };
  std::vector<ControlItem> controls;
  size_t control_length = 0;
  if (nargs > 1) {
    Ref<TupleObject> items = sequence_items(args[1], "sendmsg() argument 2 must be an iterable");
    if (!items) return nullptr;
    controls = std::vector<ControlItem>(size_t(items->length));
    const char* context = "[sendmsg() ancillary data items]";
    for (int64_t i = 0; i < items->length; ++i) {
      Value item = items->items[i];
      ControlItem& c = controls[size_t(i)];
      if (!is_list(item) && !is_tuple(item)) {
        bool sequence = !is_bytes(item) && !is_bytearray(item) && !is_str(item) && type_of(item)->getitem &&
                        !type_has_flag(item, kTypeDictSubclass);
        if (!sequence) {
          return type_error("{}() argument must be 3-item sequence, not {}", context,
                            is_none(item) ? std::string("None") : type_name(item));
        }
      }
      Ref<TupleObject> fields = tuple_from_iterable(item);
      if (!fields) return nullptr;
      if (fields->length != 3) {
        return type_error("{}() argument must be sequence of length 3, not {}", context, fields->length);
      }
      if (!socket_args::int_arg(fields->items[0], &c.level) || !socket_args::int_arg(fields->items[1], &c.type) ||
          !c.data.get(fields->items[2])) {
        return nullptr;
      }
      size_t size = size_t(c.data.length());
      if (size > kSocklenLimit - CMSG_SPACE(1)) return raise(exc::OSError, "ancillary data item too large");
      size_t space = CMSG_SPACE(size);
      if (control_length + space > kSocklenLimit) return raise(exc::OSError, "too much ancillary data");
      control_length += space;
    }
  }
  // Zeroed, as glibc's CMSG_NXTHDR reads the (next) header's length.
  std::vector<char> control(control_length, 0);
  if (!controls.empty()) {
    message.msg_control = control.data();
    message.msg_controllen = control_length;
    struct cmsghdr* h = nullptr;
    for (size_t i = 0; i < controls.size(); ++i) {
      h = i == 0 ? CMSG_FIRSTHDR(&message) : CMSG_NXTHDR(&message, h);
      if (!h) return runtime_error("unexpected NULL result from {}()", i == 0 ? "CMSG_FIRSTHDR" : "CMSG_NXTHDR");
      size_t size = size_t(controls[i].data.length());
      h->cmsg_len = CMSG_LEN(size);
      h->cmsg_level = controls[i].level;
      h->cmsg_type = controls[i].type;
      std::memcpy(CMSG_DATA(h), controls[i].data.data(), size);
    }
  }
  ssize_t n = send_message(s, &message, flags);
  if (n < 0) return nullptr;
  return int_from_int64(n);
}

// sendmsg_afalg([msg], *, op, iv=None, assoclen=None, flags=0): the operation, IV and
// associated data length of an AF_ALG socket as control messages.
Ref<> socket_sendmsg_afalg(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  SocketObject* s = as_socket(self);
  if (s->family != AF_ALG) return raise(exc::OSError, "algset is only supported for AF_ALG");
  if (nargs > 1) return type_error("sendmsg_afalg() takes at most 1 positional argument ({} given)", nargs);
  Value values[5];
  if (!socket_args::bind_keywords("sendmsg_afalg", {"msg", "op", "iv", "assoclen", "flags"}, 0, args, nargs,
                                  kwnames, values)) {
    return nullptr;
  }
  int op = -1, assoclen = -1, flags = 0;
  if (values[1] && is_int(values[1]) && !socket_args::int_arg(values[1], &op)) clear_error();
  if (op < 0) return type_error("Invalid or missing argument 'op'");
  BufferHolder iv;
  if (values[2] && !iv.get(values[2])) return nullptr;
  if (values[3]) {
    if (!is_int(values[3])) {
      return type_error("sendmsg_afalg() argument 'assoclen' must be int, not {}", type_name(values[3]));
    }
    if (!socket_args::int_arg(values[3], &assoclen)) return nullptr;
    if (assoclen < 0) return type_error("assoclen must be positive");
  }
  if (values[4] && !socket_args::int_arg(values[4], &flags)) return nullptr;
  size_t control_length = CMSG_SPACE(4);
  if (values[2]) control_length += CMSG_SPACE(sizeof(struct af_alg_iv) + size_t(iv.length()));
  if (assoclen >= 0) control_length += CMSG_SPACE(4);
  std::vector<char> control(control_length, 0);
  struct msghdr message;
  std::memset(&message, 0, sizeof(message));
  message.msg_control = control.data();
  message.msg_controllen = control_length;
  std::vector<BufferHolder> buffers;
  std::vector<struct iovec> iovs;
  if (values[0]) {
    if (!message_buffers(values[0], &buffers, &iovs)) return nullptr;
    message.msg_iov = iovs.data();
    message.msg_iovlen = iovs.size();
  }
  struct cmsghdr* h = CMSG_FIRSTHDR(&message);
  h->cmsg_level = SOL_ALG;
  h->cmsg_type = ALG_SET_OP;
  h->cmsg_len = CMSG_LEN(4);
  *reinterpret_cast<uint32_t*>(CMSG_DATA(h)) = uint32_t(op);
  if (values[2]) {
    h = CMSG_NXTHDR(&message, h);
    h->cmsg_level = SOL_ALG;
    h->cmsg_type = ALG_SET_IV;
    h->cmsg_len = CMSG_SPACE(sizeof(struct af_alg_iv) + size_t(iv.length()));
    auto* alg_iv = reinterpret_cast<struct af_alg_iv*>(CMSG_DATA(h));
    alg_iv->ivlen = uint32_t(iv.length());
    std::memcpy(alg_iv->iv, iv.data(), size_t(iv.length()));
  }
  if (assoclen >= 0) {
    h = CMSG_NXTHDR(&message, h);
    h->cmsg_level = SOL_ALG;
    h->cmsg_type = ALG_SET_AEAD_ASSOCLEN;
    h->cmsg_len = CMSG_LEN(4);
    *reinterpret_cast<uint32_t*>(CMSG_DATA(h)) = uint32_t(assoclen);
  }
  ssize_t n = send_message(s, &message, flags);
  if (n < 0) return nullptr;
  return int_from_int64(n);
}

const MethodDef socket_methods[] = {
    {.name = "_accept", .impl = socket_accept,
     .doc = "_accept() -> (integer, address info)\n\nWait for an incoming connection.  Return a new socket "
            "file descriptor\nrepresenting the connection, and the address of the client.\nFor IP sockets, "
            "the address info is a pair (hostaddr, port)."},
    {.name = "bind", .impl = socket_bind, .signature = "($self, address, /)",
     .doc = "bind(address)\n\nBind the socket to a local address.  For IP sockets, the address is a\npair "
            "(host, port); the host must refer to the local host. For raw packet\nsockets the address is a "
            "tuple (ifname, proto [,pkttype [,hatype [,addr]]])"},
    {.name = "close", .impl = socket_close,
     .doc = "close()\n\nClose the socket.  It cannot be used after this call."},
    {.name = "connect", .impl = socket_connect, .signature = "($self, address, /)",
     .doc = "connect(address)\n\nConnect the socket to a remote address.  For IP sockets, the address\nis a "
            "pair (host, port)."},
    {.name = "connect_ex", .impl = socket_connect_ex, .signature = "($self, address, /)",
     .doc = "connect_ex(address) -> errno\n\nThis is like connect(address), but returns an error code (the "
            "errno value)\ninstead of raising an exception when an error occurs."},
    {.name = "detach", .impl = socket_detach,
     .doc = "detach()\n\nClose the socket object without closing the underlying file descriptor.\nThe "
            "object cannot be used after this call, but the file descriptor\ncan be reused for other "
            "purposes.  The file descriptor is returned."},
    {.name = "fileno", .impl = socket_fileno,
     .doc = "fileno() -> integer\n\nReturn the integer file descriptor of the socket."},
    {.name = "getpeername", .impl = socket_name<getpeername>,
     .doc = "getpeername() -> address info\n\nReturn the address of the remote endpoint.  For IP sockets, "
            "the address\ninfo is a pair (hostaddr, port)."},
    {.name = "getsockname", .impl = socket_name<getsockname>,
     .doc = "getsockname() -> address info\n\nReturn the address of the local endpoint. The format depends "
            "on the\naddress family. For IPv4 sockets, the address info is a pair\n(hostaddr, port)."},
    {.name = "getsockopt", .raw = socket_getsockopt,
     .doc = "getsockopt(level, option[, buffersize]) -> value\n\nGet a socket option.  See the Unix manual "
            "for level and option.\nIf a nonzero buffersize argument is given, the return value is a\n"
            "string of that length; otherwise it is an integer."},
    {.name = "listen", .raw = socket_listen,
     .doc = "listen([backlog])\n\nEnable a server to accept connections.  If backlog is specified, it must "
            "be\nat least 0 (if it is lower, it is set to 0); it specifies the number of\nunaccepted "
            "connections that the system will allow before refusing new\nconnections. If not specified, a "
            "default reasonable value is chosen."},
    {.name = "recv", .raw = socket_recv,
     .doc = "recv(buffersize[, flags]) -> data\n\nReceive up to buffersize bytes from the socket.  For the "
            "optional flags\nargument, see the Unix manual.  When no data is available, block until\nat "
            "least one byte is available or until the remote end is closed.  When\nthe remote end is closed "
            "and all data is read, return the empty string."},
    {.name = "recv_into", .raw = socket_recv_into,
     .doc = "recv_into(buffer, [nbytes[, flags]]) -> nbytes_read\n\nA version of recv() that stores its data "
            "into a buffer rather than creating\na new string.  Receive up to buffersize bytes from the "
            "socket.  If buffersize\nis not specified (or 0), receive up to the size available in the given "
            "buffer.\n\nSee recv() for documentation about the flags."},
    {.name = "recvfrom", .raw = socket_recvfrom,
     .doc = "recvfrom(buffersize[, flags]) -> (data, address info)\n\nLike recv(buffersize, flags) but also "
            "return the sender's address info."},
    {.name = "recvfrom_into", .raw = socket_recvfrom_into,
     .doc = "recvfrom_into(buffer[, nbytes[, flags]]) -> (nbytes, address info)\n\nLike recv_into(buffer[, "
            "nbytes[, flags]]) but also return the sender's address info."},
    {.name = "send", .raw = socket_send,
     .doc = "send(data[, flags]) -> count\n\nSend a data string to the socket.  For the optional flags\n"
            "argument, see the Unix manual.  Return the number of bytes\nsent; this may be less than "
            "len(data) if the network is busy."},
    {.name = "sendall", .raw = socket_sendall,
     .doc = "sendall(data[, flags])\n\nSend a data string to the socket.  For the optional flags\nargument, "
            "see the Unix manual.  This calls send() repeatedly\nuntil all data is sent.  If an error "
            "occurs, it's impossible\nto tell how much data has been sent."},
    {.name = "sendto", .raw = socket_sendto,
     .doc = "sendto(data[, flags], address) -> count\n\nLike send(data, flags) but allows specifying the "
            "destination address.\nFor IP sockets, the address is a pair (hostaddr, port)."},
    {.name = "setblocking", .impl = socket_setblocking, .signature = "($self, flag, /)",
     .doc = "setblocking(flag)\n\nSet the socket to blocking (flag is true) or non-blocking (false).\n"
            "setblocking(True) is equivalent to settimeout(None);\nsetblocking(False) is equivalent to "
            "settimeout(0.0)."},
    {.name = "getblocking", .impl = socket_getblocking,
     .doc = "getblocking()\n\nReturns True if socket is in blocking mode, or False if it\nis in "
            "non-blocking mode."},
    {.name = "settimeout", .impl = socket_settimeout, .signature = "($self, timeout, /)",
     .doc = "settimeout(timeout)\n\nSet a timeout on socket operations.  'timeout' can be a float,\ngiving "
            "in seconds, or None.  Setting a timeout of None disables\nthe timeout feature and is "
            "equivalent to setblocking(1).\nSetting a timeout of zero is the same as setblocking(0)."},
    {.name = "gettimeout", .impl = socket_gettimeout,
     .doc = "gettimeout() -> timeout\n\nReturns the timeout in seconds (float) associated with socket\n"
            "operations. A timeout of None indicates that timeouts on socket\noperations are disabled."},
    {.name = "setsockopt", .raw = socket_setsockopt,
     .doc = "setsockopt(level, option, value: int)\nsetsockopt(level, option, value: buffer)\n"
            "setsockopt(level, option, None, optlen: int)\n\nSet a socket option.  See the Unix manual for "
            "level and option.\nThe value argument can either be an integer, a string buffer, or\nNone, "
            "optlen."},
    {.name = "shutdown", .impl = socket_shutdown, .signature = "($self, flag, /)",
     .doc = "shutdown(flag)\n\nShut down the reading side of the socket (flag == SHUT_RD), the writing "
            "side\nof the socket (flag == SHUT_WR), or both ends (flag == SHUT_RDWR)."},
    {.name = "recvmsg", .raw = socket_recvmsg,
     .doc = "recvmsg(bufsize[, ancbufsize[, flags]]) -> (data, ancdata, msg_flags, address)\n\nReceive "
            "normal data (up to bufsize bytes) and ancillary data from the\nsocket.  The ancbufsize "
            "argument sets the size in bytes of the\ninternal buffer used to receive the ancillary data; "
            "it defaults to 0,\nmeaning that no ancillary data will be received.  Appropriate buffer\nsizes "
            "for ancillary data can be calculated using CMSG_SPACE() or\nCMSG_LEN(), and items which do not "
            "fit into the buffer might be\ntruncated or discarded.  The flags argument defaults to 0 and has "
            "the\nsame meaning as for recv().\n\nThe return value is a 4-tuple: (data, ancdata, msg_flags, "
            "address).\nThe data item is a bytes object holding the non-ancillary data\nreceived.  The "
            "ancdata item is a list of zero or more tuples\n(cmsg_level, cmsg_type, cmsg_data) representing "
            "the ancillary data\n(control messages) received: cmsg_level and cmsg_type are integers\n"
            "specifying the protocol level and protocol-specific type respectively,\nand cmsg_data is a "
            "bytes object holding the associated data.  The\nmsg_flags item is the bitwise OR of various "
            "flags indicating\nconditions on the received message; see your system documentation for\n"
            "details.  If the receiving socket is unconnected, address is the\naddress of the sending "
            "socket, if available; otherwise, its value is\nunspecified.\n\nIf recvmsg() raises an exception "
            "after the system call returns, it\nwill first attempt to close any file descriptors received "
            "via the\nSCM_RIGHTS mechanism."},
    {.name = "recvmsg_into", .raw = socket_recvmsg_into,
     .doc = "recvmsg_into(buffers[, ancbufsize[, flags]]) -> (nbytes, ancdata, msg_flags, address)\n\n"
            "Receive normal data and ancillary data from the socket, scattering the\nnon-ancillary data into "
            "a series of buffers.  The buffers argument\nmust be an iterable of objects that export writable "
            "buffers\n(e.g. bytearray objects); these will be filled with successive chunks\nof the "
            "non-ancillary data until it has all been written or there are\nno more buffers.  The ancbufsize "
            "argument sets the size in bytes of\nthe internal buffer used to receive the ancillary data; it "
            "defaults to\n0, meaning that no ancillary data will be received.  Appropriate\nbuffer sizes for "
            "ancillary data can be calculated using CMSG_SPACE()\nor CMSG_LEN(), and items which do not fit "
            "into the buffer might be\ntruncated or discarded.  The flags argument defaults to 0 and has the\n"
            "same meaning as for recv().\n\nThe return value is a 4-tuple: (nbytes, ancdata, msg_flags, "
            "address).\nThe nbytes item is the total number of bytes of non-ancillary data\nwritten into the "
            "buffers.  The ancdata item is a list of zero or more\ntuples (cmsg_level, cmsg_type, cmsg_data) "
            "representing the ancillary\ndata (control messages) received: cmsg_level and cmsg_type are\n"
            "integers specifying the protocol level and protocol-specific type\nrespectively, and cmsg_data "
            "is a bytes object holding the associated\ndata.  The msg_flags item is the bitwise OR of various "
            "flags\nindicating conditions on the received message; see your system\ndocumentation for "
            "details.  If the receiving socket is unconnected,\naddress is the address of the sending socket, "
            "if available; otherwise,\nits value is unspecified.\n\nIf recvmsg_into() raises an exception "
            "after the system call returns,\nit will first attempt to close any file descriptors received "
            "via the\nSCM_RIGHTS mechanism."},
    {.name = "sendmsg", .raw = socket_sendmsg,
     .doc = "sendmsg(buffers[, ancdata[, flags[, address]]]) -> count\n\nSend normal and ancillary data to "
            "the socket, gathering the\nnon-ancillary data from a series of buffers and concatenating it "
            "into\na single message.  The buffers argument specifies the non-ancillary\ndata as an iterable "
            "of bytes-like objects (e.g. bytes objects).\nThe ancdata argument specifies the ancillary data "
            "(control messages)\nas an iterable of zero or more tuples (cmsg_level, cmsg_type,\ncmsg_data), "
            "where cmsg_level and cmsg_type are integers specifying the\nprotocol level and "
            "protocol-specific type respectively, and cmsg_data\nis a bytes-like object holding the "
            "associated data.  The flags\nargument defaults to 0 and has the same meaning as for send().  "
            "If\naddress is supplied and not None, it sets a destination address for\nthe message.  The "
            "return value is the number of bytes of non-ancillary\ndata sent."},
    {.name = "sendmsg_afalg", .raw = socket_sendmsg_afalg,
     .doc = "sendmsg_afalg([msg], *, op[, iv[, assoclen[, flags=MSG_MORE]]])\n\nSet operation mode, IV and "
            "length of associated data for an AF_ALG\noperation socket."},
    {},
};

const MemberDef socket_members[] = {
    {"family", MemberKind::Int32, offsetof(SocketObject, family), true, "the socket family"},
    {"type", MemberKind::Int32, offsetof(SocketObject, type), true, "the socket type"},
    {"proto", MemberKind::Int32, offsetof(SocketObject, proto), true, "the socket protocol"},
    {},
};

const GetSetDef socket_getsets[] = {
    {.name = "timeout", .get = socket_get_timeout, .doc = "the socket timeout"},
    {},
};

}  // namespace

Ref<> make_socket_object(int fd, int family, int type, int proto) {
  Ref<> result = socket_new(&socket_type, nullptr, 0, nullptr);
  if (!result) return nullptr;
  if (!init_socket(as_socket(result), fd, family, type, proto)) {
    as_socket(result)->fd = -1;
    return nullptr;
  }
  return result;
}

TypeObject socket_type{TypeSpec{
    .name = "_socket.socket",
    .doc = "socket(family=AF_INET, type=SOCK_STREAM, proto=0) -> socket object\nsocket(family=-1, type=-1, "
           "proto=-1, fileno=None) -> socket object\n\nOpen a socket of the given type.  The family argument "
           "specifies the\naddress family; it defaults to AF_INET.  The type argument specifies\nwhether this "
           "is a stream (SOCK_STREAM, this is the default)\nor datagram (SOCK_DGRAM) socket.  The protocol "
           "argument defaults to 0,\nspecifying the default protocol.  Keyword arguments are accepted.\nThe "
           "socket is created as non-inheritable.\n\nWhen a fileno is passed in, family, type and proto are "
           "auto-detected,\nunless they are explicitly set.\n\nA socket object represents one endpoint of a "
           "network connection.\n\nMethods of socket objects (keyword arguments not allowed):\n\n_accept() -- "
           "accept connection, returning new socket fd and client address\nbind(addr) -- bind the socket to a "
           "local address\nclose() -- close the socket\nconnect(addr) -- connect the socket to a remote "
           "address\nconnect_ex(addr) -- connect, return an error code instead of an exception\ndup() -- "
           "return a new socket fd duplicated from fileno()\nfileno() -- return underlying file descriptor\n"
           "getpeername() -- return remote address [*]\ngetsockname() -- return local address\n"
           "getsockopt(level, optname[, buflen]) -- get socket options\ngettimeout() -- return timeout or "
           "None\nlisten([n]) -- start listening for incoming connections\nrecv(buflen[, flags]) -- receive "
           "data\nrecv_into(buffer[, nbytes[, flags]]) -- receive data (into a buffer)\nrecvfrom(buflen[, "
           "flags]) -- receive data and sender's address\nrecvfrom_into(buffer[, nbytes, [, flags])\n  -- "
           "receive data and sender's address (into a buffer)\nsendall(data[, flags]) -- send all data\n"
           "send(data[, flags]) -- send data, may not send all of it\nsendto(data[, flags], addr) -- send "
           "data to a given address\nsetblocking(bool) -- set or clear the blocking I/O flag\ngetblocking() "
           "-- return True if socket is blocking, False if non-blocking\nsetsockopt(level, optname, value[, "
           "optlen]) -- set socket options\nsettimeout(None | float) -- set or clear the timeout\n"
           "shutdown(how) -- shut down traffic in one or both directions\n\n [*] not available on all "
           "platforms!",
    .basic_size = sizeof(SocketObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = socket_dealloc, .traverse = socket_traverse, .finalize = socket_finalize,
              .new_instance = socket_new, .init = socket_init, .repr = socket_repr,
              .getattr = generic_get_attr},
    .methods = socket_methods,
    .getsets = socket_getsets,
    .members = socket_members,
}};

}  // namespace krait::socket_module
