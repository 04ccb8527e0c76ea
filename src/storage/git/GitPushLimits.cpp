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
    QString commit; // the newest commit to push that brings it
};

QString shortId(const git_oid *id)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, id);
    return QString::fromLatin1(text).left(7);
}

bool isBinary(git_repository *repo, const git_oid *id)
{
    git_blob *raw = nullptr;
    if (git_blob_lookup(&raw, repo, id) != 0)
        return false;
    BlobPtr blob(raw);
    const auto *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
    const qint64 size = qint64(git_blob_rawsize(blob.get()));
    if (size >= lfsPointerStart.size() &&
        std::memcmp(data, lfsPointerStart.constData(), size_t(lfsPointerStart.size())) == 0)
        return false;
    return std::memchr(data, 0, size_t(std::min(size, PushLimits::binaryProbeBytes))) != nullptr;
}

// The files a commit brings: what differs from its first parent (everything for a root commit),
// so each push looks at what it sends, not at the whole tree again.
class CommitScan
{
public:
    CommitScan(git_repository *repo, git_odb *odb)
        : m_repo(repo)
        , m_odb(odb)
    {}

    Status scan(const git_oid *id)
    {
        git_commit *rawCommit = nullptr;
        GIT_TRY(git_commit_lookup(&rawCommit, m_repo, id),
                QStringLiteral("reading a commit to push"));
        CommitPtr commit(rawCommit);
        git_tree *rawTree = nullptr;
        GIT_TRY(git_commit_tree(&rawTree, commit.get()),
                QStringLiteral("reading a commit's files"));
        TreePtr tree(rawTree);
        TreePtr parentTree;
        if (git_commit_parentcount(commit.get()) > 0) {
            git_commit *rawParent = nullptr;
            GIT_TRY(git_commit_parent(&rawParent, commit.get(), 0),
                    QStringLiteral("reading a commit's parent"));
            CommitPtr parent(rawParent);
            git_tree *rawParentTree = nullptr;
            GIT_TRY(git_commit_tree(&rawParentTree, parent.get()),
                    QStringLiteral("reading a commit's parent"));
            parentTree.reset(rawParentTree);
        }
        git_diff_options options = GIT_DIFF_OPTIONS_INIT;
        options.flags = GIT_DIFF_SKIP_BINARY_CHECK;
        git_diff *rawDiff = nullptr;
        GIT_TRY(git_diff_tree_to_tree(&rawDiff, m_repo, parentTree.get(), tree.get(), &options),
                QStringLiteral("comparing a commit with its parent"));
        DiffPtr diff(rawDiff);
        const QString commitId = shortId(id);
        for (size_t i = 0, n = git_diff_num_deltas(diff.get()); i < n; ++i) {
            const git_diff_delta *delta = git_diff_get_delta(diff.get(), i);
            if (delta->status == GIT_DELTA_DELETED || delta->new_file.mode == GIT_FILEMODE_COMMIT)
                continue;
            HM_TRY(look(&delta->new_file.id, QString::fromUtf8(delta->new_file.path), commitId));
        }
        return {};
    }

    const QList<Offender> &found() const { return m_found; }

private:
    Status look(const git_oid *id, const QString &path, const QString &commit)
    {
        const QByteArray key(reinterpret_cast<const char *>(id->id), GIT_OID_RAWSZ);
        if (m_seen.contains(key))
            return {};
        m_seen.insert(key);
        size_t size = 0;
        git_object_t type = GIT_OBJECT_BLOB;
        GIT_TRY(git_odb_read_header(&size, &type, m_odb, id),
                QStringLiteral("reading %1 to check it").arg(path));
        const bool large = qint64(size) > PushLimits::maxFileBytes;
        if (large || isBinary(m_repo, id))
            m_found.append({path, qint64(size), large, commit});
        return {};
    }

    git_repository *m_repo;
    git_odb *m_odb;
    QSet<QByteArray> m_seen;
    QList<Offender> m_found;
};

QString describe(const Offender &o)
{
    const QString why =
        o.large
            ? QStringLiteral("%1 MiB, over 10 MiB").arg(double(o.size) / (1024 * 1024), 0, 'f', 1)
            : QStringLiteral("binary");
    return QStringLiteral("%1 (%2, commit %3)").arg(o.path, why, o.commit);
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
    git_odb *rawOdb = nullptr;
    GIT_TRY(git_repository_odb(&rawOdb, r), QStringLiteral("opening the object database"));
    OdbPtr odb(rawOdb);
    CommitScan scan(r, odb.get());
    git_oid id;
    while (git_revwalk_next(&id, walk.get()) == 0)
        HM_TRY(scan.scan(&id));
    git_error_clear();
    if (scan.found().isEmpty())
        return {};
    QStringList named;
    for (const Offender &o : scan.found())
        named.append(describe(o));
    return Error::invalid(
        QStringLiteral("not pushed: the Hub refuses git files over 10 MiB and binary files, and "
                       "this push holds %1. Move each to the hub layer ('hawkmoth pin PATH hub'), "
                       "which keeps it in the workspace's dataset; a file already in an earlier "
                       "commit stays in the history and must be removed from it. Nothing was sent.")
            .arg(named.join(QStringLiteral(", "))));
}

} // namespace hawkmoth::git
