#pragma once
// What "sync" means for a workspace: an ordered list of steps contributed by the layers (the hub
// uploads first, so that git can then commit the manifest that records the hub commit). Runs as
// the persisted "sync" job that every change queues, and on demand.

#include "JobRunner.h"

#include <QList>

namespace hawkmoth {

struct SyncStep
{
    QString name; // "hub", "git"
    std::function<JobOutcome(JobContext &)> run;
    // One-time setup the step can have done while the rescan runs (optional): a head start
    // only, which may not run at all; the step must set itself up anyway.
    std::function<void()> warmUp = {};
};

class SyncPipeline
{
public:
    static constexpr const char *jobKind = "sync";
    static constexpr const char *pullJobKind = "pull";

    // kind: the job kind that runs this pipeline ("sync", or "pull" for the pull pipeline).
    explicit SyncPipeline(QString kind = QString::fromLatin1(jobKind))
        : m_kind(std::move(kind))
    {}
    const QString &kind() const { return m_kind; }

    void addStep(SyncStep step) { m_steps.append(std::move(step)); }
    const QList<SyncStep> &steps() const { return m_steps; }

    // Registers the "sync" job kind. It rescans the workspace once, then runs every step, even when
    // an earlier one fails (an offline Hub must not hold back git commits); the job's outcome is
    // the most serious of the steps'.
    void registerHandlers(JobHandlers &handlers) const;
    JobOutcome run(JobContext &context) const;

    // A step that a server asked to wait (a long Retry-After) is held apart, as a queued job of
    // this kind that runs the pipeline again when the wait is over; meanwhile the pipeline runs
    // the other steps (git goes on while the Hub waits). The job's payload names the step.
    QString heldKind() const { return heldKindOf(m_kind); }
    static QString heldKindOf(const QString &kind) { return kind + QStringLiteral(".held"); }
    static bool isHeldKind(const QString &kind) { return kind.endsWith(QLatin1String(".held")); }
    static QString heldStep(const Job &job);
    // "hub: waiting until 2026-12-02T05:00:00Z (HTTP 429 …)": what a queued job waits for.
    static QString describeWait(const Job &job);

private:
    // Queues the held job for a step the server asked to wait; the line saying so, or nullopt when
    // the queue could not record it.
    std::optional<QString> holdStep(const JobContext &ctx, const SyncStep &step,
                                    const JobOutcome &outcome) const;

    QString m_kind;
    QList<SyncStep> m_steps;
};

} // namespace hawkmoth
