#pragma once
// The current workspace of a StorageCore, kept up to date off the GUI thread: asks the core once,
// then again after every switch, rename or removal, and announces each new one (stale answers of
// an earlier question are dropped).

#include "Workspace.h"

#include <QObject>

namespace hawkmoth {

class StorageCore;

class WorkspaceFollower : public QObject
{
    Q_OBJECT

public:
    explicit WorkspaceFollower(StorageCore &core, QObject *parent = nullptr);

    // Invalid until the first answer came.
    const Workspace &workspace() const { return m_workspace; }
    QString name() const { return m_workspace.name(); }
    // Asks the core again (called by itself after the core's workspace notifications).
    void reload();

Q_SIGNALS:
    // Another workspace (or the same one renamed) is current now.
    void workspaceChanged(const hawkmoth::Workspace &workspace);
    void failed(const QString &message);

private:
    StorageCore &m_core;
    Workspace m_workspace;
    quint64 m_asked = 0; // the serial of the newest question; older answers are dropped
};

} // namespace hawkmoth
