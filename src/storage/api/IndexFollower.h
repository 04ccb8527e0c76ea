#pragma once
// Turns what other processes (the CLI, a script) wrote to a workspace's index into this process's
// change notifications. Such a writer saves the file and its row together, so a rescan of the
// folder finds nothing new; instead the index's generation (moved by a trigger on every write of a
// stamp) is compared with the last one seen, and on a difference the stamps snapshot is compared
// with the one kept, minus what this process reported itself (ChangeSink::takeReported). Run by
// the workspace watcher after each rescan round, on the pool; one round at a time.

#include "ChangeSink.h"
#include "StampSnapshot.h"
#include "Workspace.h"

#include <QMutex>

#include <optional>

namespace hawkmoth {

class IndexFollower
{
public:
    IndexFollower(Workspace workspace, std::shared_ptr<ChangeSink> sink)
        : m_workspace(std::move(workspace))
        , m_sink(std::move(sink))
    {}

    // What the index holds now: the state later changes are told against.
    Status baseline();
    // Reports to the sink what changed in the index since the last look, as this process's own
    // writes are; returns how many files that was.
    Result<int> catchUp();

private:
    Result<QList<FileChange>> differences(const StampSnapshot &now);

    Workspace m_workspace;
    std::shared_ptr<ChangeSink> m_sink;
    QMutex m_mutex;
    std::optional<StampSnapshot> m_snapshot;
    qint64 m_generation = -1;
};

} // namespace hawkmoth
