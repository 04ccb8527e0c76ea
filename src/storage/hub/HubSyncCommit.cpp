// The committing half of HubSync: large files through LFS, then the operations in commits within
// the Hub's limits, and, when someone committed meanwhile, both versions of what changed on both
// sides. (HubSync.cpp decides what to sync and records what the Hub then holds.)

#include "HubSync.h"

#include "GitBlobId.h"

#include "BlobCache.h"
#include "FileIndex.h"
#include "HubCommitLines.h"
#include "HubDataset.h"
#include "HubPaths.h"
#include "LfsUploader.h"
#include "PosixFile.h"
#include "Sha256.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hawkmoth::hub {

namespace {

const QString &workspaceJsonPath = HubDataset::workspaceJsonPath;
using commitlines::line;
using commitlines::pointerOid;

} // namespace

Status HubSync::keepBothVersions(HubApi &api, const QString &dataset, const RemoteFile &remote)
{
    const Workspace &ws = m_ctx.workspace();
    const QString &path = remote.path;
    const QString &remoteOid = remote.oid;
    BlobCache cache(m_ctx.context().paths.blobDir());
    const QString part = cache.partPath(remoteOid);
    QDir().mkpath(QFileInfo(part).absolutePath());
    QFile::remove(part);
    auto fetched = api.download(dataset, path, part, 0);
    if (!fetched)
        return fetched.error();
    // Checked like every download: against the LFS sha256, or the git blob id of a small file.
    auto sha = cache.adopt(part, remote.lfsOid, remote.lfsOid.isEmpty() ? remote.oid : QString());
    if (!sha)
        return sha.error();
    const QString copy = HubPaths::copyPath(path, remoteOid);
    auto target = HubPaths::resolve(ws, copy);
    if (!target)
        return Error::invalid(
            QStringLiteral("the Hub's version of '%1' cannot be kept beside it: %2")
                .arg(path, HubPaths::refusal(copy, target.error())));
    HM_TRY(cache.materialize(*sha, *target, ws.stagingDir()));
    auto policy = ws.policy();
    if (!policy)
        return policy.error();
    policy->setPin(copy, Layer::Session); // the remote's version, for the user's eyes only
    HM_TRY(ws.savePolicy(*policy));
    auto db = ws.connect();
    if (!db)
        return db.error();
    HM_TRY(FileIndex(**db).setState(
        path, SyncState::Conflict,
        QStringLiteral("changed here and on the Hub; the Hub's version is in %1").arg(copy)));
    m_manifest.files[path] = {*sha, QFileInfo(ws.absolutePath(copy)).size(), remoteOid,
                              m_manifest.lastCommit};
    m_conflicts.append(QStringLiteral("%1 (the Hub's version is in %2)").arg(path, copy));
    return {};
}

