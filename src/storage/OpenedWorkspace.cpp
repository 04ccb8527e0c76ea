#include "OpenedWorkspace.h"

#include "StorageCore.h"

namespace hawkmoth {

void announceOpened(StorageCore &core, const OpenedWorkspace &opened)
{
    const QString name = opened.workspace.name();
    QMetaObject::invokeMethod(
        &core,
        [&core, name] {
            Q_EMIT core.workspacesChanged();
            Q_EMIT core.currentWorkspaceChanged(name);
        },
        Qt::QueuedConnection);
}

} // namespace hawkmoth
