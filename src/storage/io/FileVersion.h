#pragma once
// Which version of a file an editor holds: its content hash and its stamp on disk. A save that
// names the version it started from fails with a conflict when the file changed meanwhile, instead
// of silently overwriting another program's edit.

#include "Result.h"

#include <QByteArray>
#include <QString>

namespace hawkmoth {

struct FileVersion
{
    QString sha256; // lower-case hex of the content
    // The stamp, checked first (a hash of the file on disk only when it differs); size -1 when
    // only the hash is known, as from the CLI's --expect.
    qint64 size = -1;
    qint64 mtimeNs = 0;

    bool hasStamp() const { return size >= 0 && mtimeNs > 0; }
};

// A file loaded for editing: its content and the version to hand back on save.
struct LoadedFile
{
    QString path;
    QByteArray content;
    FileVersion version;
};

// Ok when the file at absolute still is the expected version: the same stamp, or else the same
// content (a touch changes the stamp only). A Conflict error naming rel otherwise.
Status checkUnchanged(const QString &absolute, const QString &rel, const FileVersion &expected);

} // namespace hawkmoth
