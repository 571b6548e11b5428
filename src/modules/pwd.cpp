// The pwd module: the password database (getpwuid, getpwnam, getpwall) as
// pwd.struct_passwd records. Lookups use the reentrant C calls with the GIL released.
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/unicode_codecs.h"

namespace krait {

namespace {

const StructSeqField struct_passwd_fields[] = {
    {"pw_name", "user name"}, {"pw_passwd", "password"}, {"pw_uid", "user id"},
    {"pw_gid", "group id"},   {"pw_gecos", "real name"}, {"pw_dir", "home directory"},
    {"pw_shell", "shell program"}, {},
};

StructSeqType struct_passwd_type{
    "pwd.struct_passwd",
    "pwd.struct_passwd: Results from getpw*() routines.\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)\n"
    "or via the object attributes as named in the above tuple.",
    struct_passwd_fields, 7};

Ref<> text_or_none(const char* text) { return text ? posix::fs_decode(text) : new_none(); }

Ref<> passwd_entry(const struct passwd& p) {
  Ref<TupleObject> result = structseq_new(&struct_passwd_type);
  if (!result) return nullptr;
  Ref<> values[7] = {text_or_none(p.pw_name), text_or_none(p.pw_passwd), posix::uid_to_int(p.pw_uid),
                     posix::uid_to_int(p.pw_gid), text_or_none(p.pw_gecos), text_or_none(p.pw_dir),
                     text_or_none(p.pw_shell)};
  for (int i = 0; i < 7; ++i) {
    if (!values[i]) return nullptr;
    structseq_set(result.get(), i, std::move(values[i]));
  }
  return result;
}

// Runs a getpw*_r lookup, growing the string buffer on ERANGE. 1 found, 0 not found.
template <class Lookup>
int lookup_passwd(Lookup&& lookup, struct passwd* entry, std::vector<char>* buffer) {
  long suggested = sysconf(_SC_GETPW_R_SIZE_MAX);
  buffer->resize(suggested > 0 ? size_t(suggested) : 1024);
  for (;;) {
    struct passwd* found = nullptr;
    int error;
    {
      ReleaseGil released;
      error = lookup(entry, buffer->data(), buffer->size(), &found);
    }
    if (error == ERANGE) {
      buffer->resize(buffer->size() * 2);
      continue;
    }
    return found != nullptr;
  }
}

Ref<> pwd_getpwuid(Value, const Value* args) {
  unsigned uid;
  if (!posix::uid_arg(args[0], &uid)) {
    if (error_matches(&exc::OverflowError)) {
      clear_error();
      return raise(exc::KeyError, "getpwuid(): uid not found");
    }
    return nullptr;
  }
  struct passwd entry;
  std::vector<char> buffer;
  int found = lookup_passwd(
      [&](struct passwd* e, char* b, size_t n, struct passwd** out) { return getpwuid_r(uid, e, b, n, out); },
      &entry, &buffer);
  if (!found) {
    Ref<> number = posix::uid_to_int(uid);
    if (!number) return nullptr;
    return raise(exc::KeyError, "getpwuid(): uid not found: {}", str_for_message(number));
  }
  return passwd_entry(entry);
}

Ref<> pwd_getpwnam(Value, const Value* args) {
  Value name = args[0];
  if (!is_str(name)) return type_error("getpwnam() argument must be str, not {}", type_name(name));
  Ref<> encoded = posix::fs_encode(name);
  if (!encoded) return nullptr;
  if (std::strlen(as_bytes(encoded)->data) != size_t(as_bytes(encoded)->length)) {
    return value_error("embedded null byte");
  }
  const char* text = as_bytes(encoded)->data;
  struct passwd entry;
  std::vector<char> buffer;
  int found = lookup_passwd(
      [&](struct passwd* e, char* b, size_t n, struct passwd** out) { return getpwnam_r(text, e, b, n, out); },
      &entry, &buffer);
  if (!found) return raise(exc::KeyError, "getpwnam(): name not found: {}", repr_for_message(name));
  return passwd_entry(entry);
}

Ref<> pwd_getpwall(Value, const Value*) {
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  setpwent();
  struct passwd* p;
  while ((p = getpwent()) != nullptr) {
    Ref<> entry = passwd_entry(*p);
    if (!entry || !list_append_steal(result.get(), std::move(entry))) {
      endpwent();
      return nullptr;
    }
  }
  endpwent();
  return result;
}

const MethodDef pwd_methods[] = {
    {.name = "getpwuid", .impl = pwd_getpwuid, .signature = "($module, uidobj, /)",
     .doc = "Return the password database entry for the given numeric user ID.\n\n"
            "See `help(pwd)` for more on password database entries."},
    {.name = "getpwnam", .impl = pwd_getpwnam, .signature = "($module, name, /)",
     .doc = "Return the password database entry for the given user name.\n\n"
            "See `help(pwd)` for more on password database entries."},
    {.name = "getpwall", .impl = pwd_getpwall, .signature = "($module, /)",
     .doc = "Return a list of all available password database entries, in arbitrary order.\n\n"
            "See help(pwd) for more on password database entries."},
    {},
};

bool pwd_exec(ModuleObject* module) {
  return structseq_ready(&struct_passwd_type) && module_add_type(module, &struct_passwd_type);
}

}  // namespace

extern const ModuleDef module_pwd = {
    .name = "pwd",
    .doc = "This module provides access to the Unix password database.\n"
           "It is available on all Unix versions.\n\n"
           "Password database entries are reported as 7-tuples containing the following\n"
           "items from the password database (see `<pwd.h>'), in order:\n"
           "pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell.\n"
           "The uid and gid items are integers, all others are strings. An\n"
           "exception is raised if the entry asked for cannot be found.",
    .methods = pwd_methods,
    .exec = pwd_exec,
};

}  // namespace krait
