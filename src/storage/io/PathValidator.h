#pragma once
// Turns user-supplied workspace paths into safe, normalised relative paths, and proves that a
// path stays inside its workspace root even through symlinks.

#include "Result.h"

#include <QString>

namespace hawkmoth {

class PathValidator
{
public:
    static constexpr int maxComponentBytes = 255; // NAME_MAX on Linux file systems
    static constexpr int maxPathBytes = 1024;     // leaves room under PATH_MAX for the root

    // Normalises "a//b/./c" to "a/b/c"; refuses absolute paths, "..", NUL and control
    // characters, backslashes, over-long names and the reserved names .git and .hawkmoth.
    // An empty path (or ".") is the workspace root and only allowed with allowRoot.
    static Result<QString> normalize(const QString &path, bool allowRoot = false);

    // normalize(), then checks on disk that no existing prefix of root/path is a symlink
    // leading out of root. Returns the absolute path.
    static Result<QString> resolveInside(const QString &root, const QString &path,
                                         bool allowRoot = false);

    // True when the normalised relative path names HAWKMOTH's or git's own data.
    static bool isReserved(const QString &normalizedPath);

    // True when normalize() keeps name as it is as a component below the first one: a quick
    // acceptance for walks over thousands of names, made of normalize()'s own rules.
    static bool isPlainComponent(const QString &name);
    // True when a normalised path is within maxPathBytes.
    static bool fitsPathBytes(const QString &path);
};

} // namespace hawkmoth
