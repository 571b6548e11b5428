// Weak references: weakref.ref, proxies, and clearing them (with callbacks) when the
// referent dies. The per-object list keeps the plain ref and plain proxy (no callback) at
// its head so `weakref.ref(o) is weakref.ref(o)`, as in CPython.
#include "objects/weakref.h"

#include <vector>

#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/genericalias.h"
#include "objects/int.h"
#include "objects/list.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/errors.h"
#include "runtime/gc.h"
#include "runtime/gc_state.h"

namespace krait {

namespace {

WeakrefObject* as_weakref(Value v) { return static_cast<WeakrefObject*>(v.as_object()); }

WeakrefObject** list_head(Object* o) {
  int64_t offset = o->type->weaklist_offset;
  if (offset == 0) return nullptr;
  return reinterpret_cast<WeakrefObject**>(reinterpret_cast<char*>(o) + offset);
}

void unlink(WeakrefObject* ref) {
  if (!ref->referent) return;
  WeakrefObject** head = list_head(ref->referent);
  if (head && *head == ref) *head = ref->next;
  if (ref->prev) ref->prev->next = ref->next;
  if (ref->next) ref->next->prev = ref->prev;
  ref->prev = ref->next = nullptr;
  ref->referent = nullptr;
}

void link_after(WeakrefObject** head, WeakrefObject* after, WeakrefObject* ref) {
  if (!after) {
    ref->prev = nullptr;
    ref->next = *head;
    if (*head) (*head)->prev = ref;
    *head = ref;
  } else {
    ref->prev = after;
    ref->next = after->next;
    if (after->next) after->next->prev = ref;
    after->next = ref;
  }
}

bool is_basic(WeakrefObject* ref, TypeObject* type) { return ref->type == type && !ref->callback; }

// The plain ref and plain proxy (no callback, exact type) at the head of the list.
void find_basic(WeakrefObject* head, WeakrefObject** ref, WeakrefObject** proxy) {
  *ref = *proxy = nullptr;
  if (head && is_basic(head, &weakref_type)) {
    *ref = head;
    head = head->next;
  }
  if (head && (is_basic(head, &weakproxy_type) || is_basic(head, &weakcallableproxy_type))) {
    *proxy = head;
  }
}

Ref<> make_weakref(TypeObject* type, Value object, Value callback) {
  if (!object.is_object() || !list_head(object.as_object())) {
    return type_error("cannot create weak reference to '{}' object", type_name(object));
  }
  if (callback && is_none(callback)) callback = Value();
  WeakrefObject** head = list_head(object.as_object());
  WeakrefObject *basic_ref, *basic_proxy;
  find_basic(*head, &basic_ref, &basic_proxy);
  bool want_proxy = type == &weakproxy_type || type == &weakcallableproxy_type;
  if (!callback) {
    if (!want_proxy && type == &weakref_type && basic_ref) return new_ref(Value(basic_ref));
    if (want_proxy && basic_proxy) return new_ref(Value(basic_proxy));
  }
  auto* ref = allocate<WeakrefObject>(type);
  if (!ref) return nullptr;
  ref->referent = object.as_object();
  ref->hash = -1;
  incref(callback);
  ref->callback = callback;
  // Plain ones go first; others after them.
  if (!callback && type == &weakref_type) {
    link_after(head, nullptr, ref);
  } else if (!callback && want_proxy) {
    link_after(head, basic_ref, ref);
  } else {
    link_after(head, basic_proxy ? basic_proxy : basic_ref, ref);
  }
  if (type->has_flag(kTypeHaveGC)) gc_track(ref);
  return Ref<>::steal(Value(ref));
}

void weakref_dealloc(Object* o) {
  auto* ref = static_cast<WeakrefObject*>(o);
  if (o->type->has_flag(kTypeHaveGC)) gc_untrack(o);
  unlink(ref);
  decref(ref->callback);
  free_object(o);
}

void weakref_traverse(Object* o, VisitFn visit, void* arg) {
  Value callback = static_cast<WeakrefObject*>(o)->callback;
  if (callback.is_object()) visit(callback.as_object(), arg);
}

void weakref_clear_slot(Object* o) {
  auto* ref = static_cast<WeakrefObject*>(o);
  unlink(ref);
  Value callback = ref->callback;
  ref->callback = Value();
  decref(callback);
}

Ref<> weakref_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs || (kwnames && kwnames->length)) {
    return type_error("weakref() takes no arguments ({} given)", nargs);
  }
  Object* referent = as_weakref(self)->referent;
  return referent ? new_ref(Value(referent)) : new_none();
}

