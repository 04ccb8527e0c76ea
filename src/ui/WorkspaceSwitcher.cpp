#include "WorkspaceSwitcher.h"

#include "CreateWorkspaceDialog.h"
#include "DeleteWorkspaceDialog.h"
#include "FutureGuard.h"
#include "RemoteWorkspaceDialog.h"
#include "RenameWorkspaceDialog.h"
#include "StorageCore.h"
#include "WorkspaceListModel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace hawkmoth {

WorkspaceSwitcher::WorkspaceSwitcher(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_model(new WorkspaceListModel(core, this))
    , m_combo(new QComboBox(this))
    , m_error(new QLabel(this))
{
    m_combo->setObjectName(QStringLiteral("workspaceCombo"));
    m_combo->setAccessibleName(tr("Workspace"));
    m_combo->setToolTip(tr("The current workspace: pick another to switch"));
    m_combo->setModel(m_model);
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(12);
    m_combo->setEnabled(false); // until the list is read
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setAccessibleName(tr("Workspace error"));
    m_error->setStyleSheet(QStringLiteral("color: palette(highlighted-text); background: #b71c1c; "
                                          "padding: 3px; border-radius: 3px"));

    auto *label = new QLabel(tr("&Workspace:"), this);
    label->setBuddy(m_combo);
    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(label);
    row->addWidget(m_combo, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_error);

    auto action = [this](const QString &icon, const QString &text, const QString &name,
                         void (WorkspaceSwitcher::*slot)()) {
        auto *a = new QAction(QIcon::fromTheme(icon), text, this);
        a->setObjectName(name);
        connect(a, &QAction::triggered, this, slot);
        m_actions.append(a);
        return a;
    };
    action(QStringLiteral("folder-new"), tr("&New Workspace…"), QStringLiteral("newWorkspace"),
           &WorkspaceSwitcher::newWorkspace)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    action(QStringLiteral("edit-rename"), tr("&Rename Workspace…"),
           QStringLiteral("renameWorkspace"), &WorkspaceSwitcher::renameWorkspace);
    action(QStringLiteral("edit-delete"), tr("&Delete Workspace…"),
           QStringLiteral("deleteWorkspace"), &WorkspaceSwitcher::deleteWorkspace);
    action(QStringLiteral("vcs-pull"), tr("&Clone from Git…"), QStringLiteral("cloneWorkspace"),
           &WorkspaceSwitcher::cloneWorkspace);
    action(QStringLiteral("cloud-download"), tr("Open from the &Hub…"),
           QStringLiteral("openFromHub"), &WorkspaceSwitcher::openFromHub);

    connect(m_combo, &QComboBox::activated, this, &WorkspaceSwitcher::picked);
    connect(m_model, &WorkspaceListModel::loaded, this, [this] {
        m_combo->setEnabled(true);
        showCurrent();
    });
    connect(m_model, &WorkspaceListModel::failed, this, &WorkspaceSwitcher::showError);
    connect(m_model, &WorkspaceListModel::currentChanged, this, [this](const QString &name) {
        showCurrent();
        m_error->setVisible(false);
        Q_EMIT currentWorkspaceChanged(name);
    });
    // Rows moving (a rename, a new workspace) must not leave another one shown.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &WorkspaceSwitcher::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &WorkspaceSwitcher::showCurrent);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &WorkspaceSwitcher::showCurrent);
    m_model->refresh();
}

QString WorkspaceSwitcher::currentWorkspace() const
{
    return m_model->currentName();
}

void WorkspaceSwitcher::showCurrent()
{
    const int row = m_model->rowOf(m_model->currentName());
    if (row >= 0 && m_combo->currentIndex() != row)
        m_combo->setCurrentIndex(row);
}

void WorkspaceSwitcher::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(true);
    Q_EMIT failed(message);
}

void WorkspaceSwitcher::picked(int row)
{
    switchTo(m_model->index(row).data(WorkspaceListModel::NameRole).toString());
}

void WorkspaceSwitcher::switchTo(const QString &name)
{
    if (name.isEmpty() || name == m_model->currentName())
        return;
    m_combo->setEnabled(false);
    onResult(m_core.workspaces().switchTo(name), this, [this](const Result<WorkspaceInfo> &info) {
        m_combo->setEnabled(true);
        if (!info) {
            showCurrent(); // back to the workspace that is still current
            showError(info.error().message);
        }
    });
}

void WorkspaceSwitcher::newWorkspace()
{
    auto *dialog = new CreateWorkspaceDialog(m_core, m_model->names(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void WorkspaceSwitcher::renameWorkspace()
{
    auto *dialog =
        new RenameWorkspaceDialog(m_core, m_model->currentName(), m_model->names(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void WorkspaceSwitcher::deleteWorkspace()
{
    auto *dialog = new DeleteWorkspaceDialog(m_core, m_model->currentName(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void WorkspaceSwitcher::cloneWorkspace()
{
    auto *dialog = new RemoteWorkspaceDialog(m_core, RemoteWorkspaceDialog::Source::Git, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RemoteWorkspaceDialog::opened, this, &WorkspaceSwitcher::switchTo);
    dialog->open();
}

void WorkspaceSwitcher::openFromHub()
{
    auto *dialog = new RemoteWorkspaceDialog(m_core, RemoteWorkspaceDialog::Source::Hub, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RemoteWorkspaceDialog::opened, this, &WorkspaceSwitcher::switchTo);
    dialog->open();
}

} // namespace hawkmoth
