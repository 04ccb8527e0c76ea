#pragma once
// Walks a workspace folder and reports every regular file with its size and modification time.
// Uses openat/readdir/fstatat directly: on 100,000 files QDirIterator's per-entry QFileInfo costs
// several times the system calls themselves.

#include "Cancellation.h"
#include "Result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace hawkmoth {

struct DiskFile
{
    QString path; // relative, '/'-separated
    qint64 size = 0;
    qint64 mtimeNs = 0;
};

struct DiskScan
{
    std::vector<DiskFile> files;
    QStringList skipped; // symlinks, sockets, unreadable folders: not indexed, named for the user
};

class DiskScanner
{
public:
    // Top-level names never indexed: git's and HAWKMOTH's own data.
    static bool isInternalTopLevel(const QString &name);

    static Result<DiskScan> scan(const QString &root, const QString &subdir = {},
                                 const CancelToken &cancel = {});
};

} // namespace hawkmoth
