#include "DeleteWorkspaceDialog.h"

#include "AmountText.h"
#include "FutureGuard.h"
#include "StorageCore.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace hawkmoth {

DeleteWorkspaceDialog::DeleteWorkspaceDialog(StorageCore &core, const QString &name,
                                             QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_workspace(name)
    , m_summary(new QLabel(this))
    , m_confirm(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Delete Workspace"));
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Delete the workspace '%1' and its folder from this machine? What was "
                          "pushed to git or uploaded to the Hub stays there.")
                           .arg(name));
    m_confirm->setAccessibleName(tr("Type the workspace name to confirm"));
    m_confirm->setPlaceholderText(name);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    QPushButton *remove = m_buttons->button(QDialogButtonBox::Ok);
    remove->setText(tr("&Delete"));
    remove->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    auto *ask = new QLabel(tr("Type <b>%1</b> to confirm:").arg(name.toHtmlEscaped()), this);
    ask->setBuddy(m_confirm);
    layout->addWidget(ask);
    layout->addWidget(m_confirm);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DeleteWorkspaceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_confirm, &QLineEdit::textChanged, this,
            [this] { m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canAccept()); });

    onResult( // How much goes with it, once the core has counted.
        m_core.workspaces().info(name), this, [this](const Result<WorkspaceInfo> &info) {
            if (!info)
                return;
            qint64 files = 0, bytes = 0;
            for (const LayerTotals &t : info->totals) {
                files += t.files;
                bytes += t.bytes;
            }
            m_summary->setText(
                tr("Delete the workspace '%1' and its folder with %2 (%3) from this machine? "
                   "What was pushed to git or uploaded to the Hub stays there.")
                    .arg(m_workspace, amounttext::files(files), amounttext::bytes(bytes)));
        });
}

bool DeleteWorkspaceDialog::canAccept() const
{
    return !m_busy && !m_workspace.isEmpty() && m_confirm->text() == m_workspace;
}

void DeleteWorkspaceDialog::accept()
{
    if (!canAccept())
        return;
    m_busy = true;
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    onResult(m_core.workspaces().remove(m_workspace, true), this, [this](const Status &done) {
        m_busy = false;
        if (!done) {
            m_problem->setText(done.error().message);
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canAccept());
            return;
        }
        Q_EMIT deleted(m_workspace);
        QDialog::accept();
    });
}

} // namespace hawkmoth
