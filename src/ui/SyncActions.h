#pragma once
// The window's sync, push, pull and rescan actions: each queues its job for the scheduler (so it
// shows in the jobs panel and can be cancelled there) on the current workspace.

#include <QObject>

class QAction;

namespace hawkmoth {

class StorageCore;

class SyncActions : public QObject
{
    Q_OBJECT

public:
    explicit SyncActions(StorageCore &core, QObject *parent = nullptr);

    QAction *sync() const { return m_sync; }
    QAction *push() const { return m_push; }
    QAction *pull() const { return m_pull; }
    QAction *rescan() const { return m_rescan; }
    QList<QAction *> all() const { return {m_sync, m_push, m_pull, m_rescan}; }

Q_SIGNALS:
    void started(const QString &what);
    void failed(const QString &message);
    void finished(const QString &message);

private:
    void queue(int request, const QString &what);
    void runRescan();

    StorageCore &m_core;
    QAction *m_sync;
    QAction *m_push;
    QAction *m_pull;
    QAction *m_rescan;
};

} // namespace hawkmoth
