#include "HubDataset.h"

namespace hawkmoth::hub {

const QString HubDataset::workspaceJsonPath = QStringLiteral(".hawkmoth/workspace.json");

Result<QString> HubDataset::resolve(const Workspace &workspace, HubApi &api,
                                    const AppSettings &settings, const QString &manifestDataset)
{
    auto meta = workspace.metadata();
    if (meta && !meta->dataset.isEmpty())
        return meta->dataset;
    // A clone of the git remote (under any name) shares the dataset its manifest records.
    if (!manifestDataset.isEmpty()) {
        if (meta) {
            meta->dataset = manifestDataset;
            HM_TRY(meta->save(workspace.metadataFile()));
        }
        return manifestDataset;
    }
    QString ns = settings.value(QStringLiteral("hubNamespace")).toString();
    if (ns.isEmpty()) {
        auto user = api.whoami();
        if (!user)
            return user.error();
        ns = *user;
    }
    const QString dataset = ns + QStringLiteral("/hawkmoth-") + workspace.name();
    HM_TRY(api.createDataset(dataset, settings.value(QStringLiteral("hubPrivate")).toBool(true)));
    if (meta) {
        meta->dataset = dataset;
        HM_TRY(meta->save(workspace.metadataFile()));
    }
    return dataset;
}

bool HubDataset::sameOnHub(HubApi &api, const QString &dataset, const WorkspaceMetadata &ours)
{
    auto json = api.fetchSmall(dataset, workspaceJsonPath);
    if (!json)
        return false; // not there, or not readable now: uploading it is the safe side
    auto theirs = WorkspaceMetadata::fromJson(*json);
    return theirs && theirs->gitRemote == ours.gitRemote && theirs->dataset == ours.dataset &&
           theirs->extra == ours.extra;
}

} // namespace hawkmoth::hub
