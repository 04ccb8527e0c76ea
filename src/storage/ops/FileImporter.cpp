#include "FileImporter.h"

#include "AtomicWriter.h"
#include "FileProbe.h"
#include "FileSystemCalls.h"
#include "ImportFolders.h"
#include "ImportNames.h"
#include "ImportPlanStream.h"
#include "ImportPublisher.h"
#include "PosixFile.h"
#include "Sha256.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

// Files written before one flush and one index transaction publish them together (an
// ImportPublisher); the bytes bound keeps a flush of large files from holding the index's write
// lock for long. Each batch starts on a fresh index connection, whose cold cache reads the pages
// its rows touch from the WAL one pread() at a time: at 256 files a batch that was 22 reads a
// file (455,000 for 20,000 files, strace), at 2,048 about one. Each batch also costs two flushes
// and a commit: 100,000 files on a fresh ext4 took 1.8-2.1 s longer in batches of 2,048 than of
// 8,192 (98 flushes against 26). The last batch is published with nothing copied beside it, so
// toward the end a batch is a quarter of what is left (10,000 files in one batch of 8,192 and the
// rest: 1.2 s, in batches of 2,048: 1.0 s).
constexpr qint64 largestBatch = 8192;
constexpr qint64 smallestBatch = 2048;
constexpr qint64 publishBatchBytes = 256 * 1024 * 1024;
constexpr qint64 chunkBytes = 1024 * 1024;

} // namespace

