#include "JobsPanel.h"

#include "JobListModel.h"
#include "JobProgressDelegate.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace hawkmoth {

JobsPanel::JobsPanel(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_model(new JobListModel(core, this))
    , m_stack(new QStackedWidget(this))
    , m_view(new QTableView(this))
    , m_empty(new QLabel(tr("No jobs are waiting. Saving a file queues a sync here."), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_retry(new QPushButton(tr("Retry now"), this))
    , m_unblock(new QPushButton(tr("Unblock"), this))
    , m_showFinished(new QCheckBox(tr("Show finished"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("jobsPanel"));
    m_cancel->setToolTip(tr("Stop the selected job for good"));
    m_retry->setToolTip(tr("Run the selected job now instead of at its next attempt"));
    m_unblock->setToolTip(
        tr("Run a job that waits for you (credentials fixed) or for a server's retry time"));
    m_showFinished->setToolTip(tr("Also list jobs that are done or cancelled"));
    m_view->setAccessibleName(tr("Jobs"));
    m_empty->setAccessibleName(tr("No jobs"));
    m_message->setAccessibleName(tr("Last job action"));

    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(JobListModel::ProgressColumn, new JobProgressDelegate(this));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(JobListModel::KindColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(JobListModel::StateColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(JobListModel::ProgressColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(JobListModel::ErrorColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(JobListModel::NextAttemptColumn, QHeaderView::ResizeToContents);
    header->resizeSection(JobListModel::ProgressColumn, 240);

    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_unblock);
    buttons->addStretch();
    buttons->addWidget(m_showFinished);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_message);

    auto act = [this](void (JobListModel::*action)(qint64)) {
        if (const qint64 id = selectedJob()) {
            m_message->hide();
            (m_model->*action)(id);
        }
    };
    connect(m_cancel, &QPushButton::clicked, this, [act] { act(&JobListModel::cancelJob); });
    connect(m_retry, &QPushButton::clicked, this, [act] { act(&JobListModel::retryJob); });
    connect(m_unblock, &QPushButton::clicked, this, [act] { act(&JobListModel::unblockJob); });
    connect(m_showFinished, &QCheckBox::toggled, m_model, &JobListModel::setShowFinished);
    connect(m_model, &JobListModel::actionFinished, this, &JobsPanel::onAction);
    connect(m_model, &JobListModel::loadFailed, this, [this](const QString &message) {
        m_message->setText(tr("The job list could not be read: %1").arg(message));
        m_message->show();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &JobsPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &JobsPanel::updateButtons);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, [this] {
            updateButtons();
            updateEmpty();
        });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateButtons();
        updateEmpty();
    });
    updateButtons();
    updateEmpty();
}

qint64 JobsPanel::selectedJob() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? 0 : rows.first().data(JobListModel::JobIdRole).toLongLong();
}

bool JobsPanel::selectJob(qint64 id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return false;
    m_view->selectRow(row);
    return true;
}

void JobsPanel::updateButtons()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    const int row = rows.isEmpty() ? -1 : rows.first().row();
    m_cancel->setEnabled(m_model->canCancel(row));
    m_retry->setEnabled(m_model->canRetry(row));
    m_unblock->setEnabled(m_model->canUnblock(row));
}

void JobsPanel::updateEmpty()
{
    m_stack->setCurrentWidget(m_model->rowCount() > 0 ? static_cast<QWidget *>(m_view) : m_empty);
}

void JobsPanel::onAction(qint64 id, const QString &action, bool ok, const QString &message)
{
    if (ok)
        return;
    m_message->setText(tr("Could not %1 job %2: %3").arg(action).arg(id).arg(message));
    m_message->show();
}

} // namespace hawkmoth
