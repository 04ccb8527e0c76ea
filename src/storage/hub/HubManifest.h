#pragma once
// .hawkmoth/manifest.json: every hub-layer file as the Hub last had it (sha256, size, the Hub's
// tree oid, the commit), plus the dataset and the last Hub commit synced with. Committed to git,
// so a clone knows which large files to fetch; compared with the index to find what to upload.

#include "Result.h"

#include <QHash>
#include <QString>

namespace hawkmoth::hub {

struct ManifestEntry
{
    QString sha256;
    qint64 size = 0;
    QString oid;    // the Hub's tree oid (git blob id, of the pointer for LFS files)
    QString commit; // the Hub commit that stored this version
};

class HubManifest
{
public:
    static Result<HubManifest> load(const QString &file); // empty when missing
    // what names the bytes in an error (a file, or the manifest at a commit).
    static Result<HubManifest> parse(const QByteArray &json, const QString &what);
    Status save(const QString &file) const;

    QString dataset;
    QString lastCommit;          // the Hub head HAWKMOTH last synced with
    QString workspaceJsonSha256; // workspace.json as last uploaded
    QHash<QString, ManifestEntry> files;
};

} // namespace hawkmoth::hub
