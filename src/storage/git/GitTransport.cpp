#include "GitTransport.h"

#include "BrokenPipeGuard.h"

#include "GitConflictCopies.h"

#include "AtomicWriter.h"
#include "FileIndex.h"
#include "GitCommitter.h"
#include "GitError.h"
#include "GitPushLimits.h"
#include "LayerPolicy.h"

#include <QFile>
#include <QFileInfo>
#include <QUrl>

namespace hawkmoth::git {

namespace {

QString oidText(const git_oid *oid, int length = GIT_OID_HEXSZ)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, oid);
    return QString::fromLatin1(text).left(length);
}

// The remote a push or fetch talks to, and its URL for messages; an error that says what to do when
// the workspace has none.
struct OpenedRemote
{
    RemotePtr remote;
    QString url;
};

Result<OpenedRemote> openRemote(Repository &repo)
{
    auto url = repo.remoteUrl();
    if (!url)
        return url.error();
    if (url->isEmpty())
        return Error::invalid(QStringLiteral("no remote is set; use 'hawkmoth remote set URL'"));
    git_remote *raw = nullptr;
    GIT_TRY(git_remote_lookup(&raw, repo.get(), Repository::remoteName),
            QStringLiteral("opening the remote"));
    return OpenedRemote{RemotePtr(raw), *url};
}

} // namespace

Transport::Transport(const StorageContext &context, CancelToken cancel, ProgressFn progress)
    : m_settings(context.settings)
    , m_cancel(std::move(cancel))
    , m_progress(std::move(progress))
    , m_credentials(context)
{}

QString Transport::redact(const QString &url)
{
    QUrl u(url);
    if (!u.isValid() || u.scheme().isEmpty() || u.scheme() == QLatin1String("file"))
        return url;
    u.setPassword(QString());
    return u.toString();
}

git_remote_callbacks Transport::callbacks()
{
    git_remote_callbacks cb = GIT_REMOTE_CALLBACKS_INIT;
    cb.credentials = &Transport::onCredentials;
    cb.transfer_progress = &Transport::onTransfer;
    cb.push_transfer_progress = &Transport::onPushTransfer;
    cb.push_update_reference = &Transport::onPushReference;
    cb.push_negotiation = &Transport::onPushNegotiation;
    // One payload serves every callback; the credential callback finds its object through it.
    cb.payload = this;
    return cb;
}

int Transport::onCredentials(git_credential **out, const char *url, const char *username,
                             unsigned int allowedTypes, void *payload)
{
    return Credentials::acquire(out, url, username, allowedTypes,
                                &static_cast<Transport *>(payload)->m_credentials);
}

int Transport::onTransfer(const git_indexer_progress *stats, void *payload)
{
    auto *self = static_cast<Transport *>(payload);
    if (self->m_cancel.isCancelled())
        return GIT_EUSER;
    if (self->m_progress)
        self->m_progress({.bytesDone = qint64(stats->received_bytes),
                          .objectsDone = qint64(stats->indexed_objects),
                          .objectsTotal = qint64(stats->total_objects)});
    return 0;
}

int Transport::onPushTransfer(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
    auto *self = static_cast<Transport *>(payload);
    if (self->m_cancel.isCancelled())
        return GIT_EUSER;
    if (self->m_progress)
        self->m_progress({.bytesDone = qint64(bytes),
                          .objectsDone = qint64(current),
                          .objectsTotal = qint64(total)});
    return 0;
}

int Transport::onPushNegotiation(const git_push_update **updates, size_t count, void *payload)
{
    auto *self = static_cast<Transport *>(payload);
    for (size_t i = 0; i < count; ++i) {
        if (!git_oid_equal(&updates[i]->src, &updates[i]->dst))
            self->m_pushedCommits = true;
    }
    return 0;
}

int Transport::onPushReference(const char *refname, const char *status, void *payload)
{
    if (status)
        static_cast<Transport *>(payload)->m_rejections.append(
            QStringLiteral("%1: %2").arg(QString::fromUtf8(refname), QString::fromUtf8(status)));
    return 0;
}

Error Transport::networkError(int code, const QString &what, const QString &url) const
{
    Error e = failure(code, what + QStringLiteral(" ") + redact(url));
    if (e.code == ErrorCode::PermissionDenied) {
        e.message = QStringLiteral("%1 refused access (HTTP 403): the credentials were accepted "
                                   "but lack the right; check the token's permissions. Local "
                                   "commits are kept.")
                        .arg(redact(url));
    } else if (e.code == ErrorCode::Unauthenticated && m_credentials.hostError()) {
        e.code = m_credentials.hostError()->code;
        e.message = QStringLiteral("authentication failed for %1: %2. Local commits are kept.")
                        .arg(redact(url), m_credentials.hostError()->message);
    } else if (e.code == ErrorCode::Unauthenticated) {
        e.message =
            QStringLiteral("authentication failed for %1: set HAWKMOTH_GIT_USERNAME and "
                           "HAWKMOTH_GIT_TOKEN, or run 'hawkmoth git-login %1' (https); check the "
                           "ssh agent or key (ssh). Local commits are kept.")
                .arg(redact(url));
    }
    return e;
}

