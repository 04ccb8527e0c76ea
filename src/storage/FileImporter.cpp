#include "FileImporter.h"

#include "AtomicWriter.h"
#include "ChangeRecorder.h"
#include "FileProbe.h"
#include "PathValidator.h"
#include "PosixFile.h"
#include "Sha256.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <memory>
#include <sys/stat.h>

namespace hawkmoth {

namespace {

// Files written and synced before one index transaction publishes them together.
constexpr int publishBatch = 256;
constexpr qint64 chunkBytes = 1024 * 1024;

struct Staged
{
    std::unique_ptr<AtomicWriter> writer;
    QString target;
    QString absolute;
    ProbeResult probe;
};

} // namespace

FileImporter::FileImporter(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<QList<FileImporter::Item>>
FileImporter::plan(const QStringList &sources, const QString &destDir, QStringList &errors) const
{
    const QString canonicalRoot = QFileInfo(m_workspace.root()).canonicalFilePath();
    QList<Item> items;
    auto add = [&](const QString &source, const QString &relTarget) {
        auto target = PathValidator::normalize(
            destDir.isEmpty() ? relTarget : destDir + QLatin1Char('/') + relTarget);
        if (!target) {
            errors.append(QStringLiteral("%1: %2").arg(source, target.error().message));
            return;
        }
        items.append({source, *target, QFileInfo(source).size()});
    };
    for (const QString &source : sources) {
        const QFileInfo info(source);
        if (!info.exists()) {
            errors.append(QStringLiteral("%1: no such file or folder").arg(source));
            continue;
        }
        const QString canonical = info.canonicalFilePath();
        if (canonical == canonicalRoot || canonical.startsWith(canonicalRoot + QLatin1Char('/'))) {
            errors.append(QStringLiteral("%1: already inside workspace '%2'")
                              .arg(source, m_workspace.name()));
            continue;
        }
        if (info.isFile()) {
            add(source, info.fileName());
            continue;
        }
        if (!info.isDir()) {
            errors.append(QStringLiteral("%1: not a regular file or folder").arg(source));
            continue;
        }
        const QDir base(source);
        // Symlinked folders are not followed: they could loop or lead anywhere.
        QDirIterator it(source, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString file = it.next();
            const QString rel = info.fileName() + QLatin1Char('/') + base.relativeFilePath(file);
            if (rel.contains(QLatin1String("/.git/"))) {
                continue; // another repository's git data: never part of a workspace's files
            }
            if (!it.fileInfo().isFile()) {
                errors.append(QStringLiteral("%1: not a regular file, skipped").arg(file));
                continue;
            }
            add(file, rel);
        }
    }
    return items;
}

Result<ImportReport> FileImporter::run(const QStringList &sources, const QString &destDir,
                                       bool overwrite, const CancelToken &cancel,
                                       const ProgressFn &progress)
{
    auto dest = PathValidator::normalize(destDir, true);
    if (!dest)
        return dest.error();
    auto destAbs = m_workspace.resolve(*dest, true);
    if (!destAbs)
        return destAbs.error();
    if (QFileInfo(*destAbs).exists() && !QFileInfo(*destAbs).isDir())
        return Error::invalid(QStringLiteral("cannot import into '%1': it is a file").arg(*dest));
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();

    ImportReport report;
    auto items = plan(sources, *dest, report.errors);
    if (!items)
        return items.error();
    Progress p;
    p.filesTotal = items->size();
    for (const Item &i : std::as_const(*items))
        p.bytesTotal += i.size;

    std::vector<Staged> staged;
    auto publish = [&]() -> Status {
        if (staged.empty())
            return {};
        auto db = m_workspace.connect();
        if (!db)
            return db.error();
        auto tx = Transaction::begin(**db);
        if (!tx)
            return tx.error();
        ChangeRecorder recorder(**db, *policy, m_context.settings.autoSyncDelayMs());
        for (Staged &s : staged) {
            if (!overwrite && QFileInfo::exists(s.absolute)) {
                report.errors.append(
                    QStringLiteral("%1: appeared meanwhile; not overwritten").arg(s.target));
                continue;
            }
            HM_TRY(s.writer->publish());
            struct stat st
            {};
            if (::stat(QFile::encodeName(s.absolute).constData(), &st) != 0)
                continue;
            auto previous = recorder.index().get(s.target);
            if (!previous)
                return previous.error();
            auto entry = recorder.record(
                s.target, s.probe.size,
                qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec, s.probe, *previous);
            if (!entry)
                return entry.error();
            report.imported.append(*entry);
            report.bytes += entry->size;
        }
        HM_TRY(recorder.finish());
        HM_TRY((*tx)->commit());
        staged.clear();
        return {};
    };

    QByteArray buffer(chunkBytes, Qt::Uninitialized);
    for (const Item &item : std::as_const(*items)) {
        if (cancel.isCancelled()) {
            report.cancelled = true;
            break;
        }
        auto absolute = m_workspace.resolve(item.target);
        if (!absolute) {
            report.errors.append(
                QStringLiteral("%1: %2").arg(item.source, absolute.error().message));
            continue;
        }
        if (!overwrite && QFileInfo::exists(*absolute)) {
            report.errors.append(QStringLiteral("%1: '%2' already exists; not overwritten")
                                     .arg(item.source, item.target));
            p.filesDone += 1;
            p.bytesDone += item.size;
            continue;
        }
        if (QFileInfo(*absolute).isDir()) {
            report.errors.append(
                QStringLiteral("%1: '%2' is a folder").arg(item.source, item.target));
            continue;
        }
        auto in = PosixFile::openForReading(item.source);
        if (!in) {
            report.errors.append(in.error().message);
            continue;
        }
        in->adviseSequential();
        if (auto made = ensureParentFolder(*absolute, m_workspace.root()); !made) {
            report.errors.append(made.error().message);
            continue;
        }
        auto writer = std::make_unique<AtomicWriter>(*absolute, m_workspace.stagingDir());
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
                report.errors.append(n.error().message);
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
                HM_TRY(publish());
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
            HM_TRY(publish());
            return done.error();
        }
        staged.push_back({std::move(writer), item.target, *absolute, probe});
        p.filesDone += 1;
        if (progress)
            progress(p);
        if (int(staged.size()) >= publishBatch)
            HM_TRY(publish());
    }
    // Files copied whole before a cancel are kept, as cp would; the one in flight is dropped.
    HM_TRY(publish());
    return report;
}

} // namespace hawkmoth
