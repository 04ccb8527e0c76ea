#include "AppServices.h"

#include "IndexRepair.h"
#include "LayerMover.h"
#include "Reconciler.h"
#include "git/GitHeadMatch.h"
#include "git/GitLayer.h"
#include "hub/HubLayer.h"
#include "hub/HubPull.h"

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
    auto scanned = Reconciler(ws, context).run();
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

AppServices::AppServices(const Paths &paths)
    : m_core(paths)
{
    installModules(*this);
    m_sync.registerHandlers(m_core.handlers());
    m_pull.registerHandlers(m_core.handlers());
}

ExecutionContext AppServices::context(StorageContext &storage, const QString &workspaceOverride)
{
    return ExecutionContext{&m_catalog,
                            m_core.registry(),
                            storage,
                            m_core.handlers(),
                            workspaceOverride,
                            std::nullopt,
                            {},
                            {},
                            {},
                            {},
                            {},
                            &m_core};
}

void installModules(AppServices &services)
{
    LayerMover::registerHandlers(services.core().handlers());
    IndexRepair::setRebuilder([paths = services.core().registry().paths()](
                                  const Workspace &ws, const QString &aside, const QString &why) {
        return rebuildIndex(paths, ws, aside, why);
    });
    // The hub step comes first in sync: git then commits the manifest it writes. In pull git comes
    // first: it brings the manifest that tells which hub files to fetch.
    hub::install(services.core(), services.sync());
    git::install(services.core().registry(), services.sync(), services.pull());
    hub::installPull(services.pull());
    registerWorkspaceCommands(services.catalog());
    registerFileCommands(services.catalog());
    registerSyncCommands(services.catalog());
    registerGitCommands(services.catalog());
    registerHubCommands(services.catalog());
    registerJobCommands(services.catalog());
    registerRuleCommands(services.catalog());
    registerHelpCommand(services.catalog());
}

} // namespace hawkmoth
