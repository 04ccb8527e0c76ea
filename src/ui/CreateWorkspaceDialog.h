#pragma once
// Creates a workspace: a name checked as it is typed with the storage's own rules (and against the
// names taken), a template (empty, python, web), and whether to switch to it. The dialog stays
// open until the core has made the workspace, and shows the core's error if it could not.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace hawkmoth {

class StorageCore;

class CreateWorkspaceDialog : public QDialog
{
    Q_OBJECT

public:
    CreateWorkspaceDialog(StorageCore &core, const QStringList &taken, QWidget *parent = nullptr);

    // Why name cannot be a new workspace's name (empty when it can): the storage's rules, then
    // uniqueness ignoring case; except: the workspace being renamed.
    static QString problemWith(const QString &name, const QStringList &taken,
                               const QString &except = {});

    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *templateBox() const { return m_template; }
    QLabel *problemLabel() const { return m_problem; }
    bool canAccept() const;

    void accept() override;

Q_SIGNALS:
    void created(const QString &name);

private:
    void check();

    StorageCore &m_core;
    QStringList m_taken;
    QLineEdit *m_name;
    QComboBox *m_template;
    QCheckBox *m_switch;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    bool m_busy = false;
};

} // namespace hawkmoth
