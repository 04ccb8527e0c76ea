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

// {"hub": true} or {"hub": {"type": "model"|"space", "name", "public", "sdk"}}: the options of
// create-repo --hub; an error naming the field when it has the wrong type.
Result<QHash<QString, QString>> hubOptions(const QJsonValue &hub)
{
    QHash<QString, QString> options;
    if (hub.isBool())
        return options;
    if (!hub.isObject())
        return Error::invalid(QStringLiteral("field 'hub' must be true or an object"));
    const QJsonObject o = hub.toObject();
    for (const char *key : {"type", "name", "sdk"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isString())
            return Error::invalid(QStringLiteral("field 'hub.%1' must be a string").arg(key));
        if (v.isString())
            options.insert(QLatin1String(key), v.toString());
    }
    const QJsonValue isPublic = o.value(QLatin1String("public"));
    if (!isPublic.isUndefined() && !isPublic.isBool())
        return Error::invalid(QStringLiteral("field 'hub.public' must be true or false"));
    if (isPublic.toBool())
        options.insert(QStringLiteral("public"), QString());
    return options;
}

// create-repo on the Hub: the repository made and set as the remote, then the pull and push
// jobs; the answer waits for the push.
RestReply createHubRepo(const CommandRunner &runner, JobWaiter &waiter, const QString &ws,
                        const QJsonValue &hub)
{
    auto options = hubOptions(hub);
    if (!options)
        return RestReply::failure(options.error());
    RestReply made = runner.run(route::command(QStringLiteral("create-repo"), *options), ws);
    if (made.status != 200)
        return made;
    QJsonObject body = made.body.toObject();
    const qint64 id =
        qint64(body.value(QLatin1String("push")).toObject().value(QLatin1String("job")).toDouble());
    if (id <= 0) // a runner without a scheduler ran the jobs before it answered
        return made;
    RestReply pushed = waiter.follow(runner, ws, id, true);
    body.insert(QStringLiteral("push"), pushed.body);
    return {pushed.status, body};
}

// Without a remote, the first sync creates the repository (and commits what there is); with
// {"remote": URL} the remote is set (creating the repository) and the workspace pushed there;
// with {"hub": …} the remote is a repository made on the Hub. All wait for their job: the
// repository is there when the answer comes.
RestReply createRepo(const CommandRunner &runner, JobWaiter &waiter, const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    if (r.body().contains(QLatin1String("hub")) &&
        r.body().value(QLatin1String("hub")) != QJsonValue(false))
        return createHubRepo(runner, waiter, *ws, r.body().value(QLatin1String("hub")));
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
