#pragma once
// Keeps hub- and session-layer files out of git through a block of .git/info/exclude that
// HAWKMOTH owns (between marker lines); the rest of that file and the user's .gitignore are never
// touched. Also keeps HAWKMOTH's private data (.hawkmoth/*) out, except the manifest and policy.

#include "Result.h"

#include <QStringList>

namespace hawkmoth::git {

class Excludes
{
public:
    static constexpr const char *beginMarker =
        "# >>> hawkmoth: managed block, rewritten on every sync";
    static constexpr const char *endMarker = "# <<< hawkmoth";

    // The file's content with the managed block replaced (or appended) for these paths.
    static QByteArray render(const QByteArray &current, const QStringList &excludedPaths);
    // Writes .git/info/exclude when its content changes. gitDir ends with '/'.
    static Status update(const QString &gitDir, const QStringList &excludedPaths);
    // A literal, anchored gitignore pattern for one path.
    static QByteArray pattern(const QString &path);
};

} // namespace hawkmoth::git
