// PEP 578 audit hooks (sys.audit / sys.addaudithook).
#pragma once

#include "core/object.h"

namespace krait {

// sys.addaudithook(hook); false with an exception set if a hook vetoed it.
bool audit_hook_add(Value hook);
// sys.audit(event, *args) with `args` = (event, *args) as a tuple; new reference to None.
Ref<> audit_hooks_run(Value event_and_args);

}  // namespace krait
