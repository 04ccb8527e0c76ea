#include "HubPull.h"

#include "BlobCache.h"
#include "ChangeRecorder.h"
#include "FileIndex.h"
#include "FileProbe.h"
#include "HubCredentials.h"
#include "HubDownloads.h"
#include "HubFileFetch.h"
#include "HubPaths.h"
#include "PullBatch.h"
#include "Rescanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace hawkmoth::hub {

QString HubPull::refusedNote(const QStringList &refused)
{
    return QStringLiteral("hub: refused %1 path(s) from the Hub, none of them written: %2")
        .arg(refused.size())
        .arg(refused.join(QStringLiteral("; ")));
}

Status HubPull::markRemoteOnly(const Workspace &workspace)
{
    auto manifest = HubManifest::load(workspace.manifestFile());
    if (!manifest)
        return manifest.error();
    if (manifest->files.isEmpty())
        return {};
    auto db = workspace.connect();
    if (!db)
        return db.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    FileIndex index(**db);
    for (auto it = manifest->files.constBegin(); it != manifest->files.constEnd(); ++it) {
        // A manifest arrives through git: a path it names is checked like one from the Hub (the
        // pull reports it).
        if (!HubPaths::resolve(workspace, it.key()) ||
            QFileInfo::exists(workspace.absolutePath(it.key())))
            continue;
        auto row = index.get(it.key());
        if (!row)
            return row.error();
        if (row->has_value())
            continue;
        FileEntry e;
        e.path = it.key();
        e.size = it->size;
        e.sha256 = it->sha256.toLatin1();
        e.layer = Layer::Hub;
        e.state = SyncState::RemoteOnly;
        e.remoteId = it->commit;
        HM_TRY(index.upsert(e));
    }
    return (*tx)->commit();
}

int HubPull::parallelDownloads(const StorageContext &context)
{
    return context.settings.value(QStringLiteral("hubParallelDownloads"))
        .toInt(HubDownloads::defaultParallel);
}

