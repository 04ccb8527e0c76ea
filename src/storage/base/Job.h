#pragma once
// A unit of background work recorded in the persisted queue (table jobs of the workspace index):
// it survives a crash and resumes at the next start.

#include "Cancellation.h"
#include "Result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace hawkmoth {

enum class JobState
{
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
    Blocked
};

QString jobStateName(JobState state);
std::optional<JobState> jobStateFromName(const QString &name);

// What a job's last error was, as values rather than text: its class and, for a job made of steps
// (a sync: "hub", "git"), the step that met it. Empty after a success.
struct JobFault
{
    std::optional<ErrorCode> code;
    QString step;
};

struct Job
{
    qint64 id = 0;
    QString kind; // "relayer", "git.commit", "hub.upload", ...
    QJsonObject payload;
    QString dedupKey; // at most one queued job per key
    JobState state = JobState::Queued;
    int attempts = 0;
    qint64 nextAttemptMs = 0;     // epoch ms; a job waits until then (backoff, Retry-After)
    qint64 holdUntilMs = 0;       // a server's Retry-After: not even a retry now starts it earlier
    bool cancelRequested = false; // the user cancelled it while it ran
    QString lastError;
    JobFault fault; // the class of lastError
    Progress progress;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
};

} // namespace hawkmoth
