#pragma once
// A snapshot of the index's stamps (path, size, mtime, when indexed, remote-only, layer) in one
// flat, hashed block: what a rescan compares the disk against. Kept in a file beside the index
// (StampSnapshotFile) and rebuilt when the files table changed, so a rescan of an unchanged
// 100,000-file workspace reads one file instead of 100,000 rows — the same idea as git's binary
// index.

#include "Layer.h"

#include <QByteArray>
#include <QByteArrayView>

#include <memory>
#include <optional>
#include <vector>

namespace hawkmoth {

struct IndexStamp
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 indexedNs = 0; // when the row was written; see Rescanner on racily-clean files
    bool remoteOnly = false;
    Layer layer = Layer::Git;
};

class StampSnapshot
{
public:
    // Collects stamps, then lays them out in one block: paths go into one buffer as they come,
    // so tens of thousands of rows cost a few allocations, not one each.
    class Builder
    {
    public:
        void reserve(qsizetype rows, qsizetype pathBytes);
        void add(QByteArrayView path, const IndexStamp &stamp);
        StampSnapshot build() const;

    private:
        struct Entry
        {
            quint32 offset;
            quint32 length;
            IndexStamp stamp;
        };
        QByteArray m_paths;
        std::vector<Entry> m_entries;
    };

    // Validates and adopts a serialised table; nullopt when it is damaged or of another version.
    // owner keeps the memory of a blob that only points at it (a file mapping) alive.
    static std::optional<StampSnapshot> fromBlob(QByteArray blob,
                                                 std::shared_ptr<const void> owner = {});
    const QByteArray &blob() const { return m_blob; }

    int count() const;
    // The record of path, or -1.
    int find(QByteArrayView path) const;
    // The same, trying record hint first: the records are in the table's order (by path), so a
    // caller walking paths in order (git's index) finds most of them next to the one before,
    // without hashing and probing.
    int find(QByteArrayView path, int hint) const;
    QByteArrayView path(int record) const;
    IndexStamp stamp(int record) const;
    // Bytes of all paths together (a Builder's reserve).
    qsizetype pathBytes() const;

private:
    explicit StampSnapshot(QByteArray blob, std::shared_ptr<const void> owner = {})
        : m_blob(std::move(blob))
        , m_owner(std::move(owner))
    {}
    bool valid() const;

    QByteArray m_blob;
    std::shared_ptr<const void> m_owner;
};

} // namespace hawkmoth