Status Transport::push(Repository &repo)
{
    // The Hub refuses a whole push for one file it does not take in git: say which before sending.
    if (auto url = repo.remoteUrl(); url && PushLimits::appliesTo(*url, m_settings))
        HM_TRY(PushLimits::check(repo));
    // A server may close the connection libgit2 kept from its first request while the pack was
    // being built: the write then fails (a broken pipe), or it lands and the answer is an
    // "unexpected EOF". The second attempt sends the pack on a connection of its own; a push the
    // server took after all is a no-op the second time.
    for (int attempt = 1;; ++attempt) {
        const BrokenPipeGuard guard;
        m_credentials.forgetTried();
        Status pushed = pushOnce(repo, attempt > 1);
        if (pushed || attempt == 2)
            return pushed;
        if (!guard.brokenPipe() && pushed.error().code != ErrorCode::Network)
            return pushed;
    }
}

Status Transport::pushOnce(Repository &repo, bool fresh)
{
    auto opened = openRemote(repo);
    if (!opened)
        return opened.error();
    const QString &url = opened->url;
    const RemotePtr &remote = opened->remote;
    const QByteArray branch = repo.branch().toUtf8();
    const QByteArray spec =
        "refs/heads/" + branch + ":refs/heads/" + branch; // no '+': never forced
    char *specs[] = {const_cast<char *>(spec.constData())};
    const git_strarray refspecs = {specs, 1};
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.pb_parallelism = 0; // build the pack on every core, as git's pack-objects does
    options.callbacks = callbacks();
    char closeHeader[] = "Connection: close";
    char *headers[] = {closeHeader};
    if (fresh)
        options.custom_headers = {headers, 1};
    m_rejections.clear();
    m_pushedCommits = false;
    const int rc = git_remote_push(remote.get(), &refspecs, &options);
    if (rc == GIT_ENONFASTFORWARD) {
        git_error_clear();
        return Error::conflict(
            QStringLiteral("the remote %1 has commits this workspace does not have; run "
                           "'hawkmoth pull' first (HAWKMOTH never forces a push)")
                .arg(redact(url)));
    }
    if (rc < 0)
        return networkError(rc, QStringLiteral("pushing to"), url);
    if (!m_rejections.isEmpty())
        return Error::conflict(
            QStringLiteral("the remote refused the push (%1): it has commits this workspace "
                           "does not; run 'hawkmoth pull' first")
                .arg(m_rejections.join(QStringLiteral("; "))));
    // Track the remote branch, so status can say how far ahead or behind the workspace is.
    git_reference *local = nullptr;
    if (git_branch_lookup(&local, repo.get(), branch.constData(), GIT_BRANCH_LOCAL) == 0) {
        ReferencePtr owned(local);
        git_branch_set_upstream(owned.get(), QByteArray("origin/" + branch).constData());
    }
    git_error_clear();
    return {};
}

Status Transport::fetch(Repository &repo)
{
    auto opened = openRemote(repo);
    if (!opened)
        return opened.error();
    const QString &url = opened->url;
    const RemotePtr &remote = opened->remote;
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks = callbacks();
    const BrokenPipeGuard guard;
    const int rc = git_remote_fetch(remote.get(), nullptr, &options, "fetch");
    if (rc < 0)
        return networkError(rc, QStringLiteral("fetching from"), url);
    return {};
}

