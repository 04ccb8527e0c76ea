#include "FileStore.h"

#include "AtomicWriter.h"
#include "ChangeRecorder.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "PathValidator.h"
#include "PosixFile.h"
#include "Reconciler.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>

namespace hawkmoth {

namespace {

struct Stat
{
    qint64 size = 0;
    qint64 mtimeNs = 0;
    bool isDir = false;
};

Result<std::optional<Stat>> statPath(const QString &absolute)
{
    struct stat st
    {};
    if (::lstat(QFile::encodeName(absolute).constData(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return std::optional<Stat>();
        return Error::io(
            QStringLiteral("cannot read '%1': %2").arg(absolute, describeErrno(errno)));
    }
    return std::optional<Stat>(Stat{qint64(st.st_size),
                                    qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
                                    S_ISDIR(st.st_mode)});
}

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

FileStore::FileStore(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<FileEntry> FileStore::save(const QString &path, const QByteArray &content)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto absolute = m_workspace.resolve(*rel);
    if (!absolute)
        return absolute.error();
    if (QFileInfo(*absolute).isDir())
        return Error::conflict(QStringLiteral("cannot save '%1': it is a folder").arg(*rel));
    HM_TRY(ensureParentFolder(*absolute, m_workspace.root()));
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    // The slow part (writing and syncing the data) happens before the index lock; the rename and
    // the index update happen under it, so concurrent savers — in this process or another — publish
    // and record in the same order: the index always describes the file that won.
    AtomicWriter writer(*absolute, m_workspace.stagingDir());
    HM_TRY(writer.open());
    HM_TRY(writer.write(content));
    HM_TRY(writer.finishWriting());

    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    HM_TRY(writer.publish());
    auto st = statPath(*absolute);
    if (!st || !st->has_value())
        return Error::io(QStringLiteral("'%1' vanished right after it was saved").arg(*rel));
    ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
    auto previous = recorder.index().get(*rel);
    if (!previous)
        return previous.error();
    auto entry = recorder.record(*rel, (*st)->size, (*st)->mtimeNs, FileProbe::probeData(content),
                                 *previous);
    if (!entry)
        return entry.error();
    HM_TRY(recorder.finish());
    HM_TRY((*tx)->commit());
    if (m_context.cache)
        m_context.cache->put(*absolute, (*st)->size, (*st)->mtimeNs, content);
    return entry;
}

Result<FileEntry> FileStore::existingEntry(const QString &path)
{
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto entry = index.get(path);
    if (!entry)
        return entry.error();
    if (!entry->has_value())
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(path, m_workspace.name()));
    return **entry;
}

Result<QByteArray> FileStore::load(const QString &path)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto absolute = m_workspace.resolve(*rel);
    if (!absolute)
        return absolute.error();
    auto st = statPath(*absolute);
    if (!st)
        return st.error();
    if (!st->has_value()) {
        auto known = existingEntry(*rel);
        if (known && known->state == SyncState::RemoteOnly && m_context.fetchRemote) {
            // Opening a file that lives on the Hub only: download it, then read it.
            HM_TRY(m_context.fetchRemote(m_workspace, m_context, *rel));
            return load(*rel);
        }
        if (known && known->state == SyncState::RemoteOnly)
            return Error::notFound(
                QStringLiteral("'%1' is stored in the %2 layer and not downloaded "
                               "yet; run 'pull' to fetch it")
                    .arg(*rel, layerName(known->layer)));
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(*rel, m_workspace.name()));
    }
    if ((*st)->isDir)
        return Error::invalid(QStringLiteral("'%1' is a folder; list it instead").arg(*rel));
    if ((*st)->size > maxLoadBytes)
        return Error::invalid(QStringLiteral("'%1' is %2 MiB, too large to load into memory; "
                                             "stream it with 'hawkmoth cat'")
                                  .arg(*rel)
                                  .arg((*st)->size / (1024 * 1024)));
    if (m_context.cache) {
        if (auto hit = m_context.cache->get(*absolute, (*st)->size, (*st)->mtimeNs))
            return *hit;
    }
    auto file = PosixFile::openForReading(*absolute);
    if (!file)
        return file.error();
    QByteArray content((*st)->size, Qt::Uninitialized);
    auto n = file->readFully(content.data(), content.size());
    if (!n)
        return n.error();
    content.truncate(*n);
    if (m_context.cache)
        m_context.cache->put(*absolute, (*st)->size, (*st)->mtimeNs, content);
    return content;
}

Status FileStore::copyTo(const QString &path, QIODevice &out)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto absolute = m_workspace.resolve(*rel);
    if (!absolute)
        return absolute.error();
    if (QFileInfo(*absolute).isDir())
        return Error::invalid(QStringLiteral("'%1' is a folder; list it instead").arg(*rel));
    if (!QFileInfo::exists(*absolute) && m_context.fetchRemote) {
        if (auto known = existingEntry(*rel); known && known->state == SyncState::RemoteOnly)
            HM_TRY(m_context.fetchRemote(m_workspace, m_context, *rel));
    }
    auto file = PosixFile::openForReading(*absolute);
    if (!file)
        return file.error();
    QByteArray buffer(1024 * 1024, Qt::Uninitialized);
    for (;;) {
        auto n = file->read(buffer.data(), buffer.size());
        if (!n)
            return n.error();
        if (*n == 0)
            return {};
        if (out.write(buffer.constData(), *n) != *n)
            return Error::io(
                QStringLiteral("cannot write '%1' out: %2").arg(*rel, out.errorString()));
    }
}

