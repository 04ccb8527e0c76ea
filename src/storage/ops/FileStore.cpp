#include "FileStore.h"

#include "AtomicWriter.h"
#include "ChangeTransaction.h"
#include "DiskUndo.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "FileSystemCalls.h"
#include "PathValidator.h"
#include "PosixFile.h"
#include "Rescanner.h"
#include "Sha256.h"

#include <QDir>
#include <QFile>
#include <QMap>
#include <QSet>

namespace hawkmoth {

FileStore::FileStore(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<FileEntry> FileStore::save(const QString &path, const QByteArray &content,
                                  const std::optional<FileVersion> &expected)
{
    if (path.endsWith(QLatin1Char('/')))
        return Error::invalid(
            QStringLiteral(
                "cannot save '%1': a path ending in '/' names a folder; give a file name")
                .arg(path));
    auto checked = m_workspace.target(path);
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    const QString &absolute = checked->absolute;
    const std::optional<PathStat> &existing = checked->stat;
    if (existing && existing->isDir())
        return Error::conflict(QStringLiteral("cannot save '%1': it is a folder").arg(rel));
    // A link is refused rather than written through: the index would record the link's path for
    // content that lives at another one, and replacing it would silently unlink the two.
    if (existing && existing->isSymLink())
        return Error::invalid(
            QStringLiteral("cannot save '%1': it is a symbolic link; save the file it points to")
                .arg(rel));
    if (existing && !existing->isRegular())
        return Error::invalid(QStringLiteral("cannot save '%1': it is %2, not a regular file")
                                  .arg(rel, describeFileType(existing->mode)));
    HM_TRY(ensureParentFolder(absolute, m_workspace.root()));
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    // The slow part (writing and syncing the data) happens before the index lock; the rename and
    // the index update happen under it, so concurrent savers — in this process or another — publish
    // and record in the same order: the index always describes the file that won.
    AtomicWriter writer(absolute, m_workspace.stagingDir());
    HM_TRY(writer.open());
    HM_TRY(writer.write(content));
    HM_TRY(writer.finishWriting());

    auto change = ChangeTransaction::begin(m_workspace, *policy, m_context);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    // The index rows are written first and the file published last, so a failing index (a full
    // disk) leaves the old content; a failing commit puts the old content back.
    // Checked under the index lock: no other HAWKMOTH saver can publish between check and rename.
    if (expected)
        HM_TRY(checkUnchanged(absolute, rel, *expected));
    auto previous = recorder.index().get(rel);
    if (!previous)
        return previous.error();
    auto entry = recorder.record(rel, writer.writtenSize(), writer.writtenMtimeNs(),
                                 FileProbe::probeData(content), *previous);
    if (!entry)
        return entry.error();
    HM_TRY(recorder.finish());
    DiskUndo undo(m_workspace.stagingDir());
    HM_TRY(undo.guardReplace(absolute));
    HM_TRY(writer.publish());
    HM_TRY(undo.commitOrUndo(change->transaction(), QStringLiteral("save '%1'").arg(rel),
                             QStringLiteral("the previous content is unchanged")));
    if (m_context.cache)
        m_context.cache->put(absolute, writer.writtenSize(), writer.writtenMtimeNs(), content);
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
    auto loaded = open(path);
    if (!loaded)
        return loaded.error();
    return std::move(loaded->content);
}

Result<LoadedFile> FileStore::open(const QString &path, const OperationControl &control)
{
    auto checked = m_workspace.target(path, {.followLinks = true});
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    const QString &absolute = checked->absolute;
    const std::optional<PathStat> &st = checked->stat;
    if (!st) {
        auto known = existingEntry(rel);
        if (known && known->state == SyncState::RemoteOnly && m_context.fetchRemote) {
            // Opening a file that lives on the Hub only: download it, then read it.
            HM_TRY(m_context.fetchRemote(m_workspace, m_context, rel, control));
            if (control.cancel.isCancelled())
                return Error::cancelled();
            return open(rel);
        }
        if (known && known->state == SyncState::RemoteOnly)
            return Error::notFound(
                QStringLiteral("'%1' is stored in the %2 layer and not downloaded "
                               "yet; run 'pull' to fetch it")
                    .arg(rel, layerName(known->layer)));
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(rel, m_workspace.name()));
    }
    if (st->isDir())
        return Error::invalid(QStringLiteral("'%1' is a folder; list it instead").arg(rel));
    if (!st->isRegular())
        return Error::invalid(QStringLiteral("cannot read '%1': it is %2, not a regular file")
                                  .arg(rel, describeFileType(st->mode)));
    if (st->size > maxLoadBytes)
        return Error::invalid(QStringLiteral("'%1' is %2 MiB, too large to load into memory; "
                                             "stream it with 'hawkmoth cat'")
                                  .arg(rel)
                                  .arg(st->size / (1024 * 1024)));
    LoadedFile loaded{rel, {}, {{}, st->size, st->mtimeNs}};
    std::optional<QByteArray> hit;
    if (m_context.cache)
        hit = m_context.cache->get(absolute, st->size, st->mtimeNs);
    if (hit) {
        loaded.content = std::move(*hit);
    } else {
        auto file = PosixFile::openForReading(absolute);
        if (!file)
            return file.error();
        loaded.content = QByteArray(st->size, Qt::Uninitialized);
        auto n = file->readFully(loaded.content.data(), loaded.content.size());
        if (!n)
            return n.error();
        loaded.content.truncate(*n);
        if (m_context.cache)
            m_context.cache->put(absolute, st->size, st->mtimeNs, loaded.content);
    }
    loaded.version.sha256 = QString::fromLatin1(Sha256::ofData(loaded.content));
    return loaded;
}

Status FileStore::copyTo(const QString &path, QIODevice &out)
{
    auto checked = m_workspace.target(path, {.followLinks = true});
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    if (checked->stat && checked->stat->isDir())
        return Error::invalid(QStringLiteral("'%1' is a folder; list it instead").arg(rel));
    if (!checked->stat && m_context.fetchRemote) {
        if (auto known = existingEntry(rel); known && known->state == SyncState::RemoteOnly)
            HM_TRY(m_context.fetchRemote(m_workspace, m_context, rel, {}));
    }
    auto file = PosixFile::openForReading(checked->absolute);
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
                QStringLiteral("cannot write '%1' out: %2").arg(rel, out.errorString()));
    }
}

