#pragma once
// The file operations of the asynchronous API (core.files()): each call returns a QFuture at once
// and runs the synchronous workflow (FileStore, FileWorkflows, FileImporter, SessionCleaner) on the
// core's pool. Calls that change files tell the core, which signals filesChanged on its thread.

#include "ConflictResolver.h"
#include "EditorJournal.h"
#include "FileImporter.h"
#include "FileStore.h"
#include "FileWorkflows.h"
#include "OpenedFile.h"
#include "SessionCleaner.h"

#include <QFuture>

namespace hawkmoth {

class StorageCore;

class FileOperations
{
public:
    explicit FileOperations(StorageCore &core);

    QFuture<Result<Listing>> list(const Workspace &ws, const QString &dir, bool recursive);
    // Files and folders anywhere in the workspace whose name matches the filter box's text (see
    // NameFilter), up to limit, from the index alone.
    QFuture<Result<QStringList>> findNames(const Workspace &ws, const QString &text, int limit);
    // With expected: ErrorCode::Conflict when the file changed on disk since that version.
    QFuture<Result<FileEntry>> save(const Workspace &ws, const QString &path,
                                    const QByteArray &content,
                                    const std::optional<FileVersion> &expected = std::nullopt);
    // The content and its version; a Hub-only file is downloaded first, under control.
    QFuture<Result<LoadedFile>> load(const Workspace &ws, const QString &path,
                                     const OperationControl &control = {});
    // Opens a file of any size to send it out in pieces (a download): its version, and reads at
    // any offset; a Hub-only file is downloaded first, under control.
    QFuture<Result<OpenedFile>> openForReading(const Workspace &ws, const QString &path,
                                               const OperationControl &control = {});
    QFuture<Result<QStringList>> remove(const Workspace &ws, const QString &path, bool recursive);
    QFuture<Result<QString>> move(const Workspace &ws, const QString &src, const QString &dst);
    QFuture<Result<PinOutcome>> pin(const Workspace &ws, const QString &path, Layer layer,
                                    RunJobs run = RunJobs::Background,
                                    const OperationControl &control = {});
    QFuture<Result<PinOutcome>> unpin(const Workspace &ws, const QString &path,
                                      RunJobs run = RunJobs::Background,
                                      const OperationControl &control = {});
    QFuture<Result<ImportReport>> import(const Workspace &ws, const QStringList &sources,
                                         const QString &destDir, OnExists onExists,
                                         const OperationControl &control = {});
    QFuture<Result<RescanOutcome>> rescan(const Workspace &ws, bool rebuild,
                                          const OperationControl &control = {});
    // A file in conflict (a pull kept both versions): where the remote version is, and ending the
    // conflict by keeping one; the file is pending again and a sync is queued.
    QFuture<Result<QString>> conflictCopy(const Workspace &ws, const QString &path);
    QFuture<Result<FileEntry>> resolveConflict(const Workspace &ws, const QString &path,
                                               Resolution resolution);
    // Creates an empty folder (and its parents); the index holds files only, so no notification.
    QFuture<Status> makeFolder(const Workspace &ws, const QString &path);
    QFuture<Result<CleanupReport>> cleanup(const Workspace &ws, bool expiredOnly, bool force);

    // Unsaved editor buffers (the crash journal): record one as it is typed, list what a crash
    // left, discard one once saved or abandoned.
    QFuture<Status> journalStore(const Workspace &ws, const QString &path,
                                 const QByteArray &content);
    QFuture<Result<QList<JournalEntry>>> journalList(const Workspace &ws);
    QFuture<Status> journalDiscard(const Workspace &ws, const QString &path);

private:
    QFuture<Result<PinOutcome>> setPin(const Workspace &ws, const QString &path,
                                       std::optional<Layer> layer, RunJobs run,
                                       const OperationControl &control);

    StorageCore &m_core;
};

} // namespace hawkmoth
