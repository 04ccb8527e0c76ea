#include "HubClient.h"

#include "HubCredentials.h"
#include "HubTransfers.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace hawkmoth::hub {

Error HubResponse::error(const QString &what) const
{
    QString message;
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    message = json.value(QLatin1String("error")).toString();
    if (message.isEmpty())
        message = json.value(QLatin1String("message")).toString();
    if (const QString description = json.value(QLatin1String("error_description")).toString();
        !description.isEmpty())
        message += (message.isEmpty() ? QString() : QStringLiteral(": ")) + description;
    if (message.isEmpty())
        message = QString::fromUtf8(header("x-error-message"));
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(200)).trimmed();
    const QString detail =
        QStringLiteral("%1: HTTP %2%3")
            .arg(what)
            .arg(status)
            .arg(message.isEmpty() ? QString() : QStringLiteral(" — ") + message);
    switch (status) {
    case 401:
        return {ErrorCode::Unauthenticated,
                detail + QStringLiteral("; %1: run 'hawkmoth login' or set HF_TOKEN")
                             .arg(HubCredentials::rejectedPhrase())};
    case 403:
        return {ErrorCode::PermissionDenied,
                detail + QStringLiteral(". The token lacks the right (a write token is needed)")};
    case 404:
        return {ErrorCode::NotFound, detail};
    case 409:
        return {ErrorCode::AlreadyExists, detail};
    case 412:
        return {ErrorCode::Conflict, detail};
    case 408:
        return {ErrorCode::Network, detail};
    case 429:
        return {ErrorCode::RateLimited, detail, retryAfterMs()};
    default:
        if (status >= 500)
            return {ErrorCode::Server, detail, retryAfterMs()};
        return {ErrorCode::InvalidArgument, detail};
    }
}

qint64 HubResponse::retryAfterMs() const
{
    const QByteArray retry = header("retry-after").trimmed();
    if (!retry.isEmpty()) {
        bool isNumber = false;
        const double seconds = retry.toDouble(&isNumber);
        if (isNumber)
            return qint64(seconds * 1000);
        const QDateTime when = QDateTime::fromString(QString::fromLatin1(retry), Qt::RFC2822Date);
        if (when.isValid())
            return qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(when));
    }
    // RateLimit: "api";r=0;t=30 — t is the seconds until the window resets.
    static const QRegularExpression t(QStringLiteral(";\\s*t=(\\d+)"));
    const auto m = t.match(QString::fromLatin1(header("ratelimit")));
    if (m.hasMatch())
        return m.captured(1).toLongLong() * 1000;
    return -1;
}

HubClient::HubClient(QUrl endpoint, QString token, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_transfers(new HubTransfers(m_endpoint, std::move(token)))
{
    m_thread.setObjectName(QStringLiteral("hawkmoth-network"));
    m_transfers->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_transfers, &QObject::deleteLater);
    m_thread.start();
}

HubClient::~HubClient()
{
    m_thread.quit();
    m_thread.wait();
}

QUrl HubClient::url(const QString &pathAndQuery) const
{
    return QUrl(m_endpoint.toString(QUrl::StripTrailingSlash) + pathAndQuery, QUrl::StrictMode);
}

std::unique_ptr<HubClient> HubClient::create(const AppSettings &settings, const QString &token)
{
    auto client = std::make_unique<HubClient>(HubCredentials::endpoint(settings), token);
    client->setInactivityTimeout(
        qMax(1, settings.value(QStringLiteral("hubTimeoutSeconds")).toInt(60)) * 1000);
    return client;
}

QFuture<Result<HubResponse>> HubClient::send(HubRequest request)
{
    if (request.inactivityTimeoutMs <= 0)
        request.inactivityTimeoutMs = m_timeoutMs;
    auto promise = std::make_shared<QPromise<Result<HubResponse>>>();
    QFuture<Result<HubResponse>> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_transfers,
        [transfers = m_transfers, request = std::move(request), promise]() mutable {
            transfers->start(std::move(request), promise);
        },
        Qt::QueuedConnection);
    return future;
}

} // namespace hawkmoth::hub
