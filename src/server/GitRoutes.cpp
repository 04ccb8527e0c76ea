// The git and sync routes: create-repo, sync, push and pull. Sync, push and pull are long work:
// the pipeline job is queued, the process's scheduler runs it, and the answer is 202 with the job
// (GET /storage/jobs/{id} follows it) — or, with ?wait=true, the job once it ended.

#include "CommandRunner.h"
#include "JobWaiter.h"
#include "RestRouter.h"
#include "RouteHelpers.h"
#include "StorageRoutes.h"

#include <QJsonObject>

namespace hawkmoth {

namespace {

// Queues the pipeline job of verb (sync, push, pull) and follows it.
RestReply pipeline(const CommandRunner &runner, JobWaiter &waiter, const QString &verb,
                   const QString &workspace, bool wait)
{
    RestReply started = runner.run(route::command(verb), workspace);
    if (started.status != 200)
        return started;
    const qint64 id = qint64(started.body.toObject().value(QLatin1String("job")).toDouble());
    if (id <= 0) // a runner without a scheduler ran the job before it answered
        return started;
    return waiter.follow(runner, workspace, id, wait);
}

RestReply longWork(const CommandRunner &runner, JobWaiter &waiter, const QString &verb,
                   const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    auto wait = r.flag(QStringLiteral("wait"));
    if (!wait)
        return RestReply::failure(wait.error());
    return pipeline(runner, waiter, verb, *ws, *wait);
}

// Without a remote, the first sync creates the repository (and commits what there is); with
// {"remote": URL} the remote is set (creating the repository) and the workspace pushed there.
// Both wait for their job: the repository is there when the answer comes.
RestReply createRepo(const CommandRunner &runner, JobWaiter &waiter, const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    auto remote = r.text(QStringLiteral("remote"));
    if (!remote)
        return RestReply::failure(remote.error());
    if (remote->isEmpty())
        return pipeline(runner, waiter, QStringLiteral("sync"), *ws, true);
    RestReply set = runner.run(
        route::command(QStringLiteral("remote-set"), {{QStringLiteral("url"), *remote}}), *ws);
    if (set.status != 200)
        return set;
    RestReply pushed = pipeline(runner, waiter, QStringLiteral("push"), *ws, true);
    QJsonObject body = set.body.toObject();
    body.insert(QStringLiteral("push"), pushed.body);
    return {pushed.status, body};
}

} // namespace

void addGitRoutes(RestRouter &router, const CommandRunner &runner, JobWaiter &waiter)
{
    router.add("POST", "/storage/git/create-repo",
               [&runner, &waiter](const RestRequest &r) { return createRepo(runner, waiter, r); });
    for (const char *verb : {"sync", "push", "pull"}) {
        const QByteArray path = qstrcmp(verb, "sync") == 0 ? QByteArray("/storage/git/sync")
                                                           : "/storage/" + QByteArray(verb);
        router.add("POST", path,
                   [&runner, &waiter, verb = QString::fromLatin1(verb)](const RestRequest &r) {
                       return longWork(runner, waiter, verb, r);
                   });
    }
}

} // namespace hawkmoth
