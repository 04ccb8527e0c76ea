#pragma once
// Copies local files and folders into a workspace — the base of drag-and-drop. Streams each file
// through a staged atomic write while hashing it, so a multi-GB file is read once and never sits
// in memory, and records the copies in the index in batches. What is copied is ImportPlanner's
// choice; links that stay inside a source are recreated as links after the files.

#include "Cancellation.h"
#include "FileEntry.h"
#include "FolderHandle.h"
#include "ItemError.h"
#include "OperationControl.h"
#include "Result.h"
#include "SkippedPath.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <optional>

namespace hawkmoth {

// What an import does where its target already exists.
enum class OnExists
{
    Refuse,   // leave it, report the item as not imported (an AlreadyExists error); the default
    Replace,  // overwrite it
    KeepBoth, // import beside it under a numbered name: "notes (2).md"
    Skip,     // leave it and list the item as skipped, not as an error
};

struct ImportReport
{
    FileEntries imported;
    QStringList errors;   // one line per file that was not imported, with the reason
    ItemErrors failures;  // the same, each with its code and path
    SkippedPaths skipped; // left out on purpose: links leading out, .git folders, FIFOs...
    QStringList links;    // links recreated inside the workspace, as "path -> target"
    qint64 bytes = 0;
    bool cancelled = false;

    void fail(const ItemError &e)
    {
        failures.append(e);
        errors.append(e.message);
    }
};

class FileImporter
{
public:
    FileImporter(const Workspace &workspace, const StorageContext &context);
    // sources: absolute local paths; destDir: a workspace folder ("" = root).
    Result<ImportReport> run(const QStringList &sources, const QString &destDir, OnExists onExists,
                             const OperationControl &control = {});
    // overwrite: OnExists::Replace, else OnExists::Refuse.
    Result<ImportReport> run(const QStringList &sources, const QString &destDir, bool overwrite,
                             const CancelToken &cancel = {}, const ProgressFn &progress = {});

private:
    // Where an item whose target is taken goes under onExists: the target itself (Replace), a
    // free numbered name (KeepBoth), or nothing (Refuse and Skip, reported here).
    // targetOnDisk: something stands at the target.
    std::optional<QString> placeFor(const QString &source, const QString &target, bool targetOnDisk,
                                    OnExists onExists, ImportReport &report);
    // A dropped folder whose name is taken is one item, as in a file manager: KeepBoth imports it
    // whole under a free numbered name ("data (2)"), Skip leaves it out whole. Replace merges it
    // file by file (files of the same name are replaced, the folder's others stay); Refuse
    // refuses each file that is taken. Returns the names for the planner; skipped folders leave
    // sources.
    QHash<QString, QString> placeFolders(QStringList &sources, const QString &dest,
                                         OnExists onExists, ImportReport &report);
    Status createLink(const QString &target, const QString &linkText, bool overwrite,
                      ImportReport &report) const;
    // The absolute path of a workspace path (normalised: the planner's, or one placeFor()
    // checked): checked by the workspace's full walk until its folder was made by makeFolderOf(),
    // then only the file's own name is looked up in the open folder, since a run writes
    // thousands of files into the same few folders.
    struct Place
    {
        QString absolute;
        bool onDisk = false; // something stands there (a link: where it leads)
        bool isDir = false;
    };
    Result<Place> placeOnDisk(const QString &place);
    // Creates the place's folder once per run, and checks once whether staging serves it.
    Status makeFolderOf(const QString &place, const QString &absolute);
    struct Folder
    {
        QString absolute;
        bool stagingServes = false; // the staging folder is on its file system
        bool made = false;          // this run created it
    };
    // The open handle of a folder makeFolderOf() made or checked: the run's files come folder by
    // folder, so one is open at a time here (and each staged file keeps its own until published).
    Result<std::shared_ptr<const FolderHandle>> openFolder(const QString &folder,
                                                           const Folder &known);

    const Workspace &m_workspace;
    const StorageContext &m_context;
    QSet<QString> m_claimed;          // numbered names given out in this run, not yet on disk
    QHash<QString, Folder> m_folders; // folders of this run checked and made, by path
    QString m_openPath;               // the workspace path of m_open
    std::shared_ptr<const FolderHandle> m_open;
    qint64 m_foldersOpened = 0;   // handles opened, which count toward a batch's open files
    QSet<QString> m_placedInMade; // files this run staged in folders it made
};

} // namespace hawkmoth
