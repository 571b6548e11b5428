// krait's answers to the two questions CPython's importlib leaves to the interpreter about
// .pyc files: which magic number they carry, and where they may be written.
#pragma once

namespace krait {

// Called once importlib's external importers are installed: sets
// _frozen_importlib_external.MAGIC_NUMBER (runtime/build_stamp.h) and keeps
// SourceFileLoader from reading or writing .pyc files for the standard library.
bool configure_pyc_files();

}  // namespace krait
