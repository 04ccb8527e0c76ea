#pragma once
// Deletes a workspace and its folder: the Delete button stays disabled until the workspace's name
// is typed exactly, and the dialog says how many files and bytes go with it.

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace hawkmoth {

class StorageCore;

class DeleteWorkspaceDialog : public QDialog
{
    Q_OBJECT

public:
    DeleteWorkspaceDialog(StorageCore &core, const QString &name, QWidget *parent = nullptr);

    QLineEdit *confirmEdit() const { return m_confirm; }
    bool canAccept() const;
    void accept() override;

Q_SIGNALS:
    void deleted(const QString &name);

private:
    StorageCore &m_core;
    QString m_workspace;
    QLabel *m_summary;
    QLineEdit *m_confirm;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace hawkmoth
