#include "GitUserIgnores.h"

#include "GitExcludes.h"
#include "GitHandles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hawkmoth::git {

namespace {

// A file that holds at least one byte, or that cannot be examined (counted as rules).
bool mayHoldRules(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return false;
    return !info.isFile() || info.size() > 0;
}

// core.excludesFile, or git's default when it is unset ($XDG_CONFIG_HOME/git/ignore).
QString globalExcludesFile(git_repository *repo)
{
    git_config *raw = nullptr;
    if (git_repository_config_snapshot(&raw, repo) == 0) {
        const ConfigPtr config(raw);
        git_buf path = GIT_BUF_INIT;
        const bool set = git_config_get_path(&path, config.get(), "core.excludesfile") == 0;
        const QString configured = set ? QFile::decodeName(path.ptr) : QString();
        git_buf_dispose(&path);
        if (set)
            return configured;
    }
    const QByteArray xdg = qgetenv("XDG_CONFIG_HOME");
    const QString base =
        xdg.isEmpty() ? QDir::homePath() + QStringLiteral("/.config") : QFile::decodeName(xdg);
    return base + QStringLiteral("/git/ignore");
}

} // namespace

bool UserIgnores::hasOwnRules(const QByteArray &exclude)
{
    bool inBlock = false;
    for (const QByteArray &raw : exclude.split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line == Excludes::beginMarker) {
            inBlock = true;
            continue;
        }
        if (line == Excludes::endMarker) {
            inBlock = false;
            continue;
        }
        if (!inBlock && !line.isEmpty() && !line.startsWith('#'))
            return true;
    }
    return false;
}

bool UserIgnores::exist(git_repository *repo, bool workspaceHasGitignore)
{
    if (workspaceHasGitignore)
        return true;
    QFile exclude(QFile::decodeName(git_repository_path(repo)) + QStringLiteral("info/exclude"));
    if (exclude.exists()) {
        if (!exclude.open(QIODevice::ReadOnly) || hasOwnRules(exclude.readAll()))
            return true;
    }
    return mayHoldRules(globalExcludesFile(repo));
}

} // namespace hawkmoth::git
