#pragma once
// Copies local files and folders into a workspace — the base of drag-and-drop. Streams each file
// through a staged atomic write while hashing it, so a multi-GB file is read once and never sits
// in memory, and records the copies in the index in batches. What is copied is ImportPlanner's
// choice; links that stay inside a source are recreated as links after the files.

#include "Cancellation.h"
#include "FolderHandle.h"
#include "ImportReport.h"
#include "OperationControl.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <optional>

namespace hawkmoth {

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
    Status createLink(const QString &target, const QString &linkText, bool overwrite,
                      ImportReport &report) const;
    // The absolute path of a workspace path (normalised: the planner's, or a numbered one
    // ImportNames checked): checked by the workspace's full walk until its folder was made by
    // makeFolderOf(), then only the file's own name is looked up in the open folder, since a run
    // writes thousands of files into the same few folders.
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
    QHash<QString, Folder> m_folders; // folders of this run checked and made, by path
    QString m_openPath;               // the workspace path of m_open
    std::shared_ptr<const FolderHandle> m_open;
    qint64 m_foldersOpened = 0;   // handles opened, which count toward a batch's open files
    QSet<QString> m_placedInMade; // files this run staged in folders it made
};

} // namespace hawkmoth
