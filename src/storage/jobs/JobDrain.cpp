#include "JobDrain.h"

#include <optional>

namespace hawkmoth {

JobDrain::JobDrain(const Workspace &workspace, const StorageContext &context,
                   const JobHandlers &handlers, Clock clock)
    : m_runner(workspace, context, handlers, std::move(clock))
{}

Result<DrainReport> JobDrain::run(const QStringList &kinds, qint64 maxWaitMs,
                                  const CancelToken &cancel, const JobObserver &forward)
{
    DrainReport report;
    // The runner calls finished, then settled, for one job before it takes the next.
    std::optional<JobOutcome::Kind> said;
    JobObserver observer = forward;
    observer.note = [&report, note = forward.note](const Job &job, const QString &line) {
        report.notes.append(line);
        if (note)
            note(job, line);
    };
    observer.finished = [&said, finished = forward.finished](const Job &job,
                                                             const JobOutcome &outcome) {
        said = outcome.kind;
        if (finished)
            finished(job, outcome);
    };
    observer.settled = [&report, &said, settled = forward.settled](const Job &job, JobState state,
                                                                   const QString &why) {
        report.finished.append(
            {job.id, job.kind, said.value_or(JobOutcome::Kind::Done), state, why});
        said.reset();
        if (settled)
            settled(job, state, why);
    };
    auto ran = m_runner.drain(cancel, observer, maxWaitMs, &report.pending, kinds);
    if (!ran)
        return ran.error();
    return report;
}

} // namespace hawkmoth
