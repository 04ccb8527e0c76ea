#pragma once
// What a job handler reports back, and how an error maps to it: transient failures retry with
// backoff, rejected credentials block the queue until the user acts, anything else fails for good.

#include "Job.h"
#include "Result.h"

namespace hawkmoth {

struct JobOutcome
{
    enum class Kind
    {
        Done,
        Retry,
        Fail,
        Block,
        Cancelled
    };

    Kind kind = Kind::Done;
    QString message;
    qint64 retryAfterMs = -1; // a server's Retry-After; -1 = the runner's exponential backoff
    JobFault fault;           // the error's class, kept with the job (see Job::fault)

    static JobOutcome done() { return {}; }
    static JobOutcome retry(const QString &m, qint64 afterMs = -1)
    {
        return {Kind::Retry, m, afterMs, {}};
    }
    static JobOutcome fail(const QString &m) { return {Kind::Fail, m, -1, {}}; }
    static JobOutcome block(const QString &m, std::optional<ErrorCode> code = std::nullopt)
    {
        return {Kind::Block, m, -1, {code, {}}};
    }
    static JobOutcome cancelled() { return {Kind::Cancelled, QStringLiteral("cancelled"), -1, {}}; }

    static JobOutcome fromError(const Error &error, qint64 retryAfterMs = -1)
    {
        JobOutcome outcome = classify(error, retryAfterMs);
        outcome.fault.code = error.code;
        return outcome;
    }

private:
    static JobOutcome classify(const Error &error, qint64 retryAfterMs)
    {
        switch (error.code) {
        case ErrorCode::Network:
        case ErrorCode::Server:
        case ErrorCode::RateLimited:
        case ErrorCode::Conflict: // a concurrent change: look again and retry
            return retry(error.message, retryAfterMs >= 0 ? retryAfterMs : error.retryAfterMs);
        case ErrorCode::Unauthenticated:
        case ErrorCode::PermissionDenied:
            return block(error.message);
        case ErrorCode::Cancelled:
            return cancelled();
        default:
            return fail(error.message);
        }
    }
};

} // namespace hawkmoth
