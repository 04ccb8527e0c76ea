#include "JobText.h"

#include "AmountText.h"
#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace hawkmoth::jobtext {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("JobText", text);
}

QString when(qint64 ms, qint64 nowMs)
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(ms);
    const QLocale locale;
    // A time today needs no date; a retry days away (a long hold) does.
    if (at.date() == QDateTime::fromMSecsSinceEpoch(nowMs).date())
        return locale.toString(at.time(), QStringLiteral("HH:mm:ss"));
    return locale.toString(at, QLocale::ShortFormat);
}

} // namespace

QString kind(const QString &kind)
{
    if (kind == QLatin1String("sync"))
        return tr("Sync");
    if (kind == QLatin1String("pull"))
        return tr("Pull");
    if (kind == QLatin1String("sync.held"))
        return tr("Sync (waiting step)");
    if (kind == QLatin1String("pull.held"))
        return tr("Pull (waiting step)");
    if (kind == QLatin1String("relayer"))
        return tr("Move to layer");
    return kind;
}

QString state(const Job &job, qint64 nowMs)
{
    if (job.state == JobState::Running && job.cancelRequested)
        return tr("cancelling");
    if (job.state == JobState::Queued && job.holdUntilMs > nowMs)
        return tr("held");
    if (job.state == JobState::Queued && job.attempts > 0 && job.nextAttemptMs > nowMs)
        return tr("retrying");
    switch (job.state) {
    case JobState::Queued:
        return tr("queued");
    case JobState::Running:
        return tr("running");
    case JobState::Done:
        return tr("done");
    case JobState::Failed:
        return tr("failed");
    case JobState::Cancelled:
        return tr("cancelled");
    case JobState::Blocked:
        return tr("blocked");
    }
    return {};
}

QString progress(const Progress &p)
{
    // Short enough for a progress bar in a table cell: "1.2 MiB / 4.0 MiB · 3/10 files".
    const auto size = amounttext::bytes;
    QStringList parts;
    if (p.bytesTotal > 0)
        parts.append(tr("%1 / %2").arg(size(p.bytesDone), size(p.bytesTotal)));
    else if (p.bytesDone > 0)
        parts.append(size(p.bytesDone));
    if (p.filesTotal > 0)
        parts.append(tr("%1/%2 files").arg(p.filesDone).arg(p.filesTotal));
    if (parts.isEmpty() && p.objectsTotal > 0)
        parts.append(tr("%1/%2 objects").arg(p.objectsDone).arg(p.objectsTotal));
    return parts.join(QStringLiteral(" · "));
}

double fraction(const Progress &p)
{
    auto ratio = [](qint64 done, qint64 total) {
        return qBound(0.0, double(done) / double(total), 1.0);
    };
    if (p.bytesTotal > 0)
        return ratio(p.bytesDone, p.bytesTotal);
    if (p.filesTotal > 0)
        return ratio(p.filesDone, p.filesTotal);
    if (p.objectsTotal > 0)
        return ratio(p.objectsDone, p.objectsTotal);
    return -1;
}

QString nextAttempt(const Job &job, qint64 nowMs)
{
    if (job.state == JobState::Blocked)
        return tr("when unblocked");
    if (job.state != JobState::Queued)
        return {};
    if (job.holdUntilMs > nowMs)
        return tr("held until %1").arg(when(job.holdUntilMs, nowMs));
    if (job.nextAttemptMs > nowMs)
        return when(job.nextAttemptMs, nowMs);
    return tr("now");
}

} // namespace hawkmoth::jobtext
