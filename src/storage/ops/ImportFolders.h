#pragma once
// The folders one import writes into: each is made (or found) once and opened once, and names are
// looked up in it from its open handle instead of walking the whole path for each file. A folder
// below one the run made is made from its parent's handle without the workspace's path checks:
// nothing but the run's own files and folders can stand there.

#include "FolderHandle.h"
#include "Result.h"
#include "Workspace.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <optional>

namespace hawkmoth {

class ImportFolders
{
public:
    explicit ImportFolders(const Workspace &workspace);

    // The absolute path of a workspace path (normalised: the planner's, or a numbered one
    // ImportNames checked) and what stands there; a link at the name says where it leads.
    struct Place
    {
        QString absolute;
        bool onDisk = false; // something stands there (a link: where it leads)
        bool isDir = false;
    };
    Result<Place> place(const QString &path);

    struct Folder
    {
        QString absolute;
        bool stagingServes = false; // the staging folder is on its file system
        bool made = false;          // this run created it
    };
    // Creates the folder of a file's place once per run (and the folders above it), checking once
    // whether staging serves it.
    Result<Folder> makeFolderOf(const QString &path);
    // The open handle of the folder makeFolderOf() made or checked for path: the run's files come
    // folder by folder, so one is open at a time here (and each staged file keeps its own until
    // published).
    Result<std::shared_ptr<const FolderHandle>> openFolderOf(const QString &path);
    // A file the run staged at path, so that a later lookup of path in a folder it made knows.
    void notePlaced(const QString &path, const Folder &folder);

    // Handles opened so far, which count toward a batch's open files.
    qint64 opened() const { return m_opened; }
    bool holdsOneOpen() const { return m_open != nullptr; }
    void closeOpen() { m_open.reset(); }

private:
    // folder's own place: made from its known parent's handle, or (the first folder of a run, or
    // a link or file in the way) checked and made through the workspace's full path checks.
    Status makeFolder(const QString &folder);
    Result<bool> makeFromParent(const QString &folder, const QString &parent);
    Status makeChecked(const QString &folder);
    // The absolute path of path when a folder above it is one the run made: nothing is there yet.
    std::optional<QString> belowMadeFolder(const QString &path) const;
    Result<std::shared_ptr<const FolderHandle>> open(const QString &folder);
    void adopt(const QString &folder, FolderHandle handle);

    const Workspace &m_workspace;
    QHash<QString, Folder> m_folders; // folders of this run checked and made, by path
    QString m_openPath;               // the workspace path of m_open
    std::shared_ptr<const FolderHandle> m_open;
    qint64 m_opened = 0;
    QSet<QString> m_placedInMade; // files this run staged in folders it made
};

} // namespace hawkmoth
