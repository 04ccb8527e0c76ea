#include "GitPushLimits.h"

#include "GitError.h"

#include <QSet>
#include <QUrl>

#include <cstring>

namespace hawkmoth::git {

namespace {

const QByteArray lfsPointerStart = "version https://git-lfs.github.com/spec/v1";

struct Offender
{
    QString path;
    qint64 size = 0;
    bool large = false;
    QString commit; // the first commit (newest first) that holds it
};

struct TreeScan
{
    git_repository *repo = nullptr;
    QSet<QByteArray> seen;
    QList<Offender> found;
    QString commit;
    int error = 0;
};

bool isBinary(git_repository *repo, const git_oid *id)
{
    git_blob *raw = nullptr;
    if (git_blob_lookup(&raw, repo, id) != 0)
        return false;
    BlobPtr blob(raw);
    const auto *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
    const qint64 size = qint64(git_blob_rawsize(blob.get()));
    const qint64 probe = std::min(size, PushLimits::binaryProbeBytes);
    if (size >= lfsPointerStart.size() &&
        std::memcmp(data, lfsPointerStart.constData(), size_t(lfsPointerStart.size())) == 0)
        return false;
    return std::memchr(data, 0, size_t(probe)) != nullptr;
}

int visit(const char *root, const git_tree_entry *entry, void *payload)
{
    auto *scan = static_cast<TreeScan *>(payload);
    if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB)
        return 0;
    const git_oid *id = git_tree_entry_id(entry);
    const QByteArray key(reinterpret_cast<const char *>(id->id), GIT_OID_RAWSZ);
    if (scan->seen.contains(key))
        return 0;
    scan->seen.insert(key);
    git_odb *rawOdb = nullptr;
    if (git_repository_odb(&rawOdb, scan->repo) != 0) {
        scan->error = -1;
        return -1;
    }
    OdbPtr odb(rawOdb);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_BLOB;
    if (git_odb_read_header(&size, &type, odb.get(), id) != 0) {
        scan->error = -1;
        return -1;
    }
    const bool large = qint64(size) > PushLimits::maxFileBytes;
    if (large || isBinary(scan->repo, id))
        scan->found.append({QString::fromUtf8(root) + QString::fromUtf8(git_tree_entry_name(entry)),
                            qint64(size), large, scan->commit});
    return 0;
}

} // namespace

bool PushLimits::appliesTo(const QString &url, const AppSettings &settings)
{
    const QUrl remote(url);
    const QUrl hub = settings.hubEndpoint();
    return remote.scheme() == hub.scheme() && remote.host() == hub.host() &&
           remote.port(remote.scheme() == QLatin1String("https") ? 443 : 80) ==
               hub.port(hub.scheme() == QLatin1String("https") ? 443 : 80);
}

Status PushLimits::check(Repository &repo)
{
    git_repository *r = repo.get();
    git_revwalk *rawWalk = nullptr;
    GIT_TRY(git_revwalk_new(&rawWalk, r), QStringLiteral("listing the commits to push"));
    RevwalkPtr walk(rawWalk);
    if (git_revwalk_push_head(walk.get()) != 0) {
        git_error_clear();
        return {}; // nothing committed: nothing to push
    }
    git_revwalk_hide_glob(walk.get(), "refs/remotes/origin/*");
    TreeScan scan;
    scan.repo = r;
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0) {
        git_commit *rawCommit = nullptr;
        GIT_TRY(git_commit_lookup(&rawCommit, r, &id), QStringLiteral("reading a commit to push"));
        CommitPtr commit(rawCommit);
        git_tree *rawTree = nullptr;
        GIT_TRY(git_commit_tree(&rawTree, commit.get()),
                QStringLiteral("reading a commit's files"));
        TreePtr tree(rawTree);
        char text[GIT_OID_HEXSZ + 1];
        git_oid_tostr(text, sizeof text, &id);
        scan.commit = QString::fromLatin1(text).left(7);
        if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, &visit, &scan) != 0 || scan.error != 0)
            return failure(-1, QStringLiteral("checking the files to push"));
    }
    git_error_clear();
    if (scan.found.isEmpty())
        return {};
    QStringList named;
    for (const Offender &o : std::as_const(scan.found))
        named.append(QStringLiteral("%1 (%2, commit %3)")
                         .arg(o.path,
                              o.large ? QStringLiteral("%1 MiB, over 10 MiB")
                                            .arg(double(o.size) / (1024 * 1024), 0, 'f', 1)
                                      : QStringLiteral("binary"),
                              o.commit));
    return Error::invalid(
        QStringLiteral("not pushed: the Hub refuses git files over 10 MiB and binary files, and "
                       "this push holds %1. Move each to the hub layer ('hawkmoth pin PATH hub'), "
                       "which keeps it in the workspace's dataset; a file already in an earlier "
                       "commit stays in the history and must be removed from it. Nothing was sent.")
            .arg(named.join(QStringLiteral(", "))));
}

} // namespace hawkmoth::git
