#include "CredentialStore.h"

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace hawkmoth {

namespace {

// Runs a keychain job to completion; QtKeychain reports through signals, even for quick answers.
void runJob(QKeychain::Job &job)
{
    job.setAutoDelete(false);
    job.setInsecureFallback(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    // A keychain that never answers (a hung D-Bus service) must not hang HAWKMOTH.
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    job.start();
    loop.exec();
}

// Every keychain backend on Linux (libsecret, gnome-keyring, KWallet) is a D-Bus service.
bool noSessionBus()
{
    return qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS");
}

Error noKeychain(const QString &action, const QString &why)
{
    return {ErrorCode::Unauthenticated,
            QStringLiteral("cannot %1: no system keychain is available (%2); HAWKMOTH does not "
                           "store secrets in plain text. Use the environment variable instead, or "
                           "start a secret service such as gnome-keyring or KWallet")
                .arg(action, why)};
}

Error keychainError(const QKeychain::Job &job, const QString &action)
{
    QKeychain::Error kind = job.error();
    // Without a D-Bus session there is no secret service to reach; QtKeychain says "Unknown error".
    if (kind == QKeychain::OtherError && qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        kind = QKeychain::NoBackendAvailable;
    switch (kind) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return noKeychain(action,
                          noSessionBus() ? QStringLiteral("no D-Bus session") : job.errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return {ErrorCode::PermissionDenied,
                QStringLiteral("cannot %1: the keychain denied access (%2)")
                    .arg(action, job.errorString())};
    default:
        return {ErrorCode::Io, QStringLiteral("cannot %1: %2").arg(action, job.errorString())};
    }
}

} // namespace

CredentialStore::CredentialStore(QString service)
    : m_service(std::move(service))
{}

Result<std::optional<QString>> CredentialStore::read(const QString &key) const
{
    // Without a session bus no backend can answer: say so without starting a keychain job.
    if (noSessionBus())
        return noKeychain(QStringLiteral("read the secret for %1").arg(key),
                          QStringLiteral("no D-Bus session"));
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    runJob(job);
    if (job.error() == QKeychain::EntryNotFound)
        return std::optional<QString>();
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("read the secret for %1").arg(key));
    return std::optional<QString>(job.textData());
}

Status CredentialStore::write(const QString &key, const QString &secret) const
{
    if (noSessionBus())
        return noKeychain(QStringLiteral("store the secret for %1").arg(key),
                          QStringLiteral("no D-Bus session"));
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setTextData(secret);
    runJob(job);
    if (job.error() != QKeychain::NoError)
        return keychainError(job, QStringLiteral("store the secret for %1").arg(key));
    return {};
}

Status CredentialStore::remove(const QString &key) const
{
    if (noSessionBus())
        return noKeychain(QStringLiteral("remove the secret for %1").arg(key),
                          QStringLiteral("no D-Bus session"));
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    runJob(job);
    if (job.error() != QKeychain::NoError && job.error() != QKeychain::EntryNotFound)
        return keychainError(job, QStringLiteral("remove the secret for %1").arg(key));
    return {};
}

} // namespace hawkmoth
