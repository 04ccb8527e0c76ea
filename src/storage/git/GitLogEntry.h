#pragma once
// What reading the past gives back (see GitHistory.h), without libgit2's headers: the async API
// hands these to callers that must not see libgit2.

#include <QDateTime>
#include <QStringList>

namespace hawkmoth::git {

struct LogEntry
{
    QString oid;
    QString author;
    QString email;
    QDateTime time;
    QString summary;
};

struct WorkingChanges
{
    QStringList added;
    QStringList modified;
    QStringList deleted;
    int count() const { return int(added.size() + modified.size() + deleted.size()); }
};

// A git-layer file the last commit had to leave out (it could not be read), and why.
struct NotCommitted
{
    QString path;
    QString error;
};

} // namespace hawkmoth::git
