// Internals shared by the files of the _socket module: socket_module.cpp (module functions,
// constants, name resolution), socket_object.cpp (the socket type) and socket_address.cpp
// (converting between Python address objects and struct sockaddr).
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdint>

#include "core/error.h"
#include "modules/pytime.h"

namespace krait {

namespace socket_module {

// Room for any address the module handles.
union SocketAddress {
  struct sockaddr any;
  struct sockaddr_in in;
  struct sockaddr_in6 in6;
  struct sockaddr_un un;
  struct sockaddr_storage storage;
};

struct SocketObject : Object {
  int fd;         // -1 once closed or detached
  int family;
  int type;       // without SOCK_NONBLOCK / SOCK_CLOEXEC
  int proto;
  TimeNs timeout;  // < 0: blocking; 0: non-blocking; > 0: wait at most this long
};

extern TypeObject socket_type;

inline SocketObject* as_socket(Value v) { return static_cast<SocketObject*>(v.as_object()); }

// --- Module-wide state ---
extern TimeNs default_timeout;   // setdefaulttimeout(); -1: None
extern Object* herror_type;      // socket.herror
extern Object* gaierror_type;    // socket.gaierror

// --- Errors ---
// OSError from errno.
Raised socket_error(int errno_value);
// socket.gaierror (h_errno-like code, gai_strerror text); EAI_SYSTEM becomes OSError.
Raised gai_error(int code);
// socket.herror for a gethostby* failure.
Raised host_error(int code);

// --- Timeouts ---
// A timeout argument: None → -1, else non-negative seconds (CPython's socket_parse_timeout).
bool parse_timeout(Value v, TimeNs* out);
Ref<> timeout_to_object(TimeNs timeout);

// --- Addresses (socket_address.cpp) ---
// Parses `address` for a socket of `family` (and proto, for the families that need it)
// into *out and *length; `caller` names the method in messages ("bind(): ...").
bool parse_address(const SocketObject* s, Value address, SocketAddress* out, socklen_t* length,
                   const char* caller);
// The buffer size getsockname()/recvfrom()/accept() need for the socket's family.
bool address_length(const SocketObject* s, socklen_t* length);
// The Python form of an address (fd: for AF_PACKET interface names; may be -1).
Ref<> make_address(int fd, const struct sockaddr* address, size_t length, int proto);
// Resolves `name` (numeric, "", "<broadcast>" or a host name) for `family` into *out; the
// address size (4 or 16) or -1 with an exception set. CPython's setipaddr.
int resolve_ip(const char* name, struct sockaddr* out, size_t out_size, int family);
// A host name argument as bytes: str (IDNA-encoded unless ASCII), bytes or bytearray,
// without NUL ("str, bytes or bytearray expected, not int").
Ref<> host_name_bytes(Value v);
// The text of an IPv4/IPv6 address.
Ref<> ipv4_text(const struct in_addr& address);
Ref<> ipv6_text(const struct in6_addr& address);

// A new socket object for a descriptor made by the module (socketpair).
Ref<> make_socket_object(int fd, int family, int type, int proto);

}  // namespace socket_module
}  // namespace krait
