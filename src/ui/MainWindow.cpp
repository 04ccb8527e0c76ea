#include "MainWindow.h"

#include "FileListModel.h"
#include "JobScheduler.h"
#include "StorageCore.h"

#include <QHeaderView>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

namespace hawkmoth {

MainWindow::MainWindow(StorageCore &core, JobScheduler &scheduler, QWidget *parent)
    : QMainWindow(parent)
    , m_core(core)
    , m_model(new FileListModel(this))
    , m_view(new QTableView(this))
    , m_status(new QLabel(this))
    , m_jobs(new QLabel(this))
{
    setWindowTitle(tr("HAWKMOTH"));
    m_view->setModel(m_model);
    m_view->setSortingEnabled(false);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(FileListModel::PathColumn,
                                                     QHeaderView::Stretch);
    m_view->setAlternatingRowColors(true);
    setCentralWidget(m_view);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_jobs);
    connect(&scheduler, &JobScheduler::jobStarted, this,
            [this](qint64, const QString &kind) { m_jobs->setText(tr("Running %1…").arg(kind)); });
    connect(&scheduler, &JobScheduler::jobNote, this,
            [this](qint64, const QString &line) { m_jobs->setText(line); });
    connect(&scheduler, &JobScheduler::jobFinished, this,
            [this](qint64, const QString &kind, bool ok, const QString &message) {
                m_jobs->setText(ok ? tr("%1 done").arg(kind) : tr("%1: %2").arg(kind, message));
                refresh();
            });
    connect(&scheduler, &JobScheduler::unavailable, m_jobs, &QLabel::setText);
    m_status->setText(tr("Loading…"));
    resize(900, 600);
    connect(&m_core, &StorageCore::filesChanged, this, [this](const QString &ws) {
        if (ws == m_workspace)
            refresh();
    });
    connect(&m_core, &StorageCore::currentWorkspaceChanged, this, &MainWindow::refresh);
}

void MainWindow::refresh()
{
    m_core.workspaces().current().then(this, [this](const Result<Workspace> &ws) {
        if (!ws) {
            m_status->setText(ws.error().message);
            return;
        }
        m_workspace = ws->name();
        setWindowTitle(tr("%1 — HAWKMOTH").arg(ws->name()));
        m_core.files().list(*ws, {}, true).then(this, [this](const Result<Listing> &listing) {
            if (!listing) {
                m_status->setText(listing.error().message);
                return;
            }
            m_model->setFiles(listing->files);
            m_status->setText(
                tr("%1: %n file(s)", nullptr, int(listing->files.size())).arg(m_workspace));
        });
    });
}

} // namespace hawkmoth
