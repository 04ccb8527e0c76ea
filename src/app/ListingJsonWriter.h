#pragma once
// Writes a recursive listing as the JSON object "ls --json" prints (workspace, dir, folders,
// files), one file at a time as the index hands them over: a listing of 100,000 files in the
// memory of a few, its first lines out before the last row is read.

#include "FileEntry.h"

#include <QIODevice>
#include <QString>

namespace hawkmoth {

class ListingJsonWriter
{
public:
    explicit ListingJsonWriter(QIODevice &out);

    // false once a write failed (a closed pipe, a full disk): the caller stops the listing.
    bool add(const FileEntry &entry);
    // Closes the object with the listed folder and its workspace; false when a write failed.
    bool finish(const QString &workspace, const QString &dir);
    qint64 count() const { return m_count; }

private:
    bool write(const QByteArray &bytes);

    QIODevice &m_out;
    qint64 m_count = 0;
    bool m_failed = false;
};

} // namespace hawkmoth
