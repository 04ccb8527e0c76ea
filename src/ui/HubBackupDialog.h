#pragma once
// "Back up code to the Hub…": makes a model or Space repository on the Hub the current
// workspace's git remote, then queues the pull and push jobs the scheduler runs (the jobs panel
// shows them), as `hawkmoth create-repo --hub` does. The Hub is asked off the GUI thread.

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace hawkmoth {

class StorageCore;
class Workspace;

class HubBackupDialog : public QDialog
{
    Q_OBJECT

public:
    explicit HubBackupDialog(StorageCore &core, QWidget *parent = nullptr);

    QComboBox *typeBox() const { return m_type; }
    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *publicBox() const { return m_public; }
    QPushButton *startButton() const { return m_start; }
    QLabel *noteLabel() const { return m_note; }

    void accept() override;

Q_SIGNALS:
    // The remote is set and its pull and push jobs are queued.
    void backedUp(const QString &message);

private:
    void start();
    void queueJobs(const Workspace &ws, const QString &made);
    void stopped(const QString &message);

    StorageCore &m_core;
    QComboBox *m_type;
    QLineEdit *m_name;
    QCheckBox *m_public;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
    QPushButton *m_start;
    bool m_running = false;
};

} // namespace hawkmoth
