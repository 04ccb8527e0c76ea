#include "HubOperations.h"

#include "HubLayer.h"
#include "StorageCore.h"

namespace hawkmoth {

QFuture<Result<hub::Login>> HubOperations::login(const QString &token,
                                                 const std::optional<Workspace> &workspace,
                                                 const CancelToken &cancel)
{
    return m_core.run([this, token, workspace, cancel] {
        const StorageContext context = m_core.context();
        return hub::login(context, token, workspace, cancel);
    });
}

QFuture<Result<hub::Logout>> HubOperations::logout()
{
    return m_core.run([this] { return hub::logout(m_core.context()); });
}

QFuture<Result<hub::TokenInfo>> HubOperations::tokenInfo()
{
    return m_core.run([this] { return hub::tokenInfo(m_core.context()); });
}

QFuture<Result<QString>> HubOperations::whoami(const QString &token, const CancelToken &cancel)
{
    return m_core.run([this, token, cancel] {
        const StorageContext context = m_core.context();
        return hub::whoami(context, token, cancel);
    });
}

QFuture<Result<hub::LayerStatus>> HubOperations::layerStatus(const Workspace &ws)
{
    return m_core.run([this, ws] { return hub::layerStatus(ws, m_core.context()); });
}

QFuture<Result<hub::CodeRepo>> HubOperations::createCodeRepo(const Workspace &ws,
                                                             const hub::CodeRepoRequest &request,
                                                             const CancelToken &cancel)
{
    return m_core.run([this, ws, request, cancel] {
        const StorageContext context = m_core.context();
        return hub::createCodeRepo(ws, context, request, cancel);
    });
}

QFuture<Result<OpenedWorkspace>> HubOperations::openFromHub(const QString &dataset,
                                                            const QString &name,
                                                            const OperationControl &control)
{
    return m_core.run([this, dataset, name, control]() -> Result<OpenedWorkspace> {
        const StorageContext context = m_core.context();
        WorkspaceRegistry &registry = m_core.registry();
        QStringList refused;
        auto ws = hub::openFromHub(registry, context, dataset, name, control.cancel,
                                   control.progress, &refused);
        if (!ws)
            return ws.error();
        HM_TRY(registry.setCurrent(ws->name()));
        OpenedWorkspace opened{*ws, std::nullopt, dataset, refused, {}};
        if (auto info = registry.info(ws->name()); info)
            opened.info = *info;
        m_core.notifyCurrentChanged(opened.workspace.name(), true);
        return opened;
    });
}

} // namespace hawkmoth
