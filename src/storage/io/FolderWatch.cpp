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

Result<std::shared_ptr<FolderWatch::Watches>> FolderWatch::prepare(const QString &root,
                                                                   int maxWatches)
{
    auto w = std::make_shared<Watches>();
    w->root = root;
    w->maxWatches = maxWatches;
    w->fd.reset(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!w->fd.valid())
        return Error::io(QStringLiteral("cannot watch '%1' for changes: inotify: %2")
                             .arg(root, describeErrno(errno)));
    HM_TRY(watchTree(*w, {}));
    return w;
}

Status FolderWatch::start(const QString &root, int maxWatches)
{
    auto prepared = prepare(root, maxWatches);
    if (!prepared) {
        stop();
        return prepared.error();
    }
    adopt(std::move(*prepared));
    return {};
}

void FolderWatch::adopt(std::shared_ptr<Watches> watches)
{
    stop();
    m_watches = std::move(watches);
    // Events that came while the watches were being set up wait in the descriptor: none is lost.
    m_notifier = new QSocketNotifier(m_watches->fd.get(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &FolderWatch::readEvents);
}

void FolderWatch::stop()
{
    delete m_notifier;
    m_notifier = nullptr;
    m_watches.reset();
}

Status FolderWatch::addWatch(Watches &w, const QString &dir)
{
    const QString path = dir.isEmpty() ? w.root : w.root + QLatin1Char('/') + dir;
    if (w.maxWatches >= 0 && w.dirs.size() >= w.maxWatches)
        errno = ENOSPC;
    else if (const int wd =
                 ::inotify_add_watch(w.fd.get(), QFile::encodeName(path).constData(), watchMask);
             wd >= 0) {
        w.dirs.insert(wd, dir);
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
                .arg(w.dirs.size())
                .arg(systemLimit()));
    return Error::io(
        QStringLiteral("cannot watch '%1' for changes: %2").arg(path, describeErrno(errno)));
}

Status FolderWatch::watchTree(Watches &w, const QString &top)
{
    // Breadth first with readdir's d_type: the folders are all that is needed, so the files of a
    // 100,000-file workspace are never stat'ed.
    QStringList pending{top};
    while (!pending.isEmpty()) {
        const QString dir = pending.takeLast();
        const QString path = dir.isEmpty() ? w.root : w.root + QLatin1Char('/') + dir;
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
        HM_TRY(addWatch(w, dir));
        pending.append(children);
    }
    return {};
}

void FolderWatch::unwatchTree(const QString &dir)
{
    // A folder moved away keeps its watches (they follow the inode) under paths now wrong.
    const QString below = dir + QLatin1Char('/');
    for (auto it = m_watches->dirs.begin(); it != m_watches->dirs.end();) {
        if (it.value() == dir || it.value().startsWith(below)) {
            ::inotify_rm_watch(m_watches->fd.get(), it.key());
            it = m_watches->dirs.erase(it);
        } else {
            ++it;
        }
    }
}

void FolderWatch::readEvents()
{
    alignas(inotify_event) char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(m_watches->fd.get(), buffer, sizeof buffer);
        if (n <= 0)
            return; // EAGAIN: drained
        for (ssize_t at = 0; at < n;) {
            const auto *event = reinterpret_cast<const inotify_event *>(buffer + at);
            const QString name = event->len ? QFile::decodeName(event->name) : QString();
            handle(event->wd, event->mask, name);
            at += ssize_t(sizeof(inotify_event)) + event->len;
            if (!m_watches)
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
        m_watches->dirs.remove(wd);
        return;
    }
    const auto it = m_watches->dirs.constFind(wd);
    if (it == m_watches->dirs.constEnd() || name.isEmpty())
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
        if (auto watched = watchTree(*m_watches, child); !watched)
            Q_EMIT failed(watched.error().message);
        Q_EMIT folderChanged(child, true);
    } else if (mask & (IN_DELETE | IN_MOVED_FROM)) {
        unwatchTree(child);
        Q_EMIT folderChanged(child, true);
    }
}

} // namespace hawkmoth
