// The hub commands: login, logout, hub status, open-from-hub, create-repo (the code's git remote,
// on the Hub or at a URL), and the hub's part of "storage status", each a call on core.hub() whose
// typed result is formatted here. (sync, push and pull run as jobs: see SyncCommands.cpp.)

#include "CommandCatalog.h"
#include "Formatting.h"
#include "HubPull.h"
#include "StorageCore.h"
#include "SyncCommands.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

CommandResult login(const Command &, ExecutionContext &ctx)
{
    const QString token = ctx.input ? QString::fromUtf8(*ctx.input) : QString();
    std::optional<Workspace> workspace;
    if (auto ws = ctx.workspace(); ws)
        workspace = *ws;
    auto done = ctx.core.hub().login(token, workspace, ctx.cancel).result();
    if (!done)
        return fail(done.error());
    if (workspace && ctx.wakeJobs)
        ctx.wakeJobs(*workspace);
    return CommandResult::success(
        QStringLiteral("logged in to %1 as %2; the token is in the system keychain%3")
            .arg(done->endpoint.toString(), done->user,
                 done->unblockedJobs
                     ? QStringLiteral("; %1 waiting job(s) queued again").arg(done->unblockedJobs)
                     : QString()),
        QJsonObject{{QStringLiteral("user"), done->user},
                    {QStringLiteral("endpoint"), done->endpoint.toString()}});
}

CommandResult logout(const Command &, ExecutionContext &ctx)
{
    auto done = ctx.core.hub().logout().result();
    if (!done)
        return fail(done.error());
    QString text = QStringLiteral("the token for %1 was removed from the keychain")
                       .arg(done->endpoint.toString());
    if (done->environmentTokenSet)
        text += QStringLiteral("; HF_TOKEN is still set in the environment");
    return CommandResult::success(
        text, QJsonObject{{QStringLiteral("endpoint"), done->endpoint.toString()}});
}

