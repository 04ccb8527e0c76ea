// The hub commands: login, logout, hub status, open-from-hub, and the hub's part of "storage
// status". (sync, push and pull run as jobs: see SyncCommands.cpp.)

#include "CommandCatalog.h"
#include "FileIndex.h"
#include "Formatting.h"
#include "JobQueue.h"
#include "SyncPipeline.h"
#include "hub/HubApi.h"
#include "hub/HubCredentials.h"
#include "hub/HubLayer.h"
#include "hub/HubManifest.h"
#include "hub/HubPull.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

CommandResult fail(const Error &e)
{
    return CommandResult::failure(e);
}

CommandResult login(const Command &, ExecutionContext &ctx)
{
    const QString token = ctx.input ? QString::fromUtf8(*ctx.input).trimmed() : QString();
    if (token.isEmpty())
        return fail(Error::invalid(
            QStringLiteral("give the token on standard input (it is not echoed or logged)")));
    const QUrl endpoint = hub::HubCredentials::endpoint(ctx.storage.settings);
    auto client = hub::HubClient::create(ctx.storage, token);
    if (!client)
        return fail(client.error());
    hub::HubApi api(**client, ctx.cancel);
    auto user = api.whoami();
    if (!user)
        return fail(user.error());
    if (auto stored = hub::HubCredentials::storeToken(endpoint, token); !stored)
        return fail(Error{stored.error().code,
                          stored.error().message + QStringLiteral(" (or set HF_TOKEN)")});
    // Jobs stopped by a rejected token may go again.
    int unblocked = 0;
    if (auto ws = ctx.workspace(); ws) {
        if (auto db = ws->connect(); db)
            unblocked = JobQueue(**db).unblock().valueOr(0);
        if (ctx.wakeJobs)
            ctx.wakeJobs(*ws);
    }
    return CommandResult::success(
        QStringLiteral("logged in to %1 as %2; the token is in the system keychain%3")
            .arg(endpoint.toString(), *user,
                 unblocked ? QStringLiteral("; %1 waiting job(s) queued again").arg(unblocked)
                           : QString()),
        QJsonObject{{QStringLiteral("user"), *user},
                    {QStringLiteral("endpoint"), endpoint.toString()}});
}

CommandResult logout(const Command &, ExecutionContext &ctx)
{
    const QUrl endpoint = hub::HubCredentials::endpoint(ctx.storage.settings);
    if (auto removed = hub::HubCredentials::removeToken(endpoint); !removed)
        return fail(removed.error());
    QString text =
        QStringLiteral("the token for %1 was removed from the keychain").arg(endpoint.toString());
    if (!qEnvironmentVariableIsEmpty("HF_TOKEN"))
        text += QStringLiteral("; HF_TOKEN is still set in the environment");
    return CommandResult::success(text,
                                  QJsonObject{{QStringLiteral("endpoint"), endpoint.toString()}});
}

QJsonObject hubState(const Workspace &ws, ExecutionContext &ctx)
{
    QJsonObject out;
    auto manifest = hub::HubManifest::load(ws.manifestFile());
    auto meta = ws.metadata();
    const QString dataset = meta && !meta->dataset.isEmpty() ? meta->dataset
                            : manifest                       ? manifest->dataset
                                                             : QString();
    out.insert(QStringLiteral("endpoint"),
               hub::HubCredentials::endpoint(ctx.storage.settings).toString());
    out.insert(QStringLiteral("dataset"), dataset);
    out.insert(QStringLiteral("lastCommit"), manifest ? manifest->lastCommit : QString());
    qint64 pending = 0, pendingBytes = 0, remoteOnly = 0;
    QString lastError;
    qint64 waitingUntil = 0;
    QString tokenState = QStringLiteral("none");
    if (auto token =
            hub::HubCredentials::token(hub::HubCredentials::endpoint(ctx.storage.settings));
        token && token->has_value())
        tokenState = (*token)->source;
    if (auto db = ws.connect(); db) {
        if (auto files = FileIndex(**db).inLayer(Layer::Hub); files) {
            for (const FileEntry &e : std::as_const(*files)) {
                if (e.state == SyncState::RemoteOnly) {
                    ++remoteOnly;
                } else if (!manifest ||
                           manifest->files.value(e.path).sha256 != QString::fromLatin1(e.sha256)) {
                    ++pending;
                    pendingBytes += e.size;
                }
            }
        }
        if (auto jobs =
                JobQueue(**db).list({JobState::Blocked, JobState::Failed, JobState::Queued});
            jobs) {
            for (const Job &j : std::as_const(*jobs)) {
                if (j.lastError.contains(QLatin1String("hub")))
                    lastError = j.lastError;
                // A server's Retry-After holding the hub part of sync or pull.
                if (j.state == JobState::Queued && SyncPipeline::isHeldKind(j.kind) &&
                    SyncPipeline::heldStep(j) == QLatin1String("hub") &&
                    j.nextAttemptMs > QDateTime::currentMSecsSinceEpoch())
                    waitingUntil = qMax(waitingUntil, j.nextAttemptMs);
                if (j.state == JobState::Blocked && hub::HubCredentials::saysRejected(j.lastError))
                    tokenState = QStringLiteral("rejected");
            }
        }
    }
    out.insert(QStringLiteral("pendingUploads"), double(pending));
    out.insert(QStringLiteral("pendingBytes"), double(pendingBytes));
    out.insert(QStringLiteral("remoteOnly"), double(remoteOnly));
    out.insert(QStringLiteral("lastError"), lastError);
    out.insert(
        QStringLiteral("waitingUntil"),
        waitingUntil
            ? QJsonValue(
                  QDateTime::fromMSecsSinceEpoch(waitingUntil, Qt::UTC).toString(Qt::ISODate))
            : QJsonValue());
    out.insert(QStringLiteral("token"), tokenState);
    return out;
}

