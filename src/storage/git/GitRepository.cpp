#include "GitRepository.h"

#include "GitError.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace hawkmoth::git {

Result<Repository> Repository::open(const QString &root)
{
    ensureInitialized();
    git_repository *repo = nullptr;
    const QByteArray path = QFile::encodeName(root);
    GIT_TRY(
        git_repository_open_ext(&repo, path.constData(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr),
        QStringLiteral("opening the git repository of '%1'").arg(root));
    return Repository(RepositoryPtr(repo), root);
}

Result<Repository> Repository::openOrInit(const QString &root)
{
    ensureInitialized();
    if (QFileInfo::exists(root + QStringLiteral("/.git")))
        return open(root);
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
    options.initial_head = defaultBranch;
    git_repository *repo = nullptr;
    GIT_TRY(git_repository_init_ext(&repo, QFile::encodeName(root).constData(), &options),
            QStringLiteral("creating a git repository in '%1'").arg(root));
    return Repository(RepositoryPtr(repo), root);
}

Result<std::optional<CommitPtr>> Repository::headCommit() const
{
    git_reference *head = nullptr;
    const int rc = git_repository_head(&head, m_repo.get());
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
        git_error_clear();
        return std::optional<CommitPtr>();
    }
    GIT_TRY(rc, QStringLiteral("reading HEAD"));
    ReferencePtr ref(head);
    git_commit *commit = nullptr;
    GIT_TRY(git_commit_lookup(&commit, m_repo.get(), git_reference_target(ref.get())),
            QStringLiteral("reading HEAD's commit"));
    return std::optional<CommitPtr>(CommitPtr(commit));
}

QString Repository::branch() const
{
    git_reference *head = nullptr;
    // HEAD is symbolic even on an unborn branch: read its target name rather than resolving it.
    if (git_reference_lookup(&head, m_repo.get(), "HEAD") != 0) {
        git_error_clear();
        return QString::fromLatin1(defaultBranch);
    }
    ReferencePtr ref(head);
    const char *target = git_reference_symbolic_target(ref.get());
    if (!target)
        return QStringLiteral("HEAD"); // detached
    const QString name = QString::fromUtf8(target);
    return name.startsWith(QLatin1String("refs/heads/")) ? name.mid(11) : name;
}

Result<SignaturePtr> Repository::signature(const AppSettings &settings) const
{
    git_signature *sig = nullptr;
    if (git_signature_default(&sig, m_repo.get()) == 0)
        return SignaturePtr(sig);
    git_error_clear();
    const QString name =
        settings.value(QStringLiteral("gitAuthorName")).toString(QStringLiteral("HAWKMOTH user"));
    const QString email = settings.value(QStringLiteral("gitAuthorEmail"))
                              .toString(QStringLiteral("hawkmoth@localhost"));
    GIT_TRY(git_signature_now(&sig, name.toUtf8().constData(), email.toUtf8().constData()),
            QStringLiteral("making the commit author '%1 <%2>'").arg(name, email));
    return SignaturePtr(sig);
}

Result<QString> Repository::remoteUrl() const
{
    git_remote *remote = nullptr;
    const int rc = git_remote_lookup(&remote, m_repo.get(), remoteName);
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC) {
        git_error_clear();
        return QString();
    }
    GIT_TRY(rc, QStringLiteral("reading the remote"));
    RemotePtr owned(remote);
    return QString::fromUtf8(git_remote_url(owned.get()));
}

Status Repository::setRemoteUrl(const QString &url)
{
    git_remote *remote = nullptr;
    const int rc = git_remote_lookup(&remote, m_repo.get(), remoteName);
    RemotePtr owned(remote);
    if (rc == 0) {
        GIT_TRY(git_remote_set_url(m_repo.get(), remoteName, url.toUtf8().constData()),
                QStringLiteral("setting the remote to %1").arg(url));
        return {};
    }
    git_error_clear();
    git_remote *created = nullptr;
    GIT_TRY(git_remote_create(&created, m_repo.get(), remoteName, url.toUtf8().constData()),
            QStringLiteral("adding the remote %1").arg(url));
    RemotePtr(created).reset();
    return {};
}

Status Repository::clearStaleLocks() const
{
    const QString gitDir = QString::fromUtf8(git_repository_path(m_repo.get()));
    QStringList candidates{
        gitDir + QStringLiteral("index.lock"), gitDir + QStringLiteral("HEAD.lock"),
        gitDir + QStringLiteral("config.lock"), gitDir + QStringLiteral("packed-refs.lock")};
    QDirIterator refs(gitDir + QStringLiteral("refs"), {QStringLiteral("*.lock")}, QDir::Files,
                      QDirIterator::Subdirectories);
    while (refs.hasNext())
        candidates.append(refs.next());
    for (const QString &lock : std::as_const(candidates)) {
        if (QFile::exists(lock) && !QFile::remove(lock))
            return Error::io(QStringLiteral("cannot remove the stale lock '%1'").arg(lock));
    }
    return {};
}

} // namespace hawkmoth::git
