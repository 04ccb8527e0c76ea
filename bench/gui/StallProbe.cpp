#include "StallProbe.h"

#include <algorithm>

namespace hawkmoth::bench {

namespace {

double percentile(std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto at = size_t(p * double(sorted.size() - 1) + 0.5);
    return double(sorted[std::min(at, sorted.size() - 1)]) / 1e6;
}

} // namespace

StallProbe::StallProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_intervalMs(intervalMs)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

void StallProbe::start()
{
    m_samples.clear();
    m_samples.reserve(1 << 20);
    m_phases = {QStringLiteral("start")};
    m_clock.start();
    m_segments = {{0, 0}};
    m_stopNs = -1;
    m_lastNs = 0;
    m_timer.start();
}

void StallProbe::stop()
{
    m_timer.stop();
    m_stopNs = m_clock.nsecsElapsed();
}

void StallProbe::mark(const QString &phase)
{
    qsizetype index = m_phases.indexOf(phase);
    if (index < 0) {
        index = m_phases.size();
        m_phases.append(phase);
    }
    m_segments.push_back({m_clock.nsecsElapsed(), int(index)});
}

void StallProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    // Lateness: the gap since the previous tick beyond the interval asked for. Qt schedules the
    // next tick from the time this one was due, so a busy loop shows as one long gap.
    const qint64 late = std::max<qint64>(0, now - m_lastNs - qint64(m_intervalMs) * 1000000);
    m_samples.push_back({late, now, m_segments.back().phase});
    m_lastNs = now;
}

StallProbe::Stats StallProbe::stats(const QString &phase) const
{
    const int wanted = phase.isEmpty() ? -1 : int(m_phases.indexOf(phase));
    auto counts = [wanted](int p) { return wanted < 0 ? p > 0 : p == wanted; };
    std::vector<qint64> late;
    for (const Sample &s : m_samples) {
        if (counts(s.phase))
            late.push_back(s.lateNs);
    }
    std::sort(late.begin(), late.end());
    Stats st;
    st.ticks = qint64(late.size());
    st.p50Ms = percentile(late, 0.50);
    st.p99Ms = percentile(late, 0.99);
    st.maxMs = late.empty() ? 0 : double(late.back()) / 1e6;
    const qint64 end = m_stopNs >= 0 ? m_stopNs : m_clock.nsecsElapsed();
    for (size_t i = 0; i < m_segments.size(); ++i) {
        const qint64 until = i + 1 < m_segments.size() ? m_segments[i + 1].startNs : end;
        if (counts(m_segments[i].phase))
            st.spanMs += double(until - m_segments[i].startNs) / 1e6;
    }
    return st;
}

QList<StallProbe::Stall> StallProbe::worst(int n) const
{
    std::vector<Sample> sorted = m_samples;
    const auto count = std::min<size_t>(size_t(n), sorted.size());
    std::partial_sort(sorted.begin(), sorted.begin() + qsizetype(count), sorted.end(),
                      [](const Sample &a, const Sample &b) { return a.lateNs > b.lateNs; });
    QList<Stall> out;
    for (size_t i = 0; i < count; ++i)
        out.append({double(sorted[i].lateNs) / 1e6, double(sorted[i].atNs) / 1e6,
                    m_phases.value(sorted[i].phase)});
    return out;
}

} // namespace hawkmoth::bench
