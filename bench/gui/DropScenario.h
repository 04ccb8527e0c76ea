#pragma once
// Scenario 1: local files dropped on the project tree of the open window (drag enter, move and
// drop on its viewport, as a file manager delivers them) are imported, then synced to the Hub
// with the window's Sync Now; the stall probe runs throughout. Ends when the import has finished
// and the sync job, and any job it left due, has ended (as the core's notifications tell).

#include "ChangeNotifier.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

namespace hawkmoth::bench {

class StallProbe;
class WindowRig;

class DropScenario : public QObject
{
    Q_OBJECT

public:
    DropScenario(WindowRig &rig, StallProbe &probe, QStringList sources, QObject *parent = nullptr);

    // The window is open; waits for its tree, then drops.
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void whenTreeShown();
    void drop();
    void imported(int files, int failed);
    void jobFinished(const QString &workspace, const JobChange &job);
    void checkQueue();
    void finish(int exitCode, const QString &error = {});

    WindowRig &m_rig;
    StallProbe &m_probe;
    QStringList m_sources;
    QElapsedTimer m_phase;
    bool m_syncing = false;
    bool m_done = false;
};

} // namespace hawkmoth::bench
