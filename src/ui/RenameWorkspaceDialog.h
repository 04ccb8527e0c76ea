#pragma once
// Renames a workspace: the new name is checked as it is typed with the storage's rules; the dialog
// closes once the core has renamed it, or shows why it could not.

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace hawkmoth {

class StorageCore;

class RenameWorkspaceDialog : public QDialog
{
    Q_OBJECT

public:
    RenameWorkspaceDialog(StorageCore &core, const QString &name, const QStringList &taken,
                          QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QLabel *problemLabel() const { return m_problem; }
    void accept() override;

Q_SIGNALS:
    void renamed(const QString &from, const QString &to);

private:
    QString problem() const;
    void check();

    StorageCore &m_core;
    QString m_from;
    QStringList m_taken;
    QLineEdit *m_name;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace hawkmoth
