#include "DiskScanner.h"

#include "PosixFile.h"

#include <QFile>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

// Owns a DIR* for the duration of one folder's listing.
struct DirCloser
{
    void operator()(DIR *d) const { ::closedir(d); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

class Walker
{
public:
    Walker(DiskScan &out, const CancelToken &cancel) : m_out(out), m_cancel(cancel) {}

    // dirFd is consumed. prefix is the folder's relative path with a trailing '/' (or empty).
    Status walk(int dirFd, const QByteArray &prefix)
    {
        DirHandle dir(::fdopendir(dirFd));
        if (!dir) {
            ::close(dirFd);
            return Error::io(QStringLiteral("cannot list '%1': %2")
                                 .arg(QFile::decodeName(prefix), describeErrno(errno)));
        }
        std::vector<QByteArray> subdirs;
        while (dirent *entry = ::readdir(dir.get())) {
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            if (prefix.isEmpty() && DiskScanner::isInternalTopLevel(QFile::decodeName(name)))
                continue;
            unsigned char type = entry->d_type;
            struct stat st{};
            if (type == DT_UNKNOWN || type == DT_REG) {
                if (::fstatat(::dirfd(dir.get()), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    m_out.skipped.append(QFile::decodeName(prefix + name));
                    continue;
                }
                type = S_ISREG(st.st_mode) ? DT_REG : S_ISDIR(st.st_mode) ? DT_DIR : DT_LNK;
            }
            if (type == DT_DIR) {
                subdirs.push_back(QByteArray(name));
            } else if (type == DT_REG) {
                m_out.files.push_back({QFile::decodeName(prefix + name), qint64(st.st_size),
                                       qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec});
            } else {
                m_out.skipped.append(QFile::decodeName(prefix + name));
            }
        }
        for (const QByteArray &sub : subdirs) {
            if (m_cancel.isCancelled())
                return Error::cancelled();
            const int fd = ::openat(::dirfd(dir.get()), sub.constData(),
                                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                m_out.skipped.append(QFile::decodeName(prefix + sub));
                continue;
            }
            HM_TRY(walk(fd, prefix + sub + '/'));
        }
        return {};
    }

private:
    DiskScan &m_out;
    const CancelToken &m_cancel;
};

} // namespace

bool DiskScanner::isInternalTopLevel(const QString &name)
{
    return name == QLatin1String(".git") || name == QLatin1String(".hawkmoth");
}

Result<DiskScan> DiskScanner::scan(const QString &root, const QString &subdir,
                                   const CancelToken &cancel)
{
    const QString start = subdir.isEmpty() ? root : root + QLatin1Char('/') + subdir;
    const int fd = ::open(QFile::encodeName(start).constData(),
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return Error::io(QStringLiteral("cannot open folder '%1': %2").arg(start, describeErrno(errno)));
    DiskScan out;
    out.files.reserve(1024);
    Walker walker(out, cancel);
    HM_TRY(walker.walk(fd, subdir.isEmpty() ? QByteArray() : QFile::encodeName(subdir) + '/'));
    return out;
}

} // namespace hawkmoth
