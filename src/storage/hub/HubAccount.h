#pragma once
// The hub operations a user asks for by name, as typed synchronous calls: log in and out (the
// token in the keychain) and the layer's status. Opening a workspace from its dataset is
// hub::openFromHub (HubLayer.h). The async API (HubOperations) runs these on the pool.

#include "Cancellation.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QDateTime>
#include <QUrl>

#include <optional>

namespace hawkmoth::hub {

struct Login
{
    QString user; // who the Hub says the token belongs to
    QUrl endpoint;
    int unblockedJobs = 0; // jobs a rejected token had stopped, queued again
};

struct Logout
{
    QUrl endpoint;
    bool environmentTokenSet = false; // HF_TOKEN still gives a token
};

// What "storage status" says about the hub layer. Reading it never writes a file.
struct LayerStatus
{
    enum class Token
    {
        None,       // no token anywhere
        Configured, // one is set (tokenSource says where)
        Rejected    // a job is blocked because the Hub refused it
    };

    QUrl endpoint;
    QString dataset;    // empty until the first upload made one
    QString lastCommit; // the Hub commit the manifest records
    qint64 pendingUploads = 0;
    qint64 pendingBytes = 0;
    qint64 remoteOnly = 0; // hub files not downloaded here
    QString lastError;
    std::optional<QDateTime> waitingUntil; // a server's Retry-After holding the hub step
    Token token = Token::None;
    QString tokenSource; // "HF_TOKEN", "token file", "keychain"; empty without a token

    // "none", the token's source, or "rejected", as status has always said.
    QString tokenText() const;
};

// The token in use, as a settings page may show it: where it comes from and a masked hint.
struct TokenInfo
{
    QUrl endpoint;
    QString source; // "HF_TOKEN", "token file …", "keychain"; empty when none is configured
    QString hint;   // e.g. "hf_…3f9a": never more than the prefix and the last four characters
};

// The hint of a token: its "hf_" prefix and last four characters; dots for a short one.
QString maskToken(const QString &token);
Result<TokenInfo> tokenInfo(const StorageContext &context);
// Who the Hub says token belongs to (empty: the configured token); stores nothing.
Result<QString> whoami(const StorageContext &context, const QString &token,
                       const CancelToken &cancel);

// Checks the token with the Hub, stores it in the keychain and queues again the jobs of
// workspace (when given) that a rejected token stopped.
Result<Login> login(const StorageContext &context, const QString &token,
                    const std::optional<Workspace> &workspace, const CancelToken &cancel);
Result<Logout> logout(const StorageContext &context);
Result<LayerStatus> layerStatus(const Workspace &ws, const StorageContext &context);

} // namespace hawkmoth::hub
