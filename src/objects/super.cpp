// super(): attribute lookup that starts after a class in the MRO of an instance's type.
// The zero-argument form finds the class in the __class__ cell and the instance in the
// first argument of the calling frame.
#include "core/alloc.h"
#include "core/error.h"
#include "core/names.h"
#include "core/ops.h"
#include "objects/code.h"
#include "objects/descriptors.h"
#include "objects/dict.h"
#include "objects/function.h"
#include "objects/none.h"
#include "objects/str.h"
#include "objects/super.h"
#include "objects/tuple.h"
#include "objects/type_internal.h"
#include "runtime/gc.h"
#include "runtime/thread_state.h"
#include "vm/frame.h"

namespace krait {

namespace {

struct SuperObject : Object {
  Object* type;       // the class given (or found in __class__)
  Value obj;          // the instance or class, or null for unbound super
  Object* obj_type;   // type of obj used for the MRO walk
};

SuperObject* as_super(Value v) { return static_cast<SuperObject*>(v.as_object()); }

void super_dealloc(Object* o) {
  auto* s = static_cast<SuperObject*>(o);
  gc_untrack(o);
  if (s->type) decref(s->type);
  decref(s->obj);
  if (s->obj_type) decref(s->obj_type);
  free_object(o);
}

void super_traverse(Object* o, VisitFn visit, void* arg) {
  auto* s = static_cast<SuperObject*>(o);
  if (s->type) visit(s->type, arg);
  if (s->obj.is_object()) visit(s->obj.as_object(), arg);
  if (s->obj_type) visit(s->obj_type, arg);
}

// The type whose MRO super walks: type(obj) if obj is an instance of `type`, obj itself
// if it is a subclass, or __class__ for proxies.
TypeObject* check_super_target(TypeObject* type, Value obj) {
  if (type_has_flag(obj, kTypeTypeSubclass) && is_subtype(static_cast<TypeObject*>(obj.as_object()), type)) {
    return static_cast<TypeObject*>(obj.as_object());
  }
  if (is_subtype(type_of(obj), type)) return type_of(obj);
  Ref<> cls;
  if (get_attr_optional(obj, ID(__class__), &cls) < 0) return nullptr;
  if (cls && type_has_flag(cls, kTypeTypeSubclass) &&
      static_cast<TypeObject*>(cls.get()) != type_of(obj) &&
      is_subtype(static_cast<TypeObject*>(cls.get()), type)) {
    return static_cast<TypeObject*>(cls.get());
  }
  type_error("super(type, obj): obj must be an instance or subtype of type");
  return nullptr;
}

bool super_init_zero_args(Frame* frame, TypeObject** type, Value* obj) {
  if (!frame) return runtime_error("super(): no current frame");
  CodeObject* code = frame->code;
  if (code->argcount == 0) return runtime_error("super(): no arguments");
  Value first = frame->localsplus[0];
  // The first argument may have been moved into a cell (if it is captured).
  if (first && (code->localspluskinds[0] & kLocalCell) && is_type(first, &cell_type) &&
      frame->prev_instr >= code->code) {
    first = as_cell(first)->contents;
  }
  if (!first) return runtime_error("super(): arg[0] deleted");
  TupleObject* names = as_tuple(Value(code->localsplusnames));
  for (int32_t i = code->nlocalsplus - code->nfreevars; i < code->nlocalsplus; ++i) {
    if (!str_equal_ascii(as_str(names->items[i]), "__class__")) continue;
    Value cell = frame->localsplus[i];
    if (!cell || !is_type(cell, &cell_type)) return runtime_error("super(): bad __class__ cell");
    Value cls = as_cell(cell)->contents;
    if (!cls) return runtime_error("super(): empty __class__ cell");
    if (!type_has_flag(cls, kTypeTypeSubclass)) {
      return runtime_error("super(): __class__ is not a type ({})", type_name(cls));
    }
    *type = static_cast<TypeObject*>(cls.as_object());
    *obj = first;
    return true;
  }
  return runtime_error("super(): __class__ cell not found");
}

// super(...) checks its arguments as CPython's vectorcall does; super.__init__ (and so
// subclasses of super) report them in super_init's older wording.
Ref<> super_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (type == &super_type) {
    if (kwnames && kwnames->length) return type_error("super() takes no keyword arguments");
    if (nargs > 2) return type_error("super() expected at most 2 arguments, got {}", nargs);
  }
  return object_new(type, nullptr, 0, nullptr);
}

int super_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames) {
  if (kwnames && kwnames->length) return type_error("super() takes no keyword arguments");
  if (nargs > 2) return type_error("super() takes at most 2 arguments ({} given)", nargs);
  TypeObject* type = nullptr;
  Value obj;
  if (nargs == 0) {
    if (!super_init_zero_args(current_thread()->frame, &type, &obj)) return -1;
  } else {
    if (!type_has_flag(args[0], kTypeTypeSubclass)) {
      return type_error("super() argument 1 must be a type, not {}", type_name(args[0]));
    }
    type = static_cast<TypeObject*>(args[0].as_object());
    if (nargs == 2 && !is_none(args[1])) obj = args[1];
  }
  TypeObject* obj_type = nullptr;
  if (obj) {
    obj_type = check_super_target(type, obj);
    if (!obj_type) return -1;
  }
  SuperObject* s = as_super(self);
  incref(type);
  incref(obj);
  if (obj_type) incref(obj_type);
  if (s->type) decref(s->type);
  decref(s->obj);
  if (s->obj_type) decref(s->obj_type);
  s->type = type;
  s->obj = obj;
  s->obj_type = obj_type;
  return 0;
}

