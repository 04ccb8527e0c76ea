#include "RestReply.h"

#include <QJsonObject>

namespace hawkmoth {

int RestReply::statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return 400;
    case ErrorCode::NotFound:
        return 404;
    case ErrorCode::AlreadyExists:
    case ErrorCode::Conflict:
        return 409;
    // Credentials for git or the Hub, not for this server: 401 stays the server's own answer.
    case ErrorCode::Unauthenticated:
    case ErrorCode::PermissionDenied:
        return 403;
    case ErrorCode::RateLimited:
        return 429;
    case ErrorCode::Network:
    case ErrorCode::Server:
        return 502;
    case ErrorCode::Cancelled:
        return 409;
    case ErrorCode::Io:
    case ErrorCode::Internal:
        break;
    }
    return 500;
}

RestReply RestReply::failure(int status, const QString &code, const QString &message,
                             const QJsonValue &data)
{
    QJsonObject error{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    QJsonObject body{{QStringLiteral("error"), error}};
    if (!data.isNull() && !data.isUndefined())
        body.insert(QStringLiteral("data"), data);
    return {status, body};
}

RestReply RestReply::failure(const Error &error)
{
    return failure(statusFor(error.code), errorCodeName(error.code), error.message);
}

RestReply RestReply::fromCommand(const CommandResult &result)
{
    if (!result.ok) {
        const int status = result.usage ? 400 : statusFor(result.code);
        return failure(status,
                       errorCodeName(result.usage ? ErrorCode::InvalidArgument : result.code),
                       result.text, result.data);
    }
    if (result.data.isObject() || result.data.isArray())
        return ok(result.data);
    return ok(QJsonObject{{QStringLiteral("message"), result.text}});
}

} // namespace hawkmoth
