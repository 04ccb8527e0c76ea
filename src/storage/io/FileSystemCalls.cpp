#include "FileSystemCalls.h"

#include "PosixFile.h"
#include "UniqueFd.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <algorithm>
#include <cerrno>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

Status ensureStagingDir(const QString &stagingDir)
{
    const QString owner = QFileInfo(QFileInfo(stagingDir).absolutePath()).absolutePath();
    if (!QFileInfo(stagingDir).isDir() && (!QFileInfo(owner).isDir() || !QDir().mkpath(stagingDir)))
        return Error::io(QStringLiteral("cannot create staging folder '%1'").arg(stagingDir));
    return {};
}

Status syncFileSystems(const QStringList &folders)
{
    QSet<dev_t> flushed;
    for (const QString &folder : folders) {
        const UniqueFd fd(
            ::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!fd.valid())
            return Error::io(QStringLiteral("cannot open '%1' to flush it to disk: %2")
                                 .arg(folder, describeErrno(errno)));
        struct stat st
        {};
        int rc = ::fstat(fd.get(), &st);
        if (rc == 0 && !flushed.contains(st.st_dev)) {
            rc = ::syncfs(fd.get());
            flushed.insert(st.st_dev);
        }
        const int error = errno;
        if (rc != 0)
            return Error::io(QStringLiteral("cannot flush the files under '%1' to disk: %2")
                                 .arg(folder, describeErrno(error)));
    }
    return {};
}

qint64 openFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 65536);
    if (limit.rlim_cur < wanted) {
        const rlimit raised{wanted, limit.rlim_max};
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit.rlim_cur = wanted;
    }
    return qint64(limit.rlim_cur);
}

Status ensureParentFolder(const QString &path, const QString &root)
{
    return ensureFolder(QFileInfo(path).absolutePath(), root);
}

Status ensureFolder(const QString &folder, const QString &root)
{
    if (QFileInfo(folder).isDir())
        return {};
    // Find the first component that is not a folder, to say which one is in the way.
    QString probe = folder;
    while (!QFileInfo::exists(probe) && probe != QFileInfo(probe).absolutePath())
        probe = QFileInfo(probe).absolutePath();
    if (QFileInfo(probe).exists() && !QFileInfo(probe).isDir())
        return Error::conflict(
            QStringLiteral("cannot create folder '%1': '%2' is a file").arg(folder, probe));
    if (!root.isEmpty() && !QFileInfo(root).isDir())
        return Error::notFound(
            QStringLiteral("cannot create folder '%1': '%2' is gone (renamed or deleted by another "
                           "process)")
                .arg(folder, root));
    if (!QDir().mkpath(folder))
        return Error::io(QStringLiteral("cannot create folder '%1'").arg(folder));
    return {};
}

} // namespace hawkmoth
