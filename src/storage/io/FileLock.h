#pragma once
// A lock on a file (flock), held while the object lives: exclusive, or shared with other readers.
// The kernel drops it when its holder dies, so a crash or kill -9 never leaves a stale lock to
// guess about, and taking it costs no write to disk. The holder's pid is kept in the file for
// messages.

#include "Result.h"
#include "UniqueFd.h"

#include <QString>

#include <memory>
#include <utility>

namespace hawkmoth {

class FileLock
{
public:
    enum class Mode
    {
        Exclusive,
        Shared
    };
    // Waits up to waitMs; Conflict (naming the holder's pid) when another holder keeps it.
    static Result<std::unique_ptr<FileLock>> acquire(const QString &path, int waitMs,
                                                     Mode mode = Mode::Exclusive);
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

    // The pid written by the current (or last) holder, or 0.
    static qint64 holderPid(const QString &path);

private:
    explicit FileLock(UniqueFd fd)
        : m_fd(std::move(fd))
    {}
    UniqueFd m_fd; // closing it releases the lock
};

} // namespace hawkmoth
