#pragma once
// Answers libgit2's credential requests: https user + token from the layer that serves the remote
// (the Hub's git endpoint takes the Hugging Face token, StorageContext::gitLogin), else from the
// environment (HAWKMOTH_GIT_USERNAME, HAWKMOTH_GIT_TOKEN) or the system keychain (`hawkmoth
// git-login`), ssh through the agent or a key file. libgit2 asks again and again while a server
// refuses, so each kind is offered once: a wrong token is one clear authentication error, never a
// retry loop. Tokens go to libgit2 only, never into a URL, .git/config or a message.

#include "AppSettings.h"
#include "Result.h"
#include "StorageContext.h"

#include <git2.h>

#include <QSet>
#include <QString>

#include <optional>

namespace hawkmoth::git {

class Credentials
{
public:
    // context: its settings, keychain host and gitLogin; must outlive the credentials.
    explicit Credentials(const StorageContext &context)
        : m_context(context)
    {}

    // The libgit2 callback; payload is a Credentials*.
    static int acquire(git_credential **out, const char *url, const char *usernameFromUrl,
                       unsigned int allowedTypes, void *payload);

    // A new connection (a push tried again) may be offered everything once more.
    void forgetTried()
    {
        m_tried.clear();
        m_hostAsked = false;
        m_hostError.reset();
    }
    // Why the layer serving the remote gave no login, or that the server refused the one it gave
    // (Unauthenticated, naming the token's source): the push or fetch fails with this error.
    // nullopt when that layer's login was not involved or was not refused.
    const std::optional<Error> &hostError() const { return m_hostError; }

    // What was refused, for the error message ("the token from HAWKMOTH_GIT_TOKEN").
    QString triedDescription() const { return m_tried.values().join(QStringLiteral(", ")); }
    bool triedAnything() const { return !m_tried.isEmpty(); }

    // The keychain key for a remote: its scheme and host ("git:https://example.org").
    static QString keychainKey(const QString &url);
    // Stores "user:token" for the remote's host (`hawkmoth git-login URL`).
    static Status store(const StorageContext &context, const QString &url, const QString &username,
                        const QString &token);

private:
    int userpass(git_credential **out, const QString &url, const QString &usernameFromUrl);
    // The serving layer's login: std::nullopt when the remote is not its own (git's sources then).
    std::optional<int> hostLogin(git_credential **out, const QString &url);
    int ssh(git_credential **out, const QString &usernameFromUrl);

    const StorageContext &m_context;
    QSet<QString> m_tried;
    bool m_hostAsked = false;
    bool m_hostOwnsRemote = false;
    QString m_hostRefused; // what to say when the server refuses the login given
    std::optional<Error> m_hostError;
};

} // namespace hawkmoth::git
