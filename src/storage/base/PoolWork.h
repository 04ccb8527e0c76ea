#pragma once
// Work for the process's one thread pool (StorageContext::pool). Without a pool — a context made
// by a test or by the index repair — the work runs on the calling thread: no thread is ever started
// anywhere else. For work a pool thread waits on, use PoolHelpers: its waits never depend on a
// queued task, where a future's wait does on how Qt steals tasks back.

#include <QFuture>
#include <QPromise>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>

namespace hawkmoth {

template<typename F>
auto runOnPool(QThreadPool *pool, F &&f) -> QFuture<std::invoke_result_t<F>>
{
    using R = std::invoke_result_t<F>;
    if (pool)
        return QtConcurrent::run(pool, std::forward<F>(f));
    QPromise<R> promise;
    promise.start();
    if constexpr (std::is_void_v<R>)
        f();
    else
        promise.addResult(f());
    promise.finish();
    return promise.future();
}

} // namespace hawkmoth
