// The _socket module (what socket.py builds on): name and service lookups (getaddrinfo,
// getnameinfo, gethostby*, getservby*, getprotobyname), address conversions (inet_*,
// hton*/ntoh*), interface names, descriptor helpers (close, dup, socketpair), the default
// timeout, the exception types and the constants. The socket type is in socket_object.cpp.
#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netdb.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <vector>

#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/module_exceptions.h"
#include "modules/posix_internal.h"
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
#include "objects/unicode_codecs.h"
#include "runtime/gil.h"

namespace krait::socket_module {

TimeNs default_timeout = -1;
Object* herror_type = nullptr;
Object* gaierror_type = nullptr;

using socket_args::BufferHolder;

Raised socket_error(int errno_value) { return raise_os_error(errno_value); }

Raised gai_error(int code) {
  if (code == EAI_SYSTEM) return raise_os_error(errno);
  Ref<> text = str_from_utf8(gai_strerror(code));
  if (!text) return Raised();
  Value args[] = {Value::small_int(code), text.value()};
  return raise_with_args(static_cast<TypeObject*>(gaierror_type), args, 2);
}

Raised host_error(int code) {
  Ref<> text = str_from_utf8(hstrerror(code));
  if (!text) return Raised();
  Value args[] = {Value::small_int(code), text.value()};
  return raise_with_args(static_cast<TypeObject*>(herror_type), args, 2);
}

bool parse_timeout(Value v, TimeNs* out) {
  if (is_none(v)) {
    *out = -1;
    return true;
  }
  if (!time_from_seconds_object(v, TimeRounding::Up, out)) return false;
  if (*out < 0) return value_error("Timeout value out of range");
  return true;
}

Ref<> timeout_to_object(TimeNs timeout) {
  if (timeout < 0) return new_none();
  return float_from_double(time_as_seconds_double(timeout));
}

namespace {

Value idna_name() {
  static StrObject* name = str_intern_utf8("idna");
  return Value(name);
}

// The 'et' converter with the idna codec: a str (encoded), bytes or bytearray, no NUL.
bool encoded_host_arg(Value v, const char* name, std::string* out) {
  Ref<> bytes;
  if (is_str(v)) {
    bytes = str_encode(as_str(v), idna_name(), Value());
    if (!bytes) return false;
  } else if (is_bytes(v)) {
    bytes = new_ref(v);
  } else if (is_bytearray(v)) {
    bytes = bytes_from({as_bytearray(v)->data, size_t(as_bytearray(v)->length)});
    if (!bytes) return false;
  } else {
    return type_error("{}() argument 1 must be str, bytes or bytearray, not {}", name,
                      is_none(v) ? std::string("None") : type_name(v));
  }
  std::string_view text = bytes_view(bytes);
  if (text.find('\0') != std::string_view::npos) {
    return type_error("{}() argument 1 must be encoded string without null bytes, not {}", name, type_name(v));
  }
  out->assign(text);
  return true;
}

bool one_argument(const char* name, size_t nargs, TupleObject* kwnames) {
  return socket_args::no_keywords(name, kwnames) && socket_args::check_count(name, nargs, 1, 1);
}

// --- Host names ---

Ref<> socket_gethostbyname(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string name;
  if (!one_argument("gethostbyname", nargs, kwnames) || !encoded_host_arg(args[0], "gethostbyname", &name)) {
    return nullptr;
  }
  SocketAddress address;
  if (resolve_ip(name.c_str(), &address.any, sizeof(address.in), AF_INET) < 0) return nullptr;
  return ipv4_text(address.in.sin_addr);
}

// (name, aliases, addresses) from a hostent (CPython's gethost_common).
Ref<> host_entry(struct hostent* h, int error_code, int family) {
  if (!h) return host_error(error_code);
  if (h->h_addrtype != family) return socket_error(EAFNOSUPPORT);
  Ref<ListObject> aliases = list_new();
  Ref<ListObject> addresses = list_new();
  if (!aliases || !addresses) return nullptr;
  if (h->h_aliases) {
    for (char** p = h->h_aliases; *p; ++p) {
      Ref<> alias = str_from_utf8(*p);
      if (!alias || !list_append_steal(aliases.get(), std::move(alias))) return nullptr;
    }
  }
  for (char** p = h->h_addr_list; *p; ++p) {
    Ref<> text;
    if (family == AF_INET) {
      struct in_addr a;
      std::memcpy(&a, *p, sizeof(a));
      text = ipv4_text(a);
    } else {
      struct in6_addr a;
      std::memcpy(&a, *p, sizeof(a));
      text = ipv6_text(a);
    }
    if (!text || !list_append_steal(addresses.get(), std::move(text))) return nullptr;
  }
  Ref<> name = str_from_utf8(h->h_name);
  if (!name) return nullptr;
  return tuple_steal({name.release(), aliases.release(), addresses.release()});
}

Ref<> socket_gethostbyname_ex(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string name;
  if (!one_argument("gethostbyname_ex", nargs, kwnames) ||
      !encoded_host_arg(args[0], "gethostbyname_ex", &name)) {
    return nullptr;
  }
  SocketAddress address;
  if (resolve_ip(name.c_str(), &address.any, sizeof(address), AF_INET) < 0) return nullptr;
  struct hostent entry;
  struct hostent* h = nullptr;
  int error_code = 0;
  std::vector<char> buffer(16384);
  {
    ReleaseGil released;
    gethostbyname_r(name.c_str(), &entry, buffer.data(), buffer.size() - 1, &h, &error_code);
  }
  return host_entry(h, error_code, address.any.sa_family);
}

Ref<> socket_gethostbyaddr(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string name;
  if (!one_argument("gethostbyaddr", nargs, kwnames) || !encoded_host_arg(args[0], "gethostbyaddr", &name)) {
    return nullptr;
  }
  SocketAddress address;
  if (resolve_ip(name.c_str(), &address.any, sizeof(address), AF_UNSPEC) < 0) return nullptr;
  int family = address.any.sa_family;
  const void* raw;
  socklen_t raw_length;
  if (family == AF_INET) {
    raw = &address.in.sin_addr;
    raw_length = sizeof(address.in.sin_addr);
  } else if (family == AF_INET6) {
    raw = &address.in6.sin6_addr;
    raw_length = sizeof(address.in6.sin6_addr);
  } else {
    return raise(exc::OSError, "unsupported address family");
  }
  struct hostent entry;
  struct hostent* h = nullptr;
  int error_code = 0;
  std::vector<char> buffer(16384);
  {
    ReleaseGil released;
    gethostbyaddr_r(raw, raw_length, family, &entry, buffer.data(), buffer.size() - 1, &h, &error_code);
  }
  return host_entry(h, error_code, family);
}

Ref<> socket_gethostname(Value, const Value*) {
  char name[1024];
  int result;
  {
    ReleaseGil released;
    result = gethostname(name, sizeof(name) - 1);
  }
  if (result < 0) return socket_error(errno);
  name[sizeof(name) - 1] = 0;
  return posix::fs_decode(name);
}

Ref<> socket_sethostname(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!one_argument("sethostname", nargs, kwnames)) return nullptr;
  Ref<> name;
  if (is_bytes(args[0])) {
    name = new_ref(args[0]);
  } else {
    Ref<> path = posix::fspath(args[0]);
    if (!path) return nullptr;
    name = posix::fs_encode(path);
    if (!name) return nullptr;
    if (bytes_view(name).find('\0') != std::string_view::npos) return value_error("embedded null byte");
  }
  std::string_view text = bytes_view(name);
  if (sethostname(text.data(), text.size()) < 0) return socket_error(errno);
  return new_none();
}

// --- Services and protocols ---

Ref<> socket_getservbyname(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string name, proto;
  if (!socket_args::no_keywords("getservbyname", kwnames) ||
      !socket_args::check_count("getservbyname", nargs, 1, 2) ||
      !socket_args::str_arg(args[0], "getservbyname", 1, &name) ||
      (nargs > 1 && !socket_args::str_arg(args[1], "getservbyname", 2, &proto))) {
    return nullptr;
  }
  struct servent entry;
  struct servent* found = nullptr;
  char buffer[4096];
  {
    ReleaseGil released;
    getservbyname_r(name.c_str(), nargs > 1 ? proto.c_str() : nullptr, &entry, buffer, sizeof(buffer), &found);
  }
  if (!found) return raise(exc::OSError, "service/proto not found");
  return int_from_int64(ntohs(uint16_t(found->s_port)));
}

Ref<> socket_getservbyport(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  int port;
  std::string proto;
  if (!socket_args::no_keywords("getservbyport", kwnames) ||
      !socket_args::check_count("getservbyport", nargs, 1, 2) || !socket_args::int_arg(args[0], &port) ||
      (nargs > 1 && !socket_args::str_arg(args[1], "getservbyport", 2, &proto))) {
    return nullptr;
  }
  if (port < 0 || port > 0xffff) return overflow_error("getservbyport: port must be 0-65535.");
  struct servent entry;
  struct servent* found = nullptr;
  char buffer[4096];
  {
    ReleaseGil released;
    getservbyport_r(htons(uint16_t(port)), nargs > 1 ? proto.c_str() : nullptr, &entry, buffer, sizeof(buffer),
                    &found);
  }
  if (!found) return raise(exc::OSError, "port/proto not found");
  return str_from_utf8(found->s_name);
}

Ref<> socket_getprotobyname(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string name;
  if (!one_argument("getprotobyname", nargs, kwnames) ||
      !socket_args::str_arg(args[0], "getprotobyname", 1, &name)) {
    return nullptr;
  }
  struct protoent entry;
  struct protoent* found = nullptr;
  char buffer[4096];
  {
    ReleaseGil released;
    getprotobyname_r(name.c_str(), &entry, buffer, sizeof(buffer), &found);
  }
  if (!found) return raise(exc::OSError, "protocol not found");
  return int_from_int64(found->p_proto);
}

// --- Descriptors ---

// An fd as a C long (CPython's PyLong_AsSocket_t).
bool long_fd_arg(Value v, int64_t* out) {
  Ref<> index = number_index(v);
  if (!index) return false;
  if (!int_to_int64(index, out)) return overflow_error("Python int too large to convert to C long");
  return true;
}

Ref<> socket_close_fd(Value, const Value* args) {
  int64_t fd;
  if (!long_fd_arg(args[0], &fd)) return nullptr;
  int result;
  {
    ReleaseGil released;
    result = fd > INT_MAX || fd < INT_MIN ? (errno = EBADF, -1) : ::close(int(fd));
  }
  if (result < 0 && errno != ECONNRESET) return socket_error(errno);
  return new_none();
}

Ref<> socket_dup(Value, const Value* args) {
  int64_t fd;
  if (!long_fd_arg(args[0], &fd)) return nullptr;
  int duplicate = fd > INT_MAX || fd < INT_MIN ? (errno = EBADF, -1) : fcntl(int(fd), F_DUPFD_CLOEXEC, 0);
  if (duplicate < 0) return socket_error(errno);
  return int_from_int64(duplicate);
}

Ref<> socket_socketpair(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  int family = AF_UNIX, type = SOCK_STREAM, proto = 0;
  if (!socket_args::no_keywords("socketpair", kwnames) || !socket_args::check_count("socketpair", nargs, 0, 3) ||
      (nargs > 0 && !socket_args::int_arg(args[0], &family)) ||
      (nargs > 1 && !socket_args::int_arg(args[1], &type)) ||
      (nargs > 2 && !socket_args::int_arg(args[2], &proto))) {
    return nullptr;
  }
  int fds[2];
  int result;
  {
    ReleaseGil released;
    result = ::socketpair(family, type | SOCK_CLOEXEC, proto, fds);
  }
  if (result < 0) return socket_error(errno);
  Ref<> first = make_socket_object(fds[0], family, type, proto);
  if (!first) {
    ::close(fds[0]);
    ::close(fds[1]);
    return nullptr;
  }
  Ref<> second = make_socket_object(fds[1], family, type, proto);
  if (!second) {
    ::close(fds[1]);
    return nullptr;
  }
  return tuple_steal({first.release(), second.release()});
}

// --- Byte order ---

// htons/ntohs: "i" then a 16-bit range check.
template <bool ToNetwork>
Ref<> short_order(const char* name, const Value* args, size_t nargs, TupleObject* kwnames) {
  int value;
  if (!one_argument(name, nargs, kwnames) || !socket_args::int_arg(args[0], &value)) return nullptr;
  if (value < 0) {
    return overflow_error("{}: can't convert negative Python int to C 16-bit unsigned integer", name);
  }
  if (value > 0xffff) return overflow_error("{}: Python int too large to convert to C 16-bit unsigned integer", name);
  uint16_t x = uint16_t(value);
  return int_from_int64(ToNetwork ? htons(x) : ntohs(x));
}

Ref<> socket_htons(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return short_order<true>("htons", args, nargs, kwnames);
}
Ref<> socket_ntohs(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return short_order<false>("ntohs", args, nargs, kwnames);
}

// htonl/ntohl: an int (no __index__) of at most 32 bits.
template <bool ToNetwork>
Ref<> long_order(Value v) {
  if (!is_int(v)) return type_error("expected int, {} found", type_name(v));
  if (int_sign(v) < 0) return overflow_error("can't convert negative value to unsigned int");
  int64_t value;
  if (!int_to_int64(v, &value)) {
    mpz_t z;
    mpz_init(z);
    int_to_mpz(v, z);
    bool fits_unsigned_long = mpz_sizeinbase(z, 2) <= 64;
    mpz_clear(z);
    if (!fits_unsigned_long) return overflow_error("Python int too large to convert to C unsigned long");
    return overflow_error("int larger than 32 bits");
  }
  if (value > 0xffffffffLL) return overflow_error("int larger than 32 bits");
  uint32_t x = uint32_t(value);
  return int_from_int64(ToNetwork ? htonl(x) : ntohl(x));
}

Ref<> socket_htonl(Value, const Value* args) { return long_order<true>(args[0]); }
Ref<> socket_ntohl(Value, const Value* args) { return long_order<false>(args[0]); }

// --- Address text ---

Ref<> socket_inet_aton(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  std::string text;
  if (!one_argument("inet_aton", nargs, kwnames) || !socket_args::str_arg(args[0], "inet_aton", 1, &text)) {
    return nullptr;
  }
  struct in_addr packed;
  if (!inet_aton(text.c_str(), &packed)) return raise(exc::OSError, "illegal IP address string passed to inet_aton");
  return bytes_from({reinterpret_cast<const char*>(&packed), sizeof(packed)});
}

Ref<> socket_inet_ntoa(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  BufferHolder packed;
  if (!one_argument("inet_ntoa", nargs, kwnames) || !packed.get(args[0])) return nullptr;
  if (packed.length() != 4) return raise(exc::OSError, "packed IP wrong length for inet_ntoa");
  struct in_addr address;
  std::memcpy(&address, packed.data(), 4);
  return str_from_ascii(inet_ntoa(address));
}

Ref<> socket_inet_pton(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  int family;
  std::string text;
  if (!socket_args::no_keywords("inet_pton", kwnames) || !socket_args::check_count("inet_pton", nargs, 2, 2) ||
      !socket_args::int_arg(args[0], &family) || !socket_args::str_arg(args[1], "inet_pton", 2, &text)) {
    return nullptr;
  }
  unsigned char packed[sizeof(struct in6_addr)];
  int result = inet_pton(family, text.c_str(), packed);
  if (result < 0) return socket_error(errno);
  if (result == 0) return raise(exc::OSError, "illegal IP address string passed to inet_pton");
  if (family == AF_INET) return bytes_from({reinterpret_cast<const char*>(packed), sizeof(struct in_addr)});
  if (family == AF_INET6) return bytes_from({reinterpret_cast<const char*>(packed), sizeof(struct in6_addr)});
  return raise(exc::OSError, "unknown address family");
}

Ref<> socket_inet_ntop(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  int family;
  BufferHolder packed;
  if (!socket_args::no_keywords("inet_ntop", kwnames) || !socket_args::check_count("inet_ntop", nargs, 2, 2) ||
      !socket_args::int_arg(args[0], &family) || !packed.get(args[1])) {
    return nullptr;
  }
  if (family == AF_INET || family == AF_INET6) {
    size_t expected = family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
    if (size_t(packed.length()) != expected) return value_error("invalid length of packed IP address string");
  } else {
    return value_error("unknown address family {}", family);
  }
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(family, packed.data(), text, sizeof(text))) return socket_error(errno);
  return str_from_ascii(text);
}

