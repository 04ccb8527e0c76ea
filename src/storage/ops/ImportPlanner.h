#pragma once
// Decides what an import copies: walks the source folders without following links, keeps links
// that stay inside their source (to be recreated as links), and names everything it leaves out —
// links leading out, other repositories' .git and workspaces' .hawkmoth folders, FIFOs, sockets,
// devices, names that are not UTF-8. Refuses a source that holds HAWKMOTH's own data.

#include "ItemError.h"
#include "Result.h"
#include "SkippedPath.h"

#include <QHash>
#include <QStringList>

#include <dirent.h>
#include <functional>
#include <memory>

namespace hawkmoth {

struct ImportPlan
{
    struct File
    {
        QString source; // absolute local path
        QString target; // workspace path, normalised
        qint64 size = 0;
    };
    struct Link
    {
        QString source;
        QString target;   // workspace path of the link, normalised
        QString linkText; // relative, staying inside the imported folder
    };
    QList<File> files;
    QList<Link> links;
    SkippedPaths skipped;
    ItemErrors errors; // one per source or file that cannot be imported, with the reason
};

class ImportPlanner
{
public:
    // workspaceRoot and dataRoot: folders a source must not hold.
    ImportPlanner(QString workspaceRoot, QString dataRoot);
    // A source folder to walk.
    struct Root
    {
        QString source;
        QString canonical; // links resolved
        QString target;    // its workspace path
    };
    // Called with the plan as files are found (after each folder, and every few hundred files);
    // may move files out of it. Returns false to stop the walk.
    using FilesFound = std::function<bool(ImportPlan &)>;
    // The checks of the sources themselves, whose error refuses the whole import: the files named
    // as sources and what is left out or refused go into plan, the folders to walk are returned.
    // sources: absolute local paths; destDir: a normalised workspace folder ("" = root); names:
    // the name a source gets in destDir when it is not its own (a folder kept beside one of the
    // same name as "data (2)").
    Result<QList<Root>> prepare(const QStringList &sources, const QString &destDir,
                                const QHash<QString, QString> &names, ImportPlan &plan) const;
    // Walks one folder of prepare() into plan, handing its files to filesFound (required) as they
    // are found; false when filesFound stopped it.
    bool walkRoot(const Root &root, ImportPlan &plan, const FilesFound &filesFound) const;

private:
    struct Walk
    {
        QString canonicalSource; // the imported folder, links resolved
        QString targetBase;      // its workspace path
        ImportPlan &plan;
        const FilesFound &filesFound;
    };
    struct DirCloser
    {
        void operator()(DIR *dir) const;
    };
    using DirHandle = std::unique_ptr<DIR, DirCloser>;
    static DirHandle openBelow(DIR *dir, const char *name);
    // dir: folder, open; plain: every name of the target above is one normalize() keeps. False
    // when filesFound stopped it.
    bool walk(const Walk &w, DirHandle dir, const QString &folder, const QString &relative,
              bool plain) const;
    void addLink(const Walk &w, const QString &link, const QString &relative) const;
    // plain: target needs no normalize() unless it is too long.
    void addFile(ImportPlan &plan, const QString &source, const QString &target, qint64 size,
                 bool plain) const;

    QString m_canonicalWorkspace;
    QString m_canonicalDataRoot;
};

} // namespace hawkmoth
