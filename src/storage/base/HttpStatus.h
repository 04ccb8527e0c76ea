#pragma once
// What an HTTP status means to HAWKMOTH, for every client that reads one (the Hub's API, git over
// https): one table, so that a 403 is the same error whichever layer received it.

#include "Result.h"

namespace hawkmoth {

// The error code of a status that is not a success: 401 → Unauthenticated, 403 →
// PermissionDenied, 429 → RateLimited, 5xx → Server, ...
ErrorCode errorCodeOfHttpStatus(int status);

} // namespace hawkmoth
