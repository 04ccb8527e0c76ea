#include "Report.h"

#include "StallProbe.h"

#include <QFile>
#include <QRegularExpression>

#include <cstdio>
#include <sys/resource.h>

namespace hawkmoth::bench {

void report(const QString &key, double value)
{
    std::printf("%s %.3f\n", qPrintable(key), value);
    std::fflush(stdout);
}

void report(const QString &key, const QString &value)
{
    std::printf("%s %s\n", qPrintable(key), qPrintable(value));
    std::fflush(stdout);
}

void reportStalls(const StallProbe &probe)
{
    QStringList phases = probe.phases();
    phases.append(QString()); // every phase but the window opening
    for (const QString &phase : std::as_const(phases)) {
        const StallProbe::Stats st = probe.stats(phase);
        const QString key =
            QStringLiteral("stall.") + (phase.isEmpty() ? QStringLiteral("all") : phase);
        report(key + QStringLiteral(".ticks"), double(st.ticks));
        report(key + QStringLiteral(".span_ms"), st.spanMs);
        report(key + QStringLiteral(".p50_ms"), st.p50Ms);
        report(key + QStringLiteral(".p99_ms"), st.p99Ms);
        report(key + QStringLiteral(".max_ms"), st.maxMs);
    }
    // Where to look: each worst stall with the time (since the probe started) it ended at.
    for (const StallProbe::Stall &s : probe.worst(10))
        std::fprintf(stderr, "stall %8.1f ms, ended at %9.1f ms (%s)\n", s.lateMs, s.atMs,
                     qPrintable(s.phase));
}

void reportMemory(const QString &prefix)
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    report(prefix + QStringLiteral(".peak_rss_kib"), double(usage.ru_maxrss));
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        static const QRegularExpression vmRss(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
        const QRegularExpressionMatch m = vmRss.match(QString::fromLatin1(status.readAll()));
        if (m.hasMatch())
            report(prefix + QStringLiteral(".rss_kib"), m.captured(1).toDouble());
    }
}

} // namespace hawkmoth::bench
