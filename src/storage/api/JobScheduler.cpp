#include "JobScheduler.h"

#include "SchedulerWorker.h"
#include "StorageCore.h"

namespace hawkmoth {

JobScheduler::JobScheduler(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_worker(new SchedulerWorker(core, *this))
{
    qRegisterMetaType<hawkmoth::Workspace>("hawkmoth::Workspace");
    m_thread.setObjectName(QStringLiteral("hawkmoth-jobs"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

JobScheduler::~JobScheduler()
{
    m_worker->cancelRunning();
    m_thread.quit();
    m_thread.wait();
}

void JobScheduler::setWorkspace(const Workspace &workspace)
{
    m_worker->cancelRunning();
    QMetaObject::invokeMethod(m_worker, "setWorkspace", Qt::QueuedConnection,
                              Q_ARG(hawkmoth::Workspace, workspace));
}

void JobScheduler::followCurrentWorkspace(StorageCore &core)
{
    auto follow = [this, &core] {
        const quint64 round = ++m_followRound;
        core.workspaces().current().then(this, [this, round](const Result<Workspace> &ws) {
            if (ws && round == m_followRound)
                setWorkspace(*ws);
        });
    };
    connect(&core.changes(), &ChangeNotifier::currentWorkspaceChanged, this, follow);
    connect(&core, &StorageCore::filesChanged, this, &JobScheduler::wake);
    connect(&core.changes(), &ChangeNotifier::jobsQueued, this, [this] { wake(); });
    follow();
}

void JobScheduler::wake()
{
    QMetaObject::invokeMethod(m_worker, &SchedulerWorker::runDue, Qt::QueuedConnection);
}

void JobScheduler::cancelRunning()
{
    m_worker->cancelRunning();
}

} // namespace hawkmoth
