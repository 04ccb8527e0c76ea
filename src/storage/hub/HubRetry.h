#pragma once
// Retries one Hub request in place when it failed for a passing reason (a dropped connection, a
// timeout, a 5xx, a short Retry-After), so that a blip costs a second, not a rerun of the whole
// sync. What still fails goes back to the job queue, whose backoff is longer.

#include "HubClient.h"

namespace hawkmoth::hub {

class HubRetry
{
public:
    static constexpr int maxAttempts = 3;
    // A Retry-After longer than this is left to the queue, which holds the job that long.
    static constexpr qint64 maxInPlaceWaitMs = 5000;

    // request.expectJson: a 2xx answer whose body is not JSON counts as a server failure too.
    static Result<HubResponse> call(HubClient &client, const HubRequest &request,
                                    const QString &what);

    // The outcome as an error a job can act on: nullopt when it is a success.
    static std::optional<Error> failure(const Result<HubResponse> &reply, const QString &what,
                                        bool expectJson);
    static bool isTransient(const Error &error);
    // Backoff before attempt `attempt` (1-based retries): ~0.5 s, ~1.5 s, with jitter.
    static qint64 delayMs(int attempt);
    // Waits ms, or less when cancelled; false then.
    static bool sleep(qint64 ms, const CancelToken &cancel);
};

} // namespace hawkmoth::hub
