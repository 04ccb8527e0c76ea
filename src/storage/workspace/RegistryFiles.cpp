#include "RegistryFiles.h"

#include "PosixFile.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStorageInfo>
#include <QThread>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>

namespace hawkmoth {

Status RegistryLock::acquire()
{
    // QLockFile::tryLock(timeout) sleeps 100 ms after its first miss, while a holder keeps the
    // lock a few milliseconds (a listing reads the names under it): a switch made as the window
    // opened waited 100 ms behind the switcher's listing. So it is polled more often.
    const QDeadlineTimer deadline(waitMs);
    int pauseMs = 1;
    while (!m_lock.tryLock(0)) {
        if (m_lock.error() != QLockFile::LockFailedError || deadline.hasExpired())
            break;
        QThread::msleep(quint64(pauseMs));
        pauseMs = qMin(pauseMs * 2, 20);
    }
    if (m_lock.isLocked())
        return {};
    if (m_lock.error() == QLockFile::LockFailedError)
        return Error::conflict(
            QStringLiteral("another HAWKMOTH process is changing the workspaces; "
                           "try again"));
    // Not a holder but the lock file itself could not be written.
    const QStorageInfo disk(m_dataRoot);
    if (disk.isValid() && disk.bytesAvailable() < minimumFreeBytes)
        return Error::io(QStringLiteral("the disk holding '%1' is full (%2 bytes free); free "
                                        "some space and try again")
                             .arg(m_dataRoot)
                             .arg(disk.bytesAvailable()));
    return Error::io(QStringLiteral("cannot write the lock file '%1/registry.lock'; check "
                                    "the permissions of the data folder")
                         .arg(m_dataRoot));
}

Status renameNoReplace(const QString &from, const QString &to, const QString &what)
{
    if (renameWithoutReplacing(from, to) == 0)
        return {};
    if (errno == EEXIST || errno == ENOTEMPTY)
        return Error::exists(QStringLiteral("%1 already exists").arg(what));
    return Error::io(
        QStringLiteral("cannot move %1 into place: %2").arg(what, describeErrno(errno)));
}

bool onlyOwnFiles(const QString &folder)
{
    const QStringList top = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System |
                                                   QDir::NoDotAndDotDot);
    if (top != QStringList{QStringLiteral(".hawkmoth")})
        return top.isEmpty();
    QDirIterator it(folder + QStringLiteral("/.hawkmoth"),
                    QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QFileInfo f = it.fileInfo();
        if (f.isDir() && f.fileName() == QLatin1String("tmp"))
            continue;
        if (!f.isFile() || !(f.fileName().startsWith(QLatin1String("index.db")) ||
                             f.fileName().endsWith(QLatin1String(".lock")) ||
                             f.path().endsWith(QLatin1String("/.hawkmoth/tmp"))))
            return false;
    }
    return true;
}

} // namespace hawkmoth
