#include "Rescanner.h"

#include "ChangeTransaction.h"
#include "DiskScanner.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "JobQueue.h"
#include "LayerMover.h"
#include "PolicyChanges.h"
#include "StampSnapshots.h"

#include "PoolHelpers.h"
#include "PosixFile.h"

#include <QDateTime>
#include <QThread>

namespace hawkmoth {

namespace {

// Linux stamps files from a coarse clock (a few ms); a file whose mtime is this close to the
// moment its row was written may have changed again unnoticed, so it is hashed once more.
constexpr qint64 racyWindowNs = 100LL * 1000 * 1000;
// Files hashed between progress reports and cancellation checks.
constexpr int probeBatch = 512;

// Pool threads that may hash beside the rescan's own: one per core, as QtConcurrent's map did.
int hashHelpers()
{
    return qMax(1, QThread::idealThreadCount() - 1);
}

struct Candidate
{
    const DiskFile *file;
    QString path;
    int record; // in the stamps; -1 for a file the index did not know
};

// Whether a file the index knows (and holds locally) was not found on disk.
bool hasUnseen(const StampSnapshot &stamps, const std::vector<char> &seen)
{
    for (int record = 0; record < stamps.count(); ++record) {
        if (!seen[size_t(record)] && !stamps.stamp(record).remoteOnly)
            return true;
    }
    return false;
}

// Whether path lies in a folder (or is a file) that the walk left out on purpose: its rows are
// removed although the files are still on disk.
bool isSkipped(const SkippedPaths &skipped, const QString &path)
{
    for (const SkippedPath &s : skipped) {
        if (path == s.path || (path.startsWith(s.path) && path.at(s.path.size()) == u'/'))
            return true;
    }
    return false;
}

} // namespace

Rescanner::Rescanner(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<ScanReport> Rescanner::run(const QString &subdir, const CancelToken &cancel,
                                  const ProgressFn &progress)
{
    return scan(subdir, true, cancel, progress);
}

Result<ScanReport> Rescanner::runFolder(const QString &dir, const CancelToken &cancel)
{
    return scan(dir, false, cancel, {});
}

Result<ScanReport> Rescanner::scan(const QString &subdir, bool recursive, const CancelToken &cancel,
                                   const ProgressFn &progress)
{
    // The whole workspace: only then is there a snapshot of every stamp to read and keep.
    const bool whole = recursive && subdir.isEmpty();
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    // The pool's free threads start the walk while this thread opens and reads the index (the
    // two take similar time); then this thread walks too.
    const QString root = m_workspace.root();
    std::unique_ptr<SqliteConnection> db;
    std::optional<StampSnapshots> snapshots;
    bool fromFile = false;
    qint64 readAt = -1;
    Result<StampSnapshot> stampsResult = Error::cancelled();
    auto readStamps = [&] {
        if (m_beforeIndexRead)
            m_beforeIndexRead();
        auto opened = m_workspace.connect();
        if (!opened) {
            stampsResult = opened.error();
            return;
        }
        db = std::move(*opened);
        snapshots.emplace(*db);
        if (recursive) {
            stampsResult = snapshots->read(subdir, &fromFile, &readAt);
            return;
        }
        // Read before the rows: a writer after this moment moves the counter on.
        if (auto before = snapshots->generation())
            readAt = *before;
        stampsResult = snapshots->readFolder(subdir);
    };
    // One folder is listed on this thread: a handful of system calls, less than a hand-over.
    Result<DiskScan> disk =
        recursive ? DiskScanner::scan(root, subdir, cancel, m_context.pool, readStamps)
                  : (readStamps(), DiskScanner::scanFolder(root, subdir));
    if (!stampsResult)
        return stampsResult.error();
    if (!disk)
        return disk.error();
    const StampSnapshot &stamps = *stampsResult;
    std::vector<char> seen(size_t(stamps.count()), 0);

    ScanReport report;
    report.skipped = disk->skipped;
    report.foldersScanned = disk->folders;
    // Disk against index, in two halves at once: 100,000 lookups are a tenth of a rescan. Each
    // file is one record, so the halves mark different entries of `seen`.
    struct Half
    {
        std::vector<Candidate> candidates;
        int unchanged = 0;
    };
    auto compare = [&](size_t begin, size_t end) {
        Half half;
        for (size_t i = begin; i < end; ++i) {
            const DiskFile &f = disk->files[i];
            const QByteArrayView path = disk->path(f);
            const int record = stamps.find(path);
            if (record < 0) {
                half.candidates.push_back({&f, QString::fromUtf8(path), -1});
                continue;
            }
            seen[size_t(record)] = 1;
            const IndexStamp stamp = stamps.stamp(record);
            const bool racy = f.mtimeNs + racyWindowNs >= stamp.indexedNs;
            if (stamp.size != f.size || stamp.mtimeNs != f.mtimeNs || racy || stamp.remoteOnly)
                half.candidates.push_back({&f, QString::fromUtf8(path), record});
            else
                ++half.unchanged;
        }
        return half;
    };
    std::vector<Half> halves(2);
    const size_t middle = disk->files.size() / 2;
    PoolHelpers::forEach(m_context.pool, 1, 2, [&](qsizetype i) {
        halves[size_t(i)] = i == 0 ? compare(0, middle) : compare(middle, disk->files.size());
    });
    std::vector<Candidate> candidates = std::move(halves[0].candidates);
    candidates.insert(candidates.end(), std::make_move_iterator(halves[1].candidates.begin()),
                      std::make_move_iterator(halves[1].candidates.end()));
    report.unchanged += halves[0].unchanged + halves[1].unchanged;
    if (!recursive && candidates.empty() && !hasUnseen(stamps, seen))
        return report; // the folder is as indexed: no write lock taken, nothing written

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
        std::vector<std::optional<Result<ProbeResult>>> results(batch.size());
        PoolHelpers::forEach(
            m_context.pool, hashHelpers(), qsizetype(batch.size()), [&](qsizetype i) {
                results[size_t(i)] = FileProbe::probe(base + batch[size_t(i)].path, cancel);
            });
        for (size_t i = 0; i < results.size(); ++i) {
            p.filesDone += 1;
            p.bytesDone += batch[i].file->size;
            probes.push_back(std::move(*results[i]));
        }
        if (progress)
            progress(p);
    }

    auto change = ChangeTransaction::begin(*db, *policy, m_context);
    if (!change)
        return change.error();
    ChangeRecorder &recorder = change->recorder();
    // Nobody wrote since the stamps were read: the new snapshot is the old one with this
    // transaction's rows read again, instead of every row.
    auto startedAt = snapshots->generation();
    if (!startedAt)
        return startedAt.error();
    const bool quiet = readAt >= 0 && *startedAt == readAt;
    const bool patchable = whole && quiet;
    // Another writer (a save, a move, a delete) came between the snapshot and this transaction:
    // a row it wrote is newer than what this scan saw, so that path is left to the next scan
    // rather than brought back or overwritten with older bytes.
    const auto rewritten = [&](const QString &path, int record) -> Result<bool> {
        if (quiet)
            return false;
        auto at = recorder.index().indexedAt(path);
        if (!at)
            return at.error();
        const std::optional<qint64> expected =
            record < 0 ? std::nullopt : std::optional<qint64>(stamps.stamp(record).indexedNs);
        return *at != expected;
    };
    QSet<QByteArray> written;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const DiskFile &f = *candidates[i].file;
        const QString &path = candidates[i].path;
        const Result<ProbeResult> &probe = probes[i];
        if (!probe) {
            if (probe.error().code != ErrorCode::NotFound) // deleted mid-scan: next scan sees it
                report.errors.append(probe.error().message);
            continue;
        }
        auto raced = rewritten(path, candidates[i].record);
        if (!raced)
            return raced.error();
        if (*raced)
            continue;
        report.bytesHashed += probe->size;
        written.insert(disk->path(f).toByteArray());
        std::optional<FileEntry> previous;
        if (candidates[i].record >= 0) {
            auto row = recorder.index().get(path);
            if (!row)
                return row.error();
            previous = *row;
        }
        // The probe read the file after the walk stat'ed it; trust the bytes that were hashed.
        const FileEntry entry = recorder.classify(path, probe->size, f.mtimeNs, *probe, previous);
        if (previous && previous->sha256 == entry.sha256 && previous->layer == entry.layer &&
            previous->state != SyncState::RemoteOnly) {
            HM_TRY(recorder.index().touch(path, entry.size, entry.mtimeNs));
            ++report.unchanged;
            continue;
        }
        recorder.stage(entry, previous ? std::optional<Layer>(previous->layer) : std::nullopt);
        (previous ? report.changed : report.added).append(path);
    }
    for (int record = 0; record < stamps.count(); ++record) {
        const IndexStamp stamp = stamps.stamp(record);
        if (seen[size_t(record)] || stamp.remoteOnly)
            continue; // on disk, or known from the remote and not downloaded: not a deletion
        const QString path = QString::fromUtf8(stamps.path(record));
        auto raced = rewritten(path, record);
        if (!raced)
            return raced.error();
        if (*raced)
            continue;
        // The walk and the index read run side by side: a folder listed before another writer
        // published a file (a save, a move's new name) and rows read after its commit make that
        // file look deleted. Checked under the write lock, where no such writer can publish.
        // The lstat first: a real deletion ends there, and the list of skipped paths (every link
        // in the workspace) is searched only for a file that is still on disk.
        auto now = statPath(m_workspace.absolutePath(path));
        if (now && *now && (*now)->isRegular() && !isSkipped(report.skipped, path))
            continue;
        HM_TRY(recorder.recordRemoval(path, stamp.layer));
        written.insert(stamps.path(record).toByteArray());
        report.removed.append(path);
    }
    // policy.json changed behind HAWKMOTH's back (a hand edit, a pull): every file is
    // re-evaluated against it in a job of its own.
    const PolicyChanges policyChanges(m_workspace);
    const QByteArray policyDigest = policyChanges.fileDigest();
    const QByteArray appliedDigest = policyChanges.appliedDigest();
    if (!appliedDigest.isEmpty() && policyDigest != appliedDigest)
        HM_TRY(JobQueue(*db).enqueue(QString::fromLatin1(LayerMover::jobKind),
                                     {{QStringLiteral("all"), true}},
                                     QString::fromLatin1(LayerMover::jobKind)));
    HM_TRY(recorder.finish());
    if (recursive)
        HM_TRY(recorder.index().setMeta(QStringLiteral("lastScan"),
                                        QString::number(QDateTime::currentMSecsSinceEpoch())));
    // Whatever changed the rows (this scan, or saves since the last one), the next whole-workspace
    // scan should find a current snapshot file.
    const bool refresh = whole && (!fromFile || report.hasChanges() ||
                                   report.unchanged != qint64(disk->files.size()));
    std::optional<StampSnapshot> patched;
    StampSnapshotKey key;
    if (refresh && patchable) {
        auto table = snapshots->patch(stamps, written);
        if (!table)
            return table.error();
        auto claimed = snapshots->claim();
        if (!claimed)
            return claimed.error();
        patched = std::move(*table);
        key = *claimed;
    }
    HM_TRY(change->transaction().commit());
    if (policyDigest != appliedDigest)
        HM_TRY(policyChanges.markApplied(policyDigest)); // a crash before this queues it twice
    // The cache only saves work: one that cannot be written (or refreshed) costs the next scan a
    // read of the rows, which are committed above; so its errors are dropped here.
    if (patched)
        (void)snapshots->store(*patched, key);
    else if (refresh)
        (void)snapshots->refresh();
    if (m_context.cache) {
        for (const QString &path : std::as_const(report.removed))
            m_context.cache->remove(m_workspace.absolutePath(path));
    }
    return report;
}

} // namespace hawkmoth
