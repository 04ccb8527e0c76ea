#pragma once
// Errors as values: every fallible core operation returns a Result carrying either the value or an
// Error whose message a user can act on. Modelled on std::expected (C++23), which C++20 lacks.

#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace hawkmoth {

// Broad classes of failure; the CLI maps them to exit codes and the REST API to HTTP statuses.
enum class ErrorCode
{
    InvalidArgument, // bad path, bad name, bad option: the user must change the input
    NotFound,
    AlreadyExists,
    PermissionDenied,
    Io,              // disk full, unreadable file, failed rename
    Conflict,        // concurrent change, merge conflict, stale parent
    Unauthenticated, // missing or rejected credentials
    Network,         // unreachable, dropped, timed out: transient
    RateLimited,
    Server, // malformed or 5xx reply
    Cancelled,
    Internal,
};

QString errorCodeName(ErrorCode code);
// The code errorCodeName() names; nothing for a name it never gives.
std::optional<ErrorCode> errorCodeFromName(const QString &name);

struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString message;
    qint64 retryAfterMs = -1; // a server's Retry-After, for RateLimited and Server errors

    static Error invalid(const QString &m) { return {ErrorCode::InvalidArgument, m}; }
    static Error notFound(const QString &m) { return {ErrorCode::NotFound, m}; }
    static Error exists(const QString &m) { return {ErrorCode::AlreadyExists, m}; }
    static Error io(const QString &m) { return {ErrorCode::Io, m}; }
    static Error conflict(const QString &m) { return {ErrorCode::Conflict, m}; }
    static Error cancelled() { return {ErrorCode::Cancelled, QStringLiteral("cancelled")}; }
    static Error internal(const QString &m) { return {ErrorCode::Internal, m}; }

    // Prefixes context ("saving notes.md: ") while keeping the code.
    Error context(const QString &what) const
    {
        return {code, what + QStringLiteral(": ") + message, retryAfterMs};
    }
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_data;
};

// Result of an operation without a value.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace hawkmoth

// Propagates an error from an expression returning a Result, otherwise yields nothing.
#define HM_TRY(expr)                                                                               \
    do {                                                                                           \
        auto hmTryResult_ = (expr);                                                                \
        if (!hmTryResult_.ok())                                                                    \
            return hmTryResult_.error();                                                           \
    } while (false)
