#include "DiskScanner.h"

#include "PoolHelpers.h"
#include "PosixFile.h"
#include "UniqueFd.h"

#include <QFile>
#include <QThread>

#include <condition_variable>
#include <deque>
#include <mutex>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

struct DirCloser
{
    void operator()(DIR *d) const { ::closedir(d); }
};
using DirHandle = std::unique_ptr<DIR, DirCloser>;

// Folders are listed by a few workers sharing a queue — the calling thread and the pool's threads
// that are free: the walk is bound by stat() system calls, and, like git's preloaded index,
// spreading them over the cores is what makes a rescan of 100,000 files as fast as `git status`.
// A worker waits only while another one lists a folder, never for one that has not started.
class ParallelWalk
{
public:
    ParallelWalk(int rootFd, const CancelToken &cancel)
        : m_rootFd(rootFd)
        , m_cancel(cancel)
    {}

    // meanwhile runs on the calling thread while the helpers walk; then it walks too.
    DiskScan run(const QByteArray &start, QThreadPool *pool, int helpers,
                 const std::function<void()> &meanwhile)
    {
        m_queue.push_back(start);
        std::vector<DiskScan> parts(static_cast<size_t>(helpers + 1));
        {
            PoolHelpers others(pool, helpers, [this, &parts](int i) { work(parts[size_t(i)]); });
            if (meanwhile)
                meanwhile();
            work(parts[0]);
            others.finish();
        }
        DiskScan out;
        size_t total = 0;
        qsizetype bytes = 0;
        for (const DiskScan &p : parts) {
            total += p.files.size();
            bytes += p.names.size();
        }
        out.files.reserve(total);
        out.names.reserve(bytes);
        for (DiskScan &p : parts) {
            const auto base = quint32(out.names.size());
            out.names.append(p.names);
            for (DiskFile f : p.files) {
                f.pathOffset += base;
                out.files.push_back(f);
            }
            out.skipped += p.skipped;
            out.folders += p.folders;
        }
        return out;
    }

