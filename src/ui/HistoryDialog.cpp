#include "HistoryDialog.h"

#include "AmountText.h"
#include "CodeEditor.h"
#include "DownloadPanel.h"
#include "EditorTab.h"
#include "FutureGuard.h"
#include "LineDiff.h"
#include "ProgressChannel.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

namespace {

enum Column
{
    RevColumn,
    KeptColumn,
    DateColumn,
    AuthorColumn,
    SummaryColumn,
};

constexpr int OidRole = Qt::UserRole + 1;
constexpr int HubSizeRole = Qt::UserRole + 2; // -1 for a git version
constexpr int Sha256Role = Qt::UserRole + 3;
constexpr int HubCommitRole = Qt::UserRole + 4;
constexpr int DatasetRole = Qt::UserRole + 5;

} // namespace

HistoryDialog::HistoryDialog(StorageCore &core, const QString &path, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_path(path)
{
    build();
    onResult(m_core.workspaces().current(), this, [this](const Result<Workspace> &ws) {
        if (!ws) {
            fail(ws.error().message);
            return;
        }
        m_workspace = *ws;
        loadHistory();
    });
}

HistoryDialog::HistoryDialog(StorageCore &core, const Workspace &workspace, const QString &path,
                             QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_workspace(workspace)
    , m_path(path)
{
    build();
    loadHistory();
}

void HistoryDialog::build()
{
    setWindowTitle(tr("History of %1").arg(m_path));
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Restore version"), question,
                                     QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    m_commits = new QTreeWidget(this);
    m_commits->setAccessibleName(tr("Commits"));
    m_commits->setHeaderLabels(
        {tr("Commit"), tr("Kept in"), tr("Date"), tr("Author"), tr("Summary")});
    m_commits->setRootIsDecorated(false);
    m_commits->setUniformRowHeights(true);
    m_commits->setAlternatingRowColors(true);
    m_commits->header()->setStretchLastSection(true);
    m_title = new QLabel(this);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_status = new QLabel(tr("Loading the history…"), this);
    m_viewer = new CodeEditor(this);
    m_viewer->setReadOnly(true);
    m_viewer->setAccessibleName(tr("Version or difference"));
    m_versionMode = new QRadioButton(tr("&Version"), this);
    m_diffMode = new QRadioButton(tr("&Diff against current"), this);
    m_versionMode->setChecked(true);
    m_restore = new QPushButton(tr("&Restore This Version"), this);
    m_restore->setEnabled(false);
    // A Hub version downloads in the viewer's place, as a remote-only file does in its tab.
    m_view = new QStackedWidget(this);
    m_download = new DownloadPanel(m_view);
    m_view->addWidget(m_viewer);
    m_view->addWidget(m_download);

    auto *modes = new QHBoxLayout;
    modes->addWidget(m_title, 1);
    modes->addWidget(m_versionMode);
    modes->addWidget(m_diffMode);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(modes);
    rightLayout->addWidget(m_view, 1);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_commits);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(900, 640);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_commits, &QTreeWidget::currentItemChanged, this, &HistoryDialog::showSelected);
    connect(m_versionMode, &QRadioButton::toggled, this, &HistoryDialog::showSelected);
    connect(m_restore, &QPushButton::clicked, this, [this] { restore(selectedRevision()); });
    connect(m_download, &DownloadPanel::cancelRequested, this, [this] {
        if (m_channel)
            m_channel->cancel();
    });
    connect(this, &QDialog::finished, this, &HistoryDialog::endTransfer);
}

void HistoryDialog::setConfirm(std::function<bool(const QString &)> confirm)
{
    m_confirm = std::move(confirm);
}

QString HistoryDialog::shortRev(const QString &rev) const
{
    return rev.left(10);
}

QString HistoryDialog::selectedRevision() const
{
    const QTreeWidgetItem *item = m_commits->currentItem();
    return item ? item->data(RevColumn, OidRole).toString() : QString();
}

QPushButton *HistoryDialog::cancelButton() const
{
    return m_download->cancelButton();
}

bool HistoryDialog::selectedIsOnHub() const
{
    const QTreeWidgetItem *item = m_commits->currentItem();
    return item && item->data(RevColumn, HubSizeRole).toLongLong() >= 0;
}

QString HistoryDialog::viewTitle() const
{
    return m_title->text();
}

void HistoryDialog::fail(const QString &message)
{
    m_status->setText(message);
    Q_EMIT errorOccurred(message);
}

