#include "HubRetry.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QThread>

#include <chrono>

namespace hawkmoth::hub {

std::optional<Error> HubRetry::failure(const Result<HubResponse> &reply, const QString &what,
                                       bool expectJson)
{
    if (!reply)
        return reply.error().context(what);
    const bool redirect = reply->status >= 300 && reply->status < 400; // only when not followed
    if (!reply->ok() && !redirect)
        return reply->error(what);
    if (expectJson && !reply->body.isEmpty()) {
        QJsonParseError parseError;
        QJsonDocument::fromJson(reply->body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return Error{ErrorCode::Server,
                         QStringLiteral("%1: the Hub answered malformed JSON (%2)")
                             .arg(what, parseError.errorString())};
    }
    return std::nullopt;
}

bool HubRetry::isTransient(const Error &error)
{
    return error.code == ErrorCode::Network || error.code == ErrorCode::Server ||
           error.code == ErrorCode::RateLimited;
}

qint64 HubRetry::delayMs(int attempt)
{
    const qint64 base = attempt <= 1 ? 500 : 1500;
    return qint64(double(base) * (0.75 + QRandomGenerator::global()->generateDouble() * 0.5));
}

bool HubRetry::sleep(qint64 ms, const CancelToken &cancel)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (cancel.isCancelled())
            return false;
        QThread::msleep(50);
    }
    return !cancel.isCancelled();
}

Result<HubResponse> HubRetry::call(HubClient &client, const HubRequest &request,
                                   const QString &what)
{
    for (int attempt = 1;; ++attempt) {
        Result<HubResponse> reply = client.call(request);
        const std::optional<Error> error = failure(reply, what, request.expectJson);
        if (!error)
            return reply;
        if (!isTransient(*error) || attempt >= maxAttempts)
            return *error;
        qint64 wait = delayMs(attempt);
        if (error->code == ErrorCode::RateLimited) {
            if (error->retryAfterMs > maxInPlaceWaitMs)
                return *error; // the queue holds the job as long as the Hub asked
            wait = qMax(wait, error->retryAfterMs);
        }
        if (!sleep(wait, request.cancel))
            return Error::cancelled();
    }
}

} // namespace hawkmoth::hub