Result<QString> HubSync::commitAll(HubApi &api, const QString &dataset, QList<Upload> &uploads,
                                   QStringList &deletions, const QByteArray &workspaceJson,
                                   QString parent)
{
    const Workspace &ws = m_ctx.workspace();
    QList<PreuploadFile> asked;
    for (const Upload &u : std::as_const(uploads)) {
        auto in = PosixFile::openForReading(ws.absolutePath(u.entry.path));
        if (!in)
            return in.error();
        QByteArray sample(512, Qt::Uninitialized);
        auto n = in->readFully(sample.data(), sample.size());
        if (!n)
            return n.error();
        sample.truncate(*n);
        asked.append({u.entry.path, u.entry.size, sample});
    }
    asked.append({workspaceJsonPath, workspaceJson.size(), workspaceJson.left(512)});
    auto modes = api.preupload(dataset, asked);
    if (!modes)
        return modes.error();
    QList<LfsFile> large;
    for (Upload &u : uploads) {
        u.lfs = modes->value(u.entry.path);
        if (u.lfs) {
            large.append({u.entry.path, ws.absolutePath(u.entry.path),
                          QString::fromLatin1(u.entry.sha256), u.entry.size});
            u.oid = pointerOid(QString::fromLatin1(u.entry.sha256), u.entry.size);
        }
    }
    const int parallel = m_ctx.context()
                             .settings.value(QStringLiteral("hubParallelUploads"))
                             .toInt(LfsUploader::defaultParallel);
    LfsUploader uploader(api, m_ctx.context().pool, parallel);
    auto lfs =
        uploader.upload(dataset, large, [this](const Progress &p) { m_ctx.reportProgress(p); });
    if (!lfs)
        return lfs.error();
    if (lfs->uploaded + lfs->skipped > 0)
        m_ctx.note(QStringLiteral("hub: %1 large file(s) uploaded, %2 already on the Hub")
                       .arg(lfs->uploaded)
                       .arg(lfs->skipped));

    for (int attempt = 0;; ++attempt) {
        // Operations in commits within the Hub's limits, each on top of the one before.
        QByteArray ops;
        int count = 0;
        qint64 inline_ = 0;
        QString last = parent;
        auto flush = [&](bool final) -> Status {
            if (count == 0 && !final)
                return {};
            const QByteArray header = line(
                QStringLiteral("header"),
                QJsonObject{
                    {QStringLiteral("summary"), QStringLiteral("HAWKMOTH: %1 file(s)").arg(count)},
                    {QStringLiteral("description"),
                     QStringLiteral("Synced by HAWKMOTH from workspace %1").arg(ws.name())},
                    {QStringLiteral("parentCommit"), last}});
            auto oid = api.commit(dataset, header + ops);
            if (!oid)
                return oid.error();
            last = *oid;
            ops.clear();
            count = 0;
            inline_ = 0;
            return {};
        };
        Status status; // the outcome of the last commit so far
        for (Upload &u : uploads) {
            if (u.onHub)
                continue;
            if (u.lfs) {
                ops += line(QStringLiteral("lfsFile"),
                            {{QStringLiteral("path"), u.entry.path},
                             {QStringLiteral("algo"), QStringLiteral("sha256")},
                             {QStringLiteral("oid"), QString::fromLatin1(u.entry.sha256)},
                             {QStringLiteral("size"), double(u.entry.size)}});
            } else {
                QFile f(ws.absolutePath(u.entry.path));
                if (!f.open(QIODevice::ReadOnly))
                    return Error::io(
                        QStringLiteral("cannot read '%1': %2").arg(u.entry.path, f.errorString()));
                const QByteArray content = f.readAll();
                if (Sha256::ofData(content) != u.entry.sha256)
                    continue; // changed since it was indexed: the next sync takes the new version
                u.oid = GitBlobId::ofData(content);
                inline_ += content.size();
                m_inlineBytesSent += content.size();
                ops += line(QStringLiteral("file"),
                            {{QStringLiteral("path"), u.entry.path},
                             {QStringLiteral("encoding"), QStringLiteral("base64")},
                             {QStringLiteral("content"), QString::fromLatin1(content.toBase64())}});
            }
            if (++count >= maxOperationsPerCommit || inline_ >= maxInlineBytesPerCommit) {
                if (status = flush(false); !status)
                    break;
            }
        }
        for (const QString &path : std::as_const(deletions)) {
            if (!status)
                break;
            ops += line(QStringLiteral("deletedFile"), {{QStringLiteral("path"), path}});
            if (++count >= maxOperationsPerCommit && !(status = flush(false)))
                break;
        }
        if (status) {
            ops +=
                line(QStringLiteral("file"),
                     {{QStringLiteral("path"), workspaceJsonPath},
                      {QStringLiteral("encoding"), QStringLiteral("base64")},
                      {QStringLiteral("content"), QString::fromLatin1(workspaceJson.toBase64())}});
            ++count;
            status = flush(true);
        }
        if (status)
            return last;
        if (status.error().code != ErrorCode::Conflict || attempt >= 3)
            return status.error();
        // Someone committed since the Hub commit we based on: look at what changed there.
        auto remote = api.listFiles(dataset);
        if (!remote)
            return remote.error();
        QHash<QString, RemoteFile> byPath;
        for (const RemoteFile &r : std::as_const(*remote))
            byPath.insert(r.path, r);
        QList<Upload> kept;
        for (Upload u : std::as_const(uploads)) {
            const auto r = byPath.constFind(u.entry.path);
            const bool theyChanged =
                r != byPath.constEnd() && r->oid != m_manifest.files.value(u.entry.path).oid;
            // The same content there (ours, when a lost answer hid that our own commit landed) is
            // no conflict.
            const bool same =
                r != byPath.constEnd() && (r->lfsOid == QString::fromLatin1(u.entry.sha256) ||
                                           (!u.oid.isEmpty() && r->oid == u.oid));
            if (theyChanged && !same) {
                HM_TRY(keepBothVersions(api, dataset, *r));
                continue;
            }
            if (same) {
                u.onHub = true;
                u.oid = r->oid;
            }
            kept.append(u);
        }
        uploads = kept;
        QStringList stillDeleted;
        for (const QString &path : std::as_const(deletions)) {
            const auto r = byPath.constFind(path);
            if (r == byPath.constEnd())
                continue; // gone there too
            if (r->oid == m_manifest.files.value(path).oid)
                stillDeleted.append(path);
            else
                m_conflicts.append(
                    QStringLiteral(
                        "%1 (deleted here, changed on the Hub: the Hub's version stays there)")
                        .arg(path));
        }
        deletions = stillDeleted;
        auto info = api.repoInfo(dataset);
        if (!info)
            return info.error();
        parent = info->sha;
    }
}

} // namespace hawkmoth::hub