// --- getaddrinfo / getnameinfo ---

Ref<> socket_getaddrinfo(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  Value values[6];
  if (!socket_args::bind_keywords("getaddrinfo", {"host", "port", "family", "type", "proto", "flags"}, 2, args,
                                  nargs, kwnames, values)) {
    return nullptr;
  }
  int family = AF_UNSPEC, socktype = 0, protocol = 0, flags = 0;
  if ((values[2] && !socket_args::int_arg(values[2], &family)) ||
      (values[3] && !socket_args::int_arg(values[3], &socktype)) ||
      (values[4] && !socket_args::int_arg(values[4], &protocol)) ||
      (values[5] && !socket_args::int_arg(values[5], &flags))) {
    return nullptr;
  }
  Value host = values[0], port = values[1];
  Ref<> host_bytes;
  const char* host_text = nullptr;
  if (is_str(host)) {
    host_bytes = str_encode(as_str(host), idna_name(), Value());
    if (!host_bytes) return nullptr;
    host_text = as_bytes(host_bytes)->data;
  } else if (is_bytes(host)) {
    host_text = as_bytes(host)->data;
  } else if (!is_none(host)) {
    return type_error("getaddrinfo() argument 1 must be string or None");
  }
  Ref<> port_text_object;
  const char* port_text = nullptr;
  if (is_int(port) || (!is_str(port) && !is_bytes(port) && !is_none(port) && type_of(port)->to_index)) {
    Ref<> index = number_index(port);
    if (!index) return nullptr;
    port_text_object = str(index);
    if (!port_text_object) return nullptr;
    port_text = str_utf8(port_text_object).data();
  } else if (is_str(port)) {
    port_text_object = encode_utf8(as_str(port), Value());
    if (!port_text_object) return nullptr;
    port_text = as_bytes(port_text_object)->data;
  } else if (is_bytes(port)) {
    port_text = as_bytes(port)->data;
  } else if (!is_none(port)) {
    return raise(exc::OSError, "Int or String expected");
  }
  struct addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = family;
  hints.ai_socktype = socktype;
  hints.ai_protocol = protocol;
  hints.ai_flags = flags;
  struct addrinfo* results = nullptr;
  int error;
  {
    ReleaseGil released;
    error = getaddrinfo(host_text, port_text, &hints, &results);
  }
  if (error) return gai_error(error);
  struct Free {
    struct addrinfo* list;
    ~Free() { freeaddrinfo(list); }
  } free_results{results};
  Ref<ListObject> all = list_new();
  if (!all) return nullptr;
  for (struct addrinfo* r = results; r; r = r->ai_next) {
    Ref<> address = make_address(-1, r->ai_addr, r->ai_addrlen, protocol);
    if (!address) return nullptr;
    Ref<> canonical = str_from_utf8(r->ai_canonname ? r->ai_canonname : "");
    if (!canonical) return nullptr;
    Ref<> item = tuple_steal({Value::small_int(r->ai_family), Value::small_int(r->ai_socktype),
                              Value::small_int(r->ai_protocol), canonical.release(), address.release()});
    if (!item || !list_append_steal(all.get(), std::move(item))) return nullptr;
  }
  return all;
}

