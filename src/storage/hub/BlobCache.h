#pragma once
// The content-addressed cache of downloaded Hub files ($XDG_CACHE_HOME/hawkmoth/blobs/aa/<sha256>):
// a download lands in a .part file (resumable with Range), is verified against its sha256, and
// only then becomes a cache entry that can be materialised into a workspace.

#include "Result.h"

#include <QString>

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
    Result<QString> adopt(const QString &part, const QString &expectedSha256,
                          const QString &expectedGitOid);
    // Copies a cached blob to dest atomically (staged in stagingDir).
    Status materialize(const QString &sha256, const QString &dest, const QString &stagingDir) const;

private:
    QString m_root;
};

} // namespace hawkmoth::hub
