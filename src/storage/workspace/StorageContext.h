#pragma once
// What every storage operation needs besides its workspace: where things live, the user's
// settings, the shared content cache, and the process's one thread pool and one network thread.

#include "AppSettings.h"
#include "ContentCache.h"
#include "OperationControl.h"
#include "Paths.h"
#include "Result.h"

#include <functional>
#include <memory>
#include <optional>

class QThreadPool;

namespace hawkmoth {

class ChangeSink;
class KeychainHost;
namespace hub {
class NetworkThread;
}

class Workspace;
struct StorageContext;

// Brings a file that is known only remotely (a Hub file after a clone) onto the disk; control
// cancels the download and receives its progress.
using RemoteFetcher = std::function<Status(const Workspace &, const StorageContext &,
                                           const QString &path, const OperationControl &control)>;

// A user name and token for a git remote that a layer above git serves (the Hub's git endpoint,
// with the Hugging Face token); source says where the token came from and advice what to do when
// the server refuses it, for messages only.
struct GitLogin
{
    QString user;
    QString token;
    QString source;
    QString advice;
};
// nullopt when url is not such a layer's; an error (Unauthenticated for a refused or missing token)
// when it is but gives no usable login.
using GitLoginSource =
    std::function<Result<std::optional<GitLogin>>(const StorageContext &, const QString &url)>;

struct StorageContext
{
    Paths paths;
    AppSettings settings;
    ContentCache *cache = nullptr; // may be null (one-shot CLI runs)
    RemoteFetcher fetchRemote;     // set when a layer can fetch remote-only files
    // Where committed changes are reported (long-lived processes; null in the CLI). Workspaces
    // from the same process's registry carry it too, so their index connections report to it.
    std::shared_ptr<ChangeSink> changes = nullptr;
    // Owned by the storage core; null in a context made without one (tests, index repair): Hub
    // requests then fail, and parallel work runs on the calling thread.
    hub::NetworkThread *network = nullptr;
    QThreadPool *pool = nullptr;
    // The network thread again, as where keychain jobs run, for the layers below the hub (git's
    // credentials); null with network: there is no keychain then.
    KeychainHost *keychain = nullptr;
    // Set when a layer serves git remotes of its own (the Hub): asked before git's own sources.
    GitLoginSource gitLogin = {};
};

// The same context, for work done inside a sync: changes it records queue no further sync job.
inline StorageContext withoutAutoSync(const StorageContext &context)
{
    StorageContext quiet = context;
    quiet.settings.setValue(QStringLiteral("autoSync"), false);
    return quiet;
}

} // namespace hawkmoth
