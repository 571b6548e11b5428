// krait's answers to the two questions CPython's importlib leaves to the interpreter about
// .pyc files: which magic number they carry, and where they may be written.
#pragma once

#include <string_view>

#include "core/object.h"

namespace krait {

struct CodeObject;

// Called once importlib's external importers are installed: sets
// _frozen_importlib_external.MAGIC_NUMBER (runtime/build_stamp.h) and keeps
// SourceFileLoader from reading or writing .pyc files in the system Python directories
// (the standard library and Debian's dist-packages).
bool configure_pyc_files();

// `krait file.pyc`, as CPython runs a script: a file named *.pyc or starting with this
// build's magic number holds a code object (maybe_pyc_file in CPython's pythonrun.c).
bool looks_like_pyc_file(std::string_view filename, std::string_view data);
// The code object of a .pyc file's contents; null with RuntimeError as CPython's ("Bad
// magic number in .pyc file", "Bad code object in .pyc file").
Ref<CodeObject> code_from_pyc_file(std::string_view data);

// __main__.__loader__ for a script: importlib's `loader_name` ("SourceFileLoader" or
// "SourcelessFileLoader") for "__main__" and the file.
bool set_main_loader(Value globals, Value filename, const char* loader_name);

}  // namespace krait
