#pragma once
// Cooperative cancellation and progress reporting shared by every long operation.

#include <QtGlobal>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace hawkmoth {

// A copyable handle to one cancellation flag; all copies see the same state.
class CancelToken
{
public:
    CancelToken()
        : m_flags{std::make_shared<std::atomic_bool>(false)}
    {}
    void cancel() const { m_flags.front()->store(true, std::memory_order_relaxed); }
    bool isCancelled() const
    {
        for (const auto &flag : m_flags) {
            if (flag->load(std::memory_order_relaxed))
                return true;
        }
        return false;
    }
    // A token of its own that is also cancelled when this one is: one job of a run can be
    // cancelled without stopping the run.
    CancelToken linked() const
    {
        CancelToken child;
        child.m_flags.insert(child.m_flags.end(), m_flags.begin(), m_flags.end());
        return child;
    }

private:
    std::vector<std::shared_ptr<std::atomic_bool>> m_flags; // its own first, then its parents'
};

struct Progress
{
    qint64 bytesDone = 0;
    qint64 bytesTotal = 0;
    qint64 filesDone = 0;
    qint64 filesTotal = 0;
    qint64 objectsDone = 0; // git objects sent or received (push, fetch)
    qint64 objectsTotal = 0;

    bool operator==(const Progress &) const = default;
};

using ProgressFn = std::function<void(const Progress &)>;

} // namespace hawkmoth
