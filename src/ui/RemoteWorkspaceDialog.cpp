#include "RemoteWorkspaceDialog.h"

#include "AmountText.h"
#include "FutureGuard.h"
#include "ProgressChannel.h"
#include "StorageCore.h"
#include "WorkspaceName.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>

#include <climits>

namespace hawkmoth {

RemoteWorkspaceDialog::RemoteWorkspaceDialog(StorageCore &core, Source source, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_kind(source)
    , m_source(new QLineEdit(this))
    , m_name(new QLineEdit(this))
    , m_progress(new QProgressBar(this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    const bool git = source == Source::Git;
    setWindowTitle(git ? tr("Clone from Git") : tr("Open from the Hub"));
    m_source->setPlaceholderText(git ? tr("https://host/owner/project.git or a local path")
                                     : tr("namespace/dataset"));
    m_source->setAccessibleName(git ? tr("Git URL") : tr("Hub dataset"));
    m_name->setPlaceholderText(tr("from the URL or dataset if left empty"));
    m_name->setAccessibleName(tr("Workspace name"));
    m_name->setMaxLength(WorkspaceName::maxLength);
    m_progress->setVisible(false);
    m_progress->setAccessibleName(tr("Progress"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_start = m_buttons->addButton(git ? tr("&Clone") : tr("&Open"), QDialogButtonBox::AcceptRole);
    m_start->setDefault(true);

    auto *form = new QFormLayout(this);
    form->addRow(git ? tr("&URL:") : tr("&Dataset:"), m_source);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(m_progress);
    form->addRow(m_note);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RemoteWorkspaceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RemoteWorkspaceDialog::reject);
    connect(m_source, &QLineEdit::textChanged, this, &RemoteWorkspaceDialog::check);
    connect(m_name, &QLineEdit::textChanged, this, &RemoteWorkspaceDialog::check);
    check();
}

void RemoteWorkspaceDialog::check()
{
    QString problem;
    if (!m_name->text().isEmpty()) {
        if (const Status valid = WorkspaceName::validate(m_name->text()); !valid)
            problem = valid.error().message;
    }
    if (!isRunning())
        m_note->setText(problem);
    m_start->setEnabled(!isRunning() && !m_source->text().trimmed().isEmpty() && problem.isEmpty());
}

void RemoteWorkspaceDialog::accept()
{
    if (!isRunning() && m_start->isEnabled())
        start();
}

void RemoteWorkspaceDialog::reject()
{
    if (m_channel) {
        // Stopped in the core; the dialog closes when the operation says it has ended.
        m_channel->cancel();
        m_note->setText(tr("Cancelling…"));
        m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(false);
        return;
    }
    QDialog::reject();
}

void RemoteWorkspaceDialog::start()
{
    m_channel = new ProgressChannel(this);
    connect(m_channel, &ProgressChannel::progressed, this, &RemoteWorkspaceDialog::progressed);
    connect(m_channel, &ProgressChannel::noted, m_note, &QLabel::setText);
    m_progress->setRange(0, 0); // busy until the transfer knows its size
    m_progress->setVisible(true);
    m_source->setEnabled(false);
    m_name->setEnabled(false);
    m_note->setText(m_kind == Source::Git ? tr("Cloning…") : tr("Downloading…"));
    check();
    const QString source = m_source->text().trimmed();
    const QString name = m_name->text();
    QFuture<Result<OpenedWorkspace>> running =
        m_kind == Source::Git ? m_core.git().cloneProject(source, name, m_channel->control())
                              : m_core.hub().openFromHub(source, name, m_channel->control());
    onResult(running, this, [this](const Result<OpenedWorkspace> &result) { finished(result); });
}

void RemoteWorkspaceDialog::progressed(const Progress &p)
{
    if (p.objectsTotal > 0) {
        m_progress->setRange(0, int(qMin<qint64>(p.objectsTotal, INT_MAX)));
        m_progress->setValue(int(qMin(p.objectsDone, p.objectsTotal)));
        m_progress->setFormat(tr("%v of %m objects"));
    } else if (p.bytesTotal > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * qMin(p.bytesDone, p.bytesTotal) / p.bytesTotal));
        m_progress->setFormat(tr("%1 of %2, %3")
                                  .arg(amounttext::bytes(p.bytesDone),
                                       amounttext::bytes(p.bytesTotal),
                                       amounttext::filesOf(p.filesDone, p.filesTotal)));
    }
}

void RemoteWorkspaceDialog::finished(const Result<OpenedWorkspace> &result)
{
    m_channel->deleteLater();
    m_channel = nullptr;
    m_buttons->button(QDialogButtonBox::Cancel)->setEnabled(true);
    m_progress->setVisible(false);
    m_source->setEnabled(true);
    m_name->setEnabled(true);
    if (!result) {
        check();
        m_note->setText(result.error().message);
        m_note->setStyleSheet(QStringLiteral("color: #c62828"));
        return;
    }
    Q_EMIT opened(result->workspace.name());
    QDialog::accept();
}

} // namespace hawkmoth