Result<PullSummary> Transport::pull(Repository &repo, const Workspace &workspace)
{
    HM_TRY(fetch(repo));
    git_repository *r = repo.get();
    const QByteArray branch = repo.branch().toUtf8();
    git_reference *theirsRefRaw = nullptr;
    if (git_reference_lookup(&theirsRefRaw, r,
                             QByteArray("refs/remotes/origin/" + branch).constData()) != 0) {
        git_error_clear();
        return PullSummary{PullSummary::Kind::NoRemoteBranch, {}, {}, {}};
    }
    ReferencePtr theirsRef(theirsRefRaw);
    git_annotated_commit *annotatedRaw = nullptr;
    GIT_TRY(git_annotated_commit_from_ref(&annotatedRaw, r, theirsRef.get()),
            QStringLiteral("reading the remote branch"));
    AnnotatedCommitPtr annotated(annotatedRaw);
    const git_oid theirsId = *git_annotated_commit_id(annotated.get());
    PullSummary summary;
    summary.theirs = oidText(&theirsId);

    git_merge_analysis_t analysis;
    git_merge_preference_t preference;
    const git_annotated_commit *heads[] = {annotated.get()};
    GIT_TRY(git_merge_analysis(&analysis, &preference, r, heads, 1),
            QStringLiteral("comparing with the remote"));
    if (analysis & GIT_MERGE_ANALYSIS_UP_TO_DATE)
        return summary;

    git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
    checkout.checkout_strategy = GIT_CHECKOUT_SAFE; // never overwrites a local modification
    if (analysis & (GIT_MERGE_ANALYSIS_FASTFORWARD | GIT_MERGE_ANALYSIS_UNBORN)) {
        git_object *target = nullptr;
        GIT_TRY(git_object_lookup(&target, r, &theirsId, GIT_OBJECT_COMMIT),
                QStringLiteral("reading the remote commit"));
        ObjectPtr owned(target);
        GIT_TRY(git_checkout_tree(r, owned.get(), &checkout), QStringLiteral("updating the files"));
        git_reference *moved = nullptr;
        const QByteArray refName = "refs/heads/" + branch;
        GIT_TRY(git_reference_create(&moved, r, refName.constData(), &theirsId, true,
                                     "pull: fast-forward"),
                QStringLiteral("moving the branch"));
        ReferencePtr(moved).reset();
        summary.kind = PullSummary::Kind::FastForward;
        return summary;
    }

    // Diverged: merge in memory first, so that nothing on disk changes unless it merges cleanly.
    auto head = repo.headCommit();
    if (!head)
        return head.error();
    git_commit *theirsRaw = nullptr;
    GIT_TRY(git_commit_lookup(&theirsRaw, r, &theirsId),
            QStringLiteral("reading the remote commit"));
    CommitPtr theirs(theirsRaw);
    git_index *mergedRaw = nullptr;
    git_merge_options mergeOptions = GIT_MERGE_OPTIONS_INIT;
    GIT_TRY(git_merge_commits(&mergedRaw, r, head->value().get(), theirs.get(), &mergeOptions),
            QStringLiteral("merging the remote changes"));
    IndexPtr merged(mergedRaw);
    if (git_index_has_conflicts(merged.get()))
        return ConflictCopies::keepBoth(repo, workspace, merged.get(), summary.theirs);

    git_oid treeId;
    GIT_TRY(git_index_write_tree_to(&treeId, merged.get(), r),
            QStringLiteral("writing the merged tree"));
    git_tree *treeRaw = nullptr;
    GIT_TRY(git_tree_lookup(&treeRaw, r, &treeId), QStringLiteral("reading the merged tree"));
    TreePtr tree(treeRaw);
    auto sig = repo.signature(m_settings);
    if (!sig)
        return sig.error();
    const git_commit *parents[] = {head->value().get(), theirs.get()};
    git_oid mergeId;
    const QString message =
        QStringLiteral("Merge remote changes from origin/%1\n").arg(QString::fromUtf8(branch));
    // Update the files first: if that fails (a local change in the way), the branch is untouched.
    GIT_TRY(git_checkout_tree(r, reinterpret_cast<git_object *>(tree.get()), &checkout),
            QStringLiteral("updating the files with the merge"));
    GIT_TRY(git_commit_create(&mergeId, r, "HEAD", sig->get(), sig->get(), "UTF-8",
                              message.toUtf8().constData(), tree.get(), 2, parents),
            QStringLiteral("committing the merge"));
    summary.kind = PullSummary::Kind::Merged;
    return summary;
}

Status Transport::clone(const QString &url, const QString &folder)
{
    ensureInitialized();
    // libgit2 calls a missing local folder an "unsupported URL protocol": say what is wrong.
    const bool local = url.startsWith(QLatin1Char('/')) || url.startsWith(QLatin1Char('.')) ||
                       url.startsWith(QLatin1String("file://"));
    if (local && !QFileInfo::exists(
                     url.startsWith(QLatin1String("file://")) ? QUrl(url).toLocalFile() : url))
        return Error::notFound(
            QStringLiteral("cloning %1: there is no repository at that path").arg(url));
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.fetch_opts.callbacks = callbacks();
    options.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE;
    git_repository *raw = nullptr;
    const BrokenPipeGuard guard;
    const int rc =
        git_clone(&raw, url.toUtf8().constData(), QFile::encodeName(folder).constData(), &options);
    RepositoryPtr owned(raw);
    if (rc < 0)
        return networkError(rc, QStringLiteral("cloning"), url);
    // A bare remote made with another default branch name may point HEAD at a branch that does
    // not exist; then check out "main" (HAWKMOTH's branch) when the remote has it.
    if (git_repository_head_unborn(owned.get()) == 1) {
        git_reference *remoteMain = nullptr;
        if (git_reference_lookup(&remoteMain, owned.get(), "refs/remotes/origin/main") == 0) {
            ReferencePtr ref(remoteMain);
            git_commit *commit = nullptr;
            GIT_TRY(git_commit_lookup(&commit, owned.get(), git_reference_target(ref.get())),
                    QStringLiteral("reading origin/main"));
            CommitPtr tip(commit);
            git_reference *branch = nullptr;
            GIT_TRY(git_branch_create(&branch, owned.get(), Repository::defaultBranch, tip.get(),
                                      false),
                    QStringLiteral("creating branch main"));
            ReferencePtr ownedBranch(branch);
            git_branch_set_upstream(ownedBranch.get(), "origin/main");
            GIT_TRY(git_repository_set_head(owned.get(), "refs/heads/main"),
                    QStringLiteral("checking out main"));
            git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
            checkout.checkout_strategy = GIT_CHECKOUT_SAFE;
            GIT_TRY(git_checkout_head(owned.get(), &checkout), QStringLiteral("checking out main"));
        }
        git_error_clear();
    }
    return {};
}

} // namespace hawkmoth::git
