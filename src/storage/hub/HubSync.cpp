#include "HubSync.h"

#include "FileIndex.h"
#include "HubCredentials.h"
#include "HubDataset.h"
#include "HubPaths.h"
#include "JobQueue.h"
#include "Sha256.h"

#include <QSet>

namespace hawkmoth::hub {

bool HubSync::tokenRejectedBefore() const
{
    auto db = m_ctx.workspace().connect();
    if (!db)
        return false;
    auto blocked = JobQueue(**db).list({JobState::Blocked});
    if (!blocked)
        return false;
    return std::any_of(blocked->cbegin(), blocked->cend(), [this](const Job &j) {
        return j.id != m_ctx.job().id && HubCredentials::rejectedToken(j);
    });
}

JobOutcome HubSync::run()
{
    const Workspace &ws = m_ctx.workspace();
    const AppSettings &settings = m_ctx.context().settings;
    auto manifest = HubManifest::load(ws.manifestFile());
    if (!manifest)
        return JobOutcome::fromError(manifest.error());
    m_manifest = *manifest;
    auto db = ws.connect();
    if (!db)
        return JobOutcome::fromError(db.error());
    // Only the hub layer's rows: a code-only workspace reads none.
    auto hubFiles = FileIndex(**db).inLayer(Layer::Hub);
    if (!hubFiles)
        return JobOutcome::fromError(hubFiles.error());
    db->reset();

    QList<Upload> uploads;
    QStringList alreadyThere;
    QSet<QString> hubPaths;
    for (const FileEntry &e : std::as_const(*hubFiles)) {
        hubPaths.insert(e.path);
        if (e.state == SyncState::RemoteOnly || e.state == SyncState::Conflict)
            continue;
        const auto known = m_manifest.files.constFind(e.path);
        if (known == m_manifest.files.constEnd() || known->sha256 != QString::fromLatin1(e.sha256))
            uploads.append({e, false, {}});
        else if (e.state != SyncState::Synced)
            alreadyThere.append(e.path);
    }
    QStringList deletions;
    QStringList refused;
    for (auto it = m_manifest.files.begin(); it != m_manifest.files.end();) {
        // A manifest that came through git may name paths no workspace file can have: they are
        // dropped, not deleted on the Hub (which holds no such file, or must not be asked to).
        if (auto valid = HubPaths::check(it.key()); !valid) {
            refused.append(HubPaths::refusal(it.key(), valid.error()));
            it = m_manifest.files.erase(it);
            continue;
        }
        if (!hubPaths.contains(it.key()))
            deletions.append(it.key());
        ++it;
    }
    if (!refused.isEmpty())
        m_ctx.note(QStringLiteral("hub: the manifest named %1 path(s) that break the path rules, "
                                  "dropped: %2")
                       .arg(refused.size())
                       .arg(refused.join(QStringLiteral("; "))));
    auto meta = ws.metadata();
    if (!meta)
        return JobOutcome::fromError(meta.error());
    const bool touchesHub = !uploads.isEmpty() || !deletions.isEmpty() ||
                            !m_manifest.dataset.isEmpty() || !meta->dataset.isEmpty();
    if (!touchesHub)
        return JobOutcome::done(); // a workspace that never had a hub file needs no dataset yet
    // After the Hub rejected the token, automatic syncs do not ask it again and again: they wait
    // for the user to log in or to ask for a sync.
    if (!m_ctx.job().payload.value(QLatin1String("requested")).toBool() && tokenRejectedBefore())
        return JobOutcome::block(
            QStringLiteral("hub: waiting, %1; run 'hawkmoth login' or 'hawkmoth sync'")
                .arg(HubCredentials::rejectedPhrase()),
            ErrorCode::Unauthenticated);
    const QUrl endpoint = HubCredentials::endpoint(settings);
    auto token = HubCredentials::token(m_ctx.context(), endpoint);
    if (!token)
        return JobOutcome::fromError(token.error());
    if (!token->has_value()) {
        if (!uploads.isEmpty())
            m_ctx.note(QStringLiteral("hub: %1 file(s) wait for a Hugging Face token (set HF_TOKEN "
                                      "or run 'hawkmoth login')")
                           .arg(uploads.size()));
        return JobOutcome::done();
    }
    auto client = HubClient::create(m_ctx.context(), (*token)->value);
    if (!client)
        return JobOutcome::fromError(client.error());
    HubApi api(**client, m_ctx.cancel());
    auto dataset = HubDataset::resolve(ws, api, settings, m_manifest.dataset);
    if (!dataset)
        return JobOutcome::fromError(dataset.error());
    meta->dataset = *dataset;
    const QByteArray workspaceJson = meta->toJson();
    const QString workspaceSha = QString::fromLatin1(Sha256::ofData(workspaceJson));
    bool unchanged = uploads.isEmpty() && deletions.isEmpty() && m_manifest.dataset == *dataset;
    if (unchanged && workspaceSha != m_manifest.workspaceJsonSha256 &&
        HubDataset::sameOnHub(api, *dataset, *meta)) {
        // Only this machine's copy of workspace.json (a clone's name and dates, or one restored
        // by open-from-hub) differs: no commit, and no question next time.
        m_manifest.workspaceJsonSha256 = workspaceSha;
        if (auto saved = m_manifest.save(ws.manifestFile()); !saved)
            return JobOutcome::fromError(saved.error());
    }
    if (unchanged && workspaceSha == m_manifest.workspaceJsonSha256) {
        if (!alreadyThere.isEmpty()) {
            auto again = ws.connect();
            if (!again)
                return JobOutcome::fromError(again.error());
            FileIndex index(**again);
            for (const QString &path : std::as_const(alreadyThere)) {
                if (auto marked = index.setState(path, SyncState::Synced); !marked)
                    return JobOutcome::fromError(marked.error());
            }
        }
        if (!refused.isEmpty()) {
            if (auto saved = m_manifest.save(ws.manifestFile()); !saved)
                return JobOutcome::fromError(saved.error());
        }
        return JobOutcome::done(); // re-syncing an unchanged workspace: no request sends a byte of
                                   // content
    }
    QString parent = m_manifest.dataset == *dataset ? m_manifest.lastCommit : QString();
    if (parent.isEmpty()) {
        auto info = api.repoInfo(*dataset);
        if (!info)
            return JobOutcome::fromError(info.error());
        parent = info->sha;
    }
    auto committed = commitAll(api, *dataset, uploads, deletions, workspaceJson, parent);
    if (!committed) {
        // The manifest keeps what a partial run achieved (e.g. conflicts recorded); when it cannot
        // be saved either, the job says so beside the failure that stopped it.
        Error failed = committed.error().context(QStringLiteral("hub"));
        if (auto saved = m_manifest.save(ws.manifestFile()); !saved)
            failed.message += QStringLiteral("; the manifest could not be saved either: ") +
                              saved.error().message;
        return JobOutcome::fromError(failed);
    }
    m_manifest.dataset = *dataset;
    m_manifest.lastCommit = *committed;
    m_manifest.workspaceJsonSha256 = workspaceSha;
    for (const QString &path : std::as_const(deletions))
        m_manifest.files.remove(path);
    auto again = ws.connect();
    if (!again)
        return JobOutcome::fromError(again.error());
    FileIndex index(**again);
    // The commit landed: the manifest records it whatever happens to the index below, and the
    // first index write that failed is the job's error (the next sync sets the states again).
    Status indexed;
    auto keep = [&indexed](const Status &status) {
        if (indexed && !status)
            indexed = status;
    };
    for (const Upload &u : std::as_const(uploads)) {
        if (u.oid.isEmpty())
            continue; // changed while syncing: stays pending
        m_manifest.files[u.entry.path] = {QString::fromLatin1(u.entry.sha256), u.entry.size, u.oid,
                                          *committed};
        auto row = index.get(u.entry.path);
        if (!row)
            keep(row.error());
        else if (row->has_value() && (*row)->sha256 == u.entry.sha256)
            keep(index.settle({{u.entry.path, *committed}}, SyncState::Synced));
    }
    for (const QString &path : std::as_const(alreadyThere))
        keep(index.setState(path, SyncState::Synced));
    if (auto saved = m_manifest.save(ws.manifestFile()); !saved)
        return JobOutcome::fromError(saved.error());
    if (!indexed)
        return JobOutcome::fromError(indexed.error().context(
            QStringLiteral("hub: committed, but the index was not updated")));
    m_ctx.note(QStringLiteral("hub: committed %1 file(s), %2 deletion(s) to %3 (%4)")
                   .arg(uploads.size())
                   .arg(deletions.size())
                   .arg(*dataset, committed->left(7)));
    if (!m_conflicts.isEmpty())
        m_ctx.note(QStringLiteral("hub: changed on both sides, both versions kept: %1. Edit each "
                                  "file to the content you "
                                  "want, then sync.")
                       .arg(m_conflicts.join(QStringLiteral("; "))));
    return JobOutcome::done();
}

} // namespace hawkmoth::hub
