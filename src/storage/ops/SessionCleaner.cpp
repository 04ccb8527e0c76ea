#include "SessionCleaner.h"

#include "AtomicWriter.h"
#include "ChangeTransaction.h"
#include "FileIndex.h"
#include "GitBlobId.h"
#include "Rescanner.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <csignal>

namespace hawkmoth {

namespace {
constexpr qint64 dayMs = 24LL * 3600 * 1000;
// A staging file untouched this long belongs to a write that died (a live one keeps writing).
constexpr qint64 staleStagingMs = 3600LL * 1000;
} // namespace

SessionCleaner::SessionCleaner(const Workspace &workspace, const StorageContext &context,
                               Clock clock)
    : m_workspace(workspace)
    , m_context(context)
    , m_clock(std::move(clock))
{}

Result<CleanupReport> SessionCleaner::run(bool expiredOnly, bool force)
{
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    Rescanner rescanner(m_workspace, m_context);
    if (auto scanned = rescanner.run(); !scanned)
        return scanned.error();

    CleanupReport report;
    auto change = ChangeTransaction::begin(m_workspace, *policy, m_context);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    auto session = recorder.index().inLayer(Layer::Session);
    if (!session)
        return session.error();
    const qint64 nowNs = m_clock.nowMs() * 1000000LL;
    const qint64 retentionNs = qint64(policy->sessionRetentionDays()) * dayMs * 1000000LL;
    for (const FileEntry &e : std::as_const(*session)) {
        if (expiredOnly && nowNs - e.mtimeNs < retentionNs)
            continue;
        const QString absolute = m_workspace.absolutePath(e.path);
        // Re-check on disk: a file changed since the scan is not expired any more.
        const QFileInfo info(absolute);
        if (info.exists() &&
            info.lastModified().toMSecsSinceEpoch() * 1000000LL > e.mtimeNs + 1000000)
            continue;
        // Once committed or uploaded (it left that layer since): an edit is in no commit and no
        // dataset, and goes only when the user says so.
        if (!force && info.exists() && !e.remoteId.isEmpty() &&
            GitBlobId::ofFile(absolute).valueOr({}) != e.remoteId) {
            report.kept.append(e.path);
            continue;
        }
        if (info.exists() && !QFile::remove(absolute))
            continue;
        HM_TRY(recorder.recordRemoval(e.path, Layer::Session));
        report.removedFiles.append(e.path);
        report.bytesFreed += e.size;
        if (m_context.cache)
            m_context.cache->remove(absolute);
    }
    HM_TRY(
        recorder.index().setMeta(QStringLiteral("lastCleanup"), QString::number(m_clock.nowMs())));
    HM_TRY(change->commit());

    report.stagingLeftovers = removeStagingLeftovers();
    if (!expiredOnly && m_context.cache) {
        report.cacheBytesDropped = m_context.cache->usedBytes();
        m_context.cache->clear();
    }
    return report;
}

int SessionCleaner::removeStagingLeftovers() const
{
    int removedCount = 0;
    const QDateTime staleBefore = QDateTime::currentDateTimeUtc().addMSecs(-staleStagingMs);
    const QFileInfoList staged = QDir(m_workspace.stagingDir())
                                     .entryInfoList(QDir::Files | QDir::Dirs | QDir::Hidden |
                                                    QDir::NoDotAndDotDot | QDir::System);
    for (const QFileInfo &f : staged) {
        // A leftover whose writer is gone goes at once; one whose writer is alive stays whatever
        // its age (an undo copy keeps the old file's mtime). Only a name without a pid (older
        // builds) goes by age: spared for an hour, a live writer keeps writing.
        const qint64 pid = AtomicWriter::writerPid(f.fileName());
        const bool gone =
            pid > 0 ? ::kill(pid_t(pid), 0) != 0 && errno == ESRCH : f.lastModified() < staleBefore;
        if (!gone)
            continue;
        const bool removed = f.isDir() && !f.isSymLink()
                                 ? QDir(f.absoluteFilePath()).removeRecursively()
                                 : QFile::remove(f.absoluteFilePath());
        if (removed)
            ++removedCount;
    }
    return removedCount;
}

Result<CleanupReport> SessionCleaner::runIfDue()
{
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto last = index.meta(QStringLiteral("lastCleanup"));
    db->reset();
    if (last && !last->isEmpty() && m_clock.nowMs() - last->toLongLong() < dayMs)
        return CleanupReport{};
    return run(true);
}

} // namespace hawkmoth
