// The workspace routes: status, the workspaces (create, switch, current, list), statistics and
// cleanup.

#include "CommandRunner.h"
#include "RestRouter.h"
#include "RouteHelpers.h"
#include "StorageCore.h"
#include "StorageRoutes.h"

namespace hawkmoth {

namespace {

RestReply create(const CommandRunner &runner, const RestRequest &r)
{
    Command cmd = route::command(QStringLiteral("create-project"));
    if (auto bad = route::take(r, cmd, QStringLiteral("name"), true))
        return *bad;
    if (auto bad = route::take(r, cmd, QStringLiteral("template"), false))
        return *bad;
    if (r.has(QStringLiteral("switch"))) {
        auto makeCurrent = r.flag(QStringLiteral("switch"));
        if (!makeCurrent)
            return RestReply::failure(makeCurrent.error());
        if (!*makeCurrent)
            cmd.options.insert(QStringLiteral("no-switch"), QString());
    }
    return runner.run(cmd, {});
}

RestReply switchTo(const CommandRunner &runner, const RestRequest &r)
{
    Command cmd = route::command(QStringLiteral("switch"));
    if (auto bad = route::take(r, cmd, QStringLiteral("name"), true))
        return *bad;
    return runner.run(cmd, {});
}

// Statistics are one call on the core; StorageStats renders its own JSON, as `status` uses it.
RestReply stats(const CommandRunner &runner, const RestRequest &r)
{
    auto name = r.workspace();
    if (!name)
        return RestReply::failure(name.error());
    auto ws = runner.resolve(*name);
    if (!ws)
        return RestReply::failure(ws.error());
    auto stats = runner.core().workspaces().statistics(*ws).result();
    if (!stats)
        return RestReply::failure(stats.error());
    return RestReply::ok(stats->toJson());
}

std::optional<RestReply> cleanupFlags(const RestRequest &r, Command &cmd)
{
    if (auto bad = route::takeFlag(r, cmd, QStringLiteral("expired")))
        return bad;
    return route::takeFlag(r, cmd, QStringLiteral("force"));
}

} // namespace

void addWorkspaceRoutes(RestRouter &router, const CommandRunner &runner)
{
    router.add("GET", "/storage/status", route::commandRoute(runner, QStringLiteral("status")));
    router.add("POST", "/storage/workspace/create",
               [&runner](const RestRequest &r) { return create(runner, r); });
    router.add("POST", "/storage/workspace/switch",
               [&runner](const RestRequest &r) { return switchTo(runner, r); });
    router.add("GET", "/storage/workspace/current",
               route::commandRoute(runner, QStringLiteral("current")));
    router.add("GET", "/storage/workspaces",
               route::commandRoute(runner, QStringLiteral("list-projects")));
    router.add("GET", "/storage/stats",
               [&runner](const RestRequest &r) { return stats(runner, r); });
    router.add("POST", "/storage/cleanup",
               route::commandRoute(runner, QStringLiteral("cleanup"), cleanupFlags));
}

} // namespace hawkmoth
