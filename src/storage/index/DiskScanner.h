#pragma once
// Walks a workspace folder and reports every regular file with its size and modification time.
// Uses openat/readdir/fstatat directly: on 100,000 files QDirIterator's per-entry QFileInfo costs
// several times the system calls themselves.

#include "Cancellation.h"
#include "Result.h"
#include "SkippedPath.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QThreadPool;

namespace hawkmoth {

struct DiskFile
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    quint32 pathOffset = 0; // into DiskScan::names
    quint32 pathLength = 0;
};

// Paths are kept as the file system's bytes (UTF-8) in one buffer: on 100,000 files, a string
// allocation (or a QString conversion) per name costs more than the comparisons made with them.
struct DiskScan
{
    QByteArray names;
    std::vector<DiskFile> files;
    // Symlinks, FIFOs, sockets, devices, names that are not UTF-8, unreadable folders: not
    // indexed, named for the user.
    SkippedPaths skipped;
    qint64 folders = 0; // folders listed (the walk's cost, for tests and reports)

    // The relative, '/'-separated path of a file.
    QByteArrayView path(const DiskFile &f) const
    {
        return QByteArrayView(names.constData() + f.pathOffset, f.pathLength);
    }
    void add(QByteArrayView prefix, const char *name, qint64 size, qint64 mtimeNs);
};

class DiskScanner
{
public:
    // Top-level names never indexed: git's and HAWKMOTH's own data.
    static bool isInternalTopLevel(const QString &name);

    // Lists folders on the calling thread and on free threads of pool (without one, on the
    // calling thread alone). meanwhile runs once on the calling thread, first, while the pool's
    // threads start the walk; the caller joins the walk after it.
    static Result<DiskScan> scan(const QString &root, const QString &subdir = {},
                                 const CancelToken &cancel = {}, QThreadPool *pool = nullptr,
                                 const std::function<void()> &meanwhile = {});
    // The files directly in dir ("" = the root), none below it.
    static Result<DiskScan> scanFolder(const QString &root, const QString &dir);

private:
    static Result<DiskScan> walk(const QString &root, const QString &subdir, bool recursive,
                                 const CancelToken &cancel, QThreadPool *pool,
                                 const std::function<void()> &meanwhile);
};

} // namespace hawkmoth
