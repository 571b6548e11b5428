// Socket addresses: Python objects ((host, port) tuples, paths, ...) to struct sockaddr and
// back, for the families CPython supports on Linux that krait handles (AF_INET, AF_INET6,
// AF_UNIX with the abstract namespace, AF_NETLINK, AF_VSOCK, AF_PACKET), and host name
// resolution for them (CPython's getsockaddrarg, makesockaddr and setipaddr).
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/vm_sockets.h>
#include <net/if.h>
#include <netdb.h>
#include <netpacket/packet.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/ops.h"
#include "modules/posix_internal.h"
#include "modules/socket/legacy_args.h"
#include "modules/socket/socket_internal.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"
#include "runtime/gil.h"

namespace krait::socket_module {

using socket_args::BufferHolder;

namespace {

Value idna_name() {
  static StrObject* name = str_intern_utf8("idna");
  return Value(name);
}

// The items of an address tuple for a format with min..max items; a wrong count raises
// TypeError(message) as a ';message' format suffix does.
bool tuple_items(Value address, size_t min, size_t max, const char* message, const Value** items,
                 size_t* count) {
  TupleObject* t = as_tuple(address);
  *count = size_t(t->length);
  if (*count < min || *count > max) return type_error("{}", message);
  *items = t->items;
  return true;
}

Raised not_a_tuple(const char* caller, const char* family, Value address) {
  return type_error("{}(): {} address must be tuple, not {}", caller, family, type_name(address));
}

// An IPv4/IPv6 (host, port[, flowinfo, scope_id]) address.
bool parse_inet(const SocketObject* s, Value address, SocketAddress* out, socklen_t* length,
                const char* caller) {
  bool v6 = s->family == AF_INET6;
  const char* family_name = v6 ? "AF_INET6" : "AF_INET";
  if (!is_tuple(address)) return not_a_tuple(caller, family_name, address);
  const char* message = v6 ? "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
                           : "AF_INET address must be a pair (host, port)";
  const Value* items;
  size_t count;
  if (!tuple_items(address, 2, v6 ? 4 : 2, message, &items, &count)) return false;
  Ref<> host = host_name_bytes(items[0]);
  if (!host) return false;
  int port;
  if (!socket_args::int_arg(items[1], &port)) {
    if (error_matches(&exc::OverflowError)) {
      clear_error();
      return overflow_error("{}(): port must be 0-65535.", caller);
    }
    return false;
  }
  unsigned flowinfo = 0, scope_id = 0;
  if (count > 2 && !socket_args::uint_mask_arg(items[2], &flowinfo)) return false;
  if (count > 3 && !socket_args::uint_mask_arg(items[3], &scope_id)) return false;
  std::memset(out, 0, sizeof(*out));
  if (resolve_ip(as_bytes(host)->data, &out->any, v6 ? sizeof(out->in6) : sizeof(out->in),
                 s->family) < 0) {
    return false;
  }
  if (port < 0 || port > 0xffff) return overflow_error("{}(): port must be 0-65535.", caller);
  if (v6) {
    if (flowinfo > 0xfffff) return overflow_error("{}(): flowinfo must be 0-1048575.", caller);
    out->in6.sin6_family = AF_INET6;
    out->in6.sin6_port = htons(uint16_t(port));
    out->in6.sin6_flowinfo = htonl(flowinfo);
    out->in6.sin6_scope_id = scope_id;
    *length = sizeof(out->in6);
  } else {
    out->in.sin_family = AF_INET;
    out->in.sin_port = htons(uint16_t(port));
    *length = sizeof(out->in);
  }
  return true;
}

// A path (str, encoded with surrogateescape, or any bytes-like object); on Linux an empty
// path or one starting with NUL is in the abstract namespace.
bool parse_unix(Value address, SocketAddress* out, socklen_t* length) {
  Ref<> encoded;
  Value source = address;
  if (is_str(address)) {
    encoded = posix::fs_encode(address);
    if (!encoded) return false;
    source = encoded;
  }
  BufferHolder path;
  if (!path.get(source)) return false;
  std::memset(&out->un, 0, sizeof(out->un));
  size_t size = size_t(path.length());
  bool abstract = size == 0 || path.data()[0] == 0;
  if (abstract ? size > sizeof(out->un.sun_path) : size >= sizeof(out->un.sun_path)) {
    return raise(exc::OSError, "AF_UNIX path too long");
  }
  out->un.sun_family = AF_UNIX;
  std::memcpy(out->un.sun_path, path.data(), size);
  // A regular path is NUL-terminated, and the NUL is counted.
  *length = socklen_t(offsetof(struct sockaddr_un, sun_path) + size + (abstract ? 0 : 1));
  return true;
}

// Two unsigned ints (NETLINK pid/groups, VSOCK cid/port).
bool parse_uint_pair(Value address, const char* message, unsigned* a, unsigned* b) {
  const Value* items;
  size_t count;
  if (!tuple_items(address, 2, 2, message, &items, &count)) return false;
  return socket_args::uint_mask_arg(items[0], a) && socket_args::uint_mask_arg(items[1], b);
}

bool parse_packet(const SocketObject* s, Value address, SocketAddress* out, socklen_t* length,
                  const char* caller) {
  if (!is_tuple(address)) return not_a_tuple(caller, "AF_PACKET", address);
  const char* message = "AF_PACKET address must be a tuple of two to five elements";
  const Value* items;
  size_t count;
  if (!tuple_items(address, 2, 5, message, &items, &count)) return false;
  if (!is_str(items[0])) return type_error("{}", message);
  std::string interface_name;
  if (!socket_args::str_arg(items[0], caller, 1, &interface_name)) return false;
  int proto, pkttype = PACKET_HOST, hatype = 0;
  BufferHolder hardware;
  bool ok = socket_args::int_arg(items[1], &proto) &&
            (count < 3 || socket_args::int_arg(items[2], &pkttype)) &&
            (count < 4 || socket_args::int_arg(items[3], &hatype));
  if (!ok) {
    if (error_matches(&exc::OverflowError)) {
      clear_error();
      return overflow_error("{}(): address argument out of range", caller);
    }
    return false;
  }
  if (count > 4 && !hardware.get(items[4])) return false;
  struct ifreq request;
  std::memset(&request, 0, sizeof(request));
  std::strncpy(request.ifr_name, interface_name.c_str(), sizeof(request.ifr_name) - 1);
  if (ioctl(s->fd, SIOCGIFINDEX, &request) < 0) return socket_error(errno);
  if (count > 4 && hardware.length() > 8) return value_error("Hardware address must be 8 bytes or less");
  if (proto < 0 || proto > 0xffff) return overflow_error("{}(): proto must be 0-65535.", caller);
  struct sockaddr_ll* ll = reinterpret_cast<struct sockaddr_ll*>(&out->storage);
  std::memset(ll, 0, sizeof(*ll));
  ll->sll_family = AF_PACKET;
  ll->sll_protocol = htons(uint16_t(proto));
  ll->sll_ifindex = request.ifr_ifindex;
  ll->sll_pkttype = static_cast<unsigned char>(pkttype);
  ll->sll_hatype = static_cast<unsigned short>(hatype);
  if (count > 4) {
    std::memcpy(ll->sll_addr, hardware.data(), size_t(hardware.length()));
    ll->sll_halen = static_cast<unsigned char>(hardware.length());
  }
  *length = sizeof(*ll);
  return true;
}

}  // namespace

Ref<> ipv4_text(const struct in_addr& address) {
  char text[INET_ADDRSTRLEN];
  if (!inet_ntop(AF_INET, &address, text, sizeof(text))) return socket_error(errno);
  return str_from_ascii(text);
}

Ref<> ipv6_text(const struct in6_addr& address) {
  char text[INET6_ADDRSTRLEN];
  if (!inet_ntop(AF_INET6, &address, text, sizeof(text))) return socket_error(errno);
  return str_from_ascii(text);
}

Ref<> host_name_bytes(Value v) {
  Ref<> bytes;
  if (is_bytes(v)) {
    bytes = new_ref(v);
  } else if (is_bytearray(v)) {
    bytes = bytes_from({as_bytearray(v)->data, size_t(as_bytearray(v)->length)});
  } else if (is_str(v)) {
    if (str_max_char(as_str(v)) < 0x80) {
      bytes = bytes_from(str_utf8(v));
    } else {
      bytes = str_encode(as_str(v), idna_name(), Value());
      if (!bytes) {
        clear_error();
        return type_error("encoding of hostname failed");
      }
    }
  } else {
    return type_error("str, bytes or bytearray expected, not {}", type_name(v));
  }
  if (!bytes) return nullptr;
  if (std::strlen(as_bytes(bytes)->data) != size_t(as_bytes(bytes)->length)) {
    return type_error("host name must not contain null character");
  }
  return bytes;
}

int resolve_ip(const char* name, struct sockaddr* out, size_t out_size, int family) {
  std::memset(out, 0, sizeof(*out));
  struct addrinfo hints;
  struct addrinfo* result;
  if (name[0] == '\0') {
    // The wildcard address of the family.
    std::memset(&hints, 0, sizeof(hints));
    hints.ai_family = family;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_PASSIVE;
    int error;
    {
      ReleaseGil released;
      error = getaddrinfo(nullptr, "0", &hints, &result);
    }
    if (error) return gai_error(error);
    int size;
    switch (result->ai_family) {
      case AF_INET: size = 4; break;
      case AF_INET6: size = 16; break;
      default:
        freeaddrinfo(result);
        return raise(exc::OSError, "unsupported address family");
    }
    if (result->ai_next) {
      freeaddrinfo(result);
      return raise(exc::OSError, "wildcard resolved to multiple address");
    }
    std::memcpy(out, result->ai_addr, std::min<size_t>(result->ai_addrlen, out_size));
    freeaddrinfo(result);
    return size;
  }
  if (std::strcmp(name, "255.255.255.255") == 0 || std::strcmp(name, "<broadcast>") == 0) {
    if (family != AF_INET && family != AF_UNSPEC) return raise(exc::OSError, "address family mismatched");
    auto* in = reinterpret_cast<struct sockaddr_in*>(out);
    std::memset(in, 0, sizeof(*in));
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = INADDR_BROADCAST;
    return 4;
  }
  // Numeric addresses need no resolver.
  if (family == AF_UNSPEC || family == AF_INET) {
    auto* in = reinterpret_cast<struct sockaddr_in*>(out);
    std::memset(in, 0, sizeof(*in));
    if (inet_pton(AF_INET, name, &in->sin_addr) > 0) {
      in->sin_family = AF_INET;
      return 4;
    }
  }
  // An IPv6 address with a scope ("fe80::1%eth0") goes to getaddrinfo, which knows names.
  if ((family == AF_UNSPEC || family == AF_INET6) && !std::strchr(name, '%') &&
      out_size >= sizeof(struct sockaddr_in6)) {
    auto* in6 = reinterpret_cast<struct sockaddr_in6*>(out);
    std::memset(in6, 0, sizeof(*in6));
    if (inet_pton(AF_INET6, name, &in6->sin6_addr) > 0) {
      in6->sin6_family = AF_INET6;
      return 16;
    }
  }
  std::memset(&hints, 0, sizeof(hints));
  hints.ai_family = family;
  int error;
  {
    ReleaseGil released;
    error = getaddrinfo(name, nullptr, &hints, &result);
  }
  if (error) return gai_error(error);
  std::memcpy(out, result->ai_addr, std::min<size_t>(result->ai_addrlen, out_size));
  freeaddrinfo(result);
  switch (out->sa_family) {
    case AF_INET: return 4;
    case AF_INET6: return 16;
    default: return raise(exc::OSError, "unknown address family");
  }
}

bool parse_address(const SocketObject* s, Value address, SocketAddress* out, socklen_t* length,
                   const char* caller) {
  switch (s->family) {
    case AF_UNIX: return parse_unix(address, out, length);
    case AF_INET:
    case AF_INET6: return parse_inet(s, address, out, length, caller);
    case AF_NETLINK: {
      if (!is_tuple(address)) return not_a_tuple(caller, "AF_NETLINK", address);
      unsigned pid, groups;
      if (!parse_uint_pair(address, "AF_NETLINK address must be a pair (pid, groups)", &pid, &groups)) {
        return false;
      }
      auto* nl = reinterpret_cast<struct sockaddr_nl*>(&out->storage);
      std::memset(nl, 0, sizeof(*nl));
      nl->nl_family = AF_NETLINK;
      nl->nl_pid = pid;
      nl->nl_groups = groups;
      *length = sizeof(*nl);
      return true;
    }
    case AF_VSOCK: {
      if (!is_tuple(address)) {
        return type_error("getsockaddrarg: AF_VSOCK address must be tuple, not {}", type_name(address));
      }
      if (!socket_args::check_count("getsockaddrarg", size_t(as_tuple(address)->length), 2, 2)) return false;
      unsigned cid, port;
      if (!parse_uint_pair(address, "", &cid, &port)) return false;
      auto* vm = reinterpret_cast<struct sockaddr_vm*>(&out->storage);
      std::memset(vm, 0, sizeof(*vm));
      vm->svm_family = AF_VSOCK;
      vm->svm_cid = cid;
      vm->svm_port = port;
      *length = sizeof(*vm);
      return true;
    }
    case AF_PACKET: return parse_packet(s, address, out, length, caller);
    default: return raise(exc::OSError, format_message("{}(): bad family", caller));
  }
}

bool address_length(const SocketObject* s, socklen_t* length) {
  switch (s->family) {
    case AF_UNIX: *length = sizeof(struct sockaddr_un); return true;
    case AF_NETLINK: *length = sizeof(struct sockaddr_nl); return true;
    case AF_VSOCK: *length = sizeof(struct sockaddr_vm); return true;
    case AF_INET: *length = sizeof(struct sockaddr_in); return true;
    case AF_INET6: *length = sizeof(struct sockaddr_in6); return true;
    case AF_PACKET: *length = sizeof(struct sockaddr_ll); return true;
    default: return raise(exc::OSError, "getsockaddrlen: bad family");
  }
}

Ref<> make_address(int fd, const struct sockaddr* address, size_t length, int) {
  // No address, as recvfrom() reports for a connected socket.
  if (length == 0) return new_none();
  switch (address->sa_family) {
    case AF_INET: {
      const auto* in = reinterpret_cast<const struct sockaddr_in*>(address);
      Ref<> host = ipv4_text(in->sin_addr);
      if (!host) return nullptr;
      return tuple_steal({host.release(), Value::small_int(ntohs(in->sin_port))});
    }
    case AF_INET6: {
      const auto* in6 = reinterpret_cast<const struct sockaddr_in6*>(address);
      Ref<> host = ipv6_text(in6->sin6_addr);
      if (!host) return nullptr;
      return tuple_steal({host.release(), Value::small_int(ntohs(in6->sin6_port)),
                          Value::small_int(ntohl(in6->sin6_flowinfo)),
                          Value::small_int(in6->sin6_scope_id)});
    }
    case AF_UNIX: {
      const auto* un = reinterpret_cast<const struct sockaddr_un*>(address);
      size_t path_length = length - offsetof(struct sockaddr_un, sun_path);
      // Linux's abstract namespace: the name starts with NUL and is binary.
      if (length > offsetof(struct sockaddr_un, sun_path) && un->sun_path[0] == 0) {
        return bytes_from({un->sun_path, std::min(path_length, sizeof(un->sun_path))});
      }
      return posix::fs_decode({un->sun_path, strnlen(un->sun_path, sizeof(un->sun_path))});
    }
    case AF_NETLINK: {
      const auto* nl = reinterpret_cast<const struct sockaddr_nl*>(address);
      return tuple_steal({Value::small_int(nl->nl_pid), Value::small_int(nl->nl_groups)});
    }
    case AF_VSOCK: {
      const auto* vm = reinterpret_cast<const struct sockaddr_vm*>(address);
      return tuple_steal({Value::small_int(vm->svm_cid), Value::small_int(vm->svm_port)});
    }
    case AF_PACKET: {
      const auto* ll = reinterpret_cast<const struct sockaddr_ll*>(address);
      const char* interface_name = "";
      struct ifreq request;
      if (ll->sll_ifindex) {
        std::memset(&request, 0, sizeof(request));
        request.ifr_ifindex = ll->sll_ifindex;
        if (ioctl(fd, SIOCGIFNAME, &request) == 0) interface_name = request.ifr_name;
      }
      Ref<> name = str_from_utf8(interface_name);
      Ref<> hardware = bytes_from({reinterpret_cast<const char*>(ll->sll_addr),
                                   std::min<size_t>(ll->sll_halen, sizeof(ll->sll_addr))});
      if (!name || !hardware) return nullptr;
      return tuple_steal({name.release(), Value::small_int(ntohs(ll->sll_protocol)),
                          Value::small_int(ll->sll_pkttype), Value::small_int(ll->sll_hatype),
                          hardware.release()});
    }
    default: {
      // An unknown family comes back as (family, raw sa_data).
      Ref<> data = bytes_from({address->sa_data, sizeof(address->sa_data)});
      if (!data) return nullptr;
      return tuple_steal({Value::small_int(address->sa_family), data.release()});
    }
  }
}

}  // namespace krait::socket_module