void HistoryDialog::loadHistory()
{
    onResult(
        m_core.history().log(m_workspace, m_path, 500), this,
        [this](const Result<QList<PastVersion>> &log) {
            if (!log) {
                fail(
                    tr("The history of %1 could not be read: %2").arg(m_path, log.error().message));
                return;
            }
            m_commits->clear();
            for (const PastVersion &version : *log) {
                const git::LogEntry &entry = version.commit;
                auto *item = new QTreeWidgetItem(m_commits);
                item->setText(RevColumn, shortRev(entry.oid));
                item->setData(RevColumn, OidRole, entry.oid);
                item->setData(RevColumn, HubSizeRole,
                              version.hub ? version.hub->entry.size : qint64(-1));
                if (version.hub) {
                    item->setData(RevColumn, Sha256Role, version.hub->entry.sha256);
                    item->setData(RevColumn, HubCommitRole, version.hub->entry.commit);
                    item->setData(RevColumn, DatasetRole, version.hub->dataset);
                    item->setText(KeptColumn,
                                  tr("Hub, %1").arg(amounttext::bytes(version.hub->entry.size)));
                    item->setToolTip(KeptColumn,
                                     tr("sha256 %1\nHub commit %2 of %3")
                                         .arg(version.hub->entry.sha256, version.hub->entry.commit,
                                              version.hub->dataset));
                } else {
                    item->setText(KeptColumn, tr("git"));
                }
                item->setText(DateColumn,
                              QLocale().toString(entry.time.toLocalTime(), QLocale::ShortFormat));
                item->setText(AuthorColumn, entry.author);
                item->setToolTip(AuthorColumn, entry.email);
                item->setText(SummaryColumn, entry.summary);
                item->setToolTip(SummaryColumn, entry.summary);
            }
            for (int column = RevColumn; column < SummaryColumn; ++column)
                m_commits->resizeColumnToContents(column);
            m_status->setText(
                log->isEmpty()
                    ? tr("%1 has no recorded versions yet: the next sync records the first.")
                          .arg(m_path)
                : log->size() == 1 ? tr("1 version of %1.").arg(m_path)
                                   : tr("%1 versions of %2.").arg(log->size()).arg(m_path));
            if (!log->isEmpty())
                m_commits->setCurrentItem(m_commits->topLevelItem(0));
            Q_EMIT historyLoaded(int(log->size()));
        });
}

OperationControl HistoryDialog::beginTransfer(const QString &version, const QString &what)
{
    endTransfer();
    m_channel = new ProgressChannel(this);
    connect(m_channel, &ProgressChannel::progressed, m_download, &DownloadPanel::setProgress);
    m_download->start(version);
    m_view->setCurrentWidget(m_download);
    m_status->setText(what);
    return m_channel->control();
}

void HistoryDialog::endTransfer()
{
    // A transfer still running is cancelled; its channel drops its last reports once gone.
    if (m_channel) {
        m_channel->cancel();
        m_channel->deleteLater();
        m_channel = nullptr;
    }
    m_view->setCurrentWidget(m_viewer);
}

QString HistoryDialog::describeHubVersion(const QString &rev) const
{
    const QTreeWidgetItem *item = m_commits->currentItem();
    if (!item || item->data(RevColumn, OidRole).toString() != rev)
        return {};
    return tr("This version of %1 is kept on the Hub and is too large to show here.\n\n"
              "Size:        %2\nsha256:      %3\nDataset:     %4\nHub commit:  %5\n"
              "Recorded in: %6\n\nRestore This Version downloads it and makes it the current "
              "content; the next sync uploads it as a new version.")
        .arg(m_path, amounttext::bytes(item->data(RevColumn, HubSizeRole).toLongLong()),
             item->data(RevColumn, Sha256Role).toString(),
             item->data(RevColumn, DatasetRole).toString(),
             item->data(RevColumn, HubCommitRole).toString(), rev);
}

void HistoryDialog::showSelected()
{
    const QString rev = selectedRevision();
    m_restore->setEnabled(!rev.isEmpty());
    if (rev.isEmpty())
        return;
    if (m_diffMode->isChecked())
        showDiff(rev);
    else
        showVersion(rev);
}

void HistoryDialog::showText(const QString &title, const QString &text, const QString &lexerName)
{
    m_title->setText(title);
    m_viewer->setFileName(lexerName);
    m_viewer->setContent(text);
    m_viewer->setCursorPosition(0, 0);
    Q_EMIT viewShown(title);
}

