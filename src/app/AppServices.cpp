#include "AppServices.h"

#include "LayerMover.h"
#include "git/GitLayer.h"
#include "hub/HubLayer.h"

namespace hawkmoth {

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
                            {}};
}

void installModules(AppServices &services)
{
    LayerMover::registerHandlers(services.core().handlers());
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
    registerHelpCommand(services.catalog());
}

} // namespace hawkmoth
