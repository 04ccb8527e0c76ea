#include "HubBackupDialog.h"

#include "FutureGuard.h"
#include "StorageCore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace hawkmoth {

HubBackupDialog::HubBackupDialog(StorageCore &core, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_type(new QComboBox(this))
    , m_name(new QLineEdit(this))
    , m_public(new QCheckBox(tr("&Public (anyone can read the code)"), this))
    , m_note(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Back Up Code to the Hub"));
    m_type->addItem(tr("Model repository"), QStringLiteral("model"));
    m_type->addItem(tr("Space (static)"), QStringLiteral("space"));
    m_type->setAccessibleName(tr("Repository type"));
    m_name->setPlaceholderText(tr("WORKSPACE-code under your user if left empty"));
    m_name->setAccessibleName(tr("Repository name"));
    m_note->setWordWrap(true);
    m_note->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_note->setText(tr("The code and its history go to a private Hub repository with your Hugging "
                       "Face token; large files stay in the workspace's dataset."));
    m_start = m_buttons->addButton(tr("&Back Up"), QDialogButtonBox::AcceptRole);
    m_start->setDefault(true);

    auto *form = new QFormLayout(this);
    form->addRow(tr("&Type:"), m_type);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(m_public);
    form->addRow(m_note);
    form->addRow(m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &HubBackupDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &HubBackupDialog::reject);
}

void HubBackupDialog::accept()
{
    if (!m_running)
        start();
}

void HubBackupDialog::start()
{
    m_running = true;
    m_start->setEnabled(false);
    m_note->setText(tr("Creating the repository on the Hub…"));
    hub::CodeRepoRequest request;
    request.type = m_type->currentData().toString();
    request.name = m_name->text().trimmed();
    request.isPrivate = !m_public->isChecked();
    onResult(m_core.workspaces().current(), this, [this, request](const Result<Workspace> &ws) {
        if (!ws)
            return stopped(ws.error().message);
        onResult(m_core.hub().createCodeRepo(*ws, request), this,
                 [this, workspace = *ws](const Result<hub::CodeRepo> &made) {
                     if (!made)
                         return stopped(made.error().message);
                     queueJobs(workspace, made->url);
                 });
    });
}

// The pull brings the Hub's first commit in; the push sends the workspace's history after it.
void HubBackupDialog::queueJobs(const Workspace &ws, const QString &made)
{
    onResult(m_core.sync().queue(ws, SyncRequest::Pull), this,
             [this, ws, made](const Result<qint64> &pull) {
                 if (!pull)
                     return stopped(pull.error().message);
                 onResult(
                     m_core.sync().queue(ws, SyncRequest::Push), this,
                     [this, made](const Result<qint64> &push) {
                         if (!push)
                             return stopped(push.error().message);
                         Q_EMIT backedUp(
                             tr("%1 is the git remote; pushing as job %2").arg(made).arg(*push));
                         QDialog::accept();
                     });
             });
}

void HubBackupDialog::stopped(const QString &message)
{
    m_running = false;
    m_start->setEnabled(true);
    m_note->setText(message);
    adjustSize(); // a long error is read whole, not cut off
}

} // namespace hawkmoth
