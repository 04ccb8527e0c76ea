#include "StampSnapshot.h"

#include <cstring>

namespace hawkmoth {

namespace {

constexpr quint32 magic = 0x484d5354; // "HMST"
constexpr quint32 version = 2;

// Layout: Header, then slots[slotCount] (record index + 1; 0 = empty; open addressing with
// linear probing), then Record[count], then the UTF-8 paths back to back.
struct Header
{
    quint32 magic;
    quint32 version;
    quint32 count;
    quint32 slotCount; // a power of two, at least twice count
    quint64 checksum;  // of the slots and records: a torn copy on disk is refused
};

struct Record
{
    quint64 hash;
    quint32 pathOffset;
    quint32 pathLength;
    qint64 size;
    qint64 mtimeNs;
    qint64 indexedNs;
    quint32 flags; // bit 0: remote-only; bits 8-15: layer
    quint32 reserved;
};

// Over the slots and records (whole 64-bit words: both parts are multiples of 8 bytes long).
quint64 checksumOf(const char *data, qsizetype bytes)
{
    quint64 sum = 0;
    for (qsizetype i = 0; i + 8 <= bytes; i += 8) {
        quint64 word;
        std::memcpy(&word, data + i, sizeof word);
        sum = (sum ^ word) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
    }
    return sum;
}

// FNV-1a: stable across processes (qHash is seeded per process), and quick on short paths.
quint64 hashPath(QByteArrayView path)
{
    quint64 h = 1469598103934665603ULL;
    for (const char c : path) {
        h ^= quint8(c);
        h *= 1099511628211ULL;
    }
    return h;
}

const Header &header(const QByteArray &blob)
{
    return *reinterpret_cast<const Header *>(blob.constData());
}

const quint32 *slotsOf(const QByteArray &blob)
{
    return reinterpret_cast<const quint32 *>(blob.constData() + sizeof(Header));
}

const Record *records(const QByteArray &blob)
{
    return reinterpret_cast<const Record *>(blob.constData() + sizeof(Header) +
                                            sizeof(quint32) * header(blob).slotCount);
}

qsizetype pathsOffset(quint32 count, quint32 slotCount)
{
    return qsizetype(sizeof(Header) + sizeof(quint32) * slotCount + sizeof(Record) * count);
}

} // namespace

void StampSnapshot::Builder::reserve(qsizetype rows, qsizetype pathBytes)
{
    m_entries.reserve(size_t(rows));
    m_paths.reserve(pathBytes);
}

void StampSnapshot::Builder::add(QByteArrayView path, const IndexStamp &stamp)
{
    m_entries.push_back({quint32(m_paths.size()), quint32(path.size()), stamp});
    m_paths.append(path);
}

StampSnapshot StampSnapshot::Builder::build() const
{
    const auto count = quint32(m_entries.size());
    quint32 slotCount = 16;
    while (slotCount < count * 2)
        slotCount *= 2;
    // Sizes are multiples of 8 up to the paths, so every Record is aligned.
    static_assert(sizeof(Header) % 8 == 0 && sizeof(Record) % 8 == 0);
    const qsizetype base = pathsOffset(count, slotCount);
    QByteArray blob(base + m_paths.size(), Qt::Uninitialized);
    std::memset(blob.data(), 0, size_t(pathsOffset(0, slotCount)));
    auto *h = reinterpret_cast<Header *>(blob.data());
    *h = {magic, version, count, slotCount, 0};
    auto *slotArray = reinterpret_cast<quint32 *>(blob.data() + sizeof(Header));
    auto *recordArray = reinterpret_cast<Record *>(blob.data() + pathsOffset(0, slotCount));
    if (!m_paths.isEmpty())
        std::memcpy(blob.data() + base, m_paths.constData(), size_t(m_paths.size()));
    for (quint32 i = 0; i < count; ++i) {
        const Entry &e = m_entries[i];
        const quint64 hash = hashPath(QByteArrayView(m_paths.constData() + e.offset, e.length));
        recordArray[i] = {hash,
                          e.offset,
                          e.length,
                          e.stamp.size,
                          e.stamp.mtimeNs,
                          e.stamp.indexedNs,
                          quint32(e.stamp.remoteOnly ? 1 : 0) | (quint32(e.stamp.layer) << 8),
                          0};
        quint32 slot = quint32(hash) & (slotCount - 1);
        while (slotArray[slot] != 0)
            slot = (slot + 1) & (slotCount - 1);
        slotArray[slot] = i + 1;
    }
    h->checksum = checksumOf(blob.constData() + sizeof(Header), base - qsizetype(sizeof(Header)));
    return StampSnapshot(std::move(blob));
}

bool StampSnapshot::valid() const
{
    if (m_blob.size() < qsizetype(sizeof(Header)))
        return false;
    const Header &h = header(m_blob);
    if (h.magic != magic || h.version != version || h.slotCount == 0 ||
        (h.slotCount & (h.slotCount - 1)) != 0 || h.slotCount < h.count)
        return false;
    const qsizetype base = pathsOffset(h.count, h.slotCount);
    if (m_blob.size() < base)
        return false;
    const Record *r = records(m_blob);
    for (quint32 i = 0; i < h.count; ++i) {
        if (qsizetype(r[i].pathOffset) + r[i].pathLength > m_blob.size() - base)
            return false;
    }
    return checksumOf(m_blob.constData() + sizeof(Header), base - qsizetype(sizeof(Header))) ==
           h.checksum;
}

std::optional<StampSnapshot> StampSnapshot::fromBlob(QByteArray blob,
                                                     std::shared_ptr<const void> owner)
{
    StampSnapshot table(std::move(blob), std::move(owner));
    if (!table.valid())
        return std::nullopt;
    return table;
}

int StampSnapshot::count() const
{
    return int(header(m_blob).count);
}

int StampSnapshot::find(QByteArrayView path) const
{
    const Header &h = header(m_blob);
    const quint32 *slotArray = slotsOf(m_blob);
    const Record *recordArray = records(m_blob);
    const char *paths = m_blob.constData() + pathsOffset(h.count, h.slotCount);
    const quint64 hash = hashPath(path);
    for (quint32 slot = quint32(hash) & (h.slotCount - 1);; slot = (slot + 1) & (h.slotCount - 1)) {
        const quint32 entry = slotArray[slot];
        if (entry == 0 || entry > h.count)
            return -1;
        const Record &r = recordArray[entry - 1];
        if (r.hash == hash && r.pathLength == quint32(path.size()) &&
            std::memcmp(paths + r.pathOffset, path.data(), size_t(path.size())) == 0)
            return int(entry - 1);
    }
}

int StampSnapshot::find(QByteArrayView path, int hint) const
{
    if (hint >= 0 && hint < count() && this->path(hint) == path)
        return hint;
    return find(path);
}

QByteArrayView StampSnapshot::path(int record) const
{
    const Header &h = header(m_blob);
    const Record &r = records(m_blob)[record];
    return QByteArrayView(m_blob.constData() + pathsOffset(h.count, h.slotCount) + r.pathOffset,
                          qsizetype(r.pathLength));
}

qsizetype StampSnapshot::pathBytes() const
{
    const Header &h = header(m_blob);
    return m_blob.size() - pathsOffset(h.count, h.slotCount);
}

IndexStamp StampSnapshot::stamp(int record) const
{
    const Record &r = records(m_blob)[record];
    return {r.size, r.mtimeNs, r.indexedNs, (r.flags & 1) != 0, Layer((r.flags >> 8) & 0xff)};
}

} // namespace hawkmoth
