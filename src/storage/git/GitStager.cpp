#include "GitStager.h"

#include "GitError.h"
#include "PosixFile.h"
#include "UniqueFd.h"

#include <QDir>
#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth::git {

namespace {

// Larger files stream through libgit2 instead of being read whole into memory.
constexpr qint64 directLimit = 8 * 1024 * 1024;

// A configuration value, or an empty one when unset.
Result<QByteArray> configValue(git_config *config, const char *name)
{
    git_config_entry *entry = nullptr;
    const int rc = git_config_get_entry(&entry, config, name);
    if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        return QByteArray();
    }
    GIT_TRY(rc, QStringLiteral("reading %1 from the git configuration").arg(QLatin1String(name)));
    QByteArray value(entry->value ? entry->value : "");
    git_config_entry_free(entry);
    return value;
}

bool isFalse(const QByteArray &value)
{
    int parsed = 1;
    return git_config_parse_bool(&parsed, value.constData()) == 0 && parsed == 0;
}

} // namespace

Result<bool> Stager::filtersPossible(git_repository *repo)
{
    git_config *raw = nullptr;
    GIT_TRY(git_repository_config_snapshot(&raw, repo),
            QStringLiteral("reading the git configuration"));
    ConfigPtr config(raw);
    // Line endings: core.autocrlf converts without any attribute; core.eol and a global
    // attributes file are only followed with attributes, but are taken as a sign to be careful.
    for (const char *name : {"core.autocrlf", "core.eol", "core.attributesfile"}) {
        auto value = configValue(config.get(), name);
        if (!value)
            return value.error();
        if (!value->isEmpty() && !(qstrcmp(name, "core.autocrlf") == 0 && isFalse(*value)))
            return true;
    }
    // Modes and case are left to libgit2 where it would not trust the file system.
    auto filemode = configValue(config.get(), "core.filemode");
    if (!filemode)
        return filemode.error();
    if (!filemode->isEmpty() && isFalse(*filemode))
        return true;
    auto ignorecase = configValue(config.get(), "core.ignorecase");
    if (!ignorecase)
        return ignorecase.error();
    if (!ignorecase->isEmpty() && !isFalse(*ignorecase))
        return true;
    // The attribute files outside the tree that libgit2 reads.
    const QString gitDir = QString::fromUtf8(git_repository_path(repo));
    QStringList files{gitDir + QStringLiteral("info/attributes"),
                      QStringLiteral("/etc/gitattributes"),
                      QDir::homePath() + QStringLiteral("/.config/git/attributes")};
    if (const QString xdg = qEnvironmentVariable("XDG_CONFIG_HOME"); !xdg.isEmpty())
        files.append(xdg + QStringLiteral("/git/attributes"));
    for (const QString &f : std::as_const(files)) {
        if (QFile::exists(f))
            return true;
    }
    return false;
}

Result<Stager> Stager::create(git_repository *repo, git_index *index, bool attributesInTree)
{
    bool direct = !attributesInTree && !git_index_has_conflicts(index);
    if (direct) {
        auto filters = filtersPossible(repo);
        if (!filters)
            return filters.error();
        direct = !*filters;
    }
    Stager stager(repo, index, direct,
                  QFile::encodeName(QString::fromUtf8(git_repository_workdir(repo))));
    if (!stager.m_workdir.endsWith('/'))
        stager.m_workdir += '/';
    if (direct) {
        git_odb *odb = nullptr;
        GIT_TRY(git_repository_odb(&odb, repo), QStringLiteral("opening the object database"));
        stager.m_odb.reset(odb);
    }
    return stager;
}

Status Stager::add(const QByteArray &path)
{
    if (m_direct) {
        auto done = addDirect(path);
        if (!done)
            return done.error();
        if (*done)
            return {};
    }
    struct stat st
    {};
    const QByteArray full = m_workdir + path;
    if (::lstat(full.constData(), &st) != 0 && errno == ENOENT)
        return Error::notFound(QStringLiteral("'%1' is gone").arg(QString::fromUtf8(path)));
    if (unreadable(full))
        return Error{
            ErrorCode::PermissionDenied,
            QStringLiteral("cannot read '%1': permission denied").arg(QString::fromUtf8(path))};
    GIT_TRY(git_index_add_bypath(m_index, path.constData()),
            QStringLiteral("staging '%1'").arg(QString::fromUtf8(path)));
    return {};
}

bool Stager::unreadable(const QByteArray &fullPath)
{
    struct stat st
    {};
    if (::lstat(fullPath.constData(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    // Non-blocking: a file swapped for a FIFO meanwhile must not hang the commit.
    const UniqueFd fd(::open(fullPath.constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    return !fd.valid() && (errno == EACCES || errno == EPERM);
}

Result<bool> Stager::addDirect(const QByteArray &path)
{
    const QByteArray full = m_workdir + path;
    struct stat before
    {};
    if (::lstat(full.constData(), &before) != 0) {
        if (errno == ENOENT)
            return Error::notFound(QStringLiteral("'%1' is gone").arg(QString::fromUtf8(path)));
        return false; // libgit2 reports it in its words
    }
    if (!S_ISREG(before.st_mode) || before.st_size > directLimit)
        return false;
    auto file = PosixFile::openForReading(QFile::decodeName(full));
    if (!file)
        return false;
    // One byte more than the size: a file that grew meanwhile is not cut short.
    QByteArray content(qsizetype(before.st_size) + 1, Qt::Uninitialized);
    auto got = file->readFully(content.data(), content.size());
    struct stat after
    {};
    if (!got || *got != before.st_size || ::fstat(file->fd(), &after) != 0 ||
        after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
        after.st_mtim.tv_nsec != before.st_mtim.tv_nsec || after.st_size != before.st_size)
        return false; // changing under us: libgit2 reads it again and the next sync sees the rest
    git_oid id;
    GIT_TRY(git_odb_write(&id, m_odb.get(), content.constData(), size_t(before.st_size),
                          GIT_OBJECT_BLOB),
            QStringLiteral("storing '%1'").arg(QString::fromUtf8(path)));
    // The stat data as libgit2's own staging records it, so that neither it nor git rereads the
    // file while it stays unchanged.
    git_index_entry entry{};
    entry.ctime.seconds = int32_t(before.st_ctim.tv_sec);
    entry.ctime.nanoseconds = uint32_t(before.st_ctim.tv_nsec);
    entry.mtime.seconds = int32_t(before.st_mtim.tv_sec);
    entry.mtime.nanoseconds = uint32_t(before.st_mtim.tv_nsec);
    entry.dev = uint32_t(before.st_rdev);
    entry.ino = uint32_t(before.st_ino);
    entry.mode = (before.st_mode & S_IXUSR) ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
    entry.uid = before.st_uid;
    entry.gid = before.st_gid;
    entry.file_size = uint32_t(before.st_size);
    entry.id = id;
    entry.path = path.constData();
    GIT_TRY(git_index_add(m_index, &entry),
            QStringLiteral("staging '%1'").arg(QString::fromUtf8(path)));
    return true;
}

} // namespace hawkmoth::git
