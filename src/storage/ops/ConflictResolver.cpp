#include "ConflictResolver.h"

#include "AtomicWriter.h"
#include "ChangeRecorder.h"
#include "CopyName.h"
#include "DiskUndo.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "PathParts.h"
#include "PathValidator.h"
#include "PosixFile.h"

namespace hawkmoth {

namespace {

bool isHexId(QStringView text)
{
    if (text.size() < 4 || text.size() > 64)
        return false;
    for (const QChar c : text) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
              (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    }
    return true;
}

// Streams source over target through a staged write: the copy may be large, and the target
// keeps its old content until the rename.
Status copyContent(const QString &source, const QString &target, const QString &stagingDir)
{
    auto in = PosixFile::openForReading(source);
    if (!in)
        return in.error();
    AtomicWriter writer(target, stagingDir);
    HM_TRY(writer.open());
    QByteArray buffer(1024 * 1024, Qt::Uninitialized);
    for (;;) {
        auto n = in->read(buffer.data(), buffer.size());
        if (!n)
            return n.error();
        if (*n == 0)
            break;
        HM_TRY(writer.write(QByteArrayView(buffer.constData(), *n)));
    }
    return writer.commit();
}

} // namespace

ConflictResolver::ConflictResolver(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

bool ConflictResolver::isRemoteCopyOf(const QString &candidate, const QString &original)
{
    // The naming rule is CopyName's; a marker shows where it puts the tag.
    const QString marked = copyPathWith(original, QStringLiteral(".remote-\x01"));
    const qsizetype at = marked.indexOf(QChar(1));
    const QString prefix = marked.left(at);
    const QString suffix = marked.mid(at + 1);
    if (candidate.size() <= prefix.size() + suffix.size() || !candidate.startsWith(prefix) ||
        !candidate.endsWith(suffix))
        return false;
    return isHexId(QStringView(candidate).mid(prefix.size(),
                                              candidate.size() - prefix.size() - suffix.size()));
}

Result<QString> ConflictResolver::remoteCopy(const QString &path)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto db = m_workspace.read();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto row = index.get(*rel);
    if (!row)
        return row.error();
    if (!row->has_value() || (*row)->state != SyncState::Conflict)
        return Error::invalid(
            QStringLiteral("'%1' is not in conflict; nothing to resolve").arg(*rel));
    auto siblings = index.list(parentFolder(*rel), false);
    if (!siblings)
        return siblings.error();
    // Normally one; after repeated pulls the newest copy is the remote's current version.
    const FileEntry *newest = nullptr;
    for (const FileEntry &e : std::as_const(*siblings)) {
        if (isRemoteCopyOf(e.path, *rel) && (!newest || e.mtimeNs > newest->mtimeNs))
            newest = &e;
    }
    if (!newest)
        return Error::notFound(QStringLiteral("the remote version of '%1' is not beside it (was "
                                              "it deleted on the remote?); keep yours, or "
                                              "delete the file to take the remote's deletion")
                                   .arg(*rel));
    return newest->path;
}

Result<FileEntry> ConflictResolver::resolve(const QString &path, Resolution resolution)
{
    auto rel = PathValidator::normalize(path);
    if (!rel)
        return rel.error();
    auto copy = remoteCopy(*rel);
    if (!copy)
        return copy.error();
    auto absolute = m_workspace.resolve(*rel);
    if (!absolute)
        return absolute.error();
    auto copyAbsolute = m_workspace.resolve(*copy);
    if (!copyAbsolute)
        return copyAbsolute.error();
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    const LayerPolicy original = *policy;

    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
    auto previous = recorder.index().get(*rel);
    if (!previous)
        return previous.error();
    if (!previous->has_value() || (*previous)->state != SyncState::Conflict)
        return Error::invalid(
            QStringLiteral("'%1' is not in conflict; nothing to resolve").arg(*rel));
    auto copyRow = recorder.index().get(*copy);
    if (!copyRow)
        return copyRow.error();
    HM_TRY(recorder.recordRemoval(*copy, copyRow->has_value() ? std::optional((*copyRow)->layer)
                                                              : std::nullopt));

    DiskUndo undo(m_workspace.stagingDir());
    FileEntry entry = **previous;
    if (resolution == Resolution::TakeTheirs) {
        auto probe = FileProbe::probe(*copyAbsolute);
        if (!probe)
            return probe.error();
        HM_TRY(undo.guardReplace(*absolute));
        HM_TRY(copyContent(*copyAbsolute, *absolute, m_workspace.stagingDir()));
        auto st = statPath(*absolute);
        if (!st)
            return st.error();
        if (!st->has_value())
            return Error::io(QStringLiteral("'%1' vanished while it was replaced").arg(*rel));
        auto recorded = recorder.record(*rel, (*st)->size, (*st)->mtimeNs, *probe, *previous);
        if (!recorded)
            return recorded.error();
        entry = *recorded;
    }
    // Same bytes as before keep a row in conflict: the choice itself is the change to commit.
    entry.state = SyncState::Pending;
    entry.error.clear();
    HM_TRY(recorder.index().setState(*rel, SyncState::Pending));
    recorder.requestSync(entry.layer);
    HM_TRY(recorder.finish());
    HM_TRY(undo.setAside(*copyAbsolute));
    if (policy->pin(*copy)) {
        policy->setPin(*copy, std::nullopt);
        if (auto saved = m_workspace.savePolicy(*policy); !saved) {
            (void)undo.undo();
            (void)m_workspace.savePolicy(original);
            return saved.error();
        }
    }
    if (auto committed = undo.commitOrUndo(**tx, QStringLiteral("resolve '%1'").arg(*rel),
                                           QStringLiteral("the conflict is unchanged"));
        !committed) {
        (void)m_workspace.savePolicy(original);
        return committed.error();
    }
    if (m_context.cache)
        m_context.cache->removeTree(*absolute);
    return entry;
}

} // namespace hawkmoth