Ref<> socket_getnameinfo(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  int flags;
  if (!socket_args::no_keywords("getnameinfo", kwnames) || !socket_args::check_count("getnameinfo", nargs, 2, 2)) {
    return nullptr;
  }
  Value address = args[0];
  if (!socket_args::int_arg(args[1], &flags)) return nullptr;
  if (!is_tuple(address)) return type_error("getnameinfo() argument 1 must be a tuple");
  TupleObject* t = as_tuple(address);
  const char* message = "getnameinfo(): illegal sockaddr argument";
  if (t->length < 2 || t->length > 4 || !is_str(t->items[0])) return type_error("{}", message);
  std::string host;
  int port;
  unsigned flowinfo = 0, scope_id = 0;
  if (!socket_args::str_arg(t->items[0], "getnameinfo", 1, &host) || !socket_args::int_arg(t->items[1], &port) ||
      (t->length > 2 && !socket_args::uint_mask_arg(t->items[2], &flowinfo)) ||
      (t->length > 3 && !socket_args::uint_mask_arg(t->items[3], &scope_id))) {
    return nullptr;
  }
  if (flowinfo > 0xfffff) return overflow_error("getnameinfo(): flowinfo must be 0-1048575.");
  char port_text[32];
  std::snprintf(port_text, sizeof(port_text), "%d", port);
  struct addrinfo hints;
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;  // makes a numeric port acceptable
  hints.ai_flags = AI_NUMERICHOST;  // no name resolution
  struct addrinfo* result = nullptr;
  int error;
  {
    ReleaseGil released;
    error = getaddrinfo(host.c_str(), port_text, &hints, &result);
  }
  if (error) return gai_error(error);
  struct Free {
    struct addrinfo* list;
    ~Free() { freeaddrinfo(list); }
  } free_result{result};
  if (result->ai_next) return raise(exc::OSError, "sockaddr resolved to multiple addresses");
  if (result->ai_family == AF_INET) {
    if (t->length != 2) return raise(exc::OSError, "IPv4 sockaddr must be 2 tuple");
  } else if (result->ai_family == AF_INET6) {
    auto* in6 = reinterpret_cast<struct sockaddr_in6*>(result->ai_addr);
    in6->sin6_flowinfo = htonl(flowinfo);
    in6->sin6_scope_id = scope_id;
  }
  char host_buffer[NI_MAXHOST], service_buffer[NI_MAXSERV];
  {
    ReleaseGil released;
    error = getnameinfo(result->ai_addr, result->ai_addrlen, host_buffer, sizeof(host_buffer), service_buffer,
                        sizeof(service_buffer), flags);
  }
  if (error) return gai_error(error);
  Ref<> host_name = str_from_utf8(host_buffer);
  Ref<> service = str_from_utf8(service_buffer);
  if (!host_name || !service) return nullptr;
  return tuple_steal({host_name.release(), service.release()});
}

