#include "StorageModules.h"

#include "GitHeadMatch.h"
#include "GitLayer.h"
#include "HubGitRemote.h"
#include "HubLayer.h"
#include "HubPull.h"
#include "LayerMover.h"
#include "Rescanner.h"
#include "StagedImport.h"
#include "StorageCore.h"

#include <cstdio>

namespace hawkmoth {

namespace {

// A fresh index filled from what the workspace holds: the disk, the Hub files the manifest
// lists, and what HEAD says is committed.
Status rebuildIndex(const Paths &paths, const Workspace &ws, const QString &setAsideAs,
                    const QString &reason)
{
    auto settings = AppSettings::load(paths.settingsFile());
    const StorageContext context =
        withoutAutoSync(StorageContext{paths, settings ? *settings : AppSettings(), nullptr, {}});
    auto scanned = Rescanner(ws, context).run();
    if (!scanned)
        return scanned.error();
    HM_TRY(hub::HubPull::markRemoteOnly(ws));
    HM_TRY(git::markMatchingHead(ws));
    if (!reason.isEmpty())
        std::fprintf(stderr,
                     "hawkmoth: the index of workspace '%s' was damaged (%s); it is kept as '%s' "
                     "and a new one was rebuilt from the disk and git (%lld files)\n",
                     qUtf8Printable(ws.name()), qUtf8Printable(reason), qUtf8Printable(setAsideAs),
                     static_cast<long long>(scanned->added.size()));
    return {};
}

} // namespace

StorageModules::StorageModules(StorageCore &core)
{
    LayerMover::registerHandlers(core.handlers());
    StagedImport::registerHandler(core.handlers());
    // Owned by the registry and the workspaces it hands out; nothing process-wide.
    core.registry().setIndexRebuilder(std::make_shared<const IndexRebuilder>(
        [paths = core.registry().paths()](const Workspace &ws, const QString &aside,
                                          const QString &why) {
            return rebuildIndex(paths, ws, aside, why);
        }));
    // The hub step comes first in sync: git then commits the manifest it writes. In pull git comes
    // first: it brings the manifest that tells which hub files to fetch.
    hub::install(core.registry(), m_sync);
    core.setRemoteFetcher(&hub::HubPull::fetchOne);
    // Git remotes on the Hub take the Hugging Face token.
    core.setGitLoginSource(&hub::gitLogin);
    git::install(core.registry(), m_sync, m_pull);
    hub::installPull(m_pull);
    m_sync.registerHandlers(core.handlers());
    m_pull.registerHandlers(core.handlers());
}

} // namespace hawkmoth
