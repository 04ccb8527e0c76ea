#pragma once
// An owning file descriptor with error-returning reads: the fast path for hashing and scanning,
// where QFile's buffering and locking cost measurable time.

#include "Result.h"
#include "UniqueFd.h"

#include <QString>

#include <functional>
#include <optional>

namespace hawkmoth {

class PosixFile
{
public:
    enum class Links
    {
        Follow,
        Refuse // O_NOFOLLOW: a path that is (or became) a symbolic link is refused
    };
    // Refuses anything but a regular file (FIFOs, devices, sockets), without blocking on it.
    static Result<PosixFile> openForReading(const QString &path, Links links = Links::Follow);

    // Reads up to size bytes; 0 at end of file. Retries on EINTR.
    Result<qint64> read(char *data, qint64 size);
    // Reads up to size bytes at offset, leaving the file position alone (pread): several readers
    // may share one descriptor. 0 at end of file. Retries on EINTR.
    Result<qint64> readAt(char *data, qint64 size, qint64 offset) const;
    // Reads until size bytes or end of file.
    Result<qint64> readFully(char *data, qint64 size);
    // Reads the rest of the file in 1 MiB pieces, handing each to sink.
    Status readChunks(const std::function<void(const char *, size_t)> &sink);
    qint64 size() const;
    void adviseSequential();
    int fd() const { return m_fd.get(); }

private:
    PosixFile(int fd, QString path)
        : m_fd(fd)
        , m_path(std::move(path))
    {}
    // A read that found O_NONBLOCK honoured (opened with it, for FIFOs) clears it: true to retry.
    bool blockAgain() const;
    UniqueFd m_fd;
    QString m_path;
};

struct PathStat
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    unsigned mode = 0;
    bool isDir() const;
    bool isRegular() const;
    bool isSymLink() const;
};
// lstat (stat with follow): nothing when the path does not exist, an error when it cannot be read.
Result<std::optional<PathStat>> statPath(const QString &absolute, bool follow = false);
// statPath() of name in the open folder folderFd (AT_FDCWD: the working folder); path names it
// in messages.
Result<std::optional<PathStat>> statAt(int folderFd, const char *name, const QString &path,
                                       bool follow = false);

// rename() that never replaces an existing target (renameat2 RENAME_NOREPLACE); where the file
// system knows no such flag (EINVAL: some FUSE, NFS, older overlayfs) an existence check and a
// plain rename. 0, or -1 with errno set (EEXIST when the target exists).
int renameWithoutReplacing(const QString &from, const QString &to);

// Describes errno for a user: "no space left on device" and the like.
QString describeErrno(int error);
// "a FIFO (named pipe)", "a character device"... for a stat mode.
QString describeFileType(unsigned mode);

} // namespace hawkmoth
