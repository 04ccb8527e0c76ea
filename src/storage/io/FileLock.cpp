#include "FileLock.h"

#include "PosixFile.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

#include <cerrno>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace hawkmoth {

Result<std::unique_ptr<FileLock>> FileLock::acquire(const QString &path, int waitMs, Mode mode)
{
    const QByteArray native = QFile::encodeName(path);
    UniqueFd opened(::open(native.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!opened.valid())
        return Error::io(
            QStringLiteral("cannot open the lock '%1': %2").arg(path, describeErrno(errno)));
    const int fd = opened.get();
    std::unique_ptr<FileLock> lock(new FileLock(std::move(opened)));
    const QDeadlineTimer deadline(waitMs);
    const int operation = mode == Mode::Shared ? LOCK_SH : LOCK_EX;
    while (::flock(fd, operation | LOCK_NB) != 0) {
        if (errno == EINTR)
            continue;
        if (errno != EWOULDBLOCK)
            return Error::io(
                QStringLiteral("cannot lock '%1': %2").arg(path, describeErrno(errno)));
        if (deadline.hasExpired())
            return Error::conflict(QStringLiteral("held by process %1").arg(holderPid(path)));
        QThread::msleep(quint64(qBound(qint64(1), deadline.remainingTime(), qint64(20))));
    }
    // The pid only serves the message of a process that finds the lock taken; shared holders
    // would overwrite each other's.
    if (mode == Mode::Shared)
        return lock;
    const QByteArray pid = QByteArray::number(qint64(::getpid())) + '\n';
    const bool noted =
        ::ftruncate(fd, 0) == 0 && ::pwrite(fd, pid.constData(), size_t(pid.size()), 0) > 0;
    Q_UNUSED(noted);
    return lock;
}

qint64 FileLock::holderPid(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readLine().trimmed().toLongLong();
}

} // namespace hawkmoth
