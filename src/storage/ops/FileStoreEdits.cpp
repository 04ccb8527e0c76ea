// FileStore's changes to existing files: delete and move. Each records the change in the index
// and changes the disk inside one transaction, and puts the disk back when the commit fails.

#include "FileStore.h"

#include "AtomicWriter.h"
#include "ChangeTransaction.h"
#include "DiskUndo.h"
#include "FileIndex.h"
#include "FileSystemCalls.h"
#include "PosixFile.h"

#include <QDir>
#include <QFile>

namespace hawkmoth {

namespace {

QString baseName(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

// The index rows of a file, or of everything below a folder: what a delete or a move takes along.
Result<FileEntries> rowsAt(FileIndex &index, const QString &path)
{
    auto rows = index.list(path, true);
    if (!rows)
        return rows.error();
    auto single = index.get(path);
    if (!single)
        return single.error();
    if (single->has_value())
        rows->prepend(**single);
    return rows;
}

// Puts the policy back as it was unless the operation committed: a failed savePolicy may already
// have written policy.json, and a failed commit leaves the new pins in it.
class PolicyRestore
{
public:
    PolicyRestore(const Workspace &workspace, const LayerPolicy &original)
        : m_workspace(workspace)
        , m_original(original)
    {}
    ~PolicyRestore()
    {
        if (m_armed)
            (void)m_workspace.savePolicy(m_original);
    }
    PolicyRestore(const PolicyRestore &) = delete;
    PolicyRestore &operator=(const PolicyRestore &) = delete;
    void arm() { m_armed = true; }
    void dismiss() { m_armed = false; }

private:
    const Workspace &m_workspace;
    const LayerPolicy m_original;
    bool m_armed = false;
};

} // namespace

Result<QStringList> FileStore::remove(const QString &path, bool recursive)
{
    auto checked = m_workspace.target(path);
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    const QString &absolute = checked->absolute;
    const std::optional<PathStat> &st = checked->stat;
    if (st && st->isDir() && !recursive)
        return Error::invalid(
            QStringLiteral("'%1' is a folder; delete it recursively (rm -r) to remove its files")
                .arg(rel));

    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    auto change = ChangeTransaction::begin(m_workspace, *policy, m_context);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    auto known = rowsAt(recorder.index(), rel);
    if (!known)
        return known.error();
    if (!st.has_value() && known->isEmpty())
        return Error::notFound(
            QStringLiteral("'%1' does not exist in workspace '%2'").arg(rel, m_workspace.name()));

    // The index rows go first and the disk last, inside the transaction: the file is set aside
    // (not deleted) until the commit succeeded, and put back when it failed.
    PolicyRestore policyRestore(m_workspace, *policy);
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
    DiskUndo undo(m_workspace.stagingDir());
    if (st.has_value())
        HM_TRY(undo.setAside(absolute));
    if (pinsChanged) {
        policyRestore.arm();
        HM_TRY(m_workspace.savePolicy(*policy));
    }
    HM_TRY(undo.commitOrUndo(change->transaction(), QStringLiteral("delete '%1'").arg(rel),
                             QStringLiteral("nothing was deleted")));
    policyRestore.dismiss();
    if (m_context.cache)
        m_context.cache->removeTree(absolute);
    return removedPaths;
}

Status FileStore::makeFolder(const QString &path)
{
    auto checked = m_workspace.target(path);
    if (!checked)
        return checked.error();
    if (checked->stat) {
        if (checked->stat->isDir())
            return Error::exists(QStringLiteral("folder '%1' already exists").arg(checked->rel));
        return Error::exists(
            QStringLiteral("cannot create folder '%1': a file has that name").arg(checked->rel));
    }
    // The folder is the parent of a name inside it: the same checks as any new file's folders.
    return ensureParentFolder(checked->absolute + QStringLiteral("/child"), m_workspace.root());
}

Result<QString> FileStore::move(const QString &src, const QString &dst)
{
    auto source = m_workspace.target(src);
    if (!source)
        return source.error();
    auto dest = m_workspace.target(dst, {.followLinks = true});
    if (!dest)
        return dest.error();
    if (!source->stat)
        return Error::notFound(QStringLiteral("'%1' does not exist in workspace '%2'")
                                   .arg(source->rel, m_workspace.name()));
    if (dest->stat && dest->stat->isDir())
        dest = m_workspace.target(dest->rel + QLatin1Char('/') + baseName(source->rel));
    else
        dest = m_workspace.target(dest->rel); // looked at again without following a link
    if (!dest)
        return dest.error();
    const QString &from = source->rel;
    const QString &to = dest->rel;
    const QString &fromAbs = source->absolute;
    const QString &toAbs = dest->absolute;
    if (to == from)
        return Error::invalid(QStringLiteral("'%1' is already there").arg(from));
    if (to.startsWith(from + QLatin1Char('/')))
        return Error::invalid(QStringLiteral("cannot move folder '%1' into itself").arg(from));
    if (dest->stat)
        return Error::exists(
            QStringLiteral("'%1' already exists; delete it first or choose another "
                           "name")
                .arg(to));
    HM_TRY(ensureParentFolder(toAbs, m_workspace.root()));

    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    auto change = ChangeTransaction::begin(m_workspace, *policy, m_context);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    auto moved = rowsAt(recorder.index(), from);
    if (!moved)
        return moved.error();
    PolicyRestore policyRestore(m_workspace, *policy);
    const bool pinsMoved = policy->movePins(from, to);
    for (const FileEntry &old : std::as_const(*moved)) {
        const QString movedTo = to + old.path.mid(from.size());
        HM_TRY(recorder.recordRemoval(old.path, old.layer));
        const ProbeResult probe{old.sha256, old.size, old.binary};
        auto recorded = recorder.record(movedTo, old.size, old.mtimeNs, probe, std::nullopt);
        if (!recorded)
            return recorded.error();
    }
    recorder.index().noteMove(from, to);
    HM_TRY(recorder.finish());
    // Renamed last and renamed back when the commit fails. RENAME_NOREPLACE: a file created at
    // the target meanwhile is never overwritten.
    DiskUndo undo(m_workspace.stagingDir());
    if (auto renamed = undo.rename(fromAbs, toAbs); !renamed)
        return Error::io(
            QStringLiteral("cannot move '%1' to '%2': %3").arg(from, to, renamed.error().message));
    if (pinsMoved) {
        policyRestore.arm();
        HM_TRY(m_workspace.savePolicy(*policy));
    }
    HM_TRY(undo.commitOrUndo(change->transaction(),
                             QStringLiteral("move '%1' to '%2'").arg(from, to),
                             QStringLiteral("nothing was moved")));
    policyRestore.dismiss();
    if (m_context.cache)
        m_context.cache->removeTree(fromAbs);
    return to;
}

} // namespace hawkmoth
