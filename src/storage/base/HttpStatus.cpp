#include "HttpStatus.h"

namespace hawkmoth {

ErrorCode errorCodeOfHttpStatus(int status)
{
    switch (status) {
    case 401:
    case 407: // a proxy asking for credentials
        return ErrorCode::Unauthenticated;
    case 403:
        return ErrorCode::PermissionDenied;
    case 404:
        return ErrorCode::NotFound;
    case 409:
        return ErrorCode::AlreadyExists;
    case 412:
        return ErrorCode::Conflict;
    case 408:
        return ErrorCode::Network;
    case 429:
        return ErrorCode::RateLimited;
    default:
        return status >= 500 ? ErrorCode::Server : ErrorCode::InvalidArgument;
    }
}

} // namespace hawkmoth
