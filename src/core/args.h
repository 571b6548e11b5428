// The argument binder for native functions: each MethodDef declares its parameters once,
// as a text signature in CPython's __text_signature__ syntax, e.g.
//   "($self, sub, start=None, end=None, /)"   "($module, *objects, sep=' ', end='\n')"
// Defaults may be None, True, False, an int, a float, a quoted string, or `?` (optional,
// no default: the implementation receives a null Value). The binder checks the call
// against it and hands the implementation one Value per parameter, with CPython's error
// messages (the Argument Clinic ones) for bad calls.
#pragma once

#include <string>
#include <vector>

#include "core/object.h"

namespace krait {

struct TupleObject;
struct MethodDef;

struct Parameter {
  std::string name;
  Value default_value;      // owned; null: required (or `?`)
  bool optional = false;    // has a default or `?`
};

struct Signature {
  std::vector<Parameter> params;  // in order; *args and **kwargs included
  int positional_only = 0;        // params before `/`
  int positional = 0;             // params that may be passed positionally
  int varargs_index = -1;         // index of *args, or -1
  int varkw_index = -1;           // index of **kwargs, or -1
  int required_positional = 0;
  bool any_keyword = false;       // some parameter may be passed by keyword
  bool constructor = false;       // from kMethodConstructor
  // At most kMaxDirectParams parameters, all positional (no *args, **kwargs or
  // keyword-only ones): a call with positional arguments only needs no binding.
  static constexpr size_t kMaxDirectParams = 8;
  bool direct_positional = false;
  std::string display_name;       // "append" / "list.append" as used in messages
  std::string qualified_name;
};

// Parses a MethodDef's signature (nullptr signature: no parameters).
Signature* signature_parse(const MethodDef* def, const char* owner_name);

// The bound arguments: values[i] for params[i]; *args/**kwargs slots hold a new tuple/dict.
class BoundArgs {
 public:
  static constexpr int kInline = 8;
  Value* values() { return values_; }
  ~BoundArgs();

 private:
  friend bool bind_arguments(const Signature&, const Value*, size_t, TupleObject*, BoundArgs*);
  Value inline_[kInline];
  std::vector<Value> heap_;
  Value* values_ = inline_;
  Ref<> owned_varargs, owned_varkw;
};

// Binds; false with TypeError set on a bad call.
bool bind_arguments(const Signature& signature, const Value* args, size_t nargs,
                    TupleObject* kwnames, BoundArgs* out);

}  // namespace krait
