#include "HubClient.h"

#include "HttpStatus.h"
#include "HubCredentials.h"
#include "HubTransfers.h"
#include "NetworkThread.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QThread>

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
    switch (const ErrorCode code = errorCodeOfHttpStatus(status)) {
    case ErrorCode::Unauthenticated:
        return {code, detail + QStringLiteral("; %1: run 'hawkmoth login' or set HF_TOKEN")
                                   .arg(HubCredentials::rejectedPhrase())};
    case ErrorCode::PermissionDenied:
        return {code,
                detail + QStringLiteral(". The token lacks the right (a write token is needed)")};
    case ErrorCode::RateLimited:
    case ErrorCode::Server:
        return {code, detail, retryAfterMs()};
    default:
        return {code, detail};
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

HubClient::HubClient(NetworkThread &network, QUrl endpoint, QString token, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
    , m_transfers(new HubTransfers(network, m_endpoint, std::move(token)))
{
    m_transfers->moveToThread(network.thread());
}

HubClient::~HubClient()
{
    // Deleted where it lives, so that its replies are aborted there; waited for, so that no
    // transfer outlives the client that started it.
    if (QThread::currentThread() == m_transfers->thread())
        delete m_transfers;
    else
        QMetaObject::invokeMethod(
            m_transfers, [transfers = m_transfers] { delete transfers; },
            Qt::BlockingQueuedConnection);
}

QUrl HubClient::url(const QString &pathAndQuery) const
{
    return QUrl(m_endpoint.toString(QUrl::StripTrailingSlash) + pathAndQuery, QUrl::StrictMode);
}

Result<std::unique_ptr<HubClient>> HubClient::create(const StorageContext &context,
                                                     const QString &token)
{
    if (!context.network)
        return Error::internal(QStringLiteral("no network thread to reach the Hub through"));
    auto client = std::make_unique<HubClient>(*context.network,
                                              HubCredentials::endpoint(context.settings), token);
    client->setInactivityTimeout(
        qMax(1, context.settings.value(QStringLiteral("hubTimeoutSeconds")).toInt(60)) * 1000);
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
