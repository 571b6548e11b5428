// atexit: callbacks run when the interpreter shuts down (runtime_finalize calls them).
#pragma once

namespace krait {

// Runs the registered callbacks, last registered first; errors are reported as
// unraisable and do not stop the others.
void run_atexit_callbacks();

}  // namespace krait
