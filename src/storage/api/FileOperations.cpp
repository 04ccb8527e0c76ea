#include "FileOperations.h"

#include "FileIndex.h"
#include "NameFilter.h"
#include "StorageCore.h"

namespace hawkmoth {

FileOperations::FileOperations(StorageCore &core)
    : m_core(core)
{}

QFuture<Result<Listing>> FileOperations::list(const Workspace &ws, const QString &dir,
                                              bool recursive)
{
    auto work = [this, ws, dir, recursive] {
        const StorageContext ctx = m_core.context();
        return FileWorkflows(ws, ctx).list(dir, recursive);
    };
    // One folder is what a tree waits for to paint; a recursive listing may take seconds.
    return recursive ? m_core.run(std::move(work)) : m_core.runInteractive(std::move(work));
}

QFuture<Result<QStringList>> FileOperations::findNames(const Workspace &ws, const QString &text,
                                                       int limit)
{
    return m_core.run([ws, text, limit]() -> Result<QStringList> {
        auto db = ws.connect();
        if (!db)
            return db.error();
        return FileIndex(**db).findNames(NameFilter(text), limit);
    });
}

QFuture<Result<FileEntry>> FileOperations::save(const Workspace &ws, const QString &path,
                                                const QByteArray &content,
                                                const std::optional<FileVersion> &expected)
{
    return m_core.run([this, ws, path, content, expected] {
        const StorageContext ctx = m_core.context();
        auto entry = FileStore(ws, ctx).save(path, content, expected);
        if (entry)
            m_core.notifyFilesChanged(ws.name());
        return entry;
    });
}

QFuture<Result<LoadedFile>> FileOperations::load(const Workspace &ws, const QString &path,
                                                 const OperationControl &control)
{
    return m_core.run([this, ws, path, control] {
        const StorageContext ctx = m_core.context();
        return FileStore(ws, ctx).open(path, control);
    });
}

QFuture<Result<OpenedFile>> FileOperations::openForReading(const Workspace &ws, const QString &path,
                                                           const OperationControl &control)
{
    return m_core.run([this, ws, path, control] {
        const StorageContext ctx = m_core.context();
        return OpenedFile::open(ws, ctx, path, control);
    });
}

QFuture<Result<QStringList>> FileOperations::remove(const Workspace &ws, const QString &path,
                                                    bool recursive)
{
    return m_core.run([this, ws, path, recursive] {
        const StorageContext ctx = m_core.context();
        auto removed = FileStore(ws, ctx).remove(path, recursive);
        if (removed)
            m_core.notifyFilesChanged(ws.name());
        return removed;
    });
}

QFuture<Result<QString>> FileOperations::move(const Workspace &ws, const QString &src,
                                              const QString &dst)
{
    return m_core.run([this, ws, src, dst] {
        const StorageContext ctx = m_core.context();
        auto moved = FileStore(ws, ctx).move(src, dst);
        if (moved)
            m_core.notifyFilesChanged(ws.name());
        return moved;
    });
}

QFuture<Result<PinOutcome>> FileOperations::pin(const Workspace &ws, const QString &path,
                                                Layer layer, RunJobs run,
                                                const OperationControl &control)
{
    return setPin(ws, path, layer, run, control);
}

QFuture<Result<PinOutcome>> FileOperations::unpin(const Workspace &ws, const QString &path,
                                                  RunJobs run, const OperationControl &control)
{
    return setPin(ws, path, std::nullopt, run, control);
}

QFuture<Result<PinOutcome>> FileOperations::setPin(const Workspace &ws, const QString &path,
                                                   std::optional<Layer> layer, RunJobs run,
                                                   const OperationControl &control)
{
    return m_core.run([this, ws, path, layer, run, control] {
        const StorageContext ctx = m_core.context();
        auto outcome = FileWorkflows(ws, ctx).pin(path, layer, run, control.cancel);
        // Also what wakes a background scheduler for the queued move.
        if (outcome)
            m_core.notifyFilesChanged(ws.name());
        return outcome;
    });
}

QFuture<Result<ImportReport>> FileOperations::import(const Workspace &ws,
                                                     const QStringList &sources,
                                                     const QString &destDir, OnExists onExists,
                                                     const OperationControl &control)
{
    return m_core.run([this, ws, sources, destDir, onExists, control] {
        const StorageContext ctx = m_core.context();
        auto report = FileImporter(ws, ctx).run(sources, destDir, onExists, control);
        // Files copied before a failure stay: the listing changed either way.
        m_core.notifyFilesChanged(ws.name());
        return report;
    });
}

QFuture<Result<RescanOutcome>> FileOperations::rescan(const Workspace &ws, bool rebuild,
                                                      const OperationControl &control)
{
    return m_core.run([this, ws, rebuild, control] {
        const StorageContext ctx = m_core.context();
        auto outcome = FileWorkflows(ws, ctx).rescan(rebuild, control);
        if (outcome && (rebuild || outcome->scan.hasChanges()))
            m_core.notifyFilesChanged(ws.name());
        return outcome;
    });
}

QFuture<Result<QString>> FileOperations::conflictCopy(const Workspace &ws, const QString &path)
{
    return m_core.run([this, ws, path] {
        const StorageContext ctx = m_core.context();
        return ConflictResolver(ws, ctx).remoteCopy(path);
    });
}

QFuture<Result<FileEntry>> FileOperations::resolveConflict(const Workspace &ws, const QString &path,
                                                           Resolution resolution)
{
    return m_core.run([this, ws, path, resolution] {
        const StorageContext ctx = m_core.context();
        auto resolved = ConflictResolver(ws, ctx).resolve(path, resolution);
        if (resolved)
            m_core.notifyFilesChanged(ws.name());
        return resolved;
    });
}

QFuture<Status> FileOperations::makeFolder(const Workspace &ws, const QString &path)
{
    return m_core.run([this, ws, path] {
        const StorageContext ctx = m_core.context();
        return FileStore(ws, ctx).makeFolder(path);
    });
}

QFuture<Result<CleanupReport>> FileOperations::cleanup(const Workspace &ws, bool expiredOnly,
                                                       bool force)
{
    return m_core.run([this, ws, expiredOnly, force] {
        const StorageContext ctx = m_core.context();
        auto report = SessionCleaner(ws, ctx).run(expiredOnly, force);
        if (report && !report->removedFiles.isEmpty())
            m_core.notifyFilesChanged(ws.name());
        return report;
    });
}

QFuture<Status> FileOperations::journalStore(const Workspace &ws, const QString &path,
                                             const QByteArray &content)
{
    return m_core.run([this, name = ws.name(), path, content] {
        return m_core.journal().record(name, path, content);
    });
}

QFuture<Result<QList<JournalEntry>>> FileOperations::journalList(const Workspace &ws)
{
    return m_core.run([this, name = ws.name()] { return m_core.journal().entries(name); });
}

QFuture<Status> FileOperations::journalDiscard(const Workspace &ws, const QString &path)
{
    return m_core.run(
        [this, name = ws.name(), path] { return m_core.journal().discard(name, path); });
}

} // namespace hawkmoth
