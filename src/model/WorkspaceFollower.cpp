#include "WorkspaceFollower.h"

#include "FutureGuard.h"
#include "StorageCore.h"

namespace hawkmoth {

WorkspaceFollower::WorkspaceFollower(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
{
    connect(&core, &StorageCore::currentWorkspaceChanged, this, &WorkspaceFollower::reload);
    ChangeNotifier &changes = core.changes();
    connect(&changes, &ChangeNotifier::currentWorkspaceChanged, this, &WorkspaceFollower::reload);
    connect(&changes, &ChangeNotifier::workspaceRenamed, this, &WorkspaceFollower::reload);
    connect(&changes, &ChangeNotifier::workspaceRemoved, this, &WorkspaceFollower::reload);
    reload(); // answered on a later turn, once the owner has connected to workspaceChanged
}

void WorkspaceFollower::reload()
{
    const quint64 serial = ++m_asked;
    onResult(m_core.workspaces().current(), this, [this, serial](const Result<Workspace> &current) {
        if (serial != m_asked)
            return;
        if (!current) {
            Q_EMIT failed(current.error().message);
            return;
        }
        if (current->name() == m_workspace.name() && current->root() == m_workspace.root() &&
            m_workspace.isValid())
            return;
        m_workspace = *current;
        Q_EMIT workspaceChanged(m_workspace);
    });
}

} // namespace hawkmoth

#include "moc_WorkspaceFollower.cpp"