int64_t weakref_hash(Value self) {
  WeakrefObject* ref = as_weakref(self);
  if (ref->hash != -1) return ref->hash;
  if (!ref->referent) return type_error("weak object has gone away"), -1;
  int64_t h = hash(Value(ref->referent));
  if (h != -1) ref->hash = h;
  return h;
}

Ref<> weakref_repr(Value self) {
  WeakrefObject* ref = as_weakref(self);
  if (!ref->referent) {
    return str_from_utf8(format_message("<weakref at {}; dead>", address_text(ref)));
  }
  Ref<> keep = new_ref(Value(ref->referent));
  Ref<> name;
  if (get_attr_optional(keep, ID(__name__), &name) < 0) clear_error();
  if (name && is_str(name)) {
    return str_from_utf8(format_message("<weakref at {}; to '{}' at {} ({})>", address_text(ref),
                                        type_name(keep), address_text(ref->referent), str_utf8(name.value())));
  }
  return str_from_utf8(format_message("<weakref at {}; to '{}' at {}>", address_text(ref),
                                      type_name(keep), address_text(ref->referent)));
}

Ref<> weakref_compare(Value a, Value b, CompareOp op) {
  if ((op != CompareOp::Eq && op != CompareOp::Ne) || !is_instance_of(b, &weakref_type)) {
    return new_not_implemented();
  }
  WeakrefObject* x = as_weakref(a);
  WeakrefObject* y = as_weakref(b);
  if (!x->referent || !y->referent) {
    bool same = x == y;
    return new_bool(op == CompareOp::Eq ? same : !same);
  }
  Ref<> keep_x = new_ref(Value(x->referent));
  Ref<> keep_y = new_ref(Value(y->referent));
  return rich_compare(keep_x, keep_y, op);
}

Ref<> weakref_new_slot(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (nargs < 1) return type_error("__new__ expected at least 1 argument, got 0");
  if (type == &weakref_type && (nargs > 2 || (kwnames && kwnames->length))) {
    if (kwnames && kwnames->length) return type_error("ref() takes no keyword arguments");
    return type_error("__new__ expected at most 2 arguments, got {}", nargs);
  }
  return make_weakref(type, args[0], nargs > 1 ? args[1] : Value());
}

// The arguments were used by __new__; they are only checked here (for subclasses too).
int weakref_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("ref() takes no keyword arguments");
  if (nargs < 1) return type_error("__init__ expected at least 1 argument, got 0");
  if (nargs > 2) return type_error("__init__ expected at most 2 arguments, got {}", nargs);
  return 0;
}

Ref<> weakref_get_callback(Value self) {
  Value callback = as_weakref(self)->callback;
  return callback ? new_ref(callback) : new_none();
}

const GetSetDef weakref_getsets[] = {
    {"__callback__", weakref_get_callback},
    {},
};

const MethodDef weakref_methods[] = {
    {.name = "__class_getitem__", .impl = class_getitem_generic_alias, .signature = "($type, item, /)",
     .doc = "See PEP 585", .flags = kMethodClass},
    {},
};

// --- Proxies: every operation goes to the referent, or raises ReferenceError ---