// --- Default timeout, interfaces, CMSG sizes ---

Ref<> socket_getdefaulttimeout(Value, const Value*) { return timeout_to_object(default_timeout); }

Ref<> socket_setdefaulttimeout(Value, const Value* args) {
  TimeNs timeout;
  if (!parse_timeout(args[0], &timeout)) return nullptr;
  default_timeout = timeout;
  return new_none();
}

Ref<> socket_if_nameindex(Value, const Value*) {
  Ref<ListObject> list = list_new();
  if (!list) return nullptr;
  struct if_nameindex* interfaces = if_nameindex();
  if (!interfaces) return socket_error(errno);
  struct Free {
    struct if_nameindex* list;
    ~Free() { if_freenameindex(list); }
  } free_interfaces{interfaces};
  for (int i = 0; interfaces[i].if_index != 0 && i < INT_MAX; ++i) {
    Ref<> name = posix::fs_decode(interfaces[i].if_name);
    if (!name) return nullptr;
    Ref<> item = tuple_steal({Value::small_int(interfaces[i].if_index), name.release()});
    if (!item || !list_append_steal(list.get(), std::move(item))) return nullptr;
  }
  return list;
}

Ref<> socket_if_nametoindex(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (!one_argument("if_nametoindex", nargs, kwnames)) return nullptr;
  Ref<> path = posix::fspath(args[0]);
  if (!path) return nullptr;
  Ref<> name = posix::fs_encode(path);
  if (!name) return nullptr;
  if (bytes_view(name).find('\0') != std::string_view::npos) return value_error("embedded null byte");
  unsigned index = if_nametoindex(as_bytes(name)->data);
  // if_nametoindex() does not set errno.
  if (index == 0) return raise(exc::OSError, "no interface with this name");
  return int_from_int64(index);
}

