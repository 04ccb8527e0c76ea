#include "HubCredentials.h"

#include "CredentialStore.h"

#include <QDir>
#include <QFile>

namespace hawkmoth::hub {

namespace {
const QString keychainService = QStringLiteral("hawkmoth-hub");
QString keychainKey(const QUrl &endpoint)
{
    return QStringLiteral("hf-token:") +
           endpoint.toString(QUrl::RemoveUserInfo | QUrl::StripTrailingSlash);
}
} // namespace

QUrl HubCredentials::endpoint(const AppSettings &settings)
{
    return settings.hubEndpoint();
}

QString HubCredentials::tokenFile()
{
    const QString hfHome = qEnvironmentVariable("HF_HOME");
    if (!hfHome.isEmpty())
        return hfHome + QStringLiteral("/token");
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    return (xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.cache") : xdg) +
           QStringLiteral("/huggingface/token");
}

Result<std::optional<HubToken>> HubCredentials::token(const StorageContext &context,
                                                      const QUrl &endpoint)
{
    const QString env = qEnvironmentVariable("HF_TOKEN").trimmed();
    if (!env.isEmpty())
        return std::optional<HubToken>(HubToken{env, QStringLiteral("HF_TOKEN")});
    QFile file(tokenFile());
    if (file.open(QIODevice::ReadOnly)) {
        const QString value = QString::fromUtf8(file.readAll()).trimmed();
        if (!value.isEmpty())
            return std::optional<HubToken>(
                HubToken{value, QStringLiteral("token file %1").arg(tokenFile())});
    }
    auto stored = CredentialStore(keychainService, context.keychain).read(keychainKey(endpoint));
    if (!stored) {
        // No keychain on this machine is the same as no token stored in it.
        if (stored.error().code == ErrorCode::Unauthenticated)
            return std::optional<HubToken>();
        return stored.error();
    }
    if (!stored->has_value())
        return std::optional<HubToken>();
    return std::optional<HubToken>(HubToken{**stored, QStringLiteral("keychain")});
}

Status HubCredentials::storeToken(const StorageContext &context, const QUrl &endpoint,
                                  const QString &token)
{
    return CredentialStore(keychainService, context.keychain).write(keychainKey(endpoint), token);
}

Status HubCredentials::removeToken(const StorageContext &context, const QUrl &endpoint)
{
    return CredentialStore(keychainService, context.keychain).remove(keychainKey(endpoint));
}

} // namespace hawkmoth::hub
