#include "FolderWatch.h"

#include "PosixFile.h"

#include <QFile>
#include <QSocketNotifier>

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

constexpr quint32 watchMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                              IN_MOVED_TO | IN_ATTRIB | IN_ONLYDIR | IN_DONT_FOLLOW |
                              IN_EXCL_UNLINK;

QString join(const QString &dir, const QString &name)
{
    return dir.isEmpty() ? name : dir + QLatin1Char('/') + name;
}

QString systemLimit()
{
    QFile f(QStringLiteral("/proc/sys/fs/inotify/max_user_watches"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(f.readAll().trimmed());
}

struct DirCloser
{
    void operator()(DIR *d) const { ::closedir(d); }
};

} // namespace

FolderWatch::FolderWatch(QObject *parent)
    : QObject(parent)
{}

FolderWatch::~FolderWatch()
{
    stop();
}

bool FolderWatch::ignored(const QString &parent, const QString &name)
{
    if (name == QLatin1String(".git"))
        return true;
    return parent.isEmpty() && name == QLatin1String(".hawkmoth");
}

Status FolderWatch::start(const QString &root, int maxWatches)
{
    stop();
    m_root = root;
    m_maxWatches = maxWatches;
    m_fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (m_fd < 0)
        return Error::io(QStringLiteral("cannot watch '%1' for changes: inotify: %2")
                             .arg(root, describeErrno(errno)));
    if (auto watched = watchTree({}); !watched) {
        stop();
        return watched;
    }
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &FolderWatch::readEvents);
    return {};
}

void FolderWatch::stop()
{
    delete m_notifier;
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd); // drops every watch with it
    m_fd = -1;
    m_dirs.clear();
}

Status FolderWatch::addWatch(const QString &dir)
{
    const QString path = dir.isEmpty() ? m_root : m_root + QLatin1Char('/') + dir;
    if (m_maxWatches >= 0 && m_dirs.size() >= m_maxWatches)
        errno = ENOSPC;
    else if (const int wd =
                 ::inotify_add_watch(m_fd, QFile::encodeName(path).constData(), watchMask);
             wd >= 0) {
        m_dirs.insert(wd, dir);
        return {};
    }
    if (errno == ENOENT || errno == ENOTDIR)
        return {}; // gone meanwhile: its parent's event brings a rescan
    if (errno == ENOSPC)
        return Error::io(
            QStringLiteral("cannot watch '%1' for changes made by other programs: the system's "
                           "limit of inotify watches is reached (%2 folders watched here; "
                           "fs.inotify.max_user_watches = %3). Raise it, e.g. 'sudo sysctl "
                           "fs.inotify.max_user_watches=524288'")
                .arg(path)
                .arg(m_dirs.size())
                .arg(systemLimit()));
    return Error::io(
        QStringLiteral("cannot watch '%1' for changes: %2").arg(path, describeErrno(errno)));
}

Status FolderWatch::watchTree(const QString &top)
{
    // Breadth first with readdir's d_type: the folders are all that is needed, so the files of a
    // 100,000-file workspace are never stat'ed.
    QStringList pending{top};
    while (!pending.isEmpty()) {
        const QString dir = pending.takeLast();
        const QString path = dir.isEmpty() ? m_root : m_root + QLatin1Char('/') + dir;
        std::unique_ptr<DIR, DirCloser> handle(::opendir(QFile::encodeName(path).constData()));
        if (!handle)
            continue; // gone or unreadable: the rescan names unreadable folders
        QStringList children;
        bool ownRepository = false;
        while (dirent *entry = ::readdir(handle.get())) {
            const char *name = entry->d_name;
            if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            const QString child = QFile::decodeName(name);
            if (!dir.isEmpty() && child == QLatin1String(".git"))
                ownRepository = true;
            if (ignored(dir, child))
                continue;
            unsigned char type = entry->d_type;
            if (type == DT_UNKNOWN) {
                struct stat st
                {};
                if (::fstatat(::dirfd(handle.get()), name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                    type = IFTODT(st.st_mode);
            }
            if (type == DT_DIR)
                children.append(join(dir, child));
        }
        // A repository of its own is not part of the workspace (the rescan skips it too).
        if (ownRepository)
            continue;
        HM_TRY(addWatch(dir));
        pending.append(children);
    }
    return {};
}

void FolderWatch::unwatchTree(const QString &dir)
{
    // A folder moved away keeps its watches (they follow the inode) under paths now wrong.
    const QString below = dir + QLatin1Char('/');
    for (auto it = m_dirs.begin(); it != m_dirs.end();) {
        if (it.value() == dir || it.value().startsWith(below)) {
            ::inotify_rm_watch(m_fd, it.key());
            it = m_dirs.erase(it);
        } else {
            ++it;
        }
    }
}

void FolderWatch::readEvents()
{
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_fd, buffer, sizeof buffer);
        if (n <= 0)
            return; // EAGAIN: drained
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            const QString name = event->len ? QFile::decodeName(event->name) : QString();
            handle(event->wd, event->mask, name);
            at += ssize_t(sizeof(inotify_event)) + event->len;
            if (m_fd < 0)
                return; // stopped by a receiver
        }
    }
}

void FolderWatch::handle(int wd, quint32 mask, const QString &name)
{
    if (mask & IN_Q_OVERFLOW) {
        Q_EMIT overflowed();
        return;
    }
    if (mask & IN_IGNORED) {
        m_dirs.remove(wd);
        return;
    }
    const auto it = m_dirs.constFind(wd);
    if (it == m_dirs.constEnd() || name.isEmpty())
        return; // the folder's own events: its parent reports them
    const QString dir = it.value();
    if (ignored(dir, name))
        return;
    const QString child = join(dir, name);
    if (!(mask & IN_ISDIR)) {
        Q_EMIT folderChanged(dir, false);
        return;
    }
    if (mask & (IN_CREATE | IN_MOVED_TO)) {
        if (auto watched = watchTree(child); !watched)
            Q_EMIT failed(watched.error().message);
        Q_EMIT folderChanged(child, true);
    } else if (mask & (IN_DELETE | IN_MOVED_FROM)) {
        unwatchTree(child);
        Q_EMIT folderChanged(child, true);
    }
}

} // namespace hawkmoth
