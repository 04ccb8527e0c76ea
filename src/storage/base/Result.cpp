#include "Result.h"

namespace hawkmoth {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return QStringLiteral("invalid-argument");
    case ErrorCode::NotFound:
        return QStringLiteral("not-found");
    case ErrorCode::AlreadyExists:
        return QStringLiteral("already-exists");
    case ErrorCode::PermissionDenied:
        return QStringLiteral("permission-denied");
    case ErrorCode::Io:
        return QStringLiteral("io");
    case ErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ErrorCode::Unauthenticated:
        return QStringLiteral("unauthenticated");
    case ErrorCode::Network:
        return QStringLiteral("network");
    case ErrorCode::RateLimited:
        return QStringLiteral("rate-limited");
    case ErrorCode::Server:
        return QStringLiteral("server");
    case ErrorCode::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorCode::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

std::optional<ErrorCode> errorCodeFromName(const QString &name)
{
    for (int c = int(ErrorCode::InvalidArgument); c <= int(ErrorCode::Internal); ++c) {
        if (errorCodeName(ErrorCode(c)) == name)
            return ErrorCode(c);
    }
    return std::nullopt;
}

} // namespace hawkmoth