Ref<> socket_if_indextoname(Value, const Value* args) {
  Value v = args[0];
  if (!is_int(v)) return type_error("an integer is required");
  if (int_sign(v) < 0) return overflow_error("can't convert negative value to unsigned int");
  int64_t value;
  if (!int_to_int64(v, &value)) return overflow_error("Python int too large to convert to C unsigned long");
  if (value > UINT_MAX) return overflow_error("Python int too large to convert to C unsigned int");
  char name[IF_NAMESIZE + 1];
  if (!if_indextoname(unsigned(value), name)) return socket_error(errno);
  return posix::fs_decode(name);
}

// CMSG_LEN/CMSG_SPACE of a length, with the room socklen_t leaves.
template <bool Space>
Ref<> cmsg_size(const char* name, const Value* args, size_t nargs, TupleObject* kwnames) {
  int64_t length;
  if (!one_argument(name, nargs, kwnames) || !socket_args::ssize_arg(args[0], &length)) return nullptr;
  constexpr size_t kLimit = 0x7fffffff;
  size_t overhead = Space ? CMSG_SPACE(1) : CMSG_LEN(0);
  if (length < 0 || size_t(length) > kLimit - overhead) {
    return overflow_error("{}() argument out of range", name);
  }
  size_t result = Space ? CMSG_SPACE(size_t(length)) : CMSG_LEN(size_t(length));
  if (result > kLimit || result < size_t(length)) return overflow_error("{}() argument out of range", name);
  return int_from_int64(int64_t(result));
}

