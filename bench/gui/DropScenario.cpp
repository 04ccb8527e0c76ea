#include "DropScenario.h"

#include "FutureGuard.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "Report.h"
#include "StallProbe.h"
#include "SyncActions.h"
#include "WindowRig.h"

#include <QAction>
#include <QApplication>
#include <QDateTime>
#include <QDropEvent>
#include <QMimeData>
#include <QTimer>
#include <QUrl>

namespace hawkmoth::bench {

namespace {

constexpr int timeoutMs = 30 * 60 * 1000;
constexpr int settleMs = 500; // after the tree is shown, before the drop

} // namespace

DropScenario::DropScenario(WindowRig &rig, StallProbe &probe, QStringList sources, QObject *parent)
    : QObject(parent)
    , m_rig(rig)
    , m_probe(probe)
    , m_sources(std::move(sources))
{}

void DropScenario::start()
{
    QTimer::singleShot(timeoutMs, this, [this] { finish(1, QStringLiteral("timed out")); });
    connect(m_rig.window()->tree(), &ProjectTree::importFinished, this, &DropScenario::imported);
    connect(m_rig.window()->tree(), &ProjectTree::errorOccurred, this, [](const QString &message) {
        std::fprintf(stderr, "tree: %s\n", qPrintable(message));
    });
    connect(&m_rig.core().changes(), &ChangeNotifier::jobFinished, this,
            &DropScenario::jobFinished);
    whenTreeShown();
}

void DropScenario::whenTreeShown()
{
    const ProjectTreeModel *model = m_rig.window()->tree()->model();
    if (!model->workspace().isValid() || model->isLoading()) {
        QTimer::singleShot(20, this, &DropScenario::whenTreeShown);
        return;
    }
    QTimer::singleShot(settleMs, this, &DropScenario::drop);
}

void DropScenario::drop()
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &source : std::as_const(m_sources))
        urls.append(QUrl::fromLocalFile(source));
    mime.setUrls(urls);
    // Below the last row: a drop on the workspace's root. A file manager offers copy and move.
    QWidget *viewport = m_rig.window()->tree()->view()->viewport();
    const QPoint at(8, viewport->height() - 8);
    const Qt::DropActions offered = Qt::CopyAction | Qt::MoveAction;
    m_probe.mark(QStringLiteral("import"));
    m_phase.start();
    QDragEnterEvent enter(at, offered, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QDragMoveEvent move(at, offered, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    QDropEvent dropEvent(QPointF(at), offered, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &dropEvent);
    report(QStringLiteral("drop.event_ms"), double(m_phase.nsecsElapsed()) / 1e6);
    if (!move.isAccepted() || !dropEvent.isAccepted())
        finish(1, QStringLiteral("the tree refused the drop"));
}

void DropScenario::imported(int files, int failed)
{
    report(QStringLiteral("import.ms"), double(m_phase.nsecsElapsed()) / 1e6);
    report(QStringLiteral("import.files"), files);
    if (failed > 0 || files == 0) {
        finish(1, QStringLiteral("%1 imported, %2 failed").arg(files).arg(failed));
        return;
    }
    // What the toolbar's Sync Now does.
    auto *actions = m_rig.window()->findChild<SyncActions *>();
    if (actions == nullptr) {
        finish(1, QStringLiteral("no sync action in the window"));
        return;
    }
    m_probe.mark(QStringLiteral("sync"));
    m_phase.start();
    m_syncing = true;
    actions->sync()->trigger();
}

void DropScenario::jobFinished(const QString &workspace, const JobChange &job)
{
    if (workspace != m_rig.window()->tree()->model()->workspace().name())
        return;
    std::fprintf(stderr, "job %lld %s: %s after %.0f ms%s%s\n", static_cast<long long>(job.id),
                 qPrintable(job.jobKind), qPrintable(jobStateName(job.state)),
                 double(m_phase.nsecsElapsed()) / 1e6, job.error.isEmpty() ? "" : ", ",
                 qPrintable(job.error));
    if (job.state == JobState::Failed || job.state == JobState::Blocked) {
        finish(1, QStringLiteral("job %1 (%2) %3: %4")
                      .arg(job.id)
                      .arg(job.jobKind, jobStateName(job.state), job.error));
        return;
    }
    if (m_syncing && job.jobKind == QLatin1String("sync") && job.state == JobState::Done)
        checkQueue();
}

void DropScenario::checkQueue()
{
    const Workspace ws = m_rig.window()->tree()->model()->workspace();
    onResult(m_rig.core().jobs().list(ws, false), this, [this](const Result<QList<Job>> &jobs) {
        if (!jobs) {
            finish(1, jobs.error().message);
            return;
        }
        // Done when nothing runs and nothing is due soon (a later automatic sync may be queued).
        const qint64 soon = QDateTime::currentMSecsSinceEpoch() + 2000;
        for (const Job &j : *jobs) {
            if (j.state == JobState::Running ||
                (j.state == JobState::Queued && j.nextAttemptMs <= soon))
                return; // its jobFinished comes later
        }
        report(QStringLiteral("sync.ms"), double(m_phase.nsecsElapsed()) / 1e6);
        finish(0);
    });
}

void DropScenario::finish(int exitCode, const QString &error)
{
    if (m_done)
        return;
    m_done = true;
    if (!error.isEmpty())
        std::fprintf(stderr, "drop scenario: %s\n", qPrintable(error));
    Q_EMIT finished(exitCode);
}

} // namespace hawkmoth::bench
