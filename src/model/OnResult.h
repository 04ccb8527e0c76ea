#pragma once
// Delivers a future's result to a function on the guard's thread, and never once the guard is gone:
// with Qt 6.4, future.then(context, f) asserts when the context dies before the future ends (a
// dialog closed while its operation runs). A QFutureWatcher owned by the guard goes with it, as
// Qt Creator's onResultReady(future, guard, f) does.

#include <QFuture>
#include <QFutureWatcher>

#include <utility>

namespace hawkmoth {

template<typename T, typename F>
void onResult(const QFuture<T> &future, QObject *guard, F &&f)
{
    auto *watcher = new QFutureWatcher<T>(guard);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, f = std::forward<F>(f)]() mutable {
                         watcher->deleteLater();
                         // A future cancelled before it ran (the pool shutting down) has no result.
                         if (watcher->future().resultCount() > 0)
                             f(watcher->result());
                     });
    watcher->setFuture(future);
}

} // namespace hawkmoth
