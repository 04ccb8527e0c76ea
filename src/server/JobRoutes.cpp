// The job routes and the command line: the queue, one job, cancelling one, and one line of the
// command language (the command bar's).

#include "CommandRunner.h"
#include "JobWaiter.h"
#include "RestRouter.h"
#include "RouteHelpers.h"
#include "StorageRoutes.h"

#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth {

namespace {

std::optional<RestReply> allFlag(const RestRequest &r, Command &cmd)
{
    return route::takeFlag(r, cmd, QStringLiteral("all"));
}

// One job of the queue, finished ones included, as the list shows it.
RestReply oneJob(const CommandRunner &runner, const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    return JobWaiter::find(runner, *ws, r.capture(0).toLongLong());
}

RestReply cancelJob(const CommandRunner &runner, const RestRequest &r)
{
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    return runner.run(
        route::command(QStringLiteral("cancel-job"), {{QStringLiteral("id"), r.capture(0)}}), *ws);
}

// {"command": "list files docs", "content": …}: content is what "save PATH" saves.
RestReply commandLine(const CommandRunner &runner, const RestRequest &r)
{
    auto line = r.required(QStringLiteral("command"));
    if (!line)
        return RestReply::failure(line.error());
    auto content = r.text(QStringLiteral("content"));
    if (!content)
        return RestReply::failure(content.error());
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    std::optional<QByteArray> input;
    if (r.has(QStringLiteral("content")))
        input = content->toUtf8();
    return runner.runText(*line, *ws, input);
}

} // namespace

void addJobRoutes(RestRouter &router, const CommandRunner &runner)
{
    router.add("GET", "/storage/jobs",
               route::commandRoute(runner, QStringLiteral("jobs"), allFlag));
    router.add("GET", "/storage/jobs/{id}",
               [&runner](const RestRequest &r) { return oneJob(runner, r); });
    router.add("POST", "/storage/jobs/{id}/cancel",
               [&runner](const RestRequest &r) { return cancelJob(runner, r); });
    router.add("POST", "/storage/command",
               [&runner](const RestRequest &r) { return commandLine(runner, r); });
}

} // namespace hawkmoth
