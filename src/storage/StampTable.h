#pragma once
// The index's stamps (path, size, mtime, when indexed, remote-only, layer) in one flat, hashed
// block: what a rescan compares the disk against. Kept as a BLOB in the index and rebuilt when the
// files table changed, so a rescan of an unchanged 100,000-file workspace reads one value instead
// of 100,000 rows — the same idea as git's binary index.

#include "Layer.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <vector>

namespace hawkmoth {

struct IndexStamp
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 indexedNs = 0; // when the row was written; see Reconciler on racily-clean files
    bool remoteOnly = false;
    Layer layer = Layer::Git;
};

class StampTable
{
public:
    struct Row
    {
        QByteArray path; // UTF-8
        IndexStamp stamp;
    };

    static StampTable fromRows(const std::vector<Row> &rows);
    // Validates and adopts a serialised table; nullopt when it is damaged or of another version.
    static std::optional<StampTable> fromBlob(QByteArray blob);
    const QByteArray &blob() const { return m_blob; }

    int count() const;
    // The record of path, or -1.
    int find(QByteArrayView path) const;
    QByteArrayView path(int record) const;
    IndexStamp stamp(int record) const;

private:
    explicit StampTable(QByteArray blob)
        : m_blob(std::move(blob))
    {}
    bool valid() const;

    QByteArray m_blob;
};

} // namespace hawkmoth
