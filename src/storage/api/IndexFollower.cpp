#include "IndexFollower.h"

#include "FileIndex.h"
#include "StampSnapshots.h"

namespace hawkmoth {

namespace {

bool sameContent(const IndexStamp &a, const IndexStamp &b)
{
    return a.size == b.size && a.mtimeNs == b.mtimeNs;
}

} // namespace

Status IndexFollower::baseline()
{
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    qint64 at = -1;
    auto now = StampSnapshots(**db).read(QString(), nullptr, &at);
    if (!now)
        return now.error();
    QMutexLocker lock(&m_mutex);
    m_snapshot = std::move(*now);
    m_generation = at;
    if (m_sink)
        (void)m_sink->takeReported(m_workspace.name()); // told before the baseline
    return {};
}

Result<int> IndexFollower::catchUp()
{
    QMutexLocker lock(&m_mutex);
    if (!m_snapshot || !m_sink)
        return 0;
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    StampSnapshots snapshots(**db);
    auto generation = snapshots.generation();
    if (!generation)
        return generation.error();
    if (*generation == m_generation)
        return 0;
    qint64 at = -1;
    auto now = snapshots.read(QString(), nullptr, &at);
    if (!now)
        return now.error();
    auto changes = differences(*now);
    if (!changes)
        return changes.error();
    m_snapshot = std::move(*now);
    m_generation = at; // -1 (another writer came between): compared again next time
    m_sink->addFiles(m_workspace.name(), *changes);
    return int(changes->size());
}

Result<QList<FileChange>> IndexFollower::differences(const StampSnapshot &now)
{
    const StampSnapshot &before = *m_snapshot;
    const QHash<QString, FileChange> told = m_sink->takeReported(m_workspace.name());
    // Told already when this process reported the path with this content (or as removed).
    const auto toldAlready = [&told](const QString &path, const IndexStamp *stamp) {
        const auto it = told.constFind(path);
        if (it == told.constEnd())
            return false;
        if (!stamp)
            return it->kind == FileChangeKind::Removed;
        return it->kind != FileChangeKind::Removed && it->entry.size == stamp->size &&
               it->entry.mtimeNs == stamp->mtimeNs;
    };
    QList<QPair<FileChangeKind, QString>> found;
    for (int i = 0; i < now.count(); ++i) {
        const QString path = QString::fromUtf8(now.path(i));
        const IndexStamp stamp = now.stamp(i);
        const int old = before.find(now.path(i));
        FileChangeKind kind = FileChangeKind::Added;
        if (old >= 0) {
            const IndexStamp was = before.stamp(old);
            if (sameContent(was, stamp) && was.layer == stamp.layer &&
                was.remoteOnly == stamp.remoteOnly)
                continue;
            kind = sameContent(was, stamp) ? FileChangeKind::StateChanged : FileChangeKind::Changed;
        }
        if (!toldAlready(path, &stamp))
            found.append({kind, path});
    }
    for (int i = 0; i < before.count(); ++i) {
        if (now.find(before.path(i)) >= 0)
            continue;
        const QString path = QString::fromUtf8(before.path(i));
        if (!toldAlready(path, nullptr))
            found.append({FileChangeKind::Removed, path});
    }
    QList<FileChange> changes;
    if (found.isEmpty())
        return changes;
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    for (const auto &[kind, path] : std::as_const(found)) {
        FileChange change{kind, {}};
        change.entry.path = path;
        if (kind != FileChangeKind::Removed) {
            auto row = index.get(path);
            if (!row)
                return row.error();
            if (!row->has_value())
                continue; // gone again since the snapshot: the next round tells it
            change.entry = **row;
        }
        changes.append(change);
    }
    return changes;
}

} // namespace hawkmoth
