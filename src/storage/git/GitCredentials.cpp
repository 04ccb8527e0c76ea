#include "GitCredentials.h"

#include "CredentialStore.h"

#include <QDir>
#include <QFile>
#include <QUrl>

namespace hawkmoth::git {

namespace {
const QString keychainService = QStringLiteral("hawkmoth-git");
}

QString Credentials::keychainKey(const QString &url)
{
    const QUrl u(url);
    return QStringLiteral("git:%1://%2%3")
        .arg(u.scheme(), u.host(), u.port() > 0 ? QStringLiteral(":%1").arg(u.port()) : QString());
}

Status Credentials::store(const StorageContext &context, const QString &url,
                          const QString &username, const QString &token)
{
    return CredentialStore(keychainService, context.keychain)
        .write(keychainKey(url), username + QLatin1Char(':') + token);
}

int Credentials::acquire(git_credential **out, const char *url, const char *usernameFromUrl,
                         unsigned int allowedTypes, void *payload)
{
    auto *self = static_cast<Credentials *>(payload);
    const QString user = QString::fromUtf8(usernameFromUrl ? usernameFromUrl : "");
    if (allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
        return self->userpass(out, QString::fromUtf8(url), user);
    if (allowedTypes & GIT_CREDENTIAL_SSH_KEY)
        return self->ssh(out, user);
    if (allowedTypes & GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, user.isEmpty() ? "git" : user.toUtf8().constData());
    return GIT_PASSTHROUGH;
}

std::optional<int> Credentials::hostLogin(git_credential **out, const QString &url)
{
    if (!m_context.gitLogin)
        return std::nullopt;
    if (m_hostAsked) {
        if (!m_hostOwnsRemote)
            return std::nullopt;
        // Asked again on the same connection: the server refused what it was given. Stop here;
        // git's own sources hold no token for this host.
        m_hostError = Error{ErrorCode::Unauthenticated, m_hostRefused};
        git_error_set_str(GIT_ERROR_NET, "the server refused the token");
        return GIT_EAUTH;
    }
    m_hostAsked = true;
    auto login = m_context.gitLogin(m_context, url);
    if (!login) {
        m_hostOwnsRemote = true;
        m_hostError = login.error();
        git_error_set_str(GIT_ERROR_NET, "no usable token for this remote");
        return GIT_EAUTH;
    }
    if (!login->has_value())
        return std::nullopt;
    m_hostOwnsRemote = true;
    const GitLogin &given = **login;
    m_tried.insert(given.source);
    m_hostRefused =
        QStringLiteral("the server refused the token from %1; %2").arg(given.source, given.advice);
    return git_credential_userpass_plaintext_new(out, given.user.toUtf8().constData(),
                                                 given.token.toUtf8().constData());
}

int Credentials::userpass(git_credential **out, const QString &url, const QString &usernameFromUrl)
{
    if (auto answered = hostLogin(out, url))
        return *answered;
    const QString envToken = qEnvironmentVariable("HAWKMOTH_GIT_TOKEN");
    if (!envToken.isEmpty() && !m_tried.contains(QStringLiteral("env"))) {
        m_tried.insert(QStringLiteral("env"));
        QString user = qEnvironmentVariable("HAWKMOTH_GIT_USERNAME");
        if (user.isEmpty())
            user = usernameFromUrl.isEmpty() ? QStringLiteral("git") : usernameFromUrl;
        return git_credential_userpass_plaintext_new(out, user.toUtf8().constData(),
                                                     envToken.toUtf8().constData());
    }
    if (!m_tried.contains(QStringLiteral("keychain"))) {
        m_tried.insert(QStringLiteral("keychain"));
        auto stored = CredentialStore(keychainService, m_context.keychain).read(keychainKey(url));
        if (stored && stored->has_value()) {
            const QString value = **stored;
            const qsizetype colon = value.indexOf(QLatin1Char(':'));
            const QString user = colon > 0 ? value.left(colon) : usernameFromUrl;
            const QString token = colon > 0 ? value.mid(colon + 1) : value;
            return git_credential_userpass_plaintext_new(out, user.toUtf8().constData(),
                                                         token.toUtf8().constData());
        }
    }
    // Everything was offered once and refused, or nothing is configured: stop asking.
    git_error_set_str(GIT_ERROR_NET, "the server refused the credentials or none are configured");
    return GIT_EAUTH;
}

int Credentials::ssh(git_credential **out, const QString &usernameFromUrl)
{
    const QByteArray user =
        (usernameFromUrl.isEmpty() ? QStringLiteral("git") : usernameFromUrl).toUtf8();
    if (!m_tried.contains(QStringLiteral("ssh-agent")) &&
        qEnvironmentVariableIsSet("SSH_AUTH_SOCK")) {
        m_tried.insert(QStringLiteral("ssh-agent"));
        return git_credential_ssh_key_from_agent(out, user.constData());
    }
    if (!m_tried.contains(QStringLiteral("ssh-key"))) {
        m_tried.insert(QStringLiteral("ssh-key"));
        QString key = m_context.settings.value(QStringLiteral("gitSshKey")).toString();
        if (key.isEmpty()) {
            for (const char *name : {"id_ed25519", "id_ecdsa", "id_rsa"}) {
                const QString candidate =
                    QDir::homePath() + QStringLiteral("/.ssh/") + QLatin1String(name);
                if (QFile::exists(candidate)) {
                    key = candidate;
                    break;
                }
            }
        }
        if (!key.isEmpty()) {
            const QString pub = key + QStringLiteral(".pub");
            return git_credential_ssh_key_new(
                out, user.constData(),
                QFile::exists(pub) ? QFile::encodeName(pub).constData() : nullptr,
                QFile::encodeName(key).constData(),
                qgetenv("HAWKMOTH_GIT_SSH_PASSPHRASE").constData());
        }
    }
    git_error_set_str(GIT_ERROR_SSH, "ssh authentication failed (agent and key file refused)");
    return GIT_EAUTH;
}

} // namespace hawkmoth::git
