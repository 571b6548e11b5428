// Quickening decisions; see specialize.h. A specialisation is attempted when the counter
// reaches zero; a failed guard (despecialize) doubles the wait, so polymorphic sites
// settle on the generic instruction instead of flipping back and forth.
#include "vm/specialize.h"

#include "runtime/gc.h"

#include "core/ops.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/float.h"
#include "objects/function.h"
#include "objects/generator.h"
#include "objects/list.h"
#include "objects/module.h"
#include "objects/range.h"
#include "objects/set.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "vm/builtin_calls.h"
#include "vm/frame.h"

namespace krait {

namespace {

constexpr uint16_t kMaxBackoffExponent = 12;

BackoffCounter& counter_of(CodeUnit* instr) { return *reinterpret_cast<BackoffCounter*>(instr + 1); }

// True when this execution should try to specialise (counting down otherwise).
bool ready_to_specialize(CodeUnit* instr) {
  BackoffCounter& counter = counter_of(instr);
  if (counter.countdown == 0) return true;
  --counter.countdown;
  return false;
}

void rewrite(CodeUnit* instr, Opcode op) { *instr = (*instr & ~CodeUnit{0xFF}) | CodeUnit(op); }

template <class Cache>
Cache& cache_of(CodeUnit* instr) {
  return *reinterpret_cast<Cache*>(instr + 1);
}

}  // namespace

AttrSiteEntry attr_site_entries[kAttrSiteEntries];

namespace {

// Records a specialisation of an attribute site for refills (AttrSiteEntry) and, when the
// site's back-off allows, rewrites the site with it. A site still backing off records it all
// the same: its next execution on this type refills instead of looking the attribute up.
void specialize_attr_site(CodeUnit* instr, bool ready, const AttrCache& cache, Opcode op, AttrFamily family,
                          StrObject* name) {
  AttrSiteEntry* pair = attr_site_pair(family, cache.type_version, name);
  // The key's own slot if it has one, else the first slot, whose entry moves to the second.
  AttrSiteEntry* slot = pair;
  if (attr_site_entry_is(pair[1], family, cache.type_version, name)) {
    slot = pair + 1;
  } else if (!attr_site_entry_is(pair[0], family, cache.type_version, name) && pair[0].type_version != 0) {
    pair[1] = pair[0];
  }
  *slot = {cache.type_version, family, op, name, cache};
  if (!ready) return;
  AttrCache& site = cache_of<AttrCache>(instr);
  BackoffCounter counter = site.counter;
  site = cache;
  site.counter = counter;
  rewrite(instr, op);
}

}  // namespace

namespace {

// A site whose operands fit no specialisation, or whose specialisation failed its guard,
// is tried again after a back-off that doubles each time.
void back_off(CodeUnit* instr) {
  BackoffCounter& counter = counter_of(instr);
  if (counter.exponent < kMaxBackoffExponent) ++counter.exponent;
  counter.countdown = uint16_t(1u << counter.exponent);
}

}  // namespace

void despecialize(CodeUnit* instr, Opcode generic) {
  rewrite(instr, generic);
  back_off(instr);
}

void despecialize_attr_site(CodeUnit* instr, Opcode generic) {
  cache_of<AttrCache>(instr).type_version = 0;
  despecialize(instr, generic);
}

namespace {

// Caches where `name` lives for a LOAD_GLOBAL or a module-level LOAD_NAME and rewrites the
// instruction to `cached`; the value found (borrowed), or null.
Value cache_global_lookup(Frame* frame, StrObject* name, CodeUnit* instr, Opcode cached) {
  if (!ready_to_specialize(instr)) return Value();
  if (!is_exact_dict(Value(frame->globals)) || !is_exact_dict(Value(frame->builtins))) return Value();
  auto* globals = static_cast<DictObject*>(frame->globals);
  auto* builtins = static_cast<DictObject*>(frame->builtins);
  GlobalCache& cache = cache_of<GlobalCache>(instr);
  int64_t index = dict_index_of_str(globals, name);
  if (index >= 0) {
    uint32_t version = dict_keys_version(globals);
    if (!version) return Value();
    cache.globals_version = version;
    cache.index = uint32_t(index);
    cache.in_builtins = 0;
    rewrite(instr, cached);
    return globals->keys->entries()[index].value;
  }
  index = dict_index_of_str(builtins, name);
  if (index < 0) return Value();
  uint32_t globals_version = dict_keys_version(globals);
  uint32_t builtins_version = dict_keys_version(builtins);
  if (!globals_version || !builtins_version) return Value();
  cache.globals_version = globals_version;
  cache.builtins_version = builtins_version;
  cache.index = uint32_t(index);
  cache.in_builtins = 1;
  rewrite(instr, cached);
  return builtins->keys->entries()[index].value;
}

}  // namespace

Value specialize_load_global(Frame* frame, StrObject* name, CodeUnit* instr) {
  return cache_global_lookup(frame, name, instr, Opcode::LOAD_GLOBAL_CACHED);
}

Value specialize_load_name(Frame* frame, StrObject* name, CodeUnit* instr) {
  if (frame->locals.as_object() != frame->globals) return Value();
  return cache_global_lookup(frame, name, instr, Opcode::LOAD_NAME_CACHED);
}

void specialize_store_name(Frame* frame, StrObject* name, CodeUnit* instr) {
  if (frame->locals.as_object() != frame->globals || !ready_to_specialize(instr)) return;
  if (!is_exact_dict(Value(frame->globals))) return;
  auto* globals = static_cast<DictObject*>(frame->globals);
  int64_t index = dict_index_of_str(globals, name);
  uint32_t version = index >= 0 ? dict_keys_version(globals) : 0;
  if (!version) return;
  GlobalCache& cache = cache_of<GlobalCache>(instr);
  cache.globals_version = version;
  cache.index = uint32_t(index);
  cache.in_builtins = 0;
  rewrite(instr, Opcode::STORE_NAME_CACHED);
}

namespace {

// What instance_dict_shadows records for `name`: the entry count of the type's shared keys
// when they lack `name`. Recorded when a site is specialised too, so a polymorphic site
// refilled from the attr-site table does not take the slow path after each refill.
uint32_t absent_entry_count(TypeObject* type, StrObject* name) {
  DictKeys* keys = type->cached_keys;
  if (!keys || shared_keys_index_of_str(keys, name) >= 0) return kNoEntryCount;
  return uint32_t(keys->nentries);
}

}  // namespace

Ref<> specialize_load_attr(Value owner, StrObject* name, CodeUnit* instr) {
  if (!owner.is_object()) return nullptr;
  bool ready = ready_to_specialize(instr);
  TypeObject* type = owner.as_object()->type;
  if (type == &module_type) {
    if (!ready) return nullptr;
    AttrCache& cache = cache_of<AttrCache>(instr);
    auto* dict = static_cast<DictObject*>(as_module(owner)->dict);
    int64_t index = dict_index_of_str(dict, name);
    uint32_t version = index >= 0 ? dict_keys_version(dict) : 0;
    if (!version) return nullptr;
    cache.type_version = version;
    cache.index = uint32_t(index);
    rewrite(instr, Opcode::LOAD_ATTR_MODULE);
    return new_ref(dict->keys->entries()[index].value);
  }
  if (type->getattr != generic_get_attr) return nullptr;
  uint32_t version = type_assign_version(type);
  if (!version) return nullptr;
  AttrCache cache{};
  Value descriptor = type_lookup(type, name);
  TypeObject* descriptor_type = descriptor ? type_of(descriptor) : nullptr;
  if (descriptor_type && descriptor_type->descr_set) {
    // A data descriptor: only __slots__ members are specialised.
    if (descriptor_type == &member_descriptor_type) {
      auto* member = static_cast<MemberDescriptorObject*>(descriptor.as_object());
      if (member->def->kind == MemberKind::Object && is_instance_of(owner, member->owner)) {
        Value v = *reinterpret_cast<Value*>(reinterpret_cast<char*>(owner.as_object()) + member->def->offset);
        if (!v) return nullptr;
        cache.type_version = version;
        cache.index = uint32_t(member->def->offset);
        specialize_attr_site(instr, ready, cache, Opcode::LOAD_ATTR_SLOT, AttrFamily::Load, name);
        return new_ref(v);
      }
    }
    return nullptr;
  }
  // A class attribute whose class may still gain __get__/__set__ (a heap type: the owner's
  // version tag would not notice) rules out both caches below, as in CPython.
  if (descriptor_type && (descriptor_type->flags & kTypeHeap)) return nullptr;
  Object** dict_slot = instance_dict_slot(owner);
  if (dict_slot && *dict_slot && is_exact_dict(Value(*dict_slot))) {
    auto* dict = static_cast<DictObject*>(*dict_slot);
    int64_t index = dict_index_of_str(dict, name);
    // A split dict is cached only on its class's shared keys (the guard in eval.cpp).
    bool split = dict_is_split(dict);
    if (index >= 0 && (!split || dict->keys == type->cached_keys)) {
      cache.type_version = version;
      cache.index = uint32_t(index) | (split ? kSplitIndex : 0);
      specialize_attr_site(instr, ready, cache, Opcode::LOAD_ATTR_INSTANCE, AttrFamily::Load, name);
      return new_ref(dict_value_at(dict, index));
    }
  }
  if (descriptor && !descriptor_type->descr_get) {
    // A plain class attribute (constant, class-level default).
    cache.type_version = version;
    cache.index = absent_entry_count(type, name);
    cache.set_value(descriptor);
    specialize_attr_site(instr, ready, cache, Opcode::LOAD_ATTR_TYPE_ATTR, AttrFamily::Load, name);
    return new_ref(descriptor);
  }
  return nullptr;
}

bool instance_dict_shadows_slow(DictObject* dict, TypeObject* type, StrObject* name, AttrCache* cache) {
  if (dict_get_str(dict, name)) return true;
  if (dict->keys == type->cached_keys) cache->index = absent_entry_count(type, name);
  return false;
}

Value specialize_load_method(Value owner, StrObject* name, CodeUnit* instr) {
  TypeObject* type = type_of(owner);
  if (type == &module_type) {
    if (!ready_to_specialize(instr)) return Value();
    AttrCache& cache = cache_of<AttrCache>(instr);
    auto* dict = static_cast<DictObject*>(as_module(owner)->dict);
    int64_t index = dict_index_of_str(dict, name);
    uint32_t version = index >= 0 ? dict_keys_version(dict) : 0;
    if (version) {
      cache.type_version = version;
      cache.index = uint32_t(index);
      rewrite(instr, Opcode::LOAD_METHOD_MODULE);
    }
    return Value();  // the generic path loads the attribute
  }
  if (type->getattr != generic_get_attr) return Value();
  Value descriptor = type_lookup(type, name);
  if (!descriptor || !type_of(descriptor)->has_flag(kTypeMethodDescriptor)) return Value();
  Object** dict_slot = instance_dict_slot(owner);
  if (dict_slot && *dict_slot) {
    if (!is_exact_dict(Value(*dict_slot))) return Value();
    if (dict_get_str(static_cast<DictObject*>(*dict_slot), name)) return Value();
  }
  bool ready = ready_to_specialize(instr);
  if (uint32_t version = type_assign_version(type)) {
    AttrCache cache{};
    cache.type_version = version;
    cache.index = absent_entry_count(type, name);
    cache.set_value(descriptor);
    specialize_attr_site(instr, ready, cache, Opcode::LOAD_METHOD_CACHED, AttrFamily::Method, name);
  }
  return descriptor;
}

int specialize_store_attr(Value owner, StrObject* name, Value value, CodeUnit* instr) {
  if (!owner.is_object()) return 0;
  TypeObject* type = owner.as_object()->type;
  if (type->setattr != generic_set_attr) return 0;
  if (!type->dict_offset) {
    // A __slots__ member: specialised; the generic path performs this store.
    Value descriptor = type_lookup(type, name);
    if (!descriptor || type_of(descriptor) != &member_descriptor_type) return 0;
    auto* member = static_cast<MemberDescriptorObject*>(descriptor.as_object());
    if (member->def->kind != MemberKind::Object || member->def->readonly ||
        !is_instance_of(owner, member->owner)) {
      return 0;
    }
    bool ready = ready_to_specialize(instr);
    if (uint32_t version = type_assign_version(type)) {
      AttrCache cache{};
      cache.type_version = version;
      cache.index = uint32_t(member->def->offset);
      specialize_attr_site(instr, ready, cache, Opcode::STORE_ATTR_SLOT, AttrFamily::Store, name);
    }
    return 0;
  }
  Object** dict_slot = instance_dict_slot(owner);
  if (!dict_slot) return 0;
  Value descriptor = type_lookup(type, name);
  // (A class attribute of a heap type may gain __set__ unnoticed by the version tag.)
  if (descriptor && (type_of(descriptor)->descr_set || (type_of(descriptor)->flags & kTypeHeap))) return 0;
  if (!*dict_slot) {
    // A fresh instance's first attribute (in __init__): its dict is made here, as the store
    // would make it, so that the site caches the attribute's shared-key index.
    Ref<DictObject> fresh = new_instance_dict(owner);
    if (!fresh) {
      clear_error();  // the generic store tries again and raises
      return 0;
    }
    *dict_slot = fresh.release_object();
  }
  if (!is_exact_dict(Value(*dict_slot))) return 0;
  auto* dict = static_cast<DictObject*>(*dict_slot);
  // In a split dict on the class's shared keys, a store to any shared key is cached,
  // whether it replaces a value or adds the attribute (as in __init__).
  bool split = dict_is_split(dict);
  if (split && dict->keys != type->cached_keys) return 0;
  int64_t index = split ? shared_keys_index_of_str(dict->keys, name) : dict_index_of_str(dict, name);
  if (index < 0) return 0;
  bool ready = ready_to_specialize(instr);
  if (uint32_t version = type_assign_version(type)) {
    AttrCache cache{};
    cache.type_version = version;
    cache.index = uint32_t(index) | (split ? kSplitIndex : 0);
    specialize_attr_site(instr, ready, cache, Opcode::STORE_ATTR_INSTANCE, AttrFamily::Store, name);
  }
  if (split) {
    dict_split_store(dict, index, value);
    return 1;
  }
  DictEntry& entry = dict->keys->entries()[index];
  Value old = entry.value;
  incref(value);
  entry.value = value;
  if (!gc_is_tracked(dict) && gc_may_be_tracked(value)) gc_track(dict);
  decref(old);
  return 1;
}

void specialize_binary_op(Value left, Value right, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  auto op = BinaryOperator(unit_oparg(*instr));
  if (left.is_small_int() && right.is_small_int()) {
    switch (op) {
      case BinaryOperator::Add: case BinaryOperator::InplaceAdd:
        rewrite(instr, Opcode::BINARY_OP_ADD_INT);
        break;
      case BinaryOperator::Subtract: case BinaryOperator::InplaceSubtract:
        rewrite(instr, Opcode::BINARY_OP_SUBTRACT_INT);
        break;
      default: rewrite(instr, Opcode::BINARY_OP_INT);
    }
    return;
  }
  if (is_exact_float(left) && is_exact_float(right)) {
    switch (op) {
      case BinaryOperator::Add: case BinaryOperator::InplaceAdd:
        rewrite(instr, Opcode::BINARY_OP_ADD_FLOAT);
        break;
      case BinaryOperator::Subtract: case BinaryOperator::InplaceSubtract:
        rewrite(instr, Opcode::BINARY_OP_SUBTRACT_FLOAT);
        break;
      case BinaryOperator::Multiply: case BinaryOperator::InplaceMultiply:
        rewrite(instr, Opcode::BINARY_OP_MULTIPLY_FLOAT);
        break;
      case BinaryOperator::TrueDivide: case BinaryOperator::InplaceTrueDivide:
      case BinaryOperator::Power: case BinaryOperator::InplacePower:
        rewrite(instr, Opcode::BINARY_OP_FLOAT);
        break;
      default: back_off(instr);
    }
  } else if ((is_exact_float(left) && right.is_small_int()) || (left.is_small_int() && is_exact_float(right))) {
    switch (op) {
      case BinaryOperator::Add: case BinaryOperator::InplaceAdd:
      case BinaryOperator::Subtract: case BinaryOperator::InplaceSubtract:
      case BinaryOperator::Multiply: case BinaryOperator::InplaceMultiply:
      case BinaryOperator::TrueDivide: case BinaryOperator::InplaceTrueDivide:
      case BinaryOperator::Power: case BinaryOperator::InplacePower:
        rewrite(instr, Opcode::BINARY_OP_FLOAT_INT);
        break;
      default: back_off(instr);
    }
  } else if (is_exact_str(left) && is_exact_str(right) &&
             (op == BinaryOperator::Add || op == BinaryOperator::InplaceAdd)) {
    rewrite(instr, Opcode::BINARY_OP_ADD_STR);
  } else if (op == BinaryOperator::Or && is_exact_anyset(left) && is_exact_anyset(right)) {
    rewrite(instr, Opcode::BINARY_OP_OR_SET);
  } else {
    back_off(instr);
  }
}

namespace {
// An exact float and a small int of at most 2**53 in magnitude, in either order.
bool float_with_exact_int(Value left, Value right) {
  constexpr int64_t kExact = int64_t{1} << 53;
  Value other = left.is_small_int() ? left : right;
  if (!other.is_small_int() || other.as_small_int() < -kExact || other.as_small_int() > kExact) return false;
  return is_exact_float(left.is_small_int() ? right : left);
}
}  // namespace

void specialize_compare_op(Value left, Value right, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  // Followed by a conditional jump (without EXTENDED_ARG), the two fuse.
  Opcode next = unit_opcode(instr[1 + kCacheUnits[int(Opcode::COMPARE_OP)]]);
  bool jump_follows = next == Opcode::POP_JUMP_IF_FALSE || next == Opcode::POP_JUMP_IF_TRUE;
  if (left.is_small_int() && right.is_small_int()) {
    rewrite(instr, jump_follows ? Opcode::COMPARE_OP_INT_JUMP : Opcode::COMPARE_OP_INT);
  } else if ((is_exact_float(left) && is_exact_float(right)) || float_with_exact_int(left, right)) {
    // The float handlers also take a float with an int that converts exactly.
    rewrite(instr, jump_follows ? Opcode::COMPARE_OP_FLOAT_JUMP : Opcode::COMPARE_OP_FLOAT);
  } else if (is_exact_str(left) && is_exact_str(right)) {
    auto op = CompareOp(unit_oparg(*instr));
    if (op == CompareOp::Eq || op == CompareOp::Ne) rewrite(instr, Opcode::COMPARE_OP_STR);
    else back_off(instr);
  } else {
    back_off(instr);
  }
}

void specialize_binary_subscr(Value container, Value key, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  if (is_exact_list(container) && key.is_small_int()) rewrite(instr, Opcode::BINARY_SUBSCR_LIST_INT);
  else if (is_exact_tuple(container) && key.is_small_int()) rewrite(instr, Opcode::BINARY_SUBSCR_TUPLE_INT);
  else if (is_exact_dict(container)) rewrite(instr, Opcode::BINARY_SUBSCR_DICT);
  else back_off(instr);
}

void specialize_store_subscr(Value container, Value key, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  if (is_exact_list(container) && key.is_small_int()) rewrite(instr, Opcode::STORE_SUBSCR_LIST_INT);
  else if (is_exact_dict(container)) rewrite(instr, Opcode::STORE_SUBSCR_DICT);
  else back_off(instr);
}

void specialize_call_native(Value callable, bool method_form, uint32_t nargs, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  TypeObject* type = callable.as_object()->type;
  BuiltinCall kind = method_form ? BuiltinCall::None : builtin_call_kind(callable);
  if ((kind == BuiltinCall::Range && nargs >= 1 && nargs <= 3) || (kind == BuiltinCall::Int && nargs >= 1 && nargs <= 2) ||
      (is_generator_consumer(kind) && nargs == 1)) {
    rewrite(instr, Opcode::CALL_BUILTIN);
  } else if (method_form && type == &method_descriptor_type) {
    const MethodDef* def = static_cast<MethodDescriptorObject*>(callable.as_object())->def;
    bool append = def->impl == list_append_method && nargs == 2;  // self and the item
    rewrite(instr, append ? Opcode::CALL_LIST_APPEND : Opcode::CALL_NATIVE_METHOD);
  } else if (!method_form && type == &builtin_function_type) {
    const MethodDef* def = static_cast<BuiltinFunctionObject*>(callable.as_object())->def;
    if (def->impl == builtin_len && nargs == 1) rewrite(instr, Opcode::CALL_BUILTIN_LEN);
    else if (def->impl == builtin_isinstance && nargs == 2) rewrite(instr, Opcode::CALL_BUILTIN_ISINSTANCE);
    else rewrite(instr, Opcode::CALL_NATIVE_FUNCTION);
  } else {
    back_off(instr);
  }
}

void specialize_call_type_1(CodeUnit* instr) {
  if (ready_to_specialize(instr)) rewrite(instr, Opcode::CALL_TYPE_1);
}

void specialize_for_iter(Value iterator, CodeUnit* instr) {
  if (!ready_to_specialize(instr)) return;
  TypeObject* type = type_of(iterator);
  if (type == &list_iterator_type) rewrite(instr, Opcode::FOR_ITER_LIST);
  else if (type == &range_iterator_type) rewrite(instr, Opcode::FOR_ITER_RANGE);
  else if (type == &tuple_iterator_type) rewrite(instr, Opcode::FOR_ITER_TUPLE);
  else if (type == &generator_type) rewrite(instr, Opcode::FOR_ITER_GEN);
  else back_off(instr);
}

}  // namespace krait
