#pragma once
// What every storage operation needs besides its workspace: where things live, the user's
// settings and the shared content cache.

#include "AppSettings.h"
#include "ContentCache.h"
#include "Paths.h"

namespace hawkmoth {

struct StorageContext
{
    Paths paths;
    AppSettings settings;
    ContentCache *cache = nullptr; // may be null (one-shot CLI runs)
};

} // namespace hawkmoth
