#include "BenchApplication.h"

#include <QEvent>
#include <QWidget>

#include <QMetaEnum>
#include <QThread>

#include <cstdio>
#include <ctime>

namespace hawkmoth::bench {

namespace {

// CPU time of the calling thread: a slow event that used little of it waited (for a lock, or for
// a core on a loaded machine) rather than worked.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

} // namespace

BenchApplication::BenchApplication(int &argc, char **argv)
    : QApplication(argc, argv)
    , m_slowNs(qEnvironmentVariableIntValue("BENCH_SLOW_EVENT_MS") * 1000000LL)
{
    if (m_slowNs <= 0)
        m_slowNs = 30 * 1000000LL;
    m_clock.start();
}

void BenchApplication::watchPaint(QWidget *widget, std::function<bool()> ready,
                                  std::function<void()> done)
{
    m_widget = widget;
    m_ready = std::move(ready);
    m_done = std::move(done);
}

bool BenchApplication::notify(QObject *receiver, QEvent *event)
{
    if (m_widget == nullptr || receiver != m_widget || event->type() != QEvent::Paint)
        return dispatch(receiver, event);
    const bool ready = m_ready();
    const bool handled = dispatch(receiver, event);
    if (ready) {
        m_widget = nullptr;
        auto done = std::move(m_done);
        done();
    }
    return handled;
}

} // namespace hawkmoth::bench

namespace hawkmoth::bench {

bool BenchApplication::dispatch(QObject *receiver, QEvent *event)
{
    if (QThread::currentThread() != thread())
        return QApplication::notify(receiver, event);
    // The event, and the receiver of a DeferredDelete, may be gone once it was handled.
    const QEvent::Type type = event->type();
    const char *className = receiver->metaObject()->className();
    const QString objectName = receiver->objectName();
    const qint64 start = m_clock.nsecsElapsed();
    const qint64 cpuStart = threadCpuNs();
    ++m_depth;
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 took = m_clock.nsecsElapsed() - start;
    if (took >= m_slowNs) {
        // Nested events (a paint inside an update request) print before their parent.
        const char *name = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
        const double cpuMs = double(threadCpuNs() - cpuStart) / 1e6;
        std::fprintf(stderr,
                     "slow event %7.1f ms (%.1f ms CPU), ended at %9.1f ms, depth %d: %s to %s "
                     "'%s'\n",
                     double(took) / 1e6, cpuMs, double(start + took) / 1e6, m_depth,
                     name ? name : "?", className, qPrintable(objectName));
    }
    return handled;
}

} // namespace hawkmoth::bench
