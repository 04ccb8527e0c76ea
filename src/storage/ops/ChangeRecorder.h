#pragma once
// Turns observed file changes into index rows, and — when a persisted layer (git or hub) is
// affected — into one debounced "sync" job, all inside the caller's transaction. Every path that
// changes files (save, import, move, rescan) goes through here, so they agree on layers and states.

#include "FileEntry.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "JobQueue.h"
#include "LayerPolicy.h"

#include <optional>

namespace hawkmoth {

class ChangeRecorder
{
public:
    static constexpr const char *syncJobKind = "sync";

    // syncDelayMs: how long the sync job waits for quiet; negative = no automatic sync job.
    ChangeRecorder(SqliteConnection &connection, const LayerPolicy &policy, qint64 syncDelayMs);

    // The entry a file with this content would get; previous is its current index row.
    FileEntry classify(const QString &path, qint64 size, qint64 mtimeNs, const ProbeResult &probe,
                       const std::optional<FileEntry> &previous) const;
    Result<FileEntry> record(const QString &path, qint64 size, qint64 mtimeNs,
                             const ProbeResult &probe, const std::optional<FileEntry> &previous);
    // Buffers rows and writes them in one statement batch (rescans of many files).
    void stage(const FileEntry &entry, const std::optional<Layer> &previousLayer);
    Status recordRemoval(const QString &path, std::optional<Layer> previousLayer);
    // A change of a file of layer that no row shows (a resolved conflict keeping its bytes) still
    // needs the sync job.
    void requestSync(Layer layer) { noteLayers(layer, layer); }
    // Writes staged rows, queues the sync job when needed and stamps the workspace as updated.
    Status finish();

    FileIndex &index() { return m_index; }
    bool syncNeeded() const { return m_syncNeeded; }

private:
    void noteLayers(std::optional<Layer> before, Layer after);

    FileIndex m_index;
    JobQueue m_jobs;
    const LayerPolicy &m_policy;
    qint64 m_syncDelayMs;
    FileEntries m_staged;
    bool m_syncNeeded = false;
    bool m_changed = false;
};

} // namespace hawkmoth
