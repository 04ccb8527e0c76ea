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

// The same context, for work done inside a sync: changes it records queue no further sync job.
inline StorageContext withoutAutoSync(const StorageContext &context)
{
    StorageContext quiet = context;
    quiet.settings.setValue(QStringLiteral("autoSync"), false);
    return quiet;
}

} // namespace hawkmoth