// `name` in the MRO of obj_type after `type` (borrowed), or null.
Value lookup_after(TypeObject* obj_type, Object* type, StrObject* name) {
  if (!obj_type->mro || str_equal_ascii(name, "__class__")) return Value();
  TupleObject* mro = as_tuple(Value(obj_type->mro));
  int64_t i = 0;
  for (; i + 1 < mro->length; ++i) {
    if (mro->items[i].as_object() == type) break;
  }
  for (++i; i < mro->length; ++i) {
    auto* base = static_cast<TypeObject*>(mro->items[i].as_object());
    Value found = dict_get_str(as_dict(Value(base->dict)), name);
    if (found) return found;
  }
  return Value();
}

// What super(type, obj).name gives for `found` (lookup_after's): bound to obj, or for
// super() on a class (obj is obj_type) to no instance, as a classmethod-ish binding.
Ref<> bind_found(Value found, Value obj, TypeObject* obj_type) {
  Ref<> keep = new_ref(found);
  DescrGetFn get = type_of(found)->descr_get;
  if (!get) return keep;
  Value instance = obj == Value(obj_type) ? Value() : obj;
  return get(found, instance, Value(obj_type));
}

Ref<> super_getattr(Value self, StrObject* name) {
  SuperObject* s = as_super(self);
  if (s->obj_type) {
    auto* obj_type = static_cast<TypeObject*>(s->obj_type);
    Value found = lookup_after(obj_type, s->type, name);
    if (found) return bind_found(found, s->obj, obj_type);
  }
  return generic_get_attr(self, name);
}

Ref<> super_descr_get(Value descriptor, Value instance, Value owner) {
  SuperObject* s = as_super(descriptor);
  if (!instance || s->obj) return new_ref(descriptor);
  Value args[2] = {Value(s->type), instance};
  return call(Value(type_of(descriptor)), args, 2);
}

Ref<> super_repr(Value self) {
  SuperObject* s = as_super(self);
  std::string type_text = s->type ? type_short_name(static_cast<TypeObject*>(s->type)) : "NULL";
  if (s->obj_type) {
    return str_from_utf8(format_message("<super: <class '{}'>, <{} object>>", type_text,
                                        type_short_name(static_cast<TypeObject*>(s->obj_type))));
  }
  return str_from_utf8(format_message("<super: <class '{}'>, NULL>", type_text));
}

Ref<> get_thisclass(Value self) {
  Object* t = as_super(self)->type;
  return t ? new_ref(Value(t)) : new_none();
}
Ref<> get_self(Value self) {
  Value o = as_super(self)->obj;
  return o ? new_ref(o) : new_none();
}
Ref<> get_self_class(Value self) {
  Object* t = as_super(self)->obj_type;
  return t ? new_ref(Value(t)) : new_none();
}

const GetSetDef super_getsets[] = {
    {},
};

// Members in CPython (member_descriptors; "readonly attribute" when read-only), computed here.
const MemberDef super_members[] = {
    {.name = "__thisclass__", .kind = MemberKind::Computed, .readonly = true, .doc = "the class invoking super()", .get = get_thisclass},
    {.name = "__self__", .kind = MemberKind::Computed, .readonly = true, .doc = "the instance invoking super(); may be None", .get = get_self},
    {.name = "__self_class__", .kind = MemberKind::Computed, .readonly = true, .doc = "the type of the instance invoking super(); may be None", .get = get_self_class},
    {},
};

}  // namespace

int super_load_method_zero_args(Frame* frame, StrObject* name, Value* method, Value* self) {
  TypeObject* type = nullptr;
  Value obj;
  if (!super_init_zero_args(frame, &type, &obj)) return -1;
  TypeObject* obj_type = check_super_target(type, obj);
  if (!obj_type) return -1;
  Value found = lookup_after(obj_type, type, name);
  if (!found) return 0;
  if (is_function(found) && obj != Value(obj_type)) {
    incref(found);
    incref(obj);
    *method = found;
    *self = obj;
    return 1;
  }
  Ref<> attribute = bind_found(found, obj, obj_type);
  if (!attribute) return -1;
  *method = Value();
  *self = attribute.release();
  return 1;
}

TypeObject super_type{TypeSpec{
    .name = "super",
    .doc = "super() -> same as super(__class__, <first argument>)\n"
           "super(type) -> unbound super object\n"
           "super(type, obj) -> bound super object; requires isinstance(obj, type)\n"
           "super(type, type2) -> bound super object; requires issubclass(type2, type)\n"
           "Typical use to call a cooperative superclass method:\n"
           "class C(B):\n    def meth(self, arg):\n        super().meth(arg)\n"
           "This works for class methods too:\nclass C(B):\n    @classmethod\n"
           "    def cmeth(cls, arg):\n        super().cmeth(arg)\n",
    .basic_size = sizeof(SuperObject),
    .flags = kTypeBaseType | kTypeHaveGC,
    .slots = {.dealloc = super_dealloc,
              .traverse = super_traverse,
              .new_instance = super_new,
              .init = super_init,
              .repr = super_repr,
              .getattr = super_getattr,
              .descr_get = super_descr_get},
    .getsets = super_getsets,
    .members = super_members,
}};

}  // namespace krait
