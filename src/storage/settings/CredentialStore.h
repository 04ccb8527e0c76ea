#pragma once
// Secrets (the Hub token, git https tokens) in the system keychain through QtKeychain. Where no
// keychain service runs (a bare desktop, a server) it says so plainly; it never falls back to a
// plain-text file. Blocking: call from worker threads (the CLI's main thread is fine).

#include "Result.h"

#include <QString>

namespace hawkmoth {

class CredentialStore
{
public:
    // service: e.g. "hawkmoth-hub"; key: e.g. the endpoint URL or "git:https://host".
    explicit CredentialStore(QString service = QStringLiteral("hawkmoth"));

    // The secret, an empty optional when none is stored, or an error (no keychain, access denied).
    Result<std::optional<QString>> read(const QString &key) const;
    Status write(const QString &key, const QString &secret) const;
    Status remove(const QString &key) const;

private:
    QString m_service;
};

} // namespace hawkmoth
