#include "JobWaiter.h"

#include "ChangeNotifier.h"
#include "CommandRunner.h"
#include "JobControl.h"
#include "RouteHelpers.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth {

namespace {

// Where a job in this state is answered from; nullopt while it has not ended.
std::optional<RestReply> ended(const QJsonObject &job)
{
    const QString state = job.value(QLatin1String("state")).toString();
    const QString error = job.value(QLatin1String("error")).toString();
    if (state == QLatin1String("done"))
        return RestReply::ok(job);
    if (state == QLatin1String("cancelled"))
        return RestReply::failure(409, errorCodeName(ErrorCode::Cancelled), error, job);
    if (state == QLatin1String("blocked"))
        return RestReply::failure(403, errorCodeName(ErrorCode::PermissionDenied), error, job);
    if (state == QLatin1String("failed"))
        return RestReply::failure(502, errorCodeName(ErrorCode::Server), error, job);
    return std::nullopt;
}

} // namespace

JobWaiter::JobWaiter(ChangeNotifier &changes, JobControl &jobs, QObject *parent)
    : QObject(parent)
{
    // Direct: the notifier's thread only takes the mutex, never waits for a route.
    const auto bumpNow = [this] { bump(); };
    connect(&changes, &ChangeNotifier::jobStarted, this, bumpNow, Qt::DirectConnection);
    connect(&changes, &ChangeNotifier::jobFinished, this, bumpNow, Qt::DirectConnection);
    connect(&jobs, &JobControl::jobFinished, this, bumpNow, Qt::DirectConnection);
    connect(&jobs, &JobControl::jobStateChanged, this, bumpNow, Qt::DirectConnection);
}

RestReply JobWaiter::find(const CommandRunner &runner, const QString &workspace, qint64 id)
{
    RestReply all = runner.run(
        route::command(QStringLiteral("jobs"), {{QStringLiteral("all"), {}}}), workspace);
    if (all.status != 200)
        return all;
    for (const QJsonValue &job : all.body.toObject().value(QLatin1String("jobs")).toArray()) {
        if (qint64(job.toObject().value(QLatin1String("id")).toDouble()) == id)
            return RestReply::ok(job);
    }
    return RestReply::failure(Error::notFound(QStringLiteral("no job %1").arg(id)));
}

RestReply JobWaiter::follow(const CommandRunner &runner, const QString &workspace, qint64 id,
                            bool wait)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        quint64 seen = 0;
        {
            std::lock_guard lock(m_mutex);
            seen = m_generation;
        }
        // Read after the generation: a change from now on wakes the wait below.
        RestReply now = find(runner, workspace, id);
        if (now.status != 200)
            return now;
        const QJsonObject job = now.body.toObject();
        if (auto end = ended(job))
            return *end;
        const bool backingOff =
            job.value(QLatin1String("state")).toString() == QLatin1String("queued") &&
            job.value(QLatin1String("attempts")).toInt() > 0;
        std::unique_lock lock(m_mutex);
        if (!wait || m_closed || (backingOff && waited.elapsed() > retryWaitMs))
            return {202, job};
        m_changed.wait_for(lock, std::chrono::milliseconds(pollMs),
                           [&] { return m_closed || m_generation != seen; });
    }
}

void JobWaiter::close()
{
    std::lock_guard lock(m_mutex);
    m_closed = true;
    m_changed.notify_all();
}

void JobWaiter::bump()
{
    std::lock_guard lock(m_mutex);
    ++m_generation;
    m_changed.notify_all();
}

} // namespace hawkmoth