bool proxy_referent(Value proxy, Ref<>* out) {
  Object* referent = as_weakref(proxy)->referent;
  if (!referent) return bool(raise(exc::ReferenceError, "weakly-referenced object no longer exists"));
  *out = new_ref(Value(referent));
  return true;
}

Value unwrap_proxy(Value v, Ref<>* hold) {
  if (is_type(v, &weakproxy_type) || is_type(v, &weakcallableproxy_type)) {
    if (!proxy_referent(v, hold)) return Value();
    return hold->value();
  }
  return v;
}

Ref<> proxy_getattr(Value self, StrObject* name) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return get_attr(target, name);
}

int proxy_setattr(Value self, StrObject* name, Value value) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return -1;
  return set_attr(target, name, value) ? 0 : -1;
}

Ref<> proxy_repr(Value self) {
  WeakrefObject* ref = as_weakref(self);
  if (!ref->referent) return str_from_utf8(format_message("<weakproxy at {}; dead>", address_text(ref)));
  return str_from_utf8(format_message("<weakproxy at {}; to '{}' at {}>", address_text(ref),
                                      type_name(Value(ref->referent)), address_text(ref->referent)));
}

Ref<> proxy_str(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return str(target);
}

Ref<> proxy_call(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return call(target, args, nargs, kwnames);
}

Ref<> proxy_compare(Value a, Value b, CompareOp op) {
  Ref<> hold_a, hold_b;
  Value x = unwrap_proxy(a, &hold_a);
  if (!x) return nullptr;
  Value y = unwrap_proxy(b, &hold_b);
  if (!y) return nullptr;
  return rich_compare(x, y, op);
}

int proxy_bool(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return -1;
  return is_true(target);
}

int64_t proxy_length(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return -1;
  return length(target);
}

Ref<> proxy_getitem(Value self, Value key) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return get_item(target, key);
}

int proxy_setitem(Value self, Value key, Value value) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return -1;
  return (value ? set_item(target, key, value) : delete_item(target, key)) ? 0 : -1;
}

int proxy_contains(Value self, Value item) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return -1;
  return contains(target, item);
}

Ref<> proxy_iter(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return get_iter(target);
}

Ref<> proxy_iternext(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  if (!type_of(target)->iternext) {
    return type_error("Weakref proxy referenced a non-iterator '{}' object", type_name(target));
  }
  return iter_next(target);
}

template <BinaryOperator Op>
Ref<> proxy_binary(Value a, Value b) {
  Ref<> hold_a, hold_b;
  Value x = unwrap_proxy(a, &hold_a);
  if (!x) return nullptr;
  Value y = unwrap_proxy(b, &hold_b);
  if (!y) return nullptr;
  return binary_op(x, y, Op);
}

Ref<> proxy_divmod(Value a, Value b) {
  Ref<> hold_a, hold_b;
  Value x = unwrap_proxy(a, &hold_a);
  if (!x) return nullptr;
  Value y = unwrap_proxy(b, &hold_b);
  if (!y) return nullptr;
  return divmod(x, y);
}

// `p **= y` (the modulus is always None for the in-place form).
Ref<> proxy_inplace_power(Value a, Value b, Value c) { return proxy_binary<BinaryOperator::InplacePower>(a, b); }

Ref<> proxy_power(Value a, Value b, Value c) {
  Ref<> hold_a, hold_b, hold_c;
  Value x = unwrap_proxy(a, &hold_a);
  if (!x) return nullptr;
  Value y = unwrap_proxy(b, &hold_b);
  if (!y) return nullptr;
  Value z = unwrap_proxy(c, &hold_c);
  if (!z) return nullptr;
  return power(x, y, z);
}

template <Ref<> (*Fn)(Value)>
Ref<> proxy_unary(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return Fn(target);
}

Ref<> proxy_index(Value self) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return number_index(target);
}

Ref<> proxy_bytes(Value self, const Value* args) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return call_method0(target, ID(__bytes__));
}

