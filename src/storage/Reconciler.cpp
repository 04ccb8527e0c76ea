#include "Reconciler.h"

#include "ChangeRecorder.h"
#include "DiskScanner.h"
#include "FileIndex.h"
#include "FileProbe.h"

#include <QDateTime>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

namespace {

// Linux stamps files from a coarse clock (a few ms); a file whose mtime is this close to the
// moment its row was written may have changed again unnoticed, so it is hashed once more.
constexpr qint64 racyWindowNs = 100LL * 1000 * 1000;
// Files hashed between progress reports and cancellation checks.
constexpr int probeBatch = 512;

struct Candidate
{
    const DiskFile *file;
    bool known;
};

} // namespace

Reconciler::Reconciler(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace), m_context(context)
{
}

Result<ScanReport> Reconciler::run(const QString &subdir, const CancelToken &cancel,
                                   const ProgressFn &progress)
{
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    // Walk the disk on the pool while this thread reads the index: the two take similar time.
    const QString root = m_workspace.root();
    QFuture<Result<DiskScan>> walking =
        QtConcurrent::run([root, subdir, cancel] { return DiskScanner::scan(root, subdir, cancel); });
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    auto stampsResult = index.stamps(subdir);
    Result<DiskScan> disk = walking.result();
    if (!stampsResult)
        return stampsResult.error();
    if (!disk)
        return disk.error();
    QHash<QString, IndexStamp> &stamps = *stampsResult;

    ScanReport report;
    report.skipped = disk->skipped;
    std::vector<Candidate> candidates;
    for (const DiskFile &f : disk->files) {
        const auto it = stamps.constFind(f.path);
        if (it == stamps.constEnd()) {
            candidates.push_back({&f, false});
            continue;
        }
        const bool racy = f.mtimeNs + racyWindowNs >= it->indexedNs;
        if (it->size != f.size || it->mtimeNs != f.mtimeNs || racy || it->remoteOnly)
            candidates.push_back({&f, true});
        else
            ++report.unchanged;
        stamps.erase(it);
    }

    // Hash what is new or may have changed, in batches so progress and cancel stay responsive.
    Progress p;
    p.filesTotal = qint64(candidates.size());
    for (const Candidate &c : candidates)
        p.bytesTotal += c.file->size;
    std::vector<Result<ProbeResult>> probes;
    probes.reserve(candidates.size());
    for (size_t start = 0; start < candidates.size(); start += probeBatch) {
        if (cancel.isCancelled())
            return Error::cancelled();
        const size_t end = std::min(candidates.size(), start + probeBatch);
        const std::vector<Candidate> batch(candidates.begin() + qsizetype(start),
                                           candidates.begin() + qsizetype(end));
        const QString base = root + QLatin1Char('/');
        auto results = QtConcurrent::blockingMapped<std::vector<Result<ProbeResult>>>(
            batch, [base, cancel](const Candidate &c) { return FileProbe::probe(base + c.file->path, cancel); });
        for (size_t i = 0; i < results.size(); ++i) {
            p.filesDone += 1;
            p.bytesDone += batch[i].file->size;
            probes.push_back(std::move(results[i]));
        }
        if (progress)
            progress(p);
    }

    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
    for (size_t i = 0; i < candidates.size(); ++i) {
        const DiskFile &f = *candidates[i].file;
        const Result<ProbeResult> &probe = probes[i];
        if (!probe) {
            if (probe.error().code != ErrorCode::NotFound) // deleted mid-scan: next scan sees it
                report.errors.append(probe.error().message);
            continue;
        }
        report.bytesHashed += probe->size;
        std::optional<FileEntry> previous;
        if (candidates[i].known) {
            auto row = recorder.index().get(f.path);
            if (!row)
                return row.error();
            previous = *row;
        }
        // The probe read the file after the walk stat'ed it; trust the bytes that were hashed.
        const FileEntry entry = recorder.classify(f.path, probe->size, f.mtimeNs, *probe, previous);
        if (previous && previous->sha256 == entry.sha256 && previous->layer == entry.layer &&
            previous->state != SyncState::RemoteOnly) {
            HM_TRY(recorder.index().touch(f.path, entry.size, entry.mtimeNs));
            ++report.unchanged;
            continue;
        }
        recorder.stage(entry, previous ? std::optional<Layer>(previous->layer) : std::nullopt);
        (previous ? report.changed : report.added).append(f.path);
    }
    for (auto it = stamps.constBegin(); it != stamps.constEnd(); ++it) {
        if (it->remoteOnly)
            continue; // known from the remote, not downloaded: not a deletion
        HM_TRY(recorder.recordRemoval(it.key(), it->layer));
        report.removed.append(it.key());
    }
    HM_TRY(recorder.finish());
    HM_TRY(recorder.index().setMeta(QStringLiteral("lastScan"),
                                    QString::number(QDateTime::currentMSecsSinceEpoch())));
    HM_TRY((*tx)->commit());
    if (m_context.cache) {
        for (const QString &path : std::as_const(report.removed))
            m_context.cache->remove(m_workspace.absolutePath(path));
    }
    return report;
}

} // namespace hawkmoth
