#pragma once
// Runs one command of the shared catalogue for a route, on the calling thread (an HTTP worker,
// never the GUI thread), exactly as the CLI does: the same handlers make the same call on the
// storage core's async API and return the CLI's --json data.

#include "AppServices.h"
#include "RestReply.h"

#include <optional>

namespace hawkmoth {

class CommandRunner
{
public:
    explicit CommandRunner(AppServices &services)
        : m_services(services)
    {}

    // Given, commands leave the jobs they queue (a sync, a pin's move) to it instead of running
    // them before they answer: the process's scheduler runs them (JobStarter).
    void setWakeJobs(std::function<void(const Workspace &)> wake) { m_wakeJobs = std::move(wake); }

    // workspace: empty = the current one; an unknown one is a 404. input: "save"'s content.
    RestReply run(const Command &command, const QString &workspace,
                  const std::optional<QByteArray> &input = std::nullopt) const;
    // One line of the command language (the command bar's and `hawkmoth do`'s).
    RestReply runText(const QString &line, const QString &workspace,
                      const std::optional<QByteArray> &input = std::nullopt) const;
    // Has the jobs just queued for workspace run (the scheduler, or the core's pool).
    void wakeJobs(const Workspace &workspace) const
    {
        if (m_wakeJobs)
            m_wakeJobs(workspace);
    }
    // The workspace a route acts on, for routes that call the core directly.
    Result<Workspace> resolve(const QString &workspace) const;
    StorageCore &core() const { return m_services.core(); }

private:
    AppServices &m_services;
    std::function<void(const Workspace &)> m_wakeJobs;
};

} // namespace hawkmoth