Result<Listing> FileStore::list(const QString &dir, bool recursive)
{
    auto rel = PathValidator::normalize(dir, true);
    if (!rel)
        return rel.error();
    auto absolute = m_workspace.resolve(*rel, true);
    if (!absolute)
        return absolute.error();
    const QFileInfo info(*absolute);
    if (!rel->isEmpty() && info.exists() && !info.isDir())
        return Error::invalid(QStringLiteral("'%1' is a file, not a folder").arg(*rel));

    Reconciler reconciler(m_workspace, m_context);
    auto scanned = reconciler.run(*rel);
    if (!scanned)
        return scanned.error();

    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto all = index.list(*rel, true);
    if (!all)
        return all.error();
    if (!rel->isEmpty() && all->isEmpty() && !info.isDir())
        return Error::notFound(QStringLiteral("folder '%1' does not exist in workspace '%2'")
                                   .arg(*rel, m_workspace.name()));
    Listing listing;
    listing.dir = *rel;
    if (recursive) {
        listing.files = std::move(*all);
        return listing;
    }
    const int skip = rel->isEmpty() ? 0 : int(rel->size()) + 1;
    QMap<QString, FolderEntry> folders;
    for (FileEntry &e : *all) {
        const int slash = e.path.indexOf(QLatin1Char('/'), skip);
        if (slash < 0) {
            listing.files.append(std::move(e));
            continue;
        }
        FolderEntry &f = folders[e.path.left(slash)];
        f.path = e.path.left(slash);
        f.files += 1;
        f.bytes += e.size;
    }
    // Empty folders exist on disk only; show them too.
    for (const QString &name :
         QDir(*absolute).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString sub = rel->isEmpty() ? name : *rel + QLatin1Char('/') + name;
        if (!PathValidator::isReserved(sub) && !folders.contains(sub))
            folders.insert(sub, FolderEntry{sub, 0, 0});
    }
    listing.folders = folders.values();
    return listing;
}

