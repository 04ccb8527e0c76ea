#pragma once
// One open file of a workspace: loads it through the core (downloading a remote-only file with
// progress first), shows it as text, as binary details or as a read-only large file, saves it
// against the version it was loaded at, follows edits made on disk, and keeps its unsaved text in
// the crash journal.

#include "EditorPrompts.h"
#include "JournalWriter.h"
#include "StorageCore.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QStackedWidget;

namespace hawkmoth {

class CodeEditor;
class DownloadPanel;
class FileDetailsPanel;
class FindBar;
class ProgressChannel;

class EditorTab : public QWidget
{
    Q_OBJECT

public:
    // Past this size a file opens read-only, after a warning.
    static constexpr qint64 largeFileBytes = 20LL * 1024 * 1024;

    enum class State
    {
        Loading,
        Downloading,
        Text,
        Binary,
        Failed,
    };

    EditorTab(StorageCore &core, Workspace workspace, QString path,
              std::function<EditorPrompts &()> prompts, QWidget *parent = nullptr);
    ~EditorTab() override;

    // Starts loading the file; restoredText (from the journal) replaces the loaded content as an
    // unsaved edit, and stands alone when the file does not exist (yet).
    void open(const std::optional<QByteArray> &restoredText = std::nullopt);
    // Starts saving; false when there is nothing that can be saved (binary, read-only, loading).
    bool save();
    void reload();

    const QString &path() const { return m_path; }
    const Workspace &workspace() const { return m_workspace; }
    State state() const { return m_state; }
    bool isModified() const;
    bool isSaving() const { return m_saving; }
    bool isReadOnly() const;
    QString title() const; // file name, with '*' while it has unsaved edits
    const std::optional<FileVersion> &version() const { return m_version; }
    CodeEditor *editor() const { return m_editor; }
    FindBar *findBar() const { return m_findBar; }
    FileDetailsPanel *details() const { return m_details; }
    DownloadPanel *download() const { return m_download; }
    QString banner() const;

    // From the core's change notifications for this file.
    void diskChanged(const FileEntry &entry);
    void diskRemoved();
    // Records the unsaved text in the crash journal when it changed since the last record.
    void storeJournal();
    // Forgets the journal entry (after a save, or when the edits are thrown away).
    void discardJournal();

Q_SIGNALS:
    void titleChanged();
    void loaded(const QString &path);
    void saved(const QString &path);
    void journalStored(const QString &path);
    void errorOccurred(const QString &message);
    void closeRequested();

private:
    void inspected(const std::optional<FileEntry> &entry);
    void fetch();
    void fetched(const Result<LoadedFile> &loaded);
    void showText(const QByteArray &content);
    void showDetails(const FileEntry &entry);
    void showFailure(const QString &message);
    void saveFinished(const Result<FileEntry> &result, quint64 generation, bool overwrite);
    void startSave(bool overwrite);
    bool isCurrentVersion(const FileEntry &entry) const;
    void setBanner(const QString &text);
    void journalDone(bool stored, const Status &status);

    StorageCore &m_core;
    Workspace m_workspace;
    QString m_path;
    std::function<EditorPrompts &()> m_prompts;
    State m_state = State::Loading;
    std::optional<FileEntry> m_entry;
    std::optional<FileVersion> m_version;
    std::optional<QByteArray> m_restored;
    bool m_readOnly = false;
    // Unsaved although the editor's text is what was loaded: the file is gone from disk, or it
    // never existed (a recovered buffer). QScintilla can only clear its modified flag.
    bool m_unsavedFile = false;
    bool m_saving = false;
    bool m_reloading = false;
    bool m_asking = false;
    std::optional<FileEntry> m_changedWhileSaving;
    QString m_declinedSha;    // a disk version the user chose not to reload
    quint64 m_generation = 0; // counts edits, so a save or a journal record knows what it holds
    quint64 m_journaled = 0;
    JournalWriter m_journal;

    QStackedWidget *m_stack;
    QWidget *m_textPage;
    QLabel *m_banner;
    CodeEditor *m_editor;
    FindBar *m_findBar;
    FileDetailsPanel *m_details;
    DownloadPanel *m_download;
    QPointer<ProgressChannel> m_channel;
};

} // namespace hawkmoth
