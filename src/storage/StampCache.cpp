#include "StampCache.h"

#include "PosixFile.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

constexpr quint32 fileMagic = 0x484d5343; // "HMSC"
constexpr quint32 fileVersion = 1;

struct FileHeader
{
    quint32 magic;
    quint32 version;
    qint64 generation;
    char token[32];
};
static_assert(sizeof(FileHeader) % 8 == 0, "the table after the header must stay aligned");

// A read-only mapping, unmapped when the last table using it is gone.
struct Mapping
{
    void *data = MAP_FAILED;
    size_t size = 0;
    ~Mapping()
    {
        if (data != MAP_FAILED)
            ::munmap(data, size);
    }
};

Status writeAll(int fd, const char *data, qint64 size, const QString &path)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size_t(size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return Error::io(
                QStringLiteral("cannot write '%1': %2").arg(path, describeErrno(errno)));
        data += n;
        size -= n;
    }
    return {};
}

} // namespace

std::optional<StampTable> StampCache::load(const StampCacheKey &key) const
{
    if (key.token.size() != qsizetype(sizeof(FileHeader::token)))
        return std::nullopt;
    auto file = PosixFile::openForReading(m_file);
    if (!file)
        return std::nullopt;
    const qint64 size = file->size();
    if (size < qint64(sizeof(FileHeader)))
        return std::nullopt;
    // Populated at once: the page cache already holds the file, and mapping it in one call costs
    // less than a fault for every page a lookup touches.
    auto mapping = std::make_shared<Mapping>();
    mapping->size = size_t(size);
    mapping->data =
        ::mmap(nullptr, mapping->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, file->fd(), 0);
    if (mapping->data == MAP_FAILED)
        return std::nullopt;
    const auto *bytes = static_cast<const char *>(mapping->data);
    FileHeader header;
    std::memcpy(&header, bytes, sizeof header);
    if (header.magic != fileMagic || header.version != fileVersion ||
        header.generation != key.generation ||
        std::memcmp(header.token, key.token.constData(), sizeof header.token) != 0)
        return std::nullopt;
    return StampTable::fromBlob(
        QByteArray::fromRawData(bytes + sizeof header, qsizetype(size) - qsizetype(sizeof header)),
        mapping);
}

Status StampCache::store(const StampTable &table, const StampCacheKey &key) const
{
    if (key.token.size() != qsizetype(sizeof(FileHeader::token)))
        return Error::internal(QStringLiteral("a stamp cache token has 32 characters"));
    FileHeader header{fileMagic, fileVersion, key.generation, {}};
    std::memcpy(header.token, key.token.constData(), sizeof header.token);
    // No fsync: after a power cut the file is either the old one, the new one or one the table's
    // own checks refuse, and a refused cache only means reading the rows once.
    // Named by the token: two writers (threads or processes) never share a temporary.
    const QString temp =
        m_file + QLatin1Char('.') + QString::fromLatin1(key.token) + QStringLiteral(".tmp");
    const QByteArray native = QFile::encodeName(temp);
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error::io(QStringLiteral("cannot write '%1': %2").arg(temp, describeErrno(errno)));
    Status written = writeAll(fd, reinterpret_cast<const char *>(&header), sizeof header, temp);
    if (written)
        written = writeAll(fd, table.blob().constData(), table.blob().size(), temp);
    ::close(fd);
    if (written && ::rename(native.constData(), QFile::encodeName(m_file).constData()) != 0)
        written =
            Error::io(QStringLiteral("cannot replace '%1': %2").arg(m_file, describeErrno(errno)));
    if (!written)
        ::unlink(native.constData());
    return written;
}

QByteArray StampCache::newToken()
{
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
}

} // namespace hawkmoth
