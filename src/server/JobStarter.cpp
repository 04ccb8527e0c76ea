#include "JobStarter.h"

#include "JobScheduler.h"
#include "StorageCore.h"

namespace hawkmoth {

void JobStarter::wake(const Workspace &workspace) const
{
    if (m_scheduler) {
        auto current = m_core.registry().current();
        if (current && current->name() == workspace.name()) {
            m_scheduler->wake();
            return;
        }
    }
    // Nobody waits for the future: the job's end is in the queue (GET /storage/jobs/{id}), and
    // the core waits for its pool before it goes.
    (void)m_core.sync().runDueJobs(workspace, {});
}

} // namespace hawkmoth
