#include "SyncActions.h"

#include "ActionIcons.h"
#include "FutureGuard.h"
#include "StorageCore.h"

#include <QAction>

namespace hawkmoth {

SyncActions::SyncActions(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_sync(new QAction(actionIcon(QStringLiteral("sync")), tr("&Sync Now"), this))
    , m_push(new QAction(actionIcon(QStringLiteral("push")), tr("&Push"), this))
    , m_pull(new QAction(actionIcon(QStringLiteral("pull")), tr("P&ull"), this))
    , m_rescan(new QAction(actionIcon(QStringLiteral("rescan")), tr("&Rescan Workspace"), this))
{
    m_sync->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_S));
    m_sync->setToolTip(tr("Persist every pending change now: Hub uploads, then a git commit"));
    m_push->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_push->setToolTip(tr("Sync, then push the git layer to its remote"));
    m_pull->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_pull->setToolTip(tr("Fetch and merge the git remote, then download new Hub files"));
    m_rescan->setShortcut(QKeySequence(Qt::Key_F5));
    m_rescan->setToolTip(tr("Look at the workspace folder for changes made by other programs"));
    connect(m_sync, &QAction::triggered, this,
            [this] { queue(int(SyncRequest::Sync), tr("Sync")); });
    connect(m_push, &QAction::triggered, this,
            [this] { queue(int(SyncRequest::Push), tr("Push")); });
    connect(m_pull, &QAction::triggered, this,
            [this] { queue(int(SyncRequest::Pull), tr("Pull")); });
    connect(m_rescan, &QAction::triggered, this, &SyncActions::runRescan);
}

void SyncActions::queue(int request, const QString &what)
{
    Q_EMIT started(what);
    onResult(m_core.workspaces().current(), this,
             [this, request, what](const Result<Workspace> &ws) {
                 if (!ws) {
                     Q_EMIT failed(ws.error().message);
                     return;
                 }
                 onResult(m_core.sync().queue(*ws, SyncRequest(request)), this,
                          [this, what](const Result<qint64> &id) {
                              if (!id)
                                  Q_EMIT failed(tr("%1: %2").arg(what, id.error().message));
                              else
                                  Q_EMIT finished(tr("%1 queued as job %2").arg(what).arg(*id));
                          });
             });
}

void SyncActions::runRescan()
{
    Q_EMIT started(tr("Rescan"));
    onResult(m_core.workspaces().current(), this, [this](const Result<Workspace> &ws) {
        if (!ws) {
            Q_EMIT failed(ws.error().message);
            return;
        }
        onResult(m_core.files().rescan(*ws, false, {}), this,
                 [this](const Result<RescanOutcome> &r) {
                     if (!r)
                         Q_EMIT failed(tr("Rescan: %1").arg(r.error().message));
                     else
                         Q_EMIT finished(tr("Rescan done"));
                 });
    });
}

} // namespace hawkmoth