Ref<> proxy_reversed(Value self, const Value* args) {
  Ref<> target;
  if (!proxy_referent(self, &target)) return nullptr;
  return call_method0(target, ID(__reversed__));
}

const MethodDef proxy_methods[] = {
    {.name = "__bytes__", .impl = proxy_bytes, .signature = "($self, /)"},
    {.name = "__reversed__", .impl = proxy_reversed, .signature = "($self, /)"},
    {},
};

int64_t proxy_hash(Value self) { return type_error("unhashable type: 'weakref.ProxyType'"), -1; }

// Designated initializers must follow the field order, so the optional .call goes between.
#define PROXY_SLOTS_HEAD                                                                  \
  .dealloc = weakref_dealloc, .traverse = weakref_traverse, .clear = weakref_clear_slot,  \
  .repr = proxy_repr, .str = proxy_str, .hash = proxy_hash, .compare = proxy_compare,     \
  .getattr = proxy_getattr, .setattr = proxy_setattr
#define PROXY_SLOTS_TAIL                                                                  \
  .iter = proxy_iter, .iternext = proxy_iternext, .length = proxy_length,                 \
  .getitem = proxy_getitem, .setitem = proxy_setitem, .contains = proxy_contains,         \
  .add = proxy_binary<BinaryOperator::Add>, .subtract = proxy_binary<BinaryOperator::Subtract>, \
  .multiply = proxy_binary<BinaryOperator::Multiply>,                                     \
  .matrix_multiply = proxy_binary<BinaryOperator::MatrixMultiply>,                        \
  .true_divide = proxy_binary<BinaryOperator::TrueDivide>,                                \
  .floor_divide = proxy_binary<BinaryOperator::FloorDivide>,                              \
  .remainder = proxy_binary<BinaryOperator::Remainder>, .divmod = proxy_divmod,           \
  .power = proxy_power,                                                                   \
  .lshift = proxy_binary<BinaryOperator::LShift>, .rshift = proxy_binary<BinaryOperator::RShift>, \
  .bit_and = proxy_binary<BinaryOperator::And>, .bit_or = proxy_binary<BinaryOperator::Or>, \
  .bit_xor = proxy_binary<BinaryOperator::Xor>,                                           \
  .inplace_add = proxy_binary<BinaryOperator::InplaceAdd>,                                \
  .inplace_subtract = proxy_binary<BinaryOperator::InplaceSubtract>,                      \
  .inplace_multiply = proxy_binary<BinaryOperator::InplaceMultiply>,                      \
  .inplace_matrix_multiply = proxy_binary<BinaryOperator::InplaceMatrixMultiply>,         \
  .inplace_true_divide = proxy_binary<BinaryOperator::InplaceTrueDivide>,                 \
  .inplace_floor_divide = proxy_binary<BinaryOperator::InplaceFloorDivide>,               \
  .inplace_remainder = proxy_binary<BinaryOperator::InplaceRemainder>,                    \
  .inplace_power = proxy_inplace_power,                                                   \
  .inplace_lshift = proxy_binary<BinaryOperator::InplaceLShift>,                          \
  .inplace_rshift = proxy_binary<BinaryOperator::InplaceRShift>,                          \
  .inplace_bit_and = proxy_binary<BinaryOperator::InplaceAnd>,                            \
  .inplace_bit_or = proxy_binary<BinaryOperator::InplaceOr>,                              \
  .inplace_bit_xor = proxy_binary<BinaryOperator::InplaceXor>,                            \
  .negative = proxy_unary<unary_negative>, .positive = proxy_unary<unary_positive>,       \
  .absolute = proxy_unary<absolute>, .invert = proxy_unary<unary_invert>,                 \
  .to_bool = proxy_bool, .to_int = proxy_unary<number_to_int>,                            \
  .to_float = proxy_unary<number_to_float>, .to_index = proxy_index

}  // namespace

