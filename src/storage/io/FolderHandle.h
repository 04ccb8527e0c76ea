#pragma once
// An open folder that names are looked up from (openat, fstatat, linkat) instead of walking the
// whole path for each: a writer of thousands of files into one folder saves most of the kernel's
// path lookups, and a folder swapped for a link after it was opened is not followed.

#include "Result.h"
#include "UniqueFd.h"

#include <QString>

#include <optional>
#include <sys/stat.h>

namespace hawkmoth {

class FolderHandle
{
public:
    // The folder at path (links in the path are followed, as by open()).
    static Result<FolderHandle> open(const QString &path);

    int fd() const { return m_fd.get(); }
    const QString &path() const { return m_path; }
    // lstat of a name in the folder: nullopt when nothing is there; errno otherwise on failure.
    Result<std::optional<struct stat>> statName(const QByteArray &name) const;
    // Creates the folder name in this one: true when made, false when something stands there.
    Result<bool> makeChild(const QByteArray &name) const;
    // The folder name in this one, opened without following a link: nothing when a link, a file
    // or nothing stands there (the caller's full path checks say which).
    Result<std::optional<FolderHandle>> openChild(const QByteArray &name) const;
    // Both on one file system (false when either cannot be looked at).
    bool sameFileSystem(const FolderHandle &other) const;

private:
    FolderHandle(int fd, QString path);

    UniqueFd m_fd;
    QString m_path;
};

} // namespace hawkmoth