FileImporter::FileImporter(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<ImportReport> FileImporter::run(const QStringList &sources, const QString &destDir,
                                       bool overwrite, const CancelToken &cancel,
                                       const ProgressFn &progress)
{
    return run(sources, destDir, overwrite ? OnExists::Replace : OnExists::Refuse,
               OperationControl{cancel, progress, {}});
}

Result<ImportReport> FileImporter::run(const QStringList &sources, const QString &destDir,
                                       OnExists onExists, const OperationControl &control)
{
    const CancelToken &cancel = control.cancel;
    const ProgressFn &progress = control.progress;
    const bool overwrite = onExists == OnExists::Replace;
    auto checked = m_workspace.target(destDir, {.followLinks = true, .allowRoot = true});
    if (!checked)
        return checked.error();
    const QString &dest = checked->rel;
    if (checked->stat && !checked->stat->isDir())
        return Error::invalid(QStringLiteral("cannot import into '%1': it is a file").arg(dest));
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    ImportReport report;
    QStringList placed = sources;
    ImportNames naming(m_workspace, onExists);
    ImportFolders folders(m_workspace);
    const QHash<QString, QString> names = naming.placeFolders(placed, dest, report);
    // Copying starts with the first files the walk finds, not after the last folder.
    const ImportPlanner planner(m_workspace.root(), m_context.paths.dataRoot());
    ImportPlanStream plan(planner, m_context.pool);
    auto sourcesChecked = plan.start(placed, dest, names);
    if (!sourcesChecked)
        return sourcesChecked.error();
    for (const ItemError &e : std::as_const(sourcesChecked->errors))
        report.fail(e);
    report.skipped += sourcesChecked->skipped;
    Progress p;
    QList<ImportPlan::File> items; // handed over by the plan, being copied
    qsizetype at = 0;
    qint64 taken = 0;
    auto nextItem = [&]() -> const ImportPlan::File * {
        if (at == items.size()) {
            if (!plan.next(items))
                return nullptr;
            at = 0;
            // While the walk goes on, the totals are one more than what it found: progress
            // never reads as finished before the copying is.
            const qint64 counting = plan.complete() ? 0 : 1;
            p.filesTotal = plan.filesFound() + counting;
            p.bytesTotal = plan.bytesFound() + counting;
        }
        ++taken;
        return &items.at(at++);
    };

    // Each batch is published on a pool thread while the next one is written.
    ImportPublisher publisher(m_workspace, *policy, m_context, overwrite);
    std::vector<StagedImport> staged;
    qint64 stagedBytes = 0;
    qint64 foldersBefore = 0; // opened before the batch being written
    auto publish = [&]() -> Status {
        stagedBytes = 0;
        foldersBefore = folders.opened() - (folders.holdsOneOpen() ? 1 : 0);
        return publisher.submit(std::exchange(staged, {}));
    };
    // What the published batches recorded goes into the report once they are all done.
    auto finish = [&]() -> Status {
        HM_TRY(publish());
        HM_TRY(publisher.finish());
        for (const FileEntry &entry : publisher.imported()) {
            report.imported.append(entry);
            report.bytes += entry.size;
        }
        for (const ItemError &refused : publisher.refused())
            report.fail(refused);
        return {};
    };

    // A staged file's unnamed temporary keeps a descriptor open until it is published, in the
    // batch being written and in the one being published: a low limit of open files makes smaller
    // batches, a very low one named temporaries.
    const qint64 heldFiles = std::min(largestBatch, (openFileLimit() - 256) / 2);
    const bool unnamed = heldFiles >= 64;
    const qint64 mostFiles = unnamed ? heldFiles : largestBatch;
    qint64 batchFiles = 0;
    const auto nextBatchFiles = [&](qsizetype left) {
        return std::min(mostFiles, std::max(smallestBatch, qint64(left) / 4));
    };

    QByteArray buffer(chunkBytes, Qt::Uninitialized);
    while (const ImportPlan::File *next = nextItem()) {
        const ImportPlan::File &item = *next;
        if (staged.empty())
            batchFiles = nextBatchFiles(plan.filesFound() - taken + 1);
        if (cancel.isCancelled()) {
            report.cancelled = true;
            break;
        }
        auto fail = [&](ErrorCode code, const QString &line) {
            report.fail({code, item.source, item.target, line});
        };
        auto target = folders.place(item.target);
        if (!target) {
            fail(target.error().code,
                 QStringLiteral("%1: %2").arg(item.source, target.error().message));
            continue;
        }
        const std::optional<QString> place =
            naming.placeFor(item.source, item.target, target->onDisk, report);
        if (!place) {
            p.filesDone += 1;
            p.bytesDone += item.size;
            continue;
        }
        auto absolute = *place == item.target ? target : folders.place(*place);
        if (!absolute) {
            fail(absolute.error().code,
                 QStringLiteral("%1: %2").arg(item.source, absolute.error().message));
            continue;
        }
        if (absolute->isDir) {
            fail(ErrorCode::Conflict,
                 QStringLiteral("%1: '%2' is a folder").arg(item.source, *place));
            continue;
        }
        // The planner's lstat said a regular file; one swapped for a link since is refused.
        auto in = PosixFile::openForReading(item.source, PosixFile::Links::Refuse);
        if (!in) {
            fail(in.error().code, in.error().message);
            continue;
        }
        if (item.size >= chunkBytes)
            in->adviseSequential();
        auto known = folders.makeFolderOf(*place);
        if (!known) {
            fail(known.error().code, known.error().message);
            continue;
        }
        auto writer = std::make_unique<AtomicWriter>(absolute->absolute, m_workspace.stagingDir(),
                                                     AtomicWriter::Durability::Unsynced);
        auto handle = folders.openFolderOf(*place);
        if (!handle) {
            fail(handle.error().code, handle.error().message);
            continue;
        }
        writer->inFolder(*handle);
        if (known->stagingServes)
            writer->assumeStagingServes();
        if (!absolute->onDisk)
            writer->assumeNewTarget();
        if (unnamed)
            writer->preferUnnamed();
        HM_TRY(writer->open());
        Sha256 hasher;
        ProbeResult probe;
        bool failed = false;
        for (bool first = true;; first = false) {
            if (cancel.isCancelled()) {
                report.cancelled = true;
                failed = true;
                break;
            }
            auto n = in->read(buffer.data(), buffer.size());
            if (!n) {
                fail(n.error().code, n.error().message);
                failed = true;
                break;
            }
            if (*n == 0)
                break;
            const QByteArrayView chunk(buffer.constData(), *n);
            if (first)
                probe.binary = FileProbe::looksBinary(chunk);
            hasher.update(chunk);
            probe.size += *n;
            if (auto w = writer->write(chunk); !w) {
                // A full disk stops the whole import; what was published so far stays.
                HM_TRY(finish());
                return w.error();
            }
            p.bytesDone += *n;
            if (progress)
                progress(p);
        }
        if (report.cancelled)
            break;
        if (failed)
            continue;
        probe.sha256 = hasher.finalHex();
        if (auto done = writer->finishWriting(); !done) {
            HM_TRY(finish());
            return done.error();
        }
        folders.notePlaced(*place, *known);
        staged.push_back({std::move(writer), item.source, *place, absolute->absolute, probe});
        stagedBytes += probe.size;
        p.filesDone += 1;
        if (progress)
            progress(p);
        // Each folder a batch's files went into is held open until they are published.
        const qint64 heldOpen = qint64(staged.size()) + folders.opened() - foldersBefore;
        if (heldOpen >= batchFiles || stagedBytes >= publishBatchBytes)
            HM_TRY(publish());
    }
    // Files copied whole before a cancel are kept, as cp would; the one in flight is dropped.
    HM_TRY(finish());
    folders.closeOpen();
    plan.stop(); // a cancel leaves it walking
    for (const ItemError &e : plan.rest().errors)
        report.fail(e);
    report.skipped += plan.rest().skipped;
    for (const ImportPlan::Link &link : plan.rest().links) {
        if (report.cancelled)
            break;
        const std::optional<QString> place =
            naming.placeFor(link.source, link.target,
                            QFileInfo::exists(m_workspace.absolutePath(link.target)), report);
        if (!place)
            continue;
        if (auto made = createLink(*place, link.linkText, overwrite, report); !made)
            report.fail({made.error().code, link.source, *place,
                         QStringLiteral("%1: %2").arg(link.source, made.error().message)});
    }
    return report;
}

Status FileImporter::createLink(const QString &target, const QString &linkText, bool overwrite,
                                ImportReport &report) const
{
    auto absolute = m_workspace.resolve(target);
    if (!absolute)
        return absolute.error();
    auto existing = statPath(*absolute);
    if (!existing)
        return existing.error();
    if (existing->has_value()) {
        if (!overwrite || !(*existing)->isSymLink())
            return Error::exists(
                QStringLiteral("'%1' already exists; not overwritten").arg(target));
        if (!QFile::remove(*absolute))
            return Error::io(QStringLiteral("cannot replace the link '%1'").arg(target));
    }
    HM_TRY(ensureParentFolder(*absolute, m_workspace.root()));
    if (::symlink(QFile::encodeName(linkText).constData(),
                  QFile::encodeName(*absolute).constData()) != 0)
        return Error::io(
            QStringLiteral("cannot create the link '%1': %2").arg(target, describeErrno(errno)));
    report.links.append(QStringLiteral("%1 -> %2").arg(target, linkText));
    return {};
}

} // namespace hawkmoth
