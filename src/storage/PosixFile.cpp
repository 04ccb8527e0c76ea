#include "PosixFile.h"

#include <QFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

QString describeErrno(int error)
{
    return QString::fromLocal8Bit(std::strerror(error)).toLower();
}

Result<PosixFile> PosixFile::openForReading(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    int fd;
    do {
        fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int e = errno;
        const QString why = QStringLiteral("cannot read '%1': %2").arg(path, describeErrno(e));
        if (e == ENOENT)
            return Error::notFound(why);
        if (e == EACCES || e == EPERM)
            return Error{ErrorCode::PermissionDenied, why};
        return Error::io(why);
    }
    return PosixFile(fd, path);
}

PosixFile::PosixFile(PosixFile &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1))
    , m_path(std::move(other.m_path))
{}

PosixFile &PosixFile::operator=(PosixFile &&other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

PosixFile::~PosixFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

Result<qint64> PosixFile::read(char *data, qint64 size)
{
    for (;;) {
        const ssize_t n = ::read(m_fd, data, size_t(size));
        if (n >= 0)
            return qint64(n);
        if (errno != EINTR)
            return Error::io(
                QStringLiteral("cannot read '%1': %2").arg(m_path, describeErrno(errno)));
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
    return ::fstat(m_fd, &st) == 0 ? qint64(st.st_size) : -1;
}

void PosixFile::adviseSequential()
{
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
}

} // namespace hawkmoth