Result<QStringList> FileStore::remove(const QString &path, bool recursive)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto absolute = m_workspace.resolve(*rel);
    if (!absolute)
        return absolute.error();
    auto st = statPath(*absolute);
    if (!st)
        return st.error();
    if (st->has_value() && (*st)->isDir && !recursive)
        return Error::invalid(
            QStringLiteral("'%1' is a folder; delete it recursively (rm -r) to remove its files")
                .arg(*rel));

    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
    auto known = recorder.index().list(*rel, true);
    if (!known)
        return known.error();
    auto single = recorder.index().get(*rel);
    if (!single)
        return single.error();
    if (single->has_value())
        known->prepend(**single);
    if (!st->has_value() && known->isEmpty())
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(*rel, m_workspace.name()));

    if (st->has_value()) {
        const bool removed =
            (*st)->isDir ? QDir(*absolute).removeRecursively() : QFile::remove(*absolute);
        if (!removed)
            return Error::io(
                QStringLiteral("cannot delete '%1': %2").arg(*rel, describeErrno(errno)));
    }
    QStringList removedPaths;
    bool pinsChanged = false;
    for (const FileEntry &e : std::as_const(*known)) {
        HM_TRY(recorder.recordRemoval(e.path, e.layer));
        removedPaths.append(e.path);
        if (policy->pin(e.path)) {
            policy->setPin(e.path, std::nullopt);
            pinsChanged = true;
        }
    }
    HM_TRY(recorder.finish());
    if (pinsChanged)
        HM_TRY(m_workspace.savePolicy(*policy));
    HM_TRY((*tx)->commit());
    if (m_context.cache)
        m_context.cache->removeTree(*absolute);
    return removedPaths;
}

Result<QString> FileStore::move(const QString &src, const QString &dst)
{
    auto from = PathValidator::normalize(src);
    if (!from)
        return from.error();
    auto to = PathValidator::normalize(dst);
    if (!to)
        return to.error();
    auto fromAbs = m_workspace.resolve(*from);
    if (!fromAbs)
        return fromAbs.error();
    auto fromStat = statPath(*fromAbs);
    if (!fromStat)
        return fromStat.error();
    if (!fromStat->has_value())
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(*from, m_workspace.name()));
    auto toAbs = m_workspace.resolve(*to);
    if (!toAbs)
        return toAbs.error();
    if (QFileInfo(*toAbs).isDir()) {
        *to = *to + QLatin1Char('/') + baseName(*from);
        HM_TRY(PathValidator::normalize(*to));
        toAbs = m_workspace.resolve(*to);
        if (!toAbs)
            return toAbs.error();
    }
    if (*to == *from)
        return Error::invalid(QStringLiteral("'%1' is already there").arg(*from));
    if ((*to).startsWith(*from + QLatin1Char('/')))
        return Error::invalid(QStringLiteral("cannot move folder '%1' into itself").arg(*from));
    if (QFileInfo::exists(*toAbs) || QFileInfo(*toAbs).isSymLink())
        return Error::exists(
            QStringLiteral("'%1' already exists; delete it first or choose another "
                           "name")
                .arg(*to));
    HM_TRY(ensureParentFolder(*toAbs, m_workspace.root()));

    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    // RENAME_NOREPLACE: a file created at the target meanwhile is never overwritten.
    if (::renameat2(AT_FDCWD, QFile::encodeName(*fromAbs).constData(), AT_FDCWD,
                    QFile::encodeName(*toAbs).constData(), RENAME_NOREPLACE) != 0)
        return Error::io(
            QStringLiteral("cannot move '%1' to '%2': %3").arg(*from, *to, describeErrno(errno)));

    ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
    auto moved = recorder.index().list(*from, true);
    if (!moved)
        return moved.error();
    if (auto single = recorder.index().get(*from); single && single->has_value())
        moved->prepend(**single);
    const bool pinsMoved = policy->movePins(*from, *to);
    for (const FileEntry &old : std::as_const(*moved)) {
        const QString target = *to + old.path.mid(from->size());
        HM_TRY(recorder.recordRemoval(old.path, old.layer));
        const ProbeResult probe{old.sha256, old.size, old.binary};
        auto recorded = recorder.record(target, old.size, old.mtimeNs, probe, std::nullopt);
        if (!recorded)
            return recorded.error();
    }
    HM_TRY(recorder.finish());
    if (pinsMoved)
        HM_TRY(m_workspace.savePolicy(*policy));
    HM_TRY((*tx)->commit());
    if (m_context.cache)
        m_context.cache->removeTree(*fromAbs);
    return *to;
}

} // namespace hawkmoth
