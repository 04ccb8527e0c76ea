#include "RenameWorkspaceDialog.h"

#include "CreateWorkspaceDialog.h"
#include "FutureGuard.h"
#include "StorageCore.h"
#include "WorkspaceName.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace hawkmoth {

RenameWorkspaceDialog::RenameWorkspaceDialog(StorageCore &core, const QString &name,
                                             const QStringList &taken, QWidget *parent)
    : QDialog(parent)
    , m_core(core)
    , m_from(name)
    , m_taken(taken)
    , m_name(new QLineEdit(name, this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Rename Workspace"));
    m_name->setAccessibleName(tr("New workspace name"));
    m_name->setMaxLength(WorkspaceName::maxLength);
    m_name->selectAll();
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Rename"));
    auto *form = new QFormLayout(this);
    form->addRow(new QLabel(tr("Rename the workspace '%1' and its folder.").arg(name), this));
    form->addRow(tr("&New name:"), m_name);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RenameWorkspaceDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &RenameWorkspaceDialog::check);
    check();
}

QString RenameWorkspaceDialog::problem() const
{
    if (m_name->text() == m_from)
        return QString(); // nothing to do yet, but nothing wrong either
    return CreateWorkspaceDialog::problemWith(m_name->text(), m_taken, m_from);
}

void RenameWorkspaceDialog::check()
{
    const QString why = problem();
    m_problem->setText(why);
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!m_busy && why.isEmpty() && m_name->text() != m_from);
}

void RenameWorkspaceDialog::accept()
{
    if (m_busy || !problem().isEmpty() || m_name->text() == m_from)
        return;
    m_busy = true;
    check();
    const QString to = m_name->text();
    onResult(m_core.workspaces().rename(m_from, to), this, [this](const Result<Workspace> &ws) {
        m_busy = false;
        if (!ws) {
            m_problem->setText(ws.error().message);
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
            return;
        }
        Q_EMIT renamed(m_from, ws->name());
        QDialog::accept();
    });
}

} // namespace hawkmoth
