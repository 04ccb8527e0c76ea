#include "ChangeRecorder.h"

#include <QDateTime>

namespace hawkmoth {

ChangeRecorder::ChangeRecorder(SqliteConnection &connection, const LayerPolicy &policy,
                               qint64 syncDelayMs)
    : m_index(connection)
    , m_jobs(connection)
    , m_policy(policy)
    , m_syncDelayMs(syncDelayMs)
{}

FileEntry ChangeRecorder::classify(const QString &path, qint64 size, qint64 mtimeNs,
                                   const ProbeResult &probe,
                                   const std::optional<FileEntry> &previous) const
{
    FileEntry e;
    e.path = path;
    e.size = size;
    e.mtimeNs = mtimeNs;
    e.sha256 = probe.sha256;
    e.binary = probe.binary;
    e.layer = m_policy.decideFor(path, size, probe.binary,
                                 previous ? std::optional(previous->layer) : std::nullopt);
    e.pinned = m_policy.pin(path);
    const bool sameContent = previous && previous->sha256 == e.sha256 && previous->layer == e.layer;
    if (e.layer == Layer::Session) {
        e.state = SyncState::LocalOnly;
        // What last persisted it elsewhere: cleanup keeps an edit of it that is in no commit.
        if (previous)
            e.remoteId = previous->remoteId;
    } else if (sameContent &&
               (previous->state == SyncState::Synced || previous->state == SyncState::Conflict ||
                previous->state == SyncState::RemoteOnly)) {
        // Identical bytes (rewritten, or a remote file now on disk): nothing new to persist.
        e.state = previous->state == SyncState::RemoteOnly ? SyncState::Synced : previous->state;
        e.remoteId = previous->remoteId;
    } else {
        e.state = SyncState::Pending;
        if (previous)
            e.remoteId = previous->remoteId;
    }
    return e;
}

void ChangeRecorder::noteLayers(std::optional<Layer> before, Layer after)
{
    m_changed = true;
    if (after != Layer::Session || (before && *before != Layer::Session))
        m_syncNeeded = true;
}

Result<FileEntry> ChangeRecorder::record(const QString &path, qint64 size, qint64 mtimeNs,
                                         const ProbeResult &probe,
                                         const std::optional<FileEntry> &previous)
{
    const FileEntry e = classify(path, size, mtimeNs, probe, previous);
    HM_TRY(m_index.upsert(e));
    if (!previous || previous->sha256 != e.sha256 || previous->layer != e.layer)
        noteLayers(previous ? std::optional<Layer>(previous->layer) : std::nullopt, e.layer);
    return e;
}

void ChangeRecorder::stage(const FileEntry &entry, const std::optional<Layer> &previousLayer)
{
    m_staged.append(entry);
    noteLayers(previousLayer, entry.layer);
}

Status ChangeRecorder::recordRemoval(const QString &path, std::optional<Layer> previousLayer)
{
    HM_TRY(m_index.remove(path));
    m_changed = true;
    if (previousLayer && *previousLayer != Layer::Session)
        m_syncNeeded = true;
    return {};
}

Status ChangeRecorder::finish()
{
    if (!m_staged.isEmpty()) {
        HM_TRY(m_index.upsertMany(m_staged));
        m_staged.clear();
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_changed)
        HM_TRY(m_index.setMeta(QStringLiteral("updated"), QString::number(now)));
    // One queued sync job at most; each change pushes it back, so a burst of saves makes one
    // commit after the burst (the debounce lives in the persisted queue and survives restarts).
    if (m_syncNeeded && m_syncDelayMs >= 0)
        HM_TRY(m_jobs.enqueue(QString::fromLatin1(syncJobKind), {},
                              QString::fromLatin1(syncJobKind), now + m_syncDelayMs));
    return {};
}

} // namespace hawkmoth
