#include "BlobCache.h"

#include "FileProbe.h"
#include "FileSystemCalls.h"
#include "GitBlobId.h"
#include "PosixFile.h"
#include "Sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace hawkmoth::hub {

namespace {

// sha256 and git's blob id in one read of the file.
Result<std::pair<QString, QString>> hashes(const QString &file)
{
    auto in = PosixFile::openForReading(file);
    if (!in)
        return in.error();
    const qint64 size = in->size();
    Sha256 sha256;
    GitBlobId blobId(size);
    const Status read = in->readChunks([&](const char *data, size_t n) {
        sha256.update(data, n);
        blobId.update(data, n);
    });
    if (!read)
        return read.error();
    return std::make_pair(QString::fromLatin1(sha256.finalHex()), blobId.finalHex());
}

} // namespace

QString BlobCache::path(const QString &sha256) const
{
    return m_root + QLatin1Char('/') + sha256.left(2) + QLatin1Char('/') + sha256;
}

QString BlobCache::partPath(const QString &key) const
{
    return m_root + QStringLiteral("/partial/") + key + QStringLiteral(".part");
}

bool BlobCache::has(const QString &sha256, qint64 size) const
{
    const QFileInfo info(path(sha256));
    return info.isFile() && info.size() == size;
}

Result<QString> BlobCache::adopt(const QString &part, const QString &expectedSha256,
                                 const QString &expectedGitOid, const Hashes &hashed) const
{
    // A hash taken on the way counts when it is the one to check (a small file's git id too).
    const bool complete =
        !hashed.sha256.isEmpty() && (!expectedSha256.isEmpty() || !hashed.gitBlobId.isEmpty());
    auto h =
        complete
            ? Result<std::pair<QString, QString>>(std::make_pair(hashed.sha256, hashed.gitBlobId))
            : hashes(part);
    if (!h)
        return h.error();
    const bool ok =
        expectedSha256.isEmpty() ? h->second == expectedGitOid : h->first == expectedSha256;
    if (!ok) {
        QFile::remove(part); // never kept, never materialised
        return Error{
            ErrorCode::Server,
            QStringLiteral("the download does not match its checksum (%1 expected, %2 received); "
                           "it was discarded and will be fetched again")
                .arg(expectedSha256.isEmpty() ? expectedGitOid : expectedSha256,
                     expectedSha256.isEmpty() ? h->second : h->first)};
    }
    const QString target = path(h->first);
    QDir().mkpath(QFileInfo(target).absolutePath());
    QFile::remove(target);
    if (!QFile::rename(part, target))
        return Error::io(
            QStringLiteral("cannot move the download into the cache '%1'").arg(target));
    return h->first;
}

namespace {

Result<std::unique_ptr<AtomicWriter>> copyTo(const QString &blob, const QString &dest,
                                             const QString &stagingDir,
                                             AtomicWriter::Durability durability)
{
    auto in = PosixFile::openForReading(blob);
    if (!in)
        return in.error();
    HM_TRY(ensureParentFolder(dest));
    auto writer = std::make_unique<AtomicWriter>(dest, stagingDir, durability);
    HM_TRY(writer->open());
    HM_TRY(writer->copyFrom(*in));
    HM_TRY(writer->finishWriting());
    return writer;
}

} // namespace

Status BlobCache::materialize(const QString &sha256, const QString &dest,
                              const QString &stagingDir) const
{
    auto writer = copyTo(path(sha256), dest, stagingDir, AtomicWriter::Durability::Synced);
    if (!writer)
        return writer.error();
    return (*writer)->publish();
}

Result<std::unique_ptr<AtomicWriter>> BlobCache::stage(const QString &sha256, const QString &dest,
                                                       const QString &stagingDir) const
{
    return copyTo(path(sha256), dest, stagingDir, AtomicWriter::Durability::Unsynced);
}

Result<std::unique_ptr<AtomicWriter>> BlobCache::take(const QString &sha256, const QString &dest,
                                                      const QString &stagingDir) const
{
    const QString blob = path(sha256);
    struct stat st
    {};
    if (::lstat(QFile::encodeName(blob).constData(), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_nlink != 1)
        return stage(sha256, dest, stagingDir); // its error, or another name shares the inode
    HM_TRY(ensureParentFolder(dest));
    auto writer =
        std::make_unique<AtomicWriter>(dest, stagingDir, AtomicWriter::Durability::Unsynced);
    auto moved = writer->openByMoving(blob);
    if (!moved)
        return moved.error();
    if (!*moved)
        return stage(sha256, dest, stagingDir);
    HM_TRY(writer->finishWriting());
    return writer;
}

Result<bool> BlobCache::looksBinary(const QString &sha256) const
{
    auto in = PosixFile::openForReading(path(sha256));
    if (!in)
        return in.error();
    QByteArray head(FileProbe::binarySniffBytes, Qt::Uninitialized);
    auto n = in->readFully(head.data(), head.size());
    if (!n)
        return n.error();
    return FileProbe::looksBinary(QByteArrayView(head.constData(), *n));
}

} // namespace hawkmoth::hub
