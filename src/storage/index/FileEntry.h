#pragma once
// One file of a workspace as the file index knows it.

#include "Layer.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace hawkmoth {

struct FileEntry
{
    QString path; // relative to the workspace root, '/'-separated, normalised
    qint64 size = 0;
    qint64 mtimeNs = 0;  // modification time in nanoseconds since the epoch
    QByteArray sha256;   // lower-case hex; empty while unknown
    bool binary = false; // a NUL byte in the first 8 KiB
    Layer layer = Layer::Git;
    std::optional<Layer> pinned; // the user's choice, overriding the policy
    SyncState state = SyncState::Pending;
    QString remoteId; // git blob id or hub commit that last persisted it (layer-specific)
    QString error;    // last persistence error, when state == Error

    bool operator==(const FileEntry &) const = default;
};

using FileEntries = QList<FileEntry>;

// A folder of a listing with the files and bytes at any depth below it.
struct FolderEntry
{
    QString path;
    qint64 files = 0;
    qint64 bytes = 0;

    bool operator==(const FolderEntry &) const = default;
};

} // namespace hawkmoth

Q_DECLARE_METATYPE(hawkmoth::FileEntry)