Result<HubPull::Report> HubPull::run(const QString &dataset, const ProgressFn &progress)
{
    Report report;
    auto manifest = HubManifest::load(m_ws.manifestFile());
    if (!manifest)
        return manifest.error();
    auto remote = m_api.listFiles(dataset);
    if (!remote)
        return remote.error();
    auto info = m_api.repoInfo(dataset);
    if (!info)
        return info.error();
    auto policy = m_ws.policy();
    if (!policy)
        return policy.error();
    BlobCache cache(m_ctx.paths.blobDir());
    QSet<QString> remotePaths;
    bool policyChanged = false;
    // A file that arrives from the Hub stays in the hub layer whatever its size or type. The
    // check assumes text: a pin on a binary file that would go to the hub anyway costs nothing.
    // Pinned before the downloads start, which record the files by the policy meanwhile.
    auto pinToHub = [&](const RemoteFile &r) {
        if (policy->decide(r.path, r.size, false) != Layer::Hub && !policy->pin(r.path)) {
            policy->setPin(r.path, Layer::Hub);
            policyChanged = true;
        }
    };
    auto known = [&](const RemoteFile &r, const QString &sha) {
        manifest->files[r.path] = {sha, r.size, r.oid, info->sha};
    };
    // What to fetch, decided first; fetched several at a time.
    struct Wanted
    {
        QString absolute;
        QString copyTarget;  // where the Hub's version goes when the file changed here too
        QByteArray localSha; // of the file on disk, if there is one
        bool localChanged = false;
    };
    QList<Wanted> wanted;
    QList<RemoteFile> fetching;
    for (const RemoteFile &r : std::as_const(*remote)) {
        if (HubPaths::isInternal(r.path))
            continue;
        auto target = HubPaths::resolve(m_ws, r.path);
        if (!target) {
            report.refused.append(HubPaths::refusal(r.path, target.error()));
            continue;
        }
        remotePaths.insert(r.path);
        const auto recorded = manifest->files.constFind(r.path);
        const QString absolute = *target;
        const bool onDisk = QFileInfo::exists(absolute);
        const bool remoteChanged = recorded == manifest->files.constEnd() || recorded->oid != r.oid;
        if (!remoteChanged && onDisk)
            continue;
        std::optional<ProbeResult> local;
        if (onDisk) {
            auto probed = FileProbe::probe(absolute, m_api.cancel());
            if (!probed)
                return probed.error();
            local = *probed;
        }
        // The same bytes here already (a pull that stopped midway, a copy made by hand).
        if (local && !r.lfsOid.isEmpty() && QString::fromLatin1(local->sha256) == r.lfsOid) {
            pinToHub(r);
            known(r, r.lfsOid);
            continue;
        }
        const bool localChanged = local && (recorded == manifest->files.constEnd() ||
                                            QString::fromLatin1(local->sha256) != recorded->sha256);
        const QString copy = HubPaths::copyPath(r.path, r.oid);
        auto copyTarget = HubPaths::resolve(m_ws, copy);
        if (localChanged && !copyTarget) {
            report.refused.append(HubPaths::refusal(copy, copyTarget.error()));
            continue;
        }
        pinToHub(r);
        if (localChanged) {
            policy->setPin(copy, Layer::Session); // the Hub's version, for the user's eyes only
            policyChanged = true;
        }
        wanted.append({absolute, localChanged ? *copyTarget : QString(),
                       local ? local->sha256 : QByteArray(), localChanged});
        fetching.append(r);
    }
    // The policy stays as it is now until the batch is done: the batch's thread reads it.
    PullBatch batch(m_ws, m_ctx, *policy, cache);
    HubDownloads downloads(m_api, dataset, cache, parallelDownloads(m_ctx));
    const Status fetched = downloads.run(
        fetching,
        [&](qsizetype i, const QString &sha, bool lastUse) -> Status {
            const RemoteFile &r = fetching.at(i);
            const Wanted &w = wanted.at(i);
            known(r, sha);
            if (!w.localSha.isEmpty() && QString::fromLatin1(w.localSha) == sha)
                return {}; // same bytes on both sides already
            if (w.localChanged) {
                report.conflicts.append(QStringLiteral("%1 (the Hub's version is in %2)")
                                            .arg(r.path, HubPaths::copyPath(r.path, r.oid)));
                return batch.add(HubPaths::copyPath(r.path, r.oid), w.copyTarget, sha, lastUse);
            }
            ++report.downloaded;
            return batch.add(r.path, w.absolute, sha, lastUse);
        },
        progress);
    // What arrived whole stays, even when the rest failed or was cancelled: a later pull finds
    // it in place and fetches only the rest.
    const Status published = batch.finish();
    if (policyChanged)
        HM_TRY(m_ws.savePolicy(*policy));
    if (!fetched)
        return fetched.error();
    HM_TRY(published);
    // Deleted on the Hub: removed here too, unless changed here since (then it stays, to be
    // uploaded).
    for (auto it = manifest->files.begin(); it != manifest->files.end();) {
        if (remotePaths.contains(it.key())) {
            ++it;
            continue;
        }
        auto target = HubPaths::resolve(m_ws, it.key());
        if (!target) {
            // Arrived through git: never deleted, fetched or kept in the manifest.
            report.refused.append(HubPaths::refusal(it.key(), target.error()));
            it = manifest->files.erase(it);
            continue;
        }
        const QString absolute = *target;
        if (QFileInfo::exists(absolute)) {
            auto probed = FileProbe::probe(absolute);
            if (probed && QString::fromLatin1(probed->sha256) == it->sha256) {
                QFile::remove(absolute);
                ++report.removed;
            } else {
                report.conflicts.append(
                    QStringLiteral("%1 (deleted on the Hub, changed here: kept)").arg(it.key()));
            }
        }
        it = manifest->files.erase(it);
    }
    report.refused.removeDuplicates(); // listed by the Hub and recorded in the manifest
    manifest->dataset = dataset;
    manifest->lastCommit = info->sha;
    HM_TRY(manifest->save(m_ws.manifestFile()));
    // The index learns what arrived; files equal to the manifest are synced.
    if (auto scanned = Rescanner(m_ws, withoutAutoSync(m_ctx)).run(); !scanned)
        return scanned.error();
    auto db = m_ws.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    for (auto it = manifest->files.constBegin(); it != manifest->files.constEnd(); ++it) {
        auto row = index.get(it.key());
        if (!row)
            return row.error();
        if (row->has_value() && QString::fromLatin1((*row)->sha256) == it->sha256 &&
            (*row)->state != SyncState::Synced)
            HM_TRY(index.setState(it.key(), SyncState::Synced));
    }
    for (const QString &c : std::as_const(report.conflicts)) {
        const QString path = c.section(QLatin1Char(' '), 0, 0);
        auto row = index.get(path);
        if (!row)
            return row.error();
        if (row->has_value())
            HM_TRY(index.setState(path, SyncState::Conflict, c));
    }
    return report;
}

