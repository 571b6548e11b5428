// Quickening: generic instructions rewrite themselves into specialised forms after seeing
// their operands (CPython 3.11's adaptive interpreter, simplified). Each specialisable
// instruction's first cache unit is a back-off counter; the rest hold the specialised
// form's guard data (type version, dict keys version, index, a borrowed pointer).
#pragma once

#include <cstdint>
#include <cstring>

#include "compile/opcodes.h"
#include "core/type.h"
#include "objects/dict.h"

namespace krait {

struct Frame;
struct StrObject;

// The cache units after an instruction, overlaid with these structs (4-byte aligned).
struct BackoffCounter {
  uint16_t countdown;  // executions to skip before trying to specialise again
  uint16_t exponent;   // back-off grows 2**exponent after each failed specialisation
};

struct GlobalCache {
  BackoffCounter counter;
  uint32_t globals_version;
  uint32_t builtins_version;
  uint32_t index;
  uint32_t in_builtins;
};

struct AttrCache {
  BackoffCounter counter;
  uint32_t type_version;  // or the module dict's keys version
  uint32_t index;         // dict entry index (| kSplitIndex: shared-key index), member offset,
                          // or a shared-keys entry count (instance_dict_shadows)
  uint32_t value_low;     // a borrowed Value (LOAD_METHOD_CACHED, LOAD_ATTR_TYPE_ATTR)
  uint32_t value_high;
  Value value() const { return Value::from_bits(uintptr_t(value_low) | uintptr_t(value_high) << 32); }
  void set_value(Value v) {
    value_low = uint32_t(v.bits());
    value_high = uint32_t(v.bits() >> 32);
  }
};

// LOAD_ATTR_INSTANCE/STORE_ATTR_INSTANCE: the index is into the values of a split dict on
// the owner type's shared keys, not into a combined dict's entries. A site may see both
// kinds of dict with the same type version, so the kind is part of the cache.
constexpr uint32_t kSplitIndex = 1u << 31;

// LOAD_METHOD_CACHED, LOAD_ATTR_TYPE_ATTR cache what they found on the type; the instance
// dict of `obj` could shadow it. A split dict on the class's shared keys cannot while those
// keys have the entry count recorded in cache->index when `name` was last found absent from
// them: shared keys only grow by appending. Anything else is looked up.
bool instance_dict_shadows_slow(DictObject* dict, TypeObject* type, StrObject* name, AttrCache* cache);
inline bool instance_dict_shadows(Object* obj, TypeObject* type, StrObject* name, AttrCache* cache) {
  if (type->dict_offset == 0) return false;
  auto* dict = *reinterpret_cast<DictObject**>(reinterpret_cast<char*>(obj) + type->dict_offset);
  if (!dict || dict->used == 0) return false;
  if (dict->keys == type->cached_keys && uint64_t(dict->keys->nentries) == cache->index) return false;
  return instance_dict_shadows_slow(dict, type, name, cache);
}
constexpr uint32_t kNoEntryCount = UINT32_MAX;  // instance_dict_shadows has recorded none

static_assert(sizeof(GlobalCache) == 5 * sizeof(CodeUnit));
static_assert(sizeof(AttrCache) == 5 * sizeof(CodeUnit));

// Each returns the specialised result (a borrowed or new value as noted) when it could do
// the operation itself, or null (without an exception) to let the generic path run.
Value specialize_load_global(Frame* frame, StrObject* name, CodeUnit* instr);  // borrowed
// LOAD_NAME in module-level code (locals is globals) caches as LOAD_GLOBAL does.
Value specialize_load_name(Frame* frame, StrObject* name, CodeUnit* instr);    // borrowed
// STORE_NAME in module-level code, once the name is bound: caches its globals entry.
void specialize_store_name(Frame* frame, StrObject* name, CodeUnit* instr);
Ref<> specialize_load_attr(Value owner, StrObject* name, CodeUnit* instr);     // new ref
Value specialize_load_method(Value owner, StrObject* name, CodeUnit* instr);   // borrowed
// 1 stored, 0 not handled, -1 error.
int specialize_store_attr(Value owner, StrObject* name, Value value, CodeUnit* instr);
// These only rewrite the instruction; the generic path performs the operation.
void specialize_binary_op(Value left, Value right, CodeUnit* instr);
void specialize_compare_op(Value left, Value right, CodeUnit* instr);
void specialize_binary_subscr(Value container, Value key, CodeUnit* instr);
void specialize_store_subscr(Value container, Value key, CodeUnit* instr);
void specialize_for_iter(Value iterator, CodeUnit* instr);
// A CALL that reached a built-in method or function (direct_native_target), or a built-in
// type, with positional arguments only: [.., descriptor, self, args...] or
// [.., NULL, callable, args...]; nargs counts self in the first form. len, isinstance and
// list.append get their own forms.
void specialize_call_native(Value callable, bool method_form, uint32_t nargs, CodeUnit* instr);
// `type(x)`.
void specialize_call_type_1(CodeUnit* instr);
// The builtins those forms recognise by their impl (modules/builtins.cpp, objects/list.cpp).
Ref<> builtin_len(Value, const Value* args);
Ref<> builtin_isinstance(Value, const Value* args);
Ref<> list_append_method(Value self, const Value* args);

// A guard failed: back to the generic instruction, with a longer back-off.
void despecialize(CodeUnit* instr, Opcode generic);
// The same for an attribute site, forgetting the type version that failed: a later refill
// for that type (refill_attr_site) is then not taken for the one that just failed.
void despecialize_attr_site(CodeUnit* instr, Opcode generic);

// The attribute caches' second level: the last specialisation made anywhere for each
// (family, type version, name), shared by all sites. A site whose guard fails, or one that
// went generic, refills from it instead of looking the attribute up: the polymorphic site
// (a base-class method run on instances of several subclasses, each with its own type
// version) then costs a probe per change of type, not a generic lookup per execution.
// Entries stay valid exactly as long as the site caches they copy: the handlers re-check
// the type version and every other guard.
enum class AttrFamily : uint8_t { Load, Method, Store };
struct AttrSiteEntry {
  uint32_t type_version;  // 0: empty
  AttrFamily family;
  Opcode opcode;
  StrObject* name;
  AttrCache cache;  // its counter is not copied
};
constexpr size_t kAttrSiteEntries = 1024;
extern AttrSiteEntry attr_site_entries[kAttrSiteEntries];

// Two-way: each key hashes to an even slot and may sit there or in the odd one after it,
// so two hot (type, name) pairs that hash alike do not evict each other on every change.
inline AttrSiteEntry* attr_site_pair(AttrFamily family, uint32_t type_version, StrObject* name) {
  uintptr_t h = (reinterpret_cast<uintptr_t>(name) >> 4) ^ (type_version * 0x9E3779B1u) ^ uintptr_t(family);
  return &attr_site_entries[(h << 1) & (kAttrSiteEntries - 2)];
}
inline bool attr_site_entry_is(const AttrSiteEntry& entry, AttrFamily family, uint32_t type_version,
                               StrObject* name) {
  return entry.type_version == type_version && entry.name == name && entry.family == family;
}

// Rewrites the site at `instr` to the entry for `type`, when there is one that differs
// from what the site holds (a site refilled with what just failed would loop); true if so.
inline bool refill_attr_site(AttrFamily family, TypeObject* type, StrObject* name, CodeUnit* instr) {
  auto* cache = reinterpret_cast<AttrCache*>(instr + 1);
  if (type->version_tag == cache->type_version) return false;
  AttrSiteEntry* pair = attr_site_pair(family, type->version_tag, name);
  const AttrSiteEntry* entry = pair;
  if (!attr_site_entry_is(*entry, family, type->version_tag, name)) {
    entry = pair + 1;
    if (!attr_site_entry_is(*entry, family, type->version_tag, name)) return false;
  }
  std::memcpy(reinterpret_cast<char*>(cache) + sizeof(BackoffCounter),
              reinterpret_cast<const char*>(&entry->cache) + sizeof(BackoffCounter),
              sizeof(AttrCache) - sizeof(BackoffCounter));
  *instr = (*instr & ~CodeUnit{0xFF}) | CodeUnit(entry->opcode);
  return true;
}

}  // namespace krait
