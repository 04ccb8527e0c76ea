#pragma once
// Turns a libgit2 failure into an Error, reading git_error_last() on the thread where the call
// failed (the text is thread-local), with a code that tells the job runner what to do.

#include "Result.h"

namespace hawkmoth::git {

// The code for a libgit2 failure: by its return code (GIT_EAUTH, GIT_ECERTIFICATE, ...), then the
// HTTP status of an unexpected answer, then its error class (network, HTTP, SSH, SSL).
ErrorCode classify(int code, int klass, const QString &detail);

// what: what HAWKMOTH was doing ("pushing to origin"); code: the libgit2 return value.
Error failure(int code, const QString &what);

// Evaluates a libgit2 call; on failure returns the Error from the enclosing function.
#define GIT_TRY(call, what)                                                                        \
    do {                                                                                           \
        const int gitTryCode_ = (call);                                                            \
        if (gitTryCode_ < 0)                                                                       \
            return ::hawkmoth::git::failure(gitTryCode_, (what));                                  \
    } while (false)

} // namespace hawkmoth::git
