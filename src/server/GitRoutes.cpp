// The git and sync routes: create-repo, sync, push and pull. Each runs the pipeline to its end
// (as the CLI does) and answers with its outcome.

#include "CommandRunner.h"
#include "RestRouter.h"
#include "RouteHelpers.h"
#include "StorageRoutes.h"

#include <QJsonObject>

namespace hawkmoth {

namespace {

// Without a remote, the first sync creates the repository (and commits what there is); with
// {"remote": URL} the remote is set (creating the repository) and the workspace pushed there.
RestReply createRepo(const CommandRunner &runner, const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    auto remote = r.text(QStringLiteral("remote"));
    if (!remote)
        return RestReply::failure(remote.error());
    if (remote->isEmpty())
        return runner.run(route::command(QStringLiteral("sync")), *ws);
    RestReply set = runner.run(
        route::command(QStringLiteral("remote-set"), {{QStringLiteral("url"), *remote}}), *ws);
    if (set.status != 200)
        return set;
    RestReply pushed = runner.run(route::command(QStringLiteral("push")), *ws);
    QJsonObject body = set.body.toObject();
    body.insert(QStringLiteral("push"), pushed.body);
    return {pushed.status, body};
}

} // namespace

void addGitRoutes(RestRouter &router, const CommandRunner &runner)
{
    router.add("POST", "/storage/git/create-repo",
               [&runner](const RestRequest &r) { return createRepo(runner, r); });
    router.add("POST", "/storage/git/sync", route::commandRoute(runner, QStringLiteral("sync")));
    router.add("POST", "/storage/push", route::commandRoute(runner, QStringLiteral("push")));
    router.add("POST", "/storage/pull", route::commandRoute(runner, QStringLiteral("pull")));
}

} // namespace hawkmoth
