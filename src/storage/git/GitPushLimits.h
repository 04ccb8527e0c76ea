#pragma once
// What the Hub refuses in a git push, checked before anything is sent: a file over 10 MiB, or a
// binary file (a NUL in its first 8,000 bytes, git's own test) that is not an LFS pointer. The
// Hub refuses the whole push for one such file in any commit it brings, so each is named here
// and nothing goes out. Applies to remotes on the Hub's endpoint (AppSettings::hubEndpoint).

#include "AppSettings.h"
#include "GitRepository.h"

namespace hawkmoth::git {

class PushLimits
{
public:
    static constexpr qint64 maxFileBytes = 10 * 1024 * 1024;
    static constexpr qint64 binaryProbeBytes = 8000;

    // Whether url is a repository on the Hub (same scheme, host and port as its endpoint).
    static bool appliesTo(const QString &url, const AppSettings &settings);
    // Looks at every file of the commits HEAD has and the remote-tracking branches lack; an
    // InvalidArgument error names each file the Hub would refuse and says what to do.
    static Status check(Repository &repo);
};

} // namespace hawkmoth::git
