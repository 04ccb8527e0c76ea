#include "RouteHelpers.h"

#include "CommandRunner.h"

namespace hawkmoth::route {

RestRouter::JsonHandler commandRoute(const CommandRunner &runner, const QString &verb, Build build)
{
    return [&runner, verb, build = std::move(build)](const RestRequest &r) {
        Command cmd = command(verb);
        if (build) {
            if (auto bad = build(r, cmd))
                return *bad;
        }
        auto ws = r.workspace();
        if (!ws)
            return RestReply::failure(ws.error());
        return runner.run(cmd, *ws);
    };
}

} // namespace hawkmoth::route