void HistoryDialog::readVersion(const QString &rev, const QString &title, quint64 request,
                                const std::function<void(const QByteArray &)> &use)
{
    const qint64 hubSize = selectedRevision() == rev && m_commits->currentItem()
                               ? m_commits->currentItem()->data(RevColumn, HubSizeRole).toLongLong()
                               : -1;
    if (hubSize > EditorTab::largeFileBytes) {
        showText(title, describeHubVersion(rev), {});
        return;
    }
    const bool onHub = hubSize >= 0;
    const OperationControl control =
        onHub ? beginTransfer(m_path + QLatin1Char('@') + shortRev(rev), {}) : OperationControl{};
    onResult(m_core.history().show(m_workspace, m_path, rev, control), this,
             [this, request, title, onHub, use](const Result<QByteArray> &content) {
                 if (request != m_request)
                     return;
                 if (onHub)
                     endTransfer();
                 if (!content) {
                     fail(tr("%1 could not be read: %2").arg(title, content.error().message));
                     return;
                 }
                 if (onHub)
                     m_status->setText(
                         tr("%1 downloaded from the Hub, sha256 checked.").arg(title));
                 use(*content);
             });
}

void HistoryDialog::showVersion(const QString &rev)
{
    {
        const QSignalBlocker quiet(m_versionMode);
        m_versionMode->setChecked(true);
    }
    const quint64 request = ++m_request;
    const QString title = m_path + QLatin1Char('@') + shortRev(rev);
    readVersion(rev, title, request, [this, title](const QByteArray &content) {
        if (content.left(8192).contains('\0')) {
            showText(title, tr("(binary content, %1)").arg(amounttext::bytes(content.size())), {});
            return;
        }
        showText(title, QString::fromUtf8(content), m_path);
    });
}

void HistoryDialog::showDiff(const QString &rev)
{
    {
        const QSignalBlocker quiet(m_versionMode);
        m_diffMode->setChecked(true);
    }
    const quint64 request = ++m_request;
    const QString title = m_path + QLatin1Char('@') + shortRev(rev) + tr(" → current");
    const QString oldName = QStringLiteral("a/") + m_path + QLatin1Char('@') + shortRev(rev);
    const QString newName = QStringLiteral("b/") + m_path;
    readVersion(
        rev, title, request, [this, request, title, oldName, newName](const QByteArray &old) {
            onResult(
                m_core.files().load(m_workspace, m_path), this,
                [this, request, title, oldName, newName, old](const Result<LoadedFile> &current) {
                    if (request != m_request)
                        return;
                    // A deleted file diffs against nothing: every line removed.
                    const QByteArray now = current ? current->content : QByteArray();
                    const auto diffed = QtConcurrent::run([old, now, oldName, newName] {
                        const LineDiff diff(QString::fromUtf8(old), QString::fromUtf8(now));
                        return diff.isIdentical() ? QString() : diff.unified(oldName, newName);
                    });
                    onResult(diffed, this, [this, request, title](const QString &unified) {
                        if (request != m_request)
                            return;
                        showText(title,
                                 unified.isEmpty()
                                     ? tr("No difference: the current content is this version.\n")
                                     : unified,
                                 unified.isEmpty() ? QString() : QStringLiteral("changes.diff"));
                    });
                });
        });
}

void HistoryDialog::restore(const QString &rev)
{
    if (rev.isEmpty())
        return;
    const QString version = m_path + QLatin1Char('@') + shortRev(rev);
    if (!m_confirm(tr("Replace the current content of %1 with %2? The current content stays in "
                      "the history once synced; unsaved edits in an editor are not.")
                       .arg(m_path, version)))
        return;
    ++m_request; // a view still loading would overwrite the status
    const bool onHub = selectedRevision() == rev && selectedIsOnHub();
    const OperationControl control =
        onHub
            ? beginTransfer(version, tr("Downloading %1 from the Hub to restore it…").arg(version))
            : OperationControl{};
    // Choosing another version while this one downloads would cancel it: the list waits.
    m_restore->setEnabled(false);
    m_commits->setEnabled(false);
    onResult(m_core.history().restore(m_workspace, m_path, rev, control), this,
             [this, rev, version, onHub](const Result<FileEntry> &entry) {
                 if (onHub)
                     endTransfer();
                 m_restore->setEnabled(true);
                 m_commits->setEnabled(true);
                 if (!entry) {
                     fail(tr("Restoring %1 failed: %2").arg(version, entry.error().message));
                     return;
                 }
                 m_status->setText(
                     entry->layer == Layer::Hub
                         ? tr("Restored %1; the next sync uploads it to the Hub.").arg(version)
                         : tr("Restored %1; it is committed at the next sync.").arg(version));
                 Q_EMIT restored(m_path, rev);
             });
}

} // namespace hawkmoth
