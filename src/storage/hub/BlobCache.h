#pragma once
// The content-addressed cache of downloaded Hub files ($XDG_CACHE_HOME/hawkmoth/blobs/aa/<sha256>):
// a download lands in a .part file (resumable with Range), is verified against its sha256, and
// only then becomes a cache entry that can be materialised into a workspace.

#include "AtomicWriter.h"
#include "Result.h"

#include <QString>

#include <memory>

namespace hawkmoth::hub {

class BlobCache
{
public:
    explicit BlobCache(QString root)
        : m_root(std::move(root))
    {}

    QString path(const QString &sha256) const;
    QString partPath(const QString &key) const; // where a download in progress grows
    bool has(const QString &sha256, qint64 size) const;
    // Checks a finished download and moves it into the cache. expectedSha256 may be empty when
    // only the git blob id is known (small files): then expectedGitOid is checked instead.
    // The part is read to hash it, unless the download was hashed on its way (the hashes given).
    struct Hashes
    {
        QString sha256;
        QString gitBlobId;
    };
    Result<QString> adopt(const QString &part, const QString &expectedSha256,
                          const QString &expectedGitOid, const Hashes &hashed = {}) const;
    // Copies a cached blob to dest atomically (staged in stagingDir, synced).
    Status materialize(const QString &sha256, const QString &dest, const QString &stagingDir) const;
    // The copy written but not synced nor renamed into place: a batch of them is flushed once
    // (syncFileSystems) before they are published.
    Result<std::unique_ptr<AtomicWriter>> stage(const QString &sha256, const QString &dest,
                                                const QString &stagingDir) const;
    // stage() for the last use of a blob that a pull has just downloaded: the blob is moved into
    // staging, not copied, and leaves the cache (as the official client keeps none). Copied
    // when it cannot be moved: another file system, or another link to it.
    Result<std::unique_ptr<AtomicWriter>> take(const QString &sha256, const QString &dest,
                                               const QString &stagingDir) const;
    // Whether the blob looks binary (a NUL in its first 8 KiB, as FileProbe decides).
    Result<bool> looksBinary(const QString &sha256) const;

private:
    QString m_root;
};

} // namespace hawkmoth::hub