QJsonObject hubJson(const hub::LayerStatus &h)
{
    return QJsonObject{
        {QStringLiteral("endpoint"), h.endpoint.toString()},
        {QStringLiteral("dataset"), h.dataset},
        {QStringLiteral("lastCommit"), h.lastCommit},
        {QStringLiteral("pendingUploads"), double(h.pendingUploads)},
        {QStringLiteral("pendingBytes"), double(h.pendingBytes)},
        {QStringLiteral("remoteOnly"), double(h.remoteOnly)},
        {QStringLiteral("lastError"), h.lastError},
        {QStringLiteral("waitingUntil"),
         h.waitingUntil ? QJsonValue(h.waitingUntil->toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("token"), h.tokenText()}};
}

QString hubLine(const hub::LayerStatus &h)
{
    QString line =
        QStringLiteral("  hub: %1, %2 upload(s) pending (%3), %4 file(s) not downloaded, token: %5")
            .arg(h.dataset.isEmpty() ? QStringLiteral("no dataset yet")
                                     : QStringLiteral("dataset ") + h.dataset)
            .arg(h.pendingUploads)
            .arg(humanBytes(h.pendingBytes))
            .arg(h.remoteOnly)
            .arg(h.tokenText());
    if (!h.lastCommit.isEmpty())
        line += QStringLiteral(", last commit ") + h.lastCommit.left(7);
    if (h.waitingUntil)
        line += QStringLiteral("\n  hub waiting until %1, as the Hub asked (Retry-After); git goes "
                               "on meanwhile")
                    .arg(h.waitingUntil->toString(Qt::ISODate));
    if (!h.lastError.isEmpty())
        line += QStringLiteral("\n  hub last error: ") + h.lastError;
    return line;
}

CommandResult hubStatus(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto h = ctx.core.hub().layerStatus(*ws).result();
    if (!h)
        return fail(h.error());
    return CommandResult::success(hubLine(*h).trimmed(), hubJson(*h));
}

void hubStatusSection(const Workspace &ws, ExecutionContext &ctx, QJsonObject &data,
                      QStringList &lines)
{
    auto h = ctx.core.hub().layerStatus(ws).result();
    if (!h) {
        data.insert(QStringLiteral("hub"),
                    QJsonObject{{QStringLiteral("error"), h.error().message}});
        lines.append(QStringLiteral("  hub: ") + h.error().message);
        return;
    }
    data.insert(QStringLiteral("hub"), hubJson(*h));
    lines.append(hubLine(*h));
}

CommandResult openFromHub(const Command &cmd, ExecutionContext &ctx)
{
    auto opened = ctx.core.hub()
                      .openFromHub(cmd.option(QStringLiteral("dataset")),
                                   cmd.option(QStringLiteral("name")), ctx.control())
                      .result();
    if (!opened)
        return fail(opened.error());
    QJsonObject data = opened->info ? workspaceInfoJson(*opened->info) : QJsonObject();
    data.insert(QStringLiteral("refused"), QJsonArray::fromStringList(opened->refused));
    QString text =
        QStringLiteral("restored workspace '%1' from %2; it is now the current workspace")
            .arg(opened->workspace.name(), opened->source);
    if (!opened->refused.isEmpty())
        text += QStringLiteral("\n") + hub::HubPull::refusedNote(opened->refused);
    return CommandResult::success(text, data);
}

// The remote of create-repo: a repository made on the Hub (without --url), or the URL given.
Result<QJsonObject> setCodeRemote(const Command &cmd, ExecutionContext &ctx, const Workspace &ws)
{
    const QString url = cmd.option(QStringLiteral("url"));
    if (!url.isEmpty()) {
        auto set = ctx.core.git().setRemote(ws, url).result();
        if (!set)
            return set.error();
        return QJsonObject{{QStringLiteral("remote"), *set}};
    }
    hub::CodeRepoRequest request;
    request.type = cmd.option(QStringLiteral("type"), request.type).toLower();
    request.name = cmd.option(QStringLiteral("name"));
    request.isPrivate = !cmd.flag(QStringLiteral("public"));
    request.sdk = cmd.option(QStringLiteral("sdk"), request.sdk);
    auto made = ctx.core.hub().createCodeRepo(ws, request, ctx.cancel).result();
    if (!made)
        return made.error();
    return QJsonObject{{QStringLiteral("remote"), made->url},
                       {QStringLiteral("repo"), made->repo},
                       {QStringLiteral("type"), made->type},
                       {QStringLiteral("private"), request.isPrivate},
                       {QStringLiteral("created"), made->created}};
}

// Sets the remote, brings in what it holds already (the Hub's first commit), then pushes: the
// same pull and push jobs as the commands of those names.
CommandResult createRepo(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    auto remote = setCodeRemote(cmd, ctx, *ws);
    if (!remote)
        return fail(remote.error());
    QJsonObject data = *remote;
    const QString where = data.value(QLatin1String("remote")).toString();
    const CommandResult pulled = runPipeline(ctx, SyncRequest::Pull, QStringLiteral("pull"));
    data.insert(QStringLiteral("pull"), pulled.data);
    const CommandResult pushed =
        pulled.ok ? runPipeline(ctx, SyncRequest::Push, QStringLiteral("push")) : pulled;
    data.insert(QStringLiteral("push"), pushed.data);
    const QString made =
        data.value(QLatin1String("repo")).toString().isEmpty()
            ? QStringLiteral("remote of %1 set to %2").arg(ws->name(), where)
        : data.value(QLatin1String("created")).toBool()
            ? QStringLiteral("created %1 on the Hub as the git remote of %2").arg(where, ws->name())
            : QStringLiteral("%1 (already on the Hub) is the git remote of %2")
                  .arg(where, ws->name());
    if (!pushed.ok)
        return {false, pushed.code, made + QStringLiteral("; ") + pushed.text, data, {}, false};
    return CommandResult::success(
        made + QStringLiteral("\n") + pulled.text + QStringLiteral("\n") + pushed.text, data);
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
    catalog.add({QStringLiteral("create-repo"),
                 {QStringLiteral("create repo on hub as <name>"),
                  QStringLiteral("create repo on hub"), QStringLiteral("create repo at <url>")},
                 QStringLiteral("create repo on hub [as NAME] | create repo at URL"),
                 QStringLiteral("back up the code: a Hub repository (or URL) as the git remote, "
                                "then pull and push"),
                 createRepo});
    catalog.addStatusSection(&hubStatusSection);
}

} // namespace hawkmoth
