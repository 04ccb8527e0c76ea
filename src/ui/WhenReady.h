#pragma once
// Runs a callback with a future's result on the guard's thread once the future finishes — never
// after the guard is gone, and never synchronously inside the call (a finished future's result
// still arrives on the next event-loop turn). Qt 6.4's then(context, …) asserts when its context
// dies first, which a closed tab or dialog does routinely.

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace hawkmoth {

template<typename T, typename F>
void onResult(const QFuture<T> &future, QObject *guard, F &&callback)
{
    // Owned by the guard: destroyed with it, and with it the connection to the callback.
    auto *watcher = new QFutureWatcher<T>(guard);
    QObject::connect(watcher, &QFutureWatcherBase::finished, guard,
                     [watcher, callback = std::forward<F>(callback)]() mutable {
                         watcher->deleteLater();
                         const QFuture<T> done = watcher->future();
                         if (done.isCanceled() || done.resultCount() == 0)
                             return;
                         callback(done.result());
                     });
    watcher->setFuture(future);
}

} // namespace hawkmoth
