// The global import lock of _imp.acquire_lock() around fork(), as CPython's
// PyOS_BeforeFork/AfterFork: the forking thread waits for an import running in another
// thread to finish, so the child neither inherits a lock held by a thread it does not have
// nor sees a half-imported module.
#pragma once

namespace krait {

void import_lock_before_fork();
void import_lock_after_fork_in_parent();
void import_lock_after_fork_in_child();

}  // namespace krait
