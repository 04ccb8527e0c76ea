#include "HistoryDialog.h"

#include "CodeEditor.h"
#include "FutureGuard.h"
#include "LineDiff.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

namespace {

enum Column
{
    RevColumn,
    DateColumn,
    AuthorColumn,
    SummaryColumn,
};

constexpr int OidRole = Qt::UserRole + 1;

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
    m_commits->setHeaderLabels({tr("Commit"), tr("Date"), tr("Author"), tr("Summary")});
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

    auto *modes = new QHBoxLayout;
    modes->addWidget(m_title, 1);
    modes->addWidget(m_versionMode);
    modes->addWidget(m_diffMode);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(modes);
    rightLayout->addWidget(m_viewer, 1);
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
        m_core.git().history(m_workspace, m_path, 500), this,
        [this](const Result<QList<git::LogEntry>> &log) {
            if (!log) {
                fail(
                    tr("The history of %1 could not be read: %2").arg(m_path, log.error().message));
                return;
            }
            m_commits->clear();
            for (const git::LogEntry &entry : *log) {
                auto *item = new QTreeWidgetItem(m_commits);
                item->setText(RevColumn, shortRev(entry.oid));
                item->setData(RevColumn, OidRole, entry.oid);
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
                log->isEmpty() ? tr("%1 has no committed versions yet: it is committed at "
                                    "the next sync.")
                                     .arg(m_path)
                : log->size() == 1 ? tr("1 commit changed %1.").arg(m_path)
                                   : tr("%1 commits changed %2.").arg(log->size()).arg(m_path));
            if (!log->isEmpty())
                m_commits->setCurrentItem(m_commits->topLevelItem(0));
            Q_EMIT historyLoaded(int(log->size()));
        });
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

void HistoryDialog::showVersion(const QString &rev)
{
    const quint64 request = ++m_request;
    const QString title = m_path + QLatin1Char('@') + shortRev(rev);
    onResult(m_core.git().show(m_workspace, m_path, rev), this,
             [this, request, title](const Result<QByteArray> &content) {
                 if (request != m_request)
                     return;
                 if (!content) {
                     fail(tr("%1 could not be read: %2").arg(title, content.error().message));
                     return;
                 }
                 if (content->left(8192).contains('\0')) {
                     showText(title,
                              tr("(binary content, %n byte(s))", nullptr, int(content->size())),
                              {});
                     return;
                 }
                 showText(title, QString::fromUtf8(*content), m_path);
             });
}

void HistoryDialog::showDiff(const QString &rev)
{
    const quint64 request = ++m_request;
    const QString title = m_path + QLatin1Char('@') + shortRev(rev) + tr(" → current");
    const QString oldName = QStringLiteral("a/") + m_path + QLatin1Char('@') + shortRev(rev);
    const QString newName = QStringLiteral("b/") + m_path;
    onResult(m_core.git().show(m_workspace, m_path, rev), this,
             [this, request, title, oldName, newName](const Result<QByteArray> &old) {
                 if (request != m_request)
                     return;
                 if (!old) {
                     fail(tr("%1 could not be read: %2").arg(title, old.error().message));
                     return;
                 }
                 onResult(
                     m_core.files().load(m_workspace, m_path), this,
                     [this, request, title, oldName, newName,
                      old = *old](const Result<LoadedFile> &current) {
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
                             showText(
                                 title,
                                 unified.isEmpty() ? tr("No difference: the current content is "
                                                        "this version.\n")
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
                      "the history once committed; unsaved edits in an editor are not.")
                       .arg(m_path, version)))
        return;
    m_restore->setEnabled(false);
    onResult(m_core.git().restore(m_workspace, m_path, rev), this,
             [this, rev, version](const Result<FileEntry> &entry) {
                 m_restore->setEnabled(true);
                 if (!entry) {
                     fail(tr("Restoring %1 failed: %2").arg(version, entry.error().message));
                     return;
                 }
                 m_status->setText(
                     tr("Restored %1; it is committed at the next sync.").arg(version));
                 Q_EMIT restored(m_path, rev);
             });
}

} // namespace hawkmoth