Result<Listing> FileStore::list(const QString &dir, bool recursive)
{
    if (recursive) {
        Listing listing;
        auto listed = eachBelow(dir, [&listing](const FileEntry &e) {
            listing.files.append(e);
            return true;
        });
        if (!listed)
            return listed.error();
        listing.dir = *listed;
        return listing;
    }
    auto checked = m_workspace.target(dir, {.followLinks = true, .allowRoot = true});
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    const QString &absolute = checked->absolute;
    const bool isDir = checked->stat && checked->stat->isDir();
    if (!rel.isEmpty() && checked->stat && !isDir)
        return Error::invalid(QStringLiteral("'%1' is a file, not a folder").arg(rel));

    // Only this folder is checked against the disk; the totals of its subfolders are what the
    // index knows of them (a rescan, or a long-lived process's watcher, keeps them current).
    Rescanner rescanner(m_workspace, m_context);
    HM_TRY(rescanner.runFolder(rel));
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto contents = index.folder(rel);
    if (!contents)
        return contents.error();
    const auto byPath = [](QList<FolderEntry> &list) {
        QMap<QString, FolderEntry> out; // sorted as listings always were
        for (FolderEntry &f : list)
            out.insert(f.path, std::move(f));
        return out;
    };
    QMap<QString, FolderEntry> folders = byPath(contents->folders);
    // A subfolder the index knows but the disk lost, or one the disk has and the index never saw
    // (made by another program): only that subfolder is scanned, then the folder read again.
    QSet<QString> onDisk;
    for (const QString &name :
         QDir(absolute).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString sub = rel.isEmpty() ? name : rel + QLatin1Char('/') + name;
        if (!PathValidator::isReserved(sub))
            onDisk.insert(sub);
    }
    bool rescanned = false;
    for (auto it = folders.cbegin(); it != folders.cend(); ++it) {
        if (!onDisk.contains(it.key())) {
            HM_TRY(rescanner.run(it.key()));
            rescanned = true;
        }
    }
    for (const QString &sub : std::as_const(onDisk)) {
        if (!folders.contains(sub) && !QDir(m_workspace.absolutePath(sub)).isEmpty()) {
            HM_TRY(rescanner.run(sub));
            rescanned = true;
        }
    }
    if (rescanned) {
        contents = index.folder(rel);
        if (!contents)
            return contents.error();
        folders = byPath(contents->folders);
    }
    if (!rel.isEmpty() && contents->files.isEmpty() && folders.isEmpty() && !isDir)
        return Error::notFound(QStringLiteral("folder '%1' does not exist in workspace '%2'")
                                   .arg(rel, m_workspace.name()));
    // Empty folders exist on disk only; show them too.
    for (const QString &sub : std::as_const(onDisk)) {
        if (!folders.contains(sub))
            folders.insert(sub, FolderEntry{sub, 0, 0});
    }
    Listing listing;
    listing.dir = rel;
    listing.files = std::move(contents->files);
    listing.folders = folders.values();
    return listing;
}

Result<QString> FileStore::eachBelow(const QString &dir, const FileIndex::EntryVisitor &each)
{
    auto checked = m_workspace.target(dir, {.followLinks = true, .allowRoot = true});
    if (!checked)
        return checked.error();
    const QString rel = checked->rel;
    const bool isDir = checked->stat && checked->stat->isDir();
    if (!rel.isEmpty() && checked->stat && !isDir)
        return Error::invalid(QStringLiteral("'%1' is a file, not a folder").arg(rel));
    Rescanner rescanner(m_workspace, m_context);
    HM_TRY(rescanner.run(rel));
    // Read through a connection that maps nothing: a writer's maps the index into memory, and
    // reading every row through it made the whole index part of the process (350 MB at
    // 1,000,000 files) where the rows pass one at a time.
    auto db = m_workspace.read();
    if (!db)
        return db.error();
    bool any = false;
    HM_TRY(FileIndex(**db).eachBelow(rel, [&any, &each](const FileEntry &e) {
        any = true;
        return each(e);
    }));
    if (!rel.isEmpty() && !any && !isDir)
        return Error::notFound(QStringLiteral("folder '%1' does not exist in workspace '%2'")
                                   .arg(rel, m_workspace.name()));
    return rel;
}

} // namespace hawkmoth
