#pragma once
// Makes the jobs a request queued run while the server runs: the current workspace's through the
// process's scheduler (which holds that workspace's runner lock), another workspace's by a run of
// its due jobs on the core's pool.

#include "Workspace.h"

namespace hawkmoth {

class JobScheduler;
class StorageCore;

class JobStarter
{
public:
    // scheduler: the process's, following the current workspace; null runs every workspace's jobs
    // on the pool.
    JobStarter(StorageCore &core, JobScheduler *scheduler)
        : m_core(core)
        , m_scheduler(scheduler)
    {}

    // From any thread; returns at once.
    void wake(const Workspace &workspace) const;

private:
    StorageCore &m_core;
    JobScheduler *m_scheduler;
};

} // namespace hawkmoth
