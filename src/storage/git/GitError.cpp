#include "GitError.h"

#include "BufferedSocketStream.h"

#include "GitHandles.h"
#include "HttpStatus.h"

#include <QRegularExpression>

#include <mutex>

namespace hawkmoth::git {

namespace {
std::once_flag initOnce;

// libgit2 gives the status of an HTTP answer it did not expect only inside its message, in one
// fixed form (transports/http.c: "unexpected http status code: %d", class GIT_ERROR_HTTP). The
// status is read from exactly that form; nothing else in the text is looked at.
int unexpectedHttpStatus(int klass, const QString &detail)
{
    if (klass != GIT_ERROR_HTTP)
        return 0;
    static const QRegularExpression form(QStringLiteral("^unexpected http status code: (\\d{3})$"));
    const auto match = form.match(detail);
    return match.hasMatch() ? match.captured(1).toInt() : 0;
}

} // namespace

void ensureInitialized()
{
    std::call_once(initOnce, [] {
        git_libgit2_init();
        // Writing objects is what a first commit of thousands of files spends its time on: skip
        // the re-reading of every referenced object (git itself does not do it either).
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_OBJECT_CREATION, 0);
        // Workspaces are owned by the user running HAWKMOTH; mounted or copied folders may not be.
        git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
        // A push reads each blob twice, to look for deltas and to write it into the pack, and
        // libgit2 caches no blob by default: small ones are kept for the second read (a push of
        // 10,000 small files: 1.52 -> 1.29 s). The cache of the whole process stays bounded.
        git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, size_t(16 * 1024));
        git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t(64 * 1024 * 1024));
        // A pack goes to the socket in pieces of a few dozen bytes otherwise.
        static_cast<void>(BufferedSocketStream::install()); // else libgit2 keeps its own
    });
}

ErrorCode classify(int code, int klass, const QString &detail)
{
    switch (code) {
    case GIT_EAUTH:
        return ErrorCode::Unauthenticated;
    case GIT_ECERTIFICATE:
        return ErrorCode::Network;
    case GIT_ENOTFOUND:
        return ErrorCode::NotFound;
    case GIT_EUSER:
        return ErrorCode::Cancelled;
    case GIT_ELOCKED:
    case GIT_ENONFASTFORWARD:
    case GIT_ECONFLICT:
    case GIT_EMERGECONFLICT:
    case GIT_EUNMERGED:
        return ErrorCode::Conflict;
    default:
        break;
    }
    // A 403 (or 404, 5xx) from a git server arrives as a generic error of the HTTP class.
    if (const int status = unexpectedHttpStatus(klass, detail))
        return errorCodeOfHttpStatus(status);
    if (klass == GIT_ERROR_NET || klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSH ||
        klass == GIT_ERROR_SSL)
        return ErrorCode::Network;
    return ErrorCode::Io;
}

Error failure(int code, const QString &what)
{
    const git_error *last = git_error_last();
    const QString detail =
        last && last->message ? QString::fromUtf8(last->message).trimmed() : QString();
    const int klass = last ? last->klass : GIT_ERROR_NONE;
    git_error_clear();
    const ErrorCode errorCode = classify(code, klass, detail);
    if (errorCode == ErrorCode::Cancelled)
        return Error::cancelled();
    QString message = what;
    if (!detail.isEmpty())
        message += QStringLiteral(": ") + detail;
    return {errorCode, message};
}

} // namespace hawkmoth::git
