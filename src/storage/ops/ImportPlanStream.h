#pragma once
// Hands an import the files ImportPlanner finds while it is still walking, so that copying starts
// with the first folder instead of after the last one: the walk runs on a pool thread beside the
// copying when one is free, else on the caller's thread the first time it runs out of files.

#include "ImportPlanner.h"
#include "PoolHelpers.h"

#include <QMutex>
#include <QWaitCondition>

#include <memory>

class QThreadPool;

namespace hawkmoth {

class ImportPlanStream
{
public:
    // The planner is kept by reference until the stream is gone.
    ImportPlanStream(const ImportPlanner &planner, QThreadPool *pool);
    ~ImportPlanStream(); // stops the walk and waits for it
    ImportPlanStream(const ImportPlanStream &) = delete;
    ImportPlanStream &operator=(const ImportPlanStream &) = delete;

    // The checks that refuse a whole import before anything is copied; then the walk starts.
    // Returns what the checks left out or refused among the sources themselves (their files come
    // through next()); what the walk leaves out is in rest().
    Result<ImportPlan> start(const QStringList &sources, const QString &destDir,
                             const QHash<QString, QString> &names);
    // Replaces into with the next files found, waiting for the walk if it has none yet; false once
    // every file has been handed out.
    bool next(QList<ImportPlan::File> &into);
    // Files and bytes found so far, and whether the walk is over (the totals are final then).
    qint64 filesFound() const;
    qint64 bytesFound() const;
    bool complete() const;
    // Stops the walk where it is (files not handed out yet are dropped) and waits for it.
    void stop();
    // Links, skipped paths and refused items; read after stop() (complete once next() returned
    // false).
    const ImportPlan &rest() const { return m_plan; }

private:
    void walkAll(); // on whichever thread runs the walk
    bool handOver(ImportPlan &plan);

    const ImportPlanner &m_planner;
    QThreadPool *m_pool;
    QList<ImportPlanner::Root> m_roots;
    ImportPlan m_plan; // the walk's; files move to m_ready as they are found

    mutable QMutex m_mutex;
    QWaitCondition m_found;
    QList<ImportPlan::File> m_ready;
    qint64 m_files = 0;
    qint64 m_bytes = 0;
    bool m_started = false;
    bool m_done = false;
    bool m_stopped = false;
    std::unique_ptr<PoolHelpers> m_walker;
};

} // namespace hawkmoth
