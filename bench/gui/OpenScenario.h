#pragma once
// Scenario 2: opening the window on a large workspace, as `hawkmoth --workspace BIG` does (the
// core starts, switches to it, the window opens), timed to the first paint of the tree with rows;
// then switching from the workspace switcher to a small workspace and back, each timed from the
// pick to the first paint of the new workspace's rows. Reports memory with the large one open.

#include <QElapsedTimer>
#include <QList>
#include <QObject>

#include <functional>

namespace hawkmoth::bench {

class BenchApplication;
class StallProbe;
class WindowRig;

class OpenScenario : public QObject
{
    Q_OBJECT

public:
    OpenScenario(BenchApplication &app, WindowRig &rig, StallProbe &probe, QString big,
                 QString small, int switches, QObject *parent = nullptr);

    // Starts the core itself: the clock runs from here.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void open();
    void nextSwitch();
    // Picks name in the switcher; done gets the time to the first paint of its rows.
    void pick(const QString &name, const std::function<void(double)> &done);
    // Calls done once a paint of the tree's viewport has shown rows of workspace name.
    void afterPaintOf(const QString &name, const std::function<void()> &done);
    void finish(int exitCode, const QString &error = {});

    BenchApplication &m_app;
    WindowRig &m_rig;
    StallProbe &m_probe;
    QString m_big;
    QString m_small;
    int m_switches;
    QElapsedTimer m_clock;
    QList<double> m_toSmall;
    QList<double> m_toBig;
    bool m_done = false;
};

} // namespace hawkmoth::bench
