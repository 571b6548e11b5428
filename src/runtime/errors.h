// Reporting exceptions: tracebacks as CPython 3.11 prints them (sys.excepthook's default:
// chained exceptions, notes, exception groups, source lines with ^^^^ markers, SyntaxError
// carets, "Did you mean" suggestions), unraisable exceptions (sys.unraisablehook), and
// small helpers the VM uses while raising. All output goes to the Python-level sys.stderr
// (its write method); to the C stderr while sys.stderr does not exist yet; nowhere when it
// is None.
#pragma once

#include "core/error.h"

namespace krait {

struct Frame;
struct StructSeqType;

// The default sys.excepthook: prints `exception` (with its chain) to `file` (a Python
// file object; null means sys.stderr).
bool print_exception(Value exception, Value file = Value());
// Prints the current exception (and clears it) the way an uncaught one is reported:
// through sys.excepthook, falling back to the default.
void print_uncaught_exception();
// An exception that cannot be raised (in __del__, a weakref callback, ...):
// "Exception ignored in: <obj>" and the traceback, via sys.unraisablehook. Clears it.
void write_unraisable_exception(const char* message, Value object);
// The default sys.unraisablehook: prints an UnraisableHookArgs-like object.
bool print_unraisable(Value unraisable);
// Adds a traceback entry for `frame` at its current instruction to the current exception.
void traceback_add_frame(Frame* frame);
// Takes the current StopIteration's value (None if no value) and clears it.
Ref<> take_stop_iteration_value();
// Replaces the current exception with a new one of `type`, setting the old one as its
// __context__ (an implicit chain, "During handling of the above exception..."). For
// CPython's _PyErr_FormatFromCause ("generator raised StopIteration"), which also sets
// __cause__, use chain_error (core/error.h).
Raised chain_error_as_context(TypeObject& type, std::string_view message);

// After a failed import: drops the import system's own frames from the current
// exception's traceback, as CPython's import does (all of them for an ImportError; for
// other errors, each run of importlib frames that ends in _call_with_frames_removed).
// Frames count as importlib's when their file is importlib/_bootstrap.py or
// _bootstrap_external.py of the stdlib, or CPython's "<frozen importlib._bootstrap...>".
void remove_importlib_frames();

// sys.__unraisablehook__: prints an UnraisableHookArgs the default way. False (TypeError)
// for another argument type.
bool print_unraisable(Value unraisable);
// sys.UnraisableHookArgs, the struct sequence passed to sys.unraisablehook.
extern StructSeqType unraisable_hook_args_type;
// The exit status for an uncaught SystemExit (CPython's _Py_HandleSystemExit): its code if
// an int, 0 for None; anything else is printed to sys.stderr and gives 1.
int handle_system_exit(Value exception);

}  // namespace krait
