// The file routes: list, save, load, delete, move, pin and history, each one command of the
// shared catalogue.

#include "CommandRunner.h"
#include "RestRouter.h"
#include "RouteHelpers.h"
#include "StorageRoutes.h"

namespace hawkmoth {

namespace {

// {"path", "content"} or {"path", "base64"}, and "expect" (the sha256 load answered) to refuse
// overwriting a file changed since.
RestReply save(const CommandRunner &runner, const RestRequest &r)
{
    Command cmd = route::command(QStringLiteral("save"));
    if (auto bad = route::take(r, cmd, QStringLiteral("path"), true))
        return *bad;
    if (auto bad = route::take(r, cmd, QStringLiteral("expect"), false))
        return *bad;
    const QJsonValue content = r.body().value(QLatin1String("content"));
    const QJsonValue base64 = r.body().value(QLatin1String("base64"));
    if (content.isString() == base64.isString())
        return RestReply::failure(Error::invalid(QStringLiteral(
            "give the content as one of the fields 'content' (text) or 'base64' (bytes)")));
    QByteArray bytes;
    if (content.isString()) {
        bytes = content.toString().toUtf8();
    } else {
        auto decoded = QByteArray::fromBase64Encoding(base64.toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return RestReply::failure(
                Error::invalid(QStringLiteral("field 'base64' is not valid base64")));
        bytes = *decoded;
    }
    auto ws = r.workspace();
    if (!ws)
        return RestReply::failure(ws.error());
    return runner.run(cmd, *ws, bytes);
}

std::optional<RestReply> pathOnly(const RestRequest &r, Command &cmd)
{
    return route::take(r, cmd, QStringLiteral("path"), true);
}

std::optional<RestReply> listing(const RestRequest &r, Command &cmd)
{
    if (auto bad = route::take(r, cmd, QStringLiteral("dir"), false))
        return bad;
    return route::takeFlag(r, cmd, QStringLiteral("recursive"));
}

std::optional<RestReply> removal(const RestRequest &r, Command &cmd)
{
    if (auto bad = pathOnly(r, cmd))
        return bad;
    return route::takeFlag(r, cmd, QStringLiteral("recursive"));
}

// {"from", "to"}: a rename or a move to another folder (the layer is "pin").
std::optional<RestReply> move(const RestRequest &r, Command &cmd)
{
    cmd.options.insert(QStringLiteral("rename"), QString());
    if (auto bad = route::take(r, cmd, QStringLiteral("from"), true, QStringLiteral("src")))
        return bad;
    return route::take(r, cmd, QStringLiteral("to"), true, QStringLiteral("dst"));
}

// {"path", "layer"}: git, hub, session, or none to let the policy decide again.
std::optional<RestReply> pin(const RestRequest &r, Command &cmd)
{
    if (auto bad = route::take(r, cmd, QStringLiteral("layer"), true))
        return bad;
    if (cmd.option(QStringLiteral("layer")).compare(QLatin1String("none"), Qt::CaseInsensitive) ==
        0)
        cmd.options.insert(QStringLiteral("unpin"), QString());
    return pathOnly(r, cmd);
}

std::optional<RestReply> history(const RestRequest &r, Command &cmd)
{
    if (auto bad = route::take(r, cmd, QStringLiteral("path"), false))
        return bad;
    return route::take(r, cmd, QStringLiteral("limit"), false);
}

} // namespace

void addFileRoutes(RestRouter &router, const CommandRunner &runner)
{
    router.add("GET", "/storage/files",
               route::commandRoute(runner, QStringLiteral("list-files"), listing));
    router.add("POST", "/storage/file/save",
               [&runner](const RestRequest &r) { return save(runner, r); });
    router.add("POST", "/storage/file/load",
               route::commandRoute(runner, QStringLiteral("load"), pathOnly));
    router.add("DELETE", "/storage/file/delete",
               route::commandRoute(runner, QStringLiteral("delete"), removal));
    router.add("POST", "/storage/file/move",
               route::commandRoute(runner, QStringLiteral("move"), move));
    router.add("POST", "/storage/file/pin",
               route::commandRoute(runner, QStringLiteral("pin"), pin));
    router.add("GET", "/storage/history",
               route::commandRoute(runner, QStringLiteral("history"), history));
}

} // namespace hawkmoth
