#pragma once
// Answers libgit2's credential requests: https user + token from the environment
// (HAWKMOTH_GIT_USERNAME, HAWKMOTH_GIT_TOKEN) or the system keychain (`hawkmoth git-login`), ssh
// through the agent or a key file. libgit2 asks again and again while a server refuses, so each
// kind is offered once: a wrong token is one clear authentication error, never a retry loop.

#include "AppSettings.h"
#include "Result.h"
#include "StorageContext.h"

#include <git2.h>

#include <QSet>
#include <QString>

namespace hawkmoth::git {

class Credentials
{
public:
    // keychain: where keychain jobs run (StorageContext::keychain); null: no keychain.
    Credentials(const AppSettings &settings, KeychainHost *keychain)
        : m_settings(settings)
        , m_keychain(keychain)
    {}

    // The libgit2 callback; payload is a Credentials*.
    static int acquire(git_credential **out, const char *url, const char *usernameFromUrl,
                       unsigned int allowedTypes, void *payload);

    // A new connection (a push tried again) may be offered everything once more.
    void forgetTried() { m_tried.clear(); }

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
    int ssh(git_credential **out, const QString &usernameFromUrl);

    const AppSettings &m_settings;
    KeychainHost *m_keychain;
    QSet<QString> m_tried;
};

} // namespace hawkmoth::git
