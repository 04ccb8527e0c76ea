#include "PosixFile.h"

#include <QFile>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error)).toLower();
}

bool PathStat::isDir() const
{
    return S_ISDIR(mode);
}

bool PathStat::isRegular() const
{
    return S_ISREG(mode);
}

bool PathStat::isSymLink() const
{
    return S_ISLNK(mode);
}

Result<std::optional<PathStat>> statPath(const QString &absolute, bool follow)
{
    return statAt(AT_FDCWD, QFile::encodeName(absolute).constData(), absolute, follow);
}

Result<std::optional<PathStat>> statAt(int folderFd, const char *name, const QString &path,
                                       bool follow)
{
    struct stat st
    {};
    if (::fstatat(folderFd, name, &st, follow ? 0 : AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return std::optional<PathStat>();
        return Error::io(QStringLiteral("cannot read '%1': %2").arg(path, describeErrno(errno)));
    }
    return std::optional<PathStat>(
        PathStat{qint64(st.st_size), qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
                 unsigned(st.st_mode)});
}

QString describeFileType(unsigned mode)
{
    if (S_ISREG(mode))
        return QStringLiteral("a regular file");
    if (S_ISDIR(mode))
        return QStringLiteral("a folder");
    if (S_ISLNK(mode))
        return QStringLiteral("a symbolic link");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO (named pipe)");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    return QStringLiteral("of an unknown type");
}

int renameWithoutReplacing(const QString &from, const QString &to)
{
    const QByteArray source = QFile::encodeName(from);
    const QByteArray target = QFile::encodeName(to);
    if (::renameat2(AT_FDCWD, source.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) ==
        0)
        return 0;
    if (errno != EINVAL)
        return -1;
    // A file created between the check and the rename is the one race left there.
    struct stat st
    {};
    if (::lstat(target.constData(), &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return ::rename(source.constData(), target.constData());
}

Result<PosixFile> PosixFile::openForReading(const QString &path, Links links)
{
    const QByteArray native = QFile::encodeName(path);
    // O_NONBLOCK: opening a FIFO for reading would wait for a writer; the fstat below refuses
    // it (and devices, which can stream forever) before anything is read.
    const int flags =
        O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | (links == Links::Refuse ? O_NOFOLLOW : 0);
    int fd;
    do {
        fd = ::open(native.constData(), flags);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int e = errno;
        if (e == ELOOP && links == Links::Refuse)
            return Error::invalid(
                QStringLiteral("'%1' is a symbolic link; not followed").arg(path));
        const QString why = QStringLiteral("cannot read '%1': %2").arg(path, describeErrno(e));
        if (e == ENOENT)
            return Error::notFound(why);
        if (e == EACCES || e == EPERM)
            return Error{ErrorCode::PermissionDenied, why};
        return Error::io(why);
    }
    PosixFile file(fd, path);
    struct stat st
    {};
    if (::fstat(fd, &st) != 0)
        return Error::io(QStringLiteral("cannot read '%1': %2").arg(path, describeErrno(errno)));
    if (!S_ISREG(st.st_mode))
        return Error::invalid(QStringLiteral("cannot read '%1': it is %2, not a regular file")
                                  .arg(path, describeFileType(st.st_mode)));
    // O_NONBLOCK stays set: local file systems ignore it for regular files, and read() clears it
    // where one does not (two fcntl calls a file were 1.5 % of an import's copying).
    return file;
}

bool PosixFile::blockAgain() const
{
    const int flags = ::fcntl(m_fd.get(), F_GETFL);
    if (flags < 0 || !(flags & O_NONBLOCK))
        return false;
    const bool cleared = ::fcntl(m_fd.get(), F_SETFL, flags & ~O_NONBLOCK) == 0;
    errno = EAGAIN; // what the caller reports when nothing changed
    return cleared;
}

Result<qint64> PosixFile::read(char *data, qint64 size)
{
    for (;;) {
        const ssize_t n = ::read(m_fd.get(), data, size_t(size));
        if (n >= 0)
            return qint64(n);
        if (errno == EAGAIN && blockAgain())
            continue;
        if (errno != EINTR)
            return Error::io(
                QStringLiteral("cannot read '%1': %2").arg(m_path, describeErrno(errno)));
    }
}

Result<qint64> PosixFile::readAt(char *data, qint64 size, qint64 offset) const
{
    for (;;) {
        const ssize_t n = ::pread(m_fd.get(), data, size_t(size), off_t(offset));
        if (n >= 0)
            return qint64(n);
        if (errno == EAGAIN && blockAgain())
            continue;
        if (errno != EINTR)
            return Error::io(
                QStringLiteral("cannot read '%1': %2").arg(m_path, describeErrno(errno)));
    }
}

Status PosixFile::readChunks(const std::function<void(const char *, size_t)> &sink)
{
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    for (;;) {
        auto n = read(buffer.data(), buffer.size());
        if (!n)
            return n.error();
        if (*n == 0)
            return {};
        sink(buffer.constData(), size_t(*n));
    }
}

Result<qint64> PosixFile::readFully(char *data, qint64 size)
{
    qint64 total = 0;
    while (total < size) {
        auto n = read(data + total, size - total);
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        total += *n;
    }
    return total;
}

qint64 PosixFile::size() const
{
    struct stat st
    {};
    return ::fstat(m_fd.get(), &st) == 0 ? qint64(st.st_size) : -1;
}

void PosixFile::adviseSequential()
{
    ::posix_fadvise(m_fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

} // namespace hawkmoth
