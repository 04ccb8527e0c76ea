#pragma once
// Delivers the result of a core future to a receiver in the GUI thread, or drops it when the
// receiver is gone by then. Qt 6.4's future.then(context, f) asserts (Q_ASSERT(context), so in
// every Debug build) when the context is destroyed before the future finishes — a model or panel
// closed while its read runs — so models and widgets use this instead.

#include <QCoreApplication>
#include <QFuture>
#include <QPointer>

#include <utility>

namespace hawkmoth {

// f(const T &) runs later in the application's thread (where receiver must live), never at once,
// even for a future that has already finished; not at all once receiver is destroyed.
template<typename T, typename F>
void deliver(QFuture<T> future, QObject *receiver, F f)
{
    QPointer<QObject> guard(receiver);
    future.then(QtFuture::Launch::Sync, [guard, f = std::move(f)](QFuture<T> done) mutable {
        if (done.resultCount() == 0)
            return; // cancelled: the pool was shut down
        // Posted to the application object, which outlives every receiver; the guard is looked
        // at in the receiver's own thread, so it cannot go away in between.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [guard, f = std::move(f), value = done.result()]() mutable {
                if (guard)
                    f(value);
            },
            Qt::QueuedConnection);
    });
}

} // namespace hawkmoth
