#include "StorageStatsPanel.h"

#include "AmountText.h"
#include "FutureGuard.h"
#include "JobQueueChart.h"
#include "LayerShareChart.h"
#include "StatusForm.h"
#include "StorageCore.h"
#include "StorageStatsModel.h"
#include "StorageStatus.h"
#include "TransferRateChart.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTableView>
#include <QVBoxLayout>

namespace hawkmoth {

namespace {

using amounttext::files;

} // namespace

StorageStatsPanel::StorageStatsPanel(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_status(new StorageStatus(core, this))
    , m_model(new StorageStatsModel(*m_status, this))
    , m_title(new QLabel(this))
    , m_charts(new QWidget(this))
    , m_table(new QTableView(this))
    , m_git(new StatusForm(tr("Git"), this))
    , m_hub(new StatusForm(tr("Hub"), this))
    , m_cleanup(new QPushButton(tr("Clean up session files…"), this))
    , m_cleanupResult(new QLabel(this))
{
    setObjectName(QStringLiteral("storageStatsPanel"));
    m_title->setObjectName(QStringLiteral("statsTitle"));
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setAccessibleName(tr("Workspace"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_table->setModel(m_model);
    m_table->setAccessibleName(tr("Files and size per layer"));
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // All rows without a scroll bar or empty space: the header and four rows of one line.
    const int rowHeight = fontMetrics().height() + 6;
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_table->setFixedHeight(m_table->horizontalHeader()->sizeHint().height() +
                            StorageStatsModel::RowCount * rowHeight + 2 * m_table->frameWidth());

    m_git->addRow(QStringLiteral("gitBranch"), tr("Branch"));
    m_git->addRow(QStringLiteral("gitRemote"), tr("Remote"));
    m_git->addRow(QStringLiteral("gitAheadBehind"), tr("Ahead / behind"));
    m_git->addRow(QStringLiteral("gitUncommitted"), tr("Uncommitted"));
    m_hub->addRow(QStringLiteral("hubDataset"), tr("Dataset"));
    m_hub->addRow(QStringLiteral("hubPending"), tr("To upload"));
    m_hub->addRow(QStringLiteral("hubRemoteOnly"), tr("Remote only"));
    m_hub->addRow(QStringLiteral("hubToken"), tr("Token"));
    m_hub->addRow(QStringLiteral("hubWaiting"), tr("Waiting"));
    m_hub->addRow(QStringLiteral("hubError"), tr("Last error"));
    m_hub->setRowVisible(QStringLiteral("hubWaiting"), false);
    m_hub->setRowVisible(QStringLiteral("hubError"), false);

    m_cleanup->setToolTip(tr("Delete this workspace's session-layer files (scratch and "
                             "temporary files) from disk, after asking"));
    m_cleanupResult->setWordWrap(true);
    m_cleanupResult->setAccessibleName(tr("Cleanup result"));
    m_cleanupResult->hide();

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_table);
    layout->addWidget(m_charts);
    m_charts->setMinimumHeight(LayerShareChart::minimumShareHeight +
                               2 * PanelChart::minimumChartHeight + 2 * layout->spacing());
    layout->addWidget(m_git);
    layout->addWidget(m_hub);
    layout->addWidget(m_cleanup, 0, Qt::AlignLeft);
    layout->addWidget(m_cleanupResult);
    layout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    setMinimumWidth(260);

    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Clean up session files"), question) ==
               QMessageBox::Yes;
    };
    connect(m_cleanup, &QPushButton::clicked, this, &StorageStatsPanel::cleanup);
    connect(m_status, &StorageStatus::statsChanged, this, &StorageStatsPanel::showStats);
    connect(m_status, &StorageStatus::gitChanged, this, &StorageStatsPanel::showGit);
    connect(m_status, &StorageStatus::hubChanged, this, &StorageStatsPanel::showHub);
    connect(m_status, &StorageStatus::workspaceChanged, m_cleanupResult, &QLabel::hide);
    showStats();
    showGit();
    showHub();
}

void StorageStatsPanel::setConfirmation(std::function<bool(const QString &)> confirm)
{
    m_confirm = std::move(confirm);
}

void StorageStatsPanel::buildCharts()
{
    // Laying out and painting three charts costs a window opening on a small machine about a
    // third of its first paint, before any number is there to chart; so they come with the
    // first numbers, into space kept for them.
    auto *layout = new QVBoxLayout(m_charts);
    layout->setContentsMargins(0, 0, 0, 0);
    m_layers = new LayerShareChart(m_charts);
    m_jobs = new JobQueueChart(m_charts);
    m_rate = new TransferRateChart(m_status->transferRate(), m_charts);
    layout->addWidget(m_layers);
    layout->addWidget(m_jobs);
    layout->addWidget(m_rate);
}

void StorageStatsPanel::showStats()
{
    const QString name = m_status->workspace().name();
    const auto &stats = m_status->stats();
    if (!m_status->statsError().isEmpty())
        m_title->setText(
            tr("%1 — the numbers could not be read: %2").arg(name, m_status->statsError()));
    else
        m_title->setText(name.isEmpty() ? tr("Loading…") : tr("Workspace: %1").arg(name));
    m_cleanup->setEnabled(m_status->workspace().isValid());
    if (!stats)
        return;
    if (!m_layers)
        buildCharts();
    for (Layer layer : {Layer::Git, Layer::Hub, Layer::Session}) {
        const int row = int(layer);
        m_layers->setTotals(layer, m_model->files(row), m_model->bytes(row));
    }
    m_jobs->setCounts(*stats);
}

void StorageStatsPanel::showGit()
{
    const auto &git = m_status->gitStatus();
    if (!git) {
        const QString text = m_status->gitError().isEmpty()
                                 ? QStringLiteral("…")
                                 : tr("could not be read: %1").arg(m_status->gitError());
        m_git->setValue(QStringLiteral("gitBranch"), text);
        return;
    }
    if (!git->hasRepository) {
        m_git->setValue(QStringLiteral("gitBranch"), tr("no repository yet (the next sync "
                                                        "creates it)"));
    } else {
        m_git->setValue(QStringLiteral("gitBranch"),
                        git->head.isEmpty() ? tr("%1, no commit yet").arg(git->branch)
                                            : tr("%1 at %2").arg(git->branch, git->head.left(8)),
                        git->head);
    }
    m_git->setValue(QStringLiteral("gitRemote"), git->remote.isEmpty() ? tr("none") : git->remote);
    QString aheadBehind;
    if (git->ahead && git->behind)
        aheadBehind = tr("%1 ahead, %2 behind").arg(*git->ahead).arg(*git->behind);
    else
        aheadBehind = git->remote.isEmpty() ? tr("no remote") : tr("nothing pushed yet");
    m_git->setValue(QStringLiteral("gitAheadBehind"), aheadBehind);
    QString uncommitted = git->uncommitted ? files(*git->uncommitted) : tr("unknown");
    if (!git->notCommitted.isEmpty())
        uncommitted += tr(" (%1 left out of the last commit)").arg(files(git->notCommitted.size()));
    m_git->setValue(QStringLiteral("gitUncommitted"), uncommitted);
}

void StorageStatsPanel::showHub()
{
    const auto &hub = m_status->hubStatus();
    if (!hub) {
        const QString text = m_status->hubError().isEmpty()
                                 ? QStringLiteral("…")
                                 : tr("could not be read: %1").arg(m_status->hubError());
        m_hub->setValue(QStringLiteral("hubDataset"), text);
        return;
    }
    const QLocale locale;
    m_hub->setValue(QStringLiteral("hubDataset"),
                    hub->dataset.isEmpty() ? tr("none yet (the first upload creates it)")
                                           : hub->dataset,
                    hub->endpoint.toString());
    m_hub->setValue(
        QStringLiteral("hubPending"),
        tr("%1, %2").arg(files(hub->pendingUploads), amounttext::bytes(hub->pendingBytes)));
    m_hub->setValue(QStringLiteral("hubRemoteOnly"), files(hub->remoteOnly));
    QString token;
    switch (hub->token) {
    case hub::LayerStatus::Token::None:
        token = tr("none (set HF_TOKEN or log in)");
        break;
    case hub::LayerStatus::Token::Configured:
        token = tr("from %1").arg(hub->tokenSource);
        break;
    case hub::LayerStatus::Token::Rejected:
        token = hub->tokenSource.isEmpty()
                    ? tr("rejected by the Hub: log in again")
                    : tr("from %1, rejected by the Hub: log in again").arg(hub->tokenSource);
        break;
    }
    m_hub->setValue(QStringLiteral("hubToken"), token);
    m_hub->setRowVisible(QStringLiteral("hubWaiting"), hub->waitingUntil.has_value());
    if (hub->waitingUntil)
        m_hub->setValue(
            QStringLiteral("hubWaiting"),
            tr("until %1 (the Hub asked to wait)")
                .arg(locale.toString(hub->waitingUntil->toLocalTime(), QLocale::ShortFormat)));
    m_hub->setRowVisible(QStringLiteral("hubError"), !hub->lastError.isEmpty());
    m_hub->setValue(QStringLiteral("hubError"), hub->lastError);
}

void StorageStatsPanel::cleanup()
{
    const Workspace ws = m_status->workspace();
    if (!ws.isValid())
        return;
    const QString question =
        tr("Delete the session files of “%1” from disk? Scratch and temporary files go; files "
           "that were once committed or uploaded and edited since are kept.")
            .arg(ws.name());
    if (!m_confirm(question))
        return;
    m_cleanup->setEnabled(false);
    m_cleanupResult->setText(tr("Cleaning up…"));
    m_cleanupResult->show();
    onResult(
        m_core.files().cleanup(ws, false, false), this, [this](const Result<CleanupReport> &r) {
            m_cleanup->setEnabled(true);
            QString text;
            if (!r) {
                text = tr("Cleanup failed: %1").arg(r.error().message);
            } else {
                text = tr("Removed %1, freed %2.")
                           .arg(files(r->removedFiles.size()), amounttext::bytes(r->bytesFreed));
                if (!r->kept.isEmpty())
                    text +=
                        QLatin1Char(' ') +
                        tr("Kept %1 edited since they were persisted.").arg(files(r->kept.size()));
            }
            m_cleanupResult->setText(text);
            m_status->refresh();
            Q_EMIT cleanupFinished(r.ok(), text);
        });
}

} // namespace hawkmoth
