#include "HubAccount.h"

#include "FileIndex.h"
#include "HubApi.h"
#include "HubCredentials.h"
#include "HubManifest.h"
#include "JobQueue.h"
#include "SyncPipeline.h"

namespace hawkmoth::hub {

QString LayerStatus::tokenText() const
{
    switch (token) {
    case Token::None:
        return QStringLiteral("none");
    case Token::Configured:
        return tokenSource;
    case Token::Rejected:
        return QStringLiteral("rejected");
    }
    return {};
}

QString maskToken(const QString &token)
{
    const QString t = token.trimmed();
    if (t.size() < 12)
        return QStringLiteral("••••");
    const QString prefix = t.startsWith(QLatin1String("hf_")) ? QStringLiteral("hf_") : QString();
    return prefix + QStringLiteral("…") + t.right(4);
}

Result<TokenInfo> tokenInfo(const StorageContext &context)
{
    TokenInfo info{HubCredentials::endpoint(context.settings), {}, {}};
    auto token = HubCredentials::token(context, info.endpoint);
    if (!token)
        return token.error();
    if (token->has_value()) {
        info.source = (*token)->source;
        info.hint = maskToken((*token)->value);
    }
    return info;
}

Result<QString> whoami(const StorageContext &context, const QString &givenToken,
                       const CancelToken &cancel)
{
    QString token = givenToken.trimmed();
    if (token.isEmpty()) {
        auto configured =
            HubCredentials::token(context, HubCredentials::endpoint(context.settings));
        if (!configured)
            return configured.error();
        if (!configured->has_value())
            return Error{ErrorCode::Unauthenticated,
                         QStringLiteral("no Hub token is set: paste one and save it, or set "
                                        "HF_TOKEN")};
        token = (*configured)->value;
    }
    auto client = HubClient::create(context, token);
    if (!client)
        return client.error();
    return HubApi(**client, cancel).whoami();
}

Result<Login> login(const StorageContext &context, const QString &givenToken,
                    const std::optional<Workspace> &workspace, const CancelToken &cancel)
{
    const QString token = givenToken.trimmed();
    if (token.isEmpty())
        return Error::invalid(
            QStringLiteral("give the token on standard input (it is not echoed or logged)"));
    const QUrl endpoint = HubCredentials::endpoint(context.settings);
    auto client = HubClient::create(context, token);
    if (!client)
        return client.error();
    HubApi api(**client, cancel);
    auto user = api.whoami();
    if (!user)
        return user.error();
    if (auto stored = HubCredentials::storeToken(context, endpoint, token); !stored)
        return Error{stored.error().code,
                     stored.error().message + QStringLiteral(" (or set HF_TOKEN)")};
    Login done{*user, endpoint, 0};
    // Jobs stopped by a rejected token may go again. Not reaching the queue loses nothing: the
    // token is stored, and the next sync the user asks for unblocks them too.
    if (workspace) {
        if (auto db = workspace->connect(); db)
            done.unblockedJobs = JobQueue(**db).unblock().valueOr(0);
    }
    return done;
}

Result<Logout> logout(const StorageContext &context)
{
    const QUrl endpoint = HubCredentials::endpoint(context.settings);
    HM_TRY(HubCredentials::removeToken(context, endpoint));
    return Logout{endpoint, !qEnvironmentVariableIsEmpty("HF_TOKEN")};
}

namespace {

// Pending uploads and remote-only files, from the index (read-only: a status never creates it).
void countFiles(SqliteConnection &db, const std::optional<HubManifest> &manifest,
                LayerStatus &status)
{
    auto files = FileIndex(db).hubSummaries();
    if (!files)
        return;
    for (const FileEntry &e : std::as_const(*files)) {
        if (e.state == SyncState::RemoteOnly) {
            ++status.remoteOnly;
        } else if (!manifest ||
                   manifest->files.value(e.path).sha256 != QString::fromLatin1(e.sha256)) {
            ++status.pendingUploads;
            status.pendingBytes += e.size;
        }
    }
}

// The last hub error, a Retry-After holding the hub step, and a token the Hub refused.
void readJobs(SqliteConnection &db, LayerStatus &status)
{
    auto jobs = JobQueue(db).list({JobState::Blocked, JobState::Failed, JobState::Queued});
    if (!jobs)
        return;
    qint64 waitingUntil = 0;
    for (const Job &j : std::as_const(*jobs)) {
        if (j.lastError.contains(QLatin1String("hub")))
            status.lastError = j.lastError;
        if (j.state == JobState::Queued && SyncPipeline::isHeldKind(j.kind) &&
            SyncPipeline::heldStep(j) == QLatin1String("hub") &&
            j.nextAttemptMs > QDateTime::currentMSecsSinceEpoch())
            waitingUntil = qMax(waitingUntil, j.nextAttemptMs);
        if (HubCredentials::rejectedToken(j))
            status.token = LayerStatus::Token::Rejected;
    }
    if (waitingUntil)
        status.waitingUntil = QDateTime::fromMSecsSinceEpoch(waitingUntil, Qt::UTC);
}

} // namespace

Result<LayerStatus> layerStatus(const Workspace &ws, const StorageContext &context)
{
    HM_TRY(ws.checkPresent());
    LayerStatus status;
    status.endpoint = HubCredentials::endpoint(context.settings);
    std::optional<HubManifest> manifest;
    if (auto loaded = HubManifest::load(ws.manifestFile()); loaded)
        manifest = *loaded;
    auto meta = ws.metadata();
    status.dataset = meta && !meta->dataset.isEmpty() ? meta->dataset
                     : manifest                       ? manifest->dataset
                                                      : QString();
    status.lastCommit = manifest ? manifest->lastCommit : QString();
    if (auto token = HubCredentials::token(context, status.endpoint); token && token->has_value()) {
        status.token = LayerStatus::Token::Configured;
        status.tokenSource = (*token)->source;
    }
    if (auto db = ws.read(); db) {
        countFiles(**db, manifest, status);
        readJobs(**db, status);
    }
    return status;
}

} // namespace hawkmoth::hub
