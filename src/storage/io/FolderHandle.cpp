#include "FolderHandle.h"

#include "PosixFile.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <utility>

namespace hawkmoth {

Result<FolderHandle> FolderHandle::open(const QString &path)
{
    // O_PATH: only names are looked up from it, nothing is read, and no read permission on the
    // folder is needed beyond what the writes themselves need.
    int fd;
    do {
        fd = ::open(QFile::encodeName(path).constData(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return Error::io(
            QStringLiteral("cannot open the folder '%1': %2").arg(path, describeErrno(errno)));
    return FolderHandle(fd, path);
}

FolderHandle::FolderHandle(int fd, QString path)
    : m_fd(fd)
    , m_path(std::move(path))
{}

Result<std::optional<struct stat>> FolderHandle::statName(const QByteArray &name) const
{
    struct stat st
    {};
    if (::fstatat(m_fd.get(), name.constData(), &st, AT_SYMLINK_NOFOLLOW) == 0)
        return std::optional<struct stat>(st);
    if (errno == ENOENT)
        return std::optional<struct stat>();
    return Error::io(QStringLiteral("cannot look at '%1/%2': %3")
                         .arg(m_path, QFile::decodeName(name), describeErrno(errno)));
}

Result<bool> FolderHandle::makeChild(const QByteArray &name) const
{
    if (::mkdirat(m_fd.get(), name.constData(), 0777) == 0)
        return true;
    if (errno == EEXIST)
        return false;
    return Error::io(QStringLiteral("cannot create the folder '%1/%2': %3")
                         .arg(m_path, QFile::decodeName(name), describeErrno(errno)));
}

Result<std::optional<FolderHandle>> FolderHandle::openChild(const QByteArray &name) const
{
    int fd;
    do {
        fd = ::openat(m_fd.get(), name.constData(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0)
        return std::optional<FolderHandle>(
            FolderHandle(fd, m_path + QLatin1Char('/') + QFile::decodeName(name)));
    if (errno == ENOTDIR || errno == ELOOP || errno == ENOENT)
        return std::optional<FolderHandle>();
    return Error::io(QStringLiteral("cannot open the folder '%1/%2': %3")
                         .arg(m_path, QFile::decodeName(name), describeErrno(errno)));
}

bool FolderHandle::sameFileSystem(const FolderHandle &other) const
{
    struct stat mine
    {
    }, theirs{};
    return ::fstat(m_fd.get(), &mine) == 0 && ::fstat(other.m_fd.get(), &theirs) == 0 &&
           mine.st_dev == theirs.st_dev;
}

} // namespace hawkmoth