Ref<> socket_cmsg_len(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return cmsg_size<false>("CMSG_LEN", args, nargs, kwnames);
}
Ref<> socket_cmsg_space(Value, const Value* args, size_t nargs, TupleObject* kwnames) {
  return cmsg_size<true>("CMSG_SPACE", args, nargs, kwnames);
}

const MethodDef socket_module_methods[] = {
    {.name = "gethostbyname", .raw = socket_gethostbyname,
     .doc = "gethostbyname(host) -> address\n\nReturn the IP address (a string of the form '255.255.255.255') "
            "for a host."},
    {.name = "gethostbyname_ex", .raw = socket_gethostbyname_ex,
     .doc = "gethostbyname_ex(host) -> (name, aliaslist, addresslist)\n\nReturn the true host name, a list "
            "of aliases, and a list of IP addresses,\nfor a host.  The host argument is a string giving a host "
            "name or IP number."},
    {.name = "gethostbyaddr", .raw = socket_gethostbyaddr,
     .doc = "gethostbyaddr(host) -> (name, aliaslist, addresslist)\n\nReturn the true host name, a list of "
            "aliases, and a list of IP addresses,\nfor a host.  The host argument is a string giving a host "
            "name or IP number."},
    {.name = "gethostname", .impl = socket_gethostname,
     .doc = "gethostname() -> string\n\nReturn the current host name."},
    {.name = "sethostname", .raw = socket_sethostname, .doc = "sethostname(name)\n\nSets the hostname to name."},
    {.name = "getservbyname", .raw = socket_getservbyname,
     .doc = "getservbyname(servicename[, protocolname]) -> integer\n\nReturn a port number from a service "
            "name and protocol name.\nThe optional protocol name, if given, should be 'tcp' or 'udp',\n"
            "otherwise any protocol will match."},
    {.name = "getservbyport", .raw = socket_getservbyport,
     .doc = "getservbyport(port[, protocolname]) -> string\n\nReturn the service name from a port number and "
            "protocol name.\nThe optional protocol name, if given, should be 'tcp' or 'udp',\notherwise any "
            "protocol will match."},
    {.name = "getprotobyname", .raw = socket_getprotobyname,
     .doc = "getprotobyname(name) -> integer\n\nReturn the protocol number for the named protocol.  (Rarely "
            "used.)"},
    {.name = "close", .impl = socket_close_fd, .signature = "($module, fd, /)",
     .doc = "close(integer) -> None\n\nClose an integer socket file descriptor.  This is like os.close(), "
            "but for\nsockets; on some platforms os.close() won't work for socket file descriptors."},
    {.name = "dup", .impl = socket_dup, .signature = "($module, fd, /)",
     .doc = "dup(integer) -> integer\n\nDuplicate an integer socket file descriptor.  This is like os.dup(), "
            "but for\nsockets; on some platforms os.dup() won't work for socket file descriptors."},
    {.name = "socketpair", .raw = socket_socketpair,
     .doc = "socketpair([family[, type [, proto]]]) -> (socket object, socket object)\n\nCreate a pair of "
            "socket objects from the sockets returned by the platform\nsocketpair() function.\nThe arguments "
            "are the same as for socket() except the default family is\nAF_UNIX if defined on the platform; "
            "otherwise, the default is AF_INET."},
    {.name = "ntohs", .raw = socket_ntohs,
     .doc = "ntohs(integer) -> integer\n\nConvert a 16-bit unsigned integer from network to host byte order."},
    {.name = "ntohl", .impl = socket_ntohl, .signature = "($module, integer, /)",
     .doc = "ntohl(integer) -> integer\n\nConvert a 32-bit integer from network to host byte order."},
    {.name = "htons", .raw = socket_htons,
     .doc = "htons(integer) -> integer\n\nConvert a 16-bit unsigned integer from host to network byte order."},
    {.name = "htonl", .impl = socket_htonl, .signature = "($module, integer, /)",
     .doc = "htonl(integer) -> integer\n\nConvert a 32-bit integer from host to network byte order."},
    {.name = "inet_aton", .raw = socket_inet_aton,
     .doc = "inet_aton(string) -> bytes giving packed 32-bit IP representation\n\nConvert an IP address in "
            "string format (123.45.67.89) to the 32-bit packed\nbinary format used in low-level network "
            "functions."},
    {.name = "inet_ntoa", .raw = socket_inet_ntoa,
     .doc = "inet_ntoa(packed_ip) -> ip_address_string\n\nConvert an IP address from 32-bit packed binary "
            "format to string format"},
    {.name = "inet_pton", .raw = socket_inet_pton,
     .doc = "inet_pton(af, ip) -> packed IP address string\n\nConvert an IP address from string format to a "
            "packed string suitable\nfor use with low-level network functions."},
    {.name = "inet_ntop", .raw = socket_inet_ntop,
     .doc = "inet_ntop(af, packed_ip) -> string formatted IP address\n\nConvert a packed IP address of the "
            "given family to string format."},
    {.name = "getaddrinfo", .raw = socket_getaddrinfo,
     .doc = "getaddrinfo(host, port [, family, type, proto, flags])\n    -> list of (family, type, proto, "
            "canonname, sockaddr)\n\nResolve host and port into addrinfo struct."},
    {.name = "getnameinfo", .raw = socket_getnameinfo,
     .doc = "getnameinfo(sockaddr, flags) --> (host, port)\n\nGet host and port for a sockaddr."},
    {.name = "getdefaulttimeout", .impl = socket_getdefaulttimeout,
     .doc = "getdefaulttimeout() -> timeout\n\nReturns the default timeout in seconds (float) for new socket "
            "objects.\nA value of None indicates that new socket objects have no timeout.\nWhen the socket "
            "module is first imported, the default is None."},
    {.name = "setdefaulttimeout", .impl = socket_setdefaulttimeout, .signature = "($module, timeout, /)",
     .doc = "setdefaulttimeout(timeout)\n\nSet the default timeout in seconds (float) for new socket "
            "objects.\nA value of None indicates that new socket objects have no timeout.\nWhen the socket "
            "module is first imported, the default is None."},
    {.name = "if_nameindex", .impl = socket_if_nameindex,
     .doc = "if_nameindex()\n\nReturns a list of network interface information (index, name) tuples."},
    {.name = "if_nametoindex", .raw = socket_if_nametoindex,
     .doc = "if_nametoindex(if_name)\n\nReturns the interface index corresponding to the interface name "
            "if_name."},
    {.name = "if_indextoname", .impl = socket_if_indextoname, .signature = "($module, if_index, /)",
     .doc = "if_indextoname(if_index)\n\nReturns the interface name corresponding to the interface index "
            "if_index."},
    {.name = "CMSG_LEN", .raw = socket_cmsg_len,
     .doc = "CMSG_LEN(length) -> control message length\n\nReturn the total length, without trailing "
            "padding, of an ancillary\ndata item with associated data of the given length.  This value can\n"
            "often be used as the buffer size for recvmsg() to receive a single\nitem of ancillary data, but "
            "RFC 3542 requires portable applications to\nuse CMSG_SPACE() and thus include space for padding, "
            "even when the\nitem will be the last in the buffer.  Raises OverflowError if length\nis outside "
            "the permissible range of values."},
    {.name = "CMSG_SPACE", .raw = socket_cmsg_space,
     .doc = "CMSG_SPACE(length) -> buffer size\n\nReturn the buffer size needed for recvmsg() to receive an "
            "ancillary\ndata item with associated data of the given length, along with any\ntrailing "
            "padding.  The buffer space needed to receive multiple items\nis the sum of the CMSG_SPACE() "
            "values for their associated data\nlengths.  Raises OverflowError if length is outside the "
            "permissible\nrange of values."},
    {},
};

