// The grp module: the group database (getgrgid, getgrnam, getgrall) as grp.struct_group
// records, looked up with the reentrant C calls and the GIL released.
#include <grp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"
#include "core/ops.h"
#include "modules/module_def.h"
#include "modules/posix_internal.h"
#include "objects/bytes.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"

namespace krait {

namespace {

const StructSeqField struct_group_fields[] = {
    {"gr_name", "group name"}, {"gr_passwd", "password"}, {"gr_gid", "group id"},
    {"gr_mem", "group members"}, {},
};

StructSeqType struct_group_type{
    "grp.struct_group",
    "grp.struct_group: Results from getgr*() routines.\n\n"
    "This object may be accessed either as a tuple of\n"
    "  (gr_name,gr_passwd,gr_gid,gr_mem)\n"
    "or via the object attributes as named in the above tuple.\n",
    struct_group_fields, 4};

Ref<> text_or_none(const char* text) { return text ? posix::fs_decode(text) : new_none(); }

Ref<> group_entry(const struct group& g) {
  Ref<ListObject> members = list_new();
  if (!members) return nullptr;
  for (char** member = g.gr_mem; member && *member; ++member) {
    Ref<> name = posix::fs_decode(*member);
    if (!name || !list_append_steal(members.get(), std::move(name))) return nullptr;
  }
  Ref<TupleObject> result = structseq_new(&struct_group_type);
  if (!result) return nullptr;
  Ref<> values[4] = {text_or_none(g.gr_name), text_or_none(g.gr_passwd), posix::uid_to_int(g.gr_gid),
                     std::move(members)};
  for (int i = 0; i < 4; ++i) {
    if (!values[i]) return nullptr;
    structseq_set(result.get(), i, std::move(values[i]));
  }
  return result;
}

template <class Lookup>
int lookup_group(Lookup&& lookup, struct group* entry, std::vector<char>* buffer) {
  long suggested = sysconf(_SC_GETGR_R_SIZE_MAX);
  buffer->resize(suggested > 0 ? size_t(suggested) : 1024);
  for (;;) {
    struct group* found = nullptr;
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

Ref<> grp_getgrgid(Value, const Value* args) {
  unsigned gid;
  if (!posix::gid_arg(args[0], &gid)) return nullptr;
  struct group entry;
  std::vector<char> buffer;
  int found = lookup_group(
      [&](struct group* e, char* b, size_t n, struct group** out) { return getgrgid_r(gid, e, b, n, out); },
      &entry, &buffer);
  if (!found) return raise(exc::KeyError, "getgrgid(): gid not found: {}", str_for_message(args[0]));
  return group_entry(entry);
}

Ref<> grp_getgrnam(Value, const Value* args) {
  Value name = args[0];
  if (!is_str(name)) return type_error("getgrnam() argument must be str, not {}", type_name(name));
  Ref<> encoded = posix::fs_encode(name);
  if (!encoded) return nullptr;
  if (std::strlen(as_bytes(encoded)->data) != size_t(as_bytes(encoded)->length)) {
    return value_error("embedded null byte");
  }
  const char* text = as_bytes(encoded)->data;
  struct group entry;
  std::vector<char> buffer;
  int found = lookup_group(
      [&](struct group* e, char* b, size_t n, struct group** out) { return getgrnam_r(text, e, b, n, out); },
      &entry, &buffer);
  if (!found) return raise(exc::KeyError, "getgrnam(): name not found: {}", repr_for_message(name));
  return group_entry(entry);
}

Ref<> grp_getgrall(Value, const Value*) {
  Ref<ListObject> result = list_new();
  if (!result) return nullptr;
  setgrent();
  struct group* g;
  while ((g = getgrent()) != nullptr) {
    Ref<> entry = group_entry(*g);
    if (!entry || !list_append_steal(result.get(), std::move(entry))) {
      endgrent();
      return nullptr;
    }
  }
  endgrent();
  return result;
}

const MethodDef grp_methods[] = {
    {.name = "getgrgid", .impl = grp_getgrgid, .signature = "($module, /, id)",
     .doc = "Return the group database entry for the given numeric group ID.\n\n"
            "If id is not valid, raise KeyError."},
    {.name = "getgrnam", .impl = grp_getgrnam, .signature = "($module, /, name)",
     .doc = "Return the group database entry for the given group name.\n\n"
            "If name is not valid, raise KeyError."},
    {.name = "getgrall", .impl = grp_getgrall, .signature = "($module, /)",
     .doc = "Return a list of all available group entries, in arbitrary order.\n\n"
            "An entry whose name starts with '+' or '-' represents an instruction\n"
            "to use YP/NIS and may not be accessible via getgrnam or getgrgid."},
    {},
};

bool grp_exec(ModuleObject* module) {
  return structseq_ready(&struct_group_type) && module_add_type(module, &struct_group_type);
}

}  // namespace

extern const ModuleDef module_grp = {
    .name = "grp",
    .doc = "Access to the Unix group database.\n\n"
           "Group entries are reported as 4-tuples containing the following fields\n"
           "from the group database, in order:\n\n"
           "  gr_name   - name of the group\n"
           "  gr_passwd - group password (encrypted); often empty\n"
           "  gr_gid    - numeric ID of the group\n"
           "  gr_mem    - list of members\n\n"
           "The gid is an integer, name and password are strings.  (Note that most\n"
           "users are not explicitly listed as members of the groups they are in\n"
           "according to the password database.  Check both databases to get\n"
           "complete membership information.)",
    .methods = grp_methods,
    .exec = grp_exec,
};

}  // namespace krait