JobOutcome HubPull::runStep(JobContext &ctx)
{
    const Workspace &ws = ctx.workspace();
    if (auto marked = markRemoteOnly(ws); !marked)
        return JobOutcome::fromError(marked.error());
    auto meta = ws.metadata();
    auto manifest = HubManifest::load(ws.manifestFile());
    const QString dataset = meta && !meta->dataset.isEmpty() ? meta->dataset
                            : manifest                       ? manifest->dataset
                                                             : QString();
    if (dataset.isEmpty())
        return JobOutcome::done(); // no dataset: nothing on the Hub to pull
    const QUrl endpoint = HubCredentials::endpoint(ctx.context().settings);
    auto token = HubCredentials::token(ctx.context(), endpoint);
    if (!token)
        return JobOutcome::fromError(token.error());
    if (!token->has_value()) {
        ctx.note(QStringLiteral("hub: no Hugging Face token (set HF_TOKEN or run 'hawkmoth "
                                "login'); large files not fetched"));
        return JobOutcome::done();
    }
    auto client = HubClient::create(ctx.context(), (*token)->value);
    if (!client)
        return JobOutcome::fromError(client.error());
    HubApi api(**client, ctx.cancel());
    HubPull pull(ws, ctx.context(), api);
    auto report = pull.run(dataset, [&ctx](const Progress &p) { ctx.reportProgress(p); });
    if (!report)
        return JobOutcome::fromError(report.error().context(QStringLiteral("hub")));
    ctx.note(QStringLiteral("hub: %1 file(s) downloaded, %2 removed")
                 .arg(report->downloaded)
                 .arg(report->removed));
    if (!report->conflicts.isEmpty())
        ctx.note(QStringLiteral("hub: changed on both sides, both versions kept: %1")
                     .arg(report->conflicts.join(QStringLiteral("; "))));
    if (!report->refused.isEmpty())
        ctx.note(refusedNote(report->refused));
    return JobOutcome::done();
}

Status HubPull::fetchOne(const Workspace &workspace, const StorageContext &context,
                         const QString &path, const OperationControl &control)
{
    auto manifest = HubManifest::load(workspace.manifestFile());
    if (!manifest)
        return manifest.error();
    auto target = HubPaths::resolve(workspace, path);
    if (!target)
        return Error::invalid(QStringLiteral("the Hub path %1 is refused")
                                  .arg(HubPaths::refusal(path, target.error())));
    const auto known = manifest->files.constFind(path);
    if (known == manifest->files.constEnd())
        return Error::notFound(QStringLiteral("'%1' is not recorded as a Hub file").arg(path));
    auto sha = HubFileFetch::toCache(context, HubFileFetch::datasetOf(workspace, manifest->dataset),
                                     path, *known, {}, control);
    if (!sha)
        return sha.error();
    BlobCache cache(context.paths.blobDir());
    HM_TRY(cache.materialize(*sha, *target, workspace.stagingDir()));
    auto db = workspace.connect();
    if (!db)
        return db.error();
    return FileIndex(**db).setState(path, SyncState::Synced);
}

} // namespace hawkmoth::hub
