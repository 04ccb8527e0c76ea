#pragma once
// What every storage operation needs besides its workspace: where things live, the user's
// settings, the shared content cache, and the process's one thread pool and one network thread.

#include "AppSettings.h"
#include "ContentCache.h"
#include "Paths.h"
#include "Result.h"

#include <functional>

class QThreadPool;

namespace hawkmoth {

namespace hub {
class NetworkThread;
}

class Workspace;
struct StorageContext;

// Brings a file that is known only remotely (a Hub file after a clone) onto the disk.
using RemoteFetcher =
    std::function<Status(const Workspace &, const StorageContext &, const QString &path)>;

struct StorageContext
{
    Paths paths;
    AppSettings settings;
    ContentCache *cache = nullptr; // may be null (one-shot CLI runs)
    RemoteFetcher fetchRemote;     // set when a layer can fetch remote-only files
    // Owned by the storage core; null in a context made without one (tests, index repair): Hub
    // requests then fail, and parallel work runs on the calling thread.
    hub::NetworkThread *network = nullptr;
    QThreadPool *pool = nullptr;
};

// The same context, for work done inside a sync: changes it records queue no further sync job.
inline StorageContext withoutAutoSync(const StorageContext &context)
{
    StorageContext quiet = context;
    quiet.settings.setValue(QStringLiteral("autoSync"), false);
    return quiet;
}

} // namespace hawkmoth
