#pragma once
// Measures how late the GUI thread serves a timer: a precise timer fires every few milliseconds
// and records by how much each tick came later than asked. A tick that comes 40 ms late means the
// event loop was busy (or blocked) for 40 ms: no input, no paint in that time. Samples are kept
// per phase (open, import, sync...) so a report can say where the stalls were.

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <vector>

namespace hawkmoth::bench {

class StallProbe : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        qint64 ticks = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
        double spanMs = 0; // how long the phase lasted
    };
    struct Stall
    {
        double lateMs = 0;
        double atMs = 0; // since start(), when the late tick came
        QString phase;
    };

    explicit StallProbe(int intervalMs = 4, QObject *parent = nullptr);

    void start();
    void stop();
    // Later ticks belong to phase (the first phase is "start"); a phase may come back.
    void mark(const QString &phase);
    // One phase, or every tick but those of "start" (the window opening) when phase is empty.
    Stats stats(const QString &phase = {}) const;
    // The n latest-served ticks, the worst first.
    QList<Stall> worst(int n) const;
    QStringList phases() const { return m_phases; }
    double elapsedMs() const { return double(m_clock.nsecsElapsed()) / 1e6; }

private:
    struct Sample
    {
        qint64 lateNs;
        qint64 atNs;
        int phase;
    };
    void tick();

    int m_intervalMs;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    std::vector<Sample> m_samples;
    QStringList m_phases; // unique names; samples refer to them by index
    struct Segment
    {
        qint64 startNs;
        int phase;
    };
    std::vector<Segment> m_segments; // when each phase began, in order
    qint64 m_stopNs = -1;
};

} // namespace hawkmoth::bench
