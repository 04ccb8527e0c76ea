#include "AppServices.h"

namespace hawkmoth {

AppServices::AppServices(const Paths &paths)
    : m_core(paths)
{
    registerCommands(m_catalog);
}

ExecutionContext AppServices::context(StorageContext &storage, const QString &workspaceOverride)
{
    return ExecutionContext{&m_catalog,   m_core.registry(),
                            storage,      m_core.handlers(),
                            m_core,       workspaceOverride,
                            std::nullopt, {},
                            {},           {},
                            {},           {}};
}

void registerCommands(CommandCatalog &catalog)
{
    registerWorkspaceCommands(catalog);
    registerFileCommands(catalog);
    registerSyncCommands(catalog);
    registerGitCommands(catalog);
    registerHubCommands(catalog);
    registerJobCommands(catalog);
    registerRuleCommands(catalog);
    registerHelpCommand(catalog);
}

} // namespace hawkmoth