    // The files directly in one folder, on the calling thread.
    DiskScan one(const QByteArray &prefix)
    {
        DiskScan out;
        std::vector<QByteArray> subfolders;
        listFolder(prefix, out, subfolders);
        return out;
    }

private:
    void work(DiskScan &out)
    {
        for (;;) {
            QByteArray folder;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return !m_queue.empty() || m_busy == 0; });
                if (m_queue.empty())
                    return; // nothing queued and nobody listing: the walk is complete
                folder = std::move(m_queue.front());
                m_queue.pop_front();
                ++m_busy;
            }
            std::vector<QByteArray> subfolders;
            if (!m_cancel.isCancelled())
                listFolder(folder, out, subfolders);
            {
                std::lock_guard lock(m_mutex);
                for (QByteArray &s : subfolders)
                    m_queue.push_back(std::move(s));
                --m_busy;
            }
            m_wake.notify_all();
        }
    }

    // prefix: the folder's relative path with a trailing '/', or empty for the root.
    void listFolder(const QByteArray &prefix, DiskScan &out, std::vector<QByteArray> &subfolders)
    {
        UniqueFd fd(prefix.isEmpty() ? ::dup(m_rootFd)
                                     : ::openat(m_rootFd, prefix.constData(),
                                                O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
        if (!fd.valid()) {
            skipFolder(prefix, errno, out);
            return;
        }
        // A repository inside the workspace (a clone, a submodule) keeps its own history: git
        // cannot take its files into ours, and one such folder would fail every commit.
        if (!prefix.isEmpty() && ::faccessat(fd.get(), ".git", F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
            out.skipped.append({QString::fromUtf8(prefix.chopped(1)),
                                QStringLiteral("it holds a git repository of its own (.git); its "
                                               "files are not part of this workspace")});
            return;
        }
        DirHandle dir(::fdopendir(fd.get()));
        if (!dir) {
            skipFolder(prefix, errno, out);
            return;
        }
        fd.release(); // the DIR owns it now
        ++out.folders;
        while (dirent *entry = ::readdir(dir.get())) {
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            if (prefix.isEmpty() && (qstrcmp(name, ".git") == 0 || qstrcmp(name, ".hawkmoth") == 0))
                continue;
            // ".GIT" and the like: git refuses the name in any case, so would every commit.
            if (qstricmp(name, ".git") == 0) {
                out.skipped.append({QString::fromUtf8(QByteArray(prefix + name)),
                                    QStringLiteral("'.git' in any case is reserved for git")});
                continue;
            }
            if (!QByteArrayView(name).isValidUtf8()) {
                out.skipped.append({escapedName(QByteArray(prefix + name)), notUtf8Reason()});
                continue;
            }
            unsigned char type = entry->d_type;
            struct stat st
            {};
            if (type == DT_UNKNOWN || type == DT_REG) {
                if (::fstatat(::dirfd(dir.get()), name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
                    out.skipped.append(
                        {QString::fromUtf8(QByteArray(prefix + name)),
                         QStringLiteral("cannot read it: %1").arg(describeErrno(errno))});
                    continue;
                }
                type = IFTODT(st.st_mode);
            }
            if (type == DT_DIR)
                subfolders.push_back(prefix + name + '/');
            else if (type == DT_REG)
                out.add(prefix, name, qint64(st.st_size),
                        qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec);
            else
                out.skipped.append(
                    {QString::fromUtf8(QByteArray(prefix + name)), skipReason(type)});
        }
    }

    static void skipFolder(const QByteArray &prefix, int error, DiskScan &out)
    {
        out.skipped.append({QString::fromUtf8(prefix.chopped(1)),
                            QStringLiteral("cannot read the folder: %1; nothing in it was scanned")
                                .arg(describeErrno(error))});
    }

    static QString skipReason(unsigned char type)
    {
        if (type == DT_LNK)
            return QStringLiteral("it is a symbolic link; links are not followed or indexed");
        return QStringLiteral("it is %1, not a regular file").arg(describeFileType(DTTOIF(type)));
    }

    const int m_rootFd;
    const CancelToken &m_cancel;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<QByteArray> m_queue;
    int m_busy = 0;
};

} // namespace

void DiskScan::add(QByteArrayView prefix, const char *name, qint64 size, qint64 mtimeNs)
{
    const auto offset = quint32(names.size());
    names.append(prefix);
    names.append(name);
    files.push_back({size, mtimeNs, offset, quint32(names.size()) - offset});
}

bool DiskScanner::isInternalTopLevel(const QString &name)
{
    return name == QLatin1String(".git") || name == QLatin1String(".hawkmoth");
}

Result<DiskScan> DiskScanner::scan(const QString &root, const QString &subdir,
                                   const CancelToken &cancel, QThreadPool *pool,
                                   const std::function<void()> &meanwhile)
{
    return walk(root, subdir, true, cancel, pool, meanwhile);
}

Result<DiskScan> DiskScanner::scanFolder(const QString &root, const QString &dir)
{
    return walk(root, dir, false, {}, nullptr, {});
}

Result<DiskScan> DiskScanner::walk(const QString &root, const QString &subdir, bool recursive,
                                   const CancelToken &cancel, QThreadPool *pool,
                                   const std::function<void()> &meanwhile)
{
    const UniqueFd rootFd(
        ::open(QFile::encodeName(root).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!rootFd.valid()) {
        const int error = errno;
        if (meanwhile)
            meanwhile();
        return Error::io(
            QStringLiteral("cannot open folder '%1': %2").arg(root, describeErrno(error)));
    }
    const QByteArray start = subdir.isEmpty() ? QByteArray() : QFile::encodeName(subdir) + '/';
    if (!start.isEmpty()) {
        struct stat st
        {};
        if (::fstatat(rootFd.get(), QFile::encodeName(subdir).constData(), &st,
                      AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISDIR(st.st_mode)) {
            if (meanwhile)
                meanwhile();
            return DiskScan{}; // a folder that does not exist (any more) holds no files
        }
    }
    ParallelWalk walk(rootFd.get(), cancel);
    // As many walkers as before the pool (two to four), the caller one of them.
    const int helpers = qBound(2, QThread::idealThreadCount(), 4) - 1;
    DiskScan out = recursive ? walk.run(start, pool, helpers, meanwhile) : walk.one(start);
    if (cancel.isCancelled())
        return Error::cancelled();
    return out;
}

} // namespace hawkmoth
