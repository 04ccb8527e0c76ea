#pragma once
// Secrets (the Hub token, git https tokens) in the system keychain through QtKeychain. Where no
// keychain service runs (a bare desktop, a server) it says so plainly; it never falls back to a
// plain-text file. Every job runs on the process's keychain host (the network thread), one at a
// time; the calls block their caller until the answer comes: call them from worker threads.

#include "Result.h"

#include <QString>

namespace hawkmoth {

class KeychainHost;

class CredentialStore
{
public:
    // service: e.g. "hawkmoth-hub"; key: e.g. the endpoint URL or "git:https://host".
    // host: where the jobs run (StorageContext::keychain); without one there is no keychain.
    CredentialStore(QString service, KeychainHost *host);

    // The secret, an empty optional when none is stored, or an error (no keychain, access denied).
    Result<std::optional<QString>> read(const QString &key) const;
    Status write(const QString &key, const QString &secret) const;
    Status remove(const QString &key) const;

    // How long a job may take before the call gives up (a hung secret service).
    static constexpr int timeoutMs = 30000;

private:
    QString m_service;
    KeychainHost *m_host;
};

} // namespace hawkmoth
