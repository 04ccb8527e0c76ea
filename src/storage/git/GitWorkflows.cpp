#include "GitWorkflows.h"

#include "FileIndex.h"
#include "FileStore.h"
#include "GitCredentials.h"
#include "GitHistory.h"
#include "GitTransport.h"
#include "GitUncommitted.h"
#include "PathValidator.h"
#include "WorkspaceName.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace hawkmoth::git {

namespace {

bool hasRepository(const Workspace &ws)
{
    return QFileInfo::exists(ws.root() + QStringLiteral("/.git"));
}

// The repository a read looks at: never created here (reads never write).
Result<Repository> existing(const Workspace &ws)
{
    HM_TRY(ws.checkPresent());
    if (!hasRepository(ws))
        return Error::notFound(
            QStringLiteral("workspace '%1' has no git repository yet; the next sync creates it")
                .arg(ws.name()));
    return Repository::open(ws.root());
}

QString commitId(const git_commit *commit)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, git_commit_id(commit));
    return QString::fromLatin1(text);
}

// Records the remote in workspace.json (the Hub's copy of it tells open-from-hub what to clone).
Status recordRemote(const Workspace &ws, const QString &url)
{
    auto meta = ws.metadata();
    // An unreadable workspace.json is reported by "list" and "status"; writing one made of this
    // field alone would lose the others (its name, template, dataset).
    if (!meta)
        return {};
    meta->gitRemote = url;
    return meta->save(ws.metadataFile());
}

} // namespace

Result<QList<LogEntry>> history(const Workspace &ws, const QString &path, int limit)
{
    if (limit <= 0)
        return Error::invalid(
            QStringLiteral("history needs a positive number of commits, not %1").arg(limit));
    QString normalized;
    if (!path.isEmpty()) {
        auto checked = PathValidator::normalize(path);
        if (!checked)
            return checked.error();
        normalized = *checked;
    }
    HM_TRY(ws.checkPresent());
    if (!hasRepository(ws))
        return QList<LogEntry>();
    auto repo = Repository::open(ws.root());
    if (!repo)
        return repo.error();
    return History(*repo).log(normalized, limit);
}

Result<QByteArray> show(const Workspace &ws, const QString &path, const QString &rev)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    auto repo = existing(ws);
    if (!repo)
        return repo.error();
    return History(*repo).show(*normalized, rev);
}

Result<FileEntry> restore(const Workspace &ws, const StorageContext &context, const QString &path,
                          const QString &rev)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    auto content = show(ws, *normalized, rev);
    if (!content)
        return content.error();
    return FileStore(ws, context).save(*normalized, *content);
}

Result<QString> setRemote(const Workspace &ws, const StorageContext &context,
                          const QString &givenUrl)
{
    QString url = givenUrl.trimmed();
    if (url.isEmpty())
        return Error::invalid(QStringLiteral("give the remote's URL (https, ssh or a local path)"));
    HM_TRY(ws.checkPresent());
    auto repo = Repository::openOrInit(ws.root());
    if (!repo)
        return repo.error();
    const QUrl parsed(url);
    if (!parsed.password().isEmpty()) {
        // A token in the URL would end up in .git/config in plain text: keep it in the keychain.
        if (auto stored = Credentials::store(context, url, parsed.userName(), parsed.password());
            !stored)
            return Error::invalid(
                QStringLiteral("the URL carries a password, which HAWKMOTH keeps only in the "
                               "keychain, and %1")
                    .arg(stored.error().message));
        url = Transport::redact(url);
    }
    HM_TRY(repo->setRemoteUrl(url));
    if (auto recorded = recordRemote(ws, url); !recorded)
        return recorded.error().context(
            QStringLiteral("git pushes to %1 now, but workspace.json does not say so (a workspace "
                           "opened from the Hub would not clone it); set the remote again")
                .arg(url));
    return url;
}

Result<PullSummary> integrateRemote(const Workspace &ws, const StorageContext &context,
                                    const CancelToken &cancel)
{
    HM_TRY(ws.checkPresent());
    auto repo = Repository::openOrInit(ws.root());
    if (!repo)
        return repo.error();
    return Transport(context, cancel, {}).pull(*repo, ws);
}

Result<QString> remote(const Workspace &ws)
{
    HM_TRY(ws.checkPresent());
    if (!hasRepository(ws))
        return QString();
    auto repo = Repository::open(ws.root());
    if (!repo)
        return repo.error();
    return repo->remoteUrl();
}

