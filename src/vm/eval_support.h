// Out-of-line pieces of the eval loop: the less frequent or more complex instructions live
// here as functions so vm/eval.cpp's dispatch loop stays small enough to keep in cache.
#pragma once

#include <string>

#include "core/error.h"
#include "core/type.h"

namespace krait {

struct Frame;
struct ThreadState;
struct StrObject;
struct TupleObject;

// Whether the frame has a locals mapping for LOAD_NAME & co; gives a function running
// code that is not CO_OPTIMIZED its globals as locals (see eval_support.cpp).
bool frame_has_name_locals(Frame* frame);
Ref<> load_name(Frame* frame, StrObject* name);
Ref<> load_global(Frame* frame, StrObject* name);
Ref<> load_build_class(Frame* frame);
bool store_name(Frame* frame, StrObject* name, Value value);
bool delete_name(Frame* frame, StrObject* name);
bool delete_global(Frame* frame, StrObject* name);
Ref<> load_class_deref(Frame* frame, int index);
bool setup_annotations(Frame* frame);

// NameError/UnboundLocalError for the local or free variable at localsplus[index].
Raised unbound_local_error(Frame* frame, int index);
Raised unbound_deref_error(Frame* frame, int index);
Raised name_not_defined(StrObject* name);

// Unpacking: writes `count` items to out[count-1] .. out[0] (the stack order).
bool unpack_iterable(Value iterable, int count, Value* out_top);
bool unpack_ex(Value iterable, int before, int after, Value* out_top);

// raise / raise ... from ...; returns true when it re-raised the handled exception (no
// new traceback entry is added then).
bool do_raise(ThreadState* thread, Value exception, Value cause);
// `except T:` — checks T is a valid exception class (or tuple of them).
int exception_matches(Value exception, Value type);
bool check_except_type_valid(Value type, bool star);

Ref<> format_value(Value value, int conversion, Value spec);
Ref<> build_string(Value* items, int count);
Ref<> build_map(Value* items, int count);
Ref<> build_const_key_map(Value* values, int count, Value keys);
bool dict_merge_for_call(Value dict, Value other, Value callable);
bool list_extend_for_call(Value list, Value iterable);

Ref<> import_name(Frame* frame, StrObject* name, Value fromlist, Value level);
Ref<> import_from(Value module, StrObject* name);
bool import_star(Frame* frame, Value module);

// `with`: [.., mgr] -> [.., __exit__ bound, __enter__()]
bool before_with(Value manager, Ref<>* exit, Ref<>* entered, bool is_async);

// Pattern matching helpers.
Ref<> match_class(Value subject, Value cls, int positional, Value names);
int match_mapping(Value subject);
int match_sequence(Value subject);
Ref<> match_keys(Value subject, Value keys);

// Coroutines and async iteration.
Ref<> get_awaitable(Value iterable, int where);
Ref<> get_aiter(Value obj);
Ref<> get_anext(Value aiter);
Ref<> get_yield_from_iter(Frame* frame, Value iterable);

// except*: splits an exception group by type.
bool exception_group_match(Value exception, Value match_type, Ref<>* match, Ref<>* rest);
Ref<> prep_reraise_star(Value original, Value raised_list);

bool print_expr(Value value);

// "f()" / "print()" / "X object": how CPython names a callable in argument errors.
std::string callable_description(Value callable);

}  // namespace krait
