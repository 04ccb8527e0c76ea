#include "GitError.h"

#include "GitHandles.h"

#include <mutex>

namespace hawkmoth::git {

namespace {
std::once_flag initOnce;
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
    });
}

Error failure(int code, const QString &what)
{
    const git_error *last = git_error_last();
    const QString detail =
        last && last->message ? QString::fromUtf8(last->message).trimmed() : QString();
    const int klass = last ? last->klass : GIT_ERROR_NONE;
    QString message = what;
    if (!detail.isEmpty())
        message += QStringLiteral(": ") + detail;
    ErrorCode errorCode = ErrorCode::Io;
    switch (code) {
    case GIT_EAUTH:
        errorCode = ErrorCode::Unauthenticated;
        break;
    case GIT_ECERTIFICATE:
        errorCode = ErrorCode::Network;
        break;
    case GIT_ENOTFOUND:
        errorCode = ErrorCode::NotFound;
        break;
    case GIT_EUSER:
        return Error::cancelled();
    case GIT_ELOCKED:
    case GIT_ENONFASTFORWARD:
    case GIT_ECONFLICT:
    case GIT_EMERGECONFLICT:
    case GIT_EUNMERGED:
        errorCode = ErrorCode::Conflict;
        break;
    default:
        if (klass == GIT_ERROR_NET || klass == GIT_ERROR_HTTP || klass == GIT_ERROR_SSH ||
            klass == GIT_ERROR_SSL)
            errorCode = ErrorCode::Network;
        break;
    }
    // Servers answer 401/403 as an HTTP error class on some paths rather than GIT_EAUTH.
    if (detail.contains(QLatin1String("authentication"), Qt::CaseInsensitive) ||
        detail.contains(QLatin1String("401")) || detail.contains(QLatin1String("403")))
        errorCode = ErrorCode::Unauthenticated;
    git_error_clear();
    return {errorCode, message};
}

} // namespace hawkmoth::git