Ref<> weakref_new(Value object, Value callback) { return make_weakref(&weakref_type, object, callback); }

Ref<> weakproxy_new(Value object, Value callback) {
  TypeObject* type = is_callable(object) ? &weakcallableproxy_type : &weakproxy_type;
  return make_weakref(type, object, callback);
}

int64_t weakref_count(Value object) {
  if (!object.is_object()) return 0;
  WeakrefObject** head = list_head(object.as_object());
  int64_t n = 0;
  for (WeakrefObject* r = head ? *head : nullptr; r; r = r->next) ++n;
  return n;
}

Ref<> weakref_list(Value object) {
  Ref<ListObject> list = list_new();
  if (!list || !object.is_object()) return list;
  WeakrefObject** head = list_head(object.as_object());
  for (WeakrefObject* r = head ? *head : nullptr; r; r = r->next) {
    if (!list_append(list.get(), Value(r))) return nullptr;
  }
  return list;
}

void clear_weakrefs(Object* o) {
  WeakrefObject** head = list_head(o);
  if (!head || !*head) return;
  // Detach all first, then run callbacks newest-first with the exception state saved.
  // A dead ref no longer has a __callback__.
  std::vector<WeakrefCallback> with_callbacks;
  while (WeakrefObject* ref = *head) {
    Value callback = ref->callback;
    unlink(ref);
    if (callback && ref->refcount > 0) {
      // Keep the ref alive while its callback runs.
      incref(ref);
      ref->callback = Value();
      with_callbacks.emplace_back(Ref<>::steal(Value(ref)), Ref<>::steal(callback));
    }
  }
  run_weakref_callbacks(with_callbacks);
}

void detach_weakrefs_for_gc(Object* o, std::vector<WeakrefCallback>& pending) {
  WeakrefObject** head = list_head(o);
  if (!head) return;
  while (WeakrefObject* ref = *head) {
    Value callback = ref->callback;
    unlink(ref);
    // A ref that is garbage itself gets no call; the others keep their __callback__
    // (CPython's gc leaves it in place).
    if (callback && ref->refcount > 0 && !gc_is_collecting(ref)) {
      pending.emplace_back(new_ref(Value(ref)), new_ref(callback));
    }
  }
}

void run_weakref_callbacks(std::vector<WeakrefCallback>& pending) {
  if (pending.empty()) return;
  Ref<> saved = fetch_error();
  for (auto& [ref, callback] : pending) {
    Ref<> result = call1(callback, ref);
    if (!result) write_unraisable_exception("Exception ignored in", callback);
  }
  restore_error(std::move(saved));
}

TypeObject weakref_type{TypeSpec{
    .name = "weakref.ReferenceType",
    .basic_size = sizeof(WeakrefObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = weakref_dealloc,
              .traverse = weakref_traverse,
              .clear = weakref_clear_slot,
              .new_instance = weakref_new_slot,
              .init = weakref_init,
              .repr = weakref_repr,
              .hash = weakref_hash,
              .compare = weakref_compare,
              .getattr = generic_get_attr,
              .call = weakref_call},
    .methods = weakref_methods,
    .getsets = weakref_getsets,
}};

TypeObject weakproxy_type{TypeSpec{
    .name = "weakref.ProxyType",
    .basic_size = sizeof(WeakrefObject),
    .flags = kTypeHaveGC,
    .slots = {PROXY_SLOTS_HEAD, PROXY_SLOTS_TAIL},
    .methods = proxy_methods,
}};

TypeObject weakcallableproxy_type{TypeSpec{
    .name = "weakref.CallableProxyType",
    .basic_size = sizeof(WeakrefObject),
    .flags = kTypeHaveGC,
    .slots = {PROXY_SLOTS_HEAD, .call = proxy_call, PROXY_SLOTS_TAIL},
    .methods = proxy_methods,
}};

}  // namespace krait
