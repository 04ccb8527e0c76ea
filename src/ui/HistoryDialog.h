#pragma once
// A file's history: the commits that changed it in git and the syncs that stored a new version of
// it on the Hub; a selected one shown read-only as PATH@REV, or as a unified diff against the
// current content; and restoring it as a new change. A Hub version downloads with progress and a
// Cancel button; one too large for the viewer is described, not fetched, until it is restored.

#include "StorageCore.h"

#include <QDialog>

#include <functional>

class QLabel;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QTreeWidget;

namespace hawkmoth {

class CodeEditor;
class DownloadPanel;
class ProgressChannel;

class HistoryDialog : public QDialog
{
    Q_OBJECT

public:
    // For path in the current workspace.
    HistoryDialog(StorageCore &core, const QString &path, QWidget *parent = nullptr);
    HistoryDialog(StorageCore &core, const Workspace &workspace, const QString &path,
                  QWidget *parent = nullptr);

    // Shows the file as it was at rev, read-only.
    void showVersion(const QString &rev);
    // Shows what changed from rev to the current content.
    void showDiff(const QString &rev);
    // Saves the file as it was at rev (after asking, see setConfirm).
    void restore(const QString &rev);
    // Tests answer "restore this version?" themselves; the default asks with a message box.
    void setConfirm(std::function<bool(const QString &question)> confirm);

    QTreeWidget *commitList() const { return m_commits; }
    CodeEditor *viewer() const { return m_viewer; }
    QString viewTitle() const; // PATH@REV, or "PATH@REV → current" for a diff
    QString selectedRevision() const;
    // Whether the selected version's bytes are on the Hub, and how large it is (-1 for git).
    bool selectedIsOnHub() const;
    QPushButton *cancelButton() const;

Q_SIGNALS:
    void historyLoaded(int commits);
    void viewShown(const QString &title);
    void restored(const QString &path, const QString &rev);
    void errorOccurred(const QString &message);

private:
    void build();
    void loadHistory();
    void showSelected();
    void showText(const QString &title, const QString &text, const QString &lexerName);
    // Reads rev (downloading a Hub version, with progress) and hands the bytes to use unless a
    // newer request came meanwhile; a Hub version too large for the viewer is described instead.
    void readVersion(const QString &rev, const QString &title, quint64 request,
                     const std::function<void(const QByteArray &)> &use);
    // The control for a download of version (for a view or a restore): its progress and Cancel
    // take the viewer's place until endTransfer(); what goes to the status line.
    OperationControl beginTransfer(const QString &version, const QString &what);
    void endTransfer();
    // A Hub version the viewer does not fetch: its size, hash and where it is.
    QString describeHubVersion(const QString &rev) const;
    void fail(const QString &message);
    QString shortRev(const QString &rev) const;

    StorageCore &m_core;
    Workspace m_workspace;
    QString m_path;
    std::function<bool(const QString &)> m_confirm;
    quint64 m_request = 0;                // a view's result for an older request is dropped
    ProgressChannel *m_channel = nullptr; // the transfer in progress; replaced by the next one
    QTreeWidget *m_commits = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    CodeEditor *m_viewer = nullptr;
    QRadioButton *m_versionMode = nullptr;
    QRadioButton *m_diffMode = nullptr;
    QPushButton *m_restore = nullptr;
    QStackedWidget *m_view = nullptr; // the viewer, or the download in its place
    DownloadPanel *m_download = nullptr;
};

} // namespace hawkmoth
