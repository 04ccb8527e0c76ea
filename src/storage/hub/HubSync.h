#pragma once
// The "hub" step of sync: uploads every hub-layer file that changed since the manifest (skipping
// what the Hub already holds), records deletions, and commits them — with workspace.json — in as
// few commits as the Hub's limits allow, based on the Hub commit it last saw. When someone else
// committed meanwhile, it lists the new state, keeps both versions of files changed on both sides,
// and commits the rest on top. Then the manifest and the index say what the Hub holds.

#include "FileEntry.h"
#include "HubApi.h"
#include "HubManifest.h"
#include "JobRunner.h"

namespace hawkmoth::hub {

class HubSync
{
public:
    // Limits for one commit: the Hub recommends about 100 hand-made operations and refuses very
    // large inline bodies (huggingface_hub caps at 100 MiB; 64 MiB keeps a margin).
    static constexpr int maxOperationsPerCommit = 500;
    static constexpr qint64 maxInlineBytesPerCommit = 64LL * 1024 * 1024;

    explicit HubSync(JobContext &context)
        : m_ctx(context)
    {}

    JobOutcome run();

private:
    struct Upload
    {
        FileEntry entry;
        bool lfs = false;
        QString oid;        // the Hub's tree oid this upload will have
        bool onHub = false; // found there already with this content: no operation needed
    };
    Result<QString> commitAll(HubApi &api, const QString &dataset, QList<Upload> &uploads,
                              QStringList &deletions, const QByteArray &workspaceJson,
                              QString parent);
    bool tokenRejectedBefore() const;
    Status keepBothVersions(HubApi &api, const QString &dataset, const RemoteFile &remote);

    JobContext &m_ctx;
    HubManifest m_manifest;
    QStringList m_conflicts;
    qint64 m_inlineBytesSent = 0;
};

} // namespace hawkmoth::hub