QString workspaceNameFromUrl(const QString &url)
{
    QString name = url.section(QLatin1Char('/'), -1, -1, QString::SectionSkipEmpty);
    name = name.section(QLatin1Char(':'), -1);
    if (name.endsWith(QLatin1String(".git")))
        name.chop(4);
    QString clean;
    for (const QChar c : name)
        clean += (c.isLetterOrNumber() && c.unicode() < 128) || c == QLatin1Char('.') ||
                         c == QLatin1Char('_') || c == QLatin1Char('-')
                     ? c
                     : QLatin1Char('-');
    while (clean.startsWith(QLatin1Char('.')) || clean.startsWith(QLatin1Char('-')))
        clean.remove(0, 1);
    return clean.left(WorkspaceName::maxLength);
}

Result<OpenedWorkspace> cloneProject(WorkspaceRegistry &registry, const StorageContext &context,
                                     const QString &url, const QString &givenName,
                                     const OperationControl &control)
{
    const QString name = givenName.isEmpty() ? workspaceNameFromUrl(url) : givenName;
    if (auto valid = WorkspaceName::validate(name); !valid)
        return valid.error().context(QStringLiteral("name the workspace: clone-project URL NAME"));
    if (registry.find(name))
        return Error::exists(QStringLiteral("a workspace named '%1' already exists").arg(name));
    const QString staging = registry.stagingPath(name);
    const auto discard = [&staging](const Error &e) -> Error {
        QDir(staging).removeRecursively();
        return e;
    };
    Transport transport(context, control.cancel, control.progress);
    if (auto cloned = transport.clone(url, staging); !cloned)
        return discard(cloned.error());
    const QString redacted = Transport::redact(url);
    if (QUrl(url).password().size() > 0) {
        // libgit2 wrote the URL as given, password and all: it must not stay in .git/config.
        auto repo = Repository::open(staging);
        if (!repo)
            return discard(repo.error());
        if (auto set = repo->setRemoteUrl(redacted); !set)
            return discard(set.error().context(
                QStringLiteral("removing the password from the clone's remote URL")));
    }
    auto ws = registry.adopt(name, staging, QStringLiteral("clone"));
    if (!ws)
        return ws.error();
    OpenedWorkspace opened{*ws, std::nullopt, redacted, {}, {}};
    // The workspace exists from here on: what fails now is told, not a reason to undo it.
    if (auto recorded = recordRemote(*ws, redacted); !recorded)
        opened.warnings.append(
            QStringLiteral("workspace.json does not record the remote %1 (%2); run 'hawkmoth "
                           "remote set %1' in it")
                .arg(redacted, recorded.error().message));
    HM_TRY(registry.setCurrent(ws->name()));
    if (auto info = registry.info(ws->name()); info)
        opened.info = *info;
    return opened;
}

Result<QString> storeLogin(const StorageContext &context, const QString &url,
                           const QString &username, const QString &token)
{
    if (token.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("give the token on standard input"));
    HM_TRY(Credentials::store(context, url, username.isEmpty() ? QStringLiteral("git") : username,
                              token.trimmed()));
    return Credentials::keychainKey(url);
}

Result<LayerStatus> layerStatus(const Workspace &ws)
{
    HM_TRY(ws.checkPresent());
    LayerStatus status;
    status.hasRepository = hasRepository(ws);
    // Read-only: a status must not create or repair the index.
    auto db = ws.read();
    bool failuresRead = false;
    if (status.hasRepository) {
        auto repo = Repository::open(ws.root());
        if (!repo)
            return repo.error();
        status.branch = repo->branch();
        if (auto head = repo->headCommit(); head && head->has_value())
            status.head = commitId(head->value().get());
        if (auto url = repo->remoteUrl(); url)
            status.remote = *url;
        if (db) {
            Uncommitted uncommitted(*repo, ws, **db);
            if (auto changes = uncommitted.list(); changes) {
                status.uncommitted = changes->count();
                status.notCommitted = uncommitted.notCommitted();
                failuresRead = true;
            }
        }
        // Without a readable index only git can tell, walking the working tree itself.
        if (!status.uncommitted) {
            if (auto changes = History(*repo).uncommitted(); changes)
                status.uncommitted = changes->count();
        }
        if (const auto counts = History(*repo).aheadBehind(); counts) {
            status.ahead = counts->first;
            status.behind = counts->second;
        }
    }
    // Files the last commit had to leave out (unreadable ones), by name: they are not safe yet.
    if (db && !failuresRead) {
        if (auto failed = FileIndex(**db).withState(SyncState::Error); failed) {
            for (const FileEntry &e : std::as_const(*failed)) {
                if (e.layer == Layer::Git)
                    status.notCommitted.append({e.path, e.error});
            }
        }
    }
    return status;
}

} // namespace hawkmoth::git
