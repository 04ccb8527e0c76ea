#pragma once
// What a caller hands to one long operation of the async API: a way to cancel it and where its
// progress and notes go. The CLI passes plain functions (stderr); a long-lived caller (the window,
// the REST server) passes ProgressChannel::control(), which turns them into Qt signals on its own
// thread instead of calls on a pool thread.

#include "Cancellation.h"

#include <QString>

#include <functional>

namespace hawkmoth {

struct OperationControl
{
    CancelToken cancel;
    ProgressFn progress;                       // may be empty; called from the operation's thread
    std::function<void(const QString &)> note; // lines for people; may be empty

    void report(const Progress &p) const
    {
        if (progress)
            progress(p);
    }
    void say(const QString &line) const
    {
        if (note)
            note(line);
    }
};

} // namespace hawkmoth
