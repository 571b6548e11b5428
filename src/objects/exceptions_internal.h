// Internals shared by the files that define the exception types: exceptions.cpp (the
// type table and BaseException), os_error.cpp and exception_group.cpp.
#pragma once

#include <initializer_list>

#include "objects/exceptions.h"

namespace krait {

struct TupleObject;

// BaseException's slots, which subclasses reuse.
Ref<> base_exception_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
int base_exception_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> base_exception_str(Value self);
void exception_base_traverse(Object* o, VisitFn visit, void* arg);
void exception_base_clear(Object* o);

// "X() takes no keyword arguments" (X: the instance's type name) when there are any.
bool exception_no_keywords(Value self, TupleObject* kwnames);
// Sets self.args to the positional arguments.
bool exception_set_args(Value self, const Value* args, size_t nargs);
void exception_store_args(Value self, const Value* args, size_t nargs, Ref<>* out);
// field = value (either may be null), with the reference counting.
void exception_replace(Value& field, Value value);
// Keyword-only arguments of an __init__ ("|$OO:function"): out[i] receives the value of
// names[i]; an unknown name is "'x' is an invalid keyword argument for function()".
bool exception_keyword_args(const char* function, const Value* args, size_t nargs,
                            TupleObject* kwnames, std::initializer_list<const char*> names,
                            Value* out);

// OSError (os_error.cpp).
Ref<> os_error_new(TypeObject* type, const Value* args, size_t nargs, TupleObject* kwnames);
int os_error_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> os_error_str(Value self);
extern const MethodDef os_error_methods[];
extern const GetSetDef os_error_getsets[];
extern const MemberDef os_error_members[];

// BaseExceptionGroup (exception_group.cpp).
Ref<> exception_group_new_slot(TypeObject* type, const Value* args, size_t nargs,
                               TupleObject* kwnames);
int exception_group_init(Value self, const Value* args, size_t nargs, TupleObject* kwnames);
Ref<> exception_group_str(Value self);
extern const MethodDef exception_group_methods[];
extern const MemberDef exception_group_members[];

}  // namespace krait
