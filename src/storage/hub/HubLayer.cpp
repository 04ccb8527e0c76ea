#include "HubLayer.h"

#include "GitTransport.h"
#include "HubCredentials.h"
#include "HubPull.h"
#include "HubSync.h"
#include "WorkspaceName.h"

#include <QDir>

namespace hawkmoth::hub {

void install(WorkspaceRegistry &registry, SyncPipeline &sync)
{
    sync.addStep({HubCredentials::stepName(), [](JobContext &ctx) { return HubSync(ctx).run(); }});
    registry.addInitializer(&HubPull::markRemoteOnly);
}

void installPull(SyncPipeline &pull)
{
    pull.addStep({HubCredentials::stepName(), &HubPull::runStep});
}

Result<Workspace> openFromHub(WorkspaceRegistry &registry, const StorageContext &context,
                              const QString &dataset, const QString &name,
                              const CancelToken &cancel, const ProgressFn &progress,
                              QStringList *refused)
{
    if (dataset.count(QLatin1Char('/')) != 1)
        return Error::invalid(
            QStringLiteral("name the dataset as NAMESPACE/NAME, not '%1'").arg(dataset));
    const QUrl endpoint = HubCredentials::endpoint(context.settings);
    auto token = HubCredentials::token(context, endpoint);
    if (!token)
        return token.error();
    auto client = HubClient::create(context, token->has_value() ? (*token)->value : QString());
    if (!client)
        return client.error();
    HubApi api(**client, cancel);
    // 1. Who the workspace is.
    auto json = api.fetchSmall(dataset, QStringLiteral(".hawkmoth/workspace.json"));
    if (!json)
        return json.error().context(
            QStringLiteral("reading the workspace description of %1").arg(dataset));
    auto meta = WorkspaceMetadata::fromJson(*json);
    if (!meta)
        return meta.error().context(dataset);
    const QString finalName = name.isEmpty() ? meta->name : name;
    // A name from the dataset makes a folder: checked before, like one the user types.
    if (auto valid = WorkspaceName::validate(finalName); !valid)
        return valid.error().context(
            QStringLiteral("the name in %1's workspace.json (give one: open-from-hub %1 NAME)")
                .arg(dataset));
    if (registry.find(finalName))
        return Error::exists(
            QStringLiteral("a workspace named '%1' already exists; give another name")
                .arg(finalName));
    // 2. Its code, if it has a git remote; otherwise an empty folder.
    const QString staging = registry.stagingPath(finalName);
    if (!meta->gitRemote.isEmpty()) {
        git::Transport transport(context, cancel, progress);
        if (auto cloned = transport.clone(meta->gitRemote, staging); !cloned) {
            QDir(staging).removeRecursively();
            return cloned.error().context(QStringLiteral("cloning %1").arg(meta->gitRemote));
        }
    } else if (!QDir().mkpath(staging)) {
        return Error::io(QStringLiteral("cannot create '%1'").arg(staging));
    }
    meta->dataset = dataset;
    meta->name = finalName;
    if (auto saved = meta->save(staging + QStringLiteral("/.hawkmoth/workspace.json")); !saved) {
        QDir(staging).removeRecursively();
        return saved.error();
    }
    auto ws = registry.adopt(finalName, staging, meta->templateName);
    if (!ws)
        return ws.error();
    // 3. Its large files.
    HubPull pull(*ws, context, api);
    auto report = pull.run(dataset, progress);
    if (!report)
        return report.error().context(
            QStringLiteral("workspace '%1' was restored, but its large files were not "
                           "all fetched; run 'hawkmoth pull' in it")
                .arg(finalName));
    if (refused)
        *refused = report->refused;
    return ws;
}

} // namespace hawkmoth::hub
