#pragma once
// After an index rebuild: the git-layer files whose content on disk is what HEAD holds are
// marked synced, as the lost index had them; the rest stay pending for the next sync.

#include "Result.h"
#include "Workspace.h"

namespace hawkmoth::git {

Status markMatchingHead(const Workspace &workspace);

} // namespace hawkmoth::git
