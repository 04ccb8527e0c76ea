#pragma once
// Hands a future's result to a callback on the guard's thread once the future finishes, never
// after the guard is gone and never synchronously inside the call (a finished future still
// answers on the next event-loop turn).
// Qt 6.4's then(context, ...) asserts when its context dies before the future ends (a model or
// widget closed while a listing runs); a watcher owned by the guard simply dies with it.

#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace hawkmoth {

template<typename T, typename F>
void onResult(const QFuture<T> &future, QObject *guard, F &&callback)
{
    auto *watcher = new QFutureWatcher<T>(guard);
    QObject::connect(watcher, &QFutureWatcherBase::finished, guard,
                     [watcher, callback = std::forward<F>(callback)]() mutable {
                         watcher->deleteLater();
                         const QFuture<T> done = watcher->future();
                         if (!done.isCanceled() && done.resultCount() > 0)
                             callback(done.result());
                     });
    watcher->setFuture(future);
}

} // namespace hawkmoth
