#pragma once
// Makes a workspace from a remote: a clone of a git URL, or a workspace restored from its Hub
// dataset. The operation runs in the core with determinate progress where the transfer knows its
// size, and Cancel (or closing the dialog) stops it.

#include "Cancellation.h"
#include "OpenedWorkspace.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace hawkmoth {

class ProgressChannel;
class StorageCore;

class RemoteWorkspaceDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Source
    {
        Git,
        Hub
    };

    RemoteWorkspaceDialog(StorageCore &core, Source source, QWidget *parent = nullptr);

    QLineEdit *sourceEdit() const { return m_source; }
    QLineEdit *nameEdit() const { return m_name; }
    QPushButton *startButton() const { return m_start; }
    // What is going on, or why the last try failed.
    QLabel *noteLabel() const { return m_note; }
    bool isRunning() const { return m_channel != nullptr; }

    void accept() override;
    void reject() override;

Q_SIGNALS:
    void opened(const QString &name);

private:
    void start();
    void progressed(const Progress &p);
    void finished(const Result<OpenedWorkspace> &result);
    void check();

    StorageCore &m_core;
    Source m_kind;
    QLineEdit *m_source;
    QLineEdit *m_name;
    QProgressBar *m_progress;
    QLabel *m_note;
    QDialogButtonBox *m_buttons;
    QPushButton *m_start;
    ProgressChannel *m_channel = nullptr; // while the operation runs
};

} // namespace hawkmoth
