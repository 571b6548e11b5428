// The executable's build id (build_stamp.h), read once from its ELF notes.
#include "runtime/build_stamp.h"

#include <link.h>

#include <cstring>
#include <string>

#include "core/hash.h"

namespace krait {

namespace {

// The main program is the first object dl_iterate_phdr reports; its PT_NOTE segments
// hold the linker's NT_GNU_BUILD_ID note.
int read_build_id(dl_phdr_info* info, size_t, void* out) {
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    auto* at = reinterpret_cast<const char*>(info->dlpi_addr + segment.p_vaddr);
    const char* end = at + segment.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      auto* note = reinterpret_cast<const ElfW(Nhdr)*>(at);
      const char* name = at + sizeof(ElfW(Nhdr));
      const char* desc = name + ((note->n_namesz + 3) & ~3u);
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        static_cast<std::string*>(out)->assign(desc, note->n_descsz);
        return 1;
      }
      at = desc + ((note->n_descsz + 3) & ~3u);
    }
  }
  return 1;  // only the main program
}

const std::string& build_id() {
  static const std::string id = [] {
    std::string found;
    dl_iterate_phdr(read_build_id, &found);
    return found;
  }();
  return id;
}

}  // namespace

std::string_view executable_build_id() { return build_id(); }

uint64_t code_format_stamp() {
  static const uint64_t stamp =
      siphash13(0x6b72616974737470ULL, 0x636f646573746d70ULL, build_id().data(), build_id().size());
  return stamp;
}

uint16_t pyc_magic_word() {
  uint16_t word = uint16_t(code_format_stamp() >> 48);
  return word < 4000 ? uint16_t(word + 4000) : word;
}

}  // namespace krait