QString hubLine(const QJsonObject &h)
{
    QString line =
        QStringLiteral("  hub: %1, %2 upload(s) pending (%3), %4 file(s) not downloaded, token: %5")
            .arg(h.value(QLatin1String("dataset")).toString().isEmpty()
                     ? QStringLiteral("no dataset yet")
                     : QStringLiteral("dataset ") + h.value(QLatin1String("dataset")).toString())
            .arg(h.value(QLatin1String("pendingUploads")).toInt())
            .arg(humanBytes(qint64(h.value(QLatin1String("pendingBytes")).toDouble())))
            .arg(h.value(QLatin1String("remoteOnly")).toInt())
            .arg(h.value(QLatin1String("token")).toString());
    if (const QString c = h.value(QLatin1String("lastCommit")).toString(); !c.isEmpty())
        line += QStringLiteral(", last commit ") + c.left(7);
    if (const QString w = h.value(QLatin1String("waitingUntil")).toString(); !w.isEmpty())
        line += QStringLiteral("\n  hub waiting until %1, as the Hub asked (Retry-After); git goes "
                               "on meanwhile")
                    .arg(w);
    if (const QString e = h.value(QLatin1String("lastError")).toString(); !e.isEmpty())
        line += QStringLiteral("\n  hub last error: ") + e;
    return line;
}

CommandResult hubStatus(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    const QJsonObject h = hubState(*ws, ctx);
    return CommandResult::success(hubLine(h).trimmed(), h);
}

void hubStatusSection(const Workspace &ws, ExecutionContext &ctx, QJsonObject &data,
                      QStringList &lines)
{
    const QJsonObject h = hubState(ws, ctx);
    data.insert(QStringLiteral("hub"), h);
    lines.append(hubLine(h));
}

CommandResult openFromHub(const Command &cmd, ExecutionContext &ctx)
{
    QStringList refused;
    auto ws =
        hub::openFromHub(ctx.registry, ctx.storage, cmd.option(QStringLiteral("dataset")),
                         cmd.option(QStringLiteral("name")), ctx.cancel, ctx.progress, &refused);
    if (!ws)
        return fail(ws.error());
    if (auto switched = ctx.registry.setCurrent(ws->name()); !switched)
        return fail(switched.error());
    auto info = ctx.registry.info(ws->name());
    QJsonObject data = info ? workspaceInfoJson(*info) : QJsonObject();
    data.insert(QStringLiteral("refused"), QJsonArray::fromStringList(refused));
    QString text =
        QStringLiteral("restored workspace '%1' from %2; it is now the current workspace")
            .arg(ws->name(), cmd.option(QStringLiteral("dataset")));
    if (!refused.isEmpty())
        text += QStringLiteral("\n") + hub::HubPull::refusedNote(refused);
    return CommandResult::success(text, data);
}

} // namespace

void registerHubCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("login"),
                 {},
                 QStringLiteral("login"),
                 QStringLiteral("store a Hugging Face token (from stdin) in the keychain"),
                 login});
    catalog.add({QStringLiteral("logout"),
                 {QStringLiteral("logout")},
                 QStringLiteral("logout"),
                 QStringLiteral("remove the Hugging Face token from the keychain"),
                 logout});
    catalog.add({QStringLiteral("hub-status"),
                 {QStringLiteral("hub status")},
                 QStringLiteral("hub status"),
                 QStringLiteral("the dataset, pending uploads, last commit and error"),
                 hubStatus});
    catalog.add({QStringLiteral("open-from-hub"),
                 {QStringLiteral("open from hub <dataset> as <name>"),
                  QStringLiteral("open from hub <dataset>")},
                 QStringLiteral("open from hub NAMESPACE/DATASET [as NAME]"),
                 QStringLiteral("restore a workspace from its Hub dataset"),
                 openFromHub});
    catalog.addStatusSection(&hubStatusSection);
}

} // namespace hawkmoth
