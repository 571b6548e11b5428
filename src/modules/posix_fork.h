// Forking the interpreter (CPython's PyOS_BeforeFork / PyOS_AfterFork_Parent /
// PyOS_AfterFork_Child): runs the callbacks of os.register_at_fork and resets the state a
// child process must not inherit. os.fork, os.forkpty and _posixsubprocess (when it runs a
// preexec_fn) call these around fork(); the GIL is held throughout.
#pragma once

namespace krait {

// Before fork(): the `before` callbacks, last registered first.
void fork_prepare();
// In the parent after fork(): the `after_in_parent` callbacks, first registered first.
void fork_after_in_parent();
// In the child: a fresh GIL owned by this thread, pending signals forgotten, then the
// `after_in_child` callbacks, first registered first.
void fork_after_in_child();

}  // namespace krait
