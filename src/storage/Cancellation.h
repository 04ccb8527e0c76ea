#pragma once
// Cooperative cancellation and progress reporting shared by every long operation.

#include <QtGlobal>

#include <atomic>
#include <functional>
#include <memory>

namespace hawkmoth {

// A copyable handle to one cancellation flag; all copies see the same state.
class CancelToken
{
public:
    CancelToken()
        : m_flag(std::make_shared<std::atomic_bool>(false))
    {}
    void cancel() const { m_flag->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_flag->load(std::memory_order_relaxed); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

struct Progress
{
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
};

using ProgressFn = std::function<void(const Progress &)>;

} // namespace hawkmoth
