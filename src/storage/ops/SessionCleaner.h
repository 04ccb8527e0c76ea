#pragma once
// Cleans up what never leaves the machine: session-layer files (all of them on request, or those
// older than the workspace's retention period automatically), staging leftovers of interrupted
// writes, and the in-memory content cache. What would lose content that is nowhere else stays
// unless the user confirms.

#include "Clock.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QStringList>

namespace hawkmoth {

struct CleanupReport
{
    QStringList removedFiles; // session-layer files deleted
    QStringList kept;         // once committed or uploaded, edited since: deleted only on force
    qint64 bytesFreed = 0;
    int stagingLeftovers = 0; // temporaries of interrupted writes
    qint64 cacheBytesDropped = 0;
};

class SessionCleaner
{
public:
    SessionCleaner(const Workspace &workspace, const StorageContext &context, Clock clock = {});

    // expiredOnly: only session files unchanged for longer than the retention period.
    // force: also files that were once persisted and whose content now is in no commit and no
    // dataset (they left git or the hub and were edited since); without it they are kept.
    Result<CleanupReport> run(bool expiredOnly, bool force = false);
    // The automatic pass: runs run(true) at most once a day per workspace.
    Result<CleanupReport> runIfDue();
    // Removes what interrupted writes left in .hawkmoth/tmp and no live process owns (also at the
    // start of a long-lived process, so a crash's leftovers do not wait for a cleanup). Returns
    // how many entries went.
    int removeStagingLeftovers() const;

private:
    const Workspace &m_workspace;
    const StorageContext &m_context;
    Clock m_clock; // the retention period and the daily pass are measured on it
};

} // namespace hawkmoth