bool socket_exec(ModuleObject* module) {
  if (!herror_type) {
    Ref<> herror = new_exception_type("socket.herror", &exc::OSError);
    Ref<> gaierror = new_exception_type("socket.gaierror", &exc::OSError);
    if (!herror || !gaierror) return false;
    herror_type = herror.release_object();
    gaierror_type = gaierror.release_object();
  }
  if (!module_add_object(module, "error", Value(&exc::OSError)) ||
      !module_add_object(module, "herror", Value(herror_type)) ||
      !module_add_object(module, "gaierror", Value(gaierror_type)) ||
      !module_add_object(module, "timeout", Value(&exc::TimeoutError)) || !type_ready(&socket_type) ||
      !module_add_object(module, "SocketType", Value(&socket_type)) ||
      !module_add_object(module, "socket", Value(&socket_type)) ||
      !module_add_object(module, "has_ipv6", True())) {
    return false;
  }
#define KRAIT_SOCKET_CONST(name, value) \
  if (!module_add_int(module, #name, value)) return false;
#define KRAIT_SOCKET_STRING(name, value) \
  if (!module_add_string(module, #name, value)) return false;
#include "modules/socket/socket_constants.inc"
#undef KRAIT_SOCKET_STRING
#undef KRAIT_SOCKET_CONST
  return true;
}

}  // namespace

}  // namespace krait::socket_module

namespace krait {

extern const ModuleDef module__socket = {
    .name = "_socket",
    .doc = "Implementation module for socket operations.\n\nSee the socket module for documentation.",
    .methods = socket_module::socket_module_methods,
    .exec = socket_module::socket_exec,
};

}  // namespace krait
