#pragma once
// The benchmark's QApplication: it can tell when a widget has finished painting. An event filter
// sees a paint event before the widget paints; notify() returns after, so the time taken there
// includes the paint itself, as a user would see it. It also logs every event the GUI thread took
// longer than BENCH_SLOW_EVENT_MS (default 30) to handle, with its receiver: where stalls come
// from.

#include <QApplication>
#include <QElapsedTimer>

#include <functional>

namespace hawkmoth::bench {

class BenchApplication : public QApplication
{
    Q_OBJECT

public:
    BenchApplication(int &argc, char **argv);

    // Once a paint of widget has completed while ready() held at its start, calls done (once).
    // A new watch replaces the previous one.
    void watchPaint(QWidget *widget, std::function<bool()> ready, std::function<void()> done);

    bool notify(QObject *receiver, QEvent *event) override;

private:
    bool dispatch(QObject *receiver, QEvent *event);

    QElapsedTimer m_clock;
    qint64 m_slowNs;
    int m_depth = 0;
    QWidget *m_widget = nullptr;
    std::function<bool()> m_ready;
    std::function<void()> m_done;
};

} // namespace hawkmoth::bench
