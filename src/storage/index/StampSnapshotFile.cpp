#include "StampSnapshotFile.h"

#include "AtomicWriter.h"
#include "MappedFile.h"
#include "PosixFile.h"

#include <QRandomGenerator>

#include <cstring>

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

} // namespace

std::optional<StampSnapshot> StampSnapshotFile::load(const StampSnapshotKey &key) const
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
    auto mapping = MappedFile::map(*file, size);
    if (!mapping)
        return std::nullopt;
    const char *bytes = (*mapping)->data();
    FileHeader header;
    std::memcpy(&header, bytes, sizeof header);
    if (header.magic != fileMagic || header.version != fileVersion ||
        header.generation != key.generation ||
        std::memcmp(header.token, key.token.constData(), sizeof header.token) != 0)
        return std::nullopt;
    return StampSnapshot::fromBlob(
        QByteArray::fromRawData(bytes + sizeof header, qsizetype(size) - qsizetype(sizeof header)),
        *mapping);
}

Status StampSnapshotFile::store(const StampSnapshot &table, const StampSnapshotKey &key) const
{
    if (key.token.size() != qsizetype(sizeof(FileHeader::token)))
        return Error::internal(QStringLiteral("a stamp snapshot token has 32 characters"));
    FileHeader header{fileMagic, fileVersion, key.generation, {}};
    std::memcpy(header.token, key.token.constData(), sizeof header.token);
    // No fsync: after a power cut the file is either the old one, the new one or one the table's
    // own checks refuse, and a refused snapshot only means reading the rows once.
    AtomicWriter writer(m_file, {}, AtomicWriter::Durability::Unsynced);
    HM_TRY(writer.open());
    HM_TRY(writer.write(QByteArrayView(reinterpret_cast<const char *>(&header), sizeof header)));
    HM_TRY(writer.write(table.blob()));
    return writer.commit();
}

QByteArray StampSnapshotFile::newToken()
{
    quint64 words[2];
    QRandomGenerator::system()->fillRange(words);
    return QByteArray(reinterpret_cast<const char *>(words), sizeof words).toHex();
}

} // namespace hawkmoth
