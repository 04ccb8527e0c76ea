#pragma once
// A real git conflict in a StorageCore's workspace, for the suites that link the storage core:
// the file is pushed to a local bare remote, a second clone (the git CLI) changes and pushes it,
// the workspace changes it too and pulls. Afterwards the file is in conflict and the remote
// version lies beside it. Call isolateGitConfiguration(home) before the core starts.

#include "StorageCore.h"
#include "TestSupport.h"

#include <QDir>

namespace hawkmoth::test {

// Gives the isolated HOME a git identity and "main" as the first branch.
inline void writeGitIdentity(const TempRoot &home)
{
    writeFile(home.file(QStringLiteral(".gitconfig")),
              "[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n"
              "[init]\n\tdefaultBranch = main\n");
}

// Returns an empty string on success, else what failed.
inline QString makeGitConflict(StorageCore &core, const Workspace &ws, const TempRoot &root,
                               const QString &path, const QByteArray &mine,
                               const QByteArray &theirs)
{
    const QString bare = root.file(QStringLiteral("remote.git"));
    const QString other = root.file(QStringLiteral("other-clone"));
    const auto git = [](const QStringList &args) {
        const ProcessResult r = runProgram(QStringLiteral("git"), args);
        return r.exitCode == 0 ? QString() : r.describe();
    };
    if (QString e =
            git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), bare});
        !e.isEmpty())
        return e;
    if (auto saved = core.files().save(ws, path, "line one\n").result(); !saved)
        return saved.error().message;
    if (auto set = core.git().setRemote(ws, bare).result(); !set)
        return set.error().message;
    if (auto pushed = core.sync().push(ws, {}).result(); !pushed || !pushed->complete())
        return pushed ? pushed->problems.join(QLatin1Char('\n')) : pushed.error().message;
    if (QString e = git({QStringLiteral("clone"), QStringLiteral("-q"), bare, other}); !e.isEmpty())
        return e;
    writeFile(other + QLatin1Char('/') + path, theirs);
    for (const QStringList &args :
         {QStringList{QStringLiteral("add"), QStringLiteral("-A")},
          QStringList{QStringLiteral("commit"), QStringLiteral("-qm"), QStringLiteral("theirs")},
          QStringList{QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                      QStringLiteral("main")}}) {
        if (QString e = git(QStringList{QStringLiteral("-C"), other} + args); !e.isEmpty())
            return e;
    }
    if (auto saved = core.files().save(ws, path, mine).result(); !saved)
        return saved.error().message;
    auto pulled = core.sync().pull(ws, {}).result();
    if (!pulled)
        return pulled.error().message;
    auto listing = core.files().list(ws, {}, true).result();
    if (!listing)
        return listing.error().message;
    for (const FileEntry &e : listing->files) {
        if (e.path == path)
            return e.state == SyncState::Conflict ? QString()
                                                  : QStringLiteral("no conflict after the pull: %1")
                                                        .arg(pulled->notes.join(QLatin1Char('\n')));
    }
    return QStringLiteral("'%1' is gone after the pull").arg(path);
}

} // namespace hawkmoth::test
